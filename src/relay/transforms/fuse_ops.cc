/*!
 * \file fuse_ops.cc
 * \brief FuseOps: partition the dataflow graph of each function into primitive functions
 *  (fused kernels), each compiled by the backend as one TE expression.
 *
 * Every operator call ends up in exactly one primitive function (a call of attribute
 * "Primitive" = 1). A call joins the group of a producer when that producer is used by it
 * alone and the patterns allow it:
 *   - elementwise / broadcast after injective ops, or after one out-elemwise-fusable op
 *     (conv2d, dense): its epilogue (bias, ReLU, add of a residual);
 *   - injective after injective (reshape / transpose chains);
 *   - a reduction with its injective inputs;
 * and never so that a group holds two heavy (out-elemwise-fusable or opaque) operators. The
 * single-use rule keeps a group free of values needed elsewhere, so the groups are acyclic
 * and each has one output: its last node. With fuse_opt_level 0 (or PassContext opt_level 0)
 * every call becomes its own primitive function.
 *
 * Functions with let bindings or conditionals are left as they are (the graph executor does
 * not run them; the debug executor does).
 */
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/function.h>
#include <tvm/relay/op.h>
#include <tvm/relay/transform.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace tvm {
namespace relay {

namespace {

class FusionPartitioner {
 public:
  explicit FusionPartitioner(bool fuse) : fuse_(fuse) {}

  /*! \brief The body rewritten into calls of primitive functions; false if unsupported. */
  bool Run(const Expr& body, Expr* out) {
    bool supported = true;
    PostOrderVisit(body, [&](const Expr& e) {
      if (e.as<LetNode>() || e.as<IfNode>() || e.as<FunctionNode>()) supported = false;
      if (e.as<OpNode>() || e.as<GlobalVarNode>()) return;
      index_[e.get()] = nodes_.size();
      nodes_.push_back(e);
    });
    if (!supported) return false;
    size_t n = nodes_.size();
    uses_.assign(n, 0);
    parent_.resize(n);
    for (size_t i = 0; i < n; ++i) parent_[i] = static_cast<int>(i);
    heavy_.assign(n, 0);
    master_.assign(n, -1);
    for (size_t i = 0; i < n; ++i) {
      for (const Expr& ch : Children(nodes_[i])) {
        auto it = index_.find(ch.get());
        if (it != index_.end()) ++uses_[it->second];
      }
      int p = Pattern(nodes_[i]);
      master_[i] = p;
      heavy_[i] = p >= kOutEWiseFusable && nodes_[i].as<CallNode>() ? 1 : 0;
    }
    ++uses_[index_.at(body.get())];  // the function's result is used outside
    if (fuse_) Group();
    *out = Rewrite(body);
    return true;
  }

 private:
  static std::vector<Expr> Children(const Expr& e) {
    if (const auto* c = e.as<CallNode>()) return std::vector<Expr>(c->args.begin(), c->args.end());
    if (const auto* t = e.as<TupleNode>()) return std::vector<Expr>(t->fields.begin(), t->fields.end());
    if (const auto* g = e.as<TupleGetItemNode>()) return {g->tuple};
    return {};
  }

  static int Pattern(const Expr& e) {
    static auto fpattern = Op::GetAttrMap<TOpPattern>("TOpPattern");
    if (const auto* c = e.as<CallNode>()) {
      if (const auto* op = c->op.as<OpNode>()) return fpattern.get(GetRef<Op>(op), kOpaque);
      return kOpaque;
    }
    if (e.as<TupleNode>()) return kTuple;
    return -1;  // variables, constants, tuple projections: not fused
  }

  int Find(int i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }

  void Group() {
    for (size_t i = 0; i < nodes_.size(); ++i) {
      const auto* call = nodes_[i].as<CallNode>();
      if (call == nullptr || !call->op.as<OpNode>()) continue;
      int pc = master_[i];
      if (pc >= kOutEWiseFusable) continue;  // heavy ops do not absorb their producers
      std::vector<int> groups;
      int heavy = 0;
      for (const Expr& arg : call->args) {
        auto it = index_.find(arg.get());
        if (it == index_.end()) continue;
        int p = static_cast<int>(it->second);
        if (!nodes_[p].as<CallNode>() || uses_[p] != 1) continue;
        int g = Find(p);
        if (std::find(groups.begin(), groups.end(), g) != groups.end()) continue;
        int gm = master_[g];
        bool ok;
        if (pc <= kBroadcast) {
          ok = gm <= kInjective || gm == kOutEWiseFusable;
        } else {  // injective or reduction
          ok = gm <= kInjective;
        }
        if (!ok || heavy + heavy_[g] > 1) continue;
        heavy += heavy_[g];
        groups.push_back(g);
      }
      int me = static_cast<int>(i);
      for (int g : groups) {
        parent_[g] = me;
        master_[me] = std::max(master_[me], master_[g]);
        heavy_[me] += heavy_[g];
      }
    }
  }

  /*! \brief The rewrite of `e`: group roots become calls of primitive functions. */
  Expr Rewrite(const Expr& e) {
    auto memo = rewritten_.find(e.get());
    if (memo != rewritten_.end()) return memo->second;
    Expr result;
    auto it = index_.find(e.get());
    const auto* call = e.as<CallNode>();
    if (call && call->op.as<OpNode>() && it != index_.end()) {
      result = MakeFusedCall(static_cast<int>(it->second));
    } else if (const auto* t = e.as<TupleNode>()) {
      Array<Expr> fields;
      for (const Expr& f : t->fields) fields.push_back(Rewrite(f));
      result = Tuple(fields, t->span);
    } else if (const auto* g = e.as<TupleGetItemNode>()) {
      result = TupleGetItem(Rewrite(g->tuple), g->index, g->span);
    } else {
      result = e;
    }
    rewritten_[e.get()] = result;
    return result;
  }

  /*! \brief Call(Function(params, group body), external inputs) for the group rooted at r. */
  Expr MakeFusedCall(int root) {
    int g = Find(root);
    Array<Var> params;
    Array<Expr> args;
    std::unordered_map<const Object*, Expr> inside;
    std::function<Expr(const Expr&)> clone = [&](const Expr& x) -> Expr {
      auto found = inside.find(x.get());
      if (found != inside.end()) return found->second;
      auto it = index_.find(x.get());
      bool member = it != index_.end() && nodes_[it->second].as<CallNode>() &&
                    Find(static_cast<int>(it->second)) == g;
      Expr y;
      if (member) {
        const auto* c = x.as<CallNode>();
        Array<Expr> a;
        for (const Expr& arg : c->args) a.push_back(clone(arg));
        y = Call(c->op, a, c->attrs, c->type_args, c->span);
      } else if (const auto* k = x.as<ConstantNode>(); k && k->is_scalar()) {
        y = x;  // scalar constants stay inside the kernel
      } else {
        Var p("p" + std::to_string(params.size()), x->checked_type());
        params.push_back(p);
        args.push_back(Rewrite(x));
        y = p;
      }
      inside[x.get()] = y;
      return y;
    };
    Expr body = clone(nodes_[root]);
    Function f(params, body, nodes_[root]->checked_type());
    f = WithAttr(std::move(f), attr::kPrimitive, Integer(1));
    return Call(f, args, Attrs(), {}, nodes_[root]->span);
  }

  bool fuse_;
  std::vector<Expr> nodes_;
  std::unordered_map<const Object*, size_t> index_;
  std::vector<int> uses_, parent_, heavy_, master_;
  std::unordered_map<const Object*, Expr> rewritten_;
};

}  // namespace

Function FuseFunction(const Function& func, bool fuse) {
  if (func->GetAttr<Integer>(attr::kPrimitive).defined()) return func;
  Expr body;
  if (!FusionPartitioner(fuse).Run(func->body, &body)) return func;
  return Function(func->params, body, func->ret_type, func->attrs, func->span);
}

namespace transform {
tvm::transform::Pass FuseOps(int fuse_opt_level) {
  auto pass_func = [=](IRModule mod, tvm::transform::PassContext ctx) {
    int level = fuse_opt_level >= 0 ? fuse_opt_level : ctx->opt_level;
    IRModule out(mod->functions, mod->attrs);
    for (const GlobalVar& gv : out->GetGlobalVars()) {
      BaseFunc f = out->functions.at(gv);
      if (const auto* fn = f.as<FunctionNode>()) {
        if (!fn->checked_type_.defined()) {
          TVM_THROW(ValueError) << "FuseOps needs type information: run InferType first";
        }
        out->Update(gv, FuseFunction(GetRef<Function>(fn), level > 0));
      }
    }
    return out;
  };
  return tvm::transform::CreateModulePass(pass_func, 0, "FuseOps", {"InferType"});
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.FuseOps").set_body_typed([](int level) {
  return transform::FuseOps(level);
});

}  // namespace relay
}  // namespace tvm

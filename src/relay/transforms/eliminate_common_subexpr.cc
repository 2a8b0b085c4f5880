/*!
 * \file eliminate_common_subexpr.cc
 * \brief EliminateCommonSubexpr: two calls of the same operator with the same arguments (the
 *  same expressions, or equal scalar constants) and structurally equal attributes compute
 *  the same value; the second is
 *  replaced by the first. Stateful operators are kept. Rewriting bottom-up makes equal
 *  subgraphs collapse level by level. `fskip(call)` returning true keeps a call.
 */
#include <tvm/ir/structural_equal.h>
#include <tvm/ir/structural_hash.h>
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/function.h>
#include <tvm/relay/op.h>
#include <tvm/relay/transform.h>
#include <tvm/runtime/registry.h>

#include <cstring>
#include <unordered_map>
#include <vector>

namespace tvm {
namespace relay {

namespace {

/*! \brief The same expression, or two scalar constants of equal dtype and value. */
bool SameArg(const Expr& a, const Expr& b) {
  if (a.same_as(b)) return true;
  const auto* ca = a.as<ConstantNode>();
  const auto* cb = b.as<ConstantNode>();
  if (!ca || !cb || !ca->is_scalar() || !cb->is_scalar()) return false;
  const DLTensor* ta = ca->data.operator->();
  const DLTensor* tb = cb->data.operator->();
  if (ta->dtype.code != tb->dtype.code || ta->dtype.bits != tb->dtype.bits) return false;
  return std::memcmp(ta->data, tb->data, (ta->dtype.bits + 7) / 8) == 0;
}

class CommonSubexprEliminator : public ExprMutator {
 public:
  explicit CommonSubexprEliminator(runtime::PackedFunc fskip) : fskip_(std::move(fskip)) {}

  Expr VisitExpr_(const FunctionNode* op) final {
    if (op->GetAttr<Integer>(attr::kPrimitive).defined()) return GetRef<Expr>(op);
    return ExprMutator::VisitExpr_(op);
  }

  Expr VisitExpr_(const CallNode* op) final {
    static auto stateful = Op::GetAttrMap<TOpIsStateful>("TOpIsStateful");
    Expr e = ExprMutator::VisitExpr_(op);
    const auto* call = e.as<CallNode>();
    const auto* opn = call ? call->op.as<OpNode>() : nullptr;
    if (opn == nullptr || stateful.get(GetRef<Op>(opn), false)) return e;
    if (fskip_ != nullptr && static_cast<bool>(fskip_(e))) return e;
    std::vector<Expr>& seen = by_op_[opn];
    for (const Expr& prev : seen) {
      const auto* p = prev.as<CallNode>();
      if (p->args.size() != call->args.size()) continue;
      bool same = true;
      for (size_t i = 0; same && i < p->args.size(); ++i) same = SameArg(p->args[i], call->args[i]);
      if (same && StructuralEqual()(p->attrs, call->attrs)) return prev;
    }
    seen.push_back(e);
    return e;
  }

 private:
  runtime::PackedFunc fskip_;
  std::unordered_map<const Object*, std::vector<Expr>> by_op_;
};

}  // namespace

namespace transform {
tvm::transform::Pass EliminateCommonSubexpr(runtime::PackedFunc fskip) {
  auto pass_func = [=](IRModule mod, tvm::transform::PassContext ctx) {
    IRModule out(mod->functions, mod->attrs);
    for (const GlobalVar& gv : out->GetGlobalVars()) {
      if (const auto* fn = out->functions.at(gv).as<FunctionNode>()) {
        if (fn->GetAttr<Integer>(attr::kPrimitive).defined()) continue;
        Expr body = CommonSubexprEliminator(fskip)(fn->body);
        if (!body.same_as(fn->body)) {
          out->Update(gv, Function(fn->params, body, Type(), fn->attrs, fn->span));
        }
      }
    }
    return out;
  };
  return tvm::transform::CreateModulePass(pass_func, 3, "EliminateCommonSubexpr", {"InferType"});
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.EliminateCommonSubexpr")
    .set_body_typed([](Optional<runtime::PackedFunc> fskip) {
      return transform::EliminateCommonSubexpr(fskip.value_or(runtime::PackedFunc()));
    });

}  // namespace relay
}  // namespace tvm

/*!
 * \file to_a_normal_form.cc
 * \brief ToANormalForm: every intermediate value gets a name. Each call, tuple, projection
 *  and conditional of a function body is bound by a `let` in evaluation order, so the program
 *  reads as a sequence of steps; values shared in the dataflow graph are bound once and used
 *  by name. The branches of an `if` and the bodies of nested functions get their own scopes
 *  (a value computed only inside a branch stays inside it).
 *
 * ToGraphNormalForm is the inverse: let bindings of pure values are substituted into their
 *  uses, giving back the dataflow graph (a value used twice is one shared node).
 */
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/function.h>
#include <tvm/relay/transform.h>
#include <tvm/runtime/registry.h>

#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tvm {
namespace relay {

namespace {

/*! \brief Rewrites one scope (a function body or a branch) into a let chain. */
class ANormalizer {
 public:
  explicit ANormalizer(const ANormalizer* parent = nullptr) : parent_(parent) {}

  Expr Run(const Expr& body) {
    Expr result = Atom(body);
    for (size_t i = bindings_.size(); i-- > 0;) {
      result = Let(bindings_[i].first, bindings_[i].second, result);
    }
    return result;
  }

 private:
  /*! \brief An atomic expression (variable, constant, op, global) standing for `e`. */
  Expr Atom(const Expr& e) {
    if (e.as<VarNode>() || e.as<ConstantNode>() || e.as<OpNode>() || e.as<GlobalVarNode>()) {
      return e;
    }
    for (const ANormalizer* s = this; s != nullptr; s = s->parent_) {
      auto it = s->named_.find(e.get());
      if (it != s->named_.end()) return it->second;
    }
    Expr value;
    if (const auto* c = e.as<CallNode>()) {
      Array<Expr> args;
      for (const Expr& a : c->args) args.push_back(Atom(a));
      Expr op = c->op.as<FunctionNode>() ? Scoped(c->op) : c->op;
      value = Call(op, args, c->attrs, c->type_args, c->span);
    } else if (const auto* t = e.as<TupleNode>()) {
      Array<Expr> fields;
      for (const Expr& f : t->fields) fields.push_back(Atom(f));
      value = Tuple(fields, t->span);
    } else if (const auto* g = e.as<TupleGetItemNode>()) {
      value = TupleGetItem(Atom(g->tuple), g->index, g->span);
    } else if (const auto* i = e.as<IfNode>()) {
      // Each branch is its own scope; names bound outside stay visible in it. A value both
      // branches use is bound here, before the branch, so it is computed once.
      Expr cond = Atom(i->cond);
      std::unordered_set<const Object*> in_false;
      PostOrderVisit(i->false_branch, [&](const Expr& x) { in_false.insert(x.get()); });
      PostOrderVisit(i->true_branch, [&](const Expr& x) {
        bool atomic = x.as<VarNode>() || x.as<ConstantNode>() || x.as<OpNode>() ||
                      x.as<GlobalVarNode>() || x.as<FunctionNode>() || x.as<LetNode>() ||
                      x.as<IfNode>();
        if (!atomic && in_false.count(x.get())) Atom(x);
      });
      value = If(cond, ANormalizer(this).Run(i->true_branch),
                 ANormalizer(this).Run(i->false_branch), i->span);
    } else if (const auto* l = e.as<LetNode>()) {
      // An existing binding keeps its variable.
      bindings_.emplace_back(l->var, Value(l->value));
      named_[l->var.get()] = l->var;
      value = Atom(l->body);
      named_[e.get()] = value;
      return value;
    } else if (e.as<FunctionNode>()) {
      value = Scoped(e);
    } else {
      TVM_THROW(ValueError) << "ToANormalForm: unsupported expression " << e->GetTypeKey();
    }
    Var v("x" + std::to_string(counter_++), e->checked_type_);
    bindings_.emplace_back(v, value);
    named_[e.get()] = v;
    return v;
  }

  /*! \brief The value of an existing let: normalized, but not bound again. */
  Expr Value(const Expr& e) {
    Expr a = Atom(e);
    if (!bindings_.empty() && bindings_.back().first.same_as(a)) {
      Expr v = bindings_.back().second;
      bindings_.pop_back();
      return v;
    }
    return a;
  }

  static Expr Scoped(const Expr& f) {
    const auto* fn = f.as<FunctionNode>();
    return Function(fn->params, ANormalizer().Run(fn->body), fn->ret_type, fn->attrs, fn->span);
  }

  const ANormalizer* parent_;
  std::vector<std::pair<Var, Expr>> bindings_;
  std::unordered_map<const Object*, Expr> named_;
  int counter_{0};
};

/*! \brief Substitutes let-bound variables by their values (dataflow form). */
class GraphNormalizer : public ExprMutator {
 public:
  Expr VisitExpr_(const LetNode* op) final {
    Expr value = VisitExpr(op->value);
    subst_[op->var.get()] = value;
    return VisitExpr(op->body);
  }
  Expr VisitExpr_(const VarNode* op) final {
    auto it = subst_.find(op);
    return it == subst_.end() ? GetRef<Expr>(op) : it->second;
  }

 private:
  std::unordered_map<const Object*, Expr> subst_;
};

template <typename F>
tvm::transform::Pass FunctionRewrite(F rewrite, const char* name, int opt_level) {
  auto pass_func = [=](IRModule mod, tvm::transform::PassContext ctx) {
    IRModule out(mod->functions, mod->attrs);
    for (const GlobalVar& gv : out->GetGlobalVars()) {
      if (const auto* fn = out->functions.at(gv).as<FunctionNode>()) {
        Expr body = rewrite(fn->body);
        out->Update(gv, Function(fn->params, body, fn->ret_type, fn->attrs, fn->span));
      }
    }
    return out;
  };
  return tvm::transform::CreateModulePass(pass_func, opt_level, name, {});
}

}  // namespace

namespace transform {
tvm::transform::Pass ToANormalForm() {
  return FunctionRewrite([](const Expr& e) { return ANormalizer().Run(e); }, "ToANormalForm", 1);
}
tvm::transform::Pass ToGraphNormalForm() {
  return FunctionRewrite([](const Expr& e) { return GraphNormalizer()(e); }, "ToGraphNormalForm",
                         1);
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.ToANormalForm").set_body_typed(transform::ToANormalForm);
TVM_REGISTER_GLOBAL("relay._transform.ToGraphNormalForm")
    .set_body_typed(transform::ToGraphNormalForm);

}  // namespace relay
}  // namespace tvm

/*!
 * \file dead_code.cc
 * \brief DeadCodeElimination: let bindings whose variable the body never uses are removed
 *  (their values are pure: Relay operators have no effects unless marked stateful, and a
 *  binding of a stateful call is kept). Dataflow graphs hold no other dead code: an
 *  expression not reachable from the result is not part of the function.
 */
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/function.h>
#include <tvm/relay/op.h>
#include <tvm/relay/transform.h>
#include <tvm/runtime/registry.h>

#include <unordered_set>

namespace tvm {
namespace relay {

namespace {

bool HasEffect(const Expr& e) {
  static auto stateful = Op::GetAttrMap<TOpIsStateful>("TOpIsStateful");
  bool effect = false;
  PostOrderVisit(e, [&](const Expr& x) {
    if (const auto* c = x.as<CallNode>()) {
      if (const auto* op = c->op.as<OpNode>()) effect = effect || stateful.get(GetRef<Op>(op), false);
    }
  });
  return effect;
}

class DeadCodeEliminator : public ExprMutator {
 public:
  Expr VisitExpr_(const LetNode* op) final {
    Expr body = VisitExpr(op->body);
    bool used = false;
    PostOrderVisit(body, [&](const Expr& x) { used = used || x.same_as(op->var); });
    if (!used && !HasEffect(op->value)) return body;
    Expr value = VisitExpr(op->value);
    if (body.same_as(op->body) && value.same_as(op->value)) return GetRef<Expr>(op);
    return Let(op->var, value, body, op->span);
  }
};

}  // namespace

namespace transform {
tvm::transform::Pass DeadCodeElimination(bool inline_once) {
  auto pass_func = [](IRModule mod, tvm::transform::PassContext ctx) {
    IRModule out(mod->functions, mod->attrs);
    for (const GlobalVar& gv : out->GetGlobalVars()) {
      if (const auto* fn = out->functions.at(gv).as<FunctionNode>()) {
        Expr body = DeadCodeEliminator()(fn->body);
        if (!body.same_as(fn->body)) {
          out->Update(gv, Function(fn->params, body, Type(), fn->attrs, fn->span));
        }
      }
    }
    return out;
  };
  return tvm::transform::CreateModulePass(pass_func, 1, "DeadCodeElimination", {});
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.DeadCodeElimination").set_body_typed([](bool inline_once) {
  return transform::DeadCodeElimination(inline_once);
});

}  // namespace relay
}  // namespace tvm

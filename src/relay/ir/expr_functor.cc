/*!
 * \file expr_functor.cc
 * \brief ExprVisitor, ExprMutator and PostOrderVisit.
 */
#include <tvm/relay/expr_functor.h>
#include <tvm/runtime/registry.h>

#include "../../support/deep_recursion.h"

namespace tvm {
namespace relay {

void DescendSafely(int* depth, const std::function<void()>& f) {
  struct Leave {
    int* depth;
    ~Leave() { --*depth; }
  } leave{depth};
  if (++*depth % support::RecursionDepth::kLevelsPerStack == 0) {
    support::CallOnNewStack(support::RecursionDepth::kStackBytes, [&]() {
      f();
      return 0;
    });
  } else {
    f();
  }
}

// ---- ExprVisitor -----------------------------------------------------------------------------
void ExprVisitor::VisitExpr(const Expr& expr) {
  auto it = visit_counter_.find(expr.get());
  if (it != visit_counter_.end()) {
    ++it->second;
    return;
  }
  DescendSafely(&depth_, [&]() { ExprFunctor::VisitExpr(expr); });
  visit_counter_[expr.get()] = 1;
}
void ExprVisitor::VisitExpr_(const VarNode* op) {
  if (op->type_annotation.defined()) VisitType(op->type_annotation);
}
void ExprVisitor::VisitExpr_(const GlobalVarNode* op) {}
void ExprVisitor::VisitExpr_(const ConstantNode* op) {}
void ExprVisitor::VisitExpr_(const OpNode* op) {}
void ExprVisitor::VisitExpr_(const TupleNode* op) {
  for (const Expr& f : op->fields) VisitExpr(f);
}
void ExprVisitor::VisitExpr_(const FunctionNode* op) {
  for (const Var& p : op->params) VisitExpr(p);
  VisitExpr(op->body);
}
void ExprVisitor::VisitExpr_(const CallNode* op) {
  VisitExpr(op->op);
  for (const Type& t : op->type_args) VisitType(t);
  for (const Expr& a : op->args) VisitExpr(a);
}
void ExprVisitor::VisitExpr_(const LetNode* op) {
  VisitExpr(op->value);
  VisitExpr(op->var);
  VisitExpr(op->body);
}
void ExprVisitor::VisitExpr_(const IfNode* op) {
  VisitExpr(op->cond);
  VisitExpr(op->true_branch);
  VisitExpr(op->false_branch);
}
void ExprVisitor::VisitExpr_(const TupleGetItemNode* op) { VisitExpr(op->tuple); }

// ---- ExprMutator -----------------------------------------------------------------------------
Expr ExprMutator::VisitExpr(const Expr& expr) {
  auto it = memo_.find(expr.get());
  if (it != memo_.end()) return it->second;
  Expr result;
  DescendSafely(&depth_, [&]() { result = ExprFunctor::VisitExpr(expr); });
  memo_[expr.get()] = result;
  return result;
}

namespace {
/*! \brief The rewrite of each element; `changed` is set when one differs. */
template <typename T, typename F>
Array<T> MutateArray(const Array<T>& arr, F fmutate, bool* changed) {
  Array<T> out;
  for (const T& e : arr) {
    T n = fmutate(e);
    *changed = *changed || !n.same_as(e);
    out.push_back(n);
  }
  return out;
}
}  // namespace

Expr ExprMutator::VisitExpr_(const VarNode* op) {
  if (!op->type_annotation.defined()) return GetRef<Var>(op);
  Type t = VisitType(op->type_annotation);
  if (t.same_as(op->type_annotation)) return GetRef<Var>(op);
  return Var(op->name_hint, t, op->span);
}
Expr ExprMutator::VisitExpr_(const GlobalVarNode* op) { return GetRef<GlobalVar>(op); }
Expr ExprMutator::VisitExpr_(const ConstantNode* op) { return GetRef<Constant>(op); }
Expr ExprMutator::VisitExpr_(const OpNode* op) { return GetRef<Op>(op); }
Expr ExprMutator::VisitExpr_(const TupleNode* op) {
  bool changed = false;
  Array<Expr> fields = MutateArray(
      op->fields, [&](const Expr& e) { return VisitExpr(e); }, &changed);
  return changed ? Tuple(fields, op->span) : GetRef<Expr>(op);
}
Expr ExprMutator::VisitExpr_(const FunctionNode* op) {
  bool changed = false;
  Array<Var> params = MutateArray(
      op->params, [&](const Var& v) { return Downcast<Var>(VisitExpr(v)); }, &changed);
  Type ret_type = op->ret_type.defined() ? VisitType(op->ret_type) : op->ret_type;
  Expr body = VisitExpr(op->body);
  changed = changed || !ret_type.same_as(op->ret_type) || !body.same_as(op->body);
  return changed ? Function(params, body, ret_type, op->attrs, op->span) : GetRef<Expr>(op);
}
Expr ExprMutator::VisitExpr_(const CallNode* op) {
  bool changed = false;
  Expr callee = VisitExpr(op->op);
  Array<Type> type_args = MutateArray(
      op->type_args, [&](const Type& t) { return VisitType(t); }, &changed);
  Array<Expr> args = MutateArray(
      op->args, [&](const Expr& e) { return VisitExpr(e); }, &changed);
  changed = changed || !callee.same_as(op->op);
  return changed ? Call(callee, args, op->attrs, type_args, op->span) : GetRef<Expr>(op);
}
Expr ExprMutator::VisitExpr_(const LetNode* op) {
  Expr value = VisitExpr(op->value);
  Var var = Downcast<Var>(VisitExpr(op->var));
  Expr body = VisitExpr(op->body);
  bool changed = !var.same_as(op->var) || !value.same_as(op->value) || !body.same_as(op->body);
  return changed ? Let(var, value, body, op->span) : GetRef<Expr>(op);
}
Expr ExprMutator::VisitExpr_(const IfNode* op) {
  Expr c = VisitExpr(op->cond), t = VisitExpr(op->true_branch), f = VisitExpr(op->false_branch);
  bool changed =
      !c.same_as(op->cond) || !t.same_as(op->true_branch) || !f.same_as(op->false_branch);
  return changed ? If(c, t, f, op->span) : GetRef<Expr>(op);
}
Expr ExprMutator::VisitExpr_(const TupleGetItemNode* op) {
  Expr t = VisitExpr(op->tuple);
  return t.same_as(op->tuple) ? GetRef<Expr>(op) : TupleGetItem(t, op->index, op->span);
}

// ---- PostOrderVisit --------------------------------------------------------------------------
void PostOrderVisit(const Expr& expr, std::function<void(const Expr&)> fvisit) {
  class Visitor : public ExprVisitor {
   public:
    explicit Visitor(std::function<void(const Expr&)> f) : f_(std::move(f)) {}
    void VisitExpr(const Expr& e) final {
      if (visit_counter_.count(e.get())) return;
      ExprVisitor::VisitExpr(e);
      f_(e);
    }

   private:
    std::function<void(const Expr&)> f_;
  };
  Visitor(std::move(fvisit)).VisitExpr(expr);
}

TVM_REGISTER_GLOBAL("relay.analysis.post_order_visit").set_body_typed([](Expr expr, PackedFunc f) {
  PostOrderVisit(expr, [f](const Expr& n) { f(n); });
});

}  // namespace relay
}  // namespace tvm

/*!
 * \file simplify_stmt.cc
 * \brief SimplifyStmt: an Analyzer carried through the statement tree (see simplify_stmt.h).
 */
#include <tvm/arith/analyzer.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/op.h>
#include <tvm/tir/simplify_stmt.h>
#include <tvm/tir/stmt_functor.h>

#include <vector>

namespace tvm {
namespace tir {

namespace {
class StmtSimplifier : public StmtExprMutator {
 public:
  PrimExpr VisitExpr(const PrimExpr& e) final { return analyzer_.Simplify(e); }

  Stmt VisitStmt_(const ForNode* op) final {
    PrimExpr min = VisitExpr(op->min), extent = VisitExpr(op->extent);
    if (is_zero(extent)) return Evaluate(0);
    analyzer_.Bind(op->loop_var, Range::FromMinExtent(min, extent), true);
    Stmt body = VisitStmt(op->body);
    if (min.same_as(op->min) && extent.same_as(op->extent) && body.same_as(op->body)) {
      return GetRef<Stmt>(op);
    }
    return For(op->loop_var, min, extent, op->kind, body, op->thread_binding, op->annotations,
               op->span);
  }

  Stmt VisitStmt_(const LetStmtNode* op) final {
    PrimExpr value = VisitExpr(op->value);
    if (IsIndexLike(value)) {
      analyzer_.const_int_bound.Update(op->var, analyzer_.const_int_bound(value), true);
      analyzer_.modular_set.Update(op->var, analyzer_.modular_set(value), true);
    }
    Stmt body = VisitStmt(op->body);
    if (value.same_as(op->value) && body.same_as(op->body)) return GetRef<Stmt>(op);
    return LetStmt(op->var, value, body, op->span);
  }

  Stmt VisitStmt_(const AttrStmtNode* op) final {
    if (op->attr_key == attr::thread_extent || op->attr_key == attr::virtual_thread) {
      if (const auto* iv = op->node.as<IterVarNode>()) {
        analyzer_.Bind(iv->var, Range::FromMinExtent(make_zero(op->value.dtype()), op->value),
                       true);
      }
    }
    return StmtExprMutator::VisitStmt_(op);
  }

  Stmt VisitStmt_(const IfThenElseNode* op) final {
    PrimExpr cond = VisitExpr(op->condition);
    if (const int64_t* v = as_const_int(cond)) {
      if (*v) return VisitStmt(op->then_case);
      if (op->else_case.defined()) return VisitStmt(op->else_case.value());
      return Evaluate(0);
    }
    Stmt then_case;
    {
      With<arith::ConstraintContext> ctx(&analyzer_, cond);
      then_case = VisitStmt(op->then_case);
    }
    Optional<Stmt> else_case;
    if (op->else_case.defined()) {
      With<arith::ConstraintContext> ctx(&analyzer_, analyzer_.rewrite_simplify(Not(cond)));
      else_case = VisitStmt(op->else_case.value());
    }
    if (cond.same_as(op->condition) && then_case.same_as(op->then_case) &&
        else_case.same_as(op->else_case)) {
      return GetRef<Stmt>(op);
    }
    return IfThenElse(cond, then_case, else_case, op->span);
  }

  Stmt VisitStmt_(const AssertStmtNode* op) final {
    PrimExpr cond = VisitExpr(op->condition);
    if (is_one(cond)) return VisitStmt(op->body);
    Stmt body;
    {
      With<arith::ConstraintContext> ctx(&analyzer_, cond);
      body = VisitStmt(op->body);
    }
    if (cond.same_as(op->condition) && body.same_as(op->body)) return GetRef<Stmt>(op);
    return AssertStmt(cond, op->message, body, op->span);
  }

  Stmt VisitStmt_(const SeqStmtNode* op) final {
    std::vector<Stmt> seq;
    bool changed = false;
    for (const Stmt& s : op->seq) {
      Stmt n = VisitStmt(s);
      changed = changed || !n.same_as(s);
      seq.push_back(n);
    }
    if (!changed) return GetRef<Stmt>(op);
    return SeqStmt::Flatten(seq);
  }

 private:
  static bool IsIndexLike(const PrimExpr& e) { return e.dtype().is_int() && e.dtype().is_scalar(); }

  arith::Analyzer analyzer_;
};
}  // namespace

Stmt SimplifyStmt(Stmt stmt) { return StmtSimplifier()(std::move(stmt)); }

TVM_REGISTER_GLOBAL("tir.analysis.SimplifyStmt").set_body_typed([](Stmt stmt) {
  return SimplifyStmt(stmt);
});

}  // namespace tir
}  // namespace tvm

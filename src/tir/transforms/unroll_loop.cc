/*!
 * \file unroll_loop.cc
 * \brief UnrollLoop (see tvm/tir/loop_transforms.h).
 */
#include <tvm/runtime/registry.h>
#include <tvm/tir/loop_transforms.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

namespace tvm {
namespace tir {

namespace {
/*! \brief Above this many copies an unroll request is an error rather than a code blow-up. */
constexpr int64_t kMaxUnrollCopies = 4096;

class LoopUnroller : public StmtExprMutator {
 public:
  explicit LoopUnroller(int auto_max_extent) : auto_max_extent_(auto_max_extent) {}

  Stmt VisitStmt_(const ForNode* op) final {
    Stmt body = VisitStmt(op->body);
    const int64_t* extent = as_const_int(op->extent);
    bool requested = op->kind == ForKind::kUnrolled;
    bool automatic = op->kind == ForKind::kSerial && extent != nullptr &&
                     *extent <= auto_max_extent_;
    if (!requested && !automatic) {
      return body.same_as(op->body) ? GetRef<Stmt>(op)
                                    : For(op->loop_var, op->min, op->extent, op->kind, body,
                                          op->thread_binding, op->annotations);
    }
    if (extent == nullptr) {
      // A symbolic extent cannot be copied out; keep the loop (LLVM may still unroll it).
      return For(op->loop_var, op->min, op->extent, ForKind::kSerial, body);
    }
    if (*extent > kMaxUnrollCopies) {
      TVM_THROW(ValueError) << "unroll: loop " << op->loop_var->name_hint << " has " << *extent
                            << " iterations, more than the " << kMaxUnrollCopies
                            << " that may be unrolled; split it first";
    }
    std::vector<Stmt> copies;
    for (int64_t i = 0; i < *extent; ++i) {
      PrimExpr value = op->min + make_const(op->loop_var.dtype(), i);
      copies.push_back(Substitute(body, Map<Var, PrimExpr>{{op->loop_var, value}}));
    }
    return SeqStmt::Flatten(copies);
  }

 private:
  int auto_max_extent_;
};

class NoOpRemover : public StmtExprMutator {
 public:
  Stmt VisitStmt_(const ForNode* op) final {
    Stmt body = VisitStmt(op->body);
    if (IsNoOp(body) || is_zero(op->extent)) return Evaluate(0);
    return body.same_as(op->body) ? GetRef<Stmt>(op)
                                  : For(op->loop_var, op->min, op->extent, op->kind, body,
                                        op->thread_binding, op->annotations);
  }
  Stmt VisitStmt_(const IfThenElseNode* op) final {
    Stmt s = StmtExprMutator::VisitStmt_(op);
    const auto* n = s.as<IfThenElseNode>();
    if (const int64_t* c = as_const_int(n->condition)) {
      if (*c) return n->then_case;
      return n->else_case.defined() ? n->else_case.value() : Evaluate(0);
    }
    bool then_noop = IsNoOp(n->then_case);
    bool else_noop = !n->else_case.defined() || IsNoOp(n->else_case.value());
    if (then_noop && else_noop) return Evaluate(0);
    return s;
  }
  Stmt VisitStmt_(const LetStmtNode* op) final {
    Stmt s = StmtExprMutator::VisitStmt_(op);
    const auto* n = s.as<LetStmtNode>();
    return IsNoOp(n->body) ? n->body : s;
  }
  Stmt VisitStmt_(const AllocateNode* op) final {
    Stmt s = StmtExprMutator::VisitStmt_(op);
    const auto* n = s.as<AllocateNode>();
    return IsNoOp(n->body) ? n->body : s;
  }
  Stmt VisitStmt_(const AttrStmtNode* op) final {
    Stmt s = StmtExprMutator::VisitStmt_(op);
    const auto* n = s.as<AttrStmtNode>();
    return IsNoOp(n->body) ? n->body : s;
  }
};
}  // namespace

Stmt UnrollLoop(Stmt stmt, int auto_max_extent) {
  return LoopUnroller(auto_max_extent)(std::move(stmt));
}

Stmt RemoveNoOp(Stmt stmt) { return NoOpRemover()(std::move(stmt)); }

TVM_REGISTER_GLOBAL("tir.UnrollLoopStmt").set_body_typed([](Stmt s, int auto_max_extent) {
  return UnrollLoop(s, auto_max_extent);
});
TVM_REGISTER_GLOBAL("tir.RemoveNoOpStmt").set_body_typed([](Stmt s) { return RemoveNoOp(s); });

}  // namespace tir
}  // namespace tvm

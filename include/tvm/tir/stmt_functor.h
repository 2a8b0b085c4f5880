/*!
 * \file tvm/tir/stmt_functor.h
 * \brief Visitors and mutators of TIR statements, and the utilities built on them
 *  (PostOrderVisit, Substitute).
 */
#ifndef TVM_TIR_STMT_FUNCTOR_H_
#define TVM_TIR_STMT_FUNCTOR_H_

#include <tvm/ir/functor.h>
#include <tvm/tir/expr_functor.h>
#include <tvm/tir/stmt.h>

#include <functional>
#include <unordered_map>
#include <utility>

namespace tvm {
namespace tir {

#define TVM_TIR_STMT_NODES(F)                                                                  \
  F(LetStmtNode) F(AttrStmtNode) F(IfThenElseNode) F(ForNode) F(WhileNode) F(AllocateNode)    \
  F(BufferStoreNode) F(BufferRealizeNode) F(AssertStmtNode) F(ProducerStoreNode)              \
  F(ProducerRealizeNode) F(SeqStmtNode) F(EvaluateNode)

template <typename FType>
class StmtFunctor;

template <typename R, typename... Args>
class StmtFunctor<R(const Stmt& n, Args... args)> {
 private:
  using TSelf = StmtFunctor<R(const Stmt& n, Args... args)>;
  using FType = NodeFunctor<R(const ObjectRef& n, TSelf* self, Args... args)>;

 public:
  virtual ~StmtFunctor() = default;
  R operator()(const Stmt& n, Args... args) { return VisitStmt(n, std::forward<Args>(args)...); }
  virtual R VisitStmt(const Stmt& n, Args... args) {
    static FType vtable = InitVTable();
    return vtable(n, this, std::forward<Args>(args)...);
  }
#define TVM_TIR_DECLARE_VISIT(Node)                            \
  virtual R VisitStmt_(const Node* op, Args... args) {         \
    return VisitStmtDefault_(op, std::forward<Args>(args)...); \
  }
  TVM_TIR_STMT_NODES(TVM_TIR_DECLARE_VISIT)
#undef TVM_TIR_DECLARE_VISIT
  virtual R VisitStmtDefault_(const Object* op, Args...) {
    TVM_THROW(InternalError) << "this visitor does not handle " << op->GetTypeKey();
  }

 private:
  static FType InitVTable() {
    FType vtable;
#define TVM_TIR_SET_DISPATCH(Node)                                                     \
  vtable.template set_dispatch<Node>([](const ObjectRef& n, TSelf* self, Args... args) { \
    return self->VisitStmt_(static_cast<const Node*>(n.get()), std::forward<Args>(args)...); \
  });
    TVM_TIR_STMT_NODES(TVM_TIR_SET_DISPATCH)
#undef TVM_TIR_SET_DISPATCH
    return vtable;
  }
};

/*! \brief Visits every statement and every expression inside them. */
class StmtExprVisitor : public StmtFunctor<void(const Stmt&)>, public ExprVisitor {
 public:
  using StmtFunctor::operator();
  using StmtFunctor::VisitStmt;
  using ExprVisitor::VisitExpr;

 protected:
  using StmtFunctor::VisitStmt_;
  using ExprVisitor::VisitExpr_;
#define TVM_TIR_DECLARE_VISIT(Node) void VisitStmt_(const Node* op) override;
  TVM_TIR_STMT_NODES(TVM_TIR_DECLARE_VISIT)
#undef TVM_TIR_DECLARE_VISIT

 private:
  /*! \brief The realize statements' shared traversal: bounds, condition, body. */
  void VisitRealize(const Array<Range>& bounds, const PrimExpr& condition, const Stmt& body);
};

/*! \brief Rebuilds statements (and their expressions) bottom-up, keeping unchanged nodes. */
class StmtExprMutator : public StmtFunctor<Stmt(const Stmt&)>, public ExprMutator {
 public:
  using StmtFunctor::operator();
  using StmtFunctor::VisitStmt;
  using ExprMutator::VisitExpr;

 protected:
  using StmtFunctor::VisitStmt_;
  using ExprMutator::VisitExpr_;
#define TVM_TIR_DECLARE_VISIT(Node) Stmt VisitStmt_(const Node* op) override;
  TVM_TIR_STMT_NODES(TVM_TIR_DECLARE_VISIT)
#undef TVM_TIR_DECLARE_VISIT
};

/*! \brief Call fvisit on every node (statements and expressions) in post order. */
void PostOrderVisit(const ObjectRef& node, std::function<void(const ObjectRef&)> fvisit);

/*! \brief Replace variables by expressions (vmap returns an undefined PrimExpr to keep a var). */
Stmt Substitute(Stmt stmt, std::function<Optional<PrimExpr>(const Var&)> vmap);
PrimExpr Substitute(PrimExpr expr, std::function<Optional<PrimExpr>(const Var&)> vmap);
Stmt Substitute(Stmt stmt, const Map<Var, PrimExpr>& vmap);
PrimExpr Substitute(PrimExpr expr, const Map<Var, PrimExpr>& vmap);

/*!
 * \brief A copy of stmt in which every variable it defines (loop variables, let-bound
 *  variables, allocations) is a fresh variable, so the copy can sit beside the original
 *  without any variable being bound twice in one function.
 */
Stmt RenewDefs(Stmt stmt);

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_STMT_FUNCTOR_H_

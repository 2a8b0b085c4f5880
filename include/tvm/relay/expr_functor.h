/*!
 * \file tvm/relay/expr_functor.h
 * \brief Walking Relay expressions.
 *
 *  - ExprFunctor<R(const Expr&, Args...)> dispatches on the node type (one table lookup);
 *  - ExprVisitor visits every node of a graph once (a node shared by many users is one value);
 *  - ExprMutator rewrites a graph, memoizing so a shared node is rewritten once and stays
 *    shared; it rebuilds a node only when a child changed, so an unchanged subgraph keeps its
 *    identity.
 *
 * Graphs from real models are deep (a chain of thousands of calls). ExprVisitor and
 * ExprMutator descend through a depth counter and move to a fresh large stack every thousand
 * levels, so a deep graph costs memory, not a crash.
 */
#ifndef TVM_RELAY_EXPR_FUNCTOR_H_
#define TVM_RELAY_EXPR_FUNCTOR_H_

#include <tvm/ir/functor.h>
#include <tvm/relay/expr.h>
#include <tvm/relay/function.h>

#include <functional>
#include <unordered_map>
#include <utility>

namespace tvm {
namespace relay {

#define TVM_RELAY_EXPR_NODES(F) \
  F(VarNode)                    \
  F(GlobalVarNode)              \
  F(ConstantNode)               \
  F(TupleNode) F(FunctionNode) F(CallNode) F(LetNode) F(IfNode) F(OpNode) F(TupleGetItemNode)

template <typename FType>
class ExprFunctor;

template <typename R, typename... Args>
class ExprFunctor<R(const Expr& n, Args...)> {
 private:
  using TSelf = ExprFunctor<R(const Expr& n, Args...)>;
  using FType = NodeFunctor<R(const ObjectRef& n, TSelf* self, Args...)>;

 public:
  virtual ~ExprFunctor() = default;
  R operator()(const Expr& n, Args... args) { return VisitExpr(n, std::forward<Args>(args)...); }
  virtual R VisitExpr(const Expr& n, Args... args) {
    static FType vtable = InitVTable();
    return vtable(n, this, std::forward<Args>(args)...);
  }
#define TVM_RELAY_DECLARE_VISIT(Node)                          \
  virtual R VisitExpr_(const Node* op, Args... args) {         \
    return VisitExprDefault_(op, std::forward<Args>(args)...); \
  }
  TVM_RELAY_EXPR_NODES(TVM_RELAY_DECLARE_VISIT)
#undef TVM_RELAY_DECLARE_VISIT
  virtual R VisitExprDefault_(const Object* op, Args...) {
    TVM_THROW(InternalError) << "this visitor does not handle " << op->GetTypeKey();
  }

 private:
  static FType InitVTable() {
    FType vtable;
#define TVM_RELAY_SET_DISPATCH(Node)                                                         \
  vtable.template set_dispatch<Node>([](const ObjectRef& n, TSelf* self, Args... args) {     \
    return self->VisitExpr_(static_cast<const Node*>(n.get()), std::forward<Args>(args)...); \
  });
    TVM_RELAY_EXPR_NODES(TVM_RELAY_SET_DISPATCH)
#undef TVM_RELAY_SET_DISPATCH
    return vtable;
  }
};

/*! \brief Visits every node reachable from the root once, children before the node's end. */
class ExprVisitor : public ExprFunctor<void(const Expr& n)> {
 public:
  /*! \brief Visit `expr` unless it was visited already (each node once). */
  void VisitExpr(const Expr& expr) override;
  void VisitExpr_(const VarNode* op) override;
  void VisitExpr_(const GlobalVarNode* op) override;
  void VisitExpr_(const ConstantNode* op) override;
  void VisitExpr_(const TupleNode* op) override;
  void VisitExpr_(const FunctionNode* op) override;
  void VisitExpr_(const CallNode* op) override;
  void VisitExpr_(const LetNode* op) override;
  void VisitExpr_(const IfNode* op) override;
  void VisitExpr_(const OpNode* op) override;
  void VisitExpr_(const TupleGetItemNode* op) override;
  virtual void VisitType(const Type& t) {}

 protected:
  /*! \brief How many times each node was reached (>= 1 once visited). */
  std::unordered_map<const Object*, size_t> visit_counter_;

 private:
  int depth_{0};
};

/*!
 * \brief Rewrites a graph bottom-up. Override VisitExpr_ for the nodes to change; the
 *  defaults rebuild a node from its rewritten children (or return it when none changed).
 */
class ExprMutator : public ExprFunctor<Expr(const Expr&)> {
 public:
  /*! \brief The rewrite of `expr`, memoized. */
  Expr VisitExpr(const Expr& expr) override;
  Expr VisitExpr_(const VarNode* op) override;
  Expr VisitExpr_(const GlobalVarNode* op) override;
  Expr VisitExpr_(const ConstantNode* op) override;
  Expr VisitExpr_(const TupleNode* op) override;
  Expr VisitExpr_(const FunctionNode* op) override;
  Expr VisitExpr_(const CallNode* op) override;
  Expr VisitExpr_(const LetNode* op) override;
  Expr VisitExpr_(const IfNode* op) override;
  Expr VisitExpr_(const OpNode* op) override;
  Expr VisitExpr_(const TupleGetItemNode* op) override;
  virtual Type VisitType(const Type& t) { return t; }

 protected:
  std::unordered_map<const Object*, Expr> memo_;

 private:
  int depth_{0};
};

/*! \brief Run `f` one level deeper in a walk of depth counter `depth` (see the file comment). */
void DescendSafely(int* depth, const std::function<void()>& f);

/*! \brief Call `fvisit` on every node reachable from `expr` once, children first. */
void PostOrderVisit(const Expr& expr, std::function<void(const Expr&)> fvisit);

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_EXPR_FUNCTOR_H_

/*!
 * \file tvm/tir/expr_functor.h
 * \brief Visitors and mutators of TIR expressions. ExprFunctor dispatches on the node type
 *  through a table; ExprVisitor walks every child; ExprMutator rebuilds a node only when a
 *  child changed, so an unchanged subtree keeps its identity.
 */
#ifndef TVM_TIR_EXPR_FUNCTOR_H_
#define TVM_TIR_EXPR_FUNCTOR_H_

#include <tvm/ir/functor.h>
#include <tvm/tir/expr.h>

#include <utility>

namespace tvm {
namespace tir {

#define TVM_TIR_EXPR_NODES(F)                                                               \
  F(VarNode) F(BufferLoadNode) F(ProducerLoadNode) F(LetNode) F(CallNode)   \
  F(AddNode) F(SubNode) F(MulNode) F(DivNode) F(ModNode) F(FloorDivNode) F(FloorModNode)   \
  F(MinNode) F(MaxNode) F(EQNode) F(NENode) F(LTNode) F(LENode) F(GTNode) F(GENode)        \
  F(AndNode) F(OrNode) F(ReduceNode) F(CastNode) F(NotNode) F(SelectNode) F(RampNode)      \
  F(BroadcastNode) F(ShuffleNode) F(IntImmNode) F(FloatImmNode) F(StringImmNode)

template <typename FType>
class ExprFunctor;

template <typename R, typename... Args>
class ExprFunctor<R(const PrimExpr& n, Args...)> {
 private:
  using TSelf = ExprFunctor<R(const PrimExpr& n, Args...)>;
  using FType = NodeFunctor<R(const ObjectRef& n, TSelf* self, Args...)>;

 public:
  virtual ~ExprFunctor() = default;
  R operator()(const PrimExpr& n, Args... args) { return VisitExpr(n, std::forward<Args>(args)...); }
  virtual R VisitExpr(const PrimExpr& n, Args... args) {
    static FType vtable = InitVTable();
    return vtable(n, this, std::forward<Args>(args)...);
  }
#define TVM_TIR_DECLARE_VISIT(Node)                            \
  virtual R VisitExpr_(const Node* op, Args... args) {         \
    return VisitExprDefault_(op, std::forward<Args>(args)...); \
  }
  TVM_TIR_EXPR_NODES(TVM_TIR_DECLARE_VISIT)
#undef TVM_TIR_DECLARE_VISIT
  /*! \brief A SizeVar is visited as the Var it is. */
  virtual R VisitExpr_(const SizeVarNode* op, Args... args) {
    return VisitExpr_(static_cast<const VarNode*>(op), std::forward<Args>(args)...);
  }
  virtual R VisitExprDefault_(const Object* op, Args...) {
    TVM_THROW(InternalError) << "this visitor does not handle " << op->GetTypeKey();
  }

 private:
  static FType InitVTable() {
    FType vtable;
#define TVM_TIR_SET_DISPATCH(Node)                                                     \
  vtable.template set_dispatch<Node>([](const ObjectRef& n, TSelf* self, Args... args) { \
    return self->VisitExpr_(static_cast<const Node*>(n.get()), std::forward<Args>(args)...); \
  });
    TVM_TIR_EXPR_NODES(TVM_TIR_SET_DISPATCH)
    TVM_TIR_SET_DISPATCH(SizeVarNode)
#undef TVM_TIR_SET_DISPATCH
    return vtable;
  }
};

/*! \brief Visits every sub-expression (not buffers' shapes). */
class ExprVisitor : public ExprFunctor<void(const PrimExpr&)> {
 public:
  using ExprFunctor::VisitExpr;

 protected:
  using ExprFunctor::VisitExpr_;
#define TVM_TIR_DECLARE_VISIT(Node) void VisitExpr_(const Node* op) override;
  TVM_TIR_EXPR_NODES(TVM_TIR_DECLARE_VISIT)
#undef TVM_TIR_DECLARE_VISIT
};

/*! \brief Rebuilds expressions bottom-up; unchanged nodes are returned as they are. */
class ExprMutator : public ExprFunctor<PrimExpr(const PrimExpr&)> {
 public:
  using ExprFunctor::VisitExpr;

 protected:
  using ExprFunctor::VisitExpr_;
#define TVM_TIR_DECLARE_VISIT(Node) PrimExpr VisitExpr_(const Node* op) override;
  TVM_TIR_EXPR_NODES(TVM_TIR_DECLARE_VISIT)
#undef TVM_TIR_DECLARE_VISIT
  /*! \brief Mutate every element; the same Array when nothing changed. */
  Array<PrimExpr> MutateArray(const Array<PrimExpr>& arr);
};

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_EXPR_FUNCTOR_H_

/*!
 * \file tvm/ir/tensor_type.h
 * \brief TensorType: the type of a Relay tensor, a dtype and a shape whose dimensions are
 *  integer constants, symbolic PrimExprs, or Any (a dimension known only at run time).
 *
 *    TensorType({1, 3, Any()}, DataType::Float(32))   // printed Tensor[(1, 3, ?), float32]
 */
#ifndef TVM_IR_TENSOR_TYPE_H_
#define TVM_IR_TENSOR_TYPE_H_

#include <tvm/ir/expr.h>
#include <tvm/ir/type.h>

namespace tvm {

/*! \brief A shape dimension unknown until run time (relay.Any()). */
class AnyNode : public PrimExprNode {
 public:
  void VisitAttrs(AttrVisitor* v) { v->Visit("span", &span); }
  static constexpr const char* _type_key = "tir.Any";
  TVM_DECLARE_FINAL_OBJECT_INFO(AnyNode, PrimExprNode);
};

class Any : public PrimExpr {
 public:
  /*! \brief A fresh unknown dimension (int32); Any() is never null. */
  Any();
  explicit Any(ObjectPtr<Object> n) : PrimExpr(std::move(n)) {}
  const AnyNode* operator->() const { return static_cast<const AnyNode*>(get()); }
  using ContainerType = AnyNode;
};

/*! \brief A tensor of `dtype` with `shape`; rank 0 (an empty shape) is a scalar. */
class TensorTypeNode : public TypeNode {
 public:
  Array<PrimExpr> shape;
  DataType dtype;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("shape", &shape);
    v->Visit("dtype", &dtype);
    v->Visit("span", &span);
  }
  static constexpr const char* _type_key = "TensorType";
  TVM_DECLARE_FINAL_OBJECT_INFO(TensorTypeNode, TypeNode);
};

class TensorType : public Type {
 public:
  TensorType(Array<PrimExpr> shape, DataType dtype, Span span = Span());
  /*! \brief The rank-0 tensor type of `dtype`. */
  static TensorType Scalar(DataType dtype) { return TensorType({}, dtype); }
  TVM_DEFINE_OBJECT_REF_METHODS(TensorType, Type, TensorTypeNode);
};

}  // namespace tvm

#endif  // TVM_IR_TENSOR_TYPE_H_

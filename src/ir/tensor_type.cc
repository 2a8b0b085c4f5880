/*!
 * \file tensor_type.cc
 * \brief TensorType and Any.
 */
#include <tvm/ir/tensor_type.h>
#include <tvm/runtime/registry.h>

namespace tvm {

Any::Any() {
  auto n = make_object<AnyNode>();
  n->dtype = DataType::Int(32);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(AnyNode);

TensorType::TensorType(Array<PrimExpr> shape, DataType dtype, Span span) {
  auto n = make_object<TensorTypeNode>();
  n->shape = std::move(shape);
  n->dtype = dtype;
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(TensorTypeNode);

TVM_REGISTER_GLOBAL("ir.TensorType").set_body_typed([](Array<PrimExpr> shape, DataType dtype) {
  return TensorType(shape, dtype);
});
TVM_REGISTER_GLOBAL("ir.Any").set_body_typed([]() { return Any(); });

}  // namespace tvm

/*!
 * \file sort.cc
 * \brief argsort and topk.
 */
#include <tvm/relay/attrs/algorithm.h>

#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(ArgsortAttrs);
TVM_REGISTER_NODE_TYPE(TopKAttrs);

namespace {

bool ArgsortRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<ArgsortAttrs>();
  NormalizeAxis(a->axis, static_cast<int>(data->shape.size()), "axis");
  reporter->Assign(types[1], TensorType(data->shape, a->dtype));
  return true;
}

bool TopKRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
             const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<TopKAttrs>();
  int axis = NormalizeAxis(a->axis, static_cast<int>(data->shape.size()), "axis");
  Array<PrimExpr> shape = data->shape;
  int64_t k = a->k.defined() ? a->k.IntValue() : -1;
  if (k >= 1) {
    std::optional<int64_t> extent = ConstDim(data->shape[axis]);
    if (extent && k > *extent) {
      TVM_THROW(TypeError) << "k=" << k << " exceeds the extent " << *extent << " of axis "
                           << a->axis << " of " << TypeText(types[0]);
    }
    shape.Set(axis, Dim(k));
  }
  TensorType values(shape, data->dtype);
  TensorType indices(shape, a->dtype);
  if (a->ret_type == "both") {
    reporter->Assign(types[1], TupleType({values, indices}));
  } else if (a->ret_type == "values") {
    reporter->Assign(types[1], values);
  } else if (a->ret_type == "indices") {
    reporter->Assign(types[1], indices);
  } else {
    TVM_THROW(TypeError) << "ret_type must be both, values or indices, got \"" << a->ret_type
                         << "\"";
  }
  return true;
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op._make.argsort")
    .set_body_typed([](Expr data, int axis, bool is_ascend, String dtype) {
      auto attrs = MakeAttrs<ArgsortAttrs>();
      attrs->axis = axis;
      attrs->is_ascend = is_ascend;
      attrs->dtype = ParseDType(dtype);
      return MakeOpCall("argsort", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("argsort")
    .describe("the indices that sort the data along an axis")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<ArgsortAttrs>()
    .add_type_rel("Argsort", ArgsortRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque);

TVM_REGISTER_GLOBAL("relay.op._make.topk")
    .set_body_typed([](Expr data, int k, int axis, String ret_type, bool is_ascend, String dtype) {
      auto attrs = MakeAttrs<TopKAttrs>();
      attrs->k = IntImm(DataType::Int(64), k);
      attrs->axis = axis;
      attrs->ret_type = ret_type;
      attrs->is_ascend = is_ascend;
      attrs->dtype = ParseDType(dtype);
      return MakeOpCall("topk", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("topk")
    .describe("the k largest (or smallest) elements along an axis and their indices")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<TopKAttrs>()
    .add_type_rel("TopK", TopKRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque);

}  // namespace relay
}  // namespace tvm

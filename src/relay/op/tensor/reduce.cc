/*!
 * \file reduce.cc
 * \brief Reductions over axes: sum, mean, max, min, prod, all, any, argmax, argmin, variance.
 */
#include <tvm/relay/attrs/reduce.h>

#include <algorithm>
#include <vector>

#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(ReduceAttrs);
TVM_REGISTER_NODE_TYPE(ArgReduceAttrs);
TVM_REGISTER_NODE_TYPE(VarianceAttrs);

namespace {

/*!
 * \brief Whether each axis of a rank-`ndim` input is reduced: the listed axes (all when
 *  `axis` is null), or all but those when `exclude`. Repeated or out-of-range axes are errors.
 */
std::vector<bool> ReducedAxes(int ndim, const Array<Integer>& axis, bool exclude) {
  std::vector<bool> reduced(ndim, !axis.defined());
  if (!axis.defined()) return reduced;
  for (const Integer& a : axis) {
    int k = NormalizeAxis(a.IntValue(), ndim, "axis");
    if (reduced[k]) TVM_THROW(TypeError) << "axis " << a.IntValue() << " is given twice";
    reduced[k] = true;
  }
  if (exclude) reduced.flip();
  return reduced;
}

/*! \brief The result shape of reducing `data`. */
Array<PrimExpr> ReducedShape(const TensorTypeNode* data, const Array<Integer>& axis, bool keepdims,
                             bool exclude) {
  int ndim = static_cast<int>(data->shape.size());
  std::vector<bool> reduced = ReducedAxes(ndim, axis, exclude);
  Array<PrimExpr> shape;
  for (int i = 0; i < ndim; ++i) {
    if (!reduced[i]) {
      shape.push_back(data->shape[i]);
    } else if (keepdims) {
      shape.push_back(Dim(1));
    }
  }
  return shape;
}

bool ReduceRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<ReduceAttrs>();
  reporter->Assign(types[1],
                   TensorType(ReducedShape(data, a->axis, a->keepdims, a->exclude), data->dtype));
  return true;
}

bool ArgReduceRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                  const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<ArgReduceAttrs>();
  reporter->Assign(types[1], TensorType(ReducedShape(data, a->axis, a->keepdims, a->exclude),
                                        DataType::Int(32)));
  return true;
}

bool VarianceRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                 const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  const TensorTypeNode* mean = TensorArg(types, 1, reporter);
  if (data == nullptr || mean == nullptr) return false;
  if (mean->dtype != data->dtype) {
    TVM_THROW(TypeError) << reporter->ArgName(1) << " must have dtype " << data->dtype
                         << ", but has type " << TypeText(types[1]);
  }
  const auto* a = attrs.as<VarianceAttrs>();
  reporter->Assign(types[2],
                   TensorType(ReducedShape(data, a->axis, a->keepdims, a->exclude), data->dtype));
  return true;
}

Expr MakeReduce(const char* name, Expr data, Array<Integer> axis, bool keepdims, bool exclude) {
  auto attrs = MakeAttrs<ReduceAttrs>();
  attrs->axis = std::move(axis);
  attrs->keepdims = keepdims;
  attrs->exclude = exclude;
  return MakeOpCall(name, {data}, Attrs(attrs));
}

}  // namespace

#define RELAY_REGISTER_REDUCE_OP(OpName)                                                          \
  TVM_REGISTER_GLOBAL("relay.op._make." OpName)                                                   \
      .set_body_typed([](Expr data, Optional<Array<Integer>> axis, bool keepdims, bool exclude) { \
        return MakeReduce(OpName, data, axis.value_or(Array<Integer>(ObjectPtr<Object>())),       \
                          keepdims, exclude);                                                     \
      });                                                                                         \
  RELAY_REGISTER_OP(OpName)                                                                       \
      .set_num_inputs(1)                                                                          \
      .add_argument("data", "Tensor", "The input tensor.")                                        \
      .set_attrs_type<ReduceAttrs>()                                                              \
      .add_type_rel("Reduce", ReduceRel)                                                          \
      .set_attr<TOpPattern>("TOpPattern", kCommReduce)

RELAY_REGISTER_REDUCE_OP("sum").describe("the sum over axes");
RELAY_REGISTER_REDUCE_OP("mean").describe("the mean over axes");
RELAY_REGISTER_REDUCE_OP("max").describe("the maximum over axes");
RELAY_REGISTER_REDUCE_OP("min").describe("the minimum over axes");
RELAY_REGISTER_REDUCE_OP("prod").describe("the product over axes");
RELAY_REGISTER_REDUCE_OP("all").describe("logical and over axes");
RELAY_REGISTER_REDUCE_OP("any").describe("logical or over axes");

#define RELAY_REGISTER_ARG_REDUCE_OP(OpName)                                                    \
  TVM_REGISTER_GLOBAL("relay.op._make." OpName)                                                 \
      .set_body_typed([](Expr data, Optional<Array<Integer>> axis, bool keepdims, bool exclude, \
                         bool select_last_index) {                                              \
        auto attrs = MakeAttrs<ArgReduceAttrs>();                                               \
        attrs->axis = axis.value_or(Array<Integer>(ObjectPtr<Object>()));                       \
        attrs->keepdims = keepdims;                                                             \
        attrs->exclude = exclude;                                                               \
        attrs->select_last_index = select_last_index;                                           \
        return MakeOpCall(OpName, {data}, Attrs(attrs));                                        \
      });                                                                                       \
  RELAY_REGISTER_OP(OpName)                                                                     \
      .set_num_inputs(1)                                                                        \
      .add_argument("data", "Tensor", "The input tensor.")                                      \
      .set_attrs_type<ArgReduceAttrs>()                                                         \
      .add_type_rel("ArgReduce", ArgReduceRel)                                                  \
      .set_attr<TOpPattern>("TOpPattern", kCommReduce)

RELAY_REGISTER_ARG_REDUCE_OP("argmax").describe("the index of the maximum (int32)");
RELAY_REGISTER_ARG_REDUCE_OP("argmin").describe("the index of the minimum (int32)");

TVM_REGISTER_GLOBAL("relay.op._make._variance")
    .set_body_typed([](Expr data, Expr mean, Optional<Array<Integer>> axis, bool keepdims,
                       bool exclude, bool unbiased) {
      auto attrs = MakeAttrs<VarianceAttrs>();
      attrs->axis = axis.value_or(Array<Integer>(ObjectPtr<Object>()));
      attrs->keepdims = keepdims;
      attrs->exclude = exclude;
      attrs->unbiased = unbiased;
      return MakeOpCall("variance", {data, mean}, Attrs(attrs));
    });
RELAY_REGISTER_OP("variance")
    .describe("the variance over axes, given the mean (with keepdims)")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input tensor.")
    .add_argument("mean", "Tensor", "The mean over the same axes, keepdims.")
    .set_attrs_type<VarianceAttrs>()
    .add_type_rel("Variance", VarianceRel)
    .set_attr<TOpPattern>("TOpPattern", kCommReduce);

}  // namespace relay
}  // namespace tvm

/*!
 * \file unique.cc
 * \brief unique: the distinct elements (1-D) or rows (2-D) of a tensor, where they first
 *  occur, where each input row went, and how often each occurs. How many there are is known
 *  only when it runs: the compute fills an upper bound (as many as input rows) and a count
 *  (see TTruncatedOutputs in tvm/relay/op.h).
 */
#include <tvm/relay/attrs/algorithm.h>

#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(UniqueAttrs);

namespace {

/*!
 * \brief (unique [?, ...], indices [?], inverse_indices [N], counts [?], count), the indices
 *  and counts int64.
 */
bool UniqueRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  if (data->shape.size() != 1 && data->shape.size() != 2) {
    TVM_THROW(TypeError) << reporter->ArgName(0)
                         << " must be 1-D (unique elements) or 2-D (unique rows), but has type "
                         << TypeText(types[0]);
  }
  DataType d = data->dtype;
  bool supported =
      d.lanes() == 1 && (d.is_bool() || ((d.is_int() || d.is_uint()) && d.bits() >= 8) ||
                         (d.is_float() && (d.bits() == 32 || d.bits() == 64)));
  if (!supported) {
    TVM_THROW(TypeError) << reporter->ArgName(0)
                         << " must have an integer, bool, float32 or float64 dtype, but has type "
                         << TypeText(types[0]);
  }
  Array<PrimExpr> unique_shape = data->shape;
  unique_shape.Set(0, Any());
  DataType i64 = DataType::Int(64);
  reporter->Assign(types[1], TupleType({TensorType(unique_shape, d), TensorType({Any()}, i64),
                                        TensorType({data->shape[0]}, i64), TensorType({Any()}, i64),
                                        CountType()}));
  return true;
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op._make.unique").set_body_typed([](Expr data, bool is_sorted) {
  auto attrs = MakeAttrs<UniqueAttrs>();
  attrs->is_sorted = is_sorted;
  return MakeOpCall("unique", {data}, Attrs(attrs));
});
RELAY_REGISTER_OP("unique")
    .describe(
        "the distinct elements or rows, their first occurrences, the inverse mapping, "
        "their counts and their number")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor (1-D or 2-D).")
    .set_attrs_type<UniqueAttrs>()
    .add_type_rel("Unique", UniqueRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque)
    .set_attr<TTruncatedOutputs>("TTruncatedOutputs", {0, 1, 3});

}  // namespace relay
}  // namespace tvm

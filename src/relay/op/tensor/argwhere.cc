/*!
 * \file argwhere.cc
 * \brief argwhere: the coordinates of the nonzero elements, one row each in row-major order.
 *  Its result has as many rows as there are nonzero elements, known only when it runs: the
 *  compute fills an upper bound of rows (every element) and a count (see TTruncatedOutputs
 *  in tvm/relay/op.h).
 */
#include "../op_common.h"

namespace tvm {
namespace relay {

namespace {

/*! \brief (indices Tensor[(?, ndim), int64], count Tensor[(1,), int64]). */
bool ArgwhereRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                 const TypeReporter& reporter) {
  const TensorTypeNode* condition = TensorArg(types, 0, reporter);
  if (condition == nullptr) return false;
  int ndim = static_cast<int>(condition->shape.size());
  reporter->Assign(types[1],
                   TupleType({TensorType({Any(), Dim(ndim)}, DataType::Int(64)), CountType()}));
  return true;
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op._make.argwhere").set_body_typed([](Expr condition) {
  return MakeOpCall("argwhere", {condition});
});
RELAY_REGISTER_OP("argwhere")
    .describe("the coordinates of the nonzero elements, in row-major order, and their number")
    .set_num_inputs(1)
    .add_argument("condition", "Tensor", "The input tensor.")
    .add_type_rel("Argwhere", ArgwhereRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque)
    .set_attr<TTruncatedOutputs>("TTruncatedOutputs", {0});

}  // namespace relay
}  // namespace tvm

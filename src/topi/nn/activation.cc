/*!
 * \file activation.cc
 * \brief Elementwise activations (relu, leaky_relu, prelu) and bias_add.
 */
#include <tvm/runtime/registry.h>
#include <tvm/topi/nn.h>

#include "nn_utils.h"

namespace tvm {
namespace topi {
namespace nn {

using namespace tvm::tir; // NOLINT(*)
using detail::ToIndex;

Tensor relu(const Tensor &x) {
  return te::compute(
      x->shape,
      [&](const Array<Var> &i) {
        return max(x(ToIndex(i)), make_zero(x->dtype));
      },
      "T_relu", kElementWise);
}

Tensor leaky_relu(const Tensor &x, double alpha) {
  return te::compute(
      x->shape,
      [&](const Array<Var> &i) {
        PrimExpr v = x(ToIndex(i));
        return Select(v > make_zero(x->dtype), v,
                      v * make_const(x->dtype, alpha));
      },
      "T_leaky_relu", kElementWise);
}

namespace {
/*! \brief Checks that \p v is 1-D with x's extent on \p axis (normalized,
 * returned). */
int CheckChannelVector(const Tensor &x, const Tensor &v, int axis,
                       const std::string &op, const std::string &arg) {
  axis = detail::NormalizeAxis(axis, x->shape.size(), op);
  detail::CheckRank(v, 1, op, arg);
  const int64_t *a = as_const_int(v->shape[0]);
  const int64_t *b = as_const_int(x->shape[axis]);
  if (a && b && *a != *b) {
    TVM_THROW(ValueError) << op << ": " << arg
                          << " must have the input's extent on axis " << axis
                          << " (" << *b << "), found " << *a;
  }
  return axis;
}
} // namespace

Tensor prelu(const Tensor &x, const Tensor &slope, int axis) {
  axis = CheckChannelVector(x, slope, axis, "prelu", "slope");
  return te::compute(
      x->shape,
      [&](const Array<Var> &i) {
        PrimExpr v = x(ToIndex(i));
        return Select(v > make_zero(x->dtype), v,
                      v * cast(x->dtype, slope(i[axis])));
      },
      "T_prelu", kBroadcast);
}

Tensor bias_add(const Tensor &data, const Tensor &bias, int axis) {
  axis = CheckChannelVector(data, bias, axis, "bias_add", "bias");
  return te::compute(
      data->shape,
      [&](const Array<Var> &i) {
        return data(ToIndex(i)) + cast(data->dtype, bias(i[axis]));
      },
      "T_add", kBroadcast);
}

TVM_REGISTER_GLOBAL("topi.nn.relu").set_body_typed(relu);
TVM_REGISTER_GLOBAL("topi.nn.leaky_relu").set_body_typed(leaky_relu);
TVM_REGISTER_GLOBAL("topi.nn.prelu").set_body_typed(prelu);
TVM_REGISTER_GLOBAL("topi.nn.bias_add").set_body_typed(bias_add);

} // namespace nn
} // namespace topi
} // namespace tvm

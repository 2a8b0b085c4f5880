/*!
 * \file softmax.cc
 * \brief softmax and log_softmax along one axis, in the numerically stable form
 *  (x - max(x)). Stages: T_softmax_maxelem, T_softmax_exp, T_softmax_expsum and
 * the output tagged "softmax_output" (log_softmax: maxelem, expsum, output
 * "log_softmax_output"), so a schedule can compute all of them per row.
 */
#include <tvm/runtime/registry.h>
#include <tvm/topi/nn.h>

#include "nn_utils.h"

namespace tvm {
namespace topi {
namespace nn {

using namespace tvm::tir; // NOLINT(*)

namespace {

Array<PrimExpr> Without(const Array<PrimExpr> &v, int axis) {
  Array<PrimExpr> out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (static_cast<int>(i) != axis)
      out.push_back(v[i]);
  }
  return out;
}

/*! \brief The full index from a reduced one with \p k inserted at \p axis. */
Array<PrimExpr> With(const Array<Var> &reduced, int axis, PrimExpr k) {
  Array<PrimExpr> out;
  for (size_t i = 0; i <= reduced.size(); ++i) {
    if (static_cast<int>(i) == axis)
      out.push_back(k);
    if (i < reduced.size())
      out.push_back(reduced[i]);
  }
  return out;
}

Array<PrimExpr> Without(const Array<Var> &v, int axis) {
  return Without(detail::ToIndex(v), axis);
}

Tensor MaxElem(const Tensor &x, int axis, const std::string &name) {
  IterVar k = te::reduce_axis(
      Range::FromMinExtent(detail::Int(0), x->shape[axis]), "k");
  return te::compute(
      Without(x->shape, axis),
      [&](const Array<Var> &i) {
        return te::max(x(With(i, axis, k->var)), {k});
      },
      name);
}

Map<String, ObjectRef> AxisAttr(int axis) { return {{"axis", Integer(axis)}}; }

} // namespace

Tensor softmax(const Tensor &x, int axis) {
  axis = detail::NormalizeAxis(axis, x->shape.size(), "softmax");
  Tensor mx = MaxElem(x, axis, "T_softmax_maxelem");
  Tensor e = te::compute(
      x->shape,
      [&](const Array<Var> &i) {
        return exp(x(detail::ToIndex(i)) - mx(Without(i, axis)));
      },
      "T_softmax_exp", kElementWise);
  IterVar k = te::reduce_axis(
      Range::FromMinExtent(detail::Int(0), x->shape[axis]), "k");
  Tensor sum = te::compute(
      Without(x->shape, axis),
      [&](const Array<Var> &i) {
        return te::sum(e(With(i, axis, k->var)), {k});
      },
      "T_softmax_expsum");
  return te::compute(
      x->shape,
      [&](const Array<Var> &i) {
        return e(detail::ToIndex(i)) / sum(Without(i, axis));
      },
      "T_softmax_norm", "softmax_output", AxisAttr(axis));
}

Tensor log_softmax(const Tensor &x, int axis) {
  axis = detail::NormalizeAxis(axis, x->shape.size(), "log_softmax");
  Tensor mx = MaxElem(x, axis, "T_log_softmax_maxelem");
  IterVar k = te::reduce_axis(
      Range::FromMinExtent(detail::Int(0), x->shape[axis]), "k");
  Tensor sum = te::compute(
      Without(x->shape, axis),
      [&](const Array<Var> &i) {
        return te::sum(exp(x(With(i, axis, k->var)) - mx(detail::ToIndex(i))),
                       {k});
      },
      "T_log_softmax_expsum");
  return te::compute(
      x->shape,
      [&](const Array<Var> &i) {
        Array<PrimExpr> r = Without(i, axis);
        return x(detail::ToIndex(i)) - mx(r) - log(sum(r));
      },
      "T_log_softmax_norm", "log_softmax_output", AxisAttr(axis));
}

TVM_REGISTER_GLOBAL("topi.nn.softmax").set_body_typed(softmax);
TVM_REGISTER_GLOBAL("topi.nn.log_softmax").set_body_typed(log_softmax);

} // namespace nn
} // namespace topi
} // namespace tvm

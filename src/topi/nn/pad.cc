/*!
 * \file pad.cc
 * \brief Constant padding, the first stage of every padded convolution and
 * pooling.
 */
#include <tvm/runtime/registry.h>
#include <tvm/topi/nn.h>

#include "nn_utils.h"

namespace tvm {
namespace topi {
namespace nn {

using namespace tvm::tir; // NOLINT(*)

Tensor pad(const Tensor &t, Array<PrimExpr> pad_before,
           Array<PrimExpr> pad_after, PrimExpr pad_value, std::string name,
           std::string tag) {
  size_t n = t->shape.size();
  if (pad_after.empty())
    pad_after = pad_before;
  if (pad_before.size() > n || pad_after.size() > n) {
    TVM_THROW(ValueError) << "pad: pad_before / pad_after may have at most "
                          << n << " entries for a " << n << "-D input, found "
                          << pad_before.size() << " / " << pad_after.size();
  }
  std::vector<PrimExpr> before(n, detail::Int(0)), after(n, detail::Int(0));
  for (size_t i = 0; i < pad_before.size(); ++i)
    before[i] = pad_before[i];
  for (size_t i = 0; i < pad_after.size(); ++i)
    after[i] = pad_after[i];
  for (size_t i = 0; i < n; ++i) {
    for (const PrimExpr &p : {before[i], after[i]}) {
      const int64_t *v = as_const_int(p);
      if (v && *v < 0) {
        TVM_THROW(ValueError)
            << "pad: paddings must be >= 0, found " << *v << " on axis " << i;
      }
    }
  }
  if (!pad_value.defined())
    pad_value = make_zero(t->dtype);
  pad_value = cast(t->dtype, pad_value);
  Array<PrimExpr> shape;
  for (size_t i = 0; i < n; ++i)
    shape.push_back(t->shape[i] + before[i] + after[i]);
  return te::compute(
      shape,
      [&](const Array<Var> &idx) {
        Array<PrimExpr> in;
        PrimExpr inside;
        for (size_t i = 0; i < n; ++i) {
          if (is_zero(before[i]) && is_zero(after[i])) {
            in.push_back(idx[i]);
            continue;
          }
          // The read is clamped into the input: a vectorized pad evaluates both
          // sides of the select, and an unclamped index would load outside the
          // buffer.
          PrimExpr j = idx[i] - before[i];
          in.push_back(min(max(j, make_zero(j.dtype())), t->shape[i] - 1));
          PrimExpr c = idx[i] >= before[i] && idx[i] < before[i] + t->shape[i];
          inside = inside.defined() ? (inside && c) : c;
        }
        if (!inside.defined())
          return t(in);
        return if_then_else(inside, t(in), pad_value);
      },
      name, tag);
}

std::pair<Array<PrimExpr>, Array<PrimExpr>>
GetPadTuple(const Array<PrimExpr> &padding, size_t ndim,
            const std::string &op) {
  Array<PrimExpr> before, after;
  if (padding.size() == 1) {
    for (size_t i = 0; i < ndim; ++i)
      before.push_back(padding[0]);
    after = before;
  } else if (padding.size() == ndim) {
    before = padding;
    after = padding;
  } else if (padding.size() == 2 * ndim) {
    for (size_t i = 0; i < ndim; ++i) {
      before.push_back(padding[i]);
      after.push_back(padding[ndim + i]);
    }
  } else {
    TVM_THROW(ValueError) << op << ": padding must have 1, " << ndim << " or "
                          << 2 * ndim << " values for " << ndim
                          << " spatial dimensions, found " << padding.size();
  }
  for (size_t i = 0; i < ndim; ++i) {
    if (detail::ConstInt(before[i], op, "padding") < 0 ||
        detail::ConstInt(after[i], op, "padding") < 0) {
      TVM_THROW(ValueError) << op << ": padding must be >= 0, found "
                            << before[i] << " / " << after[i];
    }
  }
  return {before, after};
}

TVM_REGISTER_GLOBAL("topi.nn.pad")
    .set_body_typed([](Tensor t, Array<PrimExpr> pad_before,
                       Array<PrimExpr> pad_after, PrimExpr pad_value,
                       std::string name) {
      return pad(t, pad_before, pad_after, pad_value, name);
    });

} // namespace nn
} // namespace topi
} // namespace tvm

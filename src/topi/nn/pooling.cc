/*!
 * \file pooling.cc
 * \brief Max / average pooling over the H and W axes of a layout: windowed
 * (pool2d), whole extent (global_pool) and adaptive (adaptive_pool).
 */
#include <tvm/runtime/registry.h>
#include <tvm/topi/nn.h>

#include <algorithm>

#include "nn_utils.h"

namespace tvm {
namespace topi {
namespace nn {

using namespace tvm::tir; // NOLINT(*)
using detail::Int;

namespace {

/*! \brief Positions of 'H' and 'W' in \p layout, checked against the data's
 * rank. */
std::pair<int, int> SpatialAxes(const std::string &layout, const Tensor &data,
                                const std::string &op) {
  size_t h = layout.find('H'), w = layout.find('W');
  if (h == std::string::npos || w == std::string::npos ||
      layout.find('D') != std::string::npos) {
    TVM_THROW(ValueError)
        << op << ": layout must name the axes H and W (such as NCHW, NHWC or "
        << "NCHW16c), found '" << layout << "'";
  }
  size_t rank = 0;
  for (char c : layout)
    rank += std::isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
  // Blocked layouts ("NCHW16c") spell a factor before the lower-case axis.
  detail::CheckRank(data, rank, op, "data", layout);
  auto pos = [&](size_t at) {
    int p = 0;
    for (size_t i = 0; i < at; ++i)
      p += std::isalpha(static_cast<unsigned char>(layout[i])) ? 1 : 0;
    return p;
  };
  return {pos(h), pos(w)};
}

bool CheckPoolType(const std::string &pool_type, const std::string &op) {
  if (pool_type != "max" && pool_type != "avg") {
    TVM_THROW(ValueError) << op << ": pool_type must be 'max' or 'avg', found '"
                          << pool_type << "'";
  }
  return pool_type == "max";
}

/*! \brief The number of taps start + t*d (t in [0, k)) inside [lo, hi). */
PrimExpr TapsInside(PrimExpr start, int64_t k, int64_t d, PrimExpr lo,
                    PrimExpr hi) {
  auto first_at_or_after =
      [&](PrimExpr bound) { // ceil((bound - start) / d) clamped to [0, k]
        PrimExpr t = floordiv(bound - start + Int(d - 1), Int(d));
        return min(max(t, Int(0)), Int(k));
      };
  return first_at_or_after(hi) - first_at_or_after(lo);
}

} // namespace

Tensor pool2d(const Tensor &data, Array<PrimExpr> kernel,
              Array<PrimExpr> stride, Array<PrimExpr> dilation,
              Array<PrimExpr> padding, const std::string &pool_type,
              bool ceil_mode, const std::string &layout,
              bool count_include_pad) {
  const std::string op = "pool2d";
  bool is_max = CheckPoolType(pool_type, op);
  auto axes = SpatialAxes(layout, data, op);
  int ax[2] = {axes.first, axes.second};
  auto k = detail::ExpandInts(kernel, 2, op, "kernel", 1);
  auto s = detail::ExpandInts(stride, 2, op, "stride", 1);
  auto d = detail::ExpandInts(dilation, 2, op, "dilation", 1);
  auto pads = GetPadTuple(padding, 2, op);
  int64_t in[2], pb[2], pa[2], out[2], extra[2];
  for (int i = 0; i < 2; ++i) {
    in[i] = detail::ConstInt(data->shape[ax[i]], op, "data's spatial extent");
    pb[i] = detail::ConstInt(pads.first[i], op, "padding");
    pa[i] = detail::ConstInt(pads.second[i], op, "padding");
    int64_t padded = in[i] + pb[i] + pa[i], dk = (k[i] - 1) * d[i] + 1;
    if (dk > padded) {
      TVM_THROW(ValueError) << op << ": the window (extent " << dk
                            << ") is larger than the padded input (extent "
                            << padded << ") on axis " << ax[i];
    }
    if (ceil_mode) {
      out[i] = (padded - dk + s[i] - 1) / s[i] + 1;
      // The last window must start inside the input or its leading padding.
      if ((out[i] - 1) * s[i] >= in[i] + pb[i])
        --out[i];
    } else {
      out[i] = (padded - dk) / s[i] + 1;
    }
    extra[i] = std::max<int64_t>(0, (out[i] - 1) * s[i] + dk - padded);
  }
  Array<PrimExpr> before, after, shape = data->shape;
  for (size_t i = 0; i < data->shape.size(); ++i) {
    before.push_back(Int(0));
    after.push_back(Int(0));
  }
  bool padded = false;
  for (int i = 0; i < 2; ++i) {
    before.Set(ax[i], Int(pb[i]));
    after.Set(ax[i], Int(pa[i] + extra[i]));
    shape.Set(ax[i], Int(out[i]));
    padded = padded || pb[i] || pa[i] + extra[i];
  }
  PrimExpr fill = is_max ? min_value(data->dtype) : make_zero(data->dtype);
  Tensor p = padded ? pad(data, before, after, fill) : data;
  IterVar ry = detail::RAxis(k[0], "rv0"), rx = detail::RAxis(k[1], "rv1");
  auto window_index = [&](const Array<Var> &i) {
    Array<PrimExpr> idx = detail::ToIndex(i);
    idx.Set(ax[0], i[ax[0]] * Int(s[0]) + ry->var * Int(d[0]));
    idx.Set(ax[1], i[ax[1]] * Int(s[1]) + rx->var * Int(d[1]));
    return idx;
  };
  if (is_max) {
    return te::compute(
        shape,
        [&](const Array<Var> &i) {
          return te::max(p(window_index(i)), {ry, rx});
        },
        "pool_max", "pool_max");
  }
  Tensor sum = te::compute(
      shape,
      [&](const Array<Var> &i) {
        return te::sum(p(window_index(i)), {ry, rx});
      },
      "pool_sum", "pool_sum");
  return te::compute(
      shape,
      [&](const Array<Var> &i) {
        PrimExpr count = Int(1);
        for (int a = 0; a < 2; ++a) {
          PrimExpr start = i[ax[a]] * Int(s[a]) - Int(pb[a]);
          PrimExpr lo = count_include_pad ? Int(-pb[a]) : Int(0);
          PrimExpr hi = count_include_pad ? Int(in[a] + pa[a]) : Int(in[a]);
          count = count * TapsInside(start, k[a], d[a], lo, hi);
        }
        return div(sum(detail::ToIndex(i)),
                   cast(data->dtype, max(count, Int(1))));
      },
      "pool_avg", "pool_avg");
}

Tensor adaptive_pool(const Tensor &data, Array<PrimExpr> output_size,
                     const std::string &pool_type, const std::string &layout) {
  const std::string op = "adaptive_pool";
  bool is_max = CheckPoolType(pool_type, op);
  auto axes = SpatialAxes(layout, data, op);
  int ax[2] = {axes.first, axes.second};
  auto osz = detail::ExpandInts(output_size, 2, op, "output_size", 1);
  int64_t in[2], kmax[2];
  bool uniform = true;
  Array<PrimExpr> shape = data->shape;
  for (int i = 0; i < 2; ++i) {
    in[i] = detail::ConstInt(data->shape[ax[i]], op, "data's spatial extent");
    kmax[i] = 0;
    for (int64_t o = 0; o < osz[i]; ++o) {
      int64_t start = o * in[i] / osz[i],
              end = ((o + 1) * in[i] + osz[i] - 1) / osz[i];
      kmax[i] = std::max(kmax[i], end - start);
    }
    uniform = uniform && in[i] % osz[i] == 0;
    shape.Set(ax[i], Int(osz[i]));
  }
  IterVar ry = detail::RAxis(kmax[0], "rv0"),
          rx = detail::RAxis(kmax[1], "rv1");
  IterVar r[2] = {ry, rx};
  auto start = [&](const PrimExpr &o, int a) {
    return floordiv(o * Int(in[a]), Int(osz[a]));
  };
  auto end = [&](const PrimExpr &o, int a) {
    return floordiv((o + 1) * Int(in[a]) + Int(osz[a] - 1), Int(osz[a]));
  };
  auto body = [&](const Array<Var> &i, PrimExpr fill) {
    Array<PrimExpr> idx = detail::ToIndex(i);
    PrimExpr inside;
    for (int a = 0; a < 2; ++a) {
      PrimExpr pos = start(i[ax[a]], a) + r[a]->var;
      if (uniform) {
        idx.Set(ax[a], pos);
      } else {
        idx.Set(ax[a], min(pos, Int(in[a] - 1)));
        PrimExpr c = pos < end(i[ax[a]], a);
        inside = inside.defined() ? (inside && c) : c;
      }
    }
    return inside.defined() ? if_then_else(inside, data(idx), fill) : data(idx);
  };
  std::string prefix =
      osz[0] == 1 && osz[1] == 1 ? "global_pool" : "adaptive_pool";
  if (is_max) {
    return te::compute(
        shape,
        [&](const Array<Var> &i) {
          return te::max(body(i, min_value(data->dtype)), {ry, rx});
        },
        prefix + "_max", prefix + "_max");
  }
  Tensor sum = te::compute(
      shape,
      [&](const Array<Var> &i) {
        return te::sum(body(i, make_zero(data->dtype)), {ry, rx});
      },
      prefix + "_sum", prefix + "_sum");
  return te::compute(
      shape,
      [&](const Array<Var> &i) {
        PrimExpr count = Int(1);
        for (int a = 0; a < 2; ++a)
          count = count * (end(i[ax[a]], a) - start(i[ax[a]], a));
        return div(sum(detail::ToIndex(i)), cast(data->dtype, count));
      },
      prefix + "_avg", prefix + "_avg");
}

Tensor global_pool(const Tensor &data, const std::string &pool_type,
                   const std::string &layout) {
  return adaptive_pool(data, {Int(1), Int(1)}, pool_type, layout);
}

TVM_REGISTER_GLOBAL("topi.nn.pool2d").set_body_typed(pool2d);
TVM_REGISTER_GLOBAL("topi.nn.global_pool").set_body_typed(global_pool);
TVM_REGISTER_GLOBAL("topi.nn.adaptive_pool").set_body_typed(adaptive_pool);

} // namespace nn
} // namespace topi
} // namespace tvm

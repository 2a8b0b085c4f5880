/*!
 * \file conv.cc
 * \brief Convolutions: channels-first with any spatial rank and groups, NHWC,
 * depthwise, the blocked NCHWc layout of the x86 schedules, and transposed
 * convolution.
 *
 * Each pads its input in a separate "PadInput" stage (skipped when there is no
 * padding) and reduces in out_dtype: int8 inputs with out_dtype int32
 * accumulate exactly.
 */
#include <tvm/runtime/registry.h>
#include <tvm/topi/nn.h>

#include "nn_utils.h"

namespace tvm {
namespace topi {
namespace nn {

using namespace tvm::tir; // NOLINT(*)
using detail::ConstShape;
using detail::ConstShapeBatched;
using detail::ExpandInts;
using detail::Int;

namespace {

/*! \brief The checked geometry of a convolution's spatial dimensions. */
struct Window {
  std::vector<int64_t> stride, dilation, out;
  Array<PrimExpr> pad_before, pad_after;
  bool padded = false;
};

/*! \brief Strides, dilations, paddings and output extents of \p in (input
 * extents) under kernel extents \p k; ValueError when a dilated kernel exceeds
 * the padded input. */
Window MakeWindow(const std::vector<int64_t> &in, const std::vector<int64_t> &k,
                  const Array<PrimExpr> &strides,
                  const Array<PrimExpr> &padding,
                  const Array<PrimExpr> &dilation, const std::string &op) {
  size_t nd = in.size();
  Window w;
  w.stride = ExpandInts(strides, nd, op, "strides", 1);
  w.dilation = ExpandInts(dilation, nd, op, "dilation", 1);
  auto pads = GetPadTuple(padding, nd, op);
  w.pad_before = pads.first;
  w.pad_after = pads.second;
  for (size_t i = 0; i < nd; ++i) {
    int64_t pb = detail::ConstInt(w.pad_before[i], op, "padding");
    int64_t pa = detail::ConstInt(w.pad_after[i], op, "padding");
    w.padded = w.padded || pb != 0 || pa != 0;
    int64_t extent = in[i] + pb + pa;
    int64_t dk = (k[i] - 1) * w.dilation[i] + 1;
    if (dk > extent) {
      TVM_THROW(ValueError)
          << op << ": the kernel (extent " << dk << " with dilation "
          << w.dilation[i] << ") is larger than the padded input (extent "
          << extent << ") on spatial axis " << i;
    }
    w.out.push_back((extent - dk) / w.stride[i] + 1);
  }
  return w;
}

/*! \brief \p data padded on the spatial axes at positions \p axes (the rest
 * unpadded). */
Tensor PadSpatial(const Tensor &data, const Window &w,
                  const std::vector<size_t> &axes) {
  if (!w.padded)
    return data;
  Array<PrimExpr> before, after;
  for (size_t i = 0; i < data->shape.size(); ++i) {
    before.push_back(Int(0));
    after.push_back(Int(0));
  }
  for (size_t i = 0; i < axes.size(); ++i) {
    before.Set(axes[i], w.pad_before[i]);
    after.Set(axes[i], w.pad_after[i]);
  }
  return pad(data, before, after, make_zero(data->dtype));
}

DataType OrDefault(DataType out_dtype, const Tensor &data) {
  return out_dtype.is_void() ? data->dtype : out_dtype;
}

void CheckDim(int64_t found, int64_t expected, const std::string &op,
              const std::string &what) {
  if (found != expected) {
    TVM_THROW(ValueError) << op << ": " << what << " must be " << expected
                          << ", found " << found;
  }
}

} // namespace

Tensor conv_ncx(const Tensor &data, const Tensor &kernel,
                Array<PrimExpr> strides, Array<PrimExpr> padding,
                Array<PrimExpr> dilation, int groups, DataType out_dtype,
                const std::string &op, std::string tag) {
  size_t rank = data->shape.size();
  if (rank < 3) {
    TVM_THROW(ValueError)
        << op << ": data must be at least 3-D (N, C, spatial...), found "
        << detail::ShapeStr(data->shape);
  }
  size_t nd = rank - 2;
  detail::CheckRank(kernel, rank, op, "kernel");
  auto ds = ConstShapeBatched(data, op, "data");
  auto ks = ConstShape(kernel, op, "kernel");
  int64_t C = ds[1], K = ks[0];
  if (groups < 1 || C % groups != 0 || K % groups != 0) {
    TVM_THROW(ValueError)
        << op << ": groups must be >= 1 and divide both the input channels ("
        << C << ") and the output channels (" << K << "), found " << groups;
  }
  int64_t cg = C / groups, kg = K / groups;
  CheckDim(ks[1], cg, op,
           "kernel dimension 1 (input channels / groups = " +
               std::to_string(C) + " / " + std::to_string(groups) + ")");
  Window w = MakeWindow(std::vector<int64_t>(ds.begin() + 2, ds.end()),
                        std::vector<int64_t>(ks.begin() + 2, ks.end()), strides,
                        padding, dilation, op);
  std::vector<size_t> axes;
  for (size_t i = 0; i < nd; ++i)
    axes.push_back(i + 2);
  Tensor p = PadSpatial(data, w, axes);
  out_dtype = OrDefault(out_dtype, data);
  IterVar rc = detail::RAxis(cg, "rc");
  Array<IterVar> rk;
  const char *names[] = {"rd", "ry", "rx"};
  for (size_t i = 0; i < nd; ++i) {
    rk.push_back(detail::RAxis(ks[2 + i], nd <= 3 ? names[3 - nd + i] : "rk"));
  }
  Array<PrimExpr> shape{data->shape[0], kernel->shape[0]};
  for (int64_t o : w.out)
    shape.push_back(Int(o));
  Array<IterVar> axis{rc};
  for (const IterVar &r : rk)
    axis.push_back(r);
  return te::compute(
      shape,
      [&](const Array<Var> &i) {
        PrimExpr ch = groups == 1 ? PrimExpr(rc->var)
                                  : floordiv(i[1], Int(kg)) * Int(cg) + rc->var;
        Array<PrimExpr> di{i[0], ch}, ki{i[1], rc->var};
        for (size_t d = 0; d < nd; ++d) {
          di.push_back(i[2 + d] * Int(w.stride[d]) +
                       rk[d]->var * Int(w.dilation[d]));
          ki.push_back(rk[d]->var);
        }
        return te::sum(cast(out_dtype, p(di)) * cast(out_dtype, kernel(ki)),
                       axis);
      },
      tag, tag);
}

Tensor conv1d_ncw(const Tensor &data, const Tensor &kernel,
                  Array<PrimExpr> strides, Array<PrimExpr> padding,
                  Array<PrimExpr> dilation, DataType out_dtype) {
  detail::CheckRank(data, 3, "conv1d_ncw", "data", "NCW");
  return conv_ncx(data, kernel, strides, padding, dilation, 1, out_dtype,
                  "conv1d_ncw", "conv1d_ncw");
}

Tensor conv2d_nchw(const Tensor &data, const Tensor &kernel,
                   Array<PrimExpr> strides, Array<PrimExpr> padding,
                   Array<PrimExpr> dilation, DataType out_dtype) {
  detail::CheckRank(data, 4, "conv2d_nchw", "data", "NCHW");
  return conv_ncx(data, kernel, strides, padding, dilation, 1, out_dtype,
                  "conv2d_nchw", "conv2d_nchw");
}

Tensor group_conv2d_nchw(const Tensor &data, const Tensor &kernel,
                         Array<PrimExpr> strides, Array<PrimExpr> padding,
                         Array<PrimExpr> dilation, int groups,
                         DataType out_dtype) {
  detail::CheckRank(data, 4, "group_conv2d_nchw", "data", "NCHW");
  return conv_ncx(data, kernel, strides, padding, dilation, groups, out_dtype,
                  "group_conv2d_nchw", "group_conv2d_nchw");
}

Tensor conv3d_ncdhw(const Tensor &data, const Tensor &kernel,
                    Array<PrimExpr> strides, Array<PrimExpr> padding,
                    Array<PrimExpr> dilation, int groups, DataType out_dtype) {
  detail::CheckRank(data, 5, "conv3d_ncdhw", "data", "NCDHW");
  return conv_ncx(data, kernel, strides, padding, dilation, groups, out_dtype,
                  "conv3d_ncdhw", "conv3d_ncdhw");
}

Tensor conv2d_nhwc(const Tensor &data, const Tensor &kernel,
                   Array<PrimExpr> strides, Array<PrimExpr> padding,
                   Array<PrimExpr> dilation, DataType out_dtype) {
  const std::string op = "conv2d_nhwc";
  detail::CheckRank(data, 4, op, "data", "NHWC");
  detail::CheckRank(kernel, 4, op, "kernel", "HWIO");
  auto ds = ConstShapeBatched(data, op, "data");
  auto ks = ConstShape(kernel, op, "kernel");
  CheckDim(ks[2], ds[3], op,
           "kernel dimension 2 (HWIO input channels = data's channels)");
  Window w = MakeWindow({ds[1], ds[2]}, {ks[0], ks[1]}, strides, padding,
                        dilation, op);
  Tensor p = PadSpatial(data, w, {1, 2});
  out_dtype = OrDefault(out_dtype, data);
  IterVar ry = detail::RAxis(ks[0], "ry");
  IterVar rx = detail::RAxis(ks[1], "rx");
  IterVar rc = detail::RAxis(ks[2], "rc");
  return te::compute(
      {data->shape[0], Int(w.out[0]), Int(w.out[1]), kernel->shape[3]},
      [&](const Array<Var> &i) {
        PrimExpr y = i[1] * Int(w.stride[0]) + ry->var * Int(w.dilation[0]);
        PrimExpr x = i[2] * Int(w.stride[1]) + rx->var * Int(w.dilation[1]);
        return te::sum(
            cast(out_dtype, p(i[0], y, x, rc->var)) *
                cast(out_dtype, kernel(ry->var, rx->var, rc->var, i[3])),
            {ry, rx, rc});
      },
      op, op);
}

Tensor depthwise_conv2d_nchw(const Tensor &data, const Tensor &kernel,
                             Array<PrimExpr> strides, Array<PrimExpr> padding,
                             Array<PrimExpr> dilation, DataType out_dtype) {
  const std::string op = "depthwise_conv2d_nchw";
  detail::CheckRank(data, 4, op, "data", "NCHW");
  detail::CheckRank(kernel, 4, op, "kernel", "C, multiplier, KH, KW");
  auto ds = ConstShapeBatched(data, op, "data");
  auto ks = ConstShape(kernel, op, "kernel");
  CheckDim(ks[0], ds[1], op, "kernel dimension 0 (data's channels)");
  int64_t m = ks[1];
  Window w = MakeWindow({ds[2], ds[3]}, {ks[2], ks[3]}, strides, padding,
                        dilation, op);
  Tensor p = PadSpatial(data, w, {2, 3});
  out_dtype = OrDefault(out_dtype, data);
  IterVar ry = detail::RAxis(ks[2], "ry");
  IterVar rx = detail::RAxis(ks[3], "rx");
  return te::compute(
      {data->shape[0], Int(ds[1] * m), Int(w.out[0]), Int(w.out[1])},
      [&](const Array<Var> &i) {
        PrimExpr c = m == 1 ? PrimExpr(i[1]) : floordiv(i[1], Int(m));
        PrimExpr mi = m == 1 ? Int(0) : floormod(i[1], Int(m));
        PrimExpr y = i[2] * Int(w.stride[0]) + ry->var * Int(w.dilation[0]);
        PrimExpr x = i[3] * Int(w.stride[1]) + rx->var * Int(w.dilation[1]);
        return te::sum(cast(out_dtype, p(i[0], c, y, x)) *
                           cast(out_dtype, kernel(c, mi, ry->var, rx->var)),
                       {ry, rx});
      },
      op, op);
}

Tensor depthwise_conv2d_nhwc(const Tensor &data, const Tensor &kernel,
                             Array<PrimExpr> strides, Array<PrimExpr> padding,
                             Array<PrimExpr> dilation, DataType out_dtype) {
  const std::string op = "depthwise_conv2d_nhwc";
  detail::CheckRank(data, 4, op, "data", "NHWC");
  detail::CheckRank(kernel, 4, op, "kernel", "KH, KW, C, multiplier");
  auto ds = ConstShapeBatched(data, op, "data");
  auto ks = ConstShape(kernel, op, "kernel");
  CheckDim(ks[2], ds[3], op, "kernel dimension 2 (data's channels)");
  int64_t m = ks[3];
  Window w = MakeWindow({ds[1], ds[2]}, {ks[0], ks[1]}, strides, padding,
                        dilation, op);
  Tensor p = PadSpatial(data, w, {1, 2});
  out_dtype = OrDefault(out_dtype, data);
  IterVar ry = detail::RAxis(ks[0], "ry");
  IterVar rx = detail::RAxis(ks[1], "rx");
  return te::compute(
      {data->shape[0], Int(w.out[0]), Int(w.out[1]), Int(ds[3] * m)},
      [&](const Array<Var> &i) {
        PrimExpr c = m == 1 ? PrimExpr(i[3]) : floordiv(i[3], Int(m));
        PrimExpr mi = m == 1 ? Int(0) : floormod(i[3], Int(m));
        PrimExpr y = i[1] * Int(w.stride[0]) + ry->var * Int(w.dilation[0]);
        PrimExpr x = i[2] * Int(w.stride[1]) + rx->var * Int(w.dilation[1]);
        return te::sum(cast(out_dtype, p(i[0], y, x, c)) *
                           cast(out_dtype, kernel(ry->var, rx->var, c, mi)),
                       {ry, rx});
      },
      op, op);
}

Tensor conv2d_NCHWc(const Tensor &data, const Tensor &kernel,
                    Array<PrimExpr> strides, Array<PrimExpr> padding,
                    Array<PrimExpr> dilation, DataType out_dtype) {
  const std::string op = "conv2d_NCHWc";
  detail::CheckRank(data, 5, op, "data", "N, C/ic_bn, H, W, ic_bn");
  detail::CheckRank(kernel, 6, op, "kernel",
                    "K/oc_bn, C/ic_bn, KH, KW, ic_bn, oc_bn");
  auto ds = ConstShapeBatched(data, op, "data");
  auto ks = ConstShape(kernel, op, "kernel");
  CheckDim(ks[1], ds[1], op,
           "kernel dimension 1 (data's channel blocks C/ic_bn)");
  CheckDim(ks[4], ds[4], op, "kernel dimension 4 (data's channel block ic_bn)");
  Window w = MakeWindow({ds[2], ds[3]}, {ks[2], ks[3]}, strides, padding,
                        dilation, op);
  Tensor p = PadSpatial(data, w, {2, 3});
  out_dtype = OrDefault(out_dtype, data);
  IterVar ico = detail::RAxis(ds[1], "ic_outer");
  IterVar ry = detail::RAxis(ks[2], "kh");
  IterVar rx = detail::RAxis(ks[3], "kw");
  IterVar ici = detail::RAxis(ds[4], "ic_inner");
  return te::compute(
      {data->shape[0], kernel->shape[0], Int(w.out[0]), Int(w.out[1]),
       kernel->shape[5]},
      [&](const Array<Var> &i) {
        PrimExpr y = i[2] * Int(w.stride[0]) + ry->var * Int(w.dilation[0]);
        PrimExpr x = i[3] * Int(w.stride[1]) + rx->var * Int(w.dilation[1]);
        return te::sum(cast(out_dtype, p(i[0], ico->var, y, x, ici->var)) *
                           cast(out_dtype, kernel(i[1], ico->var, ry->var,
                                                  rx->var, ici->var, i[4])),
                       {ico, ry, rx, ici});
      },
      op, op);
}

Tensor depthwise_conv2d_NCHWc(const Tensor &data, const Tensor &kernel,
                              Array<PrimExpr> strides, Array<PrimExpr> padding,
                              Array<PrimExpr> dilation, DataType out_dtype) {
  const std::string op = "depthwise_conv2d_NCHWc";
  detail::CheckRank(data, 5, op, "data", "N, C/ic_bn, H, W, ic_bn");
  detail::CheckRank(kernel, 6, op, "kernel", "K/oc_bn, 1, KH, KW, 1, oc_bn");
  auto ds = ConstShapeBatched(data, op, "data");
  auto ks = ConstShape(kernel, op, "kernel");
  CheckDim(ks[1], 1, op, "kernel dimension 1");
  CheckDim(ks[4], 1, op, "kernel dimension 4");
  int64_t channels = ds[1] * ds[4];
  int64_t out_channels = ks[0] * ks[5];
  if (out_channels % channels != 0) {
    TVM_THROW(ValueError)
        << op << ": the output channels (kernel dimensions 0 x 5 = "
        << out_channels << ") must be a multiple of the input channels ("
        << channels << "), found " << ks[0] << " x " << ks[5];
  }
  int64_t m = out_channels / channels;
  Window w = MakeWindow({ds[2], ds[3]}, {ks[2], ks[3]}, strides, padding,
                        dilation, op);
  Tensor p = PadSpatial(data, w, {2, 3});
  out_dtype = OrDefault(out_dtype, data);
  IterVar ry = detail::RAxis(ks[2], "kh");
  IterVar rx = detail::RAxis(ks[3], "kw");
  int64_t ib = ds[4], ob = ks[5];
  return te::compute(
      {data->shape[0], kernel->shape[0], Int(w.out[0]), Int(w.out[1]),
       kernel->shape[5]},
      [&](const Array<Var> &i) {
        // Output channel o = i[1] * ob + i[4] reads input channel o / m. With
        // multiplier 1 and equal blocks that is the same block and lane, which
        // keeps the lane index a plain loop variable (vectorizable).
        PrimExpr cb = i[1], ci = i[4];
        if (m != 1 || ib != ob) {
          PrimExpr c = floordiv(i[1] * Int(ob) + i[4], Int(m));
          cb = floordiv(c, Int(ib));
          ci = floormod(c, Int(ib));
        }
        PrimExpr y = i[2] * Int(w.stride[0]) + ry->var * Int(w.dilation[0]);
        PrimExpr x = i[3] * Int(w.stride[1]) + rx->var * Int(w.dilation[1]);
        return te::sum(cast(out_dtype, p(i[0], cb, y, x, ci)) *
                           cast(out_dtype, kernel(i[1], Int(0), ry->var,
                                                  rx->var, Int(0), i[4])),
                       {ry, rx});
      },
      op, op);
}

Tensor conv2d_transpose_nchw(const Tensor &data, const Tensor &kernel,
                             Array<PrimExpr> strides, Array<PrimExpr> padding,
                             DataType out_dtype,
                             Array<PrimExpr> output_padding) {
  const std::string op = "conv2d_transpose_nchw";
  detail::CheckRank(data, 4, op, "data", "NCHW");
  detail::CheckRank(kernel, 4, op, "kernel", "IOHW");
  auto ds = ConstShapeBatched(data, op, "data");
  auto ks = ConstShape(kernel, op, "kernel");
  CheckDim(ks[0], ds[1], op, "kernel dimension 0 (data's channels)");
  auto stride = ExpandInts(strides, 2, op, "strides", 1);
  auto opad = ExpandInts(output_padding, 2, op, "output_padding", 0);
  auto pads = GetPadTuple(padding, 2, op);
  // The transposed convolution is a direct convolution with the flipped kernel
  // over the input dilated by the stride and padded by (k - 1 - pad) before, (k
  // - 1 - pad + output_padding) after.
  std::vector<int64_t> before(2), extent(2);
  for (int d = 0; d < 2; ++d) {
    if (opad[d] >= stride[d]) {
      TVM_THROW(ValueError)
          << op << ": output_padding must be smaller than the stride, found "
          << opad[d] << " >= " << stride[d];
    }
    int64_t pb = detail::ConstInt(pads.first[d], op, "padding");
    int64_t pa = detail::ConstInt(pads.second[d], op, "padding");
    int64_t k = ks[2 + d];
    before[d] = k - 1 - pb;
    extent[d] =
        (ds[2 + d] - 1) * stride[d] + 1 + before[d] + (k - 1 - pa + opad[d]);
    if (extent[d] - k + 1 < 1) {
      TVM_THROW(ValueError) << op << ": padding " << pb << " + " << pa
                            << " leaves no output on spatial axis " << d;
    }
  }
  out_dtype = OrDefault(out_dtype, data);
  Tensor dilated = te::compute(
      {data->shape[0], data->shape[1], Int(extent[0]), Int(extent[1])},
      [&](const Array<Var> &i) {
        PrimExpr jy = i[2] - Int(before[0]), jx = i[3] - Int(before[1]);
        PrimExpr sy = Int(stride[0]), sx = Int(stride[1]);
        PrimExpr inside = jy >= 0 && jx >= 0 && floormod(jy, sy) == 0 &&
                          floormod(jx, sx) == 0 &&
                          floordiv(jy, sy) < Int(ds[2]) &&
                          floordiv(jx, sx) < Int(ds[3]);
        // Clamped reads: a vectorized select evaluates the load on both sides.
        PrimExpr y = min(max(floordiv(jy, sy), 0), Int(ds[2] - 1));
        PrimExpr x = min(max(floordiv(jx, sx), 0), Int(ds[3] - 1));
        return if_then_else(inside, data(i[0], i[1], y, x),
                            make_zero(data->dtype));
      },
      "data_pad", "injective,pad");
  IterVar rc = detail::RAxis(ds[1], "rc");
  IterVar ry = detail::RAxis(ks[2], "ry");
  IterVar rx = detail::RAxis(ks[3], "rx");
  return te::compute(
      {data->shape[0], kernel->shape[1], Int(extent[0] - ks[2] + 1),
       Int(extent[1] - ks[3] + 1)},
      [&](const Array<Var> &i) {
        return te::sum(
            cast(out_dtype,
                 dilated(i[0], rc->var, i[2] + ry->var, i[3] + rx->var)) *
                cast(out_dtype, kernel(rc->var, i[1], Int(ks[2] - 1) - ry->var,
                                       Int(ks[3] - 1) - rx->var)),
            {rc, ry, rx});
      },
      op, op);
}

// ---- FFI
// ----------------------------------------------------------------------------------

TVM_REGISTER_GLOBAL("topi.nn.conv1d_ncw").set_body_typed(conv1d_ncw);
TVM_REGISTER_GLOBAL("topi.nn.conv2d_nchw").set_body_typed(conv2d_nchw);
TVM_REGISTER_GLOBAL("topi.nn.group_conv2d_nchw")
    .set_body_typed(group_conv2d_nchw);
TVM_REGISTER_GLOBAL("topi.nn.conv3d_ncdhw").set_body_typed(conv3d_ncdhw);
TVM_REGISTER_GLOBAL("topi.nn.conv2d_nhwc").set_body_typed(conv2d_nhwc);
TVM_REGISTER_GLOBAL("topi.nn.depthwise_conv2d_nchw")
    .set_body_typed(depthwise_conv2d_nchw);
TVM_REGISTER_GLOBAL("topi.nn.depthwise_conv2d_nhwc")
    .set_body_typed(depthwise_conv2d_nhwc);
TVM_REGISTER_GLOBAL("topi.nn.conv2d_NCHWc").set_body_typed(conv2d_NCHWc);
TVM_REGISTER_GLOBAL("topi.nn.depthwise_conv2d_NCHWc")
    .set_body_typed(depthwise_conv2d_NCHWc);
TVM_REGISTER_GLOBAL("topi.nn.conv2d_transpose_nchw")
    .set_body_typed(conv2d_transpose_nchw);

} // namespace nn
} // namespace topi
} // namespace tvm

/*!
 * \file resize.cc
 * \brief 2-D image resize (nearest / linear; registered as topi.image.resize2d)
 * and the nn.upsampling built on it.
 *
 * An output coordinate o maps to an input coordinate by the coordinate
 * transformation mode (ONNX's names); nearest rounds it, linear interpolates
 * between the two neighbours, both clamped to the input. asymmetric + floor,
 * the nearest upsampling of most networks, is computed in exact integer
 * arithmetic (floor(o * in / out)).
 */
#include <tvm/runtime/registry.h>
#include <tvm/topi/nn.h>

#include <cmath>

#include "nn_utils.h"

namespace tvm {
namespace topi {
namespace nn {

using namespace tvm::tir; // NOLINT(*)
using detail::Int;

namespace {

PrimExpr InputCoord(PrimExpr o, int64_t in, int64_t out,
                    const std::string &mode) {
  DataType f = DataType::Float(32);
  PrimExpr x = cast(f, o);
  double scale = static_cast<double>(in) / static_cast<double>(out);
  if (mode == "half_pixel")
    return (x + make_const(f, 0.5)) * make_const(f, scale) - make_const(f, 0.5);
  if (mode == "pytorch_half_pixel") {
    if (out == 1)
      return make_const(f, 0.0);
    return (x + make_const(f, 0.5)) * make_const(f, scale) - make_const(f, 0.5);
  }
  if (mode == "align_corners") {
    if (out == 1)
      return make_const(f, 0.0);
    return x * make_const(f, static_cast<double>(in - 1) /
                                 static_cast<double>(out - 1));
  }
  if (mode == "asymmetric")
    return x * make_const(f, scale);
  if (mode == "tf_half_pixel_for_nn")
    return (x + make_const(f, 0.5)) * make_const(f, scale);
  TVM_THROW(ValueError)
      << "resize2d: coordinate_transformation_mode must be one of half_pixel, "
      << "pytorch_half_pixel, align_corners, asymmetric, tf_half_pixel_for_nn; "
      << "found '" << mode << "'";
}

PrimExpr Clamp(PrimExpr v, int64_t hi) { return min(max(v, Int(0)), Int(hi)); }

PrimExpr NearestIndex(PrimExpr o, int64_t in, int64_t out,
                      const std::string &mode, const std::string &rounding) {
  if (mode == "asymmetric" && rounding == "floor") {
    return Clamp(floordiv(o * Int(in), Int(out)), in - 1);
  }
  PrimExpr x = InputCoord(o, in, out, mode);
  DataType f = DataType::Float(32);
  PrimExpr r;
  if (rounding == "round") {
    r = round(x);
  } else if (rounding == "floor") {
    r = floor(x);
  } else if (rounding == "ceil") {
    r = ceil(x);
  } else if (rounding == "round_prefer_floor") {
    r = ceil(x - make_const(f, 0.5));
  } else if (rounding == "round_prefer_ceil") {
    r = floor(x + make_const(f, 0.5));
  } else {
    TVM_THROW(ValueError)
        << "resize2d: rounding_method must be one of round, floor, ceil, "
        << "round_prefer_floor, round_prefer_ceil; found '" << rounding << "'";
  }
  return Clamp(cast(DataType::Int(32), r), in - 1);
}

} // namespace

Tensor resize2d(const Tensor &data, Array<PrimExpr> size,
                const std::string &layout, const std::string &method,
                const std::string &coordinate_transformation_mode,
                const std::string &rounding_method, DataType out_dtype) {
  const std::string op = "resize2d";
  int hx, wx;
  detail::CheckRank(data, 4, op, "data", layout);
  if (layout == "NCHW") {
    hx = 2, wx = 3;
  } else if (layout == "NHWC") {
    hx = 1, wx = 2;
  } else {
    TVM_THROW(ValueError) << op << ": layout must be 'NCHW' or 'NHWC', found '"
                          << layout << "'";
  }
  auto osz = detail::ExpandInts(size, 2, op, "size", 1);
  int64_t in_h = detail::ConstInt(data->shape[hx], op, "data's height");
  int64_t in_w = detail::ConstInt(data->shape[wx], op, "data's width");
  if (out_dtype.is_void())
    out_dtype = data->dtype;
  const std::string &mode = coordinate_transformation_mode;
  Array<PrimExpr> shape = data->shape;
  shape.Set(hx, Int(osz[0]));
  shape.Set(wx, Int(osz[1]));
  if (method == "nearest_neighbor") {
    std::string rounding = rounding_method;
    if (rounding.empty())
      rounding = mode == "align_corners" ? "round" : "floor";
    return te::compute(
        shape,
        [&](const Array<Var> &i) {
          Array<PrimExpr> idx = detail::ToIndex(i);
          idx.Set(hx, NearestIndex(i[hx], in_h, osz[0], mode, rounding));
          idx.Set(wx, NearestIndex(i[wx], in_w, osz[1], mode, rounding));
          return cast(out_dtype, data(idx));
        },
        "resize", kInjective);
  }
  if (method != "linear" && method != "bilinear") {
    TVM_THROW(ValueError)
        << op << ": method must be 'nearest_neighbor' or 'linear', found '"
        << method << "'";
  }
  return te::compute(
      shape,
      [&](const Array<Var> &i) {
        DataType f = DataType::Float(32);
        PrimExpr y = InputCoord(i[hx], in_h, osz[0], mode);
        PrimExpr x = InputCoord(i[wx], in_w, osz[1], mode);
        PrimExpr y0 = floor(y), x0 = floor(x);
        PrimExpr ly = y - y0, lx = x - x0;
        PrimExpr iy = cast(DataType::Int(32), y0),
                 ix = cast(DataType::Int(32), x0);
        auto at = [&](PrimExpr yy, PrimExpr xx) {
          Array<PrimExpr> idx = detail::ToIndex(i);
          idx.Set(hx, Clamp(yy, in_h - 1));
          idx.Set(wx, Clamp(xx, in_w - 1));
          return cast(f, data(idx));
        };
        PrimExpr one = make_const(f, 1.0);
        PrimExpr top = at(iy, ix) * (one - lx) + at(iy, ix + 1) * lx;
        PrimExpr bottom = at(iy + 1, ix) * (one - lx) + at(iy + 1, ix + 1) * lx;
        return cast(out_dtype, top * (one - ly) + bottom * ly);
      },
      "resize", kInjective);
}

Tensor upsampling(const Tensor &data, double scale_h, double scale_w,
                  const std::string &layout, const std::string &method,
                  bool align_corners) {
  const std::string op = "upsampling";
  detail::CheckRank(data, 4, op, "data", layout);
  int hx = layout == "NHWC" ? 1 : 2;
  int64_t h = detail::ConstInt(data->shape[hx], op, "data's height");
  int64_t w = detail::ConstInt(data->shape[hx + 1], op, "data's width");
  Array<PrimExpr> size{Int(static_cast<int64_t>(std::round(h * scale_h))),
                       Int(static_cast<int64_t>(std::round(w * scale_w)))};
  std::string m = method == "bilinear" ? "linear" : method;
  return resize2d(data, size, layout, m,
                  align_corners ? "align_corners" : "asymmetric", "",
                  data->dtype);
}

TVM_REGISTER_GLOBAL("topi.image.resize2d").set_body_typed(resize2d);
TVM_REGISTER_GLOBAL("topi.nn.upsampling").set_body_typed(upsampling);

} // namespace nn
} // namespace topi
} // namespace tvm

/*!
 * \file upsampling.cc
 * \brief nn.upsampling (scale the spatial axes) and the adaptive pools (a given output size).
 */
#include <tvm/relay/attrs/nn.h>

#include <cmath>

#include "../op_common.h"
#include "layout_util.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(UpSamplingAttrs);
TVM_REGISTER_NODE_TYPE(AdaptivePool2DAttrs);

namespace {

const TensorTypeNode* Data4D(const Array<Type>& types, const TypeReporter& reporter,
                             const String& layout) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data != nullptr && data->shape.size() != 4) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a 4-D tensor in layout " << layout
                         << ", but has type " << TypeText(types[0]);
  }
  return data;
}

bool UpSamplingRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                   const TypeReporter& reporter) {
  const auto* a = attrs.as<UpSamplingAttrs>();
  const TensorTypeNode* data = Data4D(types, reporter, a->layout);
  if (data == nullptr) return false;
  std::array<int, 4> d = LayoutAxes(a->layout, "NCHW", "layout");
  auto scale = [&](int axis, double s) -> PrimExpr {
    if (s <= 0) TVM_THROW(TypeError) << "scale factors must be positive, got " << s;
    std::optional<int64_t> n = ConstDim(data->shape[axis]);
    return n ? Dim(static_cast<int64_t>(std::floor(*n * s))) : PrimExpr(Any());
  };
  Array<PrimExpr> shape = data->shape;
  shape.Set(d[2], scale(d[2], a->scale_h));
  shape.Set(d[3], scale(d[3], a->scale_w));
  reporter->Assign(types[1], TensorType(shape, data->dtype));
  return true;
}

bool AdaptivePool2DRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                       const TypeReporter& reporter) {
  const auto* a = attrs.as<AdaptivePool2DAttrs>();
  const TensorTypeNode* data = Data4D(types, reporter, a->layout);
  if (data == nullptr) return false;
  std::array<int, 4> d = LayoutAxes(a->layout, "NCHW", "layout");
  std::string out_layout =
      a->out_layout.empty() ? std::string(a->layout) : std::string(a->out_layout);
  std::array<int, 4> o = LayoutAxes(out_layout, "NCHW", "out_layout");
  PrimExpr oh = data->shape[d[2]], ow = data->shape[d[3]];
  if (a->output_size.size() > 2) {
    TVM_THROW(TypeError) << "output_size must have 1 or 2 values, got " << a->output_size.size();
  }
  if (!a->output_size.empty()) {
    oh = Dim(PairAt(a->output_size, 0));
    ow = Dim(PairAt(a->output_size, 1));
  }
  std::array<PrimExpr, 4> nchw{data->shape[d[0]], data->shape[d[1]], oh, ow};
  Array<PrimExpr> shape{PrimExpr(), PrimExpr(), PrimExpr(), PrimExpr()};
  for (int i = 0; i < 4; ++i) shape.Set(o[i], nchw[i]);
  reporter->Assign(types[1], TensorType(shape, data->dtype));
  return true;
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op.nn._make.upsampling")
    .set_body_typed([](Expr data, double scale_h, double scale_w, String layout, String method,
                       bool align_corners) {
      auto attrs = MakeAttrs<UpSamplingAttrs>();
      attrs->scale_h = scale_h;
      attrs->scale_w = scale_w;
      attrs->layout = layout;
      attrs->method = method;
      attrs->align_corners = align_corners;
      return MakeOpCall("nn.upsampling", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.upsampling")
    .describe("the spatial axes scaled (nearest_neighbor, bilinear or bicubic)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input.")
    .set_attrs_type<UpSamplingAttrs>()
    .add_type_rel("UpSampling", UpSamplingRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

#define RELAY_REGISTER_ADAPTIVE_POOL_OP(OpName, Name)                                   \
  TVM_REGISTER_GLOBAL("relay.op.nn._make." Name)                                        \
      .set_body_typed(                                                                  \
          [](Expr data, Array<Integer> output_size, String layout, String out_layout) { \
            auto attrs = MakeAttrs<AdaptivePool2DAttrs>();                              \
            attrs->output_size = output_size;                                           \
            attrs->layout = layout;                                                     \
            attrs->out_layout = out_layout;                                             \
            return MakeOpCall(OpName, {data}, Attrs(attrs));                            \
          });                                                                           \
  RELAY_REGISTER_OP(OpName)                                                             \
      .set_num_inputs(1)                                                                \
      .add_argument("data", "Tensor", "The input.")                                     \
      .set_attrs_type<AdaptivePool2DAttrs>()                                            \
      .add_type_rel("AdaptivePool2D", AdaptivePool2DRel)                                \
      .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable)

RELAY_REGISTER_ADAPTIVE_POOL_OP("nn.adaptive_avg_pool2d", "adaptive_avg_pool2d")
    .describe("average pooling to a given output size");
RELAY_REGISTER_ADAPTIVE_POOL_OP("nn.adaptive_max_pool2d", "adaptive_max_pool2d")
    .describe("max pooling to a given output size");

}  // namespace relay
}  // namespace tvm

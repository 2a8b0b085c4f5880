/*!
 * \file convolution_nd.cc
 * \brief nn.conv1d (NCW / OIW), nn.conv3d (NCDHW / OIDHW), nn.depth_to_space and
 *  nn.space_to_depth.
 */
#include <tvm/relay/attrs/nn.h>
#include <tvm/relay/attrs/nn_extra.h>
#include <tvm/relay/printer.h>

#include "../op_common.h"
#include "layout_util.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(ConvNDAttrs);
TVM_REGISTER_NODE_TYPE(SubPixelAttrs);

namespace {

/*! \brief Padding of one spatial axis: (before, after) from 1, n or 2n values. */
std::pair<int64_t, int64_t> PadAt(const Array<Integer>& p, size_t i, size_t n) {
  if (p.empty()) return {0, 0};
  if (p.size() == 1) return {p[0].IntValue(), p[0].IntValue()};
  if (p.size() == n) return {p[i].IntValue(), p[i].IntValue()};
  if (p.size() == 2 * n) return {p[i].IntValue(), p[i + n].IntValue()};
  TVM_THROW(TypeError) << "padding must have 1, " << n << " or " << 2 * n << " values, got "
                       << p.size();
}

/*! \brief Convolution with `n` spatial axes, data N C spatial..., kernel O I spatial.... */
bool ConvNDRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter, size_t n, const char* data_layout,
               const char* kernel_layout) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<ConvNDAttrs>();
  if (a->data_layout != data_layout || a->kernel_layout != kernel_layout) {
    TVM_THROW(TypeError) << "layouts " << a->data_layout << " / " << a->kernel_layout
                         << " are not supported (expected " << data_layout << " / "
                         << kernel_layout << ")";
  }
  if (data->shape.size() != n + 2) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a " << n + 2 << "-D tensor ("
                         << data_layout << "), but has type " << TypeText(types[0]);
  }
  if (a->groups <= 0) TVM_THROW(TypeError) << "groups must be positive, got " << a->groups;
  std::optional<int64_t> c = ConstDim(data->shape[1]);
  if (c && *c % a->groups != 0) {
    TVM_THROW(TypeError) << "the " << *c << " input channels of " << reporter->ArgName(0)
                         << " do not divide into " << a->groups << " groups";
  }
  const TensorTypeNode* weight = TensorArg(types, 1, reporter);
  std::vector<PrimExpr> w(n + 2);
  if (weight == nullptr) {
    if (!a->channels.defined() || a->kernel_size.size() != n) return false;
    w[0] = Dim(a->channels.IntValue());
    w[1] = c ? Dim(*c / a->groups) : PrimExpr(Any());
    for (size_t i = 0; i < n; ++i) w[2 + i] = Dim(a->kernel_size[i].IntValue());
    reporter->Assign(types[1], TensorType(Array<PrimExpr>(w.begin(), w.end()), data->dtype));
  } else {
    if (weight->shape.size() != n + 2) {
      TVM_THROW(TypeError) << reporter->ArgName(1) << " must be a " << n + 2 << "-D tensor ("
                           << kernel_layout << "), but has type " << TypeText(types[1]);
    }
    for (size_t i = 0; i < n + 2; ++i) w[i] = weight->shape[i];
    std::optional<int64_t> wi = ConstDim(w[1]);
    if (c && wi && *wi * a->groups != *c) {
      TVM_THROW(TypeError) << reporter->ArgName(0) << ", " << TypeText(types[0]) << ", has " << *c
                           << " input channels but " << reporter->ArgName(1) << ", "
                           << TypeText(types[1]) << ", expects " << *wi * a->groups;
    }
  }
  Array<PrimExpr> out{data->shape[0], w[0]};
  for (size_t i = 0; i < n; ++i) {
    auto pad = PadAt(a->padding, i, n);
    out.push_back(WindowOutput(data->shape[2 + i], w[2 + i], PairAt(a->strides, i),
                               pad.first + pad.second, PairAt(a->dilation, i), false,
                               "spatial axis " + std::to_string(i)));
  }
  DataType t = a->out_dtype.empty() ? data->dtype : ParseDType(a->out_dtype);
  reporter->Assign(types[2], TensorType(out, t));
  return true;
}

bool Conv1DRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  return ConvNDRel(types, num_inputs, attrs, reporter, 1, "NCW", "OIW");
}
bool Conv3DRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  return ConvNDRel(types, num_inputs, attrs, reporter, 3, "NCDHW", "OIDHW");
}

Expr MakeConvND(const char* op, Expr data, Expr weight, Array<Integer> strides,
                Array<Integer> padding, Array<Integer> dilation, int64_t groups,
                Optional<Integer> channels, Array<Integer> kernel_size, String data_layout,
                String kernel_layout, String out_dtype) {
  auto attrs = MakeAttrs<ConvNDAttrs>();
  attrs->strides = strides;
  attrs->padding = padding;
  attrs->dilation = dilation;
  attrs->groups = groups;
  attrs->channels = channels.value_or(Integer());
  attrs->kernel_size = kernel_size;
  attrs->data_layout = data_layout;
  attrs->kernel_layout = kernel_layout;
  attrs->out_dtype = out_dtype;
  return MakeOpCall(op, {data, weight}, Attrs(attrs));
}

bool SubPixelRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                 const TypeReporter& reporter, bool to_space) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<SubPixelAttrs>();
  if (data->shape.size() != 4 || (a->layout != "NCHW" && a->layout != "NHWC")) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a 4-D NCHW or NHWC tensor, but "
                         << "has type " << TypeText(types[0]) << " and layout " << a->layout;
  }
  int64_t b = a->block_size;
  if (b <= 0) TVM_THROW(TypeError) << "block_size must be positive, got " << b;
  bool nchw = a->layout == "NCHW";
  int ci = nchw ? 1 : 3, hi = nchw ? 2 : 1, wi = nchw ? 3 : 2;
  Array<PrimExpr> shape = data->shape;
  std::optional<int64_t> cch = ConstDim(shape[ci]), h = ConstDim(shape[hi]), w = ConstDim(shape[wi]);
  if (to_space) {
    if (cch && *cch % (b * b) != 0) {
      TVM_THROW(TypeError) << "depth_to_space: " << *cch << " channels are not divisible by "
                           << "block_size^2 = " << b * b;
    }
    shape.Set(ci, cch ? Dim(*cch / (b * b)) : PrimExpr(Any()));
    shape.Set(hi, h ? Dim(*h * b) : PrimExpr(Any()));
    shape.Set(wi, w ? Dim(*w * b) : PrimExpr(Any()));
  } else {
    if ((h && *h % b) || (w && *w % b)) {
      TVM_THROW(TypeError) << "space_to_depth: height and width must be divisible by block_size "
                           << b << ", got " << TypeText(types[0]);
    }
    shape.Set(ci, cch ? Dim(*cch * b * b) : PrimExpr(Any()));
    shape.Set(hi, h ? Dim(*h / b) : PrimExpr(Any()));
    shape.Set(wi, w ? Dim(*w / b) : PrimExpr(Any()));
  }
  reporter->Assign(types[1], TensorType(shape, data->dtype));
  return true;
}

bool DepthToSpaceRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                     const TypeReporter& reporter) {
  return SubPixelRel(types, num_inputs, attrs, reporter, true);
}
bool SpaceToDepthRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                     const TypeReporter& reporter) {
  return SubPixelRel(types, num_inputs, attrs, reporter, false);
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op.nn._make.conv1d")
    .set_body_typed([](Expr data, Expr weight, Array<Integer> strides, Array<Integer> padding,
                       Array<Integer> dilation, int64_t groups, Optional<Integer> channels,
                       Array<Integer> kernel_size, String data_layout, String kernel_layout,
                       String out_dtype) {
      return MakeConvND("nn.conv1d", data, weight, strides, padding, dilation, groups, channels,
                        kernel_size, data_layout, kernel_layout, out_dtype);
    });
TVM_REGISTER_GLOBAL("relay.op.nn._make.conv3d")
    .set_body_typed([](Expr data, Expr weight, Array<Integer> strides, Array<Integer> padding,
                       Array<Integer> dilation, int64_t groups, Optional<Integer> channels,
                       Array<Integer> kernel_size, String data_layout, String kernel_layout,
                       String out_dtype) {
      return MakeConvND("nn.conv3d", data, weight, strides, padding, dilation, groups, channels,
                        kernel_size, data_layout, kernel_layout, out_dtype);
    });

RELAY_REGISTER_OP("nn.conv1d")
    .describe("1-D convolution, NCW data and OIW kernel")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input (N, C, W).")
    .add_argument("weight", "Tensor", "The kernel (O, I/groups, KW).")
    .set_attrs_type<ConvNDAttrs>()
    .add_type_rel("Conv1D", Conv1DRel)
    .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable);

RELAY_REGISTER_OP("nn.conv3d")
    .describe("3-D convolution, NCDHW data and OIDHW kernel")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input (N, C, D, H, W).")
    .add_argument("weight", "Tensor", "The kernel (O, I/groups, KD, KH, KW).")
    .set_attrs_type<ConvNDAttrs>()
    .add_type_rel("Conv3D", Conv3DRel)
    .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable);

TVM_REGISTER_GLOBAL("relay.op.nn._make.depth_to_space")
    .set_body_typed([](Expr data, int64_t block_size, String layout, String mode) {
      auto attrs = MakeAttrs<SubPixelAttrs>();
      attrs->block_size = block_size;
      attrs->layout = layout;
      attrs->mode = mode;
      return MakeOpCall("nn.depth_to_space", {data}, Attrs(attrs));
    });
TVM_REGISTER_GLOBAL("relay.op.nn._make.space_to_depth")
    .set_body_typed([](Expr data, int64_t block_size, String layout) {
      auto attrs = MakeAttrs<SubPixelAttrs>();
      attrs->block_size = block_size;
      attrs->layout = layout;
      return MakeOpCall("nn.space_to_depth", {data}, Attrs(attrs));
    });

RELAY_REGISTER_OP("nn.depth_to_space")
    .describe("channels moved into blocks of the spatial axes (pixel shuffle)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<SubPixelAttrs>()
    .add_type_rel("DepthToSpace", DepthToSpaceRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

RELAY_REGISTER_OP("nn.space_to_depth")
    .describe("spatial blocks moved into channels")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<SubPixelAttrs>()
    .add_type_rel("SpaceToDepth", SpaceToDepthRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

}  // namespace relay
}  // namespace tvm

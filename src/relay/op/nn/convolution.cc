/*!
 * \file convolution.cc
 * \brief nn.conv2d (any permutation of NCHW for the data and of OIHW for the kernel),
 *  nn.conv2d_transpose, and the blocked NCHW[x]c variants of conv2d and depthwise conv2d.
 */
#include <tvm/relay/attrs/nn.h>

#include "../op_common.h"
#include "layout_util.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(Conv2DAttrs);
TVM_REGISTER_NODE_TYPE(Conv2DTransposeAttrs);

namespace {

bool Conv2DRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<Conv2DAttrs>();
  std::array<int, 4> d = LayoutAxes(a->data_layout, "NCHW", "data_layout");
  std::array<int, 4> k = LayoutAxes(a->kernel_layout, "OIHW", "kernel_layout");
  std::string out_layout =
      a->out_layout.empty() ? std::string(a->data_layout) : std::string(a->out_layout);
  std::array<int, 4> o = LayoutAxes(out_layout, "NCHW", "out_layout");
  if (data->shape.size() != 4) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a 4-D tensor in layout "
                         << a->data_layout << ", but has type " << TypeText(types[0]);
  }
  if (a->groups <= 0) TVM_THROW(TypeError) << "groups must be positive, got " << a->groups;
  PrimExpr in_channels = data->shape[d[1]];
  std::optional<int64_t> c = ConstDim(in_channels);
  if (c && *c % a->groups != 0) {
    TVM_THROW(TypeError) << "the " << *c << " input channels of " << reporter->ArgName(0) << ", "
                         << TypeText(types[0]) << ", do not divide into " << a->groups << " groups";
  }
  const TensorTypeNode* weight = TensorArg(types, 1, reporter);
  std::array<PrimExpr, 4> w;  // O, I, KH, KW
  if (weight == nullptr) {
    if (!a->channels.defined() || a->kernel_size.size() != 2) return false;
    w = {Dim(a->channels.IntValue()), c ? Dim(*c / a->groups) : PrimExpr(Any()),
         Dim(a->kernel_size[0].IntValue()), Dim(a->kernel_size[1].IntValue())};
    Array<PrimExpr> wshape{PrimExpr(), PrimExpr(), PrimExpr(), PrimExpr()};
    for (int i = 0; i < 4; ++i) wshape.Set(k[i], w[i]);
    reporter->Assign(types[1], TensorType(wshape, data->dtype));
  } else {
    if (weight->shape.size() != 4) {
      TVM_THROW(TypeError) << reporter->ArgName(1) << " must be a 4-D tensor in layout "
                           << a->kernel_layout << ", but has type " << TypeText(types[1]);
    }
    for (int i = 0; i < 4; ++i) w[i] = weight->shape[k[i]];
    std::optional<int64_t> wi = ConstDim(w[1]);
    if (c && wi && *wi * a->groups != *c) {
      TVM_THROW(TypeError) << reporter->ArgName(0) << ", " << TypeText(types[0]) << ", has " << *c
                           << " input channels but " << reporter->ArgName(1) << ", "
                           << TypeText(types[1]) << " (layout " << a->kernel_layout << "), expects "
                           << *wi << " x " << a->groups << " groups = " << *wi * a->groups;
    }
    std::optional<int64_t> wo = ConstDim(w[0]);
    if (a->channels.defined() && wo && *wo != a->channels.IntValue()) {
      TVM_THROW(TypeError) << "channels=" << a->channels.IntValue() << " but "
                           << reporter->ArgName(1) << ", " << TypeText(types[1]) << ", has " << *wo
                           << " output channels";
    }
    if (a->kernel_size.size() == 2) {
      for (int i = 0; i < 2; ++i) {
        std::optional<int64_t> kd = ConstDim(w[2 + i]);
        if (kd && *kd != a->kernel_size[i].IntValue()) {
          TVM_THROW(TypeError) << "kernel_size does not match " << reporter->ArgName(1) << ", "
                               << TypeText(types[1]);
        }
      }
    }
  }
  std::array<int64_t, 4> pad = Padding4(a->padding);
  PrimExpr oh = WindowOutput(data->shape[d[2]], w[2], PairAt(a->strides, 0), pad[0] + pad[2],
                             PairAt(a->dilation, 0), false, "height");
  PrimExpr ow = WindowOutput(data->shape[d[3]], w[3], PairAt(a->strides, 1), pad[1] + pad[3],
                             PairAt(a->dilation, 1), false, "width");
  std::array<PrimExpr, 4> out{data->shape[d[0]], w[0], oh, ow};
  Array<PrimExpr> oshape{PrimExpr(), PrimExpr(), PrimExpr(), PrimExpr()};
  for (int i = 0; i < 4; ++i) oshape.Set(o[i], out[i]);
  DataType dtype = a->out_dtype.is_void() ? data->dtype : a->out_dtype;
  reporter->Assign(types[2], TensorType(oshape, dtype));
  return true;
}

/*!
 * \brief The output extent of a transposed convolution: the input extent of the convolution
 *  it is the gradient of, (in - 1) * stride - pad + dilation * (kernel - 1) + output_padding + 1.
 */
PrimExpr TransposedWindowOutput(const PrimExpr& in, const PrimExpr& kernel, int64_t stride,
                                int64_t pad_total, int64_t dilation, int64_t output_padding) {
  std::optional<int64_t> n = ConstDim(in), k = ConstDim(kernel);
  if (!n || !k) return Any();
  int64_t out = (*n - 1) * stride - pad_total + dilation * (*k - 1) + output_padding + 1;
  if (out <= 0) TVM_THROW(TypeError) << "the padding leaves no output (extent " << out << ")";
  return Dim(out);
}

bool Conv2DTransposeRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                        const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<Conv2DTransposeAttrs>();
  std::array<int, 4> d = LayoutAxes(a->data_layout, "NCHW", "data_layout");
  // In TVM's convention the kernel of a transposed convolution is IOHW: I the input channels.
  std::array<int, 4> k = LayoutAxes(a->kernel_layout, "IOHW", "kernel_layout");
  std::string out_layout =
      a->out_layout.empty() ? std::string(a->data_layout) : std::string(a->out_layout);
  std::array<int, 4> o = LayoutAxes(out_layout, "NCHW", "out_layout");
  if (data->shape.size() != 4) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a 4-D tensor in layout "
                         << a->data_layout << ", but has type " << TypeText(types[0]);
  }
  if (a->groups <= 0) TVM_THROW(TypeError) << "groups must be positive, got " << a->groups;
  PrimExpr in_channels = data->shape[d[1]];
  const TensorTypeNode* weight = TensorArg(types, 1, reporter);
  std::array<PrimExpr, 4> w;  // I, O per group, KH, KW
  if (weight == nullptr) {
    if (!a->channels.defined() || a->kernel_size.size() != 2) return false;
    if (a->channels.IntValue() % a->groups != 0) {
      TVM_THROW(TypeError) << "channels=" << a->channels.IntValue() << " does not divide into "
                           << a->groups << " groups";
    }
    w = {in_channels, Dim(a->channels.IntValue() / a->groups), Dim(a->kernel_size[0].IntValue()),
         Dim(a->kernel_size[1].IntValue())};
    Array<PrimExpr> wshape{PrimExpr(), PrimExpr(), PrimExpr(), PrimExpr()};
    for (int i = 0; i < 4; ++i) wshape.Set(k[i], w[i]);
    reporter->Assign(types[1], TensorType(wshape, data->dtype));
  } else {
    if (weight->shape.size() != 4) {
      TVM_THROW(TypeError) << reporter->ArgName(1) << " must be a 4-D tensor in layout "
                           << a->kernel_layout << ", but has type " << TypeText(types[1]);
    }
    for (int i = 0; i < 4; ++i) w[i] = weight->shape[k[i]];
    std::optional<int64_t> c = ConstDim(in_channels), wi = ConstDim(w[0]);
    if (c && wi && *c != *wi) {
      TVM_THROW(TypeError) << reporter->ArgName(0) << ", " << TypeText(types[0]) << ", has " << *c
                           << " input channels but " << reporter->ArgName(1) << ", "
                           << TypeText(types[1]) << " (layout " << a->kernel_layout << "), expects "
                           << *wi;
    }
  }
  std::optional<int64_t> per_group = ConstDim(w[1]);
  PrimExpr out_channels = per_group ? Dim(*per_group * a->groups) : PrimExpr(Any());
  if (a->channels.defined() && per_group && *per_group * a->groups != a->channels.IntValue()) {
    TVM_THROW(TypeError) << "channels=" << a->channels.IntValue() << " but " << reporter->ArgName(1)
                         << ", " << TypeText(types[1]) << ", gives " << *per_group * a->groups
                         << " output channels";
  }
  std::array<int64_t, 4> pad = Padding4(a->padding);
  PrimExpr oh = TransposedWindowOutput(
      data->shape[d[2]], w[2], PairAt(a->strides, 0), pad[0] + pad[2], PairAt(a->dilation, 0),
      a->output_padding.empty() ? 0 : PairAt(a->output_padding, 0));
  PrimExpr ow = TransposedWindowOutput(
      data->shape[d[3]], w[3], PairAt(a->strides, 1), pad[1] + pad[3], PairAt(a->dilation, 1),
      a->output_padding.empty() ? 0 : PairAt(a->output_padding, 1));
  std::array<PrimExpr, 4> out{data->shape[d[0]], out_channels, oh, ow};
  Array<PrimExpr> oshape{PrimExpr(), PrimExpr(), PrimExpr(), PrimExpr()};
  for (int i = 0; i < 4; ++i) oshape.Set(o[i], out[i]);
  reporter->Assign(types[2],
                   TensorType(oshape, a->out_dtype.is_void() ? data->dtype : a->out_dtype));
  return true;
}

/*!
 * \brief The constructor of a call to `op`: nn.conv2d or a blocked variant (arguments as
 *  relay.nn.conv2d, all in Conv2DAttrs).
 */
auto MakeConv2DCall(const char* op) {
  return [op](Expr data, Expr weight, Array<Integer> strides, Array<Integer> padding,
              Array<Integer> dilation, int groups, Optional<Integer> channels,
              Optional<Array<Integer>> kernel_size, String data_layout, String kernel_layout,
              String out_layout, String out_dtype) {
    auto attrs = MakeAttrs<Conv2DAttrs>();
    attrs->strides = strides;
    attrs->padding = padding;
    attrs->dilation = dilation;
    attrs->groups = groups;
    attrs->channels = channels.defined() ? channels.value() : Integer();
    attrs->kernel_size = kernel_size.value_or(Array<Integer>());
    attrs->data_layout = data_layout;
    attrs->kernel_layout = kernel_layout;
    attrs->out_layout = out_layout;
    attrs->out_dtype = ParseDType(out_dtype);
    return MakeOpCall(op, {data, weight}, Attrs(attrs));
  };
}

/*!
 * \brief The output type [N, O/oc, OH, OW, oc] of a blocked convolution of data
 *  [N, C/ic, H, W, ic] with a kernel [O/oc, *, KH, KW, *, oc].
 */
void AssignBlockedOutput(const Conv2DAttrs* a, const TensorTypeNode* data,
                         const TensorTypeNode* weight, const Type& out,
                         const TypeReporter& reporter) {
  std::array<int64_t, 4> pad = Padding4(a->padding);
  PrimExpr oh = WindowOutput(data->shape[2], weight->shape[2], PairAt(a->strides, 0),
                             pad[0] + pad[2], PairAt(a->dilation, 0), false, "height");
  PrimExpr ow = WindowOutput(data->shape[3], weight->shape[3], PairAt(a->strides, 1),
                             pad[1] + pad[3], PairAt(a->dilation, 1), false, "width");
  DataType t = a->out_dtype.is_void() ? data->dtype : a->out_dtype;
  reporter->Assign(out, TensorType({data->shape[0], weight->shape[0], oh, ow, weight->shape[5]},
                                   t));
}

/*!
 * \brief nn.contrib_conv2d_NCHWc: data [N, C/ic, H, W, ic], kernel [O/oc, C/ic, KH, KW, ic, oc]
 *  -> [N, O/oc, OH, OW, oc] (what AlterOpLayout turns NCHW convolutions into on x86).
 */
bool Conv2DNCHWcRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                    const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  const TensorTypeNode* weight = TensorArg(types, 1, reporter);
  if (data == nullptr || weight == nullptr) return false;
  const auto* a = attrs.as<Conv2DAttrs>();
  if (data->shape.size() != 5 || weight->shape.size() != 6) {
    TVM_THROW(TypeError) << "contrib_conv2d_NCHWc: data must be 5-D (NCHWc) and the kernel 6-D "
                         << "(OIHWio), got " << TypeText(types[0]) << " and " << TypeText(types[1]);
  }
  auto ic = ConstDim(data->shape[4]), wic = ConstDim(weight->shape[4]);
  auto cb = ConstDim(data->shape[1]), wcb = ConstDim(weight->shape[1]);
  if (ic && wic && cb && wcb && (*ic != *wic || *cb != *wcb)) {
    TVM_THROW(TypeError) << "contrib_conv2d_NCHWc: channel blocks of data " << TypeText(types[0])
                         << " and kernel " << TypeText(types[1]) << " differ";
  }
  AssignBlockedOutput(a, data, weight, types[2], reporter);
  return true;
}

/*!
 * \brief nn.contrib_depthwise_conv2d_NCHWc: data [N, C/ic, H, W, ic], kernel
 *  [O/oc, 1, KH, KW, 1, oc] (OIHW1i<oc>o), O = C * multiplier, groups = C
 *  -> [N, O/oc, OH, OW, oc] (what AlterOpLayout turns NCHW depthwise convolutions into on x86).
 */
bool DepthwiseConv2DNCHWcRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                             const TypeReporter& reporter) {
  const char* op = "contrib_depthwise_conv2d_NCHWc";
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  const TensorTypeNode* weight = TensorArg(types, 1, reporter);
  if (data == nullptr || weight == nullptr) return false;
  const auto* a = attrs.as<Conv2DAttrs>();
  if (data->shape.size() != 5 || weight->shape.size() != 6) {
    TVM_THROW(TypeError) << op << ": data must be 5-D (NCHWc) and the kernel 6-D (OIHW1i<oc>o), "
                         << "got " << TypeText(types[0]) << " and " << TypeText(types[1]);
  }
  for (int axis : {1, 4}) {
    auto d = ConstDim(weight->shape[axis]);
    if (d && *d != 1) {
      TVM_THROW(TypeError) << op << ": kernel dimension " << axis << " must be 1 (one input "
                           << "channel per group), got " << TypeText(types[1]);
    }
  }
  auto cb = ConstDim(data->shape[1]), ic = ConstDim(data->shape[4]);
  auto ob = ConstDim(weight->shape[0]), oc = ConstDim(weight->shape[5]);
  if (cb && ic && ob && oc) {
    int64_t channels = *cb * *ic, out_channels = *ob * *oc;
    if (out_channels % channels != 0) {
      TVM_THROW(TypeError) << op << ": the kernel's " << out_channels << " output channels ("
                           << TypeText(types[1]) << ") are not a multiple of the data's "
                           << channels << " channels (" << TypeText(types[0]) << ")";
    }
    if (a->groups != channels) {
      TVM_THROW(TypeError) << op << ": groups must equal the data's " << channels
                           << " channels, got " << a->groups;
    }
  }
  if (ic && !a->data_layout.empty() && a->data_layout != "NCHW" + std::to_string(*ic) + "c") {
    TVM_THROW(TypeError) << op << ": data_layout must be NCHW" << *ic << "c for data "
                         << TypeText(types[0]) << ", got " << a->data_layout;
  }
  if (oc && !a->out_layout.empty() && a->out_layout != "NCHW" + std::to_string(*oc) + "c") {
    TVM_THROW(TypeError) << op << ": out_layout must be NCHW" << *oc << "c for kernel "
                         << TypeText(types[1]) << ", got " << a->out_layout;
  }
  AssignBlockedOutput(a, data, weight, types[2], reporter);
  return true;
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op.nn._make.conv2d_transpose")
    .set_body_typed([](Expr data, Expr weight, Array<Integer> strides, Array<Integer> padding,
                       Array<Integer> dilation, int groups, Optional<Integer> channels,
                       Optional<Array<Integer>> kernel_size, String data_layout,
                       String kernel_layout, String out_layout, Array<Integer> output_padding,
                       String out_dtype) {
      auto attrs = MakeAttrs<Conv2DTransposeAttrs>();
      attrs->strides = strides;
      attrs->padding = padding;
      attrs->dilation = dilation;
      attrs->groups = groups;
      attrs->channels = channels.defined() ? channels.value() : Integer();
      attrs->kernel_size = kernel_size.value_or(Array<Integer>());
      attrs->data_layout = data_layout;
      attrs->kernel_layout = kernel_layout;
      attrs->out_layout = out_layout;
      attrs->output_padding = output_padding;
      attrs->out_dtype = ParseDType(out_dtype);
      return MakeOpCall("nn.conv2d_transpose", {data, weight}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.conv2d_transpose")
    .describe("2-D transposed convolution (the gradient of conv2d with respect to its input)")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input.")
    .add_argument("weight", "Tensor", "The kernel (IOHW).")
    .set_attrs_type<Conv2DTransposeAttrs>()
    .add_type_rel("Conv2DTranspose", Conv2DTransposeRel)
    .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable);

TVM_REGISTER_GLOBAL("relay.op.nn._make.conv2d").set_body_typed(MakeConv2DCall("nn.conv2d"));

RELAY_REGISTER_OP("nn.conv2d")
    .describe("2-D convolution")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input.")
    .add_argument("weight", "Tensor", "The kernel.")
    .set_attrs_type<Conv2DAttrs>()
    .add_type_rel("Conv2D", Conv2DRel)
    .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable);


RELAY_REGISTER_OP("nn.contrib_conv2d_NCHWc")
    .describe("2-D convolution in the blocked NCHW[x]c layout")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input (N, C/ic, H, W, ic).")
    .add_argument("weight", "Tensor", "The kernel (O/oc, C/ic, KH, KW, ic, oc).")
    .set_attrs_type<Conv2DAttrs>()
    .add_type_rel("Conv2DNCHWc", Conv2DNCHWcRel)
    .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable);

RELAY_REGISTER_OP("nn.contrib_depthwise_conv2d_NCHWc")
    .describe("2-D depthwise convolution in the blocked NCHW[x]c layout")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input (N, C/ic, H, W, ic).")
    .add_argument("weight", "Tensor", "The kernel (O/oc, 1, KH, KW, 1, oc).")
    .set_attrs_type<Conv2DAttrs>()
    .add_type_rel("DepthwiseConv2DNCHWc", DepthwiseConv2DNCHWcRel)
    .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable);

TVM_REGISTER_GLOBAL("relay.op.nn._make.contrib_conv2d_NCHWc")
    .set_body_typed(MakeConv2DCall("nn.contrib_conv2d_NCHWc"));
TVM_REGISTER_GLOBAL("relay.op.nn._make.contrib_depthwise_conv2d_NCHWc")
    .set_body_typed(MakeConv2DCall("nn.contrib_depthwise_conv2d_NCHWc"));

}  // namespace relay
}  // namespace tvm

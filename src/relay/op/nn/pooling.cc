/*!
 * \file pooling.cc
 * \brief nn.max_pool2d, nn.avg_pool2d, nn.global_avg_pool2d, nn.global_max_pool2d.
 */
#include <tvm/relay/attrs/nn.h>

#include <cctype>

#include "../op_common.h"
#include "layout_util.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(Pool2DAttrs);
TVM_REGISTER_NODE_TYPE(GlobalPool2DAttrs);

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

Array<PrimExpr> InLayout(const std::array<int, 4>& pos, const std::array<PrimExpr, 4>& nchw) {
  Array<PrimExpr> shape{PrimExpr(), PrimExpr(), PrimExpr(), PrimExpr()};
  for (int i = 0; i < 4; ++i) shape.Set(pos[i], nchw[i]);
  return shape;
}

bool Pool2DRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  const auto* a = attrs.as<Pool2DAttrs>();
  const TensorTypeNode* data = Data4D(types, reporter, a->layout);
  if (data == nullptr) return false;
  std::array<int, 4> d = LayoutAxes(a->layout, "NCHW", "layout");
  std::string out_layout =
      a->out_layout.empty() ? std::string(a->layout) : std::string(a->out_layout);
  std::array<int, 4> o = LayoutAxes(out_layout, "NCHW", "out_layout");
  if (a->pool_size.empty()) TVM_THROW(TypeError) << "pool_size is empty";
  std::array<int64_t, 4> pad = Padding4(a->padding);
  PrimExpr oh = WindowOutput(data->shape[d[2]], Dim(PairAt(a->pool_size, 0)), PairAt(a->strides, 0),
                             pad[0] + pad[2], PairAt(a->dilation, 0), a->ceil_mode, "height");
  PrimExpr ow = WindowOutput(data->shape[d[3]], Dim(PairAt(a->pool_size, 1)), PairAt(a->strides, 1),
                             pad[1] + pad[3], PairAt(a->dilation, 1), a->ceil_mode, "width");
  reporter->Assign(types[1], TensorType(InLayout(o, {data->shape[d[0]], data->shape[d[1]], oh, ow}),
                                        data->dtype));
  return true;
}

/*! \brief The block b of a blocked layout "NCHW<b>c", or 0 when `layout` is not one. */
int64_t NCHWBlock(const std::string& layout) {
  if (layout.size() < 6 || layout.rfind("NCHW", 0) != 0 || layout.back() != 'c') return 0;
  int64_t b = 0;
  for (size_t i = 4; i + 1 < layout.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(layout[i]))) return 0;
    b = b * 10 + (layout[i] - '0');
  }
  return b;
}

/*! \brief Global pooling of blocked data [N, C/b, H, W, b] (layout NCHW<b>c) -> [N, C/b, 1, 1,
 *  b]: what AlterOpLayout makes of the pooling after blocked convolutions. */
bool GlobalPool2DBlockedRel(const Array<Type>& types, const GlobalPool2DAttrs* a, int64_t block,
                            const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  if (data->shape.size() != 5) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a 5-D tensor in layout "
                         << a->layout << ", but has type " << TypeText(types[0]);
  }
  auto inner = ConstDim(data->shape[4]);
  if (inner && *inner != block) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << ", " << TypeText(types[0])
                         << ", has channel blocks of " << *inner << " but the layout is "
                         << a->layout;
  }
  if (!a->out_layout.empty() && a->out_layout != a->layout) {
    TVM_THROW(TypeError) << "out_layout \"" << a->out_layout << "\" must equal the blocked "
                         << "layout \"" << a->layout << "\" (or be empty)";
  }
  reporter->Assign(types[1], TensorType({data->shape[0], data->shape[1], Dim(1), Dim(1),
                                         data->shape[4]}, data->dtype));
  return true;
}

bool GlobalPool2DRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                     const TypeReporter& reporter) {
  const auto* a = attrs.as<GlobalPool2DAttrs>();
  if (int64_t block = NCHWBlock(a->layout)) {
    return GlobalPool2DBlockedRel(types, a, block, reporter);
  }
  const TensorTypeNode* data = Data4D(types, reporter, a->layout);
  if (data == nullptr) return false;
  std::array<int, 4> d = LayoutAxes(a->layout, "NCHW", "layout");
  std::string out_layout =
      a->out_layout.empty() ? std::string(a->layout) : std::string(a->out_layout);
  std::array<int, 4> o = LayoutAxes(out_layout, "NCHW", "out_layout");
  reporter->Assign(
      types[1],
      TensorType(InLayout(o, {data->shape[d[0]], data->shape[d[1]], Dim(1), Dim(1)}), data->dtype));
  return true;
}

Expr MakePool2D(const char* name, Expr data, Array<Integer> pool_size, Array<Integer> strides,
                Array<Integer> dilation, Array<Integer> padding, String layout, String out_layout,
                bool ceil_mode, bool count_include_pad) {
  auto attrs = MakeAttrs<Pool2DAttrs>();
  attrs->pool_size = pool_size;
  attrs->strides = strides;
  attrs->dilation = dilation;
  attrs->padding = padding;
  attrs->layout = layout;
  attrs->out_layout = out_layout;
  attrs->ceil_mode = ceil_mode;
  attrs->count_include_pad = count_include_pad;
  return MakeOpCall(name, {data}, Attrs(attrs));
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op.nn._make.max_pool2d")
    .set_body_typed([](Expr data, Array<Integer> pool_size, Array<Integer> strides,
                       Array<Integer> dilation, Array<Integer> padding, String layout,
                       String out_layout, bool ceil_mode) {
      return MakePool2D("nn.max_pool2d", data, pool_size, strides, dilation, padding, layout,
                        out_layout, ceil_mode, false);
    });
TVM_REGISTER_GLOBAL("relay.op.nn._make.avg_pool2d")
    .set_body_typed([](Expr data, Array<Integer> pool_size, Array<Integer> strides,
                       Array<Integer> dilation, Array<Integer> padding, String layout,
                       String out_layout, bool ceil_mode, bool count_include_pad) {
      return MakePool2D("nn.avg_pool2d", data, pool_size, strides, dilation, padding, layout,
                        out_layout, ceil_mode, count_include_pad);
    });

#define RELAY_REGISTER_POOL2D_OP(OpName, Rel, AttrsType) \
  RELAY_REGISTER_OP(OpName)                              \
      .set_num_inputs(1)                                 \
      .add_argument("data", "Tensor", "The input.")      \
      .set_attrs_type<AttrsType>()                       \
      .add_type_rel("Pool2D", Rel)                       \
      .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable)

RELAY_REGISTER_POOL2D_OP("nn.max_pool2d", Pool2DRel, Pool2DAttrs).describe("2-D max pooling");
RELAY_REGISTER_POOL2D_OP("nn.avg_pool2d", Pool2DRel, Pool2DAttrs).describe("2-D average pooling");
RELAY_REGISTER_POOL2D_OP("nn.global_avg_pool2d", GlobalPool2DRel, GlobalPool2DAttrs)
    .describe("the mean over the spatial axes");
RELAY_REGISTER_POOL2D_OP("nn.global_max_pool2d", GlobalPool2DRel, GlobalPool2DAttrs)
    .describe("the maximum over the spatial axes");

#define RELAY_REGISTER_GLOBAL_POOL_MAKER(OpName, Name)                  \
  TVM_REGISTER_GLOBAL("relay.op.nn._make." Name)                        \
      .set_body_typed([](Expr data, String layout, String out_layout) { \
        auto attrs = MakeAttrs<GlobalPool2DAttrs>();                    \
        attrs->layout = layout;                                         \
        attrs->out_layout = out_layout;                                 \
        return MakeOpCall(OpName, {data}, Attrs(attrs));                \
      })

RELAY_REGISTER_GLOBAL_POOL_MAKER("nn.global_avg_pool2d", "global_avg_pool2d");
RELAY_REGISTER_GLOBAL_POOL_MAKER("nn.global_max_pool2d", "global_max_pool2d");

}  // namespace relay
}  // namespace tvm

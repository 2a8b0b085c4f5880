/*!
 * \file resize.cc
 * \brief image.resize2d: the spatial axes resized to a given size.
 */
#include <tvm/relay/attrs/image.h>

#include "../nn/layout_util.h"
#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(Resize2DAttrs);

namespace {

bool Resize2DRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                 const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<Resize2DAttrs>();
  if (data->shape.size() != 4) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a 4-D tensor in layout " << a->layout
                         << ", but has type " << TypeText(types[0]);
  }
  if (a->size.size() != 2) {
    TVM_THROW(TypeError) << "size must be (height, width), got " << a->size.size() << " values";
  }
  std::array<int, 4> d = LayoutAxes(a->layout, "NCHW", "layout");
  Array<PrimExpr> shape = data->shape;
  shape.Set(d[2], Dim(a->size[0].IntValue()));
  shape.Set(d[3], Dim(a->size[1].IntValue()));
  reporter->Assign(types[1],
                   TensorType(shape, a->out_dtype.is_void() ? data->dtype : a->out_dtype));
  return true;
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op.image._make.resize2d")
    .set_body_typed([](Expr data, Array<Integer> size, String layout, String method,
                       String coordinate_transformation_mode, String rounding_method,
                       double cubic_alpha, int cubic_exclude, double extrapolation_value,
                       String out_dtype) {
      auto attrs = MakeAttrs<Resize2DAttrs>();
      attrs->size = size;
      attrs->layout = layout;
      attrs->method = method;
      attrs->coordinate_transformation_mode = coordinate_transformation_mode;
      attrs->rounding_method = rounding_method;
      attrs->cubic_alpha = cubic_alpha;
      attrs->cubic_exclude = cubic_exclude;
      attrs->extrapolation_value = extrapolation_value;
      attrs->out_dtype = ParseDType(out_dtype);
      return MakeOpCall("image.resize2d", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("image.resize2d")
    .describe("the spatial axes resized (nearest_neighbor, linear or cubic)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input.")
    .set_attrs_type<Resize2DAttrs>()
    .add_type_rel("Resize2D", Resize2DRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

}  // namespace relay
}  // namespace tvm

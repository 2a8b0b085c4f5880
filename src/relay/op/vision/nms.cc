/*!
 * \file nms.cc
 * \brief vision.all_class_non_max_suppression: ONNX NonMaxSuppression, the boxes kept per
 *  batch and class. How many are kept is known only when it runs: the compute fills an upper
 *  bound (every box of every class) and a count (see TTruncatedOutputs in tvm/relay/op.h).
 */
#include <tvm/relay/attrs/vision.h>

#include <string>

#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(AllClassNonMaximumSuppressionAttrs);

namespace {

/*!
 * \brief Checks that input i is a scalar, a one-element vector or (when `may_be_empty`, an
 *  omitted operand) an empty vector, of a dtype `kind` accepts; false while unknown.
 */
template <typename Kind>
bool CheckScalarOperand(const Array<Type>& types, int i, const TypeReporter& reporter,
                        bool may_be_empty, const std::string& expected, Kind kind) {
  const TensorTypeNode* t = TensorArg(types, i, reporter);
  if (t == nullptr) return false;
  bool shape_ok = t->shape.empty();
  if (t->shape.size() == 1) {
    std::optional<int64_t> n = ConstDim(t->shape[0]);
    shape_ok = n && (*n == 1 || (may_be_empty && *n == 0));
  }
  if (!shape_ok || !kind(t->dtype)) {
    TVM_THROW(TypeError) << reporter->ArgName(i) << " must be a scalar (or a "
                         << (may_be_empty ? "vector of one element or none" : "one-element vector")
                         << ") of dtype " << expected << ", but has type " << TypeText(types[i]);
  }
  return true;
}

bool AllClassNMSRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                    const TypeReporter& reporter) {
  const TensorTypeNode* boxes = TensorArg(types, 0, reporter);
  const TensorTypeNode* scores = TensorArg(types, 1, reporter);
  if (boxes == nullptr || scores == nullptr) return false;
  const auto* a = attrs.as<AllClassNonMaximumSuppressionAttrs>();
  if (boxes->shape.size() != 3 || (ConstDim(boxes->shape[2]) && *ConstDim(boxes->shape[2]) != 4)) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be [batch, boxes, 4], but has type "
                         << TypeText(types[0]);
  }
  DataType d = boxes->dtype;
  if (!d.is_float() || (d.bits() != 32 && d.bits() != 64) || d.lanes() != 1) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be float32 or float64, but has type "
                         << TypeText(types[0]);
  }
  if (scores->shape.size() != 3 || scores->dtype != d) {
    TVM_THROW(TypeError) << reporter->ArgName(1) << " must be [batch, classes, boxes] of dtype "
                         << d << ", but has type " << TypeText(types[1]);
  }
  auto mismatch = [](const PrimExpr& x, const PrimExpr& y) {
    return ConstDim(x) && ConstDim(y) && *ConstDim(x) != *ConstDim(y);
  };
  if (mismatch(boxes->shape[0], scores->shape[0]) || mismatch(boxes->shape[1], scores->shape[2])) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " of type " << TypeText(types[0]) << " and "
                         << reporter->ArgName(1) << " of type " << TypeText(types[1])
                         << " disagree on the batch or the number of boxes";
  }
  auto is_int = [](DataType t) { return t.is_int() && t.lanes() == 1; };
  auto is_float = [](DataType t) { return t.is_float() && t.lanes() == 1; };
  if (!CheckScalarOperand(types, 2, reporter, false, "int32 or int64", is_int) ||
      !CheckScalarOperand(types, 3, reporter, false, "float", is_float) ||
      !CheckScalarOperand(types, 4, reporter, true, "float", is_float)) {
    return false;
  }
  if (a->center_point_box != 0 && a->center_point_box != 1) {
    TVM_THROW(TypeError) << "center_point_box must be 0 or 1, got " << a->center_point_box;
  }
  if (a->output_format != "onnx") {
    TVM_THROW(TypeError) << "output_format must be \"onnx\", got \"" << a->output_format << "\"";
  }
  reporter->Assign(types[5],
                   TupleType({TensorType({Any(), Dim(3)}, DataType::Int(64)), CountType()}));
  return true;
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op.vision._make.all_class_non_max_suppression")
    .set_body_typed([](Expr boxes, Expr scores, Expr max_output_boxes_per_class, Expr iou_threshold,
                       Expr score_threshold, int center_point_box, String output_format) {
      auto attrs = MakeAttrs<AllClassNonMaximumSuppressionAttrs>();
      attrs->center_point_box = center_point_box;
      attrs->output_format = output_format;
      return MakeOpCall("vision.all_class_non_max_suppression",
                        {boxes, scores, max_output_boxes_per_class, iou_threshold, score_threshold},
                        Attrs(attrs));
    });
RELAY_REGISTER_OP("vision.all_class_non_max_suppression")
    .describe(
        "ONNX NonMaxSuppression: the (batch, class, box) of every box kept, and their "
        "number")
    .set_num_inputs(5)
    .add_argument("boxes", "Tensor", "[batch, boxes, 4] box coordinates.")
    .add_argument("scores", "Tensor", "[batch, classes, boxes] scores.")
    .add_argument("max_output_boxes_per_class", "Tensor", "An integer scalar.")
    .add_argument("iou_threshold", "Tensor", "A float scalar.")
    .add_argument("score_threshold", "Tensor", "A float scalar, or an empty vector (none).")
    .set_attrs_type<AllClassNonMaximumSuppressionAttrs>()
    .add_type_rel("AllClassNMS", AllClassNMSRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque)
    .set_attr<TTruncatedOutputs>("TTruncatedOutputs", {0});

}  // namespace relay
}  // namespace tvm

/*!
 * \file tvm/relay/attrs/vision.h
 * \brief Attributes of the vision ops.
 */
#ifndef TVM_RELAY_ATTRS_VISION_H_
#define TVM_RELAY_ATTRS_VISION_H_

#include <tvm/relay/attrs/transform.h>

namespace tvm {
namespace relay {

/*!
 * \brief vision.all_class_non_max_suppression: how boxes are given (center_point_box 0:
 *  corners (y1, x1, y2, x2); 1: (x_center, y_center, width, height)) and the layout of the
 *  result (output_format "onnx": rows (batch, class, box index)).
 */
struct AllClassNonMaximumSuppressionAttrs : public BaseAttrsNode {
  int center_point_box{0};
  String output_format{"onnx"};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("center_point_box", &center_point_box);
    v->Visit("output_format", &output_format);
  }
  TVM_RELAY_ATTRS(AllClassNonMaximumSuppressionAttrs);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_ATTRS_VISION_H_

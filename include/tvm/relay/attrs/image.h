/*!
 * \file tvm/relay/attrs/image.h
 * \brief Attributes of the image ops.
 */
#ifndef TVM_RELAY_ATTRS_IMAGE_H_
#define TVM_RELAY_ATTRS_IMAGE_H_

#include <tvm/relay/attrs/transform.h>

namespace tvm {
namespace relay {

/*!
 * \brief image.resize2d: the output (height, width) and how pixels are interpolated (the roi
 *  of tf_crop_and_resize is not supported yet).
 */
struct Resize2DAttrs : public BaseAttrsNode {
  Array<Integer> size;
  String layout{"NCHW"};
  String method{"linear"};
  String coordinate_transformation_mode{"half_pixel"};
  String rounding_method{""};
  double cubic_alpha{-0.5};
  int cubic_exclude{0};
  double extrapolation_value{0.0};
  DataType out_dtype;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("size", &size);
    v->Visit("layout", &layout);
    v->Visit("method", &method);
    v->Visit("coordinate_transformation_mode", &coordinate_transformation_mode);
    v->Visit("rounding_method", &rounding_method);
    v->Visit("cubic_alpha", &cubic_alpha);
    v->Visit("cubic_exclude", &cubic_exclude);
    v->Visit("extrapolation_value", &extrapolation_value);
    v->Visit("out_dtype", &out_dtype);
  }
  TVM_RELAY_ATTRS(Resize2DAttrs);
};

/*! \brief image.decode (ONNX ImageDecoder): "RGB", "BGR" or "Grayscale". */
struct ImageDecodeAttrs : public BaseAttrsNode {
  String pixel_format{"RGB"};
  void VisitAttrs(AttrVisitor* v) { v->Visit("pixel_format", &pixel_format); }
  TVM_RELAY_ATTRS(ImageDecodeAttrs);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_ATTRS_IMAGE_H_

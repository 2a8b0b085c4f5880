/*!
 * \file tvm/relay/attrs/nn_extra.h
 * \brief Attributes of nn.conv1d / nn.conv3d (one struct for any spatial rank), of
 *  nn.depth_to_space / nn.space_to_depth, scatter_elements, arange and layout_transform.
 */
#ifndef TVM_RELAY_ATTRS_NN_EXTRA_H_
#define TVM_RELAY_ATTRS_NN_EXTRA_H_

#include <tvm/relay/attrs/transform.h>

#include <string>

namespace tvm {
namespace relay {

/*! \brief nn.conv1d (NCW / OIW) and nn.conv3d (NCDHW / OIDHW). */
struct ConvNDAttrs : public BaseAttrsNode {
  Array<Integer> strides;
  /*! \brief One value per side: (before..., after...), or one value for all. */
  Array<Integer> padding;
  Array<Integer> dilation;
  int64_t groups{1};
  Integer channels;
  Array<Integer> kernel_size;
  String data_layout;
  String kernel_layout;
  String out_dtype;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("strides", &strides);
    v->Visit("padding", &padding);
    v->Visit("dilation", &dilation);
    v->Visit("groups", &groups);
    v->Visit("channels", &channels);
    v->Visit("kernel_size", &kernel_size);
    v->Visit("data_layout", &data_layout);
    v->Visit("kernel_layout", &kernel_layout);
    v->Visit("out_dtype", &out_dtype);
  }
  TVM_RELAY_ATTRS(ConvNDAttrs);
};

/*! \brief nn.depth_to_space / nn.space_to_depth. */
struct SubPixelAttrs : public BaseAttrsNode {
  int64_t block_size{1};
  String layout{"NCHW"};
  String mode{"DCR"};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("block_size", &block_size);
    v->Visit("layout", &layout);
    v->Visit("mode", &mode);
  }
  TVM_RELAY_ATTRS(SubPixelAttrs);
};

/*! \brief scatter_elements: the axis and how duplicates combine ("update", "add", ...). */
struct ScatterElementsAttrs : public BaseAttrsNode {
  int64_t axis{0};
  String reduction{"update"};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("axis", &axis);
    v->Visit("reduction", &reduction);
  }
  TVM_RELAY_ATTRS(ScatterElementsAttrs);
};

/*!
 * \brief arange: the output dtype (start, stop, step are inputs) and the output length when
 *  the constructor could compute it from constant arguments (-1: unknown, Any).
 */
struct ArangeAttrs : public BaseAttrsNode {
  DataType dtype;
  int64_t length{-1};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("dtype", &dtype);
    v->Visit("length", &length);
  }
  TVM_RELAY_ATTRS(ArangeAttrs);
};

/*! \brief layout_transform: from and to layouts ("NCHW", "NCHW16c", ...). */
struct LayoutTransformAttrs : public BaseAttrsNode {
  String src_layout;
  String dst_layout;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("src_layout", &src_layout);
    v->Visit("dst_layout", &dst_layout);
  }
  TVM_RELAY_ATTRS(LayoutTransformAttrs);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_ATTRS_NN_EXTRA_H_

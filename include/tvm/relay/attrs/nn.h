/*!
 * \file tvm/relay/attrs/nn.h
 * \brief Attributes of the neural-network ops.
 */
#ifndef TVM_RELAY_ATTRS_NN_H_
#define TVM_RELAY_ATTRS_NN_H_

#include <tvm/relay/attrs/transform.h>

namespace tvm {
namespace relay {

/*! \brief dense: y = x W^T; `units` (the output width) is optional. */
struct DenseAttrs : public BaseAttrsNode {
  Integer units;
  DataType out_dtype;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("units", &units);
    v->Visit("out_dtype", &out_dtype);
  }
  TVM_RELAY_ATTRS(DenseAttrs);
};

/*!
 * \brief contrib_dense_pack: y = x W^T with W packed in panels of bn rows, [N/bn, K, bn]
 *  (`weight_layout` "NC<bn>n"); what AlterOpLayout makes of nn.dense on x86.
 */
struct DensePackAttrs : public BaseAttrsNode {
  Integer units;
  DataType out_dtype;
  String weight_layout{"NC16n"};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("units", &units);
    v->Visit("out_dtype", &out_dtype);
    v->Visit("weight_layout", &weight_layout);
  }
  TVM_RELAY_ATTRS(DensePackAttrs);
};

/*! \brief matmul: y = op(a) op(b), op a transpose when asked. */
struct MatmulAttrs : public BaseAttrsNode {
  Integer units;
  DataType out_dtype;
  bool transpose_a{false};
  bool transpose_b{false};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("units", &units);
    v->Visit("out_dtype", &out_dtype);
    v->Visit("transpose_a", &transpose_a);
    v->Visit("transpose_b", &transpose_b);
  }
  TVM_RELAY_ATTRS(MatmulAttrs);
};

/*! \brief batch_matmul; the default (transpose_b) is x y^T per batch, as in TVM. */
struct BatchMatmulAttrs : public BaseAttrsNode {
  DataType out_dtype;
  bool transpose_a{false};
  bool transpose_b{true};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("out_dtype", &out_dtype);
    v->Visit("transpose_a", &transpose_a);
    v->Visit("transpose_b", &transpose_b);
  }
  TVM_RELAY_ATTRS(BatchMatmulAttrs);
};

/*! \brief bias_add: the axis of the bias (the channel axis). */
struct BiasAddAttrs : public BaseAttrsNode {
  int axis{1};
  void VisitAttrs(AttrVisitor* v) { v->Visit("axis", &axis); }
  TVM_RELAY_ATTRS(BiasAddAttrs);
};

/*! \brief softmax, log_softmax: the axis normalized. */
struct SoftmaxAttrs : public BaseAttrsNode {
  int axis{-1};
  void VisitAttrs(AttrVisitor* v) { v->Visit("axis", &axis); }
  TVM_RELAY_ATTRS(SoftmaxAttrs);
};

/*!
 * \brief conv2d. padding is (top, left, bottom, right); channels and kernel_size are optional
 *  (taken from the weight when absent); out_layout "" means data_layout.
 */
struct Conv2DAttrs : public BaseAttrsNode {
  Array<Integer> strides{Int64Attr(1), Int64Attr(1)};
  Array<Integer> padding{Int64Attr(0), Int64Attr(0), Int64Attr(0), Int64Attr(0)};
  Array<Integer> dilation{Int64Attr(1), Int64Attr(1)};
  int groups{1};
  Integer channels;
  Array<Integer> kernel_size;
  String data_layout{"NCHW"};
  String kernel_layout{"OIHW"};
  String out_layout{""};
  DataType out_dtype;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("strides", &strides);
    v->Visit("padding", &padding);
    v->Visit("dilation", &dilation);
    v->Visit("groups", &groups);
    v->Visit("channels", &channels);
    v->Visit("kernel_size", &kernel_size);
    v->Visit("data_layout", &data_layout);
    v->Visit("kernel_layout", &kernel_layout);
    v->Visit("out_layout", &out_layout);
    v->Visit("out_dtype", &out_dtype);
  }
  TVM_RELAY_ATTRS(Conv2DAttrs);
};

/*! \brief max_pool2d and avg_pool2d (count_include_pad is avg_pool2d's). */
struct Pool2DAttrs : public BaseAttrsNode {
  Array<Integer> pool_size;
  Array<Integer> strides{Int64Attr(1), Int64Attr(1)};
  Array<Integer> dilation{Int64Attr(1), Int64Attr(1)};
  Array<Integer> padding{Int64Attr(0), Int64Attr(0), Int64Attr(0), Int64Attr(0)};
  String layout{"NCHW"};
  String out_layout{""};
  bool ceil_mode{false};
  bool count_include_pad{false};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("pool_size", &pool_size);
    v->Visit("strides", &strides);
    v->Visit("dilation", &dilation);
    v->Visit("padding", &padding);
    v->Visit("layout", &layout);
    v->Visit("out_layout", &out_layout);
    v->Visit("ceil_mode", &ceil_mode);
    v->Visit("count_include_pad", &count_include_pad);
  }
  TVM_RELAY_ATTRS(Pool2DAttrs);
};

/*! \brief global_avg_pool2d / global_max_pool2d. */
struct GlobalPool2DAttrs : public BaseAttrsNode {
  String layout{"NCHW"};
  String out_layout{""};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("layout", &layout);
    v->Visit("out_layout", &out_layout);
  }
  TVM_RELAY_ATTRS(GlobalPool2DAttrs);
};

/*! \brief batch_norm. */
struct BatchNormAttrs : public BaseAttrsNode {
  int axis{1};
  double epsilon{1e-5};
  bool center{true};
  bool scale{true};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("axis", &axis);
    v->Visit("epsilon", &epsilon);
    v->Visit("center", &center);
    v->Visit("scale", &scale);
  }
  TVM_RELAY_ATTRS(BatchNormAttrs);
};

/*! \brief dropout: the drop probability. */
struct DropoutAttrs : public BaseAttrsNode {
  double rate{0.5};
  void VisitAttrs(AttrVisitor* v) { v->Visit("rate", &rate); }
  TVM_RELAY_ATTRS(DropoutAttrs);
};

/*! \brief pad: (before, after) per axis; the pad value is the op's second input. */
struct PadAttrs : public BaseAttrsNode {
  Array<Array<Integer>> pad_width;
  String pad_mode{"constant"};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("pad_width", &pad_width);
    v->Visit("pad_mode", &pad_mode);
  }
  TVM_RELAY_ATTRS(PadAttrs);
};

/*! \brief conv2d_transpose; the kernel is IOHW by default, output_padding adds to the end. */
struct Conv2DTransposeAttrs : public BaseAttrsNode {
  Array<Integer> strides{Int64Attr(1), Int64Attr(1)};
  Array<Integer> padding{Int64Attr(0), Int64Attr(0), Int64Attr(0), Int64Attr(0)};
  Array<Integer> output_padding{Int64Attr(0), Int64Attr(0)};
  Array<Integer> dilation{Int64Attr(1), Int64Attr(1)};
  int groups{1};
  Integer channels;
  Array<Integer> kernel_size;
  String data_layout{"NCHW"};
  String kernel_layout{"IOHW"};
  String out_layout{""};
  DataType out_dtype;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("strides", &strides);
    v->Visit("padding", &padding);
    v->Visit("output_padding", &output_padding);
    v->Visit("dilation", &dilation);
    v->Visit("groups", &groups);
    v->Visit("channels", &channels);
    v->Visit("kernel_size", &kernel_size);
    v->Visit("data_layout", &data_layout);
    v->Visit("kernel_layout", &kernel_layout);
    v->Visit("out_layout", &out_layout);
    v->Visit("out_dtype", &out_dtype);
  }
  TVM_RELAY_ATTRS(Conv2DTransposeAttrs);
};

/*! \brief adaptive_avg_pool2d / adaptive_max_pool2d: the output (height, width). */
struct AdaptivePool2DAttrs : public BaseAttrsNode {
  Array<Integer> output_size;
  String layout{"NCHW"};
  String out_layout{""};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("output_size", &output_size);
    v->Visit("layout", &layout);
    v->Visit("out_layout", &out_layout);
  }
  TVM_RELAY_ATTRS(AdaptivePool2DAttrs);
};

/*! \brief leaky_relu: the slope for negative inputs. */
struct LeakyReluAttrs : public BaseAttrsNode {
  double alpha{0.25};
  void VisitAttrs(AttrVisitor* v) { v->Visit("alpha", &alpha); }
  TVM_RELAY_ATTRS(LeakyReluAttrs);
};

/*! \brief prelu: the channel axis of the slopes. */
struct PReluAttrs : public BaseAttrsNode {
  int axis{1};
  void VisitAttrs(AttrVisitor* v) { v->Visit("axis", &axis); }
  TVM_RELAY_ATTRS(PReluAttrs);
};

/*! \brief layer_norm: normalized over `axis`; gamma/beta have that axis's extent. */
struct LayerNormAttrs : public BaseAttrsNode {
  int axis{-1};
  double epsilon{1e-5};
  bool center{true};
  bool scale{true};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("axis", &axis);
    v->Visit("epsilon", &epsilon);
    v->Visit("center", &center);
    v->Visit("scale", &scale);
  }
  TVM_RELAY_ATTRS(LayerNormAttrs);
};

/*! \brief upsampling: scale factors of the spatial axes and the interpolation. */
struct UpSamplingAttrs : public BaseAttrsNode {
  double scale_h{1};
  double scale_w{1};
  String layout{"NCHW"};
  String method{"nearest_neighbor"};
  bool align_corners{false};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("scale_h", &scale_h);
    v->Visit("scale_w", &scale_w);
    v->Visit("layout", &layout);
    v->Visit("method", &method);
    v->Visit("align_corners", &align_corners);
  }
  TVM_RELAY_ATTRS(UpSamplingAttrs);
};

/*! \brief instance_norm: normalized per instance and channel; gamma/beta along `axis`. */
struct InstanceNormAttrs : public BaseAttrsNode {
  int axis{1};
  double epsilon{1e-5};
  bool center{true};
  bool scale{true};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("axis", &axis);
    v->Visit("epsilon", &epsilon);
    v->Visit("center", &center);
    v->Visit("scale", &scale);
  }
  TVM_RELAY_ATTRS(InstanceNormAttrs);
};

/*! \brief group_norm: channels (along `axis`) normalized in `num_groups` groups. */
struct GroupNormAttrs : public BaseAttrsNode {
  int num_groups{1};
  int axis{1};
  double epsilon{1e-5};
  bool center{true};
  bool scale{true};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("num_groups", &num_groups);
    v->Visit("axis", &axis);
    v->Visit("epsilon", &epsilon);
    v->Visit("center", &center);
    v->Visit("scale", &scale);
  }
  TVM_RELAY_ATTRS(GroupNormAttrs);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_ATTRS_NN_H_

/*!
 * \file tvm/topi/nn.h
 * \brief Neural-network operator computes: padding, convolutions, dense /
 * matmul, activations, softmax, pooling, normalization, layout rearrangements
 * and image resize.
 *
 * Every operator is a tensor-expression compute (te::compute) with a tag that
 * schedules key on ("conv2d_nchw", "dense", "pool_max", ...). Spatial padding
 * is a separate stage named "PadInput" tagged "injective,pad", so a schedule
 * can inline it or compute it at a tile. Shapes, strides, paddings and
 * dilations must be constants where the output shape depends on them. A user
 * error (wrong rank, channel mismatch, groups not dividing the channels, a
 * kernel larger than the padded input) raises ValueError naming the operator,
 * the argument, what was expected and what was found.
 *
 * Padding conventions (the \p padding arrays below) follow TVM: with d spatial
 * dimensions, one value pads every side; d values pad both sides of each
 * dimension; 2d values are all the "before" paddings followed by all the
 * "after" paddings (for 2-D: top, left, bottom, right).
 */
#ifndef TVM_TOPI_NN_H_
#define TVM_TOPI_NN_H_

#include <tvm/te/tensor.h>
#include <tvm/topi/tags.h>

#include <string>

namespace tvm {
namespace topi {
namespace nn {

using te::Tensor;

/*! \brief Tensor \p t padded by \p pad_before / \p pad_after (per dimension;
 * missing trailing entries are 0; an empty \p pad_after equals \p pad_before)
 * with \p pad_value (0 if undefined). */
Tensor pad(const Tensor &t, Array<PrimExpr> pad_before,
           Array<PrimExpr> pad_after = {}, PrimExpr pad_value = PrimExpr(),
           std::string name = "PadInput", std::string tag = "injective,pad");

/*! \brief Splits a \p padding array for \p ndim spatial dimensions into
 * (before, after); ValueError naming \p op when its length is not 1, ndim or
 * 2*ndim. */
std::pair<Array<PrimExpr>, Array<PrimExpr>>
GetPadTuple(const Array<PrimExpr> &padding, size_t ndim, const std::string &op);

// ---- convolutions
// -------------------------------------------------------------------------

/*!
 * \brief Grouped convolution in channels-first layout with any number of
 * spatial dimensions: data [N, C, X1..Xd], kernel [K, C/groups, k1..kd] -> [N,
 * K, Y1..Yd]. conv1d_ncw, conv2d_nchw, group_conv2d_nchw and conv3d_ncdhw are
 * this with d = 1, 2, 3.
 */
Tensor conv_ncx(const Tensor &data, const Tensor &kernel,
                Array<PrimExpr> strides, Array<PrimExpr> padding,
                Array<PrimExpr> dilation, int groups, DataType out_dtype,
                const std::string &op_name, std::string tag);

Tensor conv1d_ncw(const Tensor &data, const Tensor &kernel,
                  Array<PrimExpr> strides, Array<PrimExpr> padding,
                  Array<PrimExpr> dilation, DataType out_dtype);
Tensor conv2d_nchw(const Tensor &data, const Tensor &kernel,
                   Array<PrimExpr> strides, Array<PrimExpr> padding,
                   Array<PrimExpr> dilation, DataType out_dtype);
Tensor group_conv2d_nchw(const Tensor &data, const Tensor &kernel,
                         Array<PrimExpr> strides, Array<PrimExpr> padding,
                         Array<PrimExpr> dilation, int groups,
                         DataType out_dtype);
Tensor conv3d_ncdhw(const Tensor &data, const Tensor &kernel,
                    Array<PrimExpr> strides, Array<PrimExpr> padding,
                    Array<PrimExpr> dilation, int groups, DataType out_dtype);
/*! \brief data [N, H, W, C], kernel [KH, KW, C, K] (HWIO) -> [N, OH, OW, K]. */
Tensor conv2d_nhwc(const Tensor &data, const Tensor &kernel,
                   Array<PrimExpr> strides, Array<PrimExpr> padding,
                   Array<PrimExpr> dilation, DataType out_dtype);
/*! \brief data [N, C, H, W], kernel [C, M, KH, KW] -> [N, C*M, OH, OW]; output
 * channel c*M + m reads input channel c. */
Tensor depthwise_conv2d_nchw(const Tensor &data, const Tensor &kernel,
                             Array<PrimExpr> strides, Array<PrimExpr> padding,
                             Array<PrimExpr> dilation, DataType out_dtype);
/*! \brief data [N, H, W, C], kernel [KH, KW, C, M] (HWOI) -> [N, OH, OW, C*M].
 */
Tensor depthwise_conv2d_nhwc(const Tensor &data, const Tensor &kernel,
                             Array<PrimExpr> strides, Array<PrimExpr> padding,
                             Array<PrimExpr> dilation, DataType out_dtype);
/*!
 * \brief The blocked convolution of the x86 schedules: data [N, C/ic_bn, H, W,
 * ic_bn], kernel [K/oc_bn, C/ic_bn, KH, KW, ic_bn, oc_bn] -> [N, K/oc_bn, OH,
 * OW, oc_bn]. The reduction axes are (ic_outer, kh, kw, ic_inner), in that
 * order.
 */
Tensor conv2d_NCHWc(const Tensor &data, const Tensor &kernel,
                    Array<PrimExpr> strides, Array<PrimExpr> padding,
                    Array<PrimExpr> dilation, DataType out_dtype);
/*!
 * \brief Blocked depthwise convolution: data [N, C/ic_bn, H, W, ic_bn], kernel
 * [K/oc_bn, 1, KH, KW, 1, oc_bn] -> [N, K/oc_bn, OH, OW, oc_bn], K = C * M
 * (channel multiplier M); output channel k reads input channel k / M. The
 * reduction axes are (kh, kw).
 */
Tensor depthwise_conv2d_NCHWc(const Tensor &data, const Tensor &kernel,
                              Array<PrimExpr> strides, Array<PrimExpr> padding,
                              Array<PrimExpr> dilation, DataType out_dtype);
/*! \brief data [N, C, H, W], kernel [C, K, KH, KW] (IOHW) -> [N, K, OH, OW]
 * with OH = (H - 1) * stride - pad_top - pad_bottom + KH + output_padding. */
Tensor conv2d_transpose_nchw(const Tensor &data, const Tensor &kernel,
                             Array<PrimExpr> strides, Array<PrimExpr> padding,
                             DataType out_dtype,
                             Array<PrimExpr> output_padding);

// ---- dense / matmul
// -----------------------------------------------------------------------

/*! \brief data [M, K], weight [N, K] -> [M, N] (+ bias [N]). */
Tensor dense(const Tensor &data, const Tensor &weight, Optional<Tensor> bias,
             DataType out_dtype);
/*! \brief A [M, K] (or [K, M]) x B [K, N] (or [N, K]) -> [M, N] (+ bias [N]).
 */
Tensor matmul(const Tensor &a, const Tensor &b, Optional<Tensor> bias,
              DataType out_dtype, bool transpose_a, bool transpose_b);
/*! \brief x [B, M, K] (or [B, K, M]) x y [B, N, K] (or [B, K, N]) -> [B, M, N];
 * a batch of 1 broadcasts. */
Tensor batch_matmul(const Tensor &x, const Tensor &y, DataType out_dtype,
                    bool transpose_a, bool transpose_b);

// ---- activations, bias
// --------------------------------------------------------------------

Tensor relu(const Tensor &x);
Tensor leaky_relu(const Tensor &x, double alpha);
/*! \brief x where positive, else x * slope[index along axis]. */
Tensor prelu(const Tensor &x, const Tensor &slope, int axis);
/*! \brief data + bias broadcast along \p axis (bias is 1-D of data's extent
 * there). */
Tensor bias_add(const Tensor &data, const Tensor &bias, int axis);

// ---- softmax
// ------------------------------------------------------------------------------

Tensor softmax(const Tensor &x, int axis);
Tensor log_softmax(const Tensor &x, int axis);

// ---- pooling
// ------------------------------------------------------------------------------

/*!
 * \brief Max / average pooling over the spatial axes named by \p layout
 * ("NCHW", "NHWC", "NCHW16c", ...: 'H' and 'W' are the pooled axes). \p padding
 * is (top, left, bottom, right) or shorter per GetPadTuple. Average pooling
 * divides by the window clipped to the padded input when \p count_include_pad,
 * else by the number of in-bounds taps.
 */
Tensor pool2d(const Tensor &data, Array<PrimExpr> kernel,
              Array<PrimExpr> stride, Array<PrimExpr> dilation,
              Array<PrimExpr> padding, const std::string &pool_type,
              bool ceil_mode, const std::string &layout,
              bool count_include_pad);
Tensor global_pool(const Tensor &data, const std::string &pool_type,
                   const std::string &layout);
/*! \brief Window o covers [floor(o*X/O), ceil((o+1)*X/O)) of each pooled axis.
 */
Tensor adaptive_pool(const Tensor &data, Array<PrimExpr> output_size,
                     const std::string &pool_type, const std::string &layout);

// ---- normalization
// ------------------------------------------------------------------------

/*! \brief Normalize over \p axis (gamma / beta have the shape of those axes).
 */
Tensor layer_norm(const Tensor &data, const Tensor &gamma, const Tensor &beta,
                  Array<Integer> axis, double epsilon);
/*! \brief Normalize over the channels of each of \p num_groups groups and over
 * \p axes. */
Tensor group_norm(const Tensor &data, const Tensor &gamma, const Tensor &beta,
                  int num_groups, int channel_axis, Array<Integer> axes,
                  double epsilon);
/*! \brief The inference form: (x - mean) / sqrt(var + eps) * gamma + beta along
 * \p axis. Returns [out, moving_mean, moving_var] like TVM. */
Array<Tensor> batch_norm(const Tensor &data, const Tensor &gamma,
                         const Tensor &beta, const Tensor &moving_mean,
                         const Tensor &moving_var, int axis, double epsilon,
                         bool center, bool scale);
/*! \brief Local response normalization across \p size neighbours along \p axis.
 */
Tensor lrn(const Tensor &data, int size, int axis, double alpha, double beta,
           double bias);

// ---- layout
// -------------------------------------------------------------------------------

Tensor batch_flatten(const Tensor &data);
Tensor depth_to_space(const Tensor &data, int block_size,
                      const std::string &layout, const std::string &mode);
Tensor space_to_depth(const Tensor &data, int block_size,
                      const std::string &layout);

/*!
 * \brief 2-D resize of the H and W axes of \p layout ("NCHW" / "NHWC") to \p
 * size. \p method: "nearest_neighbor" or "linear"; \p
 * coordinate_transformation_mode: "half_pixel", "align_corners", "asymmetric",
 * "pytorch_half_pixel", "tf_half_pixel_for_nn"; \p rounding_method (nearest
 * only): "round", "floor", "ceil", "round_prefer_floor", "round_prefer_ceil",
 * or "" for TVM's default ("round" with align_corners, else "floor").
 */
Tensor resize2d(const Tensor &data, Array<PrimExpr> size,
                const std::string &layout, const std::string &method,
                const std::string &coordinate_transformation_mode,
                const std::string &rounding_method, DataType out_dtype);
/*! \brief resize2d to (round(H * scale_h), round(W * scale_w)), "asymmetric"
 * coordinates (or "align_corners"); method "nearest_neighbor" or "bilinear". */
Tensor upsampling(const Tensor &data, double scale_h, double scale_w,
                  const std::string &layout, const std::string &method,
                  bool align_corners);

} // namespace nn
} // namespace topi
} // namespace tvm

#endif // TVM_TOPI_NN_H_

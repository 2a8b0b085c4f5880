/*!
 * \file tvm/topi/transform.h
 * \brief Layout and indexing operators (all injective): reshape, transpose, squeeze,
 *  expand_dims, concatenate, split, stack, strided_slice, take, gather, gather_nd, tile,
 *  repeat, reverse, where, arange, one_hot, layout_transform.
 *
 * Axis arguments may be negative (counted from the end). A bad argument (an axis out of range,
 * a reshape that changes the element count, split sections that do not divide the axis) is a
 * ValueError that names the operator, the argument, and what was expected and found.
 */
#ifndef TVM_TOPI_TRANSFORM_H_
#define TVM_TOPI_TRANSFORM_H_

#include <tvm/te/tensor.h>
#include <tvm/topi/tags.h>

#include <string>

namespace tvm {
namespace topi {

using te::Tensor;

/*! \brief `newshape` may contain one -1 (inferred from the element count). */
Tensor reshape(const Tensor& x, const Array<PrimExpr>& newshape, std::string name = "T_reshape");
/*! \brief Permute dimensions; undefined axes reverse them. */
Tensor transpose(const Tensor& x, const Optional<Array<Integer>>& axes,
                 std::string name = "T_transpose");
/*! \brief Drop dimensions of extent 1 (all of them when axis is undefined). */
Tensor squeeze(const Tensor& x, const Optional<Array<Integer>>& axis,
               std::string name = "T_squeeze");
/*! \brief Insert num_newaxis dimensions of extent 1 before position axis. */
Tensor expand_dims(const Tensor& x, int axis, int num_newaxis = 1,
                   std::string name = "T_expand_dims");
Tensor concatenate(const Array<Tensor>& xs, int axis, std::string name = "T_concat");
Tensor stack(const Array<Tensor>& xs, int axis, std::string name = "T_stack");
/*! \brief Split into `sections` equal parts (must divide the axis). */
Array<Tensor> split_sections(const Tensor& x, int sections, int axis,
                             std::string name = "T_split_sections");
/*! \brief Split before each of the increasing `indices`. */
Array<Tensor> split(const Tensor& x, const Array<Integer>& indices, int axis,
                    std::string name = "T_split");
/*!
 * \brief numpy-style slicing per axis (begin/end clamped, negative counted from the end,
 *  strides may be negative); `axes` selects which axes the lists describe (all when undefined).
 */
Tensor strided_slice(const Tensor& x, const Array<Integer>& begin, const Array<Integer>& end,
                     const Array<Integer>& strides, const Optional<Array<Integer>>& axes,
                     std::string name = "T_strided_slice");
/*!
 * \brief Elements of x at `indices` along axis (flattened x when axis is undefined).
 *  mode "clip" clamps indices, "wrap" wraps them, "fast" assumes they are in range.
 */
Tensor take(const Tensor& x, const Tensor& indices, const Optional<Integer>& axis,
            std::string mode = "clip", std::string name = "T_take");
/*! \brief out[i][j][k] = x[i][indices[i][j][k]][k] for axis 1 (numpy take_along_axis). */
Tensor gather(const Tensor& x, int axis, const Tensor& indices, std::string name = "T_gather");
/*! \brief indices has shape (M, Y...): out[y...] = x[indices[0][y...], ..., indices[M-1][y...], ...]. */
Tensor gather_nd(const Tensor& x, const Tensor& indices, int batch_dims = 0,
                 std::string name = "T_gather_nd");
Tensor tile(const Tensor& x, const Array<Integer>& reps, std::string name = "T_tile");
Tensor repeat(const Tensor& x, int repeats, int axis, std::string name = "T_repeat");
Tensor reverse(const Tensor& x, int axis, std::string name = "T_reverse");
/*! \brief cond ? x : y elementwise, with broadcasting of all three. */
Tensor where(const Tensor& cond, const Tensor& x, const Tensor& y, std::string name = "T_where");
Tensor arange(const PrimExpr& start, const PrimExpr& stop, const PrimExpr& step, DataType dtype,
              std::string name = "T_arange");
Tensor one_hot(const Tensor& indices, const PrimExpr& on_value, const PrimExpr& off_value,
               int depth, int axis, DataType dtype, std::string name = "T_one_hot");
/*!
 * \brief Convert between layouts such as "NCHW" and "NCHW16c": an upper-case letter is a
 *  whole dimension, a number + lower-case letter a block of the matching upper-case one.
 */
Tensor layout_transform(const Tensor& x, const std::string& src_layout,
                        const std::string& dst_layout, std::string name = "T_layout_trans");

}  // namespace topi
}  // namespace tvm

#endif  // TVM_TOPI_TRANSFORM_H_

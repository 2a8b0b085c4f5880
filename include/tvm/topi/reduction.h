/*!
 * \file tvm/topi/reduction.h
 * \brief Reductions over axes: sum, prod, max, min, all, any, argmax, argmin.
 *
 * `axis` lists the dimensions to reduce (negative counts from the end; undefined means all);
 * with keepdims the reduced dimensions stay with extent 1.
 */
#ifndef TVM_TOPI_REDUCTION_H_
#define TVM_TOPI_REDUCTION_H_

#include <tvm/te/tensor.h>
#include <tvm/topi/tags.h>

#include <string>
#include <vector>

namespace tvm {
namespace topi {

using te::Tensor;

/*! \brief Sorted, deduplicated, non-negative axes; ValueError when one is out of range. */
std::vector<int> NormalizeReduceAxes(int ndim, const Optional<Array<Integer>>& axis,
                                     const char* op);

#define TVM_TOPI_DECLARE_REDUCE(Name)                                                     \
  Tensor Name(const Tensor& data, const Optional<Array<Integer>>& axis = Optional<Array<Integer>>(), \
              bool keepdims = false);
TVM_TOPI_DECLARE_REDUCE(sum)
TVM_TOPI_DECLARE_REDUCE(prod)
TVM_TOPI_DECLARE_REDUCE(max)
TVM_TOPI_DECLARE_REDUCE(min)
TVM_TOPI_DECLARE_REDUCE(all)
TVM_TOPI_DECLARE_REDUCE(any)
#undef TVM_TOPI_DECLARE_REDUCE

/*!
 * \brief Index (int32, row-major over the reduced axes) of the first maximum / minimum, or of
 *  the last one with select_last_index.
 */
Tensor argmax(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims = false,
              bool select_last_index = false);
Tensor argmin(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims = false,
              bool select_last_index = false);

}  // namespace topi
}  // namespace tvm

#endif  // TVM_TOPI_REDUCTION_H_

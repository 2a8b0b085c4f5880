/*!
 * \file argwhere.cc
 * \brief "tvm.contrib.data_dependent.argwhere"(condition, indices, count): the coordinates of
 *  the nonzero elements of `condition`, in row-major order, as the leading rows of `indices`
 *  ([number of elements, ndim], int32 or int64); count[0] is how many rows are valid.
 *
 *  An operator whose output shape depends on input values (see topi/data_dependent.py): the
 *  caller allocates the upper bound and cuts the result to count[0] rows.
 */
#include <tvm/runtime/registry.h>

#include <vector>

#include "../dltensor_access.h"

namespace tvm {
namespace runtime {
namespace contrib {

TVM_REGISTER_GLOBAL("tvm.contrib.data_dependent.argwhere").set_body([](TVMArgs args, TVMRetValue*) {
  constexpr const char* kKernel = "argwhere";
  DLTensor* condition = args[0];
  DLTensor* indices = args[1];
  DLTensor* count = args[2];
  int ndim = condition->ndim;
  int64_t n = NumElements(condition);
  if (indices->ndim != 2 || indices->shape[0] < n || indices->shape[1] != ndim) {
    TVM_THROW(ValueError) << kKernel << ": the indices buffer must be [" << n << ", " << ndim
                          << "] for a condition of " << n << " elements and rank " << ndim;
  }
  int64_t rows = 0;
  DispatchNumeric(condition->dtype, kKernel, [&](auto tag) {
    using T = decltype(tag);
    const T* value = reinterpret_cast<const T*>(Base(condition));
    std::vector<int64_t> coord(ndim, 0);
    for (int64_t i = 0; i < n; ++i) {
      if (value[i] != T(0)) {
        for (int d = 0; d < ndim; ++d) StoreIndex(indices, rows * ndim + d, coord[d], kKernel);
        ++rows;
      }
      for (int d = ndim - 1; d >= 0 && ++coord[d] == condition->shape[d]; --d) coord[d] = 0;
    }
  });
  StoreIndex(count, 0, rows, kKernel);
});

}  // namespace contrib
}  // namespace runtime
}  // namespace tvm

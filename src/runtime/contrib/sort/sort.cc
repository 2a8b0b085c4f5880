/*!
 * \file sort.cc
 * \brief Sorting kernels of the runtime, called from compiled code through
 * te.extern: "tvm.contrib.sort.argsort"(data, indices, axis, is_ascend) and
 *  "tvm.contrib.sort.topk"(data, values, indices, k, axis, is_ascend).
 *
 * Each slice along `axis` is sorted independently with a stable sort, so equal
 * values keep their input order (numpy's kind="stable"). They live in the
 * runtime so that a deployed model using argsort / topk needs nothing but
 * libtvm_runtime.so.
 */
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "../dltensor_access.h"

namespace tvm {
namespace runtime {

namespace {

using contrib::CopyElem;
using contrib::StoreIndex;
using contrib::ValueAt;

constexpr const char* kKernel = "sort";

/*!
 * \brief For every slice along `axis` of `data`, the positions of its first `k`
 * elements in sorted order, handed to `emit(out_offset_of_rank_r,
 * in_offset_of_element)`.
 */
template <typename F>
void ForEachSortedSlice(const DLTensor* data, int axis, bool ascend, int64_t k, F emit) {
  int ndim = data->ndim;
  if (axis < 0) axis += ndim;
  if (axis < 0 || axis >= ndim) {
    TVM_THROW(ValueError) << "sort: axis out of range for rank " << ndim;
  }
  int64_t outer = 1, inner = 1, n = data->shape[axis];
  for (int d = 0; d < axis; ++d) outer *= data->shape[d];
  for (int d = axis + 1; d < ndim; ++d) inner *= data->shape[d];
  std::vector<int64_t> order(n);
  std::vector<double> keys(n);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t in = 0; in < inner; ++in) {
      int64_t base = o * n * inner + in;
      for (int64_t j = 0; j < n; ++j) keys[j] = ValueAt(data, base + j * inner, kKernel);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return ascend ? keys[a] < keys[b] : keys[a] > keys[b];
      });
      for (int64_t r = 0; r < k; ++r) {
        emit(o * k * inner + r * inner + in, base + order[r] * inner, order[r]);
      }
    }
  }
}

}  // namespace

TVM_REGISTER_GLOBAL("tvm.contrib.sort.argsort").set_body([](TVMArgs args, TVMRetValue*) {
  DLTensor* data = args[0];
  DLTensor* out = args[1];
  int axis = args[2];
  bool ascend = args[3];
  int a = axis < 0 ? axis + data->ndim : axis;
  ForEachSortedSlice(data, axis, ascend, data->shape[a], [&](int64_t dst, int64_t, int64_t pos) {
    StoreIndex(out, dst, pos, kKernel);
  });
});

TVM_REGISTER_GLOBAL("tvm.contrib.sort.topk").set_body([](TVMArgs args, TVMRetValue*) {
  DLTensor* data = args[0];
  DLTensor* values = args[1];
  DLTensor* indices = args[2];
  int64_t k = args[3];
  int axis = args[4];
  bool ascend = args[5];
  ForEachSortedSlice(data, axis, ascend, k, [&](int64_t dst, int64_t src, int64_t pos) {
    CopyElem(data, src, values, dst);
    StoreIndex(indices, dst, pos, kKernel);
  });
});

}  // namespace runtime
}  // namespace tvm

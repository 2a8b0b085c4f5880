/*!
 * \file unique.cc
 * \brief "tvm.contrib.data_dependent.unique"(data, is_sorted, unique, indices,
 *  inverse_indices, counts, count): the distinct rows of `data` (1-D: elements; 2-D: rows
 *  along axis 0).
 *
 *  With is_sorted the distinct rows come in ascending (lexicographic) order, else in the order
 *  of their first occurrence. Row u of `unique` is a distinct row, indices[u] the position of
 *  its first occurrence, counts[u] how often it occurs; inverse_indices[i] is the row of
 *  `unique` equal to input row i; count[0] is the number of distinct rows, the valid prefix of
 *  unique, indices and counts (whose buffers hold as many rows as the input). Floats compare
 *  by value with every NaN equal to every other NaN and above all numbers, as numpy's unique.
 */
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <type_traits>
#include <vector>

#include "../dltensor_access.h"

namespace tvm {
namespace runtime {
namespace contrib {

namespace {

constexpr const char* kKernel = "unique";

/*! \brief A strict total order on T: the usual one, with NaNs equal and after all numbers. */
template <typename T>
bool ValueLess(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

/*! \brief A run of equal input rows: its first occurrence and its size. */
struct Group {
  int64_t first;
  int64_t size;
};

/*!
 * \brief The groups of equal rows of `rows` x `width` row-major values, in ascending order,
 *  and for every input row its group.
 */
template <typename T>
std::vector<Group> GroupRows(const T* v, int64_t rows, int64_t width,
                             std::vector<int64_t>* group_of) {
  auto row_less = [&](int64_t a, int64_t b) {
    return std::lexicographical_compare(v + a * width, v + (a + 1) * width, v + b * width,
                                        v + (b + 1) * width, ValueLess<T>);
  };
  std::vector<int64_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  // Stable: the first row of each run of equal rows is the run's first occurrence.
  std::stable_sort(order.begin(), order.end(), row_less);
  std::vector<Group> groups;
  for (int64_t k = 0; k < rows; ++k) {
    if (k == 0 || row_less(order[k - 1], order[k])) groups.push_back({order[k], 0});
    groups.back().size++;
    (*group_of)[order[k]] = static_cast<int64_t>(groups.size()) - 1;
  }
  return groups;
}

}  // namespace

TVM_REGISTER_GLOBAL("tvm.contrib.data_dependent.unique").set_body([](TVMArgs args, TVMRetValue*) {
  DLTensor* data = args[0];
  bool is_sorted = args[1];
  DLTensor* unique = args[2];
  DLTensor* indices = args[3];
  DLTensor* inverse = args[4];
  DLTensor* counts = args[5];
  DLTensor* count = args[6];
  if (data->ndim != 1 && data->ndim != 2) {
    TVM_THROW(ValueError) << kKernel << ": data must be 1-D or 2-D, got rank " << data->ndim;
  }
  int64_t rows = data->shape[0];
  int64_t width = data->ndim == 2 ? data->shape[1] : 1;
  std::vector<int64_t> group_of(rows);
  std::vector<Group> groups;
  DispatchNumeric(data->dtype, kKernel, [&](auto tag) {
    using T = decltype(tag);
    groups = GroupRows(reinterpret_cast<const T*>(Base(data)), rows, width, &group_of);
  });
  // position[g]: the output row of group g.
  std::vector<int64_t> position(groups.size());
  std::iota(position.begin(), position.end(), 0);
  if (!is_sorted) {
    std::vector<int64_t> by_first(groups.size());
    std::iota(by_first.begin(), by_first.end(), 0);
    std::sort(by_first.begin(), by_first.end(),
              [&](int64_t a, int64_t b) { return groups[a].first < groups[b].first; });
    for (size_t u = 0; u < by_first.size(); ++u) position[by_first[u]] = u;
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    int64_t u = position[g];
    for (int64_t j = 0; j < width; ++j) {
      CopyElem(data, groups[g].first * width + j, unique, u * width + j);
    }
    StoreIndex(indices, u, groups[g].first, kKernel);
    StoreIndex(counts, u, groups[g].size, kKernel);
  }
  for (int64_t i = 0; i < rows; ++i) StoreIndex(inverse, i, position[group_of[i]], kKernel);
  StoreIndex(count, 0, static_cast<int64_t>(groups.size()), kKernel);
});

}  // namespace contrib
}  // namespace runtime
}  // namespace tvm

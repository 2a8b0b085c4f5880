/*!
 * \file non_max_suppression.cc
 * \brief "tvm.contrib.data_dependent.all_class_non_max_suppression"(boxes, scores,
 *  max_output_boxes_per_class, iou_threshold, score_threshold, center_point_box,
 *  selected_indices, count): ONNX NonMaxSuppression.
 *
 *  boxes [B, N, 4] (float32 or float64) hold corners (y1, x1, y2, x2), in either order, or
 *  with center_point_box (x_center, y_center, width, height); scores [B, C, N]. For every
 *  batch b and class c, in that order: the boxes scoring strictly above score_threshold (all
 *  when it has no element), by descending score (ties: lower index first), are taken greedily,
 *  each unless its IOU with a box already taken for (b, c) is above iou_threshold, until
 *  max_output_boxes_per_class are taken. Each taken box is a row (b, c, box index) of
 *  selected_indices ([B * C * N, 3] rows allocated); count[0] is the number of rows written.
 *  The arithmetic is onnxruntime's, in the boxes' dtype, so that boxes on the IOU threshold
 *  are decided the same way.
 */
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <numeric>
#include <type_traits>
#include <vector>

#include "../dltensor_access.h"

namespace tvm {
namespace runtime {
namespace contrib {

namespace {

constexpr const char* kKernel = "all_class_non_max_suppression";

/*! \brief A box as its extents [x_min, x_max] x [y_min, y_max]. */
template <typename T>
struct Extent {
  T x_min, x_max, y_min, y_max;
  T Area() const { return (x_max - x_min) * (y_max - y_min); }
};

template <typename T>
Extent<T> BoxExtent(const T* b, bool center_point_box) {
  if (center_point_box) {
    T half_w = b[2] / 2, half_h = b[3] / 2;
    return {b[0] - half_w, b[0] + half_w, b[1] - half_h, b[1] + half_h};
  }
  return {std::min(b[1], b[3]), std::max(b[1], b[3]), std::min(b[0], b[2]), std::max(b[0], b[2])};
}

/*! \brief Whether the IOU of a and b is above the threshold (false for empty boxes). */
template <typename T>
bool Overlaps(const Extent<T>& a, const Extent<T>& b, T iou_threshold) {
  T x_min = std::max(a.x_min, b.x_min), x_max = std::min(a.x_max, b.x_max);
  if (x_max <= x_min) return false;
  T y_min = std::max(a.y_min, b.y_min), y_max = std::min(a.y_max, b.y_max);
  if (y_max <= y_min) return false;
  T intersection = (x_max - x_min) * (y_max - y_min);
  T area_a = a.Area(), area_b = b.Area();
  T union_area = area_a + area_b - intersection;
  if (intersection <= 0 || area_a <= 0 || area_b <= 0 || union_area <= 0) return false;
  return intersection / union_area > iou_threshold;
}

/*! \brief The one value of a scalar or one-element tensor, as T; `fallback` when empty. */
template <typename T>
T ScalarOperand(const DLTensor* t, const char* what, T fallback) {
  int64_t n = NumElements(t);
  if (n == 0) return fallback;
  if (n != 1) {
    TVM_THROW(ValueError) << kKernel << ": " << what << " must hold one value, got " << n;
  }
  T v{};
  DispatchNumeric(t->dtype, kKernel,
                  [&](auto tag) { v = static_cast<T>(Load<decltype(tag)>(t, 0)); });
  return v;
}

template <typename T>
void NonMaxSuppression(const DLTensor* boxes, const DLTensor* scores, int64_t max_per_class,
                       T iou_threshold, bool has_score_threshold, double score_threshold,
                       bool center_point_box, DLTensor* selected, DLTensor* count) {
  int64_t batches = scores->shape[0], classes = scores->shape[1], n = scores->shape[2];
  const T* box_data = reinterpret_cast<const T*>(Base(boxes));
  int64_t rows = 0;
  std::vector<Extent<T>> extents(n);
  std::vector<int64_t> order;
  std::vector<int64_t> taken;
  for (int64_t b = 0; b < batches; ++b) {
    for (int64_t i = 0; i < n; ++i) {
      extents[i] = BoxExtent(box_data + (b * n + i) * 4, center_point_box);
    }
    for (int64_t c = 0; c < classes; ++c) {
      int64_t base = (b * classes + c) * n;
      std::vector<double> score(n);
      order.clear();
      for (int64_t i = 0; i < n; ++i) {
        score[i] = ValueAt(scores, base + i, kKernel);
        if (!has_score_threshold || score[i] > score_threshold) order.push_back(i);
      }
      std::stable_sort(order.begin(), order.end(),
                       [&](int64_t x, int64_t y) { return score[x] > score[y]; });
      taken.clear();
      for (int64_t i : order) {
        if (static_cast<int64_t>(taken.size()) >= max_per_class) break;
        bool suppressed = std::any_of(taken.begin(), taken.end(), [&](int64_t t) {
          return Overlaps(extents[t], extents[i], iou_threshold);
        });
        if (suppressed) continue;
        taken.push_back(i);
        StoreIndex(selected, rows * 3, b, kKernel);
        StoreIndex(selected, rows * 3 + 1, c, kKernel);
        StoreIndex(selected, rows * 3 + 2, i, kKernel);
        ++rows;
      }
    }
  }
  StoreIndex(count, 0, rows, kKernel);
}

}  // namespace

TVM_REGISTER_GLOBAL("tvm.contrib.data_dependent.all_class_non_max_suppression")
    .set_body([](TVMArgs args, TVMRetValue*) {
      DLTensor* boxes = args[0];
      DLTensor* scores = args[1];
      DLTensor* max_output = args[2];
      DLTensor* iou = args[3];
      DLTensor* score_threshold = args[4];
      bool center_point_box = args[5];
      DLTensor* selected = args[6];
      DLTensor* count = args[7];
      if (boxes->ndim != 3 || scores->ndim != 3 || boxes->shape[2] != 4 ||
          boxes->shape[0] != scores->shape[0] || boxes->shape[1] != scores->shape[2]) {
        TVM_THROW(ValueError) << kKernel << ": boxes must be [B, N, 4] and scores [B, C, N]";
      }
      int64_t capacity = scores->shape[0] * scores->shape[1] * scores->shape[2];
      if (selected->ndim != 2 || selected->shape[0] < capacity || selected->shape[1] != 3) {
        TVM_THROW(ValueError) << kKernel << ": selected_indices must be [" << capacity << ", 3]";
      }
      int64_t max_per_class =
          std::max<int64_t>(ScalarOperand<int64_t>(max_output, "max_output_boxes_per_class", 0), 0);
      double iou_threshold = ScalarOperand<double>(iou, "iou_threshold", 0.0);
      if (!(iou_threshold >= 0.0 && iou_threshold <= 1.0)) {
        TVM_THROW(ValueError) << kKernel << ": iou_threshold must be in [0, 1], got "
                              << iou_threshold;
      }
      bool has_score_threshold = NumElements(score_threshold) > 0;
      double score_min = ScalarOperand<double>(score_threshold, "score_threshold", 0.0);
      const DLDataType& d = boxes->dtype;
      if (d.code == kDLFloat && d.bits == 32 && d.lanes == 1) {
        NonMaxSuppression<float>(boxes, scores, max_per_class, static_cast<float>(iou_threshold),
                                 has_score_threshold, score_min, center_point_box, selected, count);
      } else if (d.code == kDLFloat && d.bits == 64 && d.lanes == 1) {
        NonMaxSuppression<double>(boxes, scores, max_per_class, iou_threshold, has_score_threshold,
                                  score_min, center_point_box, selected, count);
      } else {
        TVM_THROW(TypeError) << kKernel << ": boxes must be float32 or float64, got "
                             << DLDataType2String(d);
      }
    });

}  // namespace contrib
}  // namespace runtime
}  // namespace tvm

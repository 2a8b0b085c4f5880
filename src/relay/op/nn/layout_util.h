/*!
 * \file layout_util.h
 * \brief Reading 2-D layouts ("NCHW", "NHWC", "OIHW", "HWIO", ...): the position of each axis
 *  letter, and the output extent of a sliding window.
 */
#ifndef TVM_RELAY_OP_NN_LAYOUT_UTIL_H_
#define TVM_RELAY_OP_NN_LAYOUT_UTIL_H_

#include <tvm/runtime/container.h>
#include <tvm/runtime/logging.h>

#include <string>

#include "../type_relations.h"

namespace tvm {
namespace relay {

/*! \brief The positions of `letters` (e.g. "NCHW") in `layout`; TypeError unless it is a
 *  permutation of them. */
inline std::array<int, 4> LayoutAxes(const std::string& layout, const std::string& letters,
                                     const char* what) {
  std::array<int, 4> pos{-1, -1, -1, -1};
  bool ok = layout.size() == 4;
  for (size_t i = 0; ok && i < 4; ++i) {
    size_t k = letters.find(layout[i]);
    if (k == std::string::npos || pos[k] >= 0) {
      ok = false;
    } else {
      pos[k] = static_cast<int>(i);
    }
  }
  if (!ok) {
    TVM_THROW(TypeError) << what << " \"" << layout << "\" is not supported (expected a "
                         << "permutation of " << letters << ")";
  }
  return pos;
}

/*!
 * \brief The output extent of a window of `kernel` (dilated) sliding by `stride` over `in`
 *  padded by `pad_total`: floor((in + pad - dilation * (kernel - 1) - 1) / stride) + 1, with
 *  ceil instead of floor when `ceil_mode`. Any when an extent is not a constant.
 */
inline PrimExpr WindowOutput(const PrimExpr& in, const PrimExpr& kernel, int64_t stride,
                             int64_t pad_total, int64_t dilation, bool ceil_mode,
                             const std::string& what) {
  std::optional<int64_t> n = ConstDim(in), k = ConstDim(kernel);
  if (!n || !k) return Any();
  if (stride <= 0 || dilation <= 0) {
    TVM_THROW(TypeError) << what << ": strides and dilation must be positive";
  }
  int64_t span = *n + pad_total - dilation * (*k - 1) - 1;
  if (span < 0) {
    TVM_THROW(TypeError) << what << ": the window (extent " << dilation * (*k - 1) + 1
                         << ") is larger than the padded input (extent " << *n + pad_total << ")";
  }
  return Dim((ceil_mode ? (span + stride - 1) / stride : span / stride) + 1);
}

/*! \brief (top, left, bottom, right) from 1, 2 or 4 padding values. */
inline std::array<int64_t, 4> Padding4(const Array<Integer>& p) {
  if (p.size() == 1) return {p[0].IntValue(), p[0].IntValue(), p[0].IntValue(), p[0].IntValue()};
  if (p.size() == 2) return {p[0].IntValue(), p[1].IntValue(), p[0].IntValue(), p[1].IntValue()};
  if (p.size() == 4) return {p[0].IntValue(), p[1].IntValue(), p[2].IntValue(), p[3].IntValue()};
  if (p.empty()) return {0, 0, 0, 0};
  TVM_THROW(TypeError) << "padding must have 1, 2 or 4 values, got " << p.size();
}

/*! \brief Value i of a pair attribute (1 when absent). */
inline int64_t PairAt(const Array<Integer>& v, size_t i) {
  if (v.empty()) return 1;
  return v[std::min(i, v.size() - 1)].IntValue();
}

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_OP_NN_LAYOUT_UTIL_H_

/*!
 * \file nn_utils.h
 * \brief Argument checks shared by the nn computes (private to src/topi/nn).
 */
#ifndef TVM_TOPI_NN_NN_UTILS_H_
#define TVM_TOPI_NN_NN_UTILS_H_

#include <tvm/runtime/logging.h>
#include <tvm/te/tensor.h>

#include <sstream>
#include <string>
#include <vector>

namespace tvm {
namespace topi {
namespace nn {
namespace detail {

using te::Tensor;

inline std::string ShapeStr(const Array<PrimExpr> &shape) {
  std::ostringstream os;
  os << "(";
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? ", " : "") << shape[i];
  os << (shape.size() == 1 ? ",)" : ")");
  return os.str();
}

/*! \brief The value of a constant integer argument; ValueError naming op/arg
 * otherwise. */
inline int64_t ConstInt(const PrimExpr &e, const std::string &op,
                        const std::string &arg) {
  const int64_t *v = as_const_int(e);
  if (v == nullptr) {
    TVM_THROW(ValueError) << op << ": " << arg
                          << " must be a constant integer, found " << e;
  }
  return *v;
}

/*! \brief The extents of a tensor whose shape must be constant. */
inline std::vector<int64_t> ConstShape(const Tensor &t, const std::string &op,
                                       const std::string &arg) {
  std::vector<int64_t> out;
  for (const PrimExpr &d : t->shape) {
    const int64_t *v = as_const_int(d);
    if (v == nullptr) {
      TVM_THROW(ValueError)
          << op << ": " << arg << " must have a constant shape, found "
          << ShapeStr(t->shape);
    }
    out.push_back(*v);
  }
  return out;
}

/*!
 * \brief The extents of a batched data tensor: every dimension constant except possibly the
 *  batch (dimension 0, -1 when symbolic), which the computes only carry through.
 */
inline std::vector<int64_t> ConstShapeBatched(const Tensor &t, const std::string &op,
                                              const std::string &arg) {
  std::vector<int64_t> out;
  for (size_t d = 0; d < t->shape.size(); ++d) {
    const int64_t *v = as_const_int(t->shape[d]);
    if (v == nullptr && d > 0) {
      TVM_THROW(ValueError)
          << op << ": " << arg << " must have a constant shape except its batch, found "
          << ShapeStr(t->shape);
    }
    out.push_back(v ? *v : -1);
  }
  return out;
}

inline void CheckRank(const Tensor &t, size_t rank, const std::string &op,
                      const std::string &arg, const std::string &layout = "") {
  if (t->shape.size() != rank) {
    TVM_THROW(ValueError) << op << ": " << arg << " must be " << rank << "-D"
                          << (layout.empty() ? "" : " (" + layout + ")")
                          << ", found shape " << ShapeStr(t->shape) << " ("
                          << t->shape.size() << "-D)";
  }
}

/*! \brief \p values (1 or n entries) as n constant ints, each >= min_value. */
inline std::vector<int64_t> ExpandInts(const Array<PrimExpr> &values, size_t n,
                                       const std::string &op,
                                       const std::string &arg,
                                       int64_t min_value) {
  if (values.size() != 1 && values.size() != n) {
    TVM_THROW(ValueError) << op << ": " << arg << " must have 1 or " << n
                          << " values, found " << values.size();
  }
  std::vector<int64_t> out;
  for (size_t i = 0; i < n; ++i) {
    int64_t v = ConstInt(values[values.size() == 1 ? 0 : i], op, arg);
    if (v < min_value) {
      TVM_THROW(ValueError) << op << ": " << arg << " must be >= " << min_value
                            << ", found " << v;
    }
    out.push_back(v);
  }
  return out;
}

/*! \brief axis in [-ndim, ndim) as a non-negative index. */
inline int NormalizeAxis(int axis, size_t ndim, const std::string &op) {
  int n = static_cast<int>(ndim);
  if (axis < -n || axis >= n) {
    TVM_THROW(ValueError) << op << ": axis must be in [" << -n << ", " << n
                          << ") for a " << n << "-D input, found " << axis;
  }
  return axis < 0 ? axis + n : axis;
}

inline Array<PrimExpr> ToIndex(const Array<tir::Var> &i) {
  return Array<PrimExpr>(i.begin(), i.end());
}

inline PrimExpr Int(int64_t v) { return make_const(DataType::Int(32), v); }

/*! \brief A reduction axis over [0, extent). */
inline tir::IterVar RAxis(int64_t extent, const std::string &name) {
  return te::reduce_axis(Range::FromMinExtent(Int(0), Int(extent)), name);
}

} // namespace detail
} // namespace nn
} // namespace topi
} // namespace tvm

#endif // TVM_TOPI_NN_NN_UTILS_H_

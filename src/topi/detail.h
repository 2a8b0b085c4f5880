/*!
 * \file detail.h
 * \brief Small helpers shared by the TOPI computes (private to src/topi).
 */
#ifndef TVM_TOPI_DETAIL_H_
#define TVM_TOPI_DETAIL_H_

#include <tvm/tir/expr.h>

#include <sstream>
#include <string>

namespace tvm {
namespace topi {
namespace detail {

/*! \brief "(2, 3)" / "(5,)": a shape as users write it, for error messages. */
inline std::string ShapeStr(const Array<PrimExpr>& shape) {
  std::ostringstream os;
  os << "(";
  for (size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
  os << (shape.size() == 1 ? ",)" : ")");
  return os.str();
}

/*! \brief The value of a constant integer, or nullptr. */
inline const int64_t* ConstInt(const PrimExpr& e) {
  const auto* imm = e.as<IntImmNode>();
  return imm ? &imm->value : nullptr;
}

inline bool IsConstOne(const PrimExpr& e) {
  const int64_t* v = ConstInt(e);
  return v && *v == 1;
}

/*! \brief `shape` with `extent` inserted as dimension `axis`. */
inline Array<PrimExpr> WithAxisInserted(const Array<PrimExpr>& shape, int axis, PrimExpr extent) {
  Array<PrimExpr> out;
  for (int d = 0; d < axis; ++d) out.push_back(shape[d]);
  out.push_back(extent);
  for (size_t d = axis; d < shape.size(); ++d) out.push_back(shape[d]);
  return out;
}

/*! \brief The index `i` without its component `axis`. */
inline Array<PrimExpr> WithoutAxis(const Array<tir::Var>& i, int axis) {
  Array<PrimExpr> out;
  for (size_t d = 0; d < i.size(); ++d) {
    if (static_cast<int>(d) != axis) out.push_back(i[d]);
  }
  return out;
}

}  // namespace detail
}  // namespace topi
}  // namespace tvm

#endif  // TVM_TOPI_DETAIL_H_

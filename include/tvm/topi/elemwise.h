/*!
 * \file tvm/topi/elemwise.h
 * \brief Elementwise unary operators, cast, clip, and constant-filled tensors.
 */
#ifndef TVM_TOPI_ELEMWISE_H_
#define TVM_TOPI_ELEMWISE_H_

#include <tvm/te/tensor.h>
#include <tvm/topi/tags.h>

#include <string>

namespace tvm {
namespace topi {

using te::Tensor;

#define TVM_TOPI_DECLARE_UNARY(Name) \
  Tensor Name(const Tensor& x, std::string name = "T_" #Name, std::string tag = kElementWise);

TVM_TOPI_DECLARE_UNARY(exp)
TVM_TOPI_DECLARE_UNARY(exp2)
TVM_TOPI_DECLARE_UNARY(log)
TVM_TOPI_DECLARE_UNARY(log2)
TVM_TOPI_DECLARE_UNARY(log10)
TVM_TOPI_DECLARE_UNARY(log1p)
TVM_TOPI_DECLARE_UNARY(sqrt)
TVM_TOPI_DECLARE_UNARY(rsqrt)
TVM_TOPI_DECLARE_UNARY(tanh)
TVM_TOPI_DECLARE_UNARY(sigmoid)
TVM_TOPI_DECLARE_UNARY(erf)
TVM_TOPI_DECLARE_UNARY(sin)
TVM_TOPI_DECLARE_UNARY(cos)
TVM_TOPI_DECLARE_UNARY(tan)
TVM_TOPI_DECLARE_UNARY(sinh)
TVM_TOPI_DECLARE_UNARY(cosh)
TVM_TOPI_DECLARE_UNARY(asin)
TVM_TOPI_DECLARE_UNARY(acos)
TVM_TOPI_DECLARE_UNARY(atan)
TVM_TOPI_DECLARE_UNARY(floor)
TVM_TOPI_DECLARE_UNARY(ceil)
TVM_TOPI_DECLARE_UNARY(round)
TVM_TOPI_DECLARE_UNARY(trunc)
TVM_TOPI_DECLARE_UNARY(abs)
TVM_TOPI_DECLARE_UNARY(negative)
TVM_TOPI_DECLARE_UNARY(sign)
TVM_TOPI_DECLARE_UNARY(logical_not)
TVM_TOPI_DECLARE_UNARY(bitwise_not)
TVM_TOPI_DECLARE_UNARY(isnan)
TVM_TOPI_DECLARE_UNARY(isinf)
TVM_TOPI_DECLARE_UNARY(isfinite)
TVM_TOPI_DECLARE_UNARY(identity)
TVM_TOPI_DECLARE_UNARY(fast_exp)
TVM_TOPI_DECLARE_UNARY(fast_tanh)
TVM_TOPI_DECLARE_UNARY(fast_erf)
#undef TVM_TOPI_DECLARE_UNARY

/*! \brief x converted to dtype (bool: x != 0). */
Tensor cast(const Tensor& x, DataType dtype, std::string name = "T_cast",
            std::string tag = kElementWise);
/*! \brief x's bits read as dtype (same total width). */
Tensor reinterpret(const Tensor& x, DataType dtype, std::string name = "T_reinterpret",
                   std::string tag = kElementWise);
/*! \brief min(max(x, a_min), a_max). */
Tensor clip(const Tensor& x, const PrimExpr& a_min, const PrimExpr& a_max,
            std::string name = "T_clip", std::string tag = kElementWise);
/*! \brief A tensor of `shape` filled with `value` (converted to dtype). */
Tensor full(const Array<PrimExpr>& shape, DataType dtype, const PrimExpr& value,
            std::string name = "T_full", std::string tag = kElementWise);
/*! \brief A tensor shaped like x filled with value. */
Tensor full_like(const Tensor& x, const PrimExpr& value, std::string name = "T_full_like",
                 std::string tag = kElementWise);

}  // namespace topi
}  // namespace tvm

#endif  // TVM_TOPI_ELEMWISE_H_

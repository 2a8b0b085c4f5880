/*!
 * \file tvm/topi/broadcast.h
 * \brief Binary operators with numpy broadcasting, and broadcast_to.
 *
 * Shapes align on the right; a dimension of extent 1 (a constant) stretches to the other's
 * extent. Two constant extents that differ and are not 1 are an error naming both shapes. A
 * symbolic extent against a constant one takes the constant (the two must agree at run time).
 */
#ifndef TVM_TOPI_BROADCAST_H_
#define TVM_TOPI_BROADCAST_H_

#include <tvm/te/tensor.h>
#include <tvm/topi/tags.h>

#include <string>

namespace tvm {
namespace topi {

using te::Tensor;

/*! \brief The broadcast shape of two shapes; ValueError if they are incompatible. */
Array<PrimExpr> BroadcastShape(const Array<PrimExpr>& a, const Array<PrimExpr>& b);

/*! \brief `tensor` stretched to `shape` (which it must broadcast to). */
Tensor broadcast_to(const Tensor& tensor, const Array<PrimExpr>& shape,
                    std::string name = "T_broadcast_to", std::string tag = kBroadcast);

#define TVM_TOPI_DECLARE_BINARY(Name)                                                        \
  Tensor Name(const Tensor& a, const Tensor& b, std::string name = "T_" #Name,              \
              std::string tag = kBroadcast);                                                 \
  Tensor Name(const Tensor& a, const PrimExpr& b, std::string name = "T_" #Name,            \
              std::string tag = kElementWise);                                               \
  Tensor Name(const PrimExpr& a, const Tensor& b, std::string name = "T_" #Name,            \
              std::string tag = kElementWise);

TVM_TOPI_DECLARE_BINARY(add)
TVM_TOPI_DECLARE_BINARY(subtract)
TVM_TOPI_DECLARE_BINARY(multiply)
TVM_TOPI_DECLARE_BINARY(divide)
TVM_TOPI_DECLARE_BINARY(floor_divide)
TVM_TOPI_DECLARE_BINARY(trunc_divide)
TVM_TOPI_DECLARE_BINARY(mod)
TVM_TOPI_DECLARE_BINARY(floor_mod)
TVM_TOPI_DECLARE_BINARY(trunc_mod)
TVM_TOPI_DECLARE_BINARY(power)
TVM_TOPI_DECLARE_BINARY(maximum)
TVM_TOPI_DECLARE_BINARY(minimum)
TVM_TOPI_DECLARE_BINARY(equal)
TVM_TOPI_DECLARE_BINARY(not_equal)
TVM_TOPI_DECLARE_BINARY(less)
TVM_TOPI_DECLARE_BINARY(less_equal)
TVM_TOPI_DECLARE_BINARY(greater)
TVM_TOPI_DECLARE_BINARY(greater_equal)
TVM_TOPI_DECLARE_BINARY(logical_and)
TVM_TOPI_DECLARE_BINARY(logical_or)
TVM_TOPI_DECLARE_BINARY(logical_xor)
TVM_TOPI_DECLARE_BINARY(bitwise_and)
TVM_TOPI_DECLARE_BINARY(bitwise_or)
TVM_TOPI_DECLARE_BINARY(bitwise_xor)
TVM_TOPI_DECLARE_BINARY(left_shift)
TVM_TOPI_DECLARE_BINARY(right_shift)
#undef TVM_TOPI_DECLARE_BINARY

}  // namespace topi
}  // namespace tvm

#endif  // TVM_TOPI_BROADCAST_H_

/*!
 * \file tvm/tir/op.h
 * \brief Arithmetic on PrimExpr with the stack's type rules and light constant folding.
 *
 * Type rules of binary operations (the same in C++ and Python):
 *  - a constant operand takes the other operand's type (x_int8 + 1 is int8, x_f16 * 2 is f16);
 *  - int with float: the int is cast to the float type;
 *  - two ints or two floats of different width: the narrower is widened; int with uint of one
 *    width: the uint becomes int;
 *  - a scalar with a vector: the scalar is broadcast.
 * Constants are folded (2 + 3 -> 5, x * 1 -> x, x + 0 -> x) so that index arithmetic built
 * by schedules stays small before the simplifier runs.
 */
#ifndef TVM_TIR_OP_H_
#define TVM_TIR_OP_H_

#include <tvm/tir/expr.h>
#include <tvm/tir/stmt.h>

#include <string>

namespace tvm {

/*! \brief A constant of dtype (IntImm or FloatImm; broadcast when dtype has lanes). */
PrimExpr make_const(DataType dtype, int64_t value, Span span = Span());
PrimExpr make_const(DataType dtype, double value, Span span = Span());
PrimExpr make_const(DataType dtype, int value, Span span = Span());
PrimExpr make_zero(DataType dtype, Span span = Span());
/*! \brief The largest / smallest value of a dtype. */
PrimExpr max_value(DataType dtype, Span span = Span());
PrimExpr min_value(DataType dtype, Span span = Span());
/*! \brief Whether e is an IntImm (or a Broadcast of one) equal to value. */
bool is_const_int(const PrimExpr& e, int64_t value);
bool is_zero(const PrimExpr& e);
bool is_one(const PrimExpr& e);
/*! \brief The value of an IntImm, or nullptr. */
const int64_t* as_const_int(const PrimExpr& e);

/*! \brief Cast to dtype (no-op when equal; broadcast for vectors). */
PrimExpr cast(DataType dtype, PrimExpr value, Span span = Span());
/*! \brief Reinterpret the bits of value as dtype (same total width). */
PrimExpr reinterpret(DataType dtype, PrimExpr value, Span span = Span());

PrimExpr add(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr sub(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr neg(PrimExpr a, Span span = Span());
PrimExpr mul(PrimExpr a, PrimExpr b, Span span = Span());
/*! \brief Division for floats; truncating division (C) for ints. */
PrimExpr div(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr truncdiv(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr truncmod(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr floordiv(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr floormod(PrimExpr a, PrimExpr b, Span span = Span());
/*! \brief Index arithmetic of non-negative operands: floordiv/floormod. */
PrimExpr indexdiv(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr indexmod(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr min(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr max(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr equal(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr not_equal(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr less(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr less_equal(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr greater(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr greater_equal(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr logical_and(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr logical_or(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr logical_not(PrimExpr a, Span span = Span());
PrimExpr bitwise_and(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr bitwise_or(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr bitwise_xor(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr bitwise_neg(PrimExpr a, Span span = Span());
PrimExpr left_shift(PrimExpr a, PrimExpr b, Span span = Span());
PrimExpr right_shift(PrimExpr a, PrimExpr b, Span span = Span());
/*! \brief cond ? t : f, evaluating only the taken side (tir.if_then_else). */
PrimExpr if_then_else(PrimExpr cond, PrimExpr true_value, PrimExpr false_value,
                      Span span = Span());
/*! \brief A hint that cond is usually true (loop partitioning splits on it). */
PrimExpr likely(PrimExpr cond, Span span = Span());
PrimExpr abs(PrimExpr x, Span span = Span());
PrimExpr pow(PrimExpr x, PrimExpr y, Span span = Span());
PrimExpr fma(PrimExpr a, PrimExpr b, PrimExpr c, Span span = Span());
PrimExpr isnan(PrimExpr x, Span span = Span());
PrimExpr isinf(PrimExpr x, Span span = Span());
PrimExpr isfinite(PrimExpr x, Span span = Span());

/*! \brief A call of the pure unary intrinsic tir.<name> (exp, log, sqrt, tanh, ...). */
PrimExpr CallUnaryIntrin(const std::string& name, PrimExpr x, Span span = Span());
#define TVM_TIR_DECLARE_UNARY_INTRIN(Name) \
  inline PrimExpr Name(PrimExpr x, Span span = Span()) { return CallUnaryIntrin(#Name, x, span); }
TVM_TIR_DECLARE_UNARY_INTRIN(exp)
TVM_TIR_DECLARE_UNARY_INTRIN(exp2)
TVM_TIR_DECLARE_UNARY_INTRIN(exp10)
TVM_TIR_DECLARE_UNARY_INTRIN(log)
TVM_TIR_DECLARE_UNARY_INTRIN(log2)
TVM_TIR_DECLARE_UNARY_INTRIN(log10)
TVM_TIR_DECLARE_UNARY_INTRIN(log1p)
TVM_TIR_DECLARE_UNARY_INTRIN(sqrt)
TVM_TIR_DECLARE_UNARY_INTRIN(rsqrt)
TVM_TIR_DECLARE_UNARY_INTRIN(tanh)
TVM_TIR_DECLARE_UNARY_INTRIN(sigmoid)
TVM_TIR_DECLARE_UNARY_INTRIN(erf)
TVM_TIR_DECLARE_UNARY_INTRIN(floor)
TVM_TIR_DECLARE_UNARY_INTRIN(ceil)
TVM_TIR_DECLARE_UNARY_INTRIN(round)
TVM_TIR_DECLARE_UNARY_INTRIN(nearbyint)
TVM_TIR_DECLARE_UNARY_INTRIN(trunc)
TVM_TIR_DECLARE_UNARY_INTRIN(popcount)
TVM_TIR_DECLARE_UNARY_INTRIN(sin)
TVM_TIR_DECLARE_UNARY_INTRIN(cos)
TVM_TIR_DECLARE_UNARY_INTRIN(tan)
TVM_TIR_DECLARE_UNARY_INTRIN(sinh)
TVM_TIR_DECLARE_UNARY_INTRIN(cosh)
TVM_TIR_DECLARE_UNARY_INTRIN(asin)
TVM_TIR_DECLARE_UNARY_INTRIN(acos)
TVM_TIR_DECLARE_UNARY_INTRIN(atan)
TVM_TIR_DECLARE_UNARY_INTRIN(clz)
#undef TVM_TIR_DECLARE_UNARY_INTRIN
/*! \brief fabs: the float absolute value intrinsic (abs() picks it for floats). */
inline PrimExpr fabs(PrimExpr x, Span span = Span()) { return CallUnaryIntrin("fabs", x, span); }

inline PrimExpr operator+(PrimExpr a, PrimExpr b) { return add(a, b); }
inline PrimExpr operator-(PrimExpr a, PrimExpr b) { return sub(a, b); }
inline PrimExpr operator-(PrimExpr a) { return neg(a); }
inline PrimExpr operator*(PrimExpr a, PrimExpr b) { return mul(a, b); }
inline PrimExpr operator/(PrimExpr a, PrimExpr b) { return div(a, b); }
inline PrimExpr operator<<(PrimExpr a, PrimExpr b) { return left_shift(a, b); }
inline PrimExpr operator>>(PrimExpr a, PrimExpr b) { return right_shift(a, b); }
inline PrimExpr operator>(PrimExpr a, PrimExpr b) { return greater(a, b); }
inline PrimExpr operator>=(PrimExpr a, PrimExpr b) { return greater_equal(a, b); }
inline PrimExpr operator<(PrimExpr a, PrimExpr b) { return less(a, b); }
inline PrimExpr operator<=(PrimExpr a, PrimExpr b) { return less_equal(a, b); }
inline PrimExpr operator==(PrimExpr a, PrimExpr b) { return equal(a, b); }
inline PrimExpr operator!=(PrimExpr a, PrimExpr b) { return not_equal(a, b); }
inline PrimExpr operator&&(PrimExpr a, PrimExpr b) { return logical_and(a, b); }
inline PrimExpr operator||(PrimExpr a, PrimExpr b) { return logical_or(a, b); }
inline PrimExpr operator!(PrimExpr a) { return logical_not(a); }
inline PrimExpr operator&(PrimExpr a, PrimExpr b) { return bitwise_and(a, b); }
inline PrimExpr operator|(PrimExpr a, PrimExpr b) { return bitwise_or(a, b); }
inline PrimExpr operator^(PrimExpr a, PrimExpr b) { return bitwise_xor(a, b); }
inline PrimExpr operator~(PrimExpr a) { return bitwise_neg(a); }

namespace tir {
using tvm::add;
using tvm::cast;
using tvm::make_const;
using tvm::make_zero;
}  // namespace tir

}  // namespace tvm

#endif  // TVM_TIR_OP_H_

/*!
 * \file arith_util.h
 * \brief Private helpers shared by the analyses: integer floor division, a deterministic
 *  order on expressions, and LinearSum, the affine view (sum of coeff * atom + constant) of an
 *  integer expression that both simplifiers reason with.
 */
#ifndef TVM_SRC_ARITH_ARITH_UTIL_H_
#define TVM_SRC_ARITH_ARITH_UTIL_H_

#include <tvm/arith/analyzer.h>
#include <tvm/tir/expr.h>
#include <tvm/tir/op.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace tvm {
namespace arith {

inline int64_t FloorDivInt(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t FloorModInt(int64_t a, int64_t b) { return a - FloorDivInt(a, b) * b; }
inline int64_t GCD(int64_t a, int64_t b) {
  a = a < 0 ? -a : a;
  b = b < 0 ? -b : b;
  while (b != 0) {
    int64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/*! \brief The scalar signed-integer types whose arithmetic the simplifiers rewrite. */
inline bool IsIndexType(const DataType& t) { return t.is_int() && t.is_scalar(); }

/*! \brief The value of an integer constant, or nullptr. */
inline const int64_t* AsConst(const PrimExpr& e) {
  const auto* imm = e.as<IntImmNode>();
  return imm ? &imm->value : nullptr;
}

/*!
 * \brief A total order on expressions, deterministic within a process: by node kind, then by
 *  fields (variables by name, then identity). 0 means structurally equal with free variables
 *  compared by identity.
 */
int CompareExpr(const PrimExpr& a, const PrimExpr& b);
inline bool ExprDeepEqual(const PrimExpr& a, const PrimExpr& b) {
  return a.same_as(b) || CompareExpr(a, b) == 0;
}

/*! \brief The number of expression nodes of e. */
int64_t ExprNodeCount(const PrimExpr& e);

/*! \brief sum(coeff * atom) + constant over an integer dtype. */
struct LinearSum {
  DataType dtype;
  std::vector<std::pair<PrimExpr, int64_t>> terms;
  int64_t constant{0};

  /*!
   * \brief Decompose e through + - and multiplication by constants; anything else is an atom.
   *  Returns false when e is not of an index type or a coefficient would overflow.
   */
  static bool FromExpr(const PrimExpr& e, LinearSum* out);
  /*! \brief Add scale * atom; false on overflow. Equal atoms merge; zero terms are dropped. */
  bool AddTerm(const PrimExpr& atom, int64_t scale);
  bool AddSum(const LinearSum& other, int64_t scale);
  bool AddConst(int64_t c);
  /*! \brief Sort terms into the canonical order (larger |coeff| first, then by atom). */
  void Sort();
  /*! \brief The expression: positive terms first, then subtracted ones, constant last. */
  PrimExpr ToExpr() const;
  bool IsConst() const { return terms.empty(); }
  /*! \brief Whether every coefficient and the constant are representable in dtype. */
  bool Fits() const;
  /*! \brief The gcd of all coefficients (0 when there are none). */
  int64_t CoeffGCD() const;
};

/*! \brief The conjuncts of an And tree (looking through likely()). */
void SplitAnd(const PrimExpr& e, std::vector<PrimExpr>* out);

/*!
 * \brief The facts `form <= 0` implied by a comparison literal of index type (a < b gives
 *  a - b + 1 <= 0; a == b gives two); a Not of a comparison is negated first.
 */
void ComparisonFacts(PrimExpr lit, std::vector<LinearSum>* out);

/*!
 * \brief The constant bound of s computed term by term in exact arithmetic (no clipping of
 *  intermediate sums to s.dtype, which would be unsound for a derived sum).
 */
ConstIntBound SumBound(Analyzer* ana, const LinearSum& s);

/*!
 * \brief s = c * q + r, termwise: terms whose coefficient c divides go to q (divided by c),
 *  the others to r; the constant splits by floor division.
 */
void SplitByDivisor(const LinearSum& s, int64_t c, LinearSum* q, LinearSum* r);
/*!
 * \brief s modulo c, termwise: each coefficient and the constant reduced modulo c (a small
 *  negative coefficient keeps its sign, so x - y stays x - y).
 */
LinearSum ResidueModulo(const LinearSum& s, int64_t c);
/*! \brief Whether floordiv(r, c) is one value over all values r can take; if so, that value. */
bool ConstantQuotient(Analyzer* ana, const LinearSum& r, int64_t c, int64_t* quotient);

/*! \brief coeff * e built without constant folding surprises (1 -> e). */
PrimExpr MulConst(const PrimExpr& e, int64_t coeff);

}  // namespace arith
}  // namespace tvm

#endif  // TVM_SRC_ARITH_ARITH_UTIL_H_

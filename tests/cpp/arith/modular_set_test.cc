/*!
 * \file modular_set_test.cc
 * \brief ModularSetAnalyzer: coeff * k + base facts through + - * floordiv floormod, and their
 *  limits (nothing known where the rule does not apply).
 */
#include <gtest/gtest.h>
#include <tvm/arith/analyzer.h>
#include <tvm/tir/op.h>

namespace tvm {
namespace arith {
namespace {

using tir::Var;

void ExpectModular(Analyzer* ana, const PrimExpr& e, int64_t coeff, int64_t base) {
  ModularSet m = ana->modular_set(e);
  EXPECT_EQ(m->coeff, coeff) << runtime::ObjectRepr(e);
  EXPECT_EQ(m->base, base) << runtime::ObjectRepr(e);
}

// Sums and products of variables scaled by constants keep their gcd structure.
TEST(ArithModularSet, AddSubMul) {
  Analyzer ana;
  Var x("x"), y("y");
  ExpectModular(&ana, x * 8 + 3, 8, 3);
  ExpectModular(&ana, x * 6 + y * 4, 2, 0);
  ExpectModular(&ana, x * 6 - y * 9 + 1, 3, 1);
  ExpectModular(&ana, (x * 4 + 2) * 3, 12, 6);
  ExpectModular(&ana, make_const(DataType::Int(32), 5), 0, 5);
  ExpectModular(&ana, x, 1, 0);
}

// floordiv by a divisor of the coefficient divides it; floormod by it gives a constant.
TEST(ArithModularSet, FloorDivMod) {
  Analyzer ana;
  Var x("x");
  ExpectModular(&ana, floordiv(x * 8 + 5, 4), 2, 1);
  ExpectModular(&ana, floormod(x * 8 + 5, 4), 0, 1);
  ExpectModular(&ana, floormod(x * 6 + 1, 4), 2, 1);
  // Negative case: the coefficient is not a multiple of the divisor, nothing is known.
  ExpectModular(&ana, floordiv(x * 6 + 1, 4), 1, 0);
}

// min/max/select keep what both sides share; a constraint floormod(x, 4) == 1 is used.
TEST(ArithModularSet, UnionAndConstraint) {
  Analyzer ana;
  Var x("x");
  ExpectModular(&ana, tir::Select(x < 3, x * 4 + 2, x * 8 + 6), 4, 2);
  {
    With<ConstraintContext> ctx(&ana, floormod(x, 4) == 1);
    ExpectModular(&ana, x * 2, 8, 2);
  }
  ExpectModular(&ana, x * 2, 2, 0);
}

// Bind(var, expr) gives var the modular set of expr.
TEST(ArithModularSet, BoundVariable) {
  Analyzer ana;
  Var x("x"), y("y");
  ana.Bind(y, x * 16 + 4);
  ExpectModular(&ana, y, 16, 4);
}

}  // namespace
}  // namespace arith
}  // namespace tvm

/*!
 * \file rewrite_simplify_test.cc
 * \brief RewriteSimplifier: each rule family with a case where it fires and a case where its
 *  side condition fails and the expression must stay as it is (or only be normalised).
 */
#include <gtest/gtest.h>
#include <tvm/arith/analyzer.h>
#include <tvm/tir/op.h>

#include "arith_test_util.h"

namespace tvm {
namespace arith {
namespace {

using testing::ExprEqual;
using tir::Var;

PrimExpr I(int v) { return make_const(DataType::Int(32), v); }
PrimExpr True() { return make_const(DataType::Bool(), 1); }
PrimExpr False() { return make_const(DataType::Bool(), 0); }

class ArithRewriteSimplify : public ::testing::Test {
 protected:
  void SetUp() override {
    ana.Bind(y, Range::FromMinExtent(0, 8));  // y in [0, 7]
    ana.Bind(z, Range::FromMinExtent(0, 9));  // z in [0, 8]
  }
  PrimExpr RS(const PrimExpr& e) { return ana.rewrite_simplify(e); }
  Analyzer ana;
  Var x{"x"}, y{"y"}, z{"z"}, w{"w"};
};

// Constants fold through every operator.
TEST_F(ArithRewriteSimplify, ConstantFolding) {
  EXPECT_TRUE(ExprEqual(RS(tir::Add(I(3), I(4))), I(7)));
  EXPECT_TRUE(ExprEqual(RS(tir::FloorDiv(I(-7), I(2))), I(-4)));
  EXPECT_TRUE(ExprEqual(RS(tir::Div(I(-7), I(2))), I(-3)));
  EXPECT_TRUE(ExprEqual(RS(tir::LT(I(1), I(2))), True()));
}

// Equal atoms cancel in sums; without cancellation the sum is left alone.
TEST_F(ArithRewriteSimplify, SumCancellation) {
  EXPECT_TRUE(ExprEqual(RS((x + 1) - x), I(1)));
  EXPECT_TRUE(ExprEqual(RS((x * 4 + w) - x * 4), w));
  EXPECT_TRUE(ExprEqual(RS(x - x), I(0)));
  PrimExpr keep = x * 2 + w;
  EXPECT_TRUE(ExprEqual(RS(keep), keep));
}

// floordiv(x*8 + y, 8) -> x when 0 <= y < 8; not when y may be 8.
TEST_F(ArithRewriteSimplify, FloorDivElimination) {
  EXPECT_TRUE(ExprEqual(RS(floordiv(x * 8 + y, 8)), x));
  EXPECT_TRUE(ExprEqual(RS(floordiv(x * 8 + y + 16, 8)), x + 2));
  EXPECT_TRUE(ExprEqual(RS(floordiv(y, 8)), I(0)));
  // z may be 8: only the divisible term leaves the division.
  PrimExpr r = RS(floordiv(x * 8 + z, 8));
  EXPECT_FALSE(StructuralEqual()(r, x));
  EXPECT_TRUE(ExprEqual(r, x + floordiv(z, 8)));
  // x unbounded: nothing to do.
  PrimExpr keep = floordiv(x, 8);
  EXPECT_TRUE(ExprEqual(RS(keep), keep));
}

// floormod(x*8 + y, 8) -> y when 0 <= y < 8; otherwise the multiple of 8 is only dropped.
TEST_F(ArithRewriteSimplify, FloorModElimination) {
  EXPECT_TRUE(ExprEqual(RS(floormod(x * 8 + y, 8)), y));
  EXPECT_TRUE(ExprEqual(RS(floormod(x * 16 + 4, 8)), I(4)));
  EXPECT_TRUE(ExprEqual(RS(floormod(x * 8 + z, 8)), floormod(z, 8)));
  PrimExpr keep = floormod(x, 8);
  EXPECT_TRUE(ExprEqual(RS(keep), keep));
}

// Nested floor divisions combine; nested modulos by a divisor collapse.
TEST_F(ArithRewriteSimplify, NestedDivMod) {
  EXPECT_TRUE(ExprEqual(RS(floordiv(floordiv(x, 4), 2)), floordiv(x, 8)));
  EXPECT_TRUE(ExprEqual(RS(floormod(floormod(x, 8), 4)), floormod(x, 4)));
  // 8 is not a multiple of 3: floormod(floormod(x, 8), 3) stays.
  PrimExpr keep = floormod(floormod(x, 8), 3);
  EXPECT_TRUE(ExprEqual(RS(keep), keep));
}

// Truncating / and % follow the floor rules only for a provably non-negative numerator.
TEST_F(ArithRewriteSimplify, TruncDivMod) {
  EXPECT_TRUE(ExprEqual(RS(truncdiv(y + 8, 8)), I(1)));
  EXPECT_TRUE(ExprEqual(RS(truncdiv(y * 8 + y, 8)), y + truncdiv(y, 8)) ||
              ExprEqual(RS(truncdiv(y * 8 + y, 8)), truncdiv(y * 9, 8)));
  EXPECT_TRUE(ExprEqual(RS(truncmod(y + 8, 8)), y));
  // x may be negative: truncmod(x * 8 + y, 8) is not y, truncdiv(x * 8 + y, 8) is not x.
  PrimExpr keep = truncmod(x * 8 + y, 8);
  EXPECT_TRUE(ExprEqual(RS(keep), keep));
  PrimExpr keep2 = truncdiv(x * 8 + y, 8);
  EXPECT_TRUE(ExprEqual(RS(keep2), keep2));
}

// min/max are decided by the sign of a - b, including from bounds; otherwise kept.
TEST_F(ArithRewriteSimplify, MinMax) {
  EXPECT_TRUE(ExprEqual(RS(min(x, x + 1)), x));
  EXPECT_TRUE(ExprEqual(RS(max(x, x + 1)), x + 1));
  EXPECT_TRUE(ExprEqual(RS(min(y, 8)), y));
  EXPECT_TRUE(ExprEqual(RS(max(y, 0)), y));
  EXPECT_TRUE(ExprEqual(RS(min(max(x, w), x)), x));
  // z may exceed 7.
  PrimExpr keep = min(z, 7);
  EXPECT_TRUE(ExprEqual(RS(keep), keep));
  PrimExpr keep2 = min(x, w);
  EXPECT_TRUE(ExprEqual(RS(keep2), keep2));
}

// Comparisons are decided by bounds and linear facts, otherwise normalised.
TEST_F(ArithRewriteSimplify, Comparisons) {
  EXPECT_TRUE(ExprEqual(RS(x < x + 1), True()));
  EXPECT_TRUE(ExprEqual(RS(x + 1 <= x), False()));
  EXPECT_TRUE(ExprEqual(RS(y < 8), True()));
  EXPECT_TRUE(ExprEqual(RS(x * 2 == x * 2 + 1), False()));
  EXPECT_TRUE(ExprEqual(RS(x * 2 + 1 != x * 4), True()));  // odd vs even
  EXPECT_TRUE(ExprEqual(RS(x + 1 < 6), x < 5));
  EXPECT_TRUE(ExprEqual(RS(x * 4 < w * 4), x < w));
  // z may be 8.
  EXPECT_TRUE(ExprEqual(RS(z < 8), z < 8));
}

// i*4 + j < n*4 with j < 4 and i < n is true; without i < n it is not decided.
TEST_F(ArithRewriteSimplify, TailCondition) {
  Var i("i"), j("j"), n("n");
  ana.Bind(j, Range::FromMinExtent(0, 4));
  PrimExpr cond = i * 4 + j < n * 4;
  {
    With<ConstraintContext> ctx(&ana, i < n);
    EXPECT_TRUE(ExprEqual(RS(cond), True()));
    EXPECT_TRUE(ExprEqual(RS(n <= i), False()));
  }
  EXPECT_FALSE(StructuralEqual()(RS(cond), True()));
}

// Boolean logic: constants, idempotence, contradiction, negated comparisons.
TEST_F(ArithRewriteSimplify, Logic) {
  PrimExpr c = x < w;
  EXPECT_TRUE(ExprEqual(RS(c && c), c));
  EXPECT_TRUE(ExprEqual(RS(c && !c), False()));
  EXPECT_TRUE(ExprEqual(RS(c || !c), True()));
  EXPECT_TRUE(ExprEqual(RS(!(x < w)), w <= x) || ExprEqual(RS(!(x < w)), w < x + 1));
  EXPECT_TRUE(ExprEqual(RS(tir::Not(PrimExpr(tir::Not(c)))), c));
  EXPECT_TRUE(ExprEqual(RS(c && True()), c));
  PrimExpr keep = (x < w) && (w < 3);
  EXPECT_TRUE(ExprEqual(RS(keep), keep));
}

// A literal in scope decides itself and its negation.
TEST_F(ArithRewriteSimplify, LiteralConstraint) {
  PrimExpr c = floormod(x, 2) == 0;
  {
    With<ConstraintContext> ctx(&ana, c);
    EXPECT_TRUE(ExprEqual(RS(c), True()));
    EXPECT_TRUE(ExprEqual(RS(floormod(x, 2) != 0), False()));
  }
  EXPECT_TRUE(ExprEqual(RS(c), c));
}

// select / if_then_else with a decided condition or equal branches.
TEST_F(ArithRewriteSimplify, Select) {
  EXPECT_TRUE(ExprEqual(RS(tir::Select(y < 8, x, w)), x));
  EXPECT_TRUE(ExprEqual(RS(tir::Select(x < w, x + 1 - 1, x)), x));
  EXPECT_TRUE(ExprEqual(RS(if_then_else(z < 9, x, w)), x));
  PrimExpr keep = tir::Select(x < w, x, w);
  EXPECT_TRUE(ExprEqual(RS(keep), keep));
}

// Each select branch is simplified knowing the condition (or its negation); not otherwise.
TEST_F(ArithRewriteSimplify, SelectBranchesUseCondition) {
  EXPECT_TRUE(ExprEqual(RS(tir::Select(x < 5, min(x, 5), max(x, 5))), tir::Select(x < 5, x, x)) ||
              ExprEqual(RS(tir::Select(x < 5, min(x, 5), max(x, 5))), x));
  EXPECT_TRUE(ExprEqual(RS(if_then_else(x < 5, min(x, 5), I(0))), if_then_else(x < 5, x, I(0))));
  PrimExpr keep = tir::Select(x < 7, min(x, 5), I(0));
  EXPECT_TRUE(ExprEqual(RS(keep), keep));
}

// Bind(var, expr) substitutes the bound value.
TEST_F(ArithRewriteSimplify, LetBinding) {
  Var v("v");
  ana.Bind(v, x * 8 + y);
  EXPECT_TRUE(ExprEqual(RS(floordiv(v, 8)), x));
}

}  // namespace
}  // namespace arith
}  // namespace tvm

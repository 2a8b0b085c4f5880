/*!
 * \file const_int_bound_test.cc
 * \brief ConstIntBoundAnalyzer: exact bounds of simple cases, soundness against brute-force
 *  evaluation over small ranges, constraints, and dtype limits.
 */
#include <gtest/gtest.h>
#include <tvm/arith/analyzer.h>
#include <tvm/tir/op.h>

#include <functional>
#include <vector>

#include "arith_test_util.h"

namespace tvm {
namespace arith {
namespace {

using testing::Env;
using tir::Var;

void ExpectBound(Analyzer* ana, const PrimExpr& e, int64_t lo, int64_t hi) {
  ConstIntBound b = ana->const_int_bound(e);
  EXPECT_EQ(b->min_value, lo) << runtime::ObjectRepr(e);
  EXPECT_EQ(b->max_value, hi) << runtime::ObjectRepr(e);
}

// Bounds of + - * and constants over bound variables are the exact interval images.
TEST(ArithConstIntBound, BasicArithmetic) {
  Analyzer ana;
  Var x("x"), y("y");
  ana.Bind(x, Range::FromMinExtent(0, 10));
  ana.Bind(y, Range::FromMinExtent(-3, 4));
  ExpectBound(&ana, x + y, -3, 9);
  ExpectBound(&ana, x - y, 0, 12);
  ExpectBound(&ana, x * y, -27, 0);
  ExpectBound(&ana, x * 2 + 1, 1, 19);
  ExpectBound(&ana, make_const(DataType::Int(32), 7), 7, 7);
}

// Division and modulo follow their rounding: floordiv(-3, 2) is -2, truncdiv(-3, 2) is -1.
TEST(ArithConstIntBound, DivisionAndModulo) {
  Analyzer ana;
  Var x("x");
  ana.Bind(x, Range::FromMinExtent(-3, 10));  // [-3, 6]
  ExpectBound(&ana, floordiv(x, 2), -2, 3);
  ExpectBound(&ana, truncdiv(x, 2), -1, 3);
  ExpectBound(&ana, floormod(x, 4), 0, 3);
  ExpectBound(&ana, truncmod(x, 4), -3, 3);
}

// min, max, select and cast bound by their operands; a SizeVar is non-negative.
TEST(ArithConstIntBound, MinMaxSelectCast) {
  Analyzer ana;
  Var x("x");
  ana.Bind(x, Range::FromMinExtent(0, 10));
  ExpectBound(&ana, min(x, 4), 0, 4);
  ExpectBound(&ana, max(x, 4), 4, 9);
  ExpectBound(&ana, tir::Select(x < 3, x, x * 2), 0, 18);
  ExpectBound(&ana, cast(DataType::Int(64), x), 0, 9);
  tir::SizeVar n("n");
  ExpectBound(&ana, n, 0, (int64_t(1) << 31) - 1);
}

// An unbound int64 variable is unbounded (+-inf), and inf propagates without overflow.
TEST(ArithConstIntBound, Infinity) {
  Analyzer ana;
  Var x("x", DataType::Int(64));
  ExpectBound(&ana, x, ConstIntBound::kNegInf, ConstIntBound::kPosInf);
  ExpectBound(&ana, x * 2 + 1, ConstIntBound::kNegInf, ConstIntBound::kPosInf);
  ExpectBound(&ana, floormod(x, make_const(DataType::Int(64), 8)), 0, 7);
  Var y("y", DataType::Int(64));
  ana.Bind(y, Range::FromMinExtent(make_const(DataType::Int(64), 1), x));
  EXPECT_EQ(ana.const_int_bound(y)->min_value, 1);
  EXPECT_EQ(ana.const_int_bound(y)->max_value, ConstIntBound::kPosInf);
}

// Inside a constraint the bounds of its variables tighten; outside they are restored.
TEST(ArithConstIntBound, ConstraintScope) {
  Analyzer ana;
  Var x("x"), n("n");
  ana.Bind(x, Range::FromMinExtent(0, 100));
  ana.Bind(n, Range::FromMinExtent(0, 20));
  {
    With<ConstraintContext> ctx(&ana, x < 10 && x >= 3);
    ExpectBound(&ana, x, 3, 9);
  }
  ExpectBound(&ana, x, 0, 99);
  {
    With<ConstraintContext> ctx(&ana, x * 4 < n);
    ExpectBound(&ana, x, 0, 4);
  }
}

// Rebinding a variable to a different range is an error unless overriding is allowed.
TEST(ArithConstIntBound, ConflictingBind) {
  Analyzer ana;
  Var x("x");
  ana.Bind(x, Range::FromMinExtent(0, 10));
  EXPECT_ANY_THROW(ana.Bind(x, Range::FromMinExtent(0, 5)));
  ana.Bind(x, Range::FromMinExtent(0, 5), true);
  ExpectBound(&ana, x, 0, 4);
}

// The bound contains every value the expression takes (brute force over small ranges).
TEST(ArithConstIntBound, SoundAgainstBruteForce) {
  Var x("x"), y("y");
  const int xlo = -5, xhi = 6, ylo = 1, yhi = 4;
  std::vector<PrimExpr> exprs = {
      x * y - 3,
      floordiv(x, y),
      floormod(x, y),
      truncdiv(x, y),
      truncmod(x, y),
      floordiv(x * 3 + y, 4),
      min(x, y) * max(x, 0),
      tir::Select(x < y, x - y, y * 2),
      floormod(x - 7, 3) + floordiv(y * y, 2),
      x * x - y * 5,
  };
  Analyzer ana;
  ana.Bind(x, Range::FromMinExtent(xlo, xhi - xlo + 1));
  ana.Bind(y, Range::FromMinExtent(ylo, yhi - ylo + 1));
  for (const PrimExpr& e : exprs) {
    ConstIntBound b = ana.const_int_bound(e);
    int64_t seen_lo = ConstIntBound::kPosInf, seen_hi = ConstIntBound::kNegInf;
    for (int64_t xv = xlo; xv <= xhi; ++xv) {
      for (int64_t yv = ylo; yv <= yhi; ++yv) {
        bool ok = true;
        int64_t v = testing::Eval(e, Env{{x.get(), xv}, {y.get(), yv}}, &ok);
        ASSERT_TRUE(ok);
        seen_lo = std::min(seen_lo, v);
        seen_hi = std::max(seen_hi, v);
      }
    }
    EXPECT_LE(b->min_value, seen_lo) << runtime::ObjectRepr(e);
    EXPECT_GE(b->max_value, seen_hi) << runtime::ObjectRepr(e);
  }
}

}  // namespace
}  // namespace arith
}  // namespace tvm

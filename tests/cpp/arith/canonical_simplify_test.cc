/*!
 * \file canonical_simplify_test.cc
 * \brief CanonicalSimplifier: the sum-of-products normal form, split/fuse patterns merging
 *  back, and cases where a split must not merge.
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

// Expressions equal as affine combinations come out structurally equal.
TEST(ArithCanonicalSimplify, NormalForm) {
  Analyzer ana;
  Var x("x"), y("y");
  PrimExpr a = ana.canonical_simplify(x * 2 + y + x - 3 + 5);
  PrimExpr b = ana.canonical_simplify(y + (x + 2) * 3 - 4);
  EXPECT_TRUE(ExprEqual(a, b));
  EXPECT_TRUE(ExprEqual(ana.canonical_simplify((x + y) - (y + x)), I(0)));
  EXPECT_TRUE(ExprEqual(ana.canonical_simplify((x + 1) * 4 - x * 4), I(4)));
}

// A split index floordiv(i, 8) * 8 + floormod(i, 8) is i again, also for three levels.
TEST(ArithCanonicalSimplify, SplitMergesBack) {
  Analyzer ana;
  Var i("i");
  EXPECT_TRUE(ExprEqual(ana.canonical_simplify(floordiv(i, 8) * 8 + floormod(i, 8)), i));
  EXPECT_TRUE(ExprEqual(ana.canonical_simplify(floordiv(i, 32) * 32 +
                                               floormod(floordiv(i, 8), 4) * 8 + floormod(i, 8)),
                        i));
  // The index may itself be a sum.
  Var j("j");
  PrimExpr s = i * 3 + j;
  EXPECT_TRUE(ExprEqual(ana.canonical_simplify(floordiv(s, 4) * 4 + floormod(s, 4)),
                        ana.canonical_simplify(s)));
}

// Mismatched scales or indices do not merge.
TEST(ArithCanonicalSimplify, SplitNegative) {
  Analyzer ana;
  Var i("i"), j("j");
  PrimExpr wrong_scale = ana.canonical_simplify(floordiv(i, 8) * 4 + floormod(i, 8));
  EXPECT_FALSE(StructuralEqual()(wrong_scale, i));
  PrimExpr wrong_index = ana.canonical_simplify(floordiv(i, 8) * 8 + floormod(j, 8));
  EXPECT_FALSE(StructuralEqual()(wrong_index, i));
  PrimExpr wrong_digit = ana.canonical_simplify(floordiv(i, 16) * 8 + floormod(i, 8));
  EXPECT_FALSE(StructuralEqual()(wrong_digit, i));
}

// Split then fuse: with io in [0, 16) and ii in [0, 8), the fused index splits back.
TEST(ArithCanonicalSimplify, FuseThenSplit) {
  Analyzer ana;
  Var io("io"), ii("ii");
  ana.Bind(io, Range::FromMinExtent(0, 16));
  ana.Bind(ii, Range::FromMinExtent(0, 8));
  PrimExpr fused = io * 8 + ii;
  EXPECT_TRUE(ExprEqual(ana.canonical_simplify(floordiv(fused, 8)), io));
  EXPECT_TRUE(ExprEqual(ana.canonical_simplify(floormod(fused, 8)), ii));
  EXPECT_TRUE(ExprEqual(ana.Simplify(floordiv(fused, 8) * 8 + floormod(fused, 8)), fused));
  // Re-splitting by 4: floordiv(io*8 + ii, 4) = io*2 + floordiv(ii, 4).
  EXPECT_TRUE(ExprEqual(ana.canonical_simplify(floordiv(fused, 4)), io * 2 + floordiv(ii, 4)));
  // Negative: ii may be 8 when its range is [0, 9) and the division does not fold.
  Analyzer ana2;
  ana2.Bind(io, Range::FromMinExtent(0, 16));
  ana2.Bind(ii, Range::FromMinExtent(0, 9));
  EXPECT_FALSE(StructuralEqual()(ana2.canonical_simplify(floordiv(fused, 8)), io));
}

// floordiv/floormod of a split compose into one split of the original index.
TEST(ArithCanonicalSimplify, SplitComposition) {
  Analyzer ana;
  Var i("i");
  EXPECT_TRUE(ExprEqual(ana.canonical_simplify(floordiv(floordiv(i, 4), 2)), floordiv(i, 8)));
  EXPECT_TRUE(ExprEqual(ana.canonical_simplify(floormod(floormod(i, 16), 4)), floormod(i, 4)));
  EXPECT_TRUE(
      ExprEqual(ana.canonical_simplify(floordiv(floormod(i, 16), 4)), floormod(floordiv(i, 4), 4)));
  // 16 is not a multiple of 3: no composition.
  PrimExpr keep = floordiv(floormod(i, 16), 3);
  EXPECT_TRUE(ExprEqual(ana.canonical_simplify(keep), keep));
}

// Analyzer::Simplify removes the index arithmetic of a split/fuse round trip.
TEST(ArithCanonicalSimplify, SimplifyRoundTrip) {
  Analyzer ana;
  Var i("i");
  ana.Bind(i, Range::FromMinExtent(0, 64));
  PrimExpr io = floordiv(i, 8), ii = floormod(i, 8);
  EXPECT_TRUE(ExprEqual(ana.Simplify(io * 8 + ii), i));
  EXPECT_TRUE(ana.CanProve(io * 8 + ii < 64));
  EXPECT_TRUE(ana.CanProveGreaterEqual(ii, 0));
  EXPECT_TRUE(ana.CanProveLess(io, 8));
  EXPECT_FALSE(ana.CanProveLess(io, 7));
}

}  // namespace
}  // namespace arith
}  // namespace tvm

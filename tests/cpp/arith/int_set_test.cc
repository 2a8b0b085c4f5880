/*!
 * \file int_set_test.cc
 * \brief IntSet and EvalSet: the interval an index expression covers when loop variables
 *  range over intervals, the set operations, and unbounded ends.
 */
#include <gtest/gtest.h>
#include <tvm/arith/int_set.h>
#include <tvm/tir/op.h>

#include "arith_test_util.h"

namespace tvm {
namespace arith {
namespace {

using testing::ExprEqual;
using tir::Var;

PrimExpr I(int v) { return make_const(DataType::Int(32), v); }

// A split loop's index io * 8 + ii covers [0, 31] when io in [0, 3] and ii in [0, 7].
TEST(ArithIntSet, EvalSplitIndex) {
  Var io("io"), ii("ii");
  IntSet s = EvalSet(io * 8 + ii, Map<Var, IntSet>{{io, IntSet::Interval(I(0), I(3))},
                                                   {ii, IntSet::Interval(I(0), I(7))}});
  EXPECT_TRUE(ExprEqual(s.min(), I(0)));
  EXPECT_TRUE(ExprEqual(s.max(), I(31)));
}

// Symbolic ends stay symbolic: i + k over i in [0, n - 1] is [k, n + k - 1].
TEST(ArithIntSet, SymbolicEnds) {
  Var i("i"), n("n"), k("k");
  IntSet s = EvalSet(i + k, Map<Var, IntSet>{{i, IntSet::FromRange(Range::FromMinExtent(0, n))}});
  Analyzer ana;
  EXPECT_TRUE(ana.CanProveEqual(s.min(), k));
  EXPECT_TRUE(ana.CanProveEqual(s.max(), n + k - 1));
  Range r = s.CoverRange(Range());
  EXPECT_TRUE(ana.CanProveEqual(r->extent, n));
}

// Multiplication by a negative constant swaps the ends; floordiv/floormod by constants.
TEST(ArithIntSet, MulDivMod) {
  Var i("i");
  Map<Var, IntSet> dom{{i, IntSet::Interval(I(2), I(9))}};
  IntSet s = EvalSet(i * -2, dom);
  EXPECT_TRUE(ExprEqual(s.min(), I(-18)));
  EXPECT_TRUE(ExprEqual(s.max(), I(-4)));
  s = EvalSet(floordiv(i, 4), dom);
  EXPECT_TRUE(ExprEqual(s.min(), I(0)));
  EXPECT_TRUE(ExprEqual(s.max(), I(2)));
  s = EvalSet(floormod(i, 4), dom);
  EXPECT_TRUE(ExprEqual(s.min(), I(0)));
  EXPECT_TRUE(ExprEqual(s.max(), I(3)));
  // Both ends in one period: the modulo keeps the interval.
  s = EvalSet(floormod(i, 16), dom);
  EXPECT_TRUE(ExprEqual(s.min(), I(2)));
  EXPECT_TRUE(ExprEqual(s.max(), I(9)));
}

// A variable outside the domain map is a single point; a variable with no bound is everything.
TEST(ArithIntSet, PointsAndEverything) {
  Var i("i"), j("j");
  IntSet s = EvalSet(j * 2, Map<Var, IntSet>{{i, IntSet::Interval(I(0), I(3))}});
  EXPECT_TRUE(s.IsSinglePoint());
  s = EvalSet(i + j, Map<Var, IntSet>{{i, IntSet::Everything()}});
  EXPECT_FALSE(s.HasLowerBound());
  EXPECT_FALSE(s.HasUpperBound());
  EXPECT_TRUE(IntSet::Nothing().IsNothing());
  EXPECT_TRUE(IntSet::Everything().IsEverything());
}

// Union is the hull, Intersect the overlap, disjoint intervals intersect to nothing.
TEST(ArithIntSet, UnionIntersect) {
  IntSet a = IntSet::Interval(I(0), I(4)), b = IntSet::Interval(I(2), I(9));
  IntSet u = Union({a, b}), n = Intersect({a, b});
  EXPECT_TRUE(ExprEqual(u.min(), I(0)));
  EXPECT_TRUE(ExprEqual(u.max(), I(9)));
  EXPECT_TRUE(ExprEqual(n.min(), I(2)));
  EXPECT_TRUE(ExprEqual(n.max(), I(4)));
  EXPECT_TRUE(Intersect({a, IntSet::Interval(I(6), I(7))}).IsNothing());
  EXPECT_TRUE(Union({a, IntSet::Nothing()}).max().same_as(a.max()));
}

}  // namespace
}  // namespace arith
}  // namespace tvm

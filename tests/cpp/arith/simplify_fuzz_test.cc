/*!
 * \file simplify_fuzz_test.cc
 * \brief Fuzz: seeded random integer expressions over three bounded variables go through
 *  Analyzer::Simplify; the result must evaluate to the input's value at every point of the
 *  domain (with the independent evaluator of arith_test_util.h), and should rarely grow.
 */
#include <gtest/gtest.h>
#include <tvm/arith/analyzer.h>
#include <tvm/tir/op.h>

#include <random>
#include <vector>

#include "arith_test_util.h"

namespace tvm {
namespace arith {
namespace {

using namespace tir;  // NOLINT(*)
using testing::Env;

int64_t TreeSize(const PrimExpr& e) {
  if (const auto* b = dynamic_cast<const BinaryOpNodeBase*>(e.get())) {
    return 1 + TreeSize(b->a) + TreeSize(b->b);
  }
  if (const auto* s = e.as<SelectNode>()) {
    return 1 + TreeSize(s->condition) + TreeSize(s->true_value) + TreeSize(s->false_value);
  }
  if (const auto* n = e.as<NotNode>()) return 1 + TreeSize(n->a);
  if (const auto* c = e.as<CastNode>()) return 1 + TreeSize(c->value);
  return 1;
}

class Generator {
 public:
  Generator(uint32_t seed, std::vector<Var> vars) : rng_(seed), vars_(std::move(vars)) {}

  PrimExpr Int(int depth) {
    if (depth == 0 || Pick(5) == 0) return Leaf();
    PrimExpr a = Int(depth - 1), b = Int(depth - 1);
    static const int kConsts[] = {1, 2, 3, 4, 8, -2, -4};
    PrimExpr c = make_const(DataType::Int(32), kConsts[Pick(7)]);
    PrimExpr k = make_const(DataType::Int(32), 2 + Pick(7));
    switch (Pick(11)) {
      case 0:
        return Add(a, b);
      case 1:
        return Sub(a, b);
      case 2:
        return Mul(a, c);
      case 3:
        return FloorDiv(a, c);
      case 4:
        return FloorMod(a, c);
      case 5:
        return Div(a, c);
      case 6:
        return Mod(a, c);
      case 7:
        return Min(a, b);
      case 8:
        return Max(a, b);
      case 9:
        return Select(Bool(depth - 1), a, b);
      default:
        return Add(Mul(FloorDiv(a, k), k), FloorMod(Pick(3) == 0 ? b : a, k));
    }
  }

  PrimExpr Bool(int depth) {
    PrimExpr a = Int(depth), b = Int(depth);
    switch (Pick(8)) {
      case 0:
        return LT(a, b);
      case 1:
        return LE(a, b);
      case 2:
        return GT(a, b);
      case 3:
        return GE(a, b);
      case 4:
        return EQ(a, b);
      case 5:
        return NE(a, b);
      case 6:
        return And(LT(a, b), LE(b, Leaf()));
      default:
        return Or(LT(a, b), Not(LE(b, Leaf())));
    }
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  PrimExpr Leaf() {
    if (Pick(10) < 6) return vars_[Pick(static_cast<int>(vars_.size()))];
    return make_const(DataType::Int(32), Pick(19) - 9);
  }
  std::mt19937 rng_;
  std::vector<Var> vars_;
};

void RunFuzz(uint32_t seed, bool boolean) {
  Var x("x"), y("y"), z("z");
  const int lo[] = {-4, 0, 0}, hi[] = {5, 8, 3};  // half-open ranges
  std::vector<Var> vars = {x, y, z};
  Generator gen(seed, vars);
  int grown = 0, total = 0;
  for (int iter = 0; iter < 200; ++iter) {
    PrimExpr e = boolean ? gen.Bool(2) : gen.Int(4);
    Analyzer ana;
    for (int v = 0; v < 3; ++v) ana.Bind(vars[v], Range::FromMinExtent(lo[v], hi[v] - lo[v]));
    PrimExpr s = ana.Simplify(e);
    for (int a = lo[0]; a < hi[0]; ++a) {
      for (int b = lo[1]; b < hi[1]; ++b) {
        for (int c = lo[2]; c < hi[2]; ++c) {
          Env env{{x.get(), a}, {y.get(), b}, {z.get(), c}};
          bool ok = true;
          int64_t want = testing::Eval(e, env, &ok);
          if (!ok) continue;
          int64_t got = testing::Eval(s, env, &ok);
          ASSERT_TRUE(ok) << runtime::ObjectRepr(s);
          ASSERT_EQ(got, want) << "input " << runtime::ObjectRepr(e) << "\nsimplified "
                               << runtime::ObjectRepr(s) << "\nat x=" << a << " y=" << b
                               << " z=" << c;
        }
      }
    }
    ++total;
    if (TreeSize(s) > TreeSize(e)) ++grown;
  }
  EXPECT_LE(grown, total / 10) << grown << " of " << total << " expressions grew";
}

// Random integer expressions keep their value everywhere on the domain.
TEST(ArithSimplifyFuzz, IntegerExpressions) {
  for (uint32_t seed = 1; seed <= 20; ++seed) RunFuzz(seed, false);
}

// Random comparisons and boolean logic keep their value everywhere on the domain.
TEST(ArithSimplifyFuzz, BooleanExpressions) {
  for (uint32_t seed = 100; seed <= 119; ++seed) RunFuzz(seed, true);
}

}  // namespace
}  // namespace arith
}  // namespace tvm

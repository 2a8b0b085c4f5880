/*!
 * \file arith_test_util.h
 * \brief Helpers of the arith tests: structural expression equality with a readable failure,
 *  and an evaluator of integer expressions independent of the analyses under test
 *  (floordiv/floormod round toward -inf, Div/Mod truncate).
 */
#ifndef TVM_TESTS_CPP_ARITH_ARITH_TEST_UTIL_H_
#define TVM_TESTS_CPP_ARITH_ARITH_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <tvm/ir/structural_equal.h>
#include <tvm/runtime/reflection.h>
#include <tvm/tir/expr.h>
#include <tvm/tir/op.h>

#include <algorithm>
#include <cstdint>
#include <unordered_map>

namespace tvm {
namespace arith {
namespace testing {

inline ::testing::AssertionResult ExprEqual(const PrimExpr& got, const PrimExpr& want) {
  if (StructuralEqual()(got, want)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got " << runtime::ObjectRepr(got) << ", expected " << runtime::ObjectRepr(want);
}

using Env = std::unordered_map<const tir::VarNode*, int64_t>;

inline int64_t FloorDivRef(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/*! \brief The value of e under env; sets *ok = false on a division by zero. */
inline int64_t Eval(const PrimExpr& e, const Env& env, bool* ok) {
  using namespace tir;  // NOLINT(*)
  if (const auto* v = e.as<IntImmNode>()) return v->value;
  if (const auto* v = e.as<VarNode>()) return env.at(v);
  if (const auto* c = e.as<CastNode>()) return Eval(c->value, env, ok);
  if (const auto* s = e.as<SelectNode>()) {
    int64_t c = Eval(s->condition, env, ok);
    int64_t t = Eval(s->true_value, env, ok), f = Eval(s->false_value, env, ok);
    return c ? t : f;
  }
  if (const auto* n = e.as<NotNode>()) return !Eval(n->a, env, ok);
  const auto* bin = dynamic_cast<const BinaryOpNodeBase*>(e.get());
  if (bin == nullptr) {
    ADD_FAILURE() << "Eval: unexpected node " << e->GetTypeKey();
    *ok = false;
    return 0;
  }
  int64_t a = Eval(bin->a, env, ok), b = Eval(bin->b, env, ok);
  if ((e.as<FloorDivNode>() || e.as<FloorModNode>() || e.as<DivNode>() || e.as<ModNode>()) &&
      b == 0) {
    *ok = false;
    return 0;
  }
  if (e.as<AddNode>()) return a + b;
  if (e.as<SubNode>()) return a - b;
  if (e.as<MulNode>()) return a * b;
  if (e.as<FloorDivNode>()) return FloorDivRef(a, b);
  if (e.as<FloorModNode>()) return a - FloorDivRef(a, b) * b;
  if (e.as<DivNode>()) return a / b;
  if (e.as<ModNode>()) return a % b;
  if (e.as<MinNode>()) return std::min(a, b);
  if (e.as<MaxNode>()) return std::max(a, b);
  if (e.as<LTNode>()) return a < b;
  if (e.as<LENode>()) return a <= b;
  if (e.as<GTNode>()) return a > b;
  if (e.as<GENode>()) return a >= b;
  if (e.as<EQNode>()) return a == b;
  if (e.as<NENode>()) return a != b;
  if (e.as<AndNode>()) return a && b;
  if (e.as<OrNode>()) return a || b;
  ADD_FAILURE() << "Eval: unexpected node " << e->GetTypeKey();
  *ok = false;
  return 0;
}

}  // namespace testing
}  // namespace arith
}  // namespace tvm

#endif  // TVM_TESTS_CPP_ARITH_ARITH_TEST_UTIL_H_

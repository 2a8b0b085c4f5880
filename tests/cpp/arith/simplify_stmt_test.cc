/*!
 * \file simplify_stmt_test.cc
 * \brief tir::SimplifyStmt: loop variables bounded by their loops, branch conditions used
 *  inside branches, proven branches and assertions removed, unproven ones kept.
 */
#include <gtest/gtest.h>
#include <tvm/ir/structural_equal.h>
#include <tvm/tir/op.h>
#include <tvm/tir/simplify_stmt.h>

#include "arith_test_util.h"

namespace tvm {
namespace tir {
namespace {

::testing::AssertionResult StmtEqual(const Stmt& got, const Stmt& want) {
  if (StructuralEqual()(got, want)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got " << runtime::ObjectRepr(got) << "\nexpected " << runtime::ObjectRepr(want);
}

PrimExpr I(int v) { return make_const(DataType::Int(32), v); }

class ArithSimplifyStmt : public ::testing::Test {
 protected:
  Buffer A = decl_buffer({I(64)}, DataType::Float(32), "A");
  Stmt Store(PrimExpr index) { return BufferStore(A, FloatImm(DataType::Float(32), 1.0), {index}); }
  Var io{"io"}, ii{"ii"}, n{"n"};
};

// A split loop nest: the index and the tail guard io*8 + ii < 64 disappear.
TEST_F(ArithSimplifyStmt, SplitLoopGuardRemoved) {
  PrimExpr idx = io * 8 + ii;
  Stmt before = For(io, 0, 8, ForKind::kSerial,
                    For(ii, 0, 8, ForKind::kSerial,
                        IfThenElse(idx < 64, Store(floordiv(idx, 8) * 8 + floormod(idx, 8)))));
  Stmt expected = For(io, 0, 8, ForKind::kSerial, For(ii, 0, 8, ForKind::kSerial, Store(idx)));
  EXPECT_TRUE(StmtEqual(SimplifyStmt(before), expected));
}

// A guard that can fail (io*8 + ii < n) stays, and is known true inside its branch.
TEST_F(ArithSimplifyStmt, UnprovenGuardKeptAndUsed) {
  PrimExpr idx = io * 8 + ii;
  Stmt inner = IfThenElse(idx < n, IfThenElse(idx < n + 1, Store(idx)));
  Stmt before = For(io, 0, 8, ForKind::kSerial, For(ii, 0, 8, ForKind::kSerial, inner));
  Stmt expected = For(io, 0, 8, ForKind::kSerial,
                      For(ii, 0, 8, ForKind::kSerial, IfThenElse(idx < n, Store(idx))));
  EXPECT_TRUE(StmtEqual(SimplifyStmt(before), expected));
}

// A likely() guard (what split tails produce) is used like the bare condition.
TEST_F(ArithSimplifyStmt, LikelyGuardIsAFact) {
  PrimExpr idx = io * 8 + ii;
  Stmt before = For(io, 0, 8, ForKind::kSerial,
                    For(ii, 0, 8, ForKind::kSerial,
                        IfThenElse(likely(idx < n), IfThenElse(idx < n + 8, Store(idx)))));
  Stmt expected = For(io, 0, 8, ForKind::kSerial,
                      For(ii, 0, 8, ForKind::kSerial, IfThenElse(likely(idx < n), Store(idx))));
  EXPECT_TRUE(StmtEqual(SimplifyStmt(before), expected));
}

// The else branch knows the condition is false; a false `if` without else becomes a no-op.
TEST_F(ArithSimplifyStmt, ElseBranchAndDeadIf) {
  Stmt before = IfThenElse(n < 10, Store(I(0)), IfThenElse(n >= 10, Store(I(1)), Store(I(2))));
  Stmt expected = IfThenElse(n < 10, Store(I(0)), Store(I(1)));
  EXPECT_TRUE(StmtEqual(SimplifyStmt(before), expected));
  Stmt dead = For(ii, 0, 8, ForKind::kSerial, IfThenElse(ii >= 8, Store(ii)));
  Stmt got = SimplifyStmt(dead);
  const auto* loop = got.as<ForNode>();
  ASSERT_NE(loop, nullptr);
  EXPECT_TRUE(IsNoOp(loop->body));
}

// An assertion proven true is dropped; one that is not is kept and used in its body.
TEST_F(ArithSimplifyStmt, Assertions) {
  StringImm msg("bad n");
  Stmt proven = For(ii, 0, 8, ForKind::kSerial, AssertStmt(ii < 8, msg, Store(ii)));
  EXPECT_TRUE(StmtEqual(SimplifyStmt(proven), For(ii, 0, 8, ForKind::kSerial, Store(ii))));
  Stmt kept = AssertStmt(n > 4, msg, IfThenElse(n > 2, Store(n)));
  // (the simplifier writes comparisons with `<`: n > 4 becomes 4 < n)
  EXPECT_TRUE(StmtEqual(SimplifyStmt(kept), AssertStmt(LT(I(4), n), msg, Store(n))));
}

// Nothing to simplify: the statement is returned unchanged (same object).
TEST_F(ArithSimplifyStmt, UnchangedIsIdentity) {
  Stmt s = For(ii, 0, n, ForKind::kSerial, Store(ii));
  EXPECT_TRUE(SimplifyStmt(s).same_as(s));
}

}  // namespace
}  // namespace tir
}  // namespace tvm

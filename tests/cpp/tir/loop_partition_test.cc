/*!
 * \file loop_partition_test.cc
 * \brief LoopPartition on hand-built loops: the split-tail guard, a two-sided guard, and loops
 *  that must stay as they are.
 */
#include <gtest/gtest.h>
#include <tvm/tir/buffer.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/loop_partition.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

namespace tvm {
namespace tir {
namespace {

PrimExpr I(int v) { return make_const(DataType::Int(32), v); }

int CountLikely(const ObjectRef& node) {
  int count = 0;
  PostOrderVisit(node, [&](const ObjectRef& n) {
    if (const auto* call = n.as<CallNode>()) count += call->op.same_as(builtin::likely());
  });
  return count;
}

/*! \brief for io in [0, 4): for ii in [0, 32): if likely(io*32 + ii < n): B[io*32 + ii] = A[..] */
Stmt SplitTail(const Var& io, const PrimExpr& outer_extent, const PrimExpr& n) {
  Buffer a = decl_buffer({I(128)}, DataType::Float(32), "A");
  Buffer b = decl_buffer({I(128)}, DataType::Float(32), "B");
  Var ii("ii");
  PrimExpr idx = io * 32 + ii;
  Stmt store = BufferStore(b, BufferLoad(a, {idx}), {idx});
  Stmt inner = For(ii, I(0), I(32), ForKind::kSerial, IfThenElse(likely(idx < n), store));
  return For(io, I(0), outer_extent, ForKind::kSerial, inner);
}

// The 100-by-32 split: io in [0, 3) without the guard, then io == 3 with it.
TEST(TirLoopPartition, SplitTailGivesGuardFreeMainLoop) {
  Var io("io");
  Stmt result = LoopPartition(SplitTail(io, I(4), I(100)));
  const auto* seq = result.as<SeqStmtNode>();
  ASSERT_NE(seq, nullptr);
  ASSERT_EQ(seq->seq.size(), 2u);
  const auto* main = seq->seq[0].as<ForNode>();
  ASSERT_NE(main, nullptr);
  EXPECT_TRUE(main->loop_var.same_as(io));
  EXPECT_TRUE(is_const_int(main->min, 0));
  EXPECT_TRUE(is_const_int(main->extent, 3));
  EXPECT_EQ(CountLikely(seq->seq[0]), 0);
  // The tail is the single iteration io == 3: the inner loop, still guarded, io replaced by 3.
  const auto* tail = seq->seq[1].as<ForNode>();
  ASSERT_NE(tail, nullptr);
  EXPECT_EQ(tail->loop_var->name_hint, "ii");
  EXPECT_EQ(CountLikely(seq->seq[1]), 1);
  bool uses_io = false;
  PostOrderVisit(seq->seq[1], [&](const ObjectRef& n) { uses_io = uses_io || n.same_as(io); });
  EXPECT_FALSE(uses_io);
}

// A guard i >= 2 && i < 7 on i in [0, 10): the parts [0, 2), [2, 7) unguarded, [7, 10).
TEST(TirLoopPartition, TwoSidedGuardGivesThreeParts) {
  Buffer b = decl_buffer({I(10)}, DataType::Float(32), "B");
  Var i("i");
  Stmt store = BufferStore(b, make_const(DataType::Float(32), 1.0), {i});
  Stmt loop = For(i, I(0), I(10), ForKind::kParallel, IfThenElse(likely(i >= 2 && i < 7), store));
  Stmt result = LoopPartition(loop);
  const auto* seq = result.as<SeqStmtNode>();
  ASSERT_NE(seq, nullptr);
  ASSERT_EQ(seq->seq.size(), 3u);
  int64_t expected[3][2] = {{0, 2}, {2, 5}, {7, 3}};
  for (int k = 0; k < 3; ++k) {
    const auto* part = seq->seq[k].as<ForNode>();
    ASSERT_NE(part, nullptr);
    EXPECT_TRUE(is_const_int(part->min, expected[k][0]));
    EXPECT_TRUE(is_const_int(part->extent, expected[k][1]));
    EXPECT_EQ(part->kind, ForKind::kParallel);
    EXPECT_EQ(CountLikely(seq->seq[k]), k == 1 ? 0 : 1);
  }
  // The outer parts have their own copy of the loop variable.
  EXPECT_FALSE(seq->seq[0].as<ForNode>()->loop_var.same_as(i));
  EXPECT_TRUE(seq->seq[1].as<ForNode>()->loop_var.same_as(i));
}

// A guard true for every iteration leaves one loop, without the guard.
TEST(TirLoopPartition, GuardTrueEverywhereIsDropped) {
  Var io("io");
  Stmt result = LoopPartition(SplitTail(io, I(4), I(128)));
  const auto* loop = result.as<ForNode>();
  ASSERT_NE(loop, nullptr);
  EXPECT_TRUE(is_const_int(loop->extent, 4));
  EXPECT_EQ(CountLikely(result), 0);
}

// Nothing is changed when the bound is symbolic, the extent is symbolic, or the guard is not
// monotone in the loop variable.
TEST(TirLoopPartition, UndecidableGuardsAreLeftAlone) {
  Var io("io"), n("n"), m("m");
  Stmt symbolic_bound = SplitTail(io, I(4), n);
  EXPECT_TRUE(LoopPartition(symbolic_bound).same_as(symbolic_bound));
  Stmt symbolic_extent = SplitTail(io, m, I(100));
  EXPECT_TRUE(LoopPartition(symbolic_extent).same_as(symbolic_extent));

  Buffer b = decl_buffer({I(16)}, DataType::Float(32), "B");
  Var i("i");
  Stmt store = BufferStore(b, make_const(DataType::Float(32), 1.0), {i});
  Stmt parity = For(i, I(0), I(16), ForKind::kSerial,
                    IfThenElse(likely(floormod(i, 2) == I(0)), store));
  EXPECT_TRUE(LoopPartition(parity).same_as(parity));
}

// A let whose value reads memory says nothing at the guard (the memory may have changed since),
// so a guard that holds only through it stays; an arithmetic let is used.
TEST(TirLoopPartition, LetsReadingMemoryAreNotTrusted) {
  Buffer a = decl_buffer({I(16)}, DataType::Int(32), "A");
  Var i("i"), x("x");
  Stmt store = BufferStore(a, I(1), {i});
  auto loop = [&](PrimExpr value) {
    Stmt guarded = IfThenElse(likely(x < value + 12), store);
    return For(i, I(0), I(16), ForKind::kSerial, LetStmt(x, value + i, guarded));
  };
  Stmt through_load = loop(BufferLoad(a, {I(0)}));
  EXPECT_TRUE(LoopPartition(through_load).same_as(through_load));
  Var n("n");
  Stmt arithmetic = LoopPartition(loop(n));
  const auto* seq = arithmetic.as<SeqStmtNode>();
  ASSERT_NE(seq, nullptr);
  EXPECT_TRUE(is_const_int(seq->seq[0].as<ForNode>()->extent, 12));
  EXPECT_EQ(CountLikely(seq->seq[0]), 0);
}

}  // namespace
}  // namespace tir
}  // namespace tvm

/*!
 * \file compute_at_consumers_test.cc
 * \brief ScheduleOps with stages computed at one loop of their common consumer: bound
 *  inference over every reader (the parent, stages at the same loop, reads through inlined
 *  stages), the order of the stages at one loop, and the errors for readers outside it.
 */
#include <gtest/gtest.h>
#include <tvm/runtime/registry.h>
#include <tvm/te/schedule.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

#include <map>
#include <string>
#include <vector>

namespace tvm {
namespace te {
namespace {

PrimExpr I(int v) { return make_const(DataType::Int(32), v); }

struct Softmax {
  Tensor a, mx, e, sm, out;
};

Softmax MakeSoftmax(int n, int m) {
  Softmax t;
  t.a = placeholder({I(n), I(m)}, DataType::Float(32), "A");
  IterVar k1 = reduce_axis(Range::FromMinExtent(I(0), I(m)), "k1");
  t.mx = compute({I(n)}, [&](const Array<Var>& i) { return te::max(t.a(i[0], k1->var), Array<IterVar>{k1}); }, "mx");
  t.e = compute({I(n), I(m)},
                [&](const Array<Var>& i) { return exp(t.a(i[0], i[1]) - t.mx(i[0])); }, "e");
  IterVar k2 = reduce_axis(Range::FromMinExtent(I(0), I(m)), "k2");
  t.sm = compute({I(n)}, [&](const Array<Var>& i) { return te::sum(t.e(i[0], k2->var), Array<IterVar>{k2}); }, "sm");
  t.out = compute({I(n), I(m)}, [&](const Array<Var>& i) { return t.e(i[0], i[1]) / t.sm(i[0]); },
                  "out");
  return t;
}

/*! \brief (name, extents) of each realize. */
std::vector<std::pair<std::string, std::vector<int64_t>>> Realizes(const Stmt& body) {
  std::vector<std::pair<std::string, std::vector<int64_t>>> out;
  tir::PostOrderVisit(body, [&](const ObjectRef& n) {
    if (const auto* r = n.as<tir::ProducerRealizeNode>()) {
      std::vector<int64_t> ext;
      for (const Range& b : r->bounds) {
        const auto* c = b->extent.as<IntImmNode>();
        ext.push_back(c ? c->value : -1);
      }
      out.push_back({Downcast<Tensor>(r->producer)->op->name, ext});
    }
  });
  return out;
}

/*! \brief The tensors stored, in program order (first store of each). */
std::vector<std::string> StoreOrder(const Stmt& body) {
  std::vector<std::string> out;
  tir::PostOrderVisit(body, [&](const ObjectRef& n) {
    if (const auto* s = n.as<tir::ProducerStoreNode>()) {
      std::string name = Downcast<Tensor>(s->producer)->op->name;
      if (out.empty() || out.back() != name) out.push_back(name);
    }
  });
  return out;
}

TEST(TeComputeAt, StagesWithTwoConsumersAtTheRowLoop) {
  Softmax t = MakeSoftmax(8, 37);
  Schedule s({t.out->op});
  IterVar row = t.out->op.as<ComputeOpNode>()->axis[0];
  // Attached consumers first: the order of the calls does not matter.
  s[t.sm].compute_at(s[t.out], row);
  s[t.e].compute_at(s[t.out], row);
  s[t.mx].compute_at(s[t.out], row);
  Stmt body = ScheduleOps(s);
  auto realizes = Realizes(body);
  std::map<std::string, std::vector<int64_t>> by_name(realizes.begin(), realizes.end());
  EXPECT_EQ(by_name["out"], (std::vector<int64_t>{8, 37}));
  EXPECT_EQ(by_name["mx"], (std::vector<int64_t>{1}));
  EXPECT_EQ(by_name["e"], (std::vector<int64_t>{1, 37}));
  EXPECT_EQ(by_name["sm"], (std::vector<int64_t>{1}));
  // Per row: max (init, update), exp, sum (init, update), then the output.
  EXPECT_EQ(StoreOrder(body), (std::vector<std::string>{"mx", "e", "sm", "out"}));
}

TEST(TeComputeAt, ReadsThroughAnInlinedStage) {
  Softmax t = MakeSoftmax(4, 16);
  Schedule s({t.out->op});
  IterVar row = t.out->op.as<ComputeOpNode>()->axis[0];
  s[t.e].compute_inline();
  s[t.mx].compute_at(s[t.out], row);
  s[t.sm].compute_at(s[t.out], row);
  Stmt body = ScheduleOps(s);
  auto realizes = Realizes(body);
  std::map<std::string, std::vector<int64_t>> by_name(realizes.begin(), realizes.end());
  EXPECT_EQ(by_name.count("e"), 0u);
  EXPECT_EQ(by_name["mx"], (std::vector<int64_t>{1}));
  EXPECT_EQ(StoreOrder(body), (std::vector<std::string>{"mx", "sm", "out"}));
}

TEST(TeComputeAt, TileOfRowsCoversEveryConsumer) {
  Softmax t = MakeSoftmax(10, 32);
  Schedule s({t.out->op});
  IterVar row = t.out->op.as<ComputeOpNode>()->axis[0];
  IterVar outer, inner;
  s[t.out].split(row, I(4), &outer, &inner);
  for (const Tensor& x : {t.mx, t.e, t.sm}) s[x].compute_at(s[t.out], outer);
  auto realizes = Realizes(ScheduleOps(s));
  std::map<std::string, std::vector<int64_t>> by_name(realizes.begin(), realizes.end());
  EXPECT_EQ(by_name["mx"], (std::vector<int64_t>{4}));
  EXPECT_EQ(by_name["e"], (std::vector<int64_t>{4, 32}));
  EXPECT_EQ(by_name["sm"], (std::vector<int64_t>{4}));
}

TEST(TeComputeAt, ReaderWithinAStageAttachedAtTheLoop) {
  // B at C's row loop, read by E (same loop) and by D, computed at E's outer column loop:
  // B covers the row D reads through E's loops (j + 1 included), D one tile of 4.
  const int n = 12;
  Tensor a = placeholder({I(n), I(n + 1)}, DataType::Float(32), "A");
  Tensor b = compute({I(n), I(n + 1)}, [&](const Array<Var>& i) { return a(i[0], i[1]) * 2.0f; }, "B");
  Tensor d = compute({I(n), I(n)},
                     [&](const Array<Var>& i) { return b(i[0], i[1] + 1) - b(i[0], i[1]); }, "D");
  Tensor e = compute({I(n), I(n)}, [&](const Array<Var>& i) { return d(i[0], i[1]) * b(i[0], i[1]); },
                     "E");
  Tensor c = compute({I(n), I(n)}, [&](const Array<Var>& i) { return e(i[0], i[1]) + 1.0f; }, "C");
  Schedule s({c->op});
  IterVar row = c->op.as<ComputeOpNode>()->axis[0];
  s[b].compute_at(s[c], row);
  s[e].compute_at(s[c], row);
  IterVar outer, inner;
  s[e].split(e->op.as<ComputeOpNode>()->axis[1], I(4), &outer, &inner);
  s[d].compute_at(s[e], outer);
  Stmt body = ScheduleOps(s);
  auto realizes = Realizes(body);
  std::map<std::string, std::vector<int64_t>> by_name(realizes.begin(), realizes.end());
  EXPECT_EQ(by_name["B"], (std::vector<int64_t>{1, n + 1}));
  EXPECT_EQ(by_name["E"], (std::vector<int64_t>{1, n}));
  EXPECT_EQ(by_name["D"], (std::vector<int64_t>{1, 4}));
  EXPECT_EQ(StoreOrder(body).front(), "B");
}

TEST(TeComputeAt, ReaderAtTheRootIsAnError) {
  Softmax t = MakeSoftmax(4, 16);
  Schedule s({t.out->op});
  s[t.e].compute_inline();
  s[t.mx].compute_at(s[t.out], t.out->op.as<ComputeOpNode>()->axis[0]);
  try {
    ScheduleOps(s);
    FAIL() << "expected a ValueError";
  } catch (const runtime::Error& err) {
    std::string what = err.what();
    EXPECT_NE(what.find("mx is computed at loop i of out but is also read by sm"), std::string::npos)
        << what;
  }
}

}  // namespace
}  // namespace te
}  // namespace tvm

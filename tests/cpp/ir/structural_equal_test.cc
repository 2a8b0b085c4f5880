/*!
 * \file structural_equal_test.cc
 * \brief Structural equality and hashing over the test nodes of test_nodes.h: alpha-equivalence,
 *  free variables, one-to-one variable mapping, graph sharing, spans, NaN, runtime containers,
 *  the text of the first mismatch, and hash consistency on random expression trees.
 */
#include <gtest/gtest.h>
#include <tvm/ir/expr.h>
#include <tvm/ir/structural_equal.h>
#include <tvm/ir/structural_hash.h>
#include <tvm/ir/type.h>
#include <tvm/runtime/ndarray.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "test_nodes.h"

namespace tvm {
namespace ir_test {
namespace {

bool Equal(const ObjectRef& a, const ObjectRef& b, bool map_free_vars = false) {
  return StructuralEqual()(a, b, map_free_vars);
}
size_t Hash(const ObjectRef& a, bool map_free_vars = false) {
  return StructuralHash()(a, map_free_vars);
}
std::string Mismatch(const ObjectRef& a, const ObjectRef& b, bool map_free_vars = false) {
  Optional<String> m = GetFirstStructuralMismatch(a, b, map_free_vars);
  return m.defined() ? m.value().str() : "";
}

// Equal, hash the same, and report no mismatch, in both directions.
void ExpectEqual(const ObjectRef& a, const ObjectRef& b, bool map_free_vars = false) {
  EXPECT_TRUE(Equal(a, b, map_free_vars)) << Mismatch(a, b, map_free_vars);
  EXPECT_TRUE(Equal(b, a, map_free_vars)) << Mismatch(b, a, map_free_vars);
  EXPECT_EQ(Hash(a, map_free_vars), Hash(b, map_free_vars));
  EXPECT_EQ(Mismatch(a, b, map_free_vars), "");
}
void ExpectNotEqual(const ObjectRef& a, const ObjectRef& b, bool map_free_vars = false) {
  EXPECT_FALSE(Equal(a, b, map_free_vars));
  EXPECT_FALSE(Equal(b, a, map_free_vars));
  EXPECT_NE(Mismatch(a, b, map_free_vars), "");
}

// ---- variables and binders ------------------------------------------------------------------

TEST(StructuralEqual, AlphaEquivalentLetsAreEqual) {
  // let x = 1 in x + x  equals  let y = 1 in y + y.
  TVar x("x"), y("y");
  ExpectEqual(Let(x, Const(1), Add(x, x)), Let(y, Const(1), Add(y, y)));
}

TEST(StructuralEqual, LetBodiesThatUseTheBindingDifferentlyDiffer) {
  // let x = 1 in x + x  differs from  let y = 1 in y + 1.
  TVar x("x"), y("y");
  ExpectNotEqual(Let(x, Const(1), Add(x, x)), Let(y, Const(1), Add(y, Const(1))));
}

TEST(StructuralEqual, FreeVariablesAreEqualOnlyToThemselvesUnlessMapped) {
  // x + 1 vs y + 1 with x, y free: unequal, unless free variables may be mapped.
  TVar x("x"), y("y");
  ExpectEqual(Add(x, Const(1)), Add(x, Const(1)));
  ExpectNotEqual(Add(x, Const(1)), Add(y, Const(1)));
  ExpectEqual(Add(x, Const(1)), Add(y, Const(1)), /*map_free_vars=*/true);
  EXPECT_NE(Mismatch(Add(x, Const(1)), Add(y, Const(1))).find("free variables"), std::string::npos);
}

TEST(StructuralEqual, VariableMappingIsOneToOne) {
  // (x, y) vs (z, z): y cannot map to z once x has.
  TVar x("x"), y("y"), z("z");
  ExpectNotEqual(Seq({x, y}), Seq({z, z}), true);
  ExpectNotEqual(Func({x, y}, Add(x, y)), Func({z, z}, Add(z, z)));
  ExpectEqual(Seq({x, y}), Seq({z, x}), true);
}

TEST(StructuralEqual, SwappedParametersAreNotConfusedWithTheSameVariables) {
  // fn(x, y) { x + y }  vs  fn(y, x) { x + y }: the parameters map x->y, y->x, so the bodies
  // mean different things even though they are the same objects.
  TVar x("x"), y("y"), a("a"), b("b");
  ObjectRef body = Add(x, Const(2));
  ExpectNotEqual(Func({x, y}, body), Func({y, x}, body));
  ExpectEqual(Func({x, y}, Add(x, Const(2))), Func({a, b}, Add(a, Const(2))));
}

TEST(StructuralEqual, BoundVariablesMustHaveEqualFieldsButMayHaveOtherNames) {
  // The name does not matter; the dtype does.
  TVar x("x"), y("y"), f("f", DataType::Float(32));
  ExpectEqual(Let(x, Const(0), x), Let(y, Const(0), y));
  ExpectNotEqual(Let(x, Const(0), x), Let(f, Const(0), f));
  EXPECT_EQ(Mismatch(Let(x, Const(0), x), Let(f, Const(0), f)), "root.var.dtype: int32 vs float32");
}

TEST(StructuralEqual, BoundVersusFreeVariable) {
  // A variable bound on one side cannot equal a free one on the other.
  TVar x("x"), y("y"), free("free");
  ExpectNotEqual(Let(x, Const(0), x), Let(y, Const(0), free));
  ExpectNotEqual(Let(x, Const(0), x), Let(y, Const(0), free), true);
}

TEST(StructuralEqual, FreeVariableMappingPersistsAcrossUses) {
  // With map_free_vars, x maps to y at its first use and stays mapped.
  TVar x("x"), y("y"), z("z");
  ExpectEqual(Add(x, x), Add(y, y), true);
  ExpectNotEqual(Add(x, x), Add(y, z), true);
}

TEST(StructuralEqual, UniqueInstancesAreEqualOnlyToThemselves) {
  // Two "operators" with the same fields are still different operators.
  ObjectRef op = Unique("add"), other = Unique("add");
  ExpectEqual(Add(op, Const(1)), Add(op, Const(1)));
  ExpectNotEqual(op, other);
}

// ---- sharing --------------------------------------------------------------------------------

TEST(StructuralEqual, GraphNodeSharingMustCorrespond) {
  // t + t (one shared node) differs from t1 + t2 (two equal nodes), and equals u + u.
  ObjectRef t = GraphAdd(Const(1), Const(2));
  ObjectRef t1 = GraphAdd(Const(1), Const(2)), t2 = GraphAdd(Const(1), Const(2));
  ObjectRef u = GraphAdd(Const(1), Const(2));
  ExpectEqual(GraphAdd(t, t), GraphAdd(u, u));
  ExpectNotEqual(GraphAdd(t, t), GraphAdd(t1, t2));
  EXPECT_NE(Mismatch(GraphAdd(t, t), GraphAdd(t1, t2)).find("root.b"), std::string::npos);
  ExpectEqual(GraphAdd(t1, t2),
              GraphAdd(GraphAdd(Const(1), Const(2)), GraphAdd(Const(1), Const(2))));
}

TEST(StructuralEqual, TreeNodeSharingDoesNotMatter) {
  // Sharing a tree node is only an economy: a + a equals a copy of each.
  ObjectRef a = Add(Const(1), Const(2));
  ExpectEqual(Add(a, a), Add(Add(Const(1), Const(2)), Add(Const(1), Const(2))));
}

TEST(StructuralEqual, SharedGraphsHashInLinearTime) {
  // A chain of 200 nodes each used twice: 2^200 paths, hashed and compared through memos.
  ObjectRef lhs = Const(0), rhs = Const(0);
  for (int i = 0; i < 200; ++i) {
    lhs = GraphAdd(lhs, lhs);
    rhs = GraphAdd(rhs, rhs);
  }
  ExpectEqual(lhs, rhs);
}

TEST(StructuralEqual, SharedTreeNodeUnderTwoBindersHashesLikeCopies) {
  // x + 1 is one object used under two lets of x; each use must hash as in its own context.
  TVar x("x"), y("y");
  ObjectRef use = Add(x, Const(1));
  ObjectRef shared = Seq({Let(x, Const(0), use), Let(x, Const(5), use)});
  ObjectRef copies = Seq({Let(y, Const(0), Add(y, Const(1))), Let(y, Const(5), Add(y, Const(1)))});
  ExpectEqual(shared, copies);
}

// ---- values ---------------------------------------------------------------------------------

TEST(StructuralEqual, SpanIsIgnored) {
  // Nodes that differ only in their source location are equal and hash the same.
  ExpectEqual(Add(Const(1, Span("a.onnx", 3)), Const(2)), Add(Const(1), Const(2), Span("b", 9)));
  ExpectEqual(GlobalVar("main", Type(), Span("x")), GlobalVar("main"));
  ExpectNotEqual(GlobalVar("main"), GlobalVar("other"));
}

TEST(StructuralEqual, FloatsCompareByValueWithNaNEqualToNaN) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  ExpectEqual(FloatImm(DataType::Float(32), nan), FloatImm(DataType::Float(32), -nan));
  ExpectEqual(FloatImm(DataType::Float(32), 0.0), FloatImm(DataType::Float(32), -0.0));
  ExpectNotEqual(FloatImm(DataType::Float(32), nan), FloatImm(DataType::Float(32), 1.0));
  ExpectNotEqual(FloatImm(DataType::Float(32), 1.0), FloatImm(DataType::Float(64), 1.0));
  EXPECT_EQ(Mismatch(FloatImm(DataType::Float(32), 0.5), FloatImm(DataType::Float(32), nan)),
            "root.value: 0.5 vs nan");
}

TEST(StructuralEqual, RuntimeContainersCompareByContent) {
  ExpectEqual(String("abc"), String("abc"));
  ExpectNotEqual(String("abc"), String("abd"));
  ExpectEqual(runtime::Int(3), runtime::Int(3));
  ExpectNotEqual(runtime::Int(3), runtime::Int(4));
  ExpectEqual(runtime::Float(std::nan("")), runtime::Float(std::nan("")));
  ExpectEqual(ShapeTuple({1, 2}), ShapeTuple({1, 2}));
  ExpectNotEqual(ShapeTuple({1, 2}), ShapeTuple({2, 1}));
  ExpectEqual(Array<ObjectRef>({Const(1), String("a")}), Array<ObjectRef>({Const(1), String("a")}));
  ExpectNotEqual(Array<ObjectRef>({Const(1)}), Array<ObjectRef>({Const(1), Const(1)}));
  EXPECT_EQ(Mismatch(Array<ObjectRef>({Const(1)}), Array<ObjectRef>({Const(1), Const(1)})),
            "root: array of size 1 vs 2");
  ExpectNotEqual(ObjectRef(), Const(1));
  ExpectEqual(ObjectRef(), ObjectRef());
  ExpectNotEqual(Const(1), String("1"));
}

TEST(StructuralEqual, MapsWithStringKeysCompareEntryByEntry) {
  Map<String, ObjectRef> a{{"x", Const(1)}, {"y", Const(2)}};
  Map<String, ObjectRef> b{{"y", Const(2)}, {"x", Const(1)}};
  Map<String, ObjectRef> c{{"x", Const(1)}, {"z", Const(2)}};
  Map<String, ObjectRef> d{{"x", Const(1)}, {"y", Const(3)}};
  ExpectEqual(a, b);
  ExpectNotEqual(a, c);
  ExpectNotEqual(a, d);
  EXPECT_EQ(Mismatch(a, d), "root[\"y\"].value: 2 vs 3");
  EXPECT_EQ(Mismatch(a, c), "root[\"y\"]: key \"y\" is missing on the right");
}

TEST(StructuralEqual, MapsWithObjectKeysMatchKeysByStructure) {
  // GlobalVar keys (tree nodes compared by name) match across different objects.
  Map<ObjectRef, ObjectRef> a{{GlobalVar("f"), Const(1)}, {GlobalVar("g"), Const(2)}};
  Map<ObjectRef, ObjectRef> b{{GlobalVar("g"), Const(2)}, {GlobalVar("f"), Const(1)}};
  Map<ObjectRef, ObjectRef> c{{GlobalVar("g"), Const(1)}, {GlobalVar("f"), Const(2)}};
  ExpectEqual(a, b);
  ExpectNotEqual(a, c);
  // Two keys on the left cannot both claim one key on the right.
  Map<ObjectRef, ObjectRef> dup{{GlobalVar("f"), Const(1)}, {GlobalVar("f"), Const(1)}};
  Map<ObjectRef, ObjectRef> one{{GlobalVar("f"), Const(1)}, {GlobalVar("h"), Const(1)}};
  ExpectNotEqual(dup, one);
}

TEST(StructuralEqual, MapsKeyedByBoundVariablesFollowTheMapping) {
  // fn(x) { {x: 1} } equals fn(y) { {y: 1} }, as a PrimFunc's buffer_map would.
  TVar x("x"), y("y"), z("z");
  Map<ObjectRef, ObjectRef> mx{{x, Const(1)}}, my{{y, Const(1)}}, mz{{z, Const(1)}};
  ExpectEqual(Func({x}, mx), Func({y}, my));
  ExpectNotEqual(Func({x}, mx), Func({y}, mz));
}

TEST(StructuralEqual, NDArraysCompareShapeDtypeAndBytes) {
  auto make = [](std::vector<float> v, ShapeTuple shape) {
    NDArray a = NDArray::Empty(shape, DataType::Float(32), Device{kDLCPU, 0});
    a.CopyFromBytes(v.data(), v.size() * sizeof(float));
    return a;
  };
  NDArray a = make({1, 2, 3, 4}, {2, 2});
  ExpectEqual(a, make({1, 2, 3, 4}, {2, 2}));
  ExpectNotEqual(a, make({1, 2, 3, 5}, {2, 2}));
  ExpectNotEqual(a, make({1, 2, 3, 4}, {4}));
  // 4.0f and 5.0f first differ in the third byte (little-endian) of element 3.
  EXPECT_EQ(Mismatch(a, make({1, 2, 3, 5}, {2, 2})), "root: NDArray data differs from byte 14");
  EXPECT_EQ(Mismatch(a, make({1, 2, 3, 4}, {4})), "root: NDArray of shape (2, 2) vs (4,)");
}

TEST(StructuralEqual, TypesCompareStructurally) {
  Type f = FuncType({PrimType(DataType::Int(32))}, TupleType({PrimType(DataType::Float(32))}));
  Type g = FuncType({PrimType(DataType::Int(32))}, TupleType({PrimType(DataType::Float(32))}));
  Type h = FuncType({PrimType(DataType::Int(64))}, TupleType({PrimType(DataType::Float(32))}));
  ExpectEqual(f, g);
  ExpectNotEqual(f, h);
  EXPECT_EQ(Mismatch(f, h), "root.arg_types[0].dtype: int32 vs int64");
  ExpectNotEqual(PrimType(DataType::Int(32)), PointerType(PrimType(DataType::Int(32))));
}

// ---- the mismatch report --------------------------------------------------------------------

TEST(StructuralEqual, MismatchNamesThePathAndBothValues) {
  // The report follows fields, array indices and map keys from the root.
  TVar x("x"), y("y");
  auto program = [&](int64_t c) {
    return Let(x, Const(0), Seq({Const(0), Const(0), Let(y, Add(x, Const(c)), y)}));
  };
  EXPECT_EQ(Mismatch(program(1), program(2)), "root.body.seq[2].value.b.value: 1 vs 2");
  EXPECT_EQ(Mismatch(program(1), program(1)), "");
  EXPECT_FALSE(GetFirstStructuralMismatch(program(1), program(1)).defined());
}

TEST(StructuralEqual, MismatchExplainsVariableMappings) {
  TVar x("x"), y("y"), z("z");
  std::string m = Mismatch(Func({x, y}, Add(x, y)), Func({z, y}, Add(y, y)));
  EXPECT_EQ(m, "root.body.a: x vs y (x corresponds to z)");
  m = Mismatch(Seq({x, y}), Seq({z, z}), true);
  EXPECT_EQ(m, "root.seq[1]: y vs z (z already corresponds to x)");
  m = Mismatch(Add(Const(1), Const(2)), Seq({}));
  EXPECT_NE(m.find("types test_ir.Add vs test_ir.Seq"), std::string::npos) << m;
}

// ---- hashing --------------------------------------------------------------------------------

TEST(StructuralHash, DistinguishesDifferentStructures) {
  TVar x("x");
  std::vector<ObjectRef> nodes = {Const(1),
                                  Const(2),
                                  Add(Const(1), Const(2)),
                                  Add(Const(2), Const(1)),
                                  Let(x, Const(1), x),
                                  Let(x, Const(1), Const(1)),
                                  Seq({}),
                                  Seq({Const(1)}),
                                  String("1"),
                                  Array<ObjectRef>({Const(1)}),
                                  ObjectRef()};
  for (size_t i = 0; i < nodes.size(); ++i) {
    for (size_t j = i + 1; j < nodes.size(); ++j) {
      EXPECT_NE(Hash(nodes[i]), Hash(nodes[j])) << i << " vs " << j;
    }
  }
}

TEST(StructuralHash, FreeVariablesHashByIdentityUnlessMapped) {
  TVar x("x"), y("y");
  EXPECT_NE(Hash(Add(x, Const(1))), Hash(Add(y, Const(1))));
  EXPECT_EQ(Hash(Add(x, Const(1)), true), Hash(Add(y, Const(1)), true));
  EXPECT_NE(Hash(Add(x, x), true), Hash(Add(x, y), true));
}

// ---- random trees ---------------------------------------------------------------------------

/*! \brief Random expressions over constants, free variables, additions and lets. */
class RandomExprs {
 public:
  RandomExprs(uint32_t seed, std::vector<TVar> free) : rng_(seed), free_(std::move(free)) {}

  ObjectRef Gen(int depth) {
    std::vector<TVar> scope;
    return Gen(depth, &scope);
  }

 private:
  ObjectRef Gen(int depth, std::vector<TVar>* scope) {
    int choice = static_cast<int>(rng_() % (depth == 0 ? 3 : 6));
    switch (choice) {
      case 1:
        if (!free_.empty()) return free_[rng_() % free_.size()];
        break;
      case 2:
        if (!scope->empty()) return (*scope)[rng_() % scope->size()];
        break;
      case 3:
      case 4:
        return Add(Gen(depth - 1, scope), Gen(depth - 1, scope));
      case 5: {
        TVar v("v" + std::to_string(counter_++),
               rng_() % 4 == 0 ? DataType::Int(64) : DataType::Int(32));
        ObjectRef value = Gen(depth - 1, scope);
        scope->push_back(v);
        ObjectRef body = Gen(depth - 1, scope);
        scope->pop_back();
        return Let(v, value, body);
      }
    }
    return Const(static_cast<int64_t>(rng_() % 3));
  }

  std::mt19937 rng_;
  std::vector<TVar> free_;
  int counter_{0};
};

/*! \brief A copy of `e` sharing nothing, with bound (and the given free) variables renamed. */
ObjectRef Rename(const ObjectRef& e, std::unordered_map<const Object*, TVar>* env) {
  if (const auto* v = e.as<TVarNode>()) {
    auto it = env->find(v);
    return it == env->end() ? e : it->second;
  }
  if (const auto* a = e.as<TAddNode>()) return Add(Rename(a->a, env), Rename(a->b, env));
  if (const auto* l = e.as<TLetNode>()) {
    TVar nv(l->var->name_hint.str() + "_renamed", l->var->dtype);
    ObjectRef value = Rename(l->value, env);
    (*env)[l->var.get()] = nv;
    return Let(nv, value, Rename(l->body, env));
  }
  const auto* c = e.as<IntImmNode>();
  return Const(c->value);
}

bool UsesAny(const ObjectRef& e, const std::vector<TVar>& vars) {
  for (const TVar& v : vars) {
    if (e.same_as(v)) return true;
  }
  if (const auto* a = e.as<TAddNode>()) return UsesAny(a->a, vars) || UsesAny(a->b, vars);
  if (const auto* l = e.as<TLetNode>()) return UsesAny(l->value, vars) || UsesAny(l->body, vars);
  return false;
}

TEST(StructuralHash, RandomAlphaRenamedTreesAreEqualAndHashTheSame) {
  TVar f0("f0"), f1("f1"), g0("g0"), g1("g1");
  RandomExprs gen(42, {f0, f1});
  for (int i = 0; i < 300; ++i) {
    ObjectRef e = gen.Gen(5);
    std::unordered_map<const Object*, TVar> bound_only;
    ObjectRef renamed = Rename(e, &bound_only);
    ExpectEqual(e, renamed);
    // Renaming the free variables too: equal only when free variables may be mapped.
    std::unordered_map<const Object*, TVar> all{{f0.get(), g0}, {f1.get(), g1}};
    ObjectRef fully = Rename(e, &all);
    ExpectEqual(e, fully, true);
    EXPECT_EQ(Equal(e, fully), !UsesAny(e, {f0, f1}))
        << "without map_free_vars, renaming free variables must matter exactly when present";
  }
}

TEST(StructuralHash, RandomTreesHashConsistentlyWithEquality) {
  // Over all pairs of many small random trees: equal => same hash, and unequal trees almost
  // never collide.
  TVar f0("f0"), f1("f1");
  RandomExprs gen(7, {f0, f1});
  std::vector<ObjectRef> trees;
  for (int i = 0; i < 400; ++i) trees.push_back(gen.Gen(1 + i % 4));
  for (bool map_free_vars : {false, true}) {
    int equal_pairs = 0, unequal_pairs = 0, collisions = 0;
    std::vector<size_t> hashes;
    for (const ObjectRef& t : trees) hashes.push_back(Hash(t, map_free_vars));
    for (size_t i = 0; i < trees.size(); ++i) {
      for (size_t j = i + 1; j < trees.size(); ++j) {
        if (Equal(trees[i], trees[j], map_free_vars)) {
          ++equal_pairs;
          EXPECT_EQ(hashes[i], hashes[j]) << Mismatch(trees[i], trees[j], map_free_vars);
        } else {
          ++unequal_pairs;
          collisions += hashes[i] == hashes[j];
        }
      }
    }
    EXPECT_GT(equal_pairs, 100) << "the generator should produce some equal trees";
    EXPECT_GT(unequal_pairs, 50000);
    EXPECT_LE(collisions, unequal_pairs / 1000) << collisions << " collisions";
  }
}

TEST(StructuralHash, RandomMapsOfFunctionsHashLikeTheirRenamedCopies) {
  // Maps keyed by objects are hashed in an order that must not depend on addresses, even when
  // their entries bind variables: GlobalVar -> fn(params) { random body or {param: body} }.
  std::mt19937 rng(11);
  for (int round = 0; round < 100; ++round) {
    Map<ObjectRef, ObjectRef> lhs, rhs;
    int functions = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < functions; ++i) {
      std::vector<TVar> params, renamed;
      std::unordered_map<const Object*, TVar> env;
      for (int k = static_cast<int>(rng() % 3); k > 0; --k) {
        params.emplace_back("p" + std::to_string(k));
        renamed.emplace_back("q" + std::to_string(k));
        env[params.back().get()] = renamed.back();
      }
      RandomExprs gen(static_cast<uint32_t>(rng()), params);
      ObjectRef body = gen.Gen(3);
      ObjectRef body_copy = Rename(body, &env);
      if (!params.empty() && rng() % 2) {
        body = Map<ObjectRef, ObjectRef>({{params[0], body}});
        body_copy = Map<ObjectRef, ObjectRef>({{renamed[0], body_copy}});
      }
      std::string name = "f" + std::to_string(i);
      lhs.Set(GlobalVar(name), Func(Array<TVar>(params), body));
      rhs.Set(GlobalVar(name), Func(Array<TVar>(renamed), body_copy));
    }
    ExpectEqual(lhs, rhs);
  }
}

ObjectRef DeepCopy(const ObjectRef& e) {
  if (const auto* a = e.as<TAddNode>()) return Add(DeepCopy(a->a), DeepCopy(a->b));
  return Const(e.as<IntImmNode>()->value);
}

TEST(StructuralHash, RandomSharedGraphsHashLikeTheirCopies) {
  // Random DAGs of tree nodes equal their unshared copies: sharing a tree node is invisible.
  std::mt19937 rng(3);
  for (int round = 0; round < 50; ++round) {
    std::vector<ObjectRef> nodes = {Const(0), Const(1)};
    for (int i = 0; i < 12; ++i) {
      nodes.push_back(Add(nodes[rng() % nodes.size()], nodes[rng() % nodes.size()]));
    }
    ExpectEqual(nodes.back(), DeepCopy(nodes.back()));
  }
}

}  // namespace
}  // namespace ir_test
}  // namespace tvm

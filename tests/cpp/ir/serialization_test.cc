/*!
 * \file serialization_test.cc
 * \brief SaveJSON/LoadJSON: every IR and runtime node type round-trips, sharing survives, and
 *  every malformed document (not JSON, another version, unknown types, missing, mistyped,
 *  dangling or cyclic references, bad arrays, truncation, random corruption) raises a
 *  ValueError that names what was expected and found, and never crashes.
 */
#include <gtest/gtest.h>
#include <tvm/ir/expr.h>
#include <tvm/ir/module.h>
#include <tvm/ir/op.h>
#include <tvm/ir/serialization.h>
#include <tvm/ir/structural_equal.h>
#include <tvm/ir/structural_hash.h>
#include <tvm/ir/type.h>
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/packed_func.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "../runtime/test_util.h"
#include "test_nodes.h"

namespace tvm {
namespace ir_test {
namespace {

using runtime::testing::ThrowsError;

TVM_REGISTER_OP("test.json_op").set_num_inputs(2);

/*! \brief An object type registered without reflection: it cannot be serialized. */
class TOpaqueNode : public Object {
 public:
  static constexpr const char* _type_key = "test_ir.Opaque";
  TVM_DECLARE_FINAL_OBJECT_INFO(TOpaqueNode, Object);
};
TVM_REGISTER_OBJECT_TYPE(TOpaqueNode);

/*!
 * \brief Save, load, and check the copy is structurally equal and saves to the same text. Free
 *  variables come back as new objects: equal to the originals only with map_free_vars.
 */
ObjectRef RoundTrip(const ObjectRef& node, bool same_text = true, bool map_free_vars = false) {
  std::string json = SaveJSON(node);
  ObjectRef loaded = LoadJSON(json);
  EXPECT_TRUE(StructuralEqual()(node, loaded, map_free_vars))
      << GetFirstStructuralMismatch(node, loaded, map_free_vars).value_or("") << "\n"
      << json;
  EXPECT_EQ(StructuralHash()(node, map_free_vars), StructuralHash()(loaded, map_free_vars));
  if (same_text) {
    EXPECT_EQ(SaveJSON(loaded), json);
  }
  return loaded;
}

NDArray MakeArray(ShapeTuple shape, DataType dtype) {
  NDArray a = NDArray::Empty(shape, dtype, Device{kDLCPU, 0});
  std::vector<uint8_t> bytes(a.NBytes());
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 37 + 11);
  if (!bytes.empty()) a.CopyFromBytes(bytes.data(), bytes.size());
  return a;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << "'" << from << "' not in " << s;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

// ---- round trips ----------------------------------------------------------------------------

TEST(Serialization, EveryIRNodeTypeRoundTrips) {
  Type i32 = PrimType(DataType::Int(32));
  RoundTrip(Span("model.onnx", 1, 2, 3, 4));
  RoundTrip(i32);
  RoundTrip(PointerType(i32, "shared"));
  RoundTrip(TupleType({i32, PrimType(DataType::Float(16, 4))}));
  RoundTrip(FuncType({i32, TupleType::Empty()}, PointerType(i32)));
  RoundTrip(IncompleteType::New());
  RoundTrip(GlobalVar("main"));
  RoundTrip(IntImm(DataType::Int(64), std::numeric_limits<int64_t>::min()));
  RoundTrip(IntImm(DataType::Bool(), 1));
  RoundTrip(FloatImm(DataType::Float(32), 0.1));
  RoundTrip(Range::FromMinExtent(Const(0), Const(16)));
  RoundTrip(DictAttrs({{"global_symbol", String("main")}, {"n", Const(3)}}));
  RoundTrip(Op::Get("test.json_op"));
}

TEST(Serialization, SpansAreKept) {
  // Equality ignores spans, so check the loaded span itself.
  ObjectRef loaded = LoadJSON(SaveJSON(Const(7, Span("conv1", 12, 3))));
  const auto* imm = loaded.as<IntImmNode>();
  ASSERT_NE(imm, nullptr);
  ASSERT_TRUE(imm->span.defined());
  EXPECT_EQ(imm->span->source_name, "conv1");
  EXPECT_EQ(imm->span->line, 12);
  EXPECT_EQ(imm->span->column, 3);
}

TEST(Serialization, OperatorsLoadAsTheRegisteredInstance) {
  ObjectRef loaded = LoadJSON(SaveJSON(Array<ObjectRef>({Op::Get("test.json_op")})));
  EXPECT_TRUE(Downcast<Array<ObjectRef>>(loaded)[0].same_as(Op::Get("test.json_op")));
  EXPECT_NE(SaveJSON(Op::Get("test.json_op")).find("\"global_key\": \"test.json_op\""),
            std::string::npos);
}

TEST(Serialization, IRModuleRoundTrips) {
  TVar x("x"), y("y");
  TFunc f = Func({x, y}, Add(x, y));
  f = WithAttr(f, attr::kGlobalSymbol, String("f"));
  TFunc g = Func({}, Const(1));
  IRModule mod({{GlobalVar("f"), f}, {GlobalVar("g"), g}}, DictAttrs({{"version", Const(2)}}));
  ObjectRef loaded = RoundTrip(mod, /*same_text=*/false);
  IRModule m = Downcast<IRModule>(loaded);
  // The name table and the function table share their GlobalVars after loading.
  GlobalVar gv = m->GetGlobalVar("f");
  EXPECT_TRUE(m->functions.count(gv));
  EXPECT_TRUE(StructuralEqual()(m->Lookup("f"), f));
}

TEST(Serialization, RuntimeValuesRoundTrip) {
  RoundTrip(String(""));
  RoundTrip(String("h\xc3\xa9llo \xe2\x9c\x93 \"quoted\" back\\slash\n\t\x01"));
  std::string bytes("\xff\xfe\0raw", 6);  // not UTF-8: saved as base64
  ObjectRef s = RoundTrip(String(bytes));
  EXPECT_EQ(Downcast<String>(s).str(), bytes);
  RoundTrip(runtime::Int(std::numeric_limits<int64_t>::max()));
  RoundTrip(runtime::Int(std::numeric_limits<int64_t>::min()));
  for (double v : {0.1, 1e-310, -2.5e300, std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity(), std::nan("")}) {
    ObjectRef f = RoundTrip(runtime::Float(v));
    double got = Downcast<runtime::Float>(f).value();
    EXPECT_TRUE(got == v || (std::isnan(got) && std::isnan(v))) << v << " came back as " << got;
  }
  EXPECT_TRUE(
      std::signbit(Downcast<runtime::Float>(LoadJSON(SaveJSON(runtime::Float(-0.0)))).value()));
  RoundTrip(ShapeTuple({}));
  RoundTrip(ShapeTuple({1, std::numeric_limits<int64_t>::max(), 3}));
  RoundTrip(Array<ObjectRef>({}));
  RoundTrip(
      Array<ObjectRef>({Const(1), Array<ObjectRef>({String("a"), ObjectRef()}), ObjectRef()}));
  RoundTrip(Map<String, ObjectRef>({{"b", Const(1)}, {"a", String("x")}, {"", ObjectRef()}}));
  RoundTrip(Map<ObjectRef, ObjectRef>({{GlobalVar("f"), Const(1)}, {runtime::Int(3), Const(2)}}),
            false);
}

TEST(Serialization, NDArraysRoundTripInsideContainers) {
  // Arrays of several dtypes and shapes, inside an Array and a Map, come back byte for byte.
  std::vector<NDArray> arrays = {
      MakeArray({2, 3}, DataType::Float(32)), MakeArray({0}, DataType::Int(8)),
      MakeArray({}, DataType::Float(64)), MakeArray({5}, DataType::Bool()),
      MakeArray({2, 2, 2}, DataType::Float(16))};
  Array<ObjectRef> list(arrays.begin(), arrays.end());
  Map<String, ObjectRef> dict{{"weights", arrays[0]}, {"all", list}};
  ObjectRef loaded = RoundTrip(dict);
  Array<ObjectRef> back =
      Downcast<Array<ObjectRef>>(Downcast<Map<String, ObjectRef>>(loaded)["all"]);
  for (size_t i = 0; i < arrays.size(); ++i) {
    NDArray a = Downcast<NDArray>(back[i]);
    EXPECT_EQ(a.Shape().vec(), arrays[i].Shape().vec());
    EXPECT_EQ(a.DataType(), arrays[i].DataType());
    std::string want(arrays[i].NBytes(), '\0'), got(a.NBytes(), '\0');
    arrays[i].CopyToBytes(&want[0], want.size());
    a.CopyToBytes(&got[0], got.size());
    EXPECT_EQ(got, want);
  }
  // The array used twice is stored once and shared again after loading.
  Map<String, ObjectRef> loaded_dict = Downcast<Map<String, ObjectRef>>(loaded);
  EXPECT_TRUE(loaded_dict["weights"].same_as(back[0]));
}

TEST(Serialization, EveryFieldKindRoundTripsExactly) {
  auto n = make_object<TAllFieldsNode>();
  n->f64 = std::nan("");
  n->i64 = std::numeric_limits<int64_t>::min();
  n->u64 = std::numeric_limits<uint64_t>::max();
  n->i32 = -7;
  n->flag = true;
  n->str = "a \"string\" with\nnewline";
  n->dtype = DataType::Float(32, 4);
  n->any = ShapeTuple({4});
  n->maybe_name = String("named");
  n->vars = {TVar("a"), TVar("b", DataType::Handle())};
  n->dict = {{"k", Const(1)}};
  ObjectRef original{ObjectPtr<Object>(n)};
  ObjectRef loaded = RoundTrip(original, true, /*map_free_vars=*/true);
  EXPECT_FALSE(StructuralEqual()(original, loaded)) << "the free variables are new objects";
  const auto* m = loaded.as<TAllFieldsNode>();
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(std::isnan(m->f64));
  EXPECT_EQ(m->i64, n->i64);
  EXPECT_EQ(m->u64, n->u64);
  EXPECT_EQ(m->i32, -7);
  EXPECT_TRUE(m->flag);
  EXPECT_EQ(m->str, n->str);
  EXPECT_EQ(m->dtype, DataType::Float(32, 4));
  EXPECT_EQ(m->vars[1]->dtype, DataType::Handle());
  // Void and null values too.
  auto empty = make_object<TAllFieldsNode>();
  empty->vars = Array<TVar>(ObjectPtr<Object>(nullptr));
  RoundTrip(ObjectRef(ObjectPtr<Object>(empty)));
}

TEST(Serialization, SharingIsPreserved) {
  // A bound variable stays one object across its definition and uses; shared graph and tree
  // nodes stay shared.
  TVar x("x");
  ObjectRef let = LoadJSON(SaveJSON(Let(x, Const(1), Add(x, x))));
  const auto* l = let.as<TLetNode>();
  const auto* body = l->body.as<TAddNode>();
  EXPECT_TRUE(body->a.same_as(l->var));
  EXPECT_TRUE(body->b.same_as(l->var));
  ObjectRef t = GraphAdd(Const(1), Const(2));
  ObjectRef g = RoundTrip(GraphAdd(t, t));
  EXPECT_TRUE(g.as<TGraphAddNode>()->a.same_as(g.as<TGraphAddNode>()->b));
  ObjectRef u = Add(Const(1), Const(2));
  std::string json = SaveJSON(Add(u, u));
  ObjectRef a = LoadJSON(json);
  EXPECT_TRUE(a.as<TAddNode>()->a.same_as(a.as<TAddNode>()->b));
  // Shared nodes are written once: Add(u, u), u, its two constants, null.
  size_t count = 0;
  for (size_t pos = json.find("type_key"); pos != std::string::npos;
       pos = json.find("type_key", pos + 1))
    ++count;
  EXPECT_EQ(count, 5u);
}

TEST(Serialization, DeepIRDoesNotRecurseWhileSavingOrLoading) {
  ObjectRef chain = Const(0);
  for (int i = 0; i < 20000; ++i) chain = Seq({chain});
  std::string json = SaveJSON(chain);
  ObjectRef loaded = LoadJSON(json);
  EXPECT_EQ(SaveJSON(loaded), json);
}

TEST(Serialization, DocumentFormat) {
  // The layout Python (json.loads) and Apache TVM tools expect.
  std::string json = SaveJSON(Range::FromMinExtent(Const(0), Const(4)));
  EXPECT_NE(json.find("\"root\": 1"), std::string::npos) << json;
  EXPECT_NE(json.find("{\"type_key\": \"\"}"), std::string::npos) << json;
  EXPECT_NE(json.find("\"attrs\": {\"tvm_version\": \"0.14.0\"}"), std::string::npos) << json;
  EXPECT_NE(json.find("{\"type_key\": \"Range\", \"attrs\": {\"min\": \"2\", \"extent\": \"3\", "
                      "\"span\": \"null\"}}"),
            std::string::npos)
      << json;
  // Field values written as JSON numbers (by hand or by other tools) load too.
  std::string numbers = Replace(json, "\"value\": \"4\"", "\"value\": 4");
  EXPECT_TRUE(StructuralEqual()(LoadJSON(numbers), Range::FromMinExtent(Const(0), Const(4))));
}

// ---- malformed documents --------------------------------------------------------------------

const char* kRangeDoc = R"({
  "root": 1,
  "nodes": [
    {"type_key": ""},
    {"type_key": "Range", "attrs": {"min": "2", "extent": "3", "span": "null"}},
    {"type_key": "IntImm", "attrs": {"dtype": "int32", "value": "0", "span": "null"}},
    {"type_key": "IntImm", "attrs": {"dtype": "int32", "value": "4", "span": "null"}}
  ],
  "b64ndarrays": [],
  "attrs": {"tvm_version": "0.14.0"}
})";

TEST(Serialization, TheReferenceDocumentLoads) {
  EXPECT_TRUE(StructuralEqual()(LoadJSON(kRangeDoc), Range::FromMinExtent(Const(0), Const(4))));
}

TEST(Serialization, TextThatIsNotJSONIsAValueError) {
  for (const char* text : {"", "hello", "{", "[1,", "{\"root\": }", "{\"a\" 1}", "{} x", "{'a': 1}",
                           "{\"a\": \"\x01\"}", "{\"a\": \"\\q\"}", "{\"a\": 01x}", "{\"a\": -}",
                           "nul", "{\"a\": \"\\u12\"}"}) {
    EXPECT_TRUE(ThrowsError([&] { LoadJSON(text); }, "ValueError", {"not valid JSON", "expected"}))
        << text;
  }
  EXPECT_TRUE(ThrowsError([&] { LoadJSON("{\"root\": 1,\n \"nodes\" [] }"); }, "ValueError",
                          {"line 2, column 10 expected ':', found '['"}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(std::string(100000, '[')); }, "ValueError",
                          {"levels of nesting"}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON("[]"); }, "ValueError",
                          {"must be a JSON object, found an array"}));
}

TEST(Serialization, VersionIsChecked) {
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(kRangeDoc, "0.14.0", "0.6.0")); }, "ValueError",
                          {"format version \"0.6.0\" is not supported (expected 0.14.x)"}));
  EXPECT_TRUE(ThrowsError(
      [&] { LoadJSON(Replace(kRangeDoc, "\"tvm_version\": \"0.14.0\"", "\"version\": 1")); },
      "ValueError", {"has no \"tvm_version\""}));
  EXPECT_TRUE(ThrowsError(
      [&] { LoadJSON(Replace(kRangeDoc, "\"tvm_version\": \"0.14.0\"", "\"tvm_version\": 14")); },
      "ValueError", {"\"tvm_version\" must be a string, found the number 14"}));
  // A later patch version of the same format loads.
  LoadJSON(Replace(kRangeDoc, "0.14.0", "0.14.3"));
}

TEST(Serialization, DocumentStructureIsChecked) {
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(kRangeDoc, "\"root\": 1", "\"root\": 4")); },
                          "ValueError",
                          {"node index 4 is out of range (the document has 4 nodes)"}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(kRangeDoc, "\"root\": 1", "\"root\": \"1\"")); },
                          "ValueError", {"\"root\" must be a number"}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(kRangeDoc, "\"nodes\"", "\"nodez\"")); },
                          "ValueError", {"has no \"nodes\""}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(kRangeDoc, "{\"type_key\": \"\"}", "3")); },
                          "ValueError", {"node 0: expected an object, found the number 3"}));
  EXPECT_TRUE(
      ThrowsError([&] { LoadJSON(Replace(kRangeDoc, "{\"type_key\": \"\"}", "{\"kind\": \"\"}")); },
                  "ValueError", {"node 0: expected a string \"type_key\", found none"}));
}

TEST(Serialization, UnknownTypeKeyIsAValueError) {
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(kRangeDoc, "\"Range\"", "\"no.such.Type\"")); },
                          "ValueError", {"node 1", "unknown type key \"no.such.Type\""}));
  // Registered types that reflection cannot create.
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(kRangeDoc, "\"Range\"", "\"PrimExpr\"")); },
                          "ValueError", {"node 1 (PrimExpr)", "has no reflection"}));
  auto n = make_object<TNoDefaultNode>(5);
  std::string json = SaveJSON(ObjectRef(ObjectPtr<Object>(n)));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(json); }, "ValueError",
                          {"node 1 (test_ir.NoDefault)", "cannot be created by reflection"}));
  EXPECT_TRUE(ThrowsError(
      [&] { LoadJSON(Replace(SaveJSON(Op::Get("test.json_op")), "test.json_op", "no_such_op")); },
      "ValueError", {"no operator named \"no_such_op\""}));
}

TEST(Serialization, MissingOrMistypedFieldsAreValueErrors) {
  struct Case {
    const char* from;
    const char* to;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"\"value\": \"0\", ", "", "node 2 (IntImm): missing field \"value\""},
           {"\"value\": \"0\"", "\"value\": \"abc\"",
            "field \"value\": expected an integer, found the string \"abc\""},
           {"\"value\": \"0\"", "\"value\": [0]",
            "field \"value\": expected an integer, found an array"},
           {"\"value\": \"0\"", "\"value\": \"99999999999999999999\"", "expected an integer"},
           {"\"value\": \"0\"", "\"value\": \"1.5\"", "expected an integer"},
           {"\"dtype\": \"int32\", \"value\": \"0\"", "\"dtype\": \"float33\", \"value\": \"0\"",
            "node 2 (IntImm): field \"dtype\""},
           {"\"dtype\": \"int32\", \"value\": \"0\"", "\"dtype\": 32, \"value\": \"0\"",
            "field \"dtype\": expected a dtype string such as \"float32\", found the number 32"},
           {"\"min\": \"2\"", "\"min\": {}",
            "field \"min\": expected a node index or \"null\", found an object"},
           {"\"min\": \"2\"", "\"min\": \"two\"", "expected a node index, found \"two\""},
           {"\"min\": \"2\"", "\"min\": \"9\"",
            "node index 9 is out of range (the document has 4 nodes)"},
           {"\"min\": \"2\"", "\"min\": \"-1\"", "node index -1 is out of range"},
           {"\"attrs\": {\"min\"", "\"atrs\": {\"min\"",
            "node 1 (Range): expected an object \"attrs\""},
       }) {
    EXPECT_TRUE(
        ThrowsError([&] { LoadJSON(Replace(kRangeDoc, c.from, c.to)); }, "ValueError", {c.message}))
        << c.to;
  }
}

TEST(Serialization, ReferencesMustFitTheFieldType) {
  // Range.min is a PrimExpr: a String there is rejected, not planted.
  std::string doc = Replace(kRangeDoc,
                            "{\"type_key\": \"IntImm\", \"attrs\": {\"dtype\": \"int32\", "
                            "\"value\": \"0\", \"span\": \"null\"}}",
                            "{\"type_key\": \"runtime.String\", \"repr_str\": \"oops\"}");
  EXPECT_TRUE(
      ThrowsError([&] { LoadJSON(doc); }, "ValueError",
                  {"node 1 (Range): field \"min\": expected PrimExpr, found runtime.String"}));
  // A non-nullable String field cannot be null.
  std::string ptr = SaveJSON(PointerType(PrimType(DataType::Int(8)), "global"));
  EXPECT_TRUE(ThrowsError(
      [&] { LoadJSON(Replace(ptr, "\"storage_scope\": \"3\"", "\"storage_scope\": \"null\"")); },
      "ValueError", {"field \"storage_scope\": expected runtime.String, found None"}));
  // Elements of typed arrays are checked too.
  std::string func = SaveJSON(FuncType({PrimType(DataType::Int(8))}, TupleType::Empty()));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(func, "\"data\": [4]", "\"data\": [5]")); },
                          "ValueError",
                          {"field \"arg_types\": element 0 of Array[Type]: expected Type, found "
                           "runtime.Array"}));
}

TEST(Serialization, CyclesAreRejected) {
  // An array holding itself, and two nodes referencing each other.
  std::string self = SaveJSON(Array<ObjectRef>({Const(1)}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(self, "\"data\": [2]", "\"data\": [1]")); },
                          "ValueError", {"closes a cycle"}));
  std::string pair = SaveJSON(Add(Add(Const(1), Const(2)), Const(3)));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(pair, "\"a\": \"4\"", "\"a\": \"1\"")); },
                          "ValueError", {"closes a cycle"}));
}

TEST(Serialization, ContainerEntriesAreChecked) {
  std::string arr = SaveJSON(Array<ObjectRef>({Const(1)}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(arr, "\"data\": [2]", "\"data\": [7]")); },
                          "ValueError", {"node 1 \"data\"[0]: node index 7 is out of range"}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(arr, "\"data\": [2]", "\"data\": 2")); },
                          "ValueError",
                          {"\"data\" must be an array of node indices, found the number 2"}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(arr, "\"data\": [2]", "\"data\": [\"2\"]")); },
                          "ValueError", {"expected a node index, found the string \"2\""}));
  std::string map = SaveJSON(Map<String, ObjectRef>({{"a", Const(1)}, {"b", Const(2)}}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(map, "\"keys\": [2, 3]", "\"keys\": [2]")); },
                          "ValueError", {"\"keys\" has 1 entries but \"data\" has 2"}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(map, "\"keys\": [2, 3]", "\"keys\": [2, 2]")); },
                          "ValueError", {"the key \"a\" appears twice"}));
  std::string shape = SaveJSON(ShapeTuple({1, 2}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(shape, "[1, 2]", "[1, \"2\"]")); }, "ValueError",
                          {"\"shape\" must hold integers"}));
  std::string str = SaveJSON(String("s"));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(str, "\"repr_str\": \"s\"", "\"repr_str\": 5")); },
                          "ValueError", {"expected a string \"repr_str\", found the number 5"}));
  EXPECT_TRUE(
      ThrowsError([&] { LoadJSON(Replace(str, "\"repr_str\": \"s\"", "\"repr_b64\": \"%%%%\"")); },
                  "ValueError", {"\"repr_b64\" is not base64"}));
}

TEST(Serialization, BadNDArrayDataIsAValueError) {
  std::string doc = SaveJSON(MakeArray({2}, DataType::Float(32)));
  size_t start = doc.find("\"b64ndarrays\": [\n    \"") + 22;
  size_t end = doc.find('"', start);
  std::string b64 = doc.substr(start, end - start);
  auto with_data = [&](const std::string& data) {
    return doc.substr(0, start) + data + doc.substr(end);
  };
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(with_data("not base64!")); }, "ValueError",
                          {"\"b64ndarrays\"[0] must be a base64 string"}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(with_data("AAAAAAAAAAAA")); }, "ValueError",
                          {"bad NDArray data", "not an NDArray"}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(with_data(b64.substr(0, b64.size() - 8))); }, "ValueError",
                          {"bad NDArray data", "truncated"}));
  EXPECT_TRUE(ThrowsError([&] { LoadJSON(Replace(doc, "\"ndarray\": 0", "\"ndarray\": 1")); },
                          "ValueError",
                          {"\"ndarray\" 1 is out of range (the document has 1 arrays"}));
}

TEST(Serialization, ObjectsWithoutReflectionCannotBeSaved) {
  ObjectRef opaque(make_object<TOpaqueNode>());
  EXPECT_TRUE(ThrowsError([&] { SaveJSON(Array<ObjectRef>({opaque})); }, "ValueError",
                          {"cannot serialize an object of type test_ir.Opaque"}));
}

TEST(Serialization, EveryTruncationOfADocumentIsAValueError) {
  // Cut anywhere, a document never loads and never crashes.
  TVar x("x");
  std::string json = SaveJSON(
      Array<ObjectRef>({Let(x, Const(1), Add(x, String("s\"q"))), MakeArray({3}, DataType::Int(16)),
                        Map<String, ObjectRef>({{"k", ShapeTuple({2})}})}));
  for (size_t n = 0; n < json.size(); ++n) {
    ASSERT_TRUE(ThrowsError([&] { LoadJSON(json.substr(0, n)); }, "ValueError")) << n;
  }
}

TEST(Serialization, RandomCorruptionNeverCrashes) {
  // Random byte edits: each document either loads (and then saves and compares) or raises a
  // tvm Error; nothing else may happen.
  TVar x("x"), y("y");
  std::string json = SaveJSON(Array<ObjectRef>(
      {Func({x, y}, Let(x, Const(1), Add(x, y))), Range::FromMinExtent(Const(0), Const(8)),
       MakeArray({2}, DataType::Float(32)), TupleType({PrimType(DataType::Int(8))}),
       Map<String, ObjectRef>({{"k", runtime::Float(0.5)}})}));
  std::mt19937 rng(1234);
  const std::string alphabet = "0123456789\"{}[],: -.enul";
  int loaded = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string doc = json;
    for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0; --edits) {
      size_t pos = rng() % doc.size();
      switch (rng() % 3) {
        case 0:
          doc[pos] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          doc.erase(pos, 1 + rng() % 4);
          break;
        default:
          doc.insert(pos, 1, alphabet[rng() % alphabet.size()]);
      }
    }
    try {
      ObjectRef obj = LoadJSON(doc);
      SaveJSON(obj);
      StructuralHash()(obj);
      StructuralEqual()(obj, obj);
      ++loaded;
    } catch (const runtime::Error&) {
    }
  }
  EXPECT_GT(loaded, 0) << "some edits (inside strings, say) should still load";
}

}  // namespace
}  // namespace ir_test
}  // namespace tvm

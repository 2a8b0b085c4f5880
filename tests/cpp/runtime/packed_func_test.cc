/*!
 * \file packed_func_test.cc
 * \brief PackedFunc argument passing, TVMRetValue ownership and TypedPackedFunc checking.
 */
#include <gtest/gtest.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/packed_func.h>

#include <string>
#include <utility>

#include "test_util.h"

namespace tvm {
namespace runtime {
namespace {

using testing::ThrowsError;

// Returns (type code of argument 0, argument 0 passed back).
PackedFunc Echo() {
  return PackedFunc([](TVMArgs args, TVMRetValue* rv) {
    ASSERT_EQ(args.size(), 1);
    *rv = args[0];
  });
}

// Each C++ argument type arrives with its natural type code and value.
TEST(PackedFunc, PassesEachArgumentKind) {
  String s("obj");
  DataType dt = DataType::Float(32, 4);
  Device dev{kDLCUDA, 3};
  PackedFunc check([&](TVMArgs args, TVMRetValue* rv) {
    ASSERT_EQ(args.size(), 9);
    EXPECT_EQ(args[0].type_code(), kDLInt);
    EXPECT_EQ(args[0].operator int64_t(), -5);
    EXPECT_EQ(args[1].type_code(), kDLFloat);
    EXPECT_DOUBLE_EQ(args[1].operator double(), 2.5);
    EXPECT_EQ(args[2].type_code(), kTVMStr);
    EXPECT_EQ(args[2].operator std::string(), "text");
    EXPECT_EQ(args[3].type_code(), kTVMStr);
    EXPECT_EQ(args[3].operator std::string(), "std");
    EXPECT_EQ(args[4].type_code(), kTVMObjectHandle);
    String got = args[4];
    EXPECT_TRUE(got.same_as(s));
    EXPECT_EQ(args[5].type_code(), kTVMDataType);
    EXPECT_EQ(args[5].operator DataType(), dt);
    EXPECT_EQ(args[6].type_code(), kDLDevice);
    Device d = args[6];
    EXPECT_EQ(d.device_type, kDLCUDA);
    EXPECT_EQ(d.device_id, 3);
    EXPECT_EQ(args[7].type_code(), kTVMNullptr);
    EXPECT_EQ(args[7].operator void*(), nullptr);
    EXPECT_EQ(args[8].type_code(), kDLInt);
    EXPECT_TRUE(args[8].operator bool());
    *rv = 1;
  });
  std::string std_str = "std";
  TVMRetValue rv = check(-5, 2.5, "text", std_str, s, dt, dev, nullptr, true);
  EXPECT_EQ(rv.operator int(), 1);
}

// Converting an argument to the wrong type is a TypeError saying what was expected and given.
TEST(PackedFunc, ArgumentConversionErrors) {
  PackedFunc as_int([](TVMArgs args, TVMRetValue* rv) { *rv = args[0].operator int64_t(); });
  EXPECT_TRUE(ThrowsError([&] { as_int("seven"); }, "TypeError", {"int", "str"}));
  PackedFunc as_str([](TVMArgs args, TVMRetValue* rv) { *rv = args[0].operator std::string(); });
  EXPECT_TRUE(ThrowsError([&] { as_str(3.0); }, "TypeError", {"str", "float"}));
  PackedFunc as_string_obj([](TVMArgs args, TVMRetValue* rv) {
    String s = args[0];
    *rv = s;
  });
  EXPECT_TRUE(ThrowsError([&] { as_string_obj(ShapeTuple({1})); }, "TypeError",
                          {"runtime.String", "runtime.ShapeTuple"}));
  EXPECT_TRUE(ThrowsError([&] { as_string_obj(nullptr); }, "TypeError", {"None"}));
  // An int converts to double; a dtype string converts to DataType.
  PackedFunc as_double([](TVMArgs args, TVMRetValue* rv) { *rv = args[0].operator double(); });
  EXPECT_DOUBLE_EQ(as_double(3).operator double(), 3.0);
  PackedFunc as_dtype([](TVMArgs args, TVMRetValue* rv) { *rv = args[0].operator DataType(); });
  EXPECT_EQ(as_dtype("int8x4").operator DataType(), DataType::Int(8, 4));
  EXPECT_TRUE(ThrowsError([&] { as_dtype("float33"); }, "ValueError", {"float33"}));
}

// A str argument converts to a String object and a String object to std::string.
TEST(PackedFunc, StringArgumentConversions) {
  PackedFunc to_obj([](TVMArgs args, TVMRetValue* rv) {
    String s = args[0];
    *rv = s;
  });
  TVMRetValue rv = to_obj("hello");
  EXPECT_EQ(rv.type_code(), kTVMObjectHandle);
  String s = rv;
  EXPECT_EQ(s, "hello");
  PackedFunc to_std([](TVMArgs args, TVMRetValue* rv) { *rv = args[0].operator std::string(); });
  EXPECT_EQ(to_std(String("world")).operator std::string(), "world");
  TVMByteArray bytes{"a\0b", 3};
  EXPECT_EQ(to_std(bytes).operator std::string(), std::string("a\0b", 3));
}

// A returned string is owned by the return value: copies are independent, moves empty the source.
TEST(TVMRetValue, OwnsStrings) {
  TVMRetValue rv;
  {
    std::string temp = "owned string";
    rv = temp;
    temp.assign("overwritten!");
  }
  EXPECT_EQ(rv.type_code(), kTVMStr);
  EXPECT_EQ(rv.operator std::string(), "owned string");

  TVMRetValue copy = rv;
  EXPECT_EQ(copy.operator std::string(), "owned string");
  EXPECT_NE(&copy.string_value(), &rv.string_value());
  rv = "replaced";
  EXPECT_EQ(copy.operator std::string(), "owned string");

  TVMRetValue moved = std::move(copy);
  EXPECT_EQ(moved.operator std::string(), "owned string");
  EXPECT_EQ(copy.type_code(), kTVMNullptr);  // NOLINT(bugprone-use-after-move)

  TVMRetValue assigned;
  assigned = moved;
  moved = 5;
  EXPECT_EQ(assigned.operator std::string(), "owned string");
  EXPECT_EQ(moved.operator int(), 5);

  // Returned from a PackedFunc, the string outlives the callee's local.
  PackedFunc make([](TVMArgs, TVMRetValue* rv) {
    std::string local(1000, 'z');
    *rv = local;
  });
  TVMRetValue out = make();
  EXPECT_EQ(out.operator std::string(), std::string(1000, 'z'));
}

// A returned object holds one reference: copies add one, moves transfer it, destruction drops it.
TEST(TVMRetValue, HoldsObjectReferences) {
  String s("payload");
  EXPECT_EQ(s.use_count(), 1);
  {
    TVMRetValue rv;
    rv = s;
    EXPECT_EQ(rv.type_code(), kTVMObjectHandle);
    EXPECT_EQ(s.use_count(), 2);
    TVMRetValue copy(rv);
    EXPECT_EQ(s.use_count(), 3);
    TVMRetValue moved(std::move(copy));
    EXPECT_EQ(s.use_count(), 3);
    TVMRetValue move_assigned;
    move_assigned = std::move(moved);
    EXPECT_EQ(s.use_count(), 3);
    String back = move_assigned;
    EXPECT_TRUE(back.same_as(s));
    EXPECT_EQ(s.use_count(), 4);
    rv = nullptr;
    EXPECT_EQ(s.use_count(), 3);
  }
  EXPECT_EQ(s.use_count(), 1);

  // Assigning a copy over a value holding the same object keeps the count balanced.
  TVMRetValue a;
  a = s;
  TVMRetValue b;
  b = s;
  a = b;
  EXPECT_EQ(s.use_count(), 3);
  a = a;  // NOLINT(misc-redundant-expression): self-assignment must be harmless
  EXPECT_EQ(s.use_count(), 3);
}

// A PackedFunc that returns its argument hands back a new reference to the same object.
TEST(TVMRetValue, EchoKeepsObjectAlive) {
  TVMRetValue rv;
  {
    String s("transient");
    rv = Echo()(s);
  }
  String back = rv;
  EXPECT_EQ(back, "transient");
  EXPECT_EQ(back.use_count(), 2);
}

// NDArray and PackedFunc values travel with their own type codes and convert back.
TEST(TVMRetValue, NDArrayAndFunctionValues) {
  NDArray arr = NDArray::Empty({2}, DataType::Float(32), Device{kDLCPU, 0});
  TVMRetValue rv = Echo()(arr);
  EXPECT_EQ(rv.type_code(), kTVMNDArrayHandle);
  NDArray back = rv;
  EXPECT_TRUE(back.same_as(arr));
  EXPECT_EQ(arr.use_count(), 3);
  rv = nullptr;
  EXPECT_EQ(arr.use_count(), 2);

  PackedFunc inner([](TVMArgs, TVMRetValue* rv) { *rv = 11; });
  TVMRetValue f = Echo()(inner);
  EXPECT_EQ(f.type_code(), kTVMPackedFuncHandle);
  PackedFunc g = f;
  EXPECT_EQ(g().operator int(), 11);
}

// A null PackedFunc is an Error when called, not a crash.
TEST(PackedFunc, CallingNullIsValueError) {
  PackedFunc null;
  EXPECT_TRUE(ThrowsError([&] { null(1); }, "ValueError", {"null"}));
}

// TypedPackedFunc converts arguments and the result by its C++ signature.
TEST(TypedPackedFunc, ConvertsBySignature) {
  TypedPackedFunc<double(int64_t, double, std::string)> f(
      [](int64_t a, double b, std::string c) { return a * b + static_cast<double>(c.size()); },
      "test.mix");
  EXPECT_DOUBLE_EQ(f(3, 0.5, "abcd"), 3 * 0.5 + 4);
  // Through the untyped interface, an int is accepted where a double is expected.
  PackedFunc packed = f;
  EXPECT_DOUBLE_EQ(packed(2, 7, "").operator double(), 14.0);
  TypedPackedFunc<String(String, int)> repeat([](String s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s.str();
    return String(out);
  });
  EXPECT_EQ(repeat(String("ab"), 3), "ababab");
  TypedPackedFunc<void(Array<Int>)> sink([](Array<Int> a) { EXPECT_EQ(a.size(), 2u); });
  sink(Array<Int>{Int(1), Int(2)});
}

// Optional parameters accept None; a ShapeTuple parameter accepts a list of ints.
TEST(TypedPackedFunc, OptionalAndShapeParameters) {
  TypedPackedFunc<std::string(Optional<String>)> describe([](Optional<String> s) {
    return s.defined() ? "some " + s.value().str() : std::string("none");
  });
  PackedFunc packed = describe;
  EXPECT_EQ(packed(nullptr).operator std::string(), "none");
  EXPECT_EQ(packed("x").operator std::string(), "some x");
  EXPECT_EQ(packed(String("y")).operator std::string(), "some y");

  TypedPackedFunc<int64_t(ShapeTuple)> numel([](ShapeTuple s) { return s.Product(); }, "numel");
  PackedFunc numel_packed = numel;
  EXPECT_EQ(numel_packed(ShapeTuple({2, 3, 4})).operator int64_t(), 24);
  EXPECT_EQ(numel_packed(Array<Int>{Int(5), Int(6)}).operator int64_t(), 30);
  EXPECT_TRUE(ThrowsError([&] { numel_packed(Array<ObjectRef>{Int(5), String("6")}); },
                          "TypeError", {"numel", "argument 0", "list of int"}));
  EXPECT_TRUE(ThrowsError([&] { numel_packed(3); }, "TypeError",
                          {"argument 0", "runtime.ShapeTuple", "int"}));
}

// A wrong argument count is a TypeError naming the function, expected and given counts.
TEST(TypedPackedFunc, ArgumentCountError) {
  TypedPackedFunc<int(int, int)> add([](int a, int b) { return a + b; }, "test.add");
  PackedFunc packed = add;
  EXPECT_TRUE(ThrowsError([&] { packed(1, 2, 3); }, "TypeError",
                          {"test.add", "expects 2 arguments", "3 were given"}));
  EXPECT_TRUE(ThrowsError([&] { packed(1); }, "TypeError",
                          {"test.add", "expects 2 arguments", "1 was given"}));
  TypedPackedFunc<int(int)> unnamed([](int a) { return a; });
  EXPECT_TRUE(ThrowsError([&] { unnamed.packed()(); }, "TypeError",
                          {"expects 1 argument", "0 were given"}));
}

// A wrong argument type is a TypeError naming the index, expected and actual type.
TEST(TypedPackedFunc, ArgumentTypeError) {
  TypedPackedFunc<int(int, std::string, String)> f(
      [](int a, std::string b, String c) { return a; }, "test.typed");
  PackedFunc packed = f;
  EXPECT_TRUE(ThrowsError([&] { packed(1, 2, String("c")); }, "TypeError",
                          {"test.typed", "argument 1", "expected str", "got int"}));
  EXPECT_TRUE(ThrowsError([&] { packed(1.5, "b", String("c")); }, "TypeError",
                          {"test.typed", "argument 0", "expected int", "got float"}));
  EXPECT_TRUE(ThrowsError([&] { packed(1, "b", ShapeTuple({2})); }, "TypeError",
                          {"argument 2", "runtime.String", "runtime.ShapeTuple"}));
  EXPECT_EQ(packed(4, "b", "c").operator int(), 4);
}

}  // namespace
}  // namespace runtime
}  // namespace tvm

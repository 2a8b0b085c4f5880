/*!
 * \file c_api_test.cc
 * \brief The C ABI: calling packed functions through handles, function lookup, and the
 *  "Kind: message" last-error convention.
 */
#include <gtest/gtest.h>
#include <tvm/runtime/c_runtime_api.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/registry.h>

#include <stdexcept>
#include <string>
#include <thread>

#include "test_util.h"

namespace tvm {
namespace runtime {
namespace {

TVM_REGISTER_GLOBAL("test.capi.scale").set_body_typed([](int64_t x, double f) { return x * f; });
TVM_REGISTER_GLOBAL("test.capi.greet").set_body_typed([](std::string name) {
  return "hello, " + name;
});
TVM_REGISTER_GLOBAL("test.capi.box").set_body_typed([](int64_t v) { return Int(v); });
TVM_REGISTER_GLOBAL("test.capi.fail").set_body([](TVMArgs, TVMRetValue*) {
  TVM_THROW(IndexError) << "index 9 is out of range for size 3";
});
TVM_REGISTER_GLOBAL("test.capi.fail_std").set_body([](TVMArgs, TVMRetValue*) {
  throw std::runtime_error("plain exception");
});

TVMFunctionHandle GetGlobal(const char* name) {
  TVMFunctionHandle h = nullptr;
  EXPECT_EQ(TVMFuncGetGlobal(name, &h), 0);
  EXPECT_NE(h, nullptr) << name;
  return h;
}

// TVMFuncCall on a registered function converts arguments and returns the value.
TEST(CAPI, FuncCallReturnsValues) {
  TVMFunctionHandle scale = GetGlobal("test.capi.scale");
  TVMValue args[2];
  int codes[2];
  args[0].v_int64 = 6;
  codes[0] = kTVMArgInt;
  args[1].v_float64 = 0.25;
  codes[1] = kTVMArgFloat;
  TVMValue ret;
  int ret_code = -1;
  ASSERT_EQ(TVMFuncCall(scale, args, codes, 2, &ret, &ret_code), 0) << TVMGetLastError();
  EXPECT_EQ(ret_code, kTVMArgFloat);
  EXPECT_DOUBLE_EQ(ret.v_float64, 1.5);
  TVMObjectFree(scale);

  TVMFunctionHandle greet = GetGlobal("test.capi.greet");
  args[0].v_str = "world";
  codes[0] = kTVMStr;
  ASSERT_EQ(TVMFuncCall(greet, args, codes, 1, &ret, &ret_code), 0) << TVMGetLastError();
  EXPECT_EQ(ret_code, kTVMStr);
  EXPECT_STREQ(ret.v_str, "hello, world");
  TVMObjectFree(greet);
}

// A returned object carries one reference that the caller releases with TVMObjectFree.
TEST(CAPI, FuncCallReturnsOwnedObject) {
  TVMFunctionHandle box = GetGlobal("test.capi.box");
  TVMValue arg;
  arg.v_int64 = 12;
  int code = kTVMArgInt;
  TVMValue ret;
  int ret_code = -1;
  ASSERT_EQ(TVMFuncCall(box, &arg, &code, 1, &ret, &ret_code), 0) << TVMGetLastError();
  ASSERT_EQ(ret_code, kTVMObjectHandle);
  auto* obj = static_cast<Object*>(ret.v_handle);
  ASSERT_TRUE(obj->IsInstance<IntObj>());
  EXPECT_EQ(static_cast<IntObj*>(obj)->value, 12);
  EXPECT_EQ(obj->use_count(), 1);
  Int held = GetRef<Int>(static_cast<IntObj*>(obj));
  EXPECT_EQ(held.use_count(), 2);
  EXPECT_EQ(TVMObjectFree(obj), 0);
  EXPECT_EQ(held.use_count(), 1);
  TVMObjectFree(box);
}

// A function handle from TVMFuncGetGlobal holds its own reference to the function.
TEST(CAPI, FuncGetGlobalOwnsReference) {
  const std::string name = "test.capi.temporary";
  Registry::Register(name).set_body_typed([]() { return 5; });
  TVMFunctionHandle h = GetGlobal(name.c_str());
  ASSERT_TRUE(Registry::Remove(name));
  TVMValue ret;
  int ret_code = -1;
  ASSERT_EQ(TVMFuncCall(h, nullptr, nullptr, 0, &ret, &ret_code), 0) << TVMGetLastError();
  EXPECT_EQ(ret_code, kTVMArgInt);
  EXPECT_EQ(ret.v_int64, 5);
  TVMObjectFree(h);
}

// Looking up an unknown global succeeds with a null handle.
TEST(CAPI, FuncGetGlobalUnknownIsNull) {
  TVMFunctionHandle h = reinterpret_cast<TVMFunctionHandle>(0x1);
  EXPECT_EQ(TVMFuncGetGlobal("test.capi.no_such_function", &h), 0);
  EXPECT_EQ(h, nullptr);
}

// An Error thrown inside the function returns -1 with "Kind: message" as the last error.
TEST(CAPI, FuncCallErrorSetsLastError) {
  TVMFunctionHandle fail = GetGlobal("test.capi.fail");
  TVMValue ret;
  int ret_code = -1;
  EXPECT_EQ(TVMFuncCall(fail, nullptr, nullptr, 0, &ret, &ret_code), -1);
  EXPECT_STREQ(TVMGetLastError(), "IndexError: index 9 is out of range for size 3");
  Error back = Error::FromFullMessage(TVMGetLastError());
  EXPECT_EQ(back.kind(), "IndexError");
  TVMObjectFree(fail);

  // Argument conversion errors are reported the same way.
  TVMFunctionHandle scale = GetGlobal("test.capi.scale");
  TVMValue args[2];
  int codes[2] = {kTVMStr, kTVMArgFloat};
  args[0].v_str = "six";
  args[1].v_float64 = 1.0;
  EXPECT_EQ(TVMFuncCall(scale, args, codes, 2, &ret, &ret_code), -1);
  std::string err = TVMGetLastError();
  EXPECT_EQ(err.rfind("TypeError: ", 0), 0u) << err;
  EXPECT_NE(err.find("argument 0"), std::string::npos) << err;
  EXPECT_EQ(TVMFuncCall(scale, args, codes, 1, &ret, &ret_code), -1);
  EXPECT_NE(std::string(TVMGetLastError()).find("expects 2 arguments"), std::string::npos);
  TVMObjectFree(scale);

  // A non-TVM exception becomes an InternalError rather than escaping through C.
  TVMFunctionHandle fail_std = GetGlobal("test.capi.fail_std");
  EXPECT_EQ(TVMFuncCall(fail_std, nullptr, nullptr, 0, &ret, &ret_code), -1);
  EXPECT_STREQ(TVMGetLastError(), "InternalError: plain exception");
  TVMObjectFree(fail_std);

  EXPECT_EQ(TVMFuncCall(nullptr, nullptr, nullptr, 0, &ret, &ret_code), -1);
  EXPECT_EQ(std::string(TVMGetLastError()).rfind("ValueError: ", 0), 0u);
}

// The last error is per thread and is whatever was set last.
TEST(CAPI, LastErrorIsThreadLocal) {
  TVMAPISetLastError("ValueError: main thread");
  std::string other;
  std::thread t([&] {
    TVMAPISetLastError("TypeError: other thread");
    other = TVMGetLastError();
  });
  t.join();
  EXPECT_EQ(other, "TypeError: other thread");
  EXPECT_STREQ(TVMGetLastError(), "ValueError: main thread");
  TVMAPISetLastError(nullptr);
  EXPECT_STREQ(TVMGetLastError(), "");
}

// Generated code with no module finds globals; an unknown name is an AttributeError.
TEST(CAPI, BackendGetFuncFromEnv) {
  TVMFunctionHandle h = nullptr;
  ASSERT_EQ(TVMBackendGetFuncFromEnv(nullptr, "test.capi.scale", &h), 0);
  ASSERT_NE(h, nullptr);
  TVMValue args[2];
  int codes[2] = {kTVMArgInt, kTVMArgFloat};
  args[0].v_int64 = 4;
  args[1].v_float64 = 2.5;
  TVMValue ret;
  int ret_code = -1;
  ASSERT_EQ(TVMFuncCall(h, args, codes, 2, &ret, &ret_code), 0);
  EXPECT_DOUBLE_EQ(ret.v_float64, 10.0);
  EXPECT_EQ(TVMBackendGetFuncFromEnv(nullptr, "test.capi.nowhere", &h), -1);
  std::string err = TVMGetLastError();
  EXPECT_EQ(err.rfind("AttributeError: ", 0), 0u) << err;
  EXPECT_NE(err.find("test.capi.nowhere"), std::string::npos) << err;
}

}  // namespace
}  // namespace runtime
}  // namespace tvm

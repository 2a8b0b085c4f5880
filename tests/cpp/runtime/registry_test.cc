/*!
 * \file registry_test.cc
 * \brief The global function registry.
 */
#include <gtest/gtest.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_util.h"

namespace tvm {
namespace runtime {
namespace {

using testing::ThrowsError;

TVM_REGISTER_GLOBAL("test.registry.static_add").set_body_typed([](int a, int b) {
  return a + b;
});

bool Listed(const std::string& name) {
  std::vector<std::string> names = Registry::ListNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A function registered at load time is callable by name and typed by its signature.
TEST(Registry, StaticRegistrationIsCallable) {
  const PackedFunc* f = Registry::Get("test.registry.static_add");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)(20, 22).operator int(), 42);
  EXPECT_TRUE(ThrowsError([&] { (*f)(1); }, "TypeError",
                          {"test.registry.static_add", "expects 2 arguments"}));
}

// Register, look up, list and remove a function at run time.
TEST(Registry, RegisterGetListRemove) {
  const std::string name = "test.registry.dynamic";
  ASSERT_EQ(Registry::Get(name), nullptr);
  Registry::Register(name).set_body([](TVMArgs args, TVMRetValue* rv) {
    *rv = args[0].operator int64_t() * 3;
  });
  const PackedFunc* f = Registry::Get(name);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)(5).operator int64_t(), 15);
  EXPECT_EQ(Registry::GetOrThrow(name)(7).operator int64_t(), 21);
  EXPECT_TRUE(Listed(name));

  EXPECT_TRUE(Registry::Remove(name));
  EXPECT_EQ(Registry::Get(name), nullptr);
  EXPECT_FALSE(Listed(name));
  EXPECT_FALSE(Registry::Remove(name));
}

// ListNames is sorted and contains the runtime's own globals.
TEST(Registry, ListNamesSortedAndComplete) {
  std::vector<std::string> names = Registry::ListNames();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_TRUE(Listed("runtime.ObjectGetAttr"));
  EXPECT_TRUE(Listed("device_api.cpu"));
  EXPECT_TRUE(Listed("test.registry.static_add"));
}

// Registering a name twice is a ValueError; the first function stays in place.
TEST(Registry, DuplicateRegistrationIsValueError) {
  const std::string name = "test.registry.duplicate";
  Registry::Register(name).set_body_typed([]() { return 1; });
  EXPECT_TRUE(ThrowsError([&] { Registry::Register(name); }, "ValueError", {name, "already"}));
  EXPECT_EQ(Registry::GetOrThrow(name)().operator int(), 1);
  EXPECT_TRUE(Registry::Remove(name));
}

// Registering with can_override replaces the function.
TEST(Registry, OverrideReplacesFunction) {
  const std::string name = "test.registry.override";
  Registry::Register(name).set_body_typed([]() { return 1; });
  Registry::Register(name, /*can_override=*/true).set_body_typed([]() { return 2; });
  EXPECT_EQ(Registry::GetOrThrow(name)().operator int(), 2);
  // A PackedFunc fetched before the override keeps working with the old body.
  PackedFunc before = Registry::GetOrThrow(name);
  Registry::Register(name, true).set_body_typed([]() { return 3; });
  EXPECT_EQ(before().operator int(), 2);
  EXPECT_EQ(Registry::GetOrThrow(name)().operator int(), 3);
  EXPECT_TRUE(Registry::Remove(name));
}

// A name registered without a body is not returned as a callable function.
TEST(Registry, RegisteredWithoutBodyIsAbsent) {
  const std::string name = "test.registry.no_body";
  Registry::Register(name);
  EXPECT_EQ(Registry::Get(name), nullptr);
  EXPECT_TRUE(Registry::Remove(name));
}

// GetOrThrow of an unknown name is a ValueError quoting the name.
TEST(Registry, GetOrThrowNamesMissingFunction) {
  EXPECT_TRUE(ThrowsError([] { Registry::GetOrThrow("test.registry.nope"); }, "ValueError",
                          {"'test.registry.nope'", "no global function"}));
}

}  // namespace
}  // namespace runtime
}  // namespace tvm

/*!
 * \file container_test.cc
 * \brief String, Array, Map, Optional and ShapeTuple, in particular copy-on-write.
 */
#include <gtest/gtest.h>
#include <tvm/runtime/container.h>

#include <string>
#include <vector>

#include "test_util.h"

namespace tvm {
namespace runtime {
namespace {

// Strings compare by content, whatever object holds them.
TEST(String, EqualityByContent) {
  String a("tensor");
  String b(std::string("tensor"));
  EXPECT_FALSE(a.same_as(b));
  EXPECT_EQ(a, b);
  EXPECT_TRUE(a == "tensor");
  EXPECT_TRUE(a == std::string("tensor"));
  EXPECT_NE(a, String("tensor2"));
  EXPECT_LT(String("abc"), String("abd"));
  EXPECT_EQ(a.size(), 6u);
  EXPECT_TRUE(String().empty());
  std::string s = a;
  EXPECT_EQ(s, "tensor");
}

// Two distinct String objects with the same text are the same Map key.
TEST(Map, StringKeysHashByContent) {
  Map<String, Int> m;
  m.Set(String("x"), Int(1));
  m.Set(String(std::string("x")), Int(2));
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(m.at(String("x")).value(), 2);
  EXPECT_EQ(m.count(String("x")), 1u);
  EXPECT_EQ(MapKeyHash()(String("key")), MapKeyHash()(String("key")));
  EXPECT_TRUE(MapKeyEqual()(String("key"), String("key")));
  EXPECT_FALSE(MapKeyEqual()(String("key"), String("other")));
}

// Boxed numbers are keys by value, as in a Python dict.
TEST(Map, BoxedNumberKeysCompareByValue) {
  Map<ObjectRef, String> m;
  m.Set(Int(1), String("a"));
  m.Set(Int(1), String("b"));
  m.Set(Float(2.5), String("c"));
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m[Int(1)], "b");
  EXPECT_EQ(m[Float(2.5)], "c");
  // An int and a float, or a number and a string, are different keys.
  EXPECT_EQ(m.count(Float(1.0)), 0u);
  EXPECT_EQ(m.count(String("1")), 0u);
}

// Other objects are keys by identity: equal contents in two objects are two keys.
TEST(Map, OtherKeysCompareByIdentity) {
  Map<ShapeTuple, String> m;
  ShapeTuple a{1, 2}, b{1, 2};
  m.Set(a, String("a"));
  m.Set(b, String("b"));
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m[a], "a");
  EXPECT_EQ(m[b], "b");
  EXPECT_EQ(m.count(ShapeTuple({1, 2})), 0u);
}

// Set, Get, erase and iteration behave like a dictionary; Get of a missing key is empty.
TEST(Map, SetGetEraseIterate) {
  Map<String, Int> m{{String("a"), Int(1)}, {String("b"), Int(2)}};
  EXPECT_EQ(m.size(), 2u);
  Optional<Int> a = m.Get("a");
  ASSERT_TRUE(a.defined());
  EXPECT_EQ(a.value().value(), 1);
  Optional<Int> missing = m.Get("zzz");
  EXPECT_FALSE(missing.defined());
  EXPECT_FALSE(static_cast<bool>(missing));
  EXPECT_EQ(missing.value_or(Int(-1)).value(), -1);

  int64_t sum = 0;
  std::vector<std::string> keys;
  for (const auto& kv : m) {
    keys.push_back(kv.first);
    sum += kv.second.value();
  }
  EXPECT_EQ(sum, 3);
  EXPECT_EQ(keys.size(), 2u);

  m.erase("a");
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(m.count("a"), 0u);
  m.erase("not-there");
  EXPECT_EQ(m.size(), 1u);
  // at() of a missing key is an Error, not undefined behaviour.
  EXPECT_THROW(m.at("a"), Error);
}

// Mutating a copy of a Map leaves the original unchanged; an unshared Map mutates in place.
TEST(Map, CopyOnWrite) {
  Map<String, Int> original{{String("a"), Int(1)}};
  Map<String, Int> copy = original;
  EXPECT_TRUE(copy.same_as(original));
  copy.Set("b", Int(2));
  copy.Set("a", Int(10));
  EXPECT_FALSE(copy.same_as(original));
  EXPECT_EQ(original.size(), 1u);
  EXPECT_EQ(original["a"].value(), 1);
  EXPECT_EQ(copy.size(), 2u);
  EXPECT_EQ(copy["a"].value(), 10);

  Map<String, Int> erased = original;
  erased.erase("a");
  EXPECT_EQ(original.size(), 1u);
  EXPECT_EQ(erased.size(), 0u);

  const MapNode* node = copy.operator->();
  copy.Set("c", Int(3));
  EXPECT_EQ(copy.operator->(), node);
}

// push_back, indexing and range-for iteration see the elements in order.
TEST(Array, PushBackAndIterate) {
  Array<Int> a;
  EXPECT_TRUE(a.empty());
  for (int64_t i = 1; i <= 5; ++i) a.push_back(Int(i * i));
  ASSERT_EQ(a.size(), 5u);
  EXPECT_EQ(a[0].value(), 1);
  EXPECT_EQ(a[4].value(), 25);
  EXPECT_EQ(a.back().value(), 25);
  int64_t sum = 0;
  for (Int v : a) sum += v.value();
  EXPECT_EQ(sum, 1 + 4 + 9 + 16 + 25);
  EXPECT_EQ(a.end() - a.begin(), 5);
  a.pop_back();
  EXPECT_EQ(a.size(), 4u);
  a.clear();
  EXPECT_TRUE(a.empty());
}

// Mutating a copy of an Array (push_back, Set, pop_back) never changes the original.
TEST(Array, CopyOnWrite) {
  Array<Int> original{Int(1), Int(2), Int(3)};
  Array<Int> copy = original;
  EXPECT_TRUE(copy.same_as(original));
  copy.push_back(Int(4));
  EXPECT_FALSE(copy.same_as(original));
  EXPECT_EQ(original.size(), 3u);
  EXPECT_EQ(copy.size(), 4u);

  Array<Int> set_copy = original;
  set_copy.Set(0, Int(100));
  EXPECT_EQ(original[0].value(), 1);
  EXPECT_EQ(set_copy[0].value(), 100);

  Array<Int> pop_copy = original;
  pop_copy.pop_back();
  EXPECT_EQ(original.size(), 3u);
  EXPECT_EQ(pop_copy.size(), 2u);

  // Elements are shared, not copied.
  EXPECT_TRUE(set_copy[1].same_as(original[1]));

  // A handle that holds the only reference mutates in place.
  const ArrayNode* node = copy.operator->();
  copy.push_back(Int(5));
  EXPECT_EQ(copy.operator->(), node);
}

// Out-of-range indexing is an Error.
TEST(Array, IndexOutOfRangeThrows) {
  Array<Int> a{Int(1)};
  EXPECT_THROW(a[1], Error);
  EXPECT_THROW(a.Set(3, Int(0)), Error);
}

// An Array of a subtype converts to an Array of its base type sharing the same node.
TEST(Array, UpcastSharesNode) {
  Array<String> strings{String("a"), String("b")};
  Array<ObjectRef> objects = strings;
  EXPECT_TRUE(objects.same_as(strings));
  EXPECT_EQ(objects.size(), 2u);
  EXPECT_EQ(Downcast<String>(objects[1]), "b");
}

// ShapeTuple holds int64 dimensions; the product of an empty shape is 1.
TEST(ShapeTuple, DimensionsAndProduct) {
  ShapeTuple s{2, 3, 4};
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s[1], 3);
  EXPECT_EQ(s.Product(), 24);
  std::vector<int64_t> v = s;
  EXPECT_EQ(v, (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(ShapeTuple().size(), 0u);
  EXPECT_EQ(ShapeTuple().Product(), 1);
  EXPECT_EQ(ShapeTuple({5, 0}).Product(), 0);
  int64_t sum = 0;
  for (int64_t d : s) sum += d;
  EXPECT_EQ(sum, 9);
}

// Optional wraps a value or nothing; a present value converts back to its type.
TEST(Optional, ValueOrNothing) {
  Optional<String> none;
  EXPECT_FALSE(none.defined());
  EXPECT_THROW(none.value(), Error);
  Optional<String> some = String("v");
  EXPECT_TRUE(some.defined());
  EXPECT_EQ(some.value(), "v");
  Optional<String> from_null = nullptr;
  EXPECT_FALSE(from_null.defined());
}

}  // namespace
}  // namespace runtime
}  // namespace tvm

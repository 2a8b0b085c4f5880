/*!
 * \file object_test.cc
 * \brief The object system: creation, reference counting, the type hierarchy and Downcast.
 */
#include <gtest/gtest.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/object.h>

#include <utility>

#include "test_util.h"

namespace tvm {
namespace runtime {
namespace {

using testing::ThrowsError;

// A small hierarchy: one non-final base and two final leaves.
class ShapeObj : public Object {
 public:
  int sides{0};
  static constexpr const char* _type_key = "test.Shape";
  TVM_DECLARE_BASE_OBJECT_INFO(ShapeObj, Object);
};

class TriangleObj final : public ShapeObj {
 public:
  TriangleObj() { sides = 3; }
  static constexpr const char* _type_key = "test.Triangle";
  TVM_DECLARE_FINAL_OBJECT_INFO(TriangleObj, ShapeObj);
};

class SquareObj final : public ShapeObj {
 public:
  SquareObj() { sides = 4; }
  static constexpr const char* _type_key = "test.Square";
  TVM_DECLARE_FINAL_OBJECT_INFO(SquareObj, ShapeObj);
};

class Shape : public ObjectRef {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(Shape, ObjectRef, ShapeObj);
};
class Triangle : public Shape {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(Triangle, Shape, TriangleObj);
};
class Square : public Shape {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(Square, Shape, SquareObj);
};

// A final type whose key is registered at load time, for lookups by key before first use.
class RegisteredAtLoadObj final : public Object {
 public:
  static constexpr const char* _type_key = "test.RegisteredAtLoad";
  TVM_DECLARE_FINAL_OBJECT_INFO(RegisteredAtLoadObj, Object);
};
TVM_REGISTER_OBJECT_TYPE(RegisteredAtLoadObj);

// Counts its destructions.
class CountedObj final : public Object {
 public:
  static inline int destroyed = 0;
  ~CountedObj() override { ++destroyed; }
  static constexpr const char* _type_key = "test.Counted";
  TVM_DECLARE_FINAL_OBJECT_INFO(CountedObj, Object);
};

// make_object constructs the object, stamps its runtime type and holds the only reference.
TEST(Object, MakeObjectSetsTypeAndOwnsOneReference) {
  ObjectPtr<TriangleObj> p = make_object<TriangleObj>();
  ASSERT_TRUE(p);
  EXPECT_EQ(p->sides, 3);
  EXPECT_EQ(p.use_count(), 1);
  EXPECT_EQ(p->type_index(), TriangleObj::RuntimeTypeIndex());
  EXPECT_EQ(p->GetTypeKey(), "test.Triangle");
}

// Copies add a reference, moves transfer it, and resetting the last handle leaves none.
TEST(Object, ReferenceCountFollowsCopiesAndMoves) {
  Triangle a(make_object<TriangleObj>());
  EXPECT_EQ(a.use_count(), 1);
  {
    Triangle b = a;
    EXPECT_EQ(a.use_count(), 2);
    EXPECT_TRUE(b.same_as(a));
    ObjectRef c = b;
    EXPECT_EQ(a.use_count(), 3);
    ObjectRef d = std::move(c);
    EXPECT_EQ(a.use_count(), 3);
    EXPECT_FALSE(c.defined());  // NOLINT(bugprone-use-after-move): moved-from is null
    EXPECT_TRUE(d.same_as(a));
  }
  EXPECT_EQ(a.use_count(), 1);
  Triangle moved = std::move(a);
  EXPECT_EQ(moved.use_count(), 1);
  EXPECT_FALSE(a.defined());  // NOLINT(bugprone-use-after-move)
}

// The object is destroyed exactly when the last reference goes away.
TEST(Object, DestroyedWithLastReference) {
  CountedObj::destroyed = 0;
  {
    ObjectRef a(make_object<CountedObj>());
    ObjectRef b = a;
    a = ObjectRef();
    EXPECT_EQ(CountedObj::destroyed, 0);
  }
  EXPECT_EQ(CountedObj::destroyed, 1);
}

// IsInstance accepts the exact type and every ancestor, and rejects siblings.
TEST(Object, IsInstanceFollowsTheHierarchy) {
  ObjectRef tri(make_object<TriangleObj>());
  ObjectRef sq(make_object<SquareObj>());
  ObjectRef base(make_object<ShapeObj>());

  EXPECT_TRUE(tri->IsInstance<TriangleObj>());
  EXPECT_TRUE(tri->IsInstance<ShapeObj>());
  EXPECT_TRUE(tri->IsInstance<Object>());
  EXPECT_FALSE(tri->IsInstance<SquareObj>());

  EXPECT_TRUE(sq->IsInstance<SquareObj>());
  EXPECT_TRUE(sq->IsInstance<ShapeObj>());
  EXPECT_FALSE(sq->IsInstance<TriangleObj>());

  EXPECT_TRUE(base->IsInstance<ShapeObj>());
  EXPECT_FALSE(base->IsInstance<TriangleObj>());
  EXPECT_FALSE(base->IsInstance<SquareObj>());

  EXPECT_NE(tri.as<ShapeObj>(), nullptr);
  EXPECT_EQ(tri.as<SquareObj>(), nullptr);
  EXPECT_EQ(ObjectRef().as<ShapeObj>(), nullptr);
}

// Downcast to the dynamic type or an ancestor keeps the same object.
TEST(Object, DowncastSucceedsAlongTheHierarchy) {
  ObjectRef any(make_object<SquareObj>());
  Shape shape = Downcast<Shape>(any);
  EXPECT_TRUE(shape.same_as(any));
  EXPECT_EQ(shape->sides, 4);
  Square square = Downcast<Square>(shape);
  EXPECT_TRUE(square.same_as(any));
  // A null reference converts to a nullable reference type.
  Shape null_shape = Downcast<Shape>(ObjectRef());
  EXPECT_FALSE(null_shape.defined());
}

// Downcast to a sibling type is a TypeError naming the wanted and the actual type.
TEST(Object, DowncastToWrongTypeIsTypeError) {
  ObjectRef any(make_object<SquareObj>());
  EXPECT_TRUE(ThrowsError([&] { Downcast<Triangle>(any); }, "TypeError",
                          {"test.Triangle", "test.Square"}));
  ObjectRef base(make_object<ShapeObj>());
  EXPECT_TRUE(ThrowsError([&] { Downcast<Square>(base); }, "TypeError",
                          {"test.Square", "test.Shape"}));
  // A null reference does not convert to a type that is never null.
  EXPECT_TRUE(ThrowsError([] { Downcast<String>(ObjectRef()); }, "TypeError",
                          {"runtime.String", "None"}));
}

// Type keys and indices convert both ways, and the parent link is recorded.
TEST(Object, TypeKeyIndexRoundTrip) {
  uint32_t tri = TriangleObj::RuntimeTypeIndex();
  uint32_t sq = SquareObj::RuntimeTypeIndex();
  uint32_t base = ShapeObj::RuntimeTypeIndex();
  EXPECT_NE(tri, sq);
  EXPECT_NE(tri, base);
  EXPECT_EQ(Object::TypeIndex2Key(tri), "test.Triangle");
  EXPECT_EQ(Object::TypeKey2Index("test.Triangle"), tri);
  EXPECT_EQ(Object::TypeKey2Index("test.Shape"), base);
  EXPECT_EQ(Object::ParentTypeIndex(tri), base);
  EXPECT_EQ(Object::ParentTypeIndex(base), Object::RuntimeTypeIndex());
  EXPECT_TRUE(Object::DerivedFrom(sq, base));
  EXPECT_FALSE(Object::DerivedFrom(sq, tri));
  EXPECT_EQ(Object::TypeKey2Index("runtime.Object"), 0u);
  // A key registered with TVM_REGISTER_OBJECT_TYPE is known before any object is made.
  EXPECT_TRUE(Object::TypeKeyExists("test.RegisteredAtLoad"));
  EXPECT_EQ(Object::TypeKey2Index("test.RegisteredAtLoad"), RegisteredAtLoadObj::RuntimeTypeIndex());
  // Asking again for an existing key returns the same index instead of a new one.
  EXPECT_EQ(Object::GetOrAllocRuntimeTypeIndex("test.Triangle", base, true), tri);
}

// Looking up a key nobody registered is a ValueError naming the key.
TEST(Object, UnknownTypeKeyIsValueError) {
  EXPECT_FALSE(Object::TypeKeyExists("test.NoSuchType"));
  EXPECT_TRUE(ThrowsError([] { Object::TypeKey2Index("test.NoSuchType"); }, "ValueError",
                          {"test.NoSuchType"}));
}

// An index that was never allocated raises an Error instead of reading out of bounds.
TEST(Object, UnknownTypeIndexThrows) {
  EXPECT_THROW(Object::TypeIndex2Key(1u << 30), Error);
}

// Error::FromFullMessage splits "Kind: message" and keeps text without a kind as TVMError.
TEST(Object, ErrorFullMessageRoundTrip) {
  Error e("ValueError", "bad value: 3");
  EXPECT_EQ(e.FullMessage(), "ValueError: bad value: 3");
  Error back = Error::FromFullMessage(e.FullMessage());
  EXPECT_EQ(back.kind(), "ValueError");
  EXPECT_STREQ(back.what(), "bad value: 3");
  Error plain = Error::FromFullMessage("something broke, see: log");
  EXPECT_EQ(plain.kind(), "TVMError");
  EXPECT_STREQ(plain.what(), "something broke, see: log");
}

// TVM_THROW builds an Error of the named kind; ICHECK failures are InternalErrors.
TEST(Object, ThrowMacrosProduceTypedErrors) {
  EXPECT_TRUE(ThrowsError([] { TVM_THROW(KeyError) << "no key " << 42; }, "KeyError",
                          {"no key 42"}));
  EXPECT_TRUE(ThrowsError(
      [] {
        int a = 1, b = 2;
        ICHECK_EQ(a, b) << "context";
      },
      "InternalError", {"a == b", "1 vs. 2", "context"}));
}

}  // namespace
}  // namespace runtime
}  // namespace tvm

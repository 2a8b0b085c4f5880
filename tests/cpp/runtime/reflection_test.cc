/*!
 * \file reflection_test.cc
 * \brief Field reflection through VisitAttrs and the generic globals built on it
 *  (runtime.ObjectGetAttr, runtime.ObjectListAttrNames, runtime.MakeNode).
 */
#include <gtest/gtest.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/reflection.h>
#include <tvm/runtime/registry.h>

#include <string>
#include <vector>

#include "test_util.h"

namespace tvm {
namespace runtime {
namespace {

using testing::ThrowsError;

// One field of each kind the visitor distinguishes.
class ReflectedObj final : public Object {
 public:
  int64_t count{0};
  double scale{0};
  bool flag{false};
  std::string name;
  DataType dtype;
  String label;

  void VisitAttrs(AttrVisitor* v) {
    v->Visit("count", &count);
    v->Visit("scale", &scale);
    v->Visit("flag", &flag);
    v->Visit("name", &name);
    v->Visit("dtype", &dtype);
    v->Visit("label", &label);
  }
  static constexpr const char* _type_key = "test.Reflected";
  TVM_DECLARE_FINAL_OBJECT_INFO(ReflectedObj, Object);
};
TVM_REGISTER_NODE_TYPE(ReflectedObj);

// A node type without fields or a default constructor.
class NoDefaultObj final : public Object {
 public:
  explicit NoDefaultObj(int v) : v(v) {}
  int v;
  static constexpr const char* _type_key = "test.NoDefault";
  TVM_DECLARE_FINAL_OBJECT_INFO(NoDefaultObj, Object);
};
TVM_REGISTER_NODE_TYPE(NoDefaultObj);

ObjectRef MakeReflected() {
  auto n = make_object<ReflectedObj>();
  n->count = 7;
  n->scale = 0.25;
  n->flag = true;
  n->name = "conv";
  n->dtype = DataType::Float(16, 4);
  n->label = String("stage1");
  return ObjectRef(n);
}

PackedFunc Global(const std::string& name) {
  const PackedFunc* f = Registry::Get(name);
  EXPECT_NE(f, nullptr) << name << " is not registered";
  return f ? *f : PackedFunc();
}

// Each registered field is readable by name with its value and its natural type.
TEST(Reflection, GetAttrReadsEveryFieldKind) {
  PackedFunc get_attr = Global("runtime.ObjectGetAttr");
  ObjectRef node = MakeReflected();
  EXPECT_EQ(get_attr(node, "count").operator int64_t(), 7);
  EXPECT_DOUBLE_EQ(get_attr(node, "scale").operator double(), 0.25);
  EXPECT_TRUE(get_attr(node, "flag").operator bool());
  EXPECT_EQ(get_attr(node, "name").operator std::string(), "conv");
  EXPECT_EQ(get_attr(node, "dtype").operator DataType(), DataType::Float(16, 4));
  String label = get_attr(node, "label");
  EXPECT_EQ(label, "stage1");
}

// Field names are listed in VisitAttrs order.
TEST(Reflection, ListAttrNamesInDeclarationOrder) {
  Array<String> names = Global("runtime.ObjectListAttrNames")(MakeReflected());
  std::vector<std::string> got;
  for (String s : names) got.push_back(s);
  std::vector<std::string> expected{"count", "scale", "flag", "name", "dtype", "label"};
  EXPECT_EQ(got, expected);
  // A type without VisitAttrs has no fields.
  ObjectRef plain(make_object<NoDefaultObj>(1));
  Array<String> none = Global("runtime.ObjectListAttrNames")(plain);
  EXPECT_EQ(none.size(), 0u);
}

// Reading a field that does not exist is an AttributeError naming the type and the field.
TEST(Reflection, MissingAttributeIsAttributeError) {
  PackedFunc get_attr = Global("runtime.ObjectGetAttr");
  EXPECT_TRUE(ThrowsError([&] { get_attr(MakeReflected(), "no_such_field"); }, "AttributeError",
                          {"test.Reflected", "no_such_field"}));
  EXPECT_TRUE(ThrowsError([&] { get_attr(ObjectRef(), "count"); }, "AttributeError",
                          {"None", "count"}));
}

// MakeNode builds a node by type key and sets the named fields; others keep their defaults.
TEST(Reflection, MakeNodeSetsNamedFields) {
  PackedFunc make_node = Global("runtime.MakeNode");
  ObjectRef node = make_node("test.Reflected", "count", 42, "scale", 1.5, "name", "relu", "dtype",
                             "int8x4", "label", String("tail"));
  const auto* n = node.as<ReflectedObj>();
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->count, 42);
  EXPECT_DOUBLE_EQ(n->scale, 1.5);
  EXPECT_FALSE(n->flag);
  EXPECT_EQ(n->name, "relu");
  EXPECT_EQ(n->dtype, DataType::Int(8, 4));
  EXPECT_EQ(n->label, "tail");
}

// MakeNode rejects unknown field names, wrong value types and odd argument lists.
TEST(Reflection, MakeNodeErrors) {
  PackedFunc make_node = Global("runtime.MakeNode");
  EXPECT_TRUE(ThrowsError([&] { make_node("test.Reflected", "bogus", 1); }, "AttributeError",
                          {"test.Reflected", "count"}));
  EXPECT_TRUE(ThrowsError([&] { make_node("test.Reflected", "count", "seven"); }, "TypeError",
                          {"test.Reflected.count", "int", "str"}));
  EXPECT_TRUE(ThrowsError([&] { make_node("test.Reflected", "count"); }, "TypeError"));
  EXPECT_TRUE(ThrowsError([&] { make_node("test.NoSuchNode"); }, "ValueError",
                          {"test.NoSuchNode"}));
  EXPECT_TRUE(ThrowsError([&] { make_node("test.NoDefault"); }, "ValueError",
                          {"test.NoDefault"}));
}

// The default printer shows the type key and every field.
TEST(Reflection, ReprShowsFields) {
  std::string repr = ObjectRepr(MakeReflected());
  EXPECT_EQ(repr,
            "test.Reflected(count=7, scale=0.25, flag=True, name=\"conv\", dtype=float16x4, "
            "label=\"stage1\")");
  Array<ObjectRef> arr{Int(1), String("a")};
  EXPECT_EQ(ObjectRepr(arr), "[1, \"a\"]");
  EXPECT_EQ(ObjectRepr(ShapeTuple({3})), "(3,)");
  EXPECT_EQ(ObjectRepr(ObjectRef()), "None");
}

}  // namespace
}  // namespace runtime
}  // namespace tvm

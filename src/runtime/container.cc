/*!
 * \file container.cc
 * \brief The container API Python uses to build and read Array, Map and ShapeTuple.
 */
#include <tvm/runtime/container.h>
#include <tvm/runtime/reflection.h>
#include <tvm/runtime/registry.h>

namespace tvm {
namespace runtime {

TVM_REGISTER_OBJECT_TYPE(StringObj);
TVM_REGISTER_OBJECT_TYPE(ArrayNode);
TVM_REGISTER_OBJECT_TYPE(MapNode);
TVM_REGISTER_OBJECT_TYPE(ShapeTupleObj);
TVM_REGISTER_OBJECT_TYPE(IntObj);
TVM_REGISTER_OBJECT_TYPE(FloatObj);

namespace {
[[noreturn]] void IndexOutOfRange(const char* what, int64_t index, size_t size) {
  TVM_THROW(IndexError) << what << " index " << index << " is out of range for size " << size;
}

/*! \brief A lookup key: str, int and float arguments box to the objects a converted dict holds. */
ObjectRef MapKeyOf(const TVMArgValue& arg) {
  switch (arg.type_code()) {
    case kTVMStr:
      return String(arg.operator std::string());
    case kDLInt:
      return Int(arg.operator int64_t());
    case kDLFloat:
      return Float(arg.operator double());
    default:
      return arg.operator ObjectRef();
  }
}
}  // namespace

TVM_REGISTER_GLOBAL("runtime.Array").set_body([](TVMArgs args, TVMRetValue* rv) {
  Array<ObjectRef> arr;
  for (int i = 0; i < args.size(); ++i) arr.push_back(args[i].operator ObjectRef());
  *rv = arr;
});

TVM_REGISTER_GLOBAL("runtime.ArrayGetItem").set_body_typed([](Array<ObjectRef> arr, int64_t i) {
  if (i < 0 || i >= static_cast<int64_t>(arr.size())) IndexOutOfRange("Array", i, arr.size());
  return arr[i];
});

TVM_REGISTER_GLOBAL("runtime.ArraySize").set_body_typed([](Array<ObjectRef> arr) {
  return static_cast<int64_t>(arr.size());
});

/*! \brief runtime.Map(k0, v0, k1, v1, ...). */
TVM_REGISTER_GLOBAL("runtime.Map").set_body([](TVMArgs args, TVMRetValue* rv) {
  if (args.size() % 2 != 0) TVM_THROW(TypeError) << "runtime.Map expects key/value pairs";
  Map<ObjectRef, ObjectRef> m;
  for (int i = 0; i < args.size(); i += 2) {
    m.Set(args[i].operator ObjectRef(), args[i + 1].operator ObjectRef());
  }
  *rv = m;
});

TVM_REGISTER_GLOBAL("runtime.MapSize").set_body_typed([](Map<ObjectRef, ObjectRef> m) {
  return static_cast<int64_t>(m.size());
});

TVM_REGISTER_GLOBAL("runtime.MapGetItem").set_body([](TVMArgs args, TVMRetValue* rv) {
  Map<ObjectRef, ObjectRef> m = args[0];
  ObjectRef key = MapKeyOf(args[1]);
  auto it = m->data.find(key);
  if (it == m->data.end()) TVM_THROW(KeyError) << "key " << ObjectRepr(key) << " not found in Map";
  *rv = it->second;
});

TVM_REGISTER_GLOBAL("runtime.MapCount").set_body([](TVMArgs args, TVMRetValue* rv) {
  Map<ObjectRef, ObjectRef> m = args[0];
  *rv = static_cast<int64_t>(m->data.count(MapKeyOf(args[1])));
});

/*! \brief [k0, v0, k1, v1, ...] in the map's iteration order. */
TVM_REGISTER_GLOBAL("runtime.MapItems").set_body_typed([](Map<ObjectRef, ObjectRef> m) {
  Array<ObjectRef> items;
  for (const auto& kv : m->data) {
    items.push_back(kv.first);
    items.push_back(kv.second);
  }
  return items;
});

TVM_REGISTER_GLOBAL("runtime.ShapeTuple").set_body([](TVMArgs args, TVMRetValue* rv) {
  std::vector<int64_t> dims;
  for (int i = 0; i < args.size(); ++i) dims.push_back(args[i].operator int64_t());
  *rv = ShapeTuple(std::move(dims));
});

TVM_REGISTER_GLOBAL("runtime.ShapeTupleValues").set_body_typed([](ShapeTuple t) {
  Array<ObjectRef> out;
  for (int64_t d : t) out.push_back(Int(d));
  return out;
});

TVM_REGISTER_GLOBAL("runtime.String").set_body_typed([](std::string s) { return String(s); });

}  // namespace runtime
}  // namespace tvm

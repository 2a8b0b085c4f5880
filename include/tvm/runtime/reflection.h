/*!
 * \file tvm/runtime/reflection.h
 * \brief Field reflection. A node class lists its fields once, in `VisitAttrs`, and gets
 *  printing, Python attribute access, structural equality/hashing and JSON serialization from
 *  visitors that walk those fields; nobody writes per-node glue.
 *
 *   class MyNode : public Object {
 *    public:
 *     int64_t value; String name;
 *     void VisitAttrs(AttrVisitor* v) { v->Visit("value", &value); v->Visit("name", &name); }
 *     ...
 *   };
 *   TVM_REGISTER_NODE_TYPE(MyNode);
 */
#ifndef TVM_RUNTIME_REFLECTION_H_
#define TVM_RUNTIME_REFLECTION_H_

#include <tvm/runtime/container.h>
#include <tvm/runtime/data_type.h>
#include <tvm/runtime/object.h>

#include <string>
#include <type_traits>
#include <vector>

namespace tvm {
namespace runtime {

class NDArray;

/*! \brief Receives each field of a node, by name and address. */
class AttrVisitor {
 public:
  virtual ~AttrVisitor() = default;
  virtual void Visit(const char* key, double* value) = 0;
  virtual void Visit(const char* key, int64_t* value) = 0;
  virtual void Visit(const char* key, uint64_t* value) = 0;
  virtual void Visit(const char* key, int* value) = 0;
  virtual void Visit(const char* key, bool* value) = 0;
  virtual void Visit(const char* key, std::string* value) = 0;
  virtual void Visit(const char* key, DataType* value) = 0;
  virtual void Visit(const char* key, ObjectRef* value) = 0;
  /*! \brief Fields of any reference type are visited as ObjectRef. */
  template <typename T, typename = std::enable_if_t<std::is_base_of<ObjectRef, T>::value &&
                                                    !std::is_same<T, ObjectRef>::value>>
  void Visit(const char* key, T* value) {
    Visit(key, static_cast<ObjectRef*>(value));
  }
  /*! \brief Enum fields are visited as int. */
  template <typename E, typename = std::enable_if_t<std::is_enum<E>::value>, typename = void>
  void Visit(const char* key, E* value) {
    static_assert(sizeof(E) == sizeof(int), "enum fields must be int-sized");
    Visit(key, reinterpret_cast<int*>(value));
  }
};

/*! \brief Per-type reflection: how to visit the fields of a registered node type. */
class ReflectionTable {
 public:
  using FVisitAttrs = void (*)(Object* self, AttrVisitor* v);
  using FCreate = ObjectPtr<Object> (*)();
  /*! \brief Visit the fields of obj; a type without VisitAttrs has none. */
  static void VisitAttrs(Object* obj, AttrVisitor* v);
  static bool HasVisitAttrs(uint32_t tindex);
  /*! \brief A default-constructed node of a registered type key (for deserialization). */
  static ObjectPtr<Object> CreateInitObject(const std::string& type_key);
  /*! \brief The names of obj's fields. */
  static std::vector<std::string> ListAttrNames(Object* obj);
  static int Register(uint32_t tindex, FVisitAttrs fvisit, FCreate fcreate);
};

/*! \brief Default text of an object: "type_key(field=value, ...)", containers as literals. */
std::string ObjectRepr(const ObjectRef& ref);

namespace detail {
template <typename T, typename = void>
struct HasVisitAttrs : std::false_type {};
template <typename T>
struct HasVisitAttrs<T, std::void_t<decltype(std::declval<T*>()->VisitAttrs(
                            static_cast<AttrVisitor*>(nullptr)))>> : std::true_type {};

template <typename T>
int RegisterNodeType() {
  ReflectionTable::FVisitAttrs fvisit = nullptr;
  if constexpr (HasVisitAttrs<T>::value) {
    fvisit = [](Object* self, AttrVisitor* v) { static_cast<T*>(self)->VisitAttrs(v); };
  }
  ReflectionTable::FCreate fcreate = nullptr;
  if constexpr (std::is_default_constructible<T>::value) {
    fcreate = []() { return ObjectPtr<Object>(make_object<T>()); };
  }
  return ReflectionTable::Register(T::RuntimeTypeIndex(), fvisit, fcreate);
}
}  // namespace detail

}  // namespace runtime
}  // namespace tvm

/*! \brief Register a node type: its key, its fields (VisitAttrs) and a default creator. */
#define TVM_REGISTER_NODE_TYPE(TypeName)                                 \
  static TVM_ATTRIBUTE_UNUSED int TVM_STR_CONCAT(__tvm_node_reg_, __COUNTER__) = \
      ::tvm::runtime::detail::RegisterNodeType<TypeName>()

#endif  // TVM_RUNTIME_REFLECTION_H_

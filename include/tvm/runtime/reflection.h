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

/*!
 * \brief The static type of a reference field, as a check of a value it is to hold: false, with
 *  the reason in `why` ("expected PrimExpr, found runtime.String"), when the value does not fit.
 *  Visitors that create field values (deserialization) check with it, so that a bad document
 *  raises an error instead of planting a wrongly typed object in a node.
 */
using FFieldTypeCheck = bool (*)(const ObjectRef& value, std::string* why);

namespace detail {
template <typename T>
struct FieldTypeCheck;
}  // namespace detail

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
  /*!
   * \brief A field that defines (binds) the variables it holds: a loop variable, a function's
   *  parameters, a let-bound name. Structural equality maps such variables onto each other
   *  instead of requiring the same object; every other visitor sees an ordinary field.
   */
  virtual void VisitDef(const char* key, ObjectRef* value) { Visit(key, value); }
  /*!
   * \brief A reference field of a static type narrower than ObjectRef, with a check of that
   *  type. Only visitors that store new values into fields need it; by default it is Visit or
   *  VisitDef.
   */
  virtual void VisitTyped(const char* key, ObjectRef* value, bool is_def,
                          FFieldTypeCheck check) {
    if (is_def) {
      VisitDef(key, value);
    } else {
      Visit(key, value);
    }
  }
  template <typename T, typename = std::enable_if_t<std::is_base_of<ObjectRef, T>::value &&
                                                    !std::is_same<T, ObjectRef>::value>>
  void VisitDef(const char* key, T* value) {
    VisitTyped(key, static_cast<ObjectRef*>(value), true, &detail::FieldTypeCheck<T>::Check);
  }
  /*! \brief Fields of any reference type are visited as ObjectRef. */
  template <typename T, typename = std::enable_if_t<std::is_base_of<ObjectRef, T>::value &&
                                                    !std::is_same<T, ObjectRef>::value>>
  void Visit(const char* key, T* value) {
    VisitTyped(key, static_cast<ObjectRef*>(value), false, &detail::FieldTypeCheck<T>::Check);
  }
  /*! \brief Enum fields are visited as int. */
  template <typename E, typename = std::enable_if_t<std::is_enum<E>::value>, typename = void>
  void Visit(const char* key, E* value) {
    static_assert(sizeof(E) == sizeof(int), "enum fields must be int-sized");
    Visit(key, reinterpret_cast<int*>(value));
  }
};

/*!
 * \brief How structural equality treats nodes of a type.
 *  - kTreeNode: equal when of the same type with equal fields (expressions, statements);
 *  - kDAGNode: like kTreeNode, and a node shared in one graph must correspond to one node in
 *    the other (Relay dataflow graphs);
 *  - kVarNode: a variable: equal to another variable when both are bound at corresponding
 *    definitions (or, for free variables, when they are the same object or mapping is asked);
 *  - kUniqueInstance: equal only to itself (operators).
 *  A node class selects one with `static constexpr SEqualKind _type_sequal_kind = ...;`.
 */
enum class SEqualKind : int { kTreeNode = 0, kDAGNode = 1, kVarNode = 2, kUniqueInstance = 3 };

/*! \brief Per-type reflection: how to visit the fields of a registered node type. */
class ReflectionTable {
 public:
  static SEqualKind GetSEqualKind(uint32_t tindex);
  /*!
   * \brief Whether structural equality and hashing ignore field `key` of the type (a node
   *  class lists such fields, e.g. debugging names, in `_type_sequal_ignore`, comma-separated).
   */
  static bool IsSEqualIgnoredField(uint32_t tindex, const char* key);
  static void SetSEqualIgnoredFields(uint32_t tindex, const std::string& comma_separated);
  using FVisitAttrs = void (*)(Object* self, AttrVisitor* v);
  using FCreate = ObjectPtr<Object> (*)();
  /*! \brief Visit the fields of obj; a type without VisitAttrs has none. */
  static void VisitAttrs(Object* obj, AttrVisitor* v);
  static bool HasVisitAttrs(uint32_t tindex);
  /*! \brief A default-constructed node of a registered type key (for deserialization). */
  static ObjectPtr<Object> CreateInitObject(const std::string& type_key);
  /*! \brief The names of obj's fields. */
  static std::vector<std::string> ListAttrNames(Object* obj);
  static int Register(uint32_t tindex, FVisitAttrs fvisit, FCreate fcreate,
                      SEqualKind kind = SEqualKind::kTreeNode);
};

/*! \brief Default text of an object: "type_key(field=value, ...)", containers as literals. */
std::string ObjectRepr(const ObjectRef& ref);

namespace detail {
template <typename T, typename = void>
struct HasVisitAttrs : std::false_type {};
template <typename T>
struct HasVisitAttrs<T, std::void_t<decltype(std::declval<T*>()->VisitAttrs(
                            static_cast<AttrVisitor*>(nullptr)))>> : std::true_type {};

template <typename T, typename = void>
struct SEqualKindOf {
  static constexpr SEqualKind value = SEqualKind::kTreeNode;
};
template <typename T>
struct SEqualKindOf<T, std::void_t<decltype(T::_type_sequal_kind)>> {
  static constexpr SEqualKind value = T::_type_sequal_kind;
};

/*! \brief The check of a field of reference type T (see FFieldTypeCheck). */
template <typename T>
struct FieldTypeCheck {
  static std::string Name() { return T::ContainerType::_type_key; }
  static bool Check(const ObjectRef& value, std::string* why) {
    if (!value.defined()) {
      if (T::_type_is_nullable) return true;
      *why = "expected " + Name() + ", found None";
      return false;
    }
    if (value->template IsInstance<typename T::ContainerType>()) return true;
    *why = "expected " + Name() + ", found " + value->GetTypeKey();
    return false;
  }
};
template <typename T>
struct FieldTypeCheck<Optional<T>> {
  static std::string Name() { return "Optional[" + FieldTypeCheck<T>::Name() + "]"; }
  static bool Check(const ObjectRef& value, std::string* why) {
    return !value.defined() || FieldTypeCheck<T>::Check(value, why);
  }
};
template <typename T>
struct FieldTypeCheck<Array<T>> {
  static std::string Name() { return "Array[" + FieldTypeCheck<T>::Name() + "]"; }
  static bool Check(const ObjectRef& value, std::string* why) {
    if (!value.defined()) return true;
    const auto* n = value.as<ArrayNode>();
    if (n == nullptr) {
      *why = "expected " + Name() + ", found " + value->GetTypeKey();
      return false;
    }
    for (size_t i = 0; i < n->data.size(); ++i) {
      if (!FieldTypeCheck<T>::Check(n->data[i], why)) {
        *why = "element " + std::to_string(i) + " of " + Name() + ": " + *why;
        return false;
      }
    }
    return true;
  }
};
template <typename K, typename V>
struct FieldTypeCheck<Map<K, V>> {
  static std::string Name() {
    return "Map[" + FieldTypeCheck<K>::Name() + ", " + FieldTypeCheck<V>::Name() + "]";
  }
  static bool Check(const ObjectRef& value, std::string* why) {
    if (!value.defined()) return true;
    const auto* n = value.as<MapNode>();
    if (n == nullptr) {
      *why = "expected " + Name() + ", found " + value->GetTypeKey();
      return false;
    }
    for (const auto& kv : n->data) {
      if (!FieldTypeCheck<K>::Check(kv.first, why) || !FieldTypeCheck<V>::Check(kv.second, why)) {
        *why = "an entry of " + Name() + ": " + *why;
        return false;
      }
    }
    return true;
  }
};

template <typename T, typename = void>
struct SEqualIgnoreOf {
  static constexpr const char* value = "";
};
template <typename T>
struct SEqualIgnoreOf<T, std::void_t<decltype(T::_type_sequal_ignore)>> {
  static constexpr const char* value = T::_type_sequal_ignore;
};

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
  int r = ReflectionTable::Register(T::RuntimeTypeIndex(), fvisit, fcreate,
                                    SEqualKindOf<T>::value);
  if (SEqualIgnoreOf<T>::value[0] != '\0') {
    ReflectionTable::SetSEqualIgnoredFields(T::RuntimeTypeIndex(), SEqualIgnoreOf<T>::value);
  }
  return r;
}
}  // namespace detail

}  // namespace runtime
}  // namespace tvm

/*! \brief Register a node type: its key, its fields (VisitAttrs) and a default creator. */
#define TVM_REGISTER_NODE_TYPE(TypeName)                                 \
  static TVM_ATTRIBUTE_UNUSED int TVM_STR_CONCAT(__tvm_node_reg_, __COUNTER__) = \
      ::tvm::runtime::detail::RegisterNodeType<TypeName>()

#endif  // TVM_RUNTIME_REFLECTION_H_

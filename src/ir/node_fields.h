/*!
 * \file node_fields.h
 * \brief The fields of a node as a list, for the generic algorithms that walk two nodes side by
 *  side or need a field's static type: structural equality, structural hashing and JSON
 *  serialization. The list is what the node's VisitAttrs reports, in its order.
 */
#ifndef TVM_IR_NODE_FIELDS_H_
#define TVM_IR_NODE_FIELDS_H_

#include <tvm/runtime/container.h>
#include <tvm/runtime/data_type.h>
#include <tvm/runtime/object.h>
#include <tvm/runtime/reflection.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace tvm {
namespace detail {

/*! \brief One field of a node: its name, the kind and address of its value, how it was visited. */
struct NodeField {
  enum Kind { kDouble, kInt64, kUInt64, kInt, kBool, kString, kDataType, kObjectRef };
  const char* key;
  Kind kind;
  void* addr;
  /*! \brief Visited with VisitDef: the variables it holds are defined here. */
  bool is_def{false};
  /*! \brief The check of the field's static type; null for a plain ObjectRef field. */
  runtime::FFieldTypeCheck check{nullptr};

  double& f64() const { return *static_cast<double*>(addr); }
  int64_t& i64() const { return *static_cast<int64_t*>(addr); }
  uint64_t& u64() const { return *static_cast<uint64_t*>(addr); }
  int& i32() const { return *static_cast<int*>(addr); }
  bool& boolean() const { return *static_cast<bool*>(addr); }
  std::string& str() const { return *static_cast<std::string*>(addr); }
  runtime::DataType& dtype() const { return *static_cast<runtime::DataType*>(addr); }
  ObjectRef& ref() const { return *static_cast<ObjectRef*>(addr); }
  /*! \brief Source locations do not take part in equality or hashing. */
  bool is_span() const { return std::strcmp(key, "span") == 0; }
};

/*! \brief The fields of `obj` (none when its type has no VisitAttrs). */
inline std::vector<NodeField> ListNodeFields(const Object* obj) {
  class Lister : public runtime::AttrVisitor {
   public:
    std::vector<NodeField> fields;
    void Visit(const char* key, double* v) final { Add(key, NodeField::kDouble, v); }
    void Visit(const char* key, int64_t* v) final { Add(key, NodeField::kInt64, v); }
    void Visit(const char* key, uint64_t* v) final { Add(key, NodeField::kUInt64, v); }
    void Visit(const char* key, int* v) final { Add(key, NodeField::kInt, v); }
    void Visit(const char* key, bool* v) final { Add(key, NodeField::kBool, v); }
    void Visit(const char* key, std::string* v) final { Add(key, NodeField::kString, v); }
    void Visit(const char* key, runtime::DataType* v) final { Add(key, NodeField::kDataType, v); }
    void Visit(const char* key, ObjectRef* v) final { Add(key, NodeField::kObjectRef, v); }
    void VisitDef(const char* key, ObjectRef* v) final {
      Add(key, NodeField::kObjectRef, v).is_def = true;
    }
    void VisitTyped(const char* key, ObjectRef* v, bool is_def,
                    runtime::FFieldTypeCheck check) final {
      NodeField& f = Add(key, NodeField::kObjectRef, v);
      f.is_def = is_def;
      f.check = check;
    }

   private:
    NodeField& Add(const char* key, NodeField::Kind kind, void* addr) {
      fields.push_back(NodeField{key, kind, addr});
      return fields.back();
    }
  };
  Lister lister;
  runtime::ReflectionTable::VisitAttrs(const_cast<Object*>(obj), &lister);
  return std::move(lister.fields);
}

/*! \brief A Map key looked up by value (String, boxed Int or Float) rather than by identity. */
inline bool IsValueKey(const ObjectRef& key) {
  return key.as<runtime::StringObj>() || key.as<runtime::IntObj>() || key.as<runtime::FloatObj>();
}

/*! \brief The shortest decimal text that reads back as exactly `v` ("0.1", "nan", "-inf"). */
inline std::string FormatDouble(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

}  // namespace detail
}  // namespace tvm

#endif  // TVM_IR_NODE_FIELDS_H_

/*!
 * \file tvm/ir/attrs.h
 * \brief Attributes: operator attributes (Conv2DAttrs, ...) derive from BaseAttrsNode and list
 *  their fields with VisitAttrs; function attributes are a DictAttrs (string keys).
 */
#ifndef TVM_IR_ATTRS_H_
#define TVM_IR_ATTRS_H_

#include <tvm/runtime/container.h>
#include <tvm/runtime/object.h>
#include <tvm/runtime/packed_func.h>
#include <tvm/runtime/reflection.h>

#include <string>

namespace tvm {

class BaseAttrsNode : public Object {
 public:
  static constexpr const char* _type_key = "Attrs";
  TVM_DECLARE_BASE_OBJECT_INFO(BaseAttrsNode, Object);
};

class Attrs : public ObjectRef {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(Attrs, ObjectRef, BaseAttrsNode);
};

/*! \brief Attributes as a dictionary from names to objects. */
class DictAttrsNode : public BaseAttrsNode {
 public:
  Map<String, ObjectRef> dict;
  void VisitAttrs(runtime::AttrVisitor* v) { v->Visit("__dict__", &dict); }
  static constexpr const char* _type_key = "DictAttrs";
  TVM_DECLARE_FINAL_OBJECT_INFO(DictAttrsNode, BaseAttrsNode);
};

class DictAttrs : public Attrs {
 public:
  /*! \brief Attributes holding `dict` (the default-constructed DictAttrs is null: none). */
  explicit DictAttrs(Map<String, ObjectRef> dict);
  /*! \brief The value of `key` as TObjectRef, or `default_value` when absent. */
  template <typename TObjectRef>
  Optional<TObjectRef> GetAttr(const std::string& key,
                               Optional<TObjectRef> default_value = Optional<TObjectRef>()) const {
    if (!defined()) return default_value;
    Optional<ObjectRef> v = get()->dict.Get(String(key));
    if (!v.defined()) return default_value;
    return runtime::Downcast<TObjectRef>(v.value());
  }
  bool HasNonzeroAttr(const std::string& key) const;
  TVM_DEFINE_OBJECT_REF_METHODS(DictAttrs, Attrs, DictAttrsNode);
};

}  // namespace tvm

#endif  // TVM_IR_ATTRS_H_

/*!
 * \file tvm/ir/function.h
 * \brief BaseFunc: what an IRModule maps names to (tir.PrimFunc, relay.Function), with
 *  attributes such as "global_symbol" and "Primitive".
 */
#ifndef TVM_IR_FUNCTION_H_
#define TVM_IR_FUNCTION_H_

#include <tvm/ir/attrs.h>
#include <tvm/ir/expr.h>

#include <string>
#include <utility>

namespace tvm {

/*! \brief Names of function attributes used across the stack. */
namespace attr {
/*! \brief The symbol a function is exported as in a compiled library. */
constexpr const char* kGlobalSymbol = "global_symbol";
/*! \brief The target a function is compiled for. */
constexpr const char* kTarget = "target";
}  // namespace attr

class BaseFuncNode : public RelayExprNode {
 public:
  DictAttrs attrs;
  template <typename TObjectRef>
  Optional<TObjectRef> GetAttr(const std::string& key,
                               Optional<TObjectRef> default_value = Optional<TObjectRef>()) const {
    return attrs.GetAttr<TObjectRef>(key, default_value);
  }
  bool HasNonzeroAttr(const std::string& key) const { return attrs.HasNonzeroAttr(key); }
  static constexpr const char* _type_key = "BaseFunc";
  TVM_DECLARE_BASE_OBJECT_INFO(BaseFuncNode, RelayExprNode);
};

class BaseFunc : public RelayExpr {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(BaseFunc, RelayExpr, BaseFuncNode);
};

/*!
 * \brief A copy of `func` with attribute `key` set to `value` (the input is unchanged unless
 *  it is not shared, in which case it is updated in place).
 */
template <typename TFunc>
TFunc WithAttr(TFunc func, const std::string& key, ObjectRef value) {
  using Node = typename TFunc::ContainerType;
  ObjectPtr<Node> n = func.use_count() == 1
                          ? ObjectPtr<Node>(const_cast<Object*>(static_cast<const Object*>(func.get())))
                          : make_object<Node>(*func.get());
  Map<String, ObjectRef> dict = n->attrs.defined() ? n->attrs->dict : Map<String, ObjectRef>();
  dict.Set(String(key), value);
  n->attrs = DictAttrs(dict);
  return TFunc(ObjectPtr<Object>(std::move(n)));
}

}  // namespace tvm

#endif  // TVM_IR_FUNCTION_H_

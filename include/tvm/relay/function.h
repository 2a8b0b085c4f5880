/*!
 * \file tvm/relay/function.h
 * \brief relay.Function: parameters, a body, an optional return type and attributes. A
 *  function with attribute "Primitive" = 1 is a fused kernel that the backend compiles as one
 *  unit (FuseOps makes them).
 */
#ifndef TVM_RELAY_FUNCTION_H_
#define TVM_RELAY_FUNCTION_H_

#include <tvm/ir/function.h>
#include <tvm/relay/expr.h>

namespace tvm {
namespace relay {

/*! \brief Function attributes used by Relay. */
namespace attr {
/*! \brief Marks a function as a primitive (fused) kernel. */
constexpr const char* kPrimitive = "Primitive";
/*! \brief The external compiler a function is offloaded to (BYOC). */
constexpr const char* kCompiler = "Compiler";
/*! \brief Keeps a primitive function from being inlined. */
constexpr const char* kInline = "Inline";
}  // namespace attr

class FunctionNode : public BaseFuncNode {
 public:
  Array<Var> params;
  Expr body;
  /*! \brief The declared return type; null when type inference is to find it. */
  Type ret_type;
  void VisitAttrs(AttrVisitor* v) {
    v->VisitDef("params", &params);
    v->Visit("body", &body);
    v->Visit("ret_type", &ret_type);
    v->Visit("attrs", &attrs);
    v->Visit("span", &span);
  }
  static constexpr const char* _type_key = "relay.Function";
  TVM_DECLARE_FINAL_OBJECT_INFO(FunctionNode, BaseFuncNode);
};

class Function : public BaseFunc {
 public:
  Function(Array<Var> params, Expr body, Type ret_type = Type(), DictAttrs attrs = DictAttrs(),
           Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Function, BaseFunc, FunctionNode);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_FUNCTION_H_

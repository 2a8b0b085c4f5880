/*!
 * \file te_compiler.h
 * \brief The TE compiler: a primitive Relay function (one operator, or a fused group) to a
 *  TIR PrimFunc, through each operator's strategy (TE compute + schedule).
 *
 * The function's parameters become te.placeholders; each call's implementation (the one with
 * the highest priority level in the op's strategy for the target) computes its outputs from
 * its inputs' tensors, so a fused group is one tensor expression. The anchor operator (the
 * one with the highest fusion pattern: conv2d over its elementwise epilogue) schedules the
 * whole group, with the group's outputs. Lowered functions are cached by structural equality
 * of the Relay function and the target, so identical layers compile once.
 */
#ifndef TVM_RELAY_BACKEND_TE_COMPILER_H_
#define TVM_RELAY_BACKEND_TE_COMPILER_H_

#include <tvm/ir/module.h>
#include <tvm/relay/function.h>
#include <tvm/target/target.h>
#include <tvm/te/tensor.h>

#include <string>

namespace tvm {
namespace relay {

/*! \brief A lowered primitive function. */
class CachedFuncNode : public Object {
 public:
  String func_name;
  Array<te::Tensor> inputs;
  Array<te::Tensor> outputs;
  /*! \brief An IRModule holding one PrimFunc named func_name. */
  IRModule funcs;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("func_name", &func_name);
    v->Visit("inputs", &inputs);
    v->Visit("outputs", &outputs);
    v->Visit("funcs", &funcs);
  }
  static constexpr const char* _type_key = "relay.CachedFunc";
  TVM_DECLARE_FINAL_OBJECT_INFO(CachedFuncNode, Object);
};

class CachedFunc : public ObjectRef {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(CachedFunc, ObjectRef, CachedFuncNode);
};

/*!
 * \brief Lower `func` (a primitive function: its body calls operators only) for `target`;
 *  `name` becomes the PrimFunc's global symbol. Uses and fills the process-wide cache.
 */
CachedFunc LowerPrimitive(const Function& func, const Target& target, const std::string& name);

/*! \brief Forget every cached lowering (for tests and after re-registering strategies). */
void ClearTECompilerCache();

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_BACKEND_TE_COMPILER_H_

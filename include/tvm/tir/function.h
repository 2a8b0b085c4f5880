/*!
 * \file tvm/tir/function.h
 * \brief PrimFunc: a TIR function. Parameters are Vars; those that stand for tensors are
 *  bound to Buffers through buffer_map (MakePackedAPI turns them into DLTensor* arguments).
 */
#ifndef TVM_TIR_FUNCTION_H_
#define TVM_TIR_FUNCTION_H_

#include <tvm/ir/function.h>
#include <tvm/tir/buffer.h>
#include <tvm/tir/stmt.h>

namespace tvm {
namespace tir {

class PrimFuncNode : public BaseFuncNode {
 public:
  Array<Var> params;
  Stmt body;
  Type ret_type;
  Map<Var, Buffer> buffer_map;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.PrimFunc";
  static constexpr SEqualKind _type_sequal_kind = SEqualKind::kTreeNode;
  TVM_DECLARE_FINAL_OBJECT_INFO(PrimFuncNode, BaseFuncNode);
};

class PrimFunc : public BaseFunc {
 public:
  PrimFunc(Array<Var> params, Stmt body, Type ret_type = Type(),
           Map<Var, Buffer> buffer_map = Map<Var, Buffer>(), DictAttrs attrs = DictAttrs(),
           Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(PrimFunc, BaseFunc, PrimFuncNode);
};

/*! \brief Function attribute keys of TIR. */
namespace attr {
/*! \brief The buffers of the function do not alias each other. */
constexpr const char* kNoAlias = "tir.noalias";
/*! \brief The function is the module's entry. */
constexpr const char* kIsEntryFunc = "tir.is_entry_func";
}  // namespace attr

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_FUNCTION_H_

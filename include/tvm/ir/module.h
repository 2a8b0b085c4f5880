/*!
 * \file tvm/ir/module.h
 * \brief IRModule: the unit passes transform, a set of functions (PrimFunc and/or Relay
 *  Function) keyed by GlobalVar.
 */
#ifndef TVM_IR_MODULE_H_
#define TVM_IR_MODULE_H_

#include <tvm/ir/attrs.h>
#include <tvm/ir/expr.h>
#include <tvm/ir/function.h>

#include <string>
#include <vector>

namespace tvm {

class IRModuleNode : public Object {
 public:
  Map<GlobalVar, BaseFunc> functions;
  DictAttrs attrs;

  void VisitAttrs(AttrVisitor* v);
  /*!
   * \brief Add a function. A second function under the same name is a ValueError unless
   *  `update` is set.
   */
  void Add(const GlobalVar& var, const BaseFunc& func, bool update = false);
  void Update(const GlobalVar& var, const BaseFunc& func) { Add(var, func, true); }
  void Remove(const GlobalVar& var);
  bool ContainGlobalVar(const std::string& name) const;
  /*! \brief The GlobalVar named `name`; ValueError listing the module's names if absent. */
  GlobalVar GetGlobalVar(const std::string& name) const;
  /*! \brief All GlobalVars, sorted by name (a stable order for printing and iteration). */
  Array<GlobalVar> GetGlobalVars() const;
  BaseFunc Lookup(const GlobalVar& var) const;
  BaseFunc Lookup(const std::string& name) const;

  static constexpr const char* _type_key = "IRModule";
  TVM_DECLARE_FINAL_OBJECT_INFO(IRModuleNode, Object);

 private:
  friend class IRModule;
  Map<String, GlobalVar> global_var_map_;
};

class IRModule : public ObjectRef {
 public:
  /*! \brief A module holding `functions` (the default-constructed IRModule is null). */
  explicit IRModule(Map<GlobalVar, BaseFunc> functions, DictAttrs attrs = DictAttrs());
  /*! \brief An empty module. */
  static IRModule Empty() { return IRModule(Map<GlobalVar, BaseFunc>()); }
  /*! \brief This module's node, copied first if it is shared (copy-on-write). */
  IRModuleNode* CopyOnWrite();
  TVM_DEFINE_MUTABLE_OBJECT_REF_METHODS(IRModule, ObjectRef, IRModuleNode);
};

}  // namespace tvm

#endif  // TVM_IR_MODULE_H_

/*!
 * \file module.cc
 * \brief IRModule, function attributes and DictAttrs.
 */
#include <tvm/ir/attrs.h>
#include <tvm/ir/function.h>
#include <tvm/ir/module.h>
#include <tvm/runtime/registry.h>

#include <algorithm>

namespace tvm {

DictAttrs::DictAttrs(Map<String, ObjectRef> dict) {
  auto n = make_object<DictAttrsNode>();
  n->dict = std::move(dict);
  data_ = std::move(n);
}

bool DictAttrs::HasNonzeroAttr(const std::string& key) const {
  if (!defined()) return false;
  Optional<ObjectRef> v = get()->dict.Get(String(key));
  if (!v.defined()) return false;
  if (const auto* i = v.value().as<IntImmNode>()) return i->value != 0;
  if (const auto* b = v.value().as<runtime::IntObj>()) return b->value != 0;
  return true;
}
TVM_REGISTER_OBJECT_TYPE(BaseAttrsNode);
TVM_REGISTER_NODE_TYPE(DictAttrsNode);
TVM_REGISTER_OBJECT_TYPE(BaseFuncNode);

void IRModuleNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("functions", &functions);
  v->Visit("global_var_map_", &global_var_map_);
  v->Visit("attrs", &attrs);
}

IRModule::IRModule(Map<GlobalVar, BaseFunc> functions, DictAttrs attrs) {
  auto n = make_object<IRModuleNode>();
  n->attrs = std::move(attrs);
  for (const auto& kv : functions) n->Add(kv.first, kv.second);
  data_ = std::move(n);
}

IRModuleNode* IRModule::CopyOnWrite() {
  if (data_.use_count() > 1) data_ = make_object<IRModuleNode>(*operator->());
  return operator->();
}

void IRModuleNode::Add(const GlobalVar& var, const BaseFunc& func, bool update) {
  if (!var.defined() || !func.defined()) TVM_THROW(ValueError) << "IRModule.Add: null function";
  Optional<GlobalVar> existing = global_var_map_.Get(var->name_hint);
  if (existing.defined()) {
    if (!update) {
      TVM_THROW(ValueError) << "IRModule already has a function named '" << var->name_hint
                            << "' (use update to replace it)";
    }
    if (!existing.value().same_as(var)) {
      functions.erase(existing.value());
    }
  }
  functions.Set(var, func);
  global_var_map_.Set(var->name_hint, var);
}

void IRModuleNode::Remove(const GlobalVar& var) {
  functions.erase(var);
  global_var_map_.erase(var->name_hint);
}

bool IRModuleNode::ContainGlobalVar(const std::string& name) const {
  return global_var_map_.count(String(name)) != 0;
}

GlobalVar IRModuleNode::GetGlobalVar(const std::string& name) const {
  Optional<GlobalVar> v = global_var_map_.Get(String(name));
  if (!v.defined()) {
    std::ostringstream os;
    Array<GlobalVar> vars = GetGlobalVars();
    for (size_t i = 0; i < vars.size(); ++i) os << (i ? ", " : "") << vars[i]->name_hint;
    TVM_THROW(ValueError) << "IRModule has no function named '" << name << "' (it has: "
                          << os.str() << ")";
  }
  return v.value();
}

Array<GlobalVar> IRModuleNode::GetGlobalVars() const {
  std::vector<GlobalVar> vars;
  for (const auto& kv : global_var_map_) vars.push_back(kv.second);
  std::sort(vars.begin(), vars.end(), [](const GlobalVar& a, const GlobalVar& b) {
    return a->name_hint.str() < b->name_hint.str();
  });
  return Array<GlobalVar>(vars);
}

BaseFunc IRModuleNode::Lookup(const GlobalVar& var) const {
  Optional<BaseFunc> f = functions.Get(var);
  if (!f.defined()) return Lookup(var->name_hint);
  return f.value();
}

BaseFunc IRModuleNode::Lookup(const std::string& name) const {
  return functions.at(GetGlobalVar(name));
}

TVM_REGISTER_NODE_TYPE(IRModuleNode);

TVM_REGISTER_GLOBAL("ir.IRModule").set_body_typed([](Map<GlobalVar, BaseFunc> funcs,
                                                     Optional<DictAttrs> attrs) {
  return IRModule(funcs, attrs.defined() ? attrs.value() : DictAttrs());
});
TVM_REGISTER_GLOBAL("ir.Module_Add").set_body_typed([](IRModule mod, GlobalVar var, BaseFunc func,
                                                       bool update) {
  mod.CopyOnWrite()->Add(var, func, update);
  return mod;
});
TVM_REGISTER_GLOBAL("ir.Module_Remove").set_body_typed([](IRModule mod, GlobalVar var) {
  mod.CopyOnWrite()->Remove(var);
  return mod;
});
TVM_REGISTER_GLOBAL("ir.Module_GetGlobalVar").set_body_typed([](IRModule mod, String name) {
  return mod->GetGlobalVar(name);
});
TVM_REGISTER_GLOBAL("ir.Module_GetGlobalVars").set_body_typed([](IRModule mod) {
  return mod->GetGlobalVars();
});
TVM_REGISTER_GLOBAL("ir.Module_ContainGlobalVar").set_body_typed([](IRModule mod, String name) {
  return mod->ContainGlobalVar(name);
});
TVM_REGISTER_GLOBAL("ir.Module_Lookup").set_body_typed([](IRModule mod, GlobalVar var) {
  return mod->Lookup(var);
});
TVM_REGISTER_GLOBAL("ir.Module_LookupStr").set_body_typed([](IRModule mod, String name) {
  return mod->Lookup(name);
});
TVM_REGISTER_GLOBAL("ir.DictAttrs").set_body_typed([](Map<String, ObjectRef> dict) {
  return DictAttrs(dict);
});

}  // namespace tvm

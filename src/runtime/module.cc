/*!
 * \file module.cc
 * \brief Module lookup, imports, loading by format, and the Python-facing module API.
 */
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>

#include <algorithm>

#include "file_utils.h"

namespace tvm {
namespace runtime {

TVM_REGISTER_OBJECT_TYPE(ModuleNode);

uint32_t ModuleTypeIndex() { return ModuleNode::RuntimeTypeIndex(); }

PackedFunc Module::GetFunction(const std::string& name, bool query_imports) {
  return operator->()->GetFunction(name, query_imports);
}

void Module::Import(Module other) { operator->()->Import(std::move(other)); }

PackedFunc ModuleNode::GetFunction(const std::string& name, bool query_imports) {
  ObjectPtr<Object> self(this);
  PackedFunc pf = GetFunction(name, self);
  if (pf.defined() || !query_imports) return pf;
  for (Module& m : imports_) {
    pf = m->GetFunction(name, true);
    if (pf.defined()) return pf;
  }
  return pf;
}

void ModuleNode::Import(Module other) {
  if (!other.defined()) TVM_THROW(ValueError) << "cannot import a null module";
  // An import cycle would keep both modules alive forever and loop lookups.
  std::vector<const ModuleNode*> stack{other.operator->()};
  while (!stack.empty()) {
    const ModuleNode* n = stack.back();
    stack.pop_back();
    if (n == this) {
      TVM_THROW(ValueError) << "importing this module would create a cycle of imports";
    }
    for (const Module& m : n->imports_) stack.push_back(m.operator->());
  }
  imports_.push_back(std::move(other));
}

const PackedFunc* ModuleNode::GetFuncFromEnv(const std::string& name) {
  std::lock_guard<std::mutex> lock(env_mutex_);
  auto it = env_cache_.find(name);
  if (it != env_cache_.end()) return &it->second;
  PackedFunc pf;
  // Functions of this module itself are not consulted: generated code calls its own
  // functions directly, and a self-reference from the cache would keep the module alive.
  for (Module& m : imports_) {
    pf = m.GetFunction(name, true);
    if (pf.defined()) break;
  }
  if (!pf.defined()) {
    const PackedFunc* global = Registry::Get(name);
    if (global == nullptr) return nullptr;
    pf = *global;
  }
  return &(env_cache_[name] = pf);
}

void ModuleNode::SaveToFile(const std::string& file_name, const std::string& format) {
  TVM_THROW(ValueError) << "a module of type '" << type_key() << "' cannot be saved to a file ("
                        << file_name << ", format '" << format << "')";
}

void ModuleNode::SaveToBinary(dmlc::Stream*) {
  TVM_THROW(ValueError) << "a module of type '" << type_key() << "' cannot be serialized";
}

std::string ModuleNode::GetSource(const std::string& format) {
  TVM_THROW(ValueError) << "a module of type '" << type_key() << "' has no source"
                        << (format.empty() ? "" : " in format '" + format + "'");
}

Module Module::LoadFromFile(const std::string& file_name, const std::string& format) {
  std::string fmt = GetFileFormat(file_name, format);
  if (fmt == "dll" || fmt == "dylib" || fmt == "dso") fmt = "so";
  if (fmt.empty()) {
    TVM_THROW(ValueError) << "cannot tell the format of module file '" << file_name
                          << "': give it an extension such as .so, or pass the format";
  }
  std::string loader = "runtime.module.loadfile_" + fmt;
  const PackedFunc* f = Registry::Get(loader);
  if (f == nullptr) {
    std::vector<std::string> known;
    for (const std::string& n : Registry::ListNames()) {
      if (n.rfind("runtime.module.loadfile_", 0) == 0) known.push_back(n.substr(24));
    }
    std::ostringstream os;
    for (size_t i = 0; i < known.size(); ++i) os << (i ? ", " : "") << known[i];
    TVM_THROW(ValueError) << "cannot load module '" << file_name << "': unknown format '" << fmt
                          << "' (this runtime loads: " << os.str() << ")";
  }
  return (*f)(file_name, fmt);
}

TVM_REGISTER_GLOBAL("runtime.ModuleLoadFromFile").set_body_typed(Module::LoadFromFile);

TVM_REGISTER_GLOBAL("runtime.ModuleGetFunction")
    .set_body_typed([](Module mod, std::string name, bool query_imports) {
      return mod.GetFunction(name, query_imports);
    });

TVM_REGISTER_GLOBAL("runtime.ModuleImport").set_body_typed([](Module mod, Module other) {
  mod.Import(other);
});

TVM_REGISTER_GLOBAL("runtime.ModuleImportsSize").set_body_typed([](Module mod) {
  return static_cast<int64_t>(mod->imports().size());
});

TVM_REGISTER_GLOBAL("runtime.ModuleGetImport").set_body_typed([](Module mod, int64_t index) {
  if (index < 0 || index >= static_cast<int64_t>(mod->imports().size())) {
    TVM_THROW(IndexError) << "module has " << mod->imports().size() << " imports, index "
                          << index << " is out of range";
  }
  return mod->imports()[index];
});

TVM_REGISTER_GLOBAL("runtime.ModuleGetTypeKey").set_body_typed([](Module mod) {
  return std::string(mod->type_key());
});

TVM_REGISTER_GLOBAL("runtime.ModuleGetSource").set_body_typed([](Module mod, std::string fmt) {
  return mod->GetSource(fmt);
});

TVM_REGISTER_GLOBAL("runtime.ModuleSaveToFile")
    .set_body_typed([](Module mod, std::string name, std::string fmt) {
      mod->SaveToFile(name, fmt);
    });

TVM_REGISTER_GLOBAL("runtime.ModuleIsDSOExportable").set_body_typed([](Module mod) {
  return mod->IsDSOExportable();
});

}  // namespace runtime
}  // namespace tvm

/*!
 * \file dso_library.cc
 * \brief Loading a compiled shared library ("x.so") as a Module.
 */
#include <dlfcn.h>
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>

#include "file_utils.h"
#include "library_module.h"

namespace tvm {
namespace runtime {

namespace {

class DSOModuleNode final : public ModuleNode {
 public:
  ~DSOModuleNode() override {
    if (handle_ != nullptr) dlclose(handle_);
  }
  const char* type_key() const final { return "library"; }

  void Load(const std::string& path) {
    if (!FileExists(path)) {
      TVM_THROW(ValueError) << "cannot load module '" << path << "': the file does not exist";
    }
    handle_ = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
    if (handle_ == nullptr) {
      const char* err = dlerror();
      TVM_THROW(ValueError) << "cannot load module '" << path
                            << "' as a shared library: " << (err ? err : "unknown error");
    }
    path_ = path;
    InitLibraryContext([this](const char* name) { return Symbol(name); }, this);
    entry_name_ = LibraryEntryName([this](const char* name) { return Symbol(name); });
  }

  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& self) final {
    std::string symbol = name;
    if (name == symbol::tvm_module_main) {
      if (entry_name_.empty()) return PackedFunc();
      symbol = entry_name_;
    }
    auto faddr = reinterpret_cast<TVMBackendPackedCFunc>(Symbol(symbol.c_str()));
    if (faddr == nullptr) return PackedFunc();
    return WrapPackedCFunc(faddr, self);
  }

  std::string GetSource(const std::string&) final { return ""; }

 private:
  void* Symbol(const char* name) { return dlsym(handle_, name); }
  void* handle_{nullptr};
  std::string path_;
  std::string entry_name_;
};

}  // namespace

TVM_REGISTER_GLOBAL("runtime.module.loadfile_so").set_body_typed([](std::string path,
                                                                    std::string format) {
  (void)format;
  auto n = make_object<DSOModuleNode>();
  n->Load(path);
  return Module(ObjectPtr<Object>(std::move(n)));
});

}  // namespace runtime
}  // namespace tvm

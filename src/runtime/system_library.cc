/*!
 * \file system_library.cc
 * \brief The system library: functions of code linked statically into the executable, which
 *  register their symbols at start-up with TVMBackendRegisterSystemLibSymbol.
 */
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>

#include <mutex>
#include <unordered_map>

#include "library_module.h"

namespace tvm {
namespace runtime {

namespace {

class SystemLibSymbols {
 public:
  static SystemLibSymbols* Global() {
    static auto* inst = new SystemLibSymbols();
    return inst;
  }
  void Register(const std::string& name, void* ptr) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = symbols_.find(name);
    if (it != symbols_.end() && it->second != ptr) {
      TVM_THROW(ValueError) << "system library symbol '" << name
                            << "' is registered twice with different addresses";
    }
    symbols_[name] = ptr;
  }
  void* Get(const char* name) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = symbols_.find(name);
    return it == symbols_.end() ? nullptr : it->second;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, void*> symbols_;
};

class SystemLibModuleNode final : public ModuleNode {
 public:
  const char* type_key() const final { return "system_lib"; }
  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& self) final {
    auto lookup = [](const char* n) { return SystemLibSymbols::Global()->Get(n); };
    // Context symbols may have been registered since the last lookup.
    InitLibraryContext(lookup, this);
    std::string symbol = name;
    if (name == symbol::tvm_module_main) symbol = LibraryEntryName(lookup);
    auto faddr = reinterpret_cast<TVMBackendPackedCFunc>(lookup(symbol.c_str()));
    if (faddr == nullptr) return PackedFunc();
    return WrapPackedCFunc(faddr, self);
  }
};

}  // namespace

TVM_REGISTER_GLOBAL("runtime.SystemLib").set_body_typed([]() {
  static Module inst(ObjectPtr<Object>(make_object<SystemLibModuleNode>()));
  return inst;
});

}  // namespace runtime
}  // namespace tvm

extern "C" int TVMBackendRegisterSystemLibSymbol(const char* name, void* ptr) {
  try {
    tvm::runtime::SystemLibSymbols::Global()->Register(name, ptr);
    return 0;
  } catch (const tvm::runtime::Error& e) {
    TVMAPISetLastError(e.FullMessage().c_str());
    return -1;
  }
}

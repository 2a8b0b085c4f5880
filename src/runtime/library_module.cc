/*!
 * \file library_module.cc
 */
#include "library_module.h"

#include <tvm/runtime/registry.h>

#include "runtime_internal.h"

namespace tvm {
namespace runtime {

PackedFunc WrapPackedCFunc(TVMBackendPackedCFunc faddr, const ObjectPtr<Object>& sptr_to_self) {
  return PackedFunc([faddr, sptr_to_self](TVMArgs args, TVMRetValue* rv) {
    TVMValue ret_value;
    int ret_type_code = kTVMNullptr;
    ret_value.v_handle = nullptr;
    int ret = faddr(const_cast<TVMValue*>(args.values), const_cast<int*>(args.type_codes),
                    args.num_args, &ret_value, &ret_type_code, nullptr);
    if (ret != 0) ThrowLastError();
    if (ret_type_code != kTVMNullptr) *rv = TVMRetValue::MoveFromCHost(ret_value, ret_type_code);
  });
}

void InitLibraryContext(const SymbolLookup& lookup, ModuleNode* module) {
  if (void** ctx = static_cast<void**>(lookup(symbol::tvm_module_ctx))) *ctx = module;
  struct Entry {
    const char* name;
    void* fptr;
  };
  const Entry kEntries[] = {
      {"__TVMFuncCall", reinterpret_cast<void*>(TVMFuncCall)},
      {"__TVMAPISetLastError", reinterpret_cast<void*>(TVMAPISetLastError)},
      {"__TVMBackendGetFuncFromEnv", reinterpret_cast<void*>(TVMBackendGetFuncFromEnv)},
      {"__TVMBackendAllocWorkspace", reinterpret_cast<void*>(TVMBackendAllocWorkspace)},
      {"__TVMBackendFreeWorkspace", reinterpret_cast<void*>(TVMBackendFreeWorkspace)},
      {"__TVMBackendParallelLaunch", reinterpret_cast<void*>(TVMBackendParallelLaunch)},
      {"__TVMBackendParallelBarrier", reinterpret_cast<void*>(TVMBackendParallelBarrier)},
  };
  for (const Entry& e : kEntries) {
    if (void** slot = static_cast<void**>(lookup(e.name))) *slot = e.fptr;
  }
}

std::string LibraryEntryName(const SymbolLookup& lookup) {
  const char* const* entry = static_cast<const char* const*>(lookup(symbol::tvm_module_main));
  // __tvm_main__ is a char array holding the name.
  return entry != nullptr ? std::string(reinterpret_cast<const char*>(entry)) : std::string();
}

}  // namespace runtime
}  // namespace tvm

/*!
 * \file library_module.cc
 */
#include "library_module.h"

#include <dmlc/memory_io.h>
#include <tvm/runtime/registry.h>

#include <cstring>

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

std::string PackImportsToBytes(const Module& mod) {
  std::vector<Module> device;
  for (const Module& m : mod->imports()) {
    if (!m->IsDSOExportable()) device.push_back(m);
  }
  std::string bytes;
  dmlc::MemoryStringStream mem(&bytes);
  dmlc::Stream& stream = mem;
  uint64_t count = device.size();
  stream.Write(count);
  for (const Module& m : device) {
    stream.Write(std::string(m->type_key()));
    std::string payload;
    dmlc::MemoryStringStream sub(&payload);
    m->SaveToBinary(&sub);
    stream.Write(payload);
  }
  return bytes;
}

void ImportPackedModules(const SymbolLookup& lookup, ModuleNode* module) {
  const auto* blob = static_cast<const char*>(lookup(symbol::tvm_dev_mblob));
  if (blob == nullptr) return;
  uint64_t size = 0;
  std::memcpy(&size, blob, sizeof(size));
  std::string bytes(blob + sizeof(size), size);
  dmlc::MemoryStringStream mem(&bytes);
  dmlc::Stream& stream = mem;
  uint64_t count = 0;
  if (!stream.Read(&count)) TVM_THROW(ValueError) << "the library's device code blob is corrupt";
  for (uint64_t i = 0; i < count; ++i) {
    std::string type_key, payload;
    if (!stream.Read(&type_key) || !stream.Read(&payload)) {
      TVM_THROW(ValueError) << "the library's device code blob is truncated";
    }
    const PackedFunc* loader = Registry::Get("runtime.module.loadbinary_" + type_key);
    if (loader == nullptr) {
      TVM_THROW(ValueError) << "the library holds a '" << type_key << "' device module, but "
                            << "this runtime cannot load it (built without " << type_key
                            << " support?)";
    }
    dmlc::MemoryStringStream sub(&payload);
    Module m = (*loader)(static_cast<void*>(static_cast<dmlc::Stream*>(&sub)));
    module->Import(m);
  }
}

TVM_REGISTER_GLOBAL("runtime.ModulePackImportsToBytes").set_body([](TVMArgs args,
                                                                      TVMRetValue* rv) {
  std::string bytes = PackImportsToBytes(args[0].operator Module());
  *rv = TVMByteArray{bytes.data(), bytes.size()};
});

}  // namespace runtime
}  // namespace tvm

/*!
 * \file library_module.h
 * \brief What the DSO loader and the system library share: wrapping compiled C functions
 *  as PackedFuncs and wiring a library's context symbols to this runtime.
 */
#ifndef TVM_RUNTIME_LIBRARY_MODULE_H_
#define TVM_RUNTIME_LIBRARY_MODULE_H_

#include <tvm/runtime/c_runtime_api.h>
#include <tvm/runtime/module.h>

#include <functional>
#include <string>

namespace tvm {
namespace runtime {

/*! \brief Finds a symbol of a loaded library, or nullptr. */
using SymbolLookup = std::function<void*(const char* name)>;

/*!
 * \brief Wrap a compiled function. The wrapper keeps `sptr_to_self` (the library) alive and
 *  rethrows a non-zero return as the Error the function recorded with TVMAPISetLastError.
 */
PackedFunc WrapPackedCFunc(TVMBackendPackedCFunc faddr, const ObjectPtr<Object>& sptr_to_self);

/*!
 * \brief Point the library's context symbols at this runtime: `__tvm_module_ctx` at the
 *  module, and each `__TVM<Function>` pointer variable at the runtime's implementation, so
 *  generated code needs no link-time dependency on the runtime library.
 */
void InitLibraryContext(const SymbolLookup& lookup, ModuleNode* module);

/*! \brief The entry function name a library declares through `__tvm_main__`, if any. */
std::string LibraryEntryName(const SymbolLookup& lookup);

/*!
 * \brief The imports of `mod` that cannot be linked into a shared library (device modules),
 *  serialized for the `__tvm_dev_mblob` symbol that export_library adds to the library:
 *  uint64 count, then per module its type key and SaveToBinary payload (dmlc strings).
 *  The symbol itself holds a little-endian uint64 byte count followed by these bytes.
 */
std::string PackImportsToBytes(const Module& mod);

/*!
 * \brief Recreate the modules of a library's `__tvm_dev_mblob` (when it has one) with the
 *  loaders "runtime.module.loadbinary_<type key>" and import them into `module`.
 */
void ImportPackedModules(const SymbolLookup& lookup, ModuleNode* module);

}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_LIBRARY_MODULE_H_

/*!
 * \file c_runtime_api.cc
 * \brief The C ABI entry points: last error, calls into packed functions, function lookup
 *  for generated code, and workspace memory.
 */
#include <tvm/runtime/c_runtime_api.h>
#include <tvm/runtime/device_api.h>
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>

#include <exception>
#include <string>
#include <utility>

#include "runtime_internal.h"

namespace tvm {
namespace runtime {

namespace {
thread_local std::string t_last_error;

/*!
 * \brief The exception behind t_last_error when it was caught in this runtime. Rethrowing it
 *  (rather than an Error rebuilt from the text) keeps its exact type across C frames, such as
 *  a Python exception raised in a callback that generated code called through TVMFuncCall.
 *  Never destroyed: it may hold a Python object, which must not be released after Python exits.
 */
std::exception_ptr& LastException() {
  thread_local auto* last = new std::exception_ptr();
  return *last;
}
thread_local std::string t_last_exception_message;
}  // namespace

void ThrowLastError() {
  std::exception_ptr saved = std::exchange(LastException(), nullptr);
  if (saved && t_last_exception_message == t_last_error) std::rethrow_exception(saved);
  throw Error::FromFullMessage(t_last_error);
}

/*! \brief Run f, turning any exception into the C ABI's (-1, last error). */
template <typename F>
int CatchToLastError(F f) {
  try {
    f();
    return 0;
  } catch (const Error& e) {
    t_last_error = e.FullMessage();
    LastException() = std::current_exception();
    t_last_exception_message = t_last_error;
  } catch (const std::exception& e) {
    t_last_error = std::string("InternalError: ") + e.what();
  }
  return -1;
}

}  // namespace runtime
}  // namespace tvm

using namespace tvm::runtime;  // NOLINT(*)

extern "C" {

void TVMAPISetLastError(const char* msg) {
  t_last_error = msg != nullptr ? msg : "";
  LastException() = nullptr;
}

const char* TVMGetLastError() { return t_last_error.c_str(); }

int TVMFuncCall(TVMFunctionHandle func, TVMValue* arg_values, int* type_codes, int num_args,
                TVMValue* ret_val, int* ret_type_code) {
  return CatchToLastError([&] {
    if (func == nullptr) TVM_THROW(ValueError) << "TVMFuncCall: null function handle";
    TVMRetValue rv;
    static_cast<PackedFuncObj*>(func)->CallPacked(TVMArgs(arg_values, type_codes, num_args),
                                                  &rv);
    rv.MoveToCHost(ret_val, ret_type_code);
  });
}

int TVMFuncGetGlobal(const char* name, TVMFunctionHandle* out) {
  return CatchToLastError([&] {
    const PackedFunc* f = Registry::Get(name);
    if (f == nullptr) {
      *out = nullptr;
      return;
    }
    PackedFunc copy = *f;
    *out = ObjectRefAccess::GetPtr(copy).release();
  });
}

int TVMObjectFree(TVMObjectHandle obj) {
  if (obj != nullptr) static_cast<Object*>(obj)->DecRef();
  return 0;
}

int TVMBackendGetFuncFromEnv(void* mod_node, const char* func_name, TVMFunctionHandle* out) {
  return CatchToLastError([&] {
    const PackedFunc* f = nullptr;
    if (mod_node != nullptr) {
      f = static_cast<ModuleNode*>(mod_node)->GetFuncFromEnv(func_name);
    } else {
      f = Registry::Get(func_name);
    }
    if (f == nullptr) {
      TVM_THROW(AttributeError) << "generated code calls function '" << func_name
                                << "', which is neither in its module nor registered globally";
    }
    // Borrowed: the module cache or the registry keeps the function alive.
    *out = const_cast<Object*>(f->get());
  });
}

void* TVMBackendAllocWorkspace(int device_type, int device_id, uint64_t nbytes,
                               int dtype_code_hint, int dtype_bits_hint) {
  void* ptr = nullptr;
  CatchToLastError([&] {
    Device dev{static_cast<DLDeviceType>(device_type), device_id};
    DLDataType hint{static_cast<uint8_t>(dtype_code_hint), static_cast<uint8_t>(dtype_bits_hint),
                    1};
    ptr = DeviceAPI::Get(dev)->AllocWorkspace(dev, static_cast<size_t>(nbytes), hint);
    if (ptr == nullptr) {
      TVM_THROW(ValueError) << "cannot allocate a workspace of " << nbytes << " bytes";
    }
  });
  return ptr;
}

int TVMBackendFreeWorkspace(int device_type, int device_id, void* ptr) {
  return CatchToLastError([&] {
    Device dev{static_cast<DLDeviceType>(device_type), device_id};
    DeviceAPI::Get(dev)->FreeWorkspace(dev, ptr);
  });
}

}  // extern "C"

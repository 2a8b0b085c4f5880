/*!
 * \file tvm/runtime/c_runtime_api.h
 * \brief The C ABI of the runtime: the calling convention of packed functions and the entry
 *  points that generated code calls (thread pool, workspace, errors, function lookup).
 *
 * Generated kernels (LLVM, C source) and hand-written C libraries only ever see this header:
 * a compiled function has the signature `TVMBackendPackedCFunc`, receives its arguments as
 * parallel arrays of `TVMValue` and type codes, and reports failure by returning non-zero after
 * calling `TVMAPISetLastError`. Keeping this boundary plain C is what lets a model library be
 * loaded by any process that links the runtime.
 */
#ifndef TVM_RUNTIME_C_RUNTIME_API_H_
#define TVM_RUNTIME_C_RUNTIME_API_H_

#include <dlpack/dlpack.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TVM_DLL __attribute__((visibility("default")))

/*! \brief Type codes of packed-function arguments; the first four coincide with DLDataTypeCode. */
typedef enum {
  kTVMArgInt = kDLInt,
  kTVMArgFloat = kDLFloat,
  kTVMOpaqueHandle = 3U,
  kTVMNullptr = 4U,
  kTVMDataType = 5U,
  kDLDevice = 6U,
  kTVMDLTensorHandle = 7U,
  kTVMObjectHandle = 8U,
  kTVMModuleHandle = 9U,
  kTVMPackedFuncHandle = 10U,
  kTVMStr = 11U,
  kTVMBytes = 12U,
  kTVMNDArrayHandle = 13U,
  kTVMObjectRValueRefArg = 14U,
} TVMArgTypeCode;

/*! \brief One packed-function argument or return value; its meaning is given by a type code. */
typedef union {
  int64_t v_int64;
  double v_float64;
  void* v_handle;
  const char* v_str;
  DLDataType v_type;
  DLDevice v_device;
} TVMValue;

/*! \brief A byte string with explicit length (type code kTVMBytes). */
typedef struct {
  const char* data;
  size_t size;
} TVMByteArray;

typedef void* TVMFunctionHandle;
typedef void* TVMModuleHandle;
typedef void* TVMObjectHandle;
typedef void* TVMStreamHandle;

/*!
 * \brief The signature of every compiled function: arguments in, one value out.
 * \return 0 on success; non-zero after the error message was set with TVMAPISetLastError.
 */
typedef int (*TVMBackendPackedCFunc)(TVMValue* args, int* type_codes, int num_args,
                                     TVMValue* out_ret_value, int* out_ret_tcode,
                                     void* resource_handle);

/*! \brief Environment of one parallel launch, shared by its tasks. */
typedef struct {
  void* sync_handle;
  int32_t num_task;
} TVMParallelGroupEnv;

/*! \brief The body of a parallel region; task_id runs in [0, penv->num_task). */
typedef int (*FTVMParallelLambda)(int task_id, TVMParallelGroupEnv* penv, void* cdata);

/*! \brief Set the calling thread's last error message. */
TVM_DLL void TVMAPISetLastError(const char* msg);
/*! \brief The calling thread's last error message ("Kind: message"). */
TVM_DLL const char* TVMGetLastError(void);

/*!
 * \brief Call a packed function. Returned strings stay valid until the thread's next call;
 *  returned objects carry a reference the caller releases with TVMObjectFree.
 */
TVM_DLL int TVMFuncCall(TVMFunctionHandle func, TVMValue* arg_values, int* type_codes,
                        int num_args, TVMValue* ret_val, int* ret_type_code);
/*! \brief Look up a global packed function; *out is NULL when none is registered. */
TVM_DLL int TVMFuncGetGlobal(const char* name, TVMFunctionHandle* out);
/*! \brief Release a reference returned through TVMFuncCall or TVMFuncGetGlobal. */
TVM_DLL int TVMObjectFree(TVMObjectHandle obj);

/*!
 * \brief Find a function for generated code: first in the module that holds the caller
 *  (`mod_node` is that module's `__tvm_module_ctx`) and its imports, then in the global registry.
 */
TVM_DLL int TVMBackendGetFuncFromEnv(void* mod_node, const char* func_name,
                                     TVMFunctionHandle* out);

/*! \brief Register a symbol of a statically linked (system) library. */
TVM_DLL int TVMBackendRegisterSystemLibSymbol(const char* name, void* ptr);

/*! \brief Scratch memory for generated code; freed in reverse order of allocation. */
TVM_DLL void* TVMBackendAllocWorkspace(int device_type, int device_id, uint64_t nbytes,
                                       int dtype_code_hint, int dtype_bits_hint);
TVM_DLL int TVMBackendFreeWorkspace(int device_type, int device_id, void* ptr);

/*!
 * \brief Run `flambda` on the runtime's thread pool. `num_task` 0 means one task per pool
 *  thread; larger requests are capped at the pool size, and the lambda must read the actual
 *  count from penv->num_task. A launch from inside a task runs serially as one task.
 * \return 0 when every task returned 0, otherwise -1 with the first task error as last error.
 */
TVM_DLL int TVMBackendParallelLaunch(FTVMParallelLambda flambda, void* cdata, int num_task);
/*! \brief Wait until every task of the current launch has reached the barrier. */
TVM_DLL int TVMBackendParallelBarrier(int task_id, TVMParallelGroupEnv* penv);

#ifdef __cplusplus
}  // extern "C"
#endif
#endif  // TVM_RUNTIME_C_RUNTIME_API_H_

/*
 * A hand-written kernel in the form generated code takes (the packed C ABI of
 * include/tvm/runtime/c_runtime_api.h): c = alpha * a + b over float32 vectors.
 *
 * It exercises what compiled models rely on: arguments checked at call time, a global
 * function looked up through the module context (alpha comes from a Python function), the
 * runtime's thread pool for the parallel loop, and errors reported through the last-error
 * slot. The runtime fills in the __TVM* pointers when it loads the library, so the library
 * needs no link-time dependency on the runtime.
 */
#include <tvm/runtime/c_runtime_api.h>

void* __tvm_module_ctx = 0;
int (*__TVMBackendGetFuncFromEnv)(void*, const char*, TVMFunctionHandle*) = 0;
int (*__TVMFuncCall)(TVMFunctionHandle, TVMValue*, int*, int, TVMValue*, int*) = 0;
int (*__TVMBackendParallelLaunch)(FTVMParallelLambda, void*, int) = 0;
void (*__TVMAPISetLastError)(const char*) = 0;
const char __tvm_main__[] = "axpy";

typedef struct {
  const float* a;
  const float* b;
  float* c;
  int64_t n;
  float alpha;
} AxpyClosure;

static int axpy_task(int task_id, TVMParallelGroupEnv* penv, void* cdata) {
  const AxpyClosure* cl = (const AxpyClosure*)cdata;
  int64_t chunk = (cl->n + penv->num_task - 1) / penv->num_task;
  int64_t begin = task_id * chunk;
  int64_t end = begin + chunk < cl->n ? begin + chunk : cl->n;
  for (int64_t i = begin; i < end; ++i) cl->c[i] = cl->alpha * cl->a[i] + cl->b[i];
  return 0;
}

static int is_f32_vector(const DLTensor* t, int64_t n) {
  return t->ndim == 1 && t->shape[0] == n && t->dtype.code == kDLFloat && t->dtype.bits == 32 &&
         t->dtype.lanes == 1;
}

int axpy(TVMValue* args, int* codes, int num_args, TVMValue* ret, int* ret_code, void* h) {
  if (num_args != 3) {
    __TVMAPISetLastError("TypeError: axpy expects 3 arguments (a, b, c)");
    return -1;
  }
  for (int i = 0; i < 3; ++i) {
    if (codes[i] != kTVMNDArrayHandle && codes[i] != kTVMDLTensorHandle) {
      __TVMAPISetLastError("TypeError: axpy expects NDArray arguments");
      return -1;
    }
  }
  const DLTensor* a = (const DLTensor*)args[0].v_handle;
  const DLTensor* b = (const DLTensor*)args[1].v_handle;
  DLTensor* c = (DLTensor*)args[2].v_handle;
  int64_t n = a->ndim == 1 ? a->shape[0] : -1;
  if (!is_f32_vector(a, n) || !is_f32_vector(b, n) || !is_f32_vector(c, n)) {
    __TVMAPISetLastError("ValueError: axpy expects three float32 vectors of one length");
    return -1;
  }
  /* alpha comes from whatever global function "demo.alpha" is registered: here, Python. */
  TVMFunctionHandle falpha;
  if (__TVMBackendGetFuncFromEnv(__tvm_module_ctx, "demo.alpha", &falpha) != 0) return -1;
  TVMValue rv;
  int rc;
  if (__TVMFuncCall(falpha, 0, 0, 0, &rv, &rc) != 0) return -1;
  AxpyClosure cl;
  cl.a = (const float*)((const char*)a->data + a->byte_offset);
  cl.b = (const float*)((const char*)b->data + b->byte_offset);
  cl.c = (float*)((char*)c->data + c->byte_offset);
  cl.n = n;
  cl.alpha = rc == kTVMArgFloat ? (float)rv.v_float64 : (float)rv.v_int64;
  return __TVMBackendParallelLaunch(axpy_task, &cl, 0);
}

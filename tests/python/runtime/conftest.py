"""Shared fixtures of the runtime tests: unique global names, and small C libraries compiled
against include/tvm/runtime/c_runtime_api.h that stand in for generated code."""
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

import tvm

REPO_ROOT = Path(__file__).resolve().parents[3]

# Packed C functions with the signature of generated code (TVMBackendPackedCFunc). The loader
# fills in the __TVM* function-pointer variables when the library is loaded as a module.
TEST_LIB_SOURCE = r"""
#include <tvm/runtime/c_runtime_api.h>

void (*__TVMAPISetLastError)(const char*) = 0;
int (*__TVMBackendParallelLaunch)(FTVMParallelLambda, void*, int) = 0;
int (*__TVMFuncCall)(TVMFunctionHandle, TVMValue*, int*, int, TVMValue*, int*) = 0;
const char __tvm_main__[] = "add_f32";

static float* f32_data(const DLTensor* t) { return (float*)((char*)t->data + t->byte_offset); }

/* add_f32(a, b, out): out = a + b, elementwise over float32 arrays of equal size. */
int add_f32(TVMValue* args, int* codes, int num_args, TVMValue* ret, int* ret_code, void* res) {
  if (num_args != 3) {
    __TVMAPISetLastError("TypeError: add_f32 expects 3 arguments");
    return -1;
  }
  for (int i = 0; i < 3; ++i) {
    if (codes[i] != kTVMNDArrayHandle && codes[i] != kTVMDLTensorHandle) {
      __TVMAPISetLastError("TypeError: add_f32 expects NDArray arguments");
      return -1;
    }
  }
  const DLTensor* a = (const DLTensor*)args[0].v_handle;
  const DLTensor* b = (const DLTensor*)args[1].v_handle;
  const DLTensor* c = (const DLTensor*)args[2].v_handle;
  int64_t size = 1;
  for (int i = 0; i < a->ndim; ++i) size *= a->shape[i];
  for (int64_t i = 0; i < size; ++i) f32_data(c)[i] = f32_data(a)[i] + f32_data(b)[i];
  return 0;
}

/* answer() -> 42; answer(x) -> 42 + x. */
int answer(TVMValue* args, int* codes, int num_args, TVMValue* ret, int* ret_code, void* res) {
  ret->v_int64 = 42 + (num_args > 0 ? args[0].v_int64 : 0);
  *ret_code = kTVMArgInt;
  return 0;
}

/* fail_with(message): reports `message` ("Kind: text") as the error and fails. */
int fail_with(TVMValue* args, int* codes, int num_args, TVMValue* ret, int* ret_code,
              void* res) {
  __TVMAPISetLastError(args[0].v_str);
  return -1;
}

/* fail(): always fails with a ValueError. */
int fail(TVMValue* args, int* codes, int num_args, TVMValue* ret, int* ret_code, void* res) {
  __TVMAPISetLastError("ValueError: fail was asked to fail");
  return -1;
}

/* apply(f, x...): calls the PackedFunc f with the other arguments and returns its result. */
int apply(TVMValue* args, int* codes, int num_args, TVMValue* ret, int* ret_code, void* res) {
  if (num_args < 1 || codes[0] != kTVMPackedFuncHandle) {
    __TVMAPISetLastError("TypeError: apply expects a function as its first argument");
    return -1;
  }
  return __TVMFuncCall(args[0].v_handle, args + 1, codes + 1, num_args - 1, ret, ret_code);
}

typedef struct {
  const double* x;
  double* y;
  int64_t n;
  int fail_task;
} SquareEnv;

static int square_task(int task_id, TVMParallelGroupEnv* penv, void* cdata) {
  SquareEnv* env = (SquareEnv*)cdata;
  if (task_id == env->fail_task) {
    __TVMAPISetLastError("ValueError: parallel task failed on purpose");
    return -1;
  }
  int64_t chunk = (env->n + penv->num_task - 1) / penv->num_task;
  int64_t begin = task_id * chunk;
  int64_t end = begin + chunk < env->n ? begin + chunk : env->n;
  for (int64_t i = begin; i < end; ++i) env->y[i] = env->x[i] * env->x[i] + 1.0;
  return 0;
}

/* par_square(x, y[, fail_task]): y = x * x + 1 over float64, split across the thread pool. */
int par_square(TVMValue* args, int* codes, int num_args, TVMValue* ret, int* ret_code,
               void* res) {
  const DLTensor* x = (const DLTensor*)args[0].v_handle;
  const DLTensor* y = (const DLTensor*)args[1].v_handle;
  SquareEnv env = {(const double*)x->data, (double*)y->data, x->shape[0],
                   num_args > 2 ? (int)args[2].v_int64 : -1};
  return __TVMBackendParallelLaunch(square_task, &env, 0);
}
"""

def _find_c_compiler():
    """The C compiler to build test libraries with: $CC, cc, gcc or clang; None if absent."""
    for name in [os.environ.get("CC"), "cc", "gcc", "clang"]:
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def _compile_shared_library(source, out_path):
    """Compile C `source` into the shared library `out_path`; skips the test without a compiler."""
    compiler = _find_c_compiler()
    if compiler is None:
        pytest.skip("no C compiler (cc, gcc or clang) to build the test library")
    out_path = Path(out_path)
    src_path = out_path.with_suffix(".c")
    src_path.write_text(source)
    cmd = [compiler, "-shared", "-fPIC", "-O1", f"-I{REPO_ROOT / 'include'}"]
    cmd += ["-o", str(out_path), str(src_path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.fail(f"compiling the test library failed:\n{' '.join(cmd)}\n{proc.stderr}")
    return out_path


@pytest.fixture(scope="session")
def test_lib_path(tmp_path_factory):
    """Path of the compiled TEST_LIB_SOURCE library."""
    return _compile_shared_library(TEST_LIB_SOURCE, tmp_path_factory.mktemp("lib") / "test_lib.so")


@pytest.fixture(scope="session")
def test_lib(test_lib_path):
    """TEST_LIB_SOURCE loaded as a runtime Module."""
    return tvm.runtime.load_module(test_lib_path)


@pytest.fixture
def global_name():
    """A fresh global function name, removed from the registry after the test."""
    name = f"testing.runtime.{uuid.uuid4().hex}"
    yield name
    tvm._ffi.remove_global_func(name)


def _run_python(code, env=None):
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_ROOT / "python")] + [p for p in [full_env.get("PYTHONPATH")] if p]
    )
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env, check=False
    )


@pytest.fixture(scope="session")
def compile_c():
    """compile_c(source, out_path) builds a shared library against the runtime's C headers
    (skipping the test where there is no C compiler) and returns its path."""
    return _compile_shared_library


@pytest.fixture(scope="session")
def run_python():
    """run_python(code, env=None) runs `code` in a fresh interpreter that imports this tvm and
    returns the subprocess.CompletedProcess (text output captured)."""
    return _run_python

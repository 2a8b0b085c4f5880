"""Modules: shared libraries of packed C functions (as generated code is), their errors, the
thread pool seen from generated code, imports, and the system library."""
import gc
import json
import shutil
import textwrap

import numpy as np
import pytest

import tvm


class CustomError(Exception):
    """An exception class the runtime knows nothing about."""


OTHER_LIB_SOURCE = r"""
#include <tvm/runtime/c_runtime_api.h>

int other_fn(TVMValue* args, int* codes, int num_args, TVMValue* ret, int* ret_code, void* res) {
  ret->v_int64 = 7;
  *ret_code = kTVMArgInt;
  return 0;
}
"""

# Registers a function in the system library from its constructor, as statically linked code
# does. TVMBackendRegisterSystemLibSymbol is left undefined: it must resolve to the runtime
# already loaded in the process, never to a second copy.
SYSTEM_LIB_SOURCE = r"""
#include <tvm/runtime/c_runtime_api.h>

extern int TVMBackendRegisterSystemLibSymbol(const char* name, void* ptr);

static int sys_add_one(TVMValue* args, int* codes, int num_args, TVMValue* ret, int* ret_code,
                       void* res) {
  ret->v_int64 = args[0].v_int64 + 1;
  *ret_code = kTVMArgInt;
  return 0;
}

__attribute__((constructor)) static void register_symbols(void) {
  TVMBackendRegisterSystemLibSymbol("sys_add_one", (void*)sys_add_one);
}
"""


# --------------------------------------------------------------------------------------------
# Calling library functions
# --------------------------------------------------------------------------------------------


def test_load_library(test_lib):
    """A shared library loads as a Module of type 'library'."""
    assert isinstance(test_lib, tvm.runtime.Module)
    assert test_lib.type_key == "library"
    assert "library" in repr(test_lib)


def test_add_matches_numpy(test_lib):
    """add_f32 writes a + b into its output, as numpy computes it."""
    rng = np.random.default_rng(0)
    a_np = rng.standard_normal((3, 17)).astype("float32")
    b_np = rng.standard_normal((3, 17)).astype("float32")
    a, b, c = tvm.nd.array(a_np), tvm.nd.array(b_np), tvm.nd.empty((3, 17), "float32")
    test_lib["add_f32"](a, b, c)
    np.testing.assert_array_equal(c.numpy(), a_np + b_np)


def test_entry_function(test_lib):
    """__tvm_main__ names the entry function, which calling the module runs."""
    a = tvm.nd.array(np.arange(4, dtype="float32"))
    b = tvm.nd.array(np.full(4, 0.5, dtype="float32"))
    c = tvm.nd.empty((4,), "float32")
    test_lib(a, b, c)
    np.testing.assert_array_equal(c.numpy(), np.arange(4, dtype="float32") + 0.5)
    c2 = tvm.nd.empty((4,), "float32")
    test_lib.entry_func(a, b, c2)
    np.testing.assert_array_equal(c2.numpy(), c.numpy())


def test_int_return_value(test_lib):
    """A C function's int result comes back as a Python int."""
    answer = test_lib["answer"]
    assert answer() == 42
    assert answer(8) == 50
    assert answer(-42) == 0


def test_error_reported_by_c_code(test_lib):
    """A C function that sets "ValueError: ..." and returns -1 raises ValueError with exactly
    that message."""
    with pytest.raises(ValueError) as info:
        test_lib["fail"]()
    assert str(info.value) == "fail was asked to fail"
    assert isinstance(info.value, tvm.error.TVMError)


def test_c_code_checks_its_arguments(test_lib):
    """Errors a C function reports about its arguments arrive with their kind."""
    with pytest.raises(TypeError, match="expects 3 arguments"):
        test_lib["add_f32"](tvm.nd.empty((1,)), tvm.nd.empty((1,)))
    with pytest.raises(TypeError, match="expects NDArray arguments"):
        test_lib["add_f32"](1, 2, 3)


def test_parallel_loop_matches_numpy(test_lib):
    """A function splitting its loop over the runtime's thread pool computes x * x + 1."""
    x_np = np.linspace(-5, 5, 100003)
    x, y = tvm.nd.array(x_np), tvm.nd.empty(x_np.shape, "float64")
    for _ in range(20):  # repeated launches reuse the pool
        y.copyfrom(np.zeros_like(x_np))
        test_lib["par_square"](x, y)
        np.testing.assert_array_equal(y.numpy(), x_np * x_np + 1)


def test_parallel_task_error(test_lib):
    """A task that fails makes the launch fail with the task's error."""
    x, y = tvm.nd.array(np.ones(1000)), tvm.nd.empty((1000,), "float64")
    with pytest.raises(ValueError, match="parallel task failed on purpose"):
        test_lib["par_square"](x, y, 0)
    test_lib["par_square"](x, y)  # the pool still works afterwards
    np.testing.assert_array_equal(y.numpy(), np.full(1000, 2.0))


# --------------------------------------------------------------------------------------------
# Python called from C code
# --------------------------------------------------------------------------------------------


def test_c_code_calls_python_function(test_lib):
    """C code calling a Python callable through TVMFuncCall gets its result, of any type."""
    apply = test_lib["apply"]
    assert apply(lambda x, y: x * y, 6, 7) == 42
    assert apply(lambda: "text") == "text"
    assert apply(lambda: b"\x00\xff") == b"\x00\xff"
    a = tvm.nd.array(np.arange(3, dtype="int8"))
    assert apply(lambda: a).same_as(a)
    assert list(apply(lambda x: [x, x], 1)) == [1, 1]
    assert apply(tvm.get_global_func("runtime.NumThreads")) >= 1


def test_python_exception_crosses_c_code(test_lib):
    """An exception raised in a Python callback that C code called comes back through the C
    frames as the original exception."""
    apply = test_lib["apply"]
    raised = CustomError("from python", 3)

    def fail():
        raise raised

    with pytest.raises(CustomError) as info:
        apply(fail)
    assert info.value is raised
    with pytest.raises(KeyError, match="missing"):
        apply(lambda: {}["missing"])
    with pytest.raises(ZeroDivisionError):
        apply(lambda: 1 // 0)


def test_exception_crosses_nested_c_and_python(test_lib):
    """Python -> C -> Python -> C -> Python: the innermost exception reaches the outer caller."""
    apply = test_lib["apply"]

    def inner():
        raise CustomError("innermost")

    with pytest.raises(CustomError, match="innermost"):
        apply(lambda: apply(inner))
    assert apply(lambda: apply(lambda: 5) + 1) == 6


def test_c_error_inside_python_callback(test_lib):
    """A C function's error raised inside a callback that C code called reaches the caller."""
    apply, fail = test_lib["apply"], test_lib["fail"]
    with pytest.raises(ValueError, match="fail was asked to fail"):
        apply(lambda: fail())  # pylint: disable=unnecessary-lambda


# --------------------------------------------------------------------------------------------
# Lookup, lifetime and imports
# --------------------------------------------------------------------------------------------


def test_missing_function_is_attribute_error(test_lib):
    """mod["missing"] is an AttributeError naming the function; names must be str."""
    with pytest.raises(AttributeError, match="missing"):
        test_lib["missing"]  # pylint: disable=pointless-statement
    with pytest.raises(AttributeError, match="missing"):
        test_lib.get_function("missing")
    with pytest.raises(TypeError):
        test_lib[1]  # pylint: disable=pointless-statement
    assert test_lib.implements_function("answer")
    assert not test_lib.implements_function("missing")


def test_function_keeps_module_alive(test_lib_path):
    """A function fetched from a module works after the module object is dropped."""
    f = tvm.runtime.load_module(test_lib_path)["answer"]
    gc.collect()
    assert f() == 42


def test_load_same_library_twice(test_lib_path, tmp_path):
    """The same library loaded twice, and a copy under another name, all work."""
    copy = tmp_path / "copy_of_lib.so"
    shutil.copy(test_lib_path, copy)
    mods = [tvm.runtime.load_module(p) for p in (test_lib_path, test_lib_path, copy)]
    assert [m["answer"](i) for i, m in enumerate(mods)] == [42, 43, 44]


def test_imports(test_lib_path, compile_c, tmp_path):
    """Functions of imported modules are found with query_imports; import cycles are refused."""
    main = tvm.runtime.load_module(test_lib_path)
    other = tvm.runtime.load_module(compile_c(OTHER_LIB_SOURCE, tmp_path / "other.so"))
    assert main.imported_modules == []
    main.import_module(other)
    assert len(main.imported_modules) == 1 and main.imported_modules[0].same_as(other)
    assert main.get_function("other_fn", query_imports=True)() == 7
    with pytest.raises(AttributeError):
        main.get_function("other_fn")
    with pytest.raises(ValueError, match="cycle"):
        other.import_module(main)


# --------------------------------------------------------------------------------------------
# Load errors
# --------------------------------------------------------------------------------------------


def test_load_missing_file_is_value_error(tmp_path):
    """Loading a file that does not exist is a ValueError naming it."""
    path = tmp_path / "absent.so"
    with pytest.raises(ValueError, match="absent.so"):
        tvm.runtime.load_module(path)


@pytest.mark.parametrize("content", [b"", b"garbage, not a library", b"\x7fELF" + b"\x00" * 12])
def test_load_garbage_library_is_value_error(tmp_path, content):
    """A .so that is not a shared library is a ValueError naming the file."""
    path = tmp_path / "x.so"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="x.so"):
        tvm.runtime.load_module(path)


def test_load_directory_is_value_error(tmp_path):
    """A directory named like a library is a ValueError naming it."""
    path = tmp_path / "dir.so"
    path.mkdir()
    with pytest.raises(ValueError, match="dir.so"):
        tvm.runtime.load_module(path)


def test_load_truncated_library_is_value_error(test_lib_path, tmp_path, run_python):
    """Copies of a real library cut short are ValueErrors naming the file, never a crash. Run in
    a separate process so that a crash fails this test rather than the whole session."""
    data = test_lib_path.read_bytes()
    paths = []
    for cut in [16, 64, 200, len(data) // 8, len(data) // 4, len(data) // 2]:
        path = tmp_path / f"cut_{cut}.so"
        path.write_bytes(data[:cut])
        paths.append(str(path))
    script = textwrap.dedent(
        f"""
        import json, tvm
        for path in {paths!r}:
            try:
                tvm.runtime.load_module(path)
                print(json.dumps([path, "loaded", ""]), flush=True)
            except Exception as err:
                print(json.dumps([path, type(err).__name__, str(err)]), flush=True)
        """
    )
    proc = run_python(script)
    assert proc.returncode == 0, f"loading crashed ({proc.returncode}):\n{proc.stdout}{proc.stderr}"
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r[0] for r in results] == paths
    for path, kind, message in results:
        assert kind in ("TVMValueError", "ValueError"), (path, kind, message)
        assert path in message


@pytest.mark.parametrize("name", ["lib.foo", "lib.params", "noext"])
def test_load_unknown_format_is_value_error(test_lib_path, tmp_path, name):
    """A file whose extension names no known format is a ValueError naming the file."""
    path = tmp_path / name
    shutil.copy(test_lib_path, path)
    with pytest.raises(ValueError, match=name):
        tvm.runtime.load_module(path)


def test_explicit_format_overrides_extension(test_lib_path, tmp_path):
    """load_module(path, "so") loads a library whatever its file name."""
    path = tmp_path / "lib.bin"
    shutil.copy(test_lib_path, path)
    assert tvm.runtime.load_module(path, "so")["answer"]() == 42


# --------------------------------------------------------------------------------------------
# System library
# --------------------------------------------------------------------------------------------


def test_system_lib_missing_function():
    """The system library is a module; an unregistered name is an AttributeError."""
    lib = tvm.runtime.system_lib()
    assert lib.type_key == "system_lib"
    with pytest.raises(AttributeError, match="not_registered_anywhere"):
        lib["not_registered_anywhere"]  # pylint: disable=pointless-statement


def test_system_lib_registration(compile_c, tmp_path, run_python):
    """A library whose constructor registers a symbol makes it a system-library function.

    The library is loaded in a fresh process: first the libtvm.so this process already uses is
    reopened with RTLD_GLOBAL (the same file, so no second copy of the runtime), then the
    library, whose undefined TVMBackendRegisterSystemLibSymbol resolves against it."""
    path = compile_c(SYSTEM_LIB_SOURCE, tmp_path / "syslib.so")
    script = textwrap.dedent(
        f"""
        import ctypes, tvm
        loaded = [line.split()[-1] for line in open("/proc/self/maps")
                  if line.rstrip().endswith("/libtvm.so")]
        if not loaded:
            print("SKIP: libtvm.so is not a loaded shared library")
            raise SystemExit(0)
        ctypes.CDLL(loaded[0], mode=ctypes.RTLD_GLOBAL)
        ctypes.CDLL({str(path)!r}, mode=ctypes.RTLD_GLOBAL)
        f = tvm.runtime.system_lib()["sys_add_one"]
        print(f(41), f(-1))
        """
    )
    proc = run_python(script)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    if proc.stdout.startswith("SKIP"):
        pytest.skip(proc.stdout.strip())
    assert proc.stdout.split() == ["42", "0"]

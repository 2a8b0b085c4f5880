"""The C source backend runs the LLVM codegen test programs and matches numpy.

Each case is a test of test_llvm_basic.py / test_llvm_intrinsics.py /
te/test_schedule_numeric.py (same TIR builders, inputs
and numpy references) with tvm.build retargeted to "c"; tests that inspect LLVM IR or assembly
are left out (their C counterparts are in test_c_source.py).
"""
import inspect

import pytest

import tvm

from c_helpers import build_with_c_target, expand, load_test_module

llvm_basic = load_test_module("codegen/test_llvm_basic.py")
llvm_intrinsics = load_test_module("codegen/test_llvm_intrinsics.py")
te_schedules = load_test_module("te/test_schedule_numeric.py")
llvm_packed_api = load_test_module("codegen/test_llvm_packed_api.py")
llvm_export = load_test_module("codegen/test_llvm_export.py")

BASIC = [
    "test_add_odd_sizes", "test_unrolled_loop", "test_parallel_loop_captures_symbolic_shape",
    "test_reduction_loop", "test_integer_division_semantics", "test_int8_wraps_like_numpy",
    "test_min_max_select_compare", "test_bool_buffers_and_logic", "test_float16_arithmetic",
    "test_casts", "test_bitwise_and_shifts", "test_symbolic_shape",
    "test_multidim_buffer_indices", "test_let_if_while",
    "test_scalar_params", "test_call_packed_and_extern", "test_call_packed_error_propagates",
    "test_irmodule_with_two_functions", "test_time_evaluator",
]


def _tests_of(module):
    return [n for n in dir(module) if n.startswith("test_")]


INTRINSICS = [name for name in dir(llvm_intrinsics) if name.startswith("test_")]


@pytest.mark.parametrize("test, kwargs", expand(llvm_basic, BASIC))
def test_basic_program_on_c(test, kwargs):
    """A test_llvm_basic.py program built for "c" gives the numpy result it checks."""
    with build_with_c_target():
        test(**kwargs)


@pytest.mark.parametrize("test, kwargs", expand(llvm_intrinsics, INTRINSICS))
def test_intrinsic_program_on_c(test, kwargs):
    """A test_llvm_intrinsics.py program (math.h intrinsics, float32/float64, scalar and
    16-lane Ramp code) built for "c" matches numpy within the same tolerance."""
    with build_with_c_target():
        test(**kwargs)


@pytest.mark.parametrize("test, kwargs", expand(te_schedules, _tests_of(te_schedules)))
def test_te_schedule_program_on_c(test, kwargs):
    """A te/test_schedule_numeric.py schedule (split, fuse, reorder, parallel, vectorize,
    compute_at, cache_write, reductions, symbolic shapes) built for "c" matches numpy."""
    with build_with_c_target():
        test(**kwargs)


@pytest.mark.parametrize("test, kwargs", expand(llvm_packed_api, _tests_of(llvm_packed_api)))
def test_packed_api_check_on_c(test, kwargs):
    """A test_llvm_packed_api.py argument check (count, kind, dtype, ndim, shape, symbolic
    dims, strides) raises the same typed error with its message from C code."""
    with build_with_c_target():
        if "add17" in inspect.signature(test).parameters:
            # The module's add17 fixture, built inside the retargeting block.
            kwargs = dict(kwargs, add17=tvm.build(llvm_packed_api.elementwise(
                17, ["float32"] * 3, lambda a, b: a + b), name="myadd")["myadd"])
        test(**kwargs)


@pytest.mark.parametrize("test, kwargs", expand(llvm_export, _tests_of(llvm_export)))
def test_export_program_on_c(test, kwargs, tmp_path):
    """A test_llvm_export.py program: a "c" module exported with export_library loads with
    load_module here and in a process that has only libtvm_runtime.so."""
    with build_with_c_target():
        test(tmp_path=tmp_path, **kwargs)

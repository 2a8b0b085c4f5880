"""The CUDA target: generated CUDA C compiles with NVRTC to PTX that ptxas accepts; the CUDA
runtime reports an absent device truthfully; tests that run kernels need a CUDA device."""
import os
import shutil
import subprocess

import numpy as np
import pytest

import tvm
import tvm.testing
from tvm import te
from tvm._ffi.registry import remove_global_func
from tvm.contrib import nvcc

import gpu_programs

requires_cuda = pytest.mark.skipif(not tvm.cuda().exist, reason="no CUDA device here")
PTXAS = shutil.which("ptxas") or "/usr/local/cuda/bin/ptxas"
requires_ptxas = pytest.mark.skipif(not os.path.exists(PTXAS), reason="ptxas not installed")


def _nvrtc_available():
    try:
        s, args, _, _ = gpu_programs.vector_add(n=64)
        tvm.build(s, args, target="cuda")
        return True
    except ValueError as err:
        return "NVRTC" not in str(err)


requires_nvrtc = pytest.mark.skipif(not _nvrtc_available(), reason="NVRTC not installed")


def _ptxas_accepts(ptx, tmp_path, arch="sm_80"):
    path = tmp_path / "kernels.ptx"
    path.write_text(ptx)
    proc = subprocess.run([PTXAS, f"-arch={arch}", str(path), "-o", str(tmp_path / "k.cubin")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_source_is_cuda_c():
    """The CUDA source (no compiler needed) has extern "C" __global__ kernels with launch
    bounds and thread indices."""
    s, args, _, _ = gpu_programs.vector_add(threads=128)
    src = tvm.get_global_func("target.cuda.source")(tvm.ir.IRModule(_kernels(s, args)))
    assert 'extern "C" __global__ void __launch_bounds__(128) main_kernel0(' in src
    assert "float* __restrict__ A" in src
    assert "blockIdx.x" in src and "threadIdx.x" in src


def _kernels(s, args, target="cuda"):
    mod = tvm.tir.transform.SplitHostDevice(tvm.target.Target(target))(tvm.lower(s, args))
    out = {}
    for gv, func in mod.functions_items:
        if func.attrs is not None and "calling_conv" in func.attrs:
            out[gv.name_hint] = func
    return out


@requires_nvrtc
def test_shared_memory_and_syncthreads_in_source():
    """Shared tiles are __shared__ arrays; ThreadSync's barriers are __syncthreads()."""
    s, args, _, _ = gpu_programs.matmul_shared()
    src = tvm.build(s, args, target="cuda").imported_modules[0].get_source()
    assert "__shared__ __align__(16) float A_shared[64];" in src
    assert src.count("__syncthreads()") == 2
    assert "__launch_bounds__(64)" in src


@requires_nvrtc
@requires_ptxas
@pytest.mark.parametrize("name", sorted(gpu_programs.ALL))
def test_programs_compile_to_ptx_that_ptxas_accepts(name, tmp_path):
    """Each GPU-scheduled TE program compiles with NVRTC, and ptxas -arch=sm_80 accepts the PTX."""
    s, args, _, _ = gpu_programs.ALL[name]()
    mod = tvm.build(s, args, target=tvm.target.Target("cuda -arch=sm_80"))
    dev_mod = mod.imported_modules[0]
    assert dev_mod.type_key == "cuda"
    ptx = dev_mod.get_source("ptx")
    assert ".visible .entry default_function_kernel0" in ptx
    _ptxas_accepts(ptx, tmp_path)


@requires_nvrtc
def test_aligned_vector_accesses_use_float4():
    """Vectorized loads and stores at multiples of 4 elements become float4 accesses in PTX."""
    s, args, _, _ = gpu_programs.vectorized_axpy()
    dev_mod = tvm.build(s, args, target="cuda").imported_modules[0]
    src, ptx = dev_mod.get_source(), dev_mod.get_source("ptx")
    assert "*(const float4*)(A + " in src and "= make_float4(" in src
    assert "ld.global.nc.v4.f32" in ptx and "st.global.v4.f32" in ptx


@requires_nvrtc
def test_possibly_unaligned_vector_accesses_are_scalarized():
    """A vector load at an offset not known to be a multiple of 4 is not a float4 access."""
    A = te.placeholder((1028,), name="A")
    C = te.compute((1024,), lambda i: A[i + 1] * 2.0, name="C")
    s = te.create_schedule(C.op)
    bx, r = s[C].split(C.op.axis[0], factor=256)
    tx, v = s[C].split(r, factor=4)
    s[C].bind(bx, te.thread_axis("blockIdx.x"))
    s[C].bind(tx, te.thread_axis("threadIdx.x"))
    s[C].vectorize(v)
    src = tvm.build(s, [A, C], target="cuda").imported_modules[0].get_source()
    assert "float4" not in src


@requires_nvrtc
@pytest.mark.parametrize("threads,syncs", [(16, 0), (32, 0), (256, 1)])
def test_power_of_two_cross_thread_reductions_use_warp_shuffles(threads, syncs):
    """A power-of-two block reduces in registers by __shfl_down_sync; past one warp, the warps'
    results meet in shared memory behind a single barrier."""
    s, args, _, _ = gpu_programs.row_sum_shuffle(threads=threads)
    src = tvm.build(s, args, target="cuda").imported_modules[0].get_source()
    width = min(threads, 32)
    steps = (width.bit_length() - 1) + (5 if threads > 32 else 0)
    assert src.count("__shfl_down_sync(") == steps, src
    assert src.count("__syncthreads()") == syncs, src
    # The mask names exactly the lanes taking part; no prototype shadows CUDA's own.
    assert f"__shfl_down_sync(((uint32_t){(1 << width) - 1}ULL)" in src, src
    assert f", 1, {width})" in src and "extern float __shfl" not in src


@requires_nvrtc
def test_other_cross_thread_reductions_use_shared_memory():
    """24 threads (not a power of two) keep the shared-memory tree reduction."""
    s, args, _, _ = gpu_programs.row_sum_cross_thread(threads=24)
    src = tvm.build(s, args, target="cuda").imported_modules[0].get_source()
    assert "__shfl_down_sync" not in src and "__syncthreads()" in src


@requires_nvrtc
@requires_ptxas
def test_half_precision_compiles(tmp_path):
    """float16 kernels use half from cuda_fp16.h and compile."""
    s, args, _, _ = gpu_programs.vector_add(n=256, dtype="float16")
    mod = tvm.build(s, args, target=tvm.target.cuda(arch="sm_80"))
    src = mod.imported_modules[0].get_source()
    assert "#include <cuda_fp16.h>" in src and "half* __restrict__ A" in src
    _ptxas_accepts(mod.imported_modules[0].get_source("ptx"), tmp_path)


@requires_nvrtc
def test_compile_errors_show_the_nvrtc_log():
    """A compilation NVRTC refuses (here an unknown -arch) is a ValueError with NVRTC's log."""
    s, args, _, _ = gpu_programs.vector_add(n=64)
    with pytest.raises(ValueError, match="NVRTC"):
        tvm.build(s, args, target="cuda -arch=sm_1")


@pytest.mark.skipif(shutil.which("nvcc") is None and
                    not os.path.exists("/usr/local/cuda/bin/nvcc"), reason="nvcc not installed")
def test_nvcc_hook_replaces_nvrtc(tmp_path):
    """With tvm_callback_cuda_compile registered (tvm.contrib.nvcc), tvm.build compiles with nvcc."""
    calls = []

    def hook(code, target):
        calls.append(code)
        return nvcc.compile_cuda(code, target_format="ptx", arch="sm_80")

    tvm.register_func("tvm_callback_cuda_compile", hook, override=True)
    try:
        s, args, _, _ = gpu_programs.vector_add(n=64)
        mod = tvm.build(s, args, target="cuda")
    finally:
        remove_global_func("tvm_callback_cuda_compile")
    assert len(calls) == 1
    assert ".entry default_function_kernel0" in mod.imported_modules[0].get_source("ptx")


def test_cuda_device_exist_is_truthful():
    """tvm.cuda().exist is False without a driver or device, and allocating there is a ValueError."""
    if tvm.cuda().exist:
        pytest.skip("a CUDA device is present")
    with pytest.raises(ValueError, match="cuda"):
        tvm.nd.empty((4,), "float32", tvm.cuda())


@requires_nvrtc
def test_export_library_packs_ptx(tmp_path):
    """export_library packs the CUDA module (PTX and source) into the .so; reload restores it."""
    s, args, _, _ = gpu_programs.vector_add(n=64)
    mod = tvm.build(s, args, target="cuda")
    path = str(tmp_path / "add_cuda.so")
    mod.export_library(path)
    loaded = tvm.runtime.load_module(path)
    dev_mod = loaded.imported_modules[0]
    assert dev_mod.type_key == "cuda"
    assert dev_mod.get_source("ptx") == mod.imported_modules[0].get_source("ptx")
    assert dev_mod.get_source() == mod.imported_modules[0].get_source()


@requires_cuda
@pytest.mark.parametrize("name", sorted(gpu_programs.ALL))
def test_programs_match_numpy_on_cuda(name):
    """On a CUDA device, each GPU-scheduled program runs and matches numpy."""
    s, args, inputs, ref = gpu_programs.ALL[name]()
    mod = tvm.build(s, args, target="cuda")
    gpu_programs.run(mod, args, inputs, ref, tvm.cuda())


def test_gpu_targets_parse():
    """cuda and opencl target strings and tvm.target.cuda(arch=...) parse with their options."""
    t = tvm.target.Target("cuda -arch=sm_80")
    assert str(t.kind) == "cuda" and "gpu" in list(t.keys)
    assert str(tvm.target.cuda(arch="sm_75").attrs["arch"]) == "sm_75"
    assert str(tvm.target.Target("opencl").kind) == "opencl"
    assert str(tvm.target.Target("opencl -device=mali").attrs["device"]) == "mali"

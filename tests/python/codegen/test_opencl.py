"""The OpenCL target: generated OpenCL C, the OpenCL runtime, and numerical results on
whatever OpenCL device is installed (PoCL runs the kernels on the CPU)."""
import numpy as np
import pytest

import tvm
import tvm.testing
from tvm import te

import gpu_programs

requires_opencl = pytest.mark.skipif(not tvm.testing.device_enabled("opencl"),
                                     reason="no OpenCL device here")


def test_opencl_device_exists_when_a_driver_is_installed():
    """tvm.opencl().exist matches the runtime's view, and an absent device id does not exist."""
    assert tvm.opencl(99).exist is False
    if tvm.opencl().exist:
        assert isinstance(tvm.opencl().device_name, str)
        assert tvm.opencl().max_threads_per_block >= 1


def test_source_is_opencl_c():
    """The imported module holds OpenCL C: a __kernel with __global pointers and thread indices."""
    s, args, _, _ = gpu_programs.vector_add()
    mod = tvm.build(s, args, target="opencl")
    dev_mod = mod.imported_modules[0]
    assert dev_mod.type_key == "opencl"
    src = dev_mod.get_source()
    assert "__kernel void default_function_kernel0(" in src
    assert "__global float* restrict A" in src
    assert "get_group_id(0)" in src and "get_local_id(0)" in src


def test_shared_memory_and_barriers_in_source():
    """cache_read "shared" becomes __local arrays at kernel scope, with barriers around use."""
    s, args, _, _ = gpu_programs.matmul_shared()
    src = tvm.build(s, args, target="opencl").imported_modules[0].get_source()
    assert "__local float A_shared[64];" in src
    assert "__local float B_shared[64];" in src
    assert src.count("barrier(CLK_LOCAL_MEM_FENCE)") == 2
    assert "float C_local[1];" in src


def test_vectorized_loops_use_vector_types():
    """A vectorized dense store and its loads become vstore4/vload4 on float4 values."""
    s, args, _, _ = gpu_programs.vectorized_axpy()
    src = tvm.build(s, args, target="opencl").imported_modules[0].get_source()
    assert "vstore4(" in src and "vload4(0, A + " in src and "((float4)(" in src
    assert "tvmc_lane" not in src


@requires_opencl
@pytest.mark.parametrize("name", sorted(gpu_programs.ALL))
def test_programs_match_numpy(name):
    """Each GPU-scheduled TE program built for opencl runs and matches numpy."""
    s, args, inputs, ref = gpu_programs.ALL[name]()
    mod = tvm.build(s, args, target="opencl")
    gpu_programs.run(mod, args, inputs, ref, tvm.opencl())


@requires_opencl
@pytest.mark.parametrize("n", [13, 60])
def test_shared_tiles_with_partial_last_tile(n):
    """Tiles that do not divide the matrix: guarded fetches, barriers outside the guards."""
    s, args, inputs, ref = gpu_programs.matmul_shared(n=n)
    mod = tvm.build(s, args, target="opencl")
    gpu_programs.run(mod, args, inputs, ref, tvm.opencl())


def test_double_buffer_keeps_two_tiles_and_one_barrier_per_iteration():
    """double_buffer() on the shared tiles: 2 x 64 floats each, 2 barriers in the source."""
    s, args, _, _ = gpu_programs.matmul_shared(double_buffer=True)
    src = tvm.build(s, args, target="opencl").imported_modules[0].get_source()
    assert "__local float A_shared[128];" in src and "__local float B_shared[128];" in src
    assert src.count("barrier(CLK_LOCAL_MEM_FENCE)") == 2


@requires_opencl
@pytest.mark.parametrize("n", [7, 60, 64])
def test_double_buffered_matmul_matches_numpy(n):
    """The double-buffered shared-memory matmul gives numpy's product, also with partial tiles."""
    s, args, inputs, ref = gpu_programs.matmul_shared(n=n, double_buffer=True)
    mod = tvm.build(s, args, target="opencl")
    gpu_programs.run(mod, args, inputs, ref, tvm.opencl())


@requires_opencl
@pytest.mark.parametrize("length", [1, 31, 32, 100])
def test_symbolic_length_with_tail(length):
    """A symbolic extent reaches the kernel as an argument; the tail threads do nothing."""
    s, args, inputs, ref = gpu_programs.vector_add_symbolic()
    mod = tvm.build(s, args, target="opencl")
    gpu_programs.run(mod, args, inputs, ref, tvm.opencl(), length=length)


@requires_opencl
def test_int_and_double_dtypes():
    """int32 and float64 kernels compute exactly like numpy."""
    for dtype in ("int32", "float64"):
        s, args, _, _ = gpu_programs.vector_add(n=128, dtype=dtype)
        mod = tvm.build(s, args, target="opencl")
        a = np.arange(128).astype(dtype)
        b = (np.arange(128) * 3).astype(dtype)
        c = tvm.nd.empty((128,), dtype, tvm.opencl())
        mod(tvm.nd.array(a, tvm.opencl()), tvm.nd.array(b, tvm.opencl()), c)
        np.testing.assert_array_equal(c.numpy(), a + b)


@requires_opencl
def test_export_library_packs_and_reloads_device_code(tmp_path):
    """export_library puts the OpenCL source in the .so; the reloaded module runs it."""
    s, args, inputs, ref = gpu_programs.matmul_shared()
    mod = tvm.build(s, args, target="opencl")
    path = str(tmp_path / "matmul_cl.so")
    mod.export_library(path)
    loaded = tvm.runtime.load_module(path)
    assert [m.type_key for m in loaded.imported_modules] == ["opencl"]
    assert loaded.imported_modules[0].get_source() == mod.imported_modules[0].get_source()
    gpu_programs.run(loaded, args, inputs, ref, tvm.opencl())


@requires_opencl
def test_arrays_on_the_wrong_device_are_rejected():
    """Host arrays passed to an opencl function raise a ValueError naming the device type."""
    s, args, inputs, _ = gpu_programs.vector_add()
    mod = tvm.build(s, args, target="opencl")
    a, b = inputs()
    with pytest.raises(ValueError, match="device_type"):
        mod(tvm.nd.array(a), tvm.nd.array(b), tvm.nd.empty((1024,), "float32"))


@requires_opencl
def test_build_failure_reports_the_build_log():
    """An OpenCL program that does not compile raises a ValueError holding the driver's log."""
    create = tvm.get_global_func("runtime.module.create_opencl")
    mod = create("__kernel void broken(__global float* A) { A[0] = undefined_name; }",
                 "broken;handle;threadIdx.x\n")
    a = tvm.nd.empty((4,), "float32", tvm.opencl())
    f = mod.get_function("broken")
    # The program is built before any argument is read.
    with pytest.raises(ValueError, match="(?s)Build log.*undefined_name"):
        f(a, 1)


@requires_opencl
def test_copies_between_host_and_device_round_trip():
    """Arrays copied to the OpenCL device and back, and between two device arrays, keep values."""
    x = np.random.default_rng(0).standard_normal((7, 5)).astype("float32")
    dev_a = tvm.nd.array(x, tvm.opencl())
    dev_b = tvm.nd.empty((7, 5), "float32", tvm.opencl())
    dev_a.copyto(dev_b)
    np.testing.assert_array_equal(dev_b.numpy(), x)
    tvm.opencl().sync()

"""Devices: construction by name and type, presence, errors for absent devices, and the CPU
thread pool."""
import numpy as np
import pytest

import tvm

# DLPack device type codes.
KDL_CPU, KDL_CUDA, KDL_OPENCL, KDL_VULKAN, KDL_METAL, KDL_ROCM = 1, 2, 4, 7, 8, 10


def has_device_api(name):
    """Whether this runtime was built with support for a device kind."""
    return tvm.get_global_func(f"device_api.{name}", allow_missing=True) is not None


def test_cpu_device():
    """tvm.cpu() is device type 1, id 0, and equals the same device made by name."""
    dev = tvm.cpu()
    assert isinstance(dev, tvm.runtime.Device)
    assert (dev.device_type, dev.device_id) == (KDL_CPU, 0)
    assert dev == tvm.cpu(0) == tvm.device("cpu", 0) == tvm.device("cpu") == tvm.device("llvm")
    assert tvm.device("llvm -mcpu=skylake") == dev
    assert tvm.device(KDL_CPU, 0) == dev
    assert repr(dev) == "cpu(0)"


@pytest.mark.parametrize(
    "dev, device_type, device_id",
    [
        (lambda: tvm.cuda(), KDL_CUDA, 0),
        (lambda: tvm.gpu(2), KDL_CUDA, 2),
        (lambda: tvm.device("cuda:1"), KDL_CUDA, 1),
        (lambda: tvm.device("cuda", 3), KDL_CUDA, 3),
        (lambda: tvm.device("gpu"), KDL_CUDA, 0),
        (lambda: tvm.opencl(), KDL_OPENCL, 0),
        (lambda: tvm.cl(1), KDL_OPENCL, 1),
        (lambda: tvm.device("opencl"), KDL_OPENCL, 0),
        (lambda: tvm.device("cl:2"), KDL_OPENCL, 2),
        (lambda: tvm.vulkan(), KDL_VULKAN, 0),
        (lambda: tvm.metal(), KDL_METAL, 0),
        (lambda: tvm.rocm(), KDL_ROCM, 0),
        (lambda: tvm.cpu(5), KDL_CPU, 5),
    ],
)
def test_devices_exist_as_objects(dev, device_type, device_id):
    """Devices of every kind can be made, present or not, with DLPack's type codes."""
    d = dev()
    assert (d.device_type, d.device_id) == (device_type, device_id)


def test_device_repr_names_kind_and_id():
    """repr of a device is kind(id)."""
    assert repr(tvm.cuda(1)) == "cuda(1)"
    assert repr(tvm.opencl()) == "opencl(0)"


def test_device_equality_and_hash():
    """Devices compare and hash by (type, id) and are usable as dict keys."""
    assert tvm.cuda(0) != tvm.cuda(1)
    assert tvm.cuda(0) != tvm.cpu(0)
    assert tvm.cpu() != "cpu"
    table = {tvm.cpu(0): "host", tvm.cuda(1): "gpu1"}
    assert table[tvm.device("cpu")] == "host"
    assert table[tvm.device("cuda:1")] == "gpu1"


def test_cpu_exists():
    """The CPU is always present and reports a name and core count."""
    assert tvm.cpu().exist is True
    assert tvm.cpu().device_name == "cpu"
    assert tvm.cpu().multi_processor_count >= 1
    tvm.cpu().sync()


@pytest.mark.parametrize("kind, make", [("cuda", tvm.cuda), ("opencl", tvm.opencl)])
def test_absent_devices_do_not_exist(kind, make):
    """A device kind this build has no runtime for reports exist == False."""
    if has_device_api(kind):
        pytest.skip(f"this build has a {kind} runtime")
    assert make().exist is False
    assert make(3).exist is False


@pytest.mark.parametrize("kind, make", [("cuda", tvm.cuda), ("opencl", tvm.opencl)])
def test_arrays_on_absent_devices_are_value_errors(kind, make):
    """Allocating on, or copying to, a device without a runtime is a ValueError naming it."""
    if has_device_api(kind):
        pytest.skip(f"this build has a {kind} runtime")
    with pytest.raises(ValueError, match=kind):
        tvm.nd.empty((2, 2), "float32", device=make())
    with pytest.raises(ValueError, match=kind):
        tvm.nd.array(np.zeros(3, dtype="float32"), device=make())
    with pytest.raises(ValueError, match=kind):
        tvm.nd.array(np.zeros(3, dtype="float32")).copyto(make())


@pytest.mark.parametrize("name", ["tpu", "cuda_", "", "foo:1"])
def test_unknown_device_name_is_value_error(name):
    """An unknown device name is a ValueError naming it."""
    with pytest.raises(ValueError) as info:
        tvm.device(name)
    assert repr(name.split(":")[0])[1:-1] in str(info.value)


def test_bad_device_id_is_value_error():
    """A device id that is not a number is a ValueError."""
    with pytest.raises(ValueError):
        tvm.device("cuda:x")


def test_device_of_wrong_type_is_type_error():
    """tvm.device of something that is neither a name nor a type code is a TypeError."""
    with pytest.raises(TypeError):
        tvm.device(1.5)


# --------------------------------------------------------------------------------------------
# Thread pool
# --------------------------------------------------------------------------------------------


PRINT_NUM_THREADS = "import tvm; print(tvm.runtime.num_threads())"


def test_num_threads_is_positive():
    """The thread pool has at least one thread."""
    assert tvm.runtime.num_threads() >= 1


@pytest.mark.parametrize("count", [1, 3, 7])
def test_num_threads_follows_environment(run_python, count):
    """TVM_NUM_THREADS sets the pool size of a new process."""
    proc = run_python(PRINT_NUM_THREADS, env={"TVM_NUM_THREADS": str(count)})
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) == count


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_invalid_num_threads_environment_is_ignored(run_python, value):
    """An invalid TVM_NUM_THREADS is reported on stderr and ignored, not fatal."""
    proc = run_python(PRINT_NUM_THREADS, env={"TVM_NUM_THREADS": value})
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) >= 1
    assert "TVM_NUM_THREADS" in proc.stderr

"""tvm.testing: target enumeration and parametrization report what this machine can run."""
import numpy as np
import pytest

import tvm
import tvm.testing
from tvm import te


def test_enabled_targets_are_the_cpu_backends_and_present_gpus():
    """llvm and c are always enabled; cuda and opencl exactly when their device exists."""
    names = [t for t, _ in tvm.testing.enabled_targets()]
    assert "llvm" in names and "c" in names
    assert ("cuda" in names) == tvm.cuda().exist
    assert ("opencl" in names) == tvm.opencl().exist
    assert tvm.testing.device_enabled("llvm -mcpu=skylake-avx512")


def test_assert_allclose_checks_shapes_first():
    """assert_allclose compares NDArrays with numpy and refuses different shapes."""
    tvm.testing.assert_allclose(tvm.nd.array(np.ones(3, "float32")), np.ones(3))
    with pytest.raises(AssertionError):
        tvm.testing.assert_allclose(np.ones(3), np.ones((3, 1)))


@tvm.testing.parametrize_targets("llvm", "c", "cuda")
def test_add_one_on_every_target(target, dev):
    """A parametrized test runs on each enabled target (cuda is skipped with the reason)."""
    A = te.placeholder((10,), name="A")
    B = te.compute((10,), lambda i: A[i] + 1.0, name="B")
    s = te.create_schedule(B.op)
    if target in ("cuda", "opencl"):
        s[B].bind(B.op.axis[0], te.thread_axis("threadIdx.x"))
    f = tvm.build(s, [A, B], target=target)
    a = tvm.nd.array(np.arange(10, dtype="float32"), dev)
    b = tvm.nd.empty((10,), "float32", dev)
    f["default_function"](a, b)
    tvm.testing.assert_allclose(b, np.arange(10, dtype="float32") + 1)

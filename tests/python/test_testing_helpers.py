"""tvm.testing: target enumeration and parametrization report what this machine can run."""
import numpy as np
import pytest

import tvm
import tvm.testing
from tvm import te


def test_enabled_targets_include_the_cpu_backends_only():
    """llvm and c are enabled here; cuda and opencl are not (no runtime for them yet)."""
    names = [t for t, _ in tvm.testing.enabled_targets()]
    assert "llvm" in names and "c" in names
    assert "cuda" not in names and "opencl" not in names
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
    f = tvm.build(te.create_schedule(B.op), [A, B], target=target)
    a = tvm.nd.array(np.arange(10, dtype="float32"), dev)
    b = tvm.nd.empty((10,), "float32", dev)
    f["default_function"](a, b)
    tvm.testing.assert_allclose(b, np.arange(10, dtype="float32") + 1)

"""Helpers for tests of the stack (tvm.testing)."""
import numpy as np


def assert_allclose(actual, desired, rtol=1e-7, atol=1e-7):
    """numpy.testing.assert_allclose that also accepts NDArrays, and checks shapes first."""
    from ..runtime.ndarray import NDArray  # pylint: disable=import-outside-toplevel

    actual = actual.numpy() if isinstance(actual, NDArray) else np.asanyarray(actual)
    desired = desired.numpy() if isinstance(desired, NDArray) else np.asanyarray(desired)
    np.testing.assert_equal(actual.shape, desired.shape)
    np.testing.assert_allclose(actual, desired, rtol=rtol, atol=atol, verbose=True)


# Targets the test helpers know, in the order they are tried. TVM_TEST_TARGETS (";"-separated)
# restricts them, as in Apache TVM.
_ALL_TARGETS = ["llvm", "c", "cuda", "opencl"]


def device_enabled(target):
    """Whether code for `target` can be built and run on this machine."""
    from .. import runtime  # pylint: disable=import-outside-toplevel
    from .._ffi.registry import get_global_func  # pylint: disable=import-outside-toplevel

    kind = str(target).split()[0]
    if get_global_func("target.build." + kind, allow_missing=True) is None:
        return False
    return runtime.device(kind).exist


def enabled_targets():
    """[(target, device)] for every target that can be built and run here."""
    import os  # pylint: disable=import-outside-toplevel

    from .. import runtime  # pylint: disable=import-outside-toplevel

    wanted = os.environ.get("TVM_TEST_TARGETS")
    targets = [t for t in wanted.split(";") if t] if wanted else _ALL_TARGETS
    return [(t, runtime.device(t.split()[0])) for t in targets if device_enabled(t)]


def parametrize_targets(*targets):
    """pytest parametrization over targets: the test takes `target` and `dev` arguments.

    Without arguments, every enabled target; targets not enabled here are skipped with the
    reason rather than silently dropped.
    """
    import pytest  # pylint: disable=import-outside-toplevel

    from .. import runtime  # pylint: disable=import-outside-toplevel

    names = list(targets) or _ALL_TARGETS
    params = []
    for t in names:
        marks = [] if device_enabled(t) else [pytest.mark.skip(reason=f"target {t} is not enabled here")]
        params.append(pytest.param(t, runtime.device(t.split()[0]), marks=marks, id=t))

    def wrap(func):
        return pytest.mark.parametrize("target,dev", params)(func)

    return wrap

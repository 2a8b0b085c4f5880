"""Helpers for tests of the stack (tvm.testing)."""
import numpy as np


def assert_allclose(actual, desired, rtol=1e-7, atol=1e-7):
    """numpy.testing.assert_allclose that also accepts NDArrays, and checks shapes first."""
    from ..runtime.ndarray import NDArray  # pylint: disable=import-outside-toplevel

    actual = actual.numpy() if isinstance(actual, NDArray) else np.asanyarray(actual)
    desired = desired.numpy() if isinstance(desired, NDArray) else np.asanyarray(desired)
    np.testing.assert_equal(actual.shape, desired.shape)
    np.testing.assert_allclose(actual, desired, rtol=rtol, atol=atol, verbose=True)

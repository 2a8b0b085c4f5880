"""argsort and topk: te.extern calls of the runtime's sorting kernels
(src/runtime/contrib/sort/sort.cc), so deployed models need only libtvm_runtime.so."""
from .. import te, tir


def argsort(data, valid_count=None, axis=-1, is_ascend=1, dtype="float32"):
    """Indices that sort `data` along `axis` (stable: ties keep their order)."""
    if valid_count is not None:
        raise ValueError("argsort: valid_count is not supported")
    return te.extern(data.shape, [data], lambda ins, outs: tir.call_packed(
        "tvm.contrib.sort.argsort", ins[0], outs[0], int(axis), bool(is_ascend)),
        dtype=str(dtype), name="argsort_cpu", tag="argsort_cpu")


def topk(data, k=1, axis=-1, ret_type="both", is_ascend=False, dtype="int64"):
    """The k largest (smallest with is_ascend) elements along `axis` and their indices;
    k < 1 means all. ret_type: "both" (a list of values and indices), "values", "indices"."""
    ndim = len(data.shape)
    ax = axis + ndim if axis < 0 else axis
    extent = int(data.shape[ax])
    k = extent if k < 1 else min(int(k), extent)
    shape = [data.shape[d] if d != ax else k for d in range(ndim)]
    values, indices = te.extern([shape, shape], [data], lambda ins, outs: tir.call_packed(
        "tvm.contrib.sort.topk", ins[0], outs[0], outs[1], k, ax, bool(is_ascend)),
        dtype=[data.dtype, str(dtype)], name="topk_cpu", tag="topk_cpu")
    if ret_type == "values":
        return values
    if ret_type == "indices":
        return indices
    return [values, indices]


__all__ = ["argsort", "topk"]

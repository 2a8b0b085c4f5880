"""Tensor intrinsics: declared micro-kernels that `Stage.tensorize` maps loop nests onto."""
from .._ffi.registry import register_object
from ..runtime import Object
from . import _ffi_api


@register_object("TensorIntrin")
class TensorIntrin(Object):
    """A computation (a te.compute over placeholders) and the statements implementing it."""

    __slots__ = ()


def _as_stmt(x):
    from ..tir import Evaluate, Stmt  # pylint: disable=import-outside-toplevel

    if x is None or isinstance(x, Stmt):
        return x
    return Evaluate(x)


def decl_tensor_intrin(op, fcompute, name="tensor_intrin", binds=None, scalar_params=None,
                       default_buffer_params=None):
    """Declare a tensor intrinsic.

    op: the operation (or its output tensor) the intrinsic computes, a te.compute over
        te.placeholder inputs.
    fcompute(ins, outs): given one tir.Buffer per input and per output, returns the statement
        (or call expression) that computes the whole result; for a reduction it may return
        (body, reset, update) so that reductions split across the tensorized loop can be
        initialised with `reset` and accumulated with `update`.
    binds: {tensor: tir.Buffer} to declare a buffer's layout (strides, offset factor)
        yourself; by default each buffer is compact with a symbolic element offset, so it can
        view any region whose rows are contiguous.
    """
    from ..tir import decl_buffer  # pylint: disable=import-outside-toplevel
    from .tensor import Tensor  # pylint: disable=import-outside-toplevel

    if scalar_params:
        raise NotImplementedError("decl_tensor_intrin: scalar_params are not supported yet")
    if isinstance(op, Tensor):
        op = op.op
    binds = binds or {}
    params = dict(default_buffer_params or {})
    params.setdefault("offset_factor", 1)
    inputs = list(op.input_tensors)
    outputs = [op.output(i) for i in range(op.num_outputs)]
    buffers = []
    for t in inputs + outputs:
        buf = binds.get(t)
        if buf is None:
            buf = decl_buffer(t.shape, t.dtype, t.op.name, **params)
        buffers.append(buf)
    result = fcompute(buffers[:len(inputs)], buffers[len(inputs):])
    if isinstance(result, (list, tuple)):
        if len(result) != 3:
            raise ValueError("decl_tensor_intrin: fcompute must return a statement or "
                             f"(body, reset, update), got {len(result)} values")
        body, reset, update = (_as_stmt(x) for x in result)
    else:
        body, reset, update = _as_stmt(result), None, None
    if body is None:
        raise ValueError("decl_tensor_intrin: fcompute returned no body statement")
    return _ffi_api.TensorIntrin(name, op, inputs, buffers, body, reset, update)

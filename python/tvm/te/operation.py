"""Constructors of tensor expressions: placeholder, compute, reductions."""
import inspect

from ..ir import Range
from ..tir import expr as _expr
from ..tir import IterVar, Var, SizeVar, const as _const, Reduce, CommReducer
from ..tir import _ffi_api as _tir_api
from . import _ffi_api


def placeholder(shape, dtype=None, name="placeholder"):
    """An input tensor of `shape` (ints or PrimExprs) and `dtype` (default float32)."""
    from ..runtime.container import Array  # pylint: disable=import-outside-toplevel

    shape = list(shape) if isinstance(shape, (list, tuple, Array)) else [shape]
    return _ffi_api.Placeholder(shape, str(dtype or "float32"), name)


def var(name="tindex", dtype="int32", span=None):
    return Var(name, dtype, span)


def size_var(name="size", dtype="int32", span=None):
    return SizeVar(name, dtype, span)


def const(value, dtype="int32", span=None):
    return _const(value, dtype, span)


def _axis_names(fcompute, n):
    try:
        params = list(inspect.signature(fcompute).parameters.values())
    except (TypeError, ValueError):
        params = []
    if params and params[0].kind == inspect.Parameter.VAR_POSITIONAL:
        return [f"i{k}" for k in range(n)], True
    if len(params) != n:
        raise ValueError(
            f"compute: the shape has {n} dimensions but fcompute takes {len(params)} arguments"
        )
    return [p.name for p in params], False


def compute(shape, fcompute, name="compute", tag="", attrs=None):
    """A tensor whose element at index (i, j, ...) is fcompute(i, j, ...).

    fcompute may return a list of expressions for several outputs of one shape; then a list of
    tensors is returned.
    """
    from ..runtime.container import Array  # pylint: disable=import-outside-toplevel

    shape = list(shape) if isinstance(shape, (list, tuple, Array)) else [shape]
    names, _ = _axis_names(fcompute, len(shape))
    axis = []
    for n, extent in zip(names, shape):
        extent = _const(extent) if isinstance(extent, int) else extent
        dom = Range.from_min_extent(_const(0, extent.dtype), extent)
        axis.append(IterVar(dom, Var(n, extent.dtype), IterVar.DataPar))
    body = fcompute(*[iv.var for iv in axis])
    if isinstance(body, _expr.EqualOp):
        body = body.asobject()
    bodies = list(body) if isinstance(body, (list, tuple)) else [body]
    bodies = [b.asobject() if hasattr(b, "asobject") else b for b in bodies]
    bodies = [_const(b) if isinstance(b, (int, float)) else b for b in bodies]
    op = _ffi_api.ComputeOp(name, tag, attrs, axis, bodies)
    outputs = [op.output(i) for i in range(op.num_outputs)]
    return outputs[0] if len(outputs) == 1 else outputs


def reduce_axis(dom, name="rv", thread_tag="", span=None):
    """A reduction axis over dom: (begin, end), an int extent, or a Range."""
    if isinstance(dom, int):
        dom = (0, dom)
    if isinstance(dom, (list, tuple)):
        if len(dom) != 2:
            raise ValueError("reduce_axis: dom must be (begin, end)")
        dom = Range(dom[0], dom[1])
    return IterVar(dom, Var(name, dom.extent.dtype), IterVar.CommReduce, thread_tag, span)


def thread_axis(dom=None, tag="", name="", span=None):
    """An axis bound to a GPU thread index ("threadIdx.x", "blockIdx.y", "vthread")."""
    if isinstance(dom, str):
        tag, dom = dom, None
    if not tag:
        raise ValueError("thread_axis: a tag such as 'threadIdx.x' is required")
    if isinstance(dom, (list, tuple)):
        dom = Range(dom[0], dom[1])
    name = name or tag
    return IterVar(dom, Var(name, "int32"), IterVar.ThreadIndex, tag, span)


def _make_reducer(which):
    def reducer(expr, axis, where=None, init=None, *args):
        if not isinstance(axis, (IterVar, list, tuple)):
            # Called on values instead of axes (te.max(a, b)): combine them elementwise.
            from .. import tir  # pylint: disable=import-outside-toplevel

            combine = {"sum": lambda x, y: x + y, "prod": lambda x, y: x * y,
                       "max": tir.max, "min": tir.min}[which]
            values = [expr, axis] + [v for v in (where, init) if v is not None] + list(args)
            out = values[0]
            for v in values[1:]:
                out = combine(out, v)
            return out
        axis = axis if isinstance(axis, (list, tuple)) else [axis]
        r = _ffi_api.Reduce(which, expr, list(axis), [init] if init is not None else [])
        if where is not None:
            r = Reduce(r.combiner, r.source, r.axis, where, r.value_index, r.init)
        return r

    reducer.__name__ = which
    reducer.__doc__ = f"The {which} of expr over the reduction axes `axis`."
    return reducer


sum = _make_reducer("sum")  # pylint: disable=redefined-builtin
max = _make_reducer("max")  # pylint: disable=redefined-builtin
min = _make_reducer("min")  # pylint: disable=redefined-builtin
prod = _make_reducer("prod")


def comm_reducer(fcombine, fidentity, name="reduce"):
    """A custom commutative reducer: fcombine(x, y) -> value(s), fidentity(dtype) -> identity."""

    def reducer(expr, axis, where=None, init=None):
        exprs = list(expr) if isinstance(expr, (list, tuple)) else [expr]
        axis = axis if isinstance(axis, (list, tuple)) else [axis]
        lhs = [Var("x" + str(i), e.dtype) for i, e in enumerate(exprs)]
        rhs = [Var("y" + str(i), e.dtype) for i, e in enumerate(exprs)]
        result = fcombine(*(lhs + rhs)) if len(exprs) > 1 else fcombine(lhs[0], rhs[0])
        result = list(result) if isinstance(result, (list, tuple)) else [result]
        identity = fidentity(*[e.dtype for e in exprs])
        identity = list(identity) if isinstance(identity, (list, tuple)) else [identity]
        identity = [_const(v, e.dtype) if isinstance(v, (int, float)) else v
                    for v, e in zip(identity, exprs)]
        combiner = CommReducer(lhs, rhs, result, identity)
        cond = where if where is not None else _const(True)
        inits = list(init) if isinstance(init, (list, tuple)) else ([init] if init is not None else [])
        outs = [Reduce(combiner, exprs, axis, cond, i, inits) for i in range(len(exprs))]
        return outs[0] if len(outs) == 1 else outs

    reducer.__name__ = name
    return reducer


def extern(shape, inputs, fcompute, name="extern", dtype=None, in_buffers=None, out_buffers=None,
           tag="", attrs=None):
    """Tensors computed by an opaque statement, typically a call of a packed function.

    shape: the output shape, or a list of shapes for several outputs.
    inputs: the tensors the statement reads.
    fcompute(ins, outs): given one tir.Buffer per input and per output, returns the statement
        (or an expression, evaluated for its effect), e.g.
        ``lambda ins, outs: tvm.tir.call_packed("my.gemm", ins[0], ins[1], outs[0])``.
    dtype: the output dtype(s); by default the first input's.
    in_buffers / out_buffers: buffers to use instead of fresh compact ones.
    """
    from ..runtime.container import Array  # pylint: disable=import-outside-toplevel
    from ..tir import decl_buffer, Evaluate, Stmt  # pylint: disable=import-outside-toplevel

    def is_shape(x):
        return not isinstance(x, (list, tuple, Array)) or all(
            not isinstance(d, (list, tuple, Array)) for d in x)

    shapes = [shape] if is_shape(shape) else list(shape)
    shapes = [list(s) if isinstance(s, (list, tuple, Array)) else [s] for s in shapes]
    inputs = list(inputs)
    if dtype is None:
        if not inputs:
            raise ValueError("extern: give dtype when there are no inputs")
        dtypes = [inputs[0].dtype] * len(shapes)
    else:
        dtypes = list(dtype) if isinstance(dtype, (list, tuple)) else [dtype] * len(shapes)
    if len(dtypes) != len(shapes):
        raise ValueError(f"extern: {len(shapes)} output shapes but {len(dtypes)} dtypes")
    if in_buffers is None:
        in_buffers = [decl_buffer(t.shape, t.dtype, t.op.name) for t in inputs]
    elif len(in_buffers) != len(inputs):
        raise ValueError(f"extern: {len(inputs)} inputs but {len(in_buffers)} input buffers")
    if out_buffers is None:
        out_buffers = [decl_buffer(s, str(d), name) for s, d in zip(shapes, dtypes)]
    elif len(out_buffers) != len(shapes):
        raise ValueError(f"extern: {len(shapes)} outputs but {len(out_buffers)} output buffers")
    body = fcompute(list(in_buffers), list(out_buffers))
    if body is None:
        raise ValueError("extern: fcompute returned None; return the statement (or call)")
    if not isinstance(body, Stmt):
        body = Evaluate(body)
    op = _ffi_api.ExternOp(name, tag, attrs, inputs, list(in_buffers), list(out_buffers), body)
    outputs = [op.output(i) for i in range(op.num_outputs)]
    return outputs[0] if len(outputs) == 1 else outputs

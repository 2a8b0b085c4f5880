"""Strategies of the elementwise, broadcast, reduction and layout operators: one TOPI compute
each, scheduled as an injective or a reduction kernel for the target."""
from tvm import topi

from .registry import OpStrategy, register_strategy


def _is_cpu(target):
    return target is not None and "cpu" in [str(k) for k in target.keys]


def _is_gpu(target):
    return target is not None and "gpu" in [str(k) for k in target.keys]


def schedule_injective(attrs, outs, target):
    """The target's injective schedule (x86: fused, parallel, vectorized; GPU: one thread
    per element)."""
    if _is_gpu(target):
        return topi.cuda.schedule_injective(outs, target)
    x86 = getattr(topi.x86, "schedule_injective", None)
    if _is_cpu(target) and x86 is not None:
        return x86(outs)
    return topi.generic.schedule_injective(outs)


def schedule_reduce(attrs, outs, target):
    if _is_gpu(target):
        return topi.cuda.schedule_reduce(outs, target)
    x86 = getattr(topi.x86, "schedule_reduce", None)
    if _is_cpu(target) and x86 is not None:
        return x86(outs)
    return topi.generic.schedule_reduce(outs)


def _strategy(compute, schedule, name):
    def fstrategy(attrs, inputs, out_type, target):
        strategy = OpStrategy()
        strategy.add_implementation(compute, schedule, name)
        return strategy

    return fstrategy


def register_injective(op_name, fcompute):
    """fcompute(attrs, inputs, out_type) -> tensor or list, scheduled as injective."""
    def compute(attrs, inputs, out_type):
        out = fcompute(attrs, list(inputs), out_type)
        return out if isinstance(out, (list, tuple)) else [out]

    register_strategy(op_name, _strategy(compute, schedule_injective, op_name + ".generic"))


def register_reduce(op_name, fcompute):
    def compute(attrs, inputs, out_type):
        out = fcompute(attrs, list(inputs), out_type)
        return out if isinstance(out, (list, tuple)) else [out]

    register_strategy(op_name, _strategy(compute, schedule_reduce, op_name + ".generic"))


def _shape(out_type):
    return [int(d) if hasattr(d, "value") else d for d in out_type.shape]


def _reshape_shape(data, out_type, newshape=None):
    """The result shape of a reshape of `data` whose type may have `?` dimensions (the VM
    lowers with shape variables): a `?` copied from the input (newshape 0) is that input
    dimension, the one inferred (-1) is the element count over the known extents."""
    from tvm import tir  # pylint: disable=import-outside-toplevel

    shape = _shape(out_type)
    unknown = [i for i, d in enumerate(shape) if not isinstance(d, int)]
    if not unknown:
        return shape
    if newshape is not None and all(int(v) >= -1 for v in newshape) and \
            len(newshape) == len(shape):
        for i, v in enumerate(newshape):
            if int(v) == 0:
                shape[i] = data.shape[i]
        unknown = [i for i in unknown if int(newshape[i]) != 0]
    if len(unknown) > 1:
        raise ValueError(f"reshape to {out_type}: more than one dimension is known only at "
                         "run time and not copied from the input")
    if unknown:
        total = 1
        for d in data.shape:
            total = total * d
        known = 1
        for i, d in enumerate(shape):
            if i != unknown[0]:
                known = known * d
        shape[unknown[0]] = tir.floordiv(total, known)
    return shape


# ---- elementwise and broadcast -----------------------------------------------------------
_BINARY = {
    "add": topi.add, "subtract": topi.subtract, "multiply": topi.multiply,
    "divide": topi.divide, "power": topi.power, "maximum": topi.maximum,
    "minimum": topi.minimum, "floor_divide": topi.floor_divide, "floor_mod": topi.floor_mod,
    "mod": topi.mod, "trunc_divide": topi.trunc_divide, "trunc_mod": topi.trunc_mod,
    "equal": topi.equal, "not_equal": topi.not_equal, "less": topi.less,
    "less_equal": topi.less_equal, "greater": topi.greater, "greater_equal": topi.greater_equal,
    "logical_and": topi.logical_and, "logical_or": topi.logical_or,
    "logical_xor": topi.logical_xor, "bitwise_and": topi.bitwise_and,
    "bitwise_or": topi.bitwise_or, "bitwise_xor": topi.bitwise_xor,
    "left_shift": topi.left_shift, "right_shift": topi.right_shift,
}
_UNARY = {
    "exp": topi.exp, "log": topi.log, "log2": topi.log2, "log10": topi.log10,
    "sqrt": topi.sqrt, "rsqrt": topi.rsqrt, "tanh": topi.tanh, "sigmoid": topi.sigmoid,
    "erf": topi.erf, "sin": topi.sin, "cos": topi.cos, "tan": topi.tan, "sinh": topi.sinh,
    "cosh": topi.cosh, "asin": topi.asin, "acos": topi.acos, "atan": topi.atan,
    "negative": topi.negative, "abs": topi.abs, "floor": topi.floor, "ceil": topi.ceil,
    "round": topi.round, "trunc": topi.trunc, "sign": topi.sign,
    "logical_not": topi.logical_not, "bitwise_not": topi.bitwise_not, "isnan": topi.isnan,
    "isinf": topi.isinf, "isfinite": topi.isfinite, "copy": topi.identity,
    "fast_exp": topi.fast_exp, "fast_tanh": topi.fast_tanh, "fast_erf": topi.fast_erf,
}


def _register_elementwise():
    for name, f in _BINARY.items():
        register_injective(name, lambda attrs, inputs, out_type, f=f: f(inputs[0], inputs[1]))
    for name, f in _UNARY.items():
        register_injective(name, lambda attrs, inputs, out_type, f=f: f(inputs[0]))
    register_injective("cast", lambda attrs, inputs, out_type: topi.cast(inputs[0], attrs.dtype))
    register_injective("cast_like",
                       lambda attrs, inputs, out_type: topi.cast(inputs[0], inputs[1].dtype))
    register_injective("clip", lambda attrs, inputs, out_type:
                       topi.clip(inputs[0], float(attrs.a_min), float(attrs.a_max)))
    register_injective("zeros_like", lambda attrs, inputs, out_type: topi.full_like(inputs[0], 0))
    register_injective("ones_like", lambda attrs, inputs, out_type: topi.full_like(inputs[0], 1))
    register_injective("zeros", lambda attrs, inputs, out_type:
                       topi.full(_shape(out_type), out_type.dtype, 0))
    register_injective("ones", lambda attrs, inputs, out_type:
                       topi.full(_shape(out_type), out_type.dtype, 1))
    register_injective("full", _full)
    register_injective("full_like", lambda attrs, inputs, out_type: _fill(inputs[1], out_type))
    register_injective("where",
                       lambda attrs, inputs, out_type: topi.where(inputs[0], inputs[1], inputs[2]))
    register_injective("nn.relu", lambda attrs, inputs, out_type:
                       topi.maximum(inputs[0], topi.cast(0, inputs[0].dtype)))


def _fill(fill_value, out_type):
    from tvm import te  # pylint: disable=import-outside-toplevel

    shape = _shape(out_type)
    return te.compute(shape, lambda *i: fill_value().astype(out_type.dtype)
                      if not fill_value.shape else fill_value[(0,) * len(fill_value.shape)]
                      .astype(out_type.dtype), name="T_full", tag="elemwise")


def _full(attrs, inputs, out_type):
    return _fill(inputs[0], out_type)


# ---- reductions ---------------------------------------------------------------------------
def _reduce_axes(attrs, ndim):
    axis = None if attrs.axis is None else [int(a) for a in attrs.axis]
    if axis is None:
        return list(range(ndim)) if not getattr(attrs, "exclude", False) else []
    axis = [a + ndim if a < 0 else a for a in axis]
    if getattr(attrs, "exclude", False):
        return [d for d in range(ndim) if d not in axis]
    return axis


def _register_reductions():
    for name in ["sum", "prod", "max", "min", "all", "any"]:
        f = getattr(topi, name)
        register_reduce(name, lambda attrs, inputs, out_type, f=f: f(
            inputs[0], _reduce_axes(attrs, len(inputs[0].shape)), bool(attrs.keepdims)))
    for name in ["argmax", "argmin"]:
        f = getattr(topi, name)
        register_reduce(name, lambda attrs, inputs, out_type, f=f: f(
            inputs[0], _reduce_axes(attrs, len(inputs[0].shape)), bool(attrs.keepdims),
            bool(getattr(attrs, "select_last_index", False))))
    register_reduce("mean", _mean)
    register_reduce("variance", _variance)


def _count(x, axes):
    n = 1
    for a in axes:
        n = n * x.shape[a]
    return n


def _mean(attrs, inputs, out_type):
    x = inputs[0]
    axes = _reduce_axes(attrs, len(x.shape))
    total = topi.sum(x, axes, bool(attrs.keepdims))
    return topi.divide(total, topi.cast(_count(x, axes), x.dtype))


def _variance(attrs, inputs, out_type):
    x, mean = inputs[0], inputs[1]
    axes = _reduce_axes(attrs, len(x.shape))
    diff = topi.subtract(x, mean)
    sq = topi.sum(topi.multiply(diff, diff), axes, bool(attrs.keepdims))
    count = _count(x, axes)
    if getattr(attrs, "unbiased", False):
        count = count - 1
    return topi.divide(sq, topi.cast(count, x.dtype))


# ---- layout transforms --------------------------------------------------------------------
def _register_transforms():
    register_injective("reshape", lambda attrs, inputs, out_type: topi.reshape(
        inputs[0], _reshape_shape(inputs[0], out_type, list(attrs.newshape))))
    # The shape of shape_like (with the VM's shape variables where it has `?`).
    register_injective("reshape_like", lambda attrs, inputs, out_type:
                       topi.reshape(inputs[0], list(inputs[1].shape)))
    register_injective("transpose", lambda attrs, inputs, out_type: topi.transpose(
        inputs[0], None if attrs.axes is None else [int(a) for a in attrs.axes]))
    register_injective("squeeze", lambda attrs, inputs, out_type: topi.squeeze(
        inputs[0], None if attrs.axis is None else [int(a) for a in attrs.axis]))
    register_injective("expand_dims", lambda attrs, inputs, out_type: topi.expand_dims(
        inputs[0], int(attrs.axis), int(attrs.num_newaxis)))
    register_injective("concatenate", lambda attrs, inputs, out_type:
                       topi.concatenate(inputs, int(attrs.axis)))
    register_injective("stack", lambda attrs, inputs, out_type:
                       topi.stack(inputs, int(attrs.axis)))
    register_injective("split", _split)
    register_injective("strided_slice", _strided_slice)
    register_injective("take", lambda attrs, inputs, out_type: topi.take(
        inputs[0], inputs[1], None if attrs.axis is None else int(attrs.axis),
        mode=str(attrs.mode)))
    register_injective("gather", lambda attrs, inputs, out_type:
                       topi.gather(inputs[0], int(attrs.axis), inputs[1]))
    register_injective("gather_nd", lambda attrs, inputs, out_type:
                       topi.gather_nd(inputs[0], inputs[1]))
    register_injective("tile", lambda attrs, inputs, out_type:
                       topi.tile(inputs[0], [int(r) for r in attrs.reps]))
    register_injective("repeat", lambda attrs, inputs, out_type:
                       topi.repeat(inputs[0], int(attrs.repeats), int(attrs.axis)))
    register_injective("reverse", lambda attrs, inputs, out_type:
                       topi.flip(inputs[0], int(attrs.axis)))
    register_injective("broadcast_to", lambda attrs, inputs, out_type:
                       topi.broadcast_to(inputs[0], _shape(out_type)))
    register_injective("broadcast_to_like", lambda attrs, inputs, out_type:
                       topi.broadcast_to(inputs[0], _shape(out_type)))
    register_injective("layout_transform", lambda attrs, inputs, out_type: topi.layout_transform(
        inputs[0], str(attrs.src_layout), str(attrs.dst_layout)))
    register_injective("one_hot", lambda attrs, inputs, out_type: topi.one_hot(
        inputs[0], inputs[1](), inputs[2](), int(attrs.depth), int(attrs.axis),
        str(attrs.dtype)))
    register_injective("nn.batch_flatten", lambda attrs, inputs, out_type:
                       topi.reshape(inputs[0], _reshape_shape(inputs[0], out_type, [0, -1])))
    register_injective("nn.dropout", lambda attrs, inputs, out_type:
                       [topi.identity(inputs[0]), topi.full_like(inputs[0], 1)])


def _split(attrs, inputs, out_type):
    ios = attrs.indices_or_sections
    if hasattr(ios, "value") or isinstance(ios, int):
        return topi.split(inputs[0], int(ios.value if hasattr(ios, "value") else ios),
                          int(attrs.axis))
    return topi.split(inputs[0], [int(i) for i in ios], int(attrs.axis))


def _strided_slice(attrs, inputs, out_type):
    strides = None if attrs.strides is None else [int(s) for s in attrs.strides]
    axes = None if attrs.axes is None else [int(a) for a in attrs.axes]
    return topi.strided_slice(inputs[0], [int(b) for b in attrs.begin],
                              [int(e) for e in attrs.end], strides, axes,
                              str(attrs.slice_mode) if attrs.slice_mode else "end")


def _cpu_extern(op_name, fcompute):
    """A strategy for op_name computed by a kernel of the CPU runtime library (te.extern):
    fcompute(attrs, inputs) -> [te.Tensor]; a GPU target is a ValueError."""
    def schedule(attrs, outs, target):
        if _is_gpu(target):
            raise ValueError(f"{op_name}: computed by the CPU runtime library, which has no "
                             f"{target.kind} implementation; compile this operator for a CPU "
                             "target")
        return topi.generic.schedule_extern(outs)

    def compute(attrs, inputs, out_type):
        out = fcompute(attrs, list(inputs))
        return list(out) if isinstance(out, (list, tuple)) else [out]

    register_strategy(op_name, _strategy(compute, schedule, op_name + ".cpu"))


def _register_runtime_kernels():
    _cpu_extern("argsort", lambda attrs, inputs: topi.argsort(
        inputs[0], axis=int(attrs.axis), is_ascend=bool(attrs.is_ascend),
        dtype=str(attrs.dtype)))
    _cpu_extern("topk", lambda attrs, inputs: topi.topk(
        inputs[0], int(attrs.k), int(attrs.axis), str(attrs.ret_type), bool(attrs.is_ascend),
        str(attrs.dtype)))
    # Data-dependent output shapes (see topi/data_dependent.py): upper bounds and a count.
    _cpu_extern("argwhere", lambda attrs, inputs: topi.argwhere(inputs[0]))
    _cpu_extern("unique", lambda attrs, inputs: topi.unique(inputs[0], bool(attrs.is_sorted)))
    _cpu_extern("vision.all_class_non_max_suppression", lambda attrs, inputs:
                topi.vision.all_class_non_max_suppression(
                    *inputs, center_point_box=int(attrs.center_point_box)))


_register_elementwise()
_register_reductions()
_register_transforms()
_register_runtime_kernels()

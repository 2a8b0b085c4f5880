"""ONNX frontend: relay.frontend.from_onnx(model, shape, dtype, opset, freeze_params).

Each ONNX node becomes Relay operators through a converter looked up by op type; the
converter sees the node's inputs (Relay expressions, None for omitted optional inputs), its
attributes (decoded to Python values) and the model's opset, so one converter handles every
version of an operator. Inputs that are constants (initializers, Constant nodes, and the
shape computations exported models are full of: Shape -> Gather -> Unsqueeze -> Concat ->
Reshape) are evaluated with numpy while importing, so shapes reach Relay as constants.

Every unsupported operator of the model is reported at once (tvm.error.OpNotImplemented); a
bad attribute is OpAttributeInvalid / OpAttributeUnImplemented naming the node and the
attribute. Each imported call carries the ONNX node's name as its span.
"""
import numpy as np

import tvm
from tvm import relay

from ... import error as _error
from .common import const_value, infer_shape, infer_type, new_const, set_span

ONNX_DTYPES = {1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32",
               7: "int64", 9: "bool", 10: "float16", 11: "float64", 12: "uint32",
               13: "uint64", 16: "bfloat16"}


class Node:
    """What a converter sees of one ONNX node."""

    def __init__(self, proto, opset):
        self.proto = proto
        self.op_type = proto.op_type
        self.name = proto.name or (proto.output[0] if proto.output else proto.op_type)
        self.opset = opset
        self.attrs = {a.name: _attr_value(a) for a in proto.attribute}

    def attr(self, key, default=None):
        return self.attrs.get(key, default)

    def invalid(self, key, msg):
        return _error.OpAttributeInvalid(
            f"{self.op_type} node '{self.name}': attribute {key} {msg}")

    def unsupported(self, key, value):
        return _error.OpAttributeUnImplemented(
            f"{self.op_type} node '{self.name}': attribute {key}={value!r} is not supported")


def _attr_value(a):
    from onnx import numpy_helper  # pylint: disable=import-outside-toplevel

    kinds = {1: "f", 2: "i", 3: "s", 4: "t", 6: "floats", 7: "ints", 8: "strings"}
    kind = kinds.get(a.type)
    if kind == "f":
        return float(a.f)
    if kind == "i":
        return int(a.i)
    if kind == "s":
        return a.s.decode()
    if kind == "t":
        return numpy_helper.to_array(a.t)
    if kind == "floats":
        return [float(x) for x in a.floats]
    if kind == "ints":
        return [int(x) for x in a.ints]
    if kind == "strings":
        return [x.decode() for x in a.strings]
    return None  # graphs and other kinds: converters that need them say so


# ---- helpers --------------------------------------------------------------------------------
def _np(x):
    return const_value(x) if x is not None else None


def _all_const(inputs):
    return all(x is None or isinstance(x, relay.Constant) for x in inputs)


def _rank(x):
    return len(infer_shape(x))


def _dtype(x):
    return str(infer_type(x).dtype)


def _axis(axis, rank):
    return axis + rank if axis < 0 else axis


def _ints_input(node, x, what):
    v = _np(x)
    if v is None:
        raise _error.OpAttributeUnImplemented(
            f"{node.op_type} node '{node.name}': input {what} must be a constant (dynamic "
            f"{what} is not supported)")
    return [int(i) for i in np.asarray(v).reshape(-1)]


def _pads_2d(node, rank_spatial, in_shape=None, kernel=None, strides=None, dilations=None):
    """(top, left, bottom, right)-style padding of a 2-D op from pads / auto_pad."""
    auto_pad = node.attr("auto_pad", "NOTSET")
    if auto_pad in ("NOTSET", ""):
        pads = node.attr("pads", [0] * (2 * rank_spatial))
        return pads
    if auto_pad == "VALID":
        return [0] * (2 * rank_spatial)
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        before, after = [], []
        for i in range(rank_spatial):
            out = -(-in_shape[i] // strides[i])
            total = max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in_shape[i])
            small, big = total // 2, total - total // 2
            before.append(small if auto_pad == "SAME_UPPER" else big)
            after.append(big if auto_pad == "SAME_UPPER" else small)
        return before + after
    raise node.unsupported("auto_pad", auto_pad)


# ---- converters -----------------------------------------------------------------------------
_CONVERTERS = {}


def converter(*op_types):
    def register(fn):
        for t in op_types:
            _CONVERTERS[t] = fn
        return fn
    return register


def _elementwise(relay_fn, np_fn=None):
    def convert(node, inputs):
        if np_fn is not None and _all_const(inputs):
            return new_const(np_fn(*[_np(x) for x in inputs]))
        return relay_fn(*inputs)
    return convert


_BINARY = {"Add": (relay.add, np.add), "Sub": (relay.subtract, np.subtract),
           "Mul": (relay.multiply, np.multiply),
           "Equal": (relay.equal, np.equal), "Less": (relay.less, np.less),
           "Greater": (relay.greater, np.greater), "LessOrEqual": (relay.less_equal, None),
           "GreaterOrEqual": (relay.greater_equal, None), "And": (relay.logical_and, None),
           "Or": (relay.logical_or, None), "Xor": (relay.logical_xor, None)}
_UNARY = {"Relu": relay.nn.relu, "Sigmoid": relay.sigmoid, "Tanh": relay.tanh,
          "Exp": relay.exp, "Log": relay.log, "Sqrt": relay.sqrt, "Neg": relay.negative,
          "Abs": relay.abs, "Floor": relay.floor, "Ceil": relay.ceil, "Round": relay.round,
          "Erf": relay.erf, "Sin": relay.sin, "Cos": relay.cos, "Not": relay.logical_not,
          "Sign": relay.sign}
for _t, (_f, _n) in _BINARY.items():
    _CONVERTERS[_t] = _elementwise(_f, _n)
for _t, _f in _UNARY.items():
    _CONVERTERS[_t] = _elementwise(_f)


@converter("Div")
def _div(node, inputs):
    a, b = inputs
    if _all_const(inputs):
        va, vb = _np(a), _np(b)
        out = va / vb if va.dtype.kind == "f" else np.trunc(va / vb).astype(va.dtype)
        return new_const(out)
    return relay.divide(a, b)


@converter("Mod")
def _mod(node, inputs):
    if node.attr("fmod", 0):
        return relay.mod(*inputs)
    return relay.floor_mod(*inputs)


@converter("Pow")
def _pow(node, inputs):
    base, exponent = inputs
    if _dtype(exponent) != _dtype(base):
        exponent = relay.cast(exponent, _dtype(base))
    return relay.power(base, exponent)


@converter("Reciprocal")
def _reciprocal(node, inputs):
    x = inputs[0]
    return relay.divide(relay.const(1.0, _dtype(x)), x)


@converter("Identity", "Dropout")
def _identity(node, inputs):
    if node.op_type == "Dropout" and len(node.proto.output) > 1 and node.proto.output[1]:
        return [inputs[0], relay.ones_like(relay.cast(inputs[0], "bool"))]
    return inputs[0]


@converter("Constant")
def _constant(node, inputs):
    for key in ("value", "value_float", "value_floats", "value_int", "value_ints"):
        if key in node.attrs:
            v = node.attrs[key]
            if key.endswith("float") or key.endswith("floats"):
                v = np.asarray(v, "float32")
            elif key.endswith("int") or key.endswith("ints"):
                v = np.asarray(v, "int64")
            return new_const(v)
    raise node.unsupported("value", "(sparse or string constant)")


@converter("Cast")
def _cast(node, inputs):
    to = ONNX_DTYPES.get(node.attr("to"))
    if to is None:
        raise node.unsupported("to", node.attr("to"))
    if _all_const(inputs):
        return new_const(_np(inputs[0]).astype(to))
    return relay.cast(inputs[0], to)


@converter("CastLike")
def _cast_like(node, inputs):
    to = _dtype(inputs[1])
    if _all_const(inputs[:1]):
        return new_const(_np(inputs[0]).astype(to))
    return relay.cast(inputs[0], to)


@converter("Clip")
def _clip(node, inputs):
    x = inputs[0]
    if node.opset < 11:
        lo, hi = node.attr("min", -np.inf), node.attr("max", np.inf)
    else:
        lo = float(_np(inputs[1])) if len(inputs) > 1 and inputs[1] is not None else -np.inf
        hi = float(_np(inputs[2])) if len(inputs) > 2 and inputs[2] is not None else np.inf
    info = np.finfo("float32") if _dtype(x).startswith("float") else np.iinfo(_dtype(x))
    return relay.clip(x, max(lo, float(info.min)), min(hi, float(info.max)))


@converter("LeakyRelu")
def _leaky_relu(node, inputs):
    return relay.nn.leaky_relu(inputs[0], node.attr("alpha", 0.01))


@converter("PRelu")
def _prelu(node, inputs):
    x, slope = inputs
    return relay.where(relay.greater(x, relay.const(0.0, _dtype(x))), x, relay.multiply(x, slope))


@converter("Elu")
def _elu(node, inputs):
    x = inputs[0]
    alpha = relay.const(node.attr("alpha", 1.0), _dtype(x))
    neg = relay.multiply(alpha, relay.subtract(relay.exp(x), relay.const(1.0, _dtype(x))))
    return relay.where(relay.greater(x, relay.const(0.0, _dtype(x))), x, neg)


@converter("Selu")
def _selu(node, inputs):
    x = inputs[0]
    alpha = relay.const(node.attr("alpha", 1.67326319217681884765625), _dtype(x))
    gamma = relay.const(node.attr("gamma", 1.05070102214813232421875), _dtype(x))
    neg = relay.multiply(alpha, relay.subtract(relay.exp(x), relay.const(1.0, _dtype(x))))
    return relay.multiply(gamma, relay.where(relay.greater(x, relay.const(0.0, _dtype(x))), x, neg))


@converter("HardSigmoid")
def _hard_sigmoid(node, inputs):
    x = inputs[0]
    y = relay.add(relay.multiply(x, relay.const(node.attr("alpha", 0.2), _dtype(x))),
                  relay.const(node.attr("beta", 0.5), _dtype(x)))
    return relay.clip(y, 0.0, 1.0)


@converter("HardSwish")
def _hard_swish(node, inputs):
    x = inputs[0]
    y = relay.clip(relay.add(relay.divide(x, relay.const(6.0, _dtype(x))),
                             relay.const(0.5, _dtype(x))), 0.0, 1.0)
    return relay.multiply(x, y)


@converter("Softplus")
def _softplus(node, inputs):
    x = inputs[0]
    return relay.log(relay.add(relay.exp(x), relay.const(1.0, _dtype(x))))


@converter("Softsign")
def _softsign(node, inputs):
    x = inputs[0]
    return relay.divide(x, relay.add(relay.abs(x), relay.const(1.0, _dtype(x))))


@converter("Gelu")
def _gelu(node, inputs):
    x = inputs[0]
    t = _dtype(x)
    if node.attr("approximate", "none") == "tanh":
        inner = relay.multiply(relay.const(np.sqrt(2 / np.pi), t),
                               relay.add(x, relay.multiply(relay.const(0.044715, t),
                                                           relay.power(x, relay.const(3.0, t)))))
        return relay.multiply(relay.multiply(relay.const(0.5, t), x),
                              relay.add(relay.const(1.0, t), relay.tanh(inner)))
    cdf = relay.add(relay.const(0.5, t), relay.multiply(
        relay.const(0.5, t), relay.erf(relay.multiply(x, relay.const(1 / np.sqrt(2), t)))))
    return relay.multiply(x, cdf)


@converter("Sum", "Max", "Min", "Mean")
def _variadic(node, inputs):
    fn = {"Sum": relay.add, "Max": relay.maximum, "Min": relay.minimum, "Mean": relay.add}
    out = inputs[0]
    for x in inputs[1:]:
        out = fn[node.op_type](out, x)
    if node.op_type == "Mean":
        out = relay.divide(out, relay.const(float(len(inputs)), _dtype(inputs[0])))
    return out


@converter("Where")
def _where(node, inputs):
    if _all_const(inputs):
        return new_const(np.where(*[_np(x) for x in inputs]))
    return relay.where(*inputs)


# ---- shapes and layout ----------------------------------------------------------------------
@converter("Shape")
def _shape(node, inputs):
    shape = np.asarray(infer_shape(inputs[0]), "int64")
    start, end = node.attr("start", 0), node.attr("end", None)
    return new_const(shape[start:end])


@converter("Size")
def _size(node, inputs):
    return new_const(np.asarray(int(np.prod(infer_shape(inputs[0]))), "int64"))


@converter("Reshape")
def _reshape(node, inputs):
    x = inputs[0]
    shape = node.attr("shape") if node.opset < 5 else _ints_input(node, inputs[1], "shape")
    in_shape = infer_shape(x)
    if not node.attr("allowzero", 0):
        shape = [in_shape[i] if d == 0 else d for i, d in enumerate(shape)]
    if isinstance(x, relay.Constant):
        return new_const(_np(x).reshape(shape))
    return relay.reshape(x, shape)


@converter("Flatten")
def _flatten(node, inputs):
    x = inputs[0]
    shape = infer_shape(x)
    axis = _axis(node.attr("axis", 1), len(shape))
    return relay.reshape(x, (int(np.prod(shape[:axis])), int(np.prod(shape[axis:]))))


@converter("Transpose")
def _transpose(node, inputs):
    perm = node.attr("perm")
    if _all_const(inputs):
        return new_const(np.transpose(_np(inputs[0]), perm))
    return relay.transpose(inputs[0], perm)


def _axes_of(node, inputs, index=1):
    if node.opset >= 13 and len(inputs) > index and inputs[index] is not None:
        return _ints_input(node, inputs[index], "axes")
    return node.attr("axes")


@converter("Squeeze")
def _squeeze(node, inputs):
    axes = _axes_of(node, inputs)
    if _all_const(inputs[:1]):
        v = _np(inputs[0])
        return new_const(np.squeeze(v, tuple(axes)) if axes is not None else np.squeeze(v))
    return relay.squeeze(inputs[0], axes)


@converter("Unsqueeze")
def _unsqueeze(node, inputs):
    axes = _axes_of(node, inputs)
    x = inputs[0]
    rank = len(infer_shape(x)) + len(axes)
    axes = sorted(_axis(a, rank) for a in axes)
    if isinstance(x, relay.Constant):
        v = _np(x)
        for a in axes:
            v = np.expand_dims(v, a)
        return new_const(v)
    for a in axes:
        x = relay.expand_dims(x, a)
    return x


@converter("Concat")
def _concat(node, inputs):
    axis = node.attr("axis")
    if _all_const(inputs):
        return new_const(np.concatenate([_np(x) for x in inputs], axis))
    return relay.concatenate(inputs, axis)


@converter("Split")
def _split(node, inputs):
    x = inputs[0]
    axis = _axis(node.attr("axis", 0), _rank(x))
    if node.opset >= 13 and len(inputs) > 1 and inputs[1] is not None:
        sizes = _ints_input(node, inputs[1], "split")
    else:
        sizes = node.attr("split")
    n_out = len(node.proto.output)
    if sizes is None:
        extent = infer_shape(x)[axis]
        if extent % n_out == 0:
            out = relay.split(x, n_out, axis)
            return [out[i] for i in range(n_out)]
        step = -(-extent // n_out)
        sizes = [min(step, extent - i * step) for i in range(n_out)]
    indices = list(np.cumsum(sizes)[:-1])
    out = relay.split(x, [int(i) for i in indices], axis)
    return [out[i] for i in range(len(sizes))]


@converter("Slice")
def _slice(node, inputs):
    x = inputs[0]
    if node.opset < 10:
        starts, ends = node.attr("starts"), node.attr("ends")
        axes, steps = node.attr("axes"), None
    else:
        starts = _ints_input(node, inputs[1], "starts")
        ends = _ints_input(node, inputs[2], "ends")
        axes = _ints_input(node, inputs[3], "axes") if len(inputs) > 3 and inputs[3] is not None \
            else None
        steps = _ints_input(node, inputs[4], "steps") if len(inputs) > 4 and inputs[4] is not None \
            else None
    rank = _rank(x)
    axes = axes if axes is not None else list(range(len(starts)))
    axes = [_axis(a, rank) for a in axes]
    steps = steps or [1] * len(starts)
    clamp = lambda v: max(min(v, 2**31 - 1), -(2**31))  # noqa: E731
    starts, ends = [clamp(s) for s in starts], [clamp(e) for e in ends]
    if isinstance(x, relay.Constant):
        sl = [slice(None)] * rank
        for a, s, e, st in zip(axes, starts, ends, steps):
            sl[a] = slice(s, e, st)
        return new_const(_np(x)[tuple(sl)])
    return relay.strided_slice(x, starts, ends, steps, axes=axes)


@converter("Gather")
def _gather(node, inputs):
    x, idx = inputs
    axis = node.attr("axis", 0)
    if _all_const(inputs):
        return new_const(np.take(_np(x), _np(idx), axis=axis))
    ind = _np(idx)
    if ind is not None:
        extent = infer_shape(x)[_axis(axis, _rank(x))]
        idx = new_const(np.where(ind < 0, ind + extent, ind).astype("int64"))
    return relay.take(x, idx, axis=axis)


@converter("GatherElements")
def _gather_elements(node, inputs):
    return relay.gather(inputs[0], node.attr("axis", 0), inputs[1])


@converter("Expand")
def _expand(node, inputs):
    x = inputs[0]
    shape = _ints_input(node, inputs[1], "shape")
    in_shape = list(infer_shape(x))
    n = max(len(shape), len(in_shape))
    a = [1] * (n - len(in_shape)) + in_shape
    b = [1] * (n - len(shape)) + shape
    out = [max(p, q) if 1 in (p, q) else p for p, q in zip(a, b)]
    return relay.broadcast_to(x, out)


@converter("Tile")
def _tile(node, inputs):
    return relay.tile(inputs[0], _ints_input(node, inputs[1], "repeats"))


@converter("ConstantOfShape")
def _constant_of_shape(node, inputs):
    shape = _ints_input(node, inputs[0], "shape")
    value = node.attr("value")
    value = np.asarray(value).reshape(-1)[0] if value is not None else np.float32(0)
    return new_const(np.full(shape, value, dtype=np.asarray(value).dtype))


@converter("Range")
def _range(node, inputs):
    if not _all_const(inputs):
        raise _error.OpAttributeUnImplemented(
            f"Range node '{node.name}': start, limit and delta must be constants")
    start, limit, delta = (_np(x) for x in inputs)
    return new_const(np.arange(start, limit, delta, dtype=np.asarray(start).dtype))


@converter("Pad")
def _pad(node, inputs):
    x = inputs[0]
    mode = node.attr("mode", "constant")
    if mode != "constant":
        raise node.unsupported("mode", mode)
    if node.opset < 11:
        pads, value = node.attr("pads"), node.attr("value", 0.0)
    else:
        pads = _ints_input(node, inputs[1], "pads")
        value = float(_np(inputs[2])) if len(inputs) > 2 and inputs[2] is not None else 0.0
    rank = len(pads) // 2
    return relay.nn.pad(x, [(pads[i], pads[i + rank]) for i in range(rank)], value)


# ---- reductions -----------------------------------------------------------------------------
def _reduce(fn):
    def convert(node, inputs):
        x = inputs[0]
        new_style = node.op_type == "ReduceSum" and node.opset >= 13 or node.opset >= 18
        axes = (_ints_input(node, inputs[1], "axes") if len(inputs) > 1 and
                inputs[1] is not None else None) if new_style else node.attr("axes")
        if axes is None and node.attr("noop_with_empty_axes", 0):
            return x
        return fn(x, axis=axes, keepdims=bool(node.attr("keepdims", 1)))
    return convert


for _t, _f in {"ReduceSum": relay.sum, "ReduceMean": relay.mean, "ReduceMax": relay.max,
               "ReduceMin": relay.min, "ReduceProd": relay.prod}.items():
    _CONVERTERS[_t] = _reduce(_f)


def _reduce_expr(kind):
    def compute(x, axis=None, keepdims=True):
        if kind == "ReduceL1":
            return relay.sum(relay.abs(x), axis=axis, keepdims=keepdims)
        if kind == "ReduceL2":
            return relay.sqrt(relay.sum(relay.multiply(x, x), axis=axis, keepdims=keepdims))
        if kind == "ReduceSumSquare":
            return relay.sum(relay.multiply(x, x), axis=axis, keepdims=keepdims)
        if kind == "ReduceLogSum":
            return relay.log(relay.sum(x, axis=axis, keepdims=keepdims))
        # ReduceLogSumExp, shifted by the max for stability.
        m = relay.max(x, axis=axis, keepdims=True)
        s = relay.log(relay.sum(relay.exp(relay.subtract(x, m)), axis=axis, keepdims=keepdims))
        return relay.add(s, m if keepdims else relay.squeeze(m, axis))
    return compute


for _t in ("ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp"):
    _CONVERTERS[_t] = _reduce(_reduce_expr(_t))


@converter("ArgMax", "ArgMin")
def _arg_reduce(node, inputs):
    fn = relay.argmax if node.op_type == "ArgMax" else relay.argmin
    out = fn(inputs[0], axis=node.attr("axis", 0), keepdims=bool(node.attr("keepdims", 1)),
             select_last_index=bool(node.attr("select_last_index", 0)))
    return relay.cast(out, "int64")


# ---- neural-network operators ---------------------------------------------------------------
@converter("Conv")
def _conv(node, inputs):
    x, w = inputs[0], inputs[1]
    wshape = infer_shape(w)
    if len(wshape) in (3, 5):
        return _conv_nd(node, inputs, wshape)
    if len(wshape) != 4:
        raise node.unsupported("kernel_shape", node.attr("kernel_shape", wshape[2:]))
    kernel = node.attr("kernel_shape", list(wshape[2:]))
    strides = node.attr("strides", [1, 1])
    dilations = node.attr("dilations", [1, 1])
    pads = _pads_2d(node, 2, infer_shape(x)[2:], kernel, strides, dilations)
    out = relay.nn.conv2d(x, w, strides=strides, padding=pads, dilation=dilations,
                          groups=node.attr("group", 1), channels=wshape[0], kernel_size=kernel)
    if len(inputs) > 2 and inputs[2] is not None:
        out = relay.nn.bias_add(out, inputs[2], axis=1)
    return out


def _conv_nd(node, inputs, wshape):
    """Conv over 1 or 3 spatial axes (nn.conv1d / nn.conv3d); explicit pads only."""
    n = len(wshape) - 2
    if node.attr("auto_pad", "NOTSET") not in ("NOTSET", "", "VALID"):
        raise node.unsupported("auto_pad", node.attr("auto_pad"))
    pads = node.attr("pads", [0] * (2 * n)) if node.attr("auto_pad", "NOTSET") != "VALID" \
        else [0] * (2 * n)
    fn = relay.nn.conv1d if n == 1 else relay.nn.conv3d
    out = fn(inputs[0], inputs[1], strides=node.attr("strides", [1] * n), padding=pads,
             dilation=node.attr("dilations", [1] * n), groups=node.attr("group", 1),
             channels=wshape[0], kernel_size=list(wshape[2:]))
    if len(inputs) > 2 and inputs[2] is not None:
        out = relay.nn.bias_add(out, inputs[2], axis=1)
    return out


@converter("DepthToSpace")
def _depth_to_space(node, inputs):
    return relay.nn.depth_to_space(inputs[0], node.attr("blocksize"),
                                   mode=node.attr("mode", "DCR"))


@converter("SpaceToDepth")
def _space_to_depth(node, inputs):
    return relay.nn.space_to_depth(inputs[0], node.attr("blocksize"))


@converter("ScatterElements", "Scatter")
def _scatter_elements(node, inputs):
    reduction = node.attr("reduction", "none")
    return relay.scatter_elements(inputs[0], inputs[1], inputs[2], axis=node.attr("axis", 0),
                                  reduction="update" if reduction == "none" else reduction)


@converter("GatherND")
def _gather_nd(node, inputs):
    if node.attr("batch_dims", 0):
        raise node.unsupported("batch_dims", node.attr("batch_dims"))
    x, idx = inputs
    rank = _rank(idx)
    perm = [rank - 1] + list(range(rank - 1))
    return relay.gather_nd(x, relay.transpose(relay.cast(idx, "int32"), perm))


@converter("Resize")
def _resize(node, inputs):
    x = inputs[0]
    shape = infer_shape(x)
    if len(shape) != 4:
        raise node.unsupported("input rank", len(shape))
    sizes = None
    if len(inputs) > 3 and inputs[3] is not None:
        sizes = _ints_input(node, inputs[3], "sizes")[2:]
    else:
        scales = _np(inputs[2]) if len(inputs) > 2 and inputs[2] is not None else None
        if scales is None:
            raise node.unsupported("scales", "dynamic")
        sizes = [int(np.floor(shape[2 + i] * scales[2 + i])) for i in range(2)]
    mode = node.attr("mode", "nearest")
    method = {"nearest": "nearest_neighbor", "linear": "linear"}.get(mode)
    if method is None:
        raise node.unsupported("mode", mode)
    ctm = node.attr("coordinate_transformation_mode", "half_pixel")
    rounding = node.attr("nearest_mode", "round_prefer_floor") if method == "nearest_neighbor" \
        else ""
    return relay.image.resize2d(x, sizes, layout="NCHW", method=method,
                                coordinate_transformation_mode=ctm, rounding_method=rounding)


@converter("TopK")
def _topk(node, inputs):
    k = node.attr("k") if node.opset < 10 else _ints_input(node, inputs[1], "K")[0]
    out = relay.topk(inputs[0], k=k, axis=node.attr("axis", -1), ret_type="both",
                     is_ascend=not node.attr("largest", 1), dtype="int64")
    return [out[0], out[1]]


@converter("ConvTranspose")
def _conv_transpose(node, inputs):
    x, w = inputs[0], inputs[1]
    wshape = infer_shape(w)
    if len(wshape) != 4 or node.attr("group", 1) != 1:
        raise node.unsupported("group", node.attr("group", 1))
    if node.attr("auto_pad", "NOTSET") not in ("NOTSET", ""):
        raise node.unsupported("auto_pad", node.attr("auto_pad"))
    out = relay.nn.conv2d_transpose(
        x, w, strides=node.attr("strides", [1, 1]), padding=node.attr("pads", [0, 0, 0, 0]),
        dilation=node.attr("dilations", [1, 1]), channels=wshape[1],
        kernel_size=node.attr("kernel_shape", list(wshape[2:])),
        output_padding=node.attr("output_padding", [0, 0]))
    if len(inputs) > 2 and inputs[2] is not None:
        out = relay.nn.bias_add(out, inputs[2], axis=1)
    return out


def _pool(kind):
    def convert(node, inputs):
        x = inputs[0]
        kernel = node.attr("kernel_shape")
        if kernel is None or len(kernel) != 2:
            raise node.unsupported("kernel_shape", kernel)
        strides = node.attr("strides", [1, 1])
        dilations = node.attr("dilations", [1, 1])
        pads = _pads_2d(node, 2, infer_shape(x)[2:], kernel, strides, dilations)
        ceil_mode = bool(node.attr("ceil_mode", 0))
        if kind == "max":
            if len(node.proto.output) > 1 and node.proto.output[1]:
                raise node.unsupported("Indices output", "requested")
            return relay.nn.max_pool2d(x, kernel, strides, dilations, pads, ceil_mode=ceil_mode)
        return relay.nn.avg_pool2d(x, kernel, strides, dilations, pads, ceil_mode=ceil_mode,
                                   count_include_pad=bool(node.attr("count_include_pad", 0)))
    return convert


_CONVERTERS["MaxPool"] = _pool("max")
_CONVERTERS["AveragePool"] = _pool("avg")


@converter("GlobalAveragePool")
def _global_avg(node, inputs):
    return relay.nn.global_avg_pool2d(inputs[0])


@converter("GlobalMaxPool")
def _global_max(node, inputs):
    return relay.nn.global_max_pool2d(inputs[0])


@converter("BatchNormalization")
def _batch_norm(node, inputs):
    x, scale, bias, mean, var = inputs[:5]
    return relay.nn.batch_norm(x, scale, bias, mean, var, axis=1,
                               epsilon=node.attr("epsilon", 1e-5))[0]


@converter("InstanceNormalization")
def _instance_norm(node, inputs):
    return relay.nn.instance_norm(inputs[0], inputs[1], inputs[2], axis=1,
                                  epsilon=node.attr("epsilon", 1e-5))


@converter("LayerNormalization")
def _layer_norm(node, inputs):
    x = inputs[0]
    rank = _rank(x)
    axis = _axis(node.attr("axis", -1), rank)
    if axis != rank - 1:
        raise node.unsupported("axis", node.attr("axis"))
    beta = inputs[2] if len(inputs) > 2 and inputs[2] is not None else \
        relay.zeros_like(inputs[1])
    return relay.nn.layer_norm(x, inputs[1], beta, axis=-1, epsilon=node.attr("epsilon", 1e-5))


def _softmax(fn):
    def convert(node, inputs):
        x = inputs[0]
        shape = infer_shape(x)
        axis = node.attr("axis", 1 if node.opset < 13 else -1)
        axis = _axis(axis, len(shape))
        if node.opset < 13 and axis != len(shape) - 1:
            # Older opsets: softmax of the input coerced to 2-D at `axis`.
            flat = relay.reshape(x, (int(np.prod(shape[:axis])), int(np.prod(shape[axis:]))))
            return relay.reshape(fn(flat, axis=1), shape)
        return fn(x, axis=axis)
    return convert


_CONVERTERS["Softmax"] = _softmax(relay.nn.softmax)
_CONVERTERS["LogSoftmax"] = _softmax(relay.nn.log_softmax)


@converter("Gemm")
def _gemm(node, inputs):
    a, b = inputs[0], inputs[1]
    alpha, beta = node.attr("alpha", 1.0), node.attr("beta", 1.0)
    if node.attr("transA", 0):
        a = relay.transpose(a, (1, 0))
    if not node.attr("transB", 0):
        b = relay.transpose(b, (1, 0))
    out = relay.nn.dense(a, b)
    if alpha != 1.0:
        out = relay.multiply(out, relay.const(alpha, _dtype(out)))
    if len(inputs) > 2 and inputs[2] is not None:
        c = inputs[2]
        if beta != 1.0:
            c = relay.multiply(c, relay.const(beta, _dtype(c)))
        out = relay.add(out, c)
    return out


@converter("MatMul")
def _matmul(node, inputs):
    a, b = inputs
    sa, sb = infer_shape(a), infer_shape(b)
    if len(sa) == 2 and len(sb) == 2:
        return relay.nn.dense(a, relay.transpose(b, (1, 0)))
    # N-D: broadcast the batch dimensions, then batch_matmul over one flattened batch axis.
    a_vec, b_vec = len(sa) == 1, len(sb) == 1
    if a_vec:
        a, sa = relay.expand_dims(a, 0), (1,) + sa
    if b_vec:
        b, sb = relay.expand_dims(b, 1), sb + (1,)
    batch = np.broadcast_shapes(sa[:-2], sb[:-2])
    nb = int(np.prod(batch)) if batch else 1
    a3 = relay.reshape(relay.broadcast_to(a, batch + sa[-2:]), (nb,) + sa[-2:])
    b3 = relay.reshape(relay.broadcast_to(b, batch + sb[-2:]), (nb,) + sb[-2:])
    out = relay.nn.batch_matmul(a3, b3, transpose_b=False)
    shape = tuple(batch) + (sa[-2], sb[-1])
    if a_vec:
        shape = shape[:-2] + shape[-1:]
    if b_vec:
        shape = shape[:-1]
    return relay.reshape(out, shape)


# ---- the importer ---------------------------------------------------------------------------
class OnnxImporter:
    """Builds (mod, params) from a GraphProto."""

    def __init__(self, shape, dtype, freeze_params):
        self.shape = dict(shape or {})
        self.dtype = dtype
        self.freeze = freeze_params
        self.nodes = {}
        self.params = {}

    def _input_var(self, value_info):
        name = value_info.name
        tt = value_info.type.tensor_type
        if name in self.shape:
            shape = list(self.shape[name])
        else:
            shape = []
            for d in tt.shape.dim:
                if d.HasField("dim_value"):
                    shape.append(int(d.dim_value))
                else:
                    shape.append(relay.Any())
        dtype = ONNX_DTYPES.get(tt.elem_type, None)
        if isinstance(self.dtype, dict):
            dtype = self.dtype.get(name, dtype)
        elif dtype is None or (dtype == "float32" and self.dtype):
            dtype = self.dtype if dtype in (None, "float32") else dtype
        return relay.var(name, shape=shape, dtype=dtype)

    def run(self, graph, opset):
        from onnx import numpy_helper  # pylint: disable=import-outside-toplevel

        missing = sorted({n.op_type for n in graph.node if n.op_type not in _CONVERTERS or
                          n.domain not in ("", "ai.onnx")})
        if missing:
            raise _error.OpNotImplemented(
                "The following operators are not supported for frontend ONNX: " +
                ", ".join(missing))
        for init in graph.initializer:
            array = numpy_helper.to_array(init)
            if self.freeze:
                self.nodes[init.name] = new_const(array)
            else:
                self.params[init.name] = tvm.nd.array(array)
                self.nodes[init.name] = relay.var(init.name, shape=array.shape,
                                                  dtype=str(array.dtype))
        for vi in graph.input:
            if vi.name not in self.nodes:
                self.nodes[vi.name] = self._input_var(vi)
        for proto in graph.node:
            node = Node(proto, opset)
            inputs = [self.nodes[i] if i else None for i in proto.input]
            for i, name in enumerate(proto.input):
                if name and name not in self.nodes:
                    raise ValueError(f"{node.op_type} node '{node.name}': input {i} ('{name}') is "
                                     "produced by no node, initializer or graph input")
            try:
                out = _CONVERTERS[node.op_type](node, inputs)
            except _error.OpError:
                raise
            except (ValueError, TypeError, tvm.error.TVMError) as err:
                raise type(err)(f"converting {node.op_type} node '{node.name}': {err}") from err
            outs = out if isinstance(out, list) else [out]
            for name, value in zip(proto.output, outs):
                if name:
                    self.nodes[name] = set_span(value, node.name)
        missing = [o.name for o in graph.output if o.name not in self.nodes]
        if missing:
            raise _error.OpAttributeUnImplemented(
                f"graph outputs {missing} come from node outputs the importer does not produce "
                "(training-mode statistics and other optional outputs are not supported)")
        outputs = [self.nodes[o.name] for o in graph.output]
        body = outputs[0] if len(outputs) == 1 else relay.Tuple(outputs)
        # Every graph input is a parameter, in the graph's order (an unused one too), then the
        # unfrozen initializers.
        params = [self.nodes[vi.name] for vi in graph.input
                  if isinstance(self.nodes.get(vi.name), relay.Var)]
        seen = {p.name_hint for p in params}
        params += [v for v in relay.analysis.free_vars(body) if v.name_hint not in seen]
        func = relay.Function(params, body)
        return tvm.IRModule.from_expr(func), self.params


def from_onnx(model, shape=None, dtype="float32", opset=None, freeze_params=True,
              convert_config=None, export_node_renamed_model_path=None):
    """Import an ONNX ModelProto (or a path to a .onnx file, or its bytes) into Relay.

    shape: {input name: shape} overriding (or giving) input shapes; dtype: the input dtype
    (or {name: dtype}); opset: override the model's opset; freeze_params: initializers become
    constants (True) or parameters returned in `params` (False).
    Returns (mod, params).
    """
    import onnx  # pylint: disable=import-outside-toplevel

    if isinstance(model, (str, bytes)) and not isinstance(model, onnx.ModelProto):
        try:
            model = onnx.load_model_from_string(model) if isinstance(model, bytes) \
                else onnx.load(model)
        except Exception as err:  # protobuf raises its own DecodeError
            raise ValueError(f"from_onnx: cannot read an ONNX model from "
                             f"{'the bytes given' if isinstance(model, bytes) else model!r}: {err}"
                             ) from err
    if not isinstance(model, onnx.ModelProto):
        raise TypeError(f"from_onnx: expected an onnx.ModelProto, got {type(model).__name__}")
    if not model.HasField("graph") or not model.graph.node and not model.graph.output:
        raise ValueError("from_onnx: the model has no graph (truncated or not an ONNX model?)")
    if opset is None:
        opset = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")),
                    default=1)
    mod, params = OnnxImporter(shape, dtype, freeze_params).run(model.graph, opset)
    return mod, params

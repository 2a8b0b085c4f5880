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
from .onnx_shapes import VALUE_OPS, SymbolicShapes, reshape_by_template, resolve_reshape

ONNX_DTYPES = {1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32",
               7: "int64", 8: "string", 9: "bool", 10: "float16", 11: "float64", 12: "uint32",
               13: "uint64", 16: "bfloat16"}
_ONNX_TYPE_NAMES = {14: "COMPLEX64", 15: "COMPLEX128", 17: "FLOAT8E4M3FN",
                    18: "FLOAT8E4M3FNUZ", 19: "FLOAT8E5M2", 20: "FLOAT8E5M2FNUZ", 21: "UINT4",
                    22: "INT4"}

# Operands that must be compile-time constants because they decide the shape of a result (or
# select what is computed): {op type: input positions}. There is no dynamic-shape VM here, so
# the converters need their values while importing; a non-constant one is
# OpAttributeUnImplemented naming the node and the operand. The conformance harness uses this
# table for shape-operand specialization (tests/onnx/conformance.py).
CONSTANT_OPERANDS = {
    "Reshape": (1,), "Expand": (1,), "Tile": (1,), "Slice": (1, 2, 3, 4),
    "ConstantOfShape": (0,), "Range": (0, 1, 2), "Resize": (1, 2, 3), "Upsample": (1,),
    "Unsqueeze": (1,), "Squeeze": (1,), "Pad": (1, 3), "Split": (1,), "TopK": (1,),
    "OneHot": (1,), "CumSum": (1,), "Trilu": (1,), "Compress": (1,), "CenterCropPad": (1,),
    "Dropout": (1, 2), "ReduceSum": (1,), "ReduceMean": (1,), "ReduceMax": (1,),
    "ReduceMin": (1,), "ReduceProd": (1,), "ReduceL1": (1,), "ReduceL2": (1,),
    "ReduceSumSquare": (1,), "ReduceLogSum": (1,), "ReduceLogSumExp": (1,),
    "SplitToSequence": (1,), "Col2Im": (1, 2), "BlackmanWindow": (0,), "HannWindow": (0,),
    "HammingWindow": (0,), "DFT": (1, 2), "STFT": (1, 3), "If": (0,),
    "AffineGrid": (1,), "MaxUnpool": (2,), "Loop": (0, 1),
    "MelWeightMatrix": (0, 1, 2, 3, 4), "SequenceAt": (1,), "SequenceInsert": (2,),
    "SequenceErase": (1,), "SplitToSequence": (1,),
}


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
            k_eff = (kernel[i] - 1) * dilations[i] + 1
            total = max(0, (out - 1) * strides[i] + k_eff - in_shape[i])
            small, big = total // 2, total - total // 2
            before.append(small if auto_pad == "SAME_UPPER" else big)
            after.append(big if auto_pad == "SAME_UPPER" else small)
        return before + after
    raise node.unsupported("auto_pad", auto_pad)


# ---- converters -----------------------------------------------------------------------------
_CONVERTERS = {}
# Converters per operator domain ("ai.onnx" is the default domain's other name); the
# ai.onnx.ml converters live in onnx_ml.py.
_DOMAINS = {"": _CONVERTERS, "ai.onnx": _CONVERTERS, "ai.onnx.ml": {}}


def converter(*op_types, domain=""):
    def register(fn):
        for t in op_types:
            _DOMAINS[domain][t] = fn
        return fn
    return register


def _converter_of(proto):
    """The converter of a NodeProto's (domain, op type), None when there is none."""
    return _DOMAINS.get(proto.domain, {}).get(proto.op_type)


def _op_name(proto):
    return proto.op_type if proto.domain in ("", "ai.onnx") else f"{proto.domain}.{proto.op_type}"


def _elementwise(relay_fn, np_fn=None):
    def convert(node, inputs):
        if np_fn is not None and _all_const(inputs):
            vals = [_np(x) for x in inputs]
            with np.errstate(all="ignore"):
                out = np.asarray(np_fn(*vals))
            if out.dtype.kind == "f" and vals[0].dtype.kind == "f":
                out = out.astype(vals[0].dtype)  # numpy would promote float32 scalars
            return new_const(out)
        return relay_fn(*inputs)
    return convert


_BINARY = {"Add": (relay.add, np.add), "Sub": (relay.subtract, np.subtract),
           "Mul": (relay.multiply, np.multiply),
           "Equal": (relay.equal, np.equal), "Less": (relay.less, np.less),
           "Greater": (relay.greater, np.greater), "LessOrEqual": (relay.less_equal, None),
           "GreaterOrEqual": (relay.greater_equal, None), "And": (relay.logical_and, None),
           "Or": (relay.logical_or, None), "Xor": (relay.logical_xor, None),
           "BitwiseAnd": (relay.bitwise_and, None), "BitwiseOr": (relay.bitwise_or, None),
           "BitwiseXor": (relay.bitwise_xor, None)}
_UNARY = {"Relu": relay.nn.relu, "Sigmoid": relay.sigmoid, "Tanh": relay.tanh,
          "Exp": relay.exp, "Log": relay.log, "Sqrt": relay.sqrt, "Neg": relay.negative,
          "Abs": relay.abs, "Floor": relay.floor, "Ceil": relay.ceil, "Round": relay.round,
          "Erf": relay.erf, "Sin": relay.sin, "Cos": relay.cos, "Not": relay.logical_not,
          "Sign": relay.sign, "Tan": relay.tan, "Sinh": relay.sinh, "Cosh": relay.cosh,
          "Asin": relay.asin, "Acos": relay.acos, "Atan": relay.atan, "IsNaN": relay.isnan,
          "BitwiseNot": relay.bitwise_not}
for _t, (_f, _n) in _BINARY.items():
    _CONVERTERS[_t] = _elementwise(_f, _n)
_numeric_equal = _CONVERTERS["Equal"]


@converter("Equal")
def _equal(node, inputs):
    if _dtype(inputs[0]) == "string":
        return relay.strings.equal(*inputs)
    return _numeric_equal(node, inputs)
_UNARY_NP = {"Relu": lambda v: np.maximum(v, 0).astype(v.dtype), "Exp": np.exp, "Log": np.log,
             "Sqrt": np.sqrt, "Neg": np.negative, "Abs": np.abs, "Floor": np.floor,
             "Ceil": np.ceil, "Round": np.round, "Sin": np.sin, "Cos": np.cos,
             "Not": np.logical_not, "Sign": np.sign, "Tan": np.tan, "IsNaN": np.isnan,
             "BitwiseNot": np.invert}
for _t, _f in _UNARY.items():
    _CONVERTERS[_t] = _elementwise(_f, _UNARY_NP.get(_t))


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
    t = _dtype(base)
    if not t.startswith("float"):
        # Integer bases: computed in float64 (exact below 2**53), truncated back like C's pow.
        out = relay.power(relay.cast(base, "float64"), relay.cast(exponent, "float64"))
        return relay.cast(out, t)
    if _dtype(exponent) != t:
        exponent = relay.cast(exponent, t)
    return relay.power(base, exponent)


@converter("Reciprocal")
def _reciprocal(node, inputs):
    x = inputs[0]
    return relay.divide(relay.const(1.0, _dtype(x)), x)


@converter("Identity")
def _identity(node, inputs):
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


# ---- narrow types without a TVM dtype ----------------------------------------------------------
# float8 (4 variants) and 4-bit integers travel as float32 tensors holding values of the narrow
# type's grid (onnx.numpy_helper gives such tensors the same way): casting to the narrow type
# rounds and saturates onto the grid, casting from it is a plain conversion of the values.
# {ONNX type: (exponent bits, mantissa bits, bias, largest finite, has inf)}
_FLOAT8 = {17: (4, 3, 7, 448.0, False), 18: (4, 3, 8, 240.0, False),
           19: (5, 2, 15, 57344.0, True), 20: (5, 2, 16, 57344.0, False)}
_INT4 = {21: (0, 15), 22: (-8, 7)}
_NARROW = set(_FLOAT8) | set(_INT4)


def _to_narrow(x, onnx_type, saturate=True):
    """float32 values of x rounded (to nearest, ties to even) onto the grid of a float8 or
    4-bit type; out-of-range values saturate (or become inf / NaN as the type has them)."""
    t = "float32"
    x = relay.cast(x, t) if _dtype(x) != t else x
    if onnx_type in _INT4:
        lo, hi = _INT4[onnx_type]
        return relay.clip(relay.round(x), float(lo), float(hi))
    _, mbits, bias, largest, has_inf = _FLOAT8[onnx_type]
    c = lambda v: relay.const(float(v), t)  # noqa: E731
    a = relay.abs(x)
    emin = 1 - bias  # exponent of the smallest normal number
    safe = relay.maximum(a, c(2.0 ** emin))
    e = relay.floor(relay.divide(relay.log(safe), c(np.log(2.0))))
    two = c(2.0)
    e = relay.where(relay.less(safe, relay.power(two, e)), relay.subtract(e, c(1)), e)
    e = relay.where(relay.greater_equal(safe, relay.power(two, relay.add(e, c(1)))),
                    relay.add(e, c(1)), e)
    step = relay.power(two, relay.subtract(e, c(mbits)))  # spacing of the grid at |x|
    r = relay.multiply(relay.round(relay.divide(a, step)), step)
    over = relay.greater(r, c(largest))
    special = c(np.inf) if has_inf else c(np.nan)
    r = relay.where(over, c(largest) if saturate else special, r)
    r = relay.where(relay.isinf(a), c(largest) if saturate else special, r)
    y = relay.where(relay.less(x, c(0.0)), relay.negative(r), r)
    return relay.where(relay.isnan(x), x, y)


def _narrow_type(node, index):
    """The ONNX element type of input `index` when it is a float8 / 4-bit tensor, else None."""
    name = node.proto.input[index] if index < len(node.proto.input) else ""
    return node.importer.narrow.get(name)


@converter("Cast")
def _cast(node, inputs):
    to_type = node.attr("to")
    if to_type in _NARROW:
        node.importer.narrow[node.proto.output[0]] = to_type
        return _to_narrow(inputs[0], to_type, bool(node.attr("saturate", 1)))
    to = ONNX_DTYPES.get(to_type)
    if to is None:
        raise node.unsupported("to", to_type)
    if _all_const(inputs) and "string" not in (to, _dtype(inputs[0])):
        return new_const(_np(inputs[0]).astype(to))
    return _cast_expr(inputs[0], to, node)


_TEXT_NUMBERS = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                 "uint64", "float32", "float64")


def _cast_expr(x, to, node=None):
    src = _dtype(x)
    if "string" in (src, to) and src != to:
        # Text conversions run as host kernels; float16 / bfloat16 go through float32.
        if to == "string":
            if src in ("float16", "bfloat16"):
                x = relay.cast(x, "float32")
            return relay.strings.to_string(x)
        if to in _TEXT_NUMBERS:
            return relay.strings.to_number(x, to)
        if to in ("float16", "bfloat16"):
            return relay.cast(relay.strings.to_number(x, "float32"), to)
        raise (node.unsupported("to", to) if node is not None else
               ValueError(f"no conversion from string to {to}"))
    if to == "float16" and src == "float64":
        # No direct float64 -> float16 conversion in the generated code: go through float32.
        x = relay.cast(x, "float32")
    return relay.cast(x, to)


@converter("CastLike")
def _cast_like(node, inputs):
    like = _narrow_type(node, 1)
    if like is not None:
        node.importer.narrow[node.proto.output[0]] = like
        return _to_narrow(inputs[0], like, bool(node.attr("saturate", 1)))
    to = _dtype(inputs[1])
    if _all_const(inputs[:1]) and "string" not in (to, _dtype(inputs[0])):
        return new_const(_np(inputs[0]).astype(to))
    return _cast_expr(inputs[0], to, node)


@converter("Clip")
def _clip(node, inputs):
    x = inputs[0]
    if node.opset < 11:
        return relay.clip(x, node.attr("min", -np.inf), node.attr("max", np.inf))
    # Bounds are inputs from opset 11: constant bounds make a clip (Relu6 and friends);
    # others are applied with maximum / minimum.
    lo = inputs[1] if len(inputs) > 1 else None
    hi = inputs[2] if len(inputs) > 2 else None
    if _dtype(x) == "float32" and all(b is None or isinstance(b, relay.Constant)
                                      for b in (lo, hi)):
        lo_v = float(_np(lo)) if lo is not None else -np.inf
        hi_v = float(_np(hi)) if hi is not None else np.inf
        info = np.finfo("float32")
        return relay.clip(x, max(lo_v, float(info.min)), min(hi_v, float(info.max)))
    out = x
    if len(inputs) > 1 and inputs[1] is not None:
        out = relay.maximum(out, inputs[1])
    if len(inputs) > 2 and inputs[2] is not None:
        out = relay.minimum(out, inputs[2])
    return out


@converter("LeakyRelu")
def _leaky_relu(node, inputs):
    return relay.nn.leaky_relu(inputs[0], node.attr("alpha", 0.01))


@converter("PRelu")
def _prelu(node, inputs):
    x, slope = inputs
    xs, ss = infer_shape(x), infer_shape(slope)
    if len(ss) == 1 and len(xs) > 2 and ss[0] == xs[1] and ss[0] != xs[-1]:
        # A per-channel slope (exporters of old opsets): broadcast along axis 1.
        slope = relay.reshape(slope, (ss[0],) + (1,) * (len(xs) - 2))
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
    if node.opset >= 5:
        sym = node.importer.sym
        value = sym.value(node.proto.input[1], inputs[1])
        in_dims = sym.dims(node.proto.input[0], x) if value is not None else []
        if any(not isinstance(d, int) for d in in_dims):
            # A target or an input with dimensions known only at run time: copies (0) and one
            # inferred entry (-1) express it (onnx_shapes.py).
            target = list(value.ravel())
            newshape, out_dims = resolve_reshape(sym, node, target, in_dims)
            if newshape is None:
                out = None if out_dims is None else \
                    reshape_by_template(sym, node.importer.nodes, x, out_dims)
                if out is not None:
                    node.importer.reshape_dims[node.proto.output[0]] = out_dims
                    return out
                raise _error.OpAttributeUnImplemented(
                    f"Reshape node '{node.name}': the target shape {list(value.ravel())} has "
                    f"more than one entry known only at run time that does not copy the "
                    f"input's dimension ({in_dims}), and no imported tensor has those "
                    "dimensions")
            node.importer.reshape_dims[node.proto.output[0]] = out_dims
            return relay.reshape(x, newshape)
    shape = node.attr("shape") if node.opset < 5 else _ints_input(node, inputs[1], "shape")
    in_shape = infer_shape(x)
    if not node.attr("allowzero", 0):
        shape = [in_shape[i] if d == 0 else d for i, d in enumerate(shape)]
    if isinstance(x, relay.Constant):
        return new_const(_np(x).reshape(shape))
    if 0 in shape:
        # An empty result (allowzero): fully determined by its shape.
        return new_const(np.zeros(np.empty(in_shape).reshape(shape).shape, _dtype(x)))
    return relay.reshape(x, shape)


@converter("Flatten")
def _flatten(node, inputs):
    x = inputs[0]
    shape = infer_shape(x)
    axis = _axis(node.attr("axis", 1), len(shape))
    if axis == 1 and all(isinstance(d, int) for d in shape[1:]):
        # (N, rest): N may be known only at run time.
        return relay.reshape(x, (0, int(np.prod(shape[1:]))))
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
    sl = [slice(None)] * rank
    for a, s, e, st in zip(axes, starts, ends, steps):
        sl[a] = slice(s, e, st)
    if isinstance(x, relay.Constant):
        return new_const(_np(x)[tuple(sl)])
    in_shape = infer_shape(x)
    if all(isinstance(d, int) for d in in_shape):
        out_shape = np.empty(in_shape, dtype="int8")[tuple(sl)].shape
        if 0 in out_shape:
            return new_const(np.zeros(out_shape, _dtype(x)))  # empty: determined by its shape
    return relay.strided_slice(x, starts, ends, steps, axes=axes)


@converter("Gather")
def _gather(node, inputs):
    x, idx = inputs
    axis = node.attr("axis", 0)
    if _all_const(inputs):
        return new_const(np.take(_np(x), _np(idx), axis=axis))
    extent = infer_shape(x)[_axis(axis, _rank(x))]
    return relay.take(x, _wrap_negative(idx, extent), axis=axis)


def _wrap_negative(idx, extent):
    """Indices with negative entries counted from the end (idx + extent where idx < 0)."""
    ind = _np(idx)
    if ind is not None:
        return new_const(np.where(ind < 0, ind + extent, ind).astype(ind.dtype))
    t = _dtype(idx)
    return relay.where(relay.less(idx, relay.const(0, t)),
                       relay.add(idx, relay.const(extent, t)), idx)


@converter("GatherElements")
def _gather_elements(node, inputs):
    x, idx = inputs
    axis = _axis(node.attr("axis", 0), _rank(x))
    return relay.gather(x, axis, _wrap_negative(idx, infer_shape(x)[axis]))


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
    start, limit, delta = (np.asarray(_np(x)).reshape(-1)[0] for x in inputs)
    return new_const(np.arange(start, limit, delta, dtype=start.dtype))


@converter("Pad")
def _pad(node, inputs):
    x = inputs[0]
    mode = node.attr("mode", "constant")
    if mode not in ("constant", "reflect", "edge", "wrap"):
        raise node.unsupported("mode", mode)
    rank = _rank(x)
    if node.opset < 11:
        pads, value = node.attr("pads"), node.attr("value", 0.0)
    else:
        pads = _ints_input(node, inputs[1], "pads")
        value = 0.0
        if len(inputs) > 2 and inputs[2] is not None:
            v = _np(inputs[2])
            value = inputs[2] if v is None else np.asarray(v).reshape(-1)[0].item()
        if len(inputs) > 3 and inputs[3] is not None:
            axes = [_axis(a, rank) for a in _ints_input(node, inputs[3], "axes")]
            full = [0] * (2 * rank)
            for i, a in enumerate(axes):
                full[a], full[a + rank] = pads[i], pads[i + len(axes)]
            pads = full
    widths = [(pads[i], pads[i + rank]) for i in range(rank)]
    if min(pads) < 0:
        # Negative pads crop.
        shape = infer_shape(x)
        x = relay.strided_slice(x, [max(0, -b) for b, _ in widths],
                                [shape[i] - max(0, -a) for i, (_, a) in enumerate(widths)])
        widths = [(max(0, b), max(0, a)) for b, a in widths]
    if mode != "constant":
        # reflect / edge / wrap: one gather per padded axis, indices as numpy.pad builds them.
        np_mode = {"reflect": "reflect", "edge": "edge", "wrap": "wrap"}[mode]
        for axis, (before, after) in enumerate(widths):
            if before or after:
                n = infer_shape(x)[axis]
                idx = np.pad(np.arange(n), (before, after), mode=np_mode).astype("int64")
                x = relay.take(x, new_const(idx), axis=axis)
        return x
    if isinstance(value, relay.Expr):
        return relay.nn.pad(x, widths, value, pad_mode=mode)
    return relay.nn.pad(x, widths, relay.const(value, _dtype(x)), pad_mode=mode)


# ---- reductions -----------------------------------------------------------------------------
def _reduce(fn):
    def convert(node, inputs):
        x = inputs[0]
        new_style = node.op_type == "ReduceSum" and node.opset >= 13 or node.opset >= 18
        axes = (_ints_input(node, inputs[1], "axes") if len(inputs) > 1 and
                inputs[1] is not None else None) if new_style else node.attr("axes")
        if not axes:
            if node.attr("noop_with_empty_axes", 0):
                return x
            axes = None
        keep = bool(node.attr("keepdims", 1))
        shape = infer_shape(x)
        red = list(range(len(shape))) if axes is None else [_axis(a, len(shape)) for a in axes]
        if any(shape[a] == 0 for a in red):
            # A reduction over nothing is the operation's identity, e.g. +inf for a min.
            out = [1 if a in red else d for a, d in enumerate(shape)] if keep else \
                [d for a, d in enumerate(shape) if a not in red]
            return new_const(np.full(out, _REDUCE_IDENTITY[node.op_type], _dtype(x)))
        return fn(x, axis=axes, keepdims=keep)
    return convert


_REDUCE_IDENTITY = {"ReduceSum": 0, "ReduceMean": np.nan, "ReduceMax": -np.inf,
                    "ReduceMin": np.inf, "ReduceProd": 1, "ReduceL1": 0, "ReduceL2": 0,
                    "ReduceSumSquare": 0, "ReduceLogSum": -np.inf, "ReduceLogSumExp": -np.inf}


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
    n = len(wshape) - 2
    if n not in (1, 2, 3):
        raise node.unsupported("kernel_shape", node.attr("kernel_shape", wshape[2:]))
    kernel = node.attr("kernel_shape", list(wshape[2:]))
    strides = node.attr("strides", [1] * n)
    dilations = node.attr("dilations", [1] * n)
    pads = _pads_2d(node, n, infer_shape(x)[2:], kernel, strides, dilations)
    out = _conv_core(node, x, w, wshape, strides, pads, dilations, node.attr("group", 1))
    if len(inputs) > 2 and inputs[2] is not None:
        out = relay.nn.bias_add(out, inputs[2], axis=1)
    return out


def _conv_core(node, x, w, wshape, strides, pads, dilations, groups):
    """ONNX convolution over 1, 2 or 3 spatial axes: pads is [begin..., end...]."""
    n = len(wshape) - 2
    if n == 1:
        # 1-D as 2-D over a unit height: every padding, group and dilation form of conv2d.
        out = _conv_core(node, relay.expand_dims(x, 2), relay.expand_dims(w, 2),
                         (wshape[0], wshape[1], 1, wshape[2]), [1, strides[0]],
                         [0, pads[0], 0, pads[1]], [1, dilations[0]], groups)
        return relay.squeeze(out, [2])
    if n == 3:
        return relay.nn.conv3d(x, w, strides=strides, padding=pads, dilation=dilations,
                               groups=groups, channels=wshape[0], kernel_size=list(wshape[2:]))
    in_channels = infer_shape(x)[1]
    if groups > 1 and groups == in_channels and wshape[0] != in_channels:
        # Depthwise with a channel multiplier m: repeat each input channel m times, then a
        # plain depthwise convolution (output channel o reads input channel o // m).
        mult = wshape[0] // in_channels
        x = relay.repeat(x, mult, axis=1)
        groups = wshape[0]
    return relay.nn.conv2d(x, w, strides=strides, padding=pads, dilation=dilations,
                           groups=groups, channels=wshape[0], kernel_size=list(wshape[2:]))


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
    x, idx = inputs
    bd = node.attr("batch_dims", 0)
    if bd:
        # Batch dimensions become explicit leading coordinates of every index tuple.
        ishape = infer_shape(idx)
        grids = np.meshgrid(*[np.arange(d) for d in ishape[:bd]], indexing="ij")
        lead = np.stack(grids, axis=-1).reshape(ishape[:bd] + (1,) * (len(ishape) - bd - 1) +
                                                (bd,))
        lead = relay.broadcast_to(new_const(lead.astype(_dtype(idx))), ishape[:-1] + (bd,))
        idx = relay.concatenate([lead, idx], -1)
    rank = _rank(idx)
    perm = [rank - 1] + list(range(rank - 1))
    return relay.gather_nd(x, relay.transpose(relay.cast(idx, "int32"), perm))


@converter("Resize", "Upsample")
def _resize(node, inputs):
    x = inputs[0]
    shape = infer_shape(x)
    rank = len(shape)
    old = node.op_type == "Upsample" or node.opset < 11
    mode = node.attr("mode", "nearest")
    if mode not in ("nearest", "linear", "cubic", "bilinear"):
        raise node.unsupported("mode", mode)
    mode = "linear" if mode == "bilinear" else mode
    if old:
        scales_in = node.attr("scales") if node.op_type == "Upsample" and node.opset < 9 \
            else inputs[1]
        scales = np.asarray(node.attr("scales") if isinstance(scales_in, list) else
                            _floats_input(node, scales_in, "scales"), "float64")
        axes, sizes = list(range(rank)), None
        ctm, nearest_mode = "asymmetric", "floor"
        roi = None
    else:
        axes = [_axis(a, rank) for a in node.attr("axes", list(range(rank)))]
        roi = _floats_input(node, inputs[1], "roi") if len(inputs) > 1 and \
            inputs[1] is not None and _np(inputs[1]) is not None and _np(inputs[1]).size else None
        if roi is None and len(inputs) > 1 and inputs[1] is not None and _np(inputs[1]) is None:
            _floats_input(node, inputs[1], "roi")  # raises: a dynamic roi
        sizes = _ints_input(node, inputs[3], "sizes") if len(inputs) > 3 and \
            inputs[3] is not None else None
        scales = None
        if sizes is None:
            if len(inputs) < 3 or inputs[2] is None:
                raise node.invalid("scales", "or sizes must be given")
            scales = np.asarray(_floats_input(node, inputs[2], "scales"), "float64")
        ctm = node.attr("coordinate_transformation_mode", "half_pixel")
        nearest_mode = node.attr("nearest_mode", "round_prefer_floor")
    in_sizes = [shape[a] for a in axes]
    if sizes is not None:
        sizes = list(sizes)
        policy = node.attr("keep_aspect_ratio_policy", "stretch")
        if policy == "stretch":
            scales = np.asarray([o / i for o, i in zip(sizes, in_sizes)], "float64")
        else:
            ratios = [o / i for o, i in zip(sizes, in_sizes)]
            r = min(ratios) if policy == "not_larger" else max(ratios)
            scales = np.full(len(axes), r, "float64")
            sizes = [int(np.floor(i * r + 0.5)) for i in in_sizes]
    else:
        sizes = [int(np.floor(i * s)) for i, s in zip(in_sizes, scales)]
    if roi is not None:
        roi = np.asarray(roi, "float64")
        if len(roi) == 2 * rank and len(axes) != rank:
            roi = np.concatenate([roi[axes], roi[[rank + a for a in axes]]])
    params = dict(mode=mode, ctm=ctm, nearest_mode=nearest_mode,
                  cubic_a=node.attr("cubic_coeff_a", -0.75),
                  exclude_outside=node.attr("exclude_outside", 0),
                  antialias=node.attr("antialias", 0),
                  extrapolation=node.attr("extrapolation_value", 0.0))
    valid_ctm = ("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners",
                 "asymmetric", "tf_crop_and_resize")
    if ctm not in valid_ctm:
        raise node.unsupported("coordinate_transformation_mode", ctm)
    out = x
    for k, a in enumerate(axes):
        if sizes[k] == in_sizes[k] and scales[k] == 1.0 and ctm != "tf_crop_and_resize":
            continue
        r = (roi[k], roi[len(axes) + k]) if roi is not None else (0.0, 1.0)
        out = _resize_axis(out, a, in_sizes[k], sizes[k], float(scales[k]), r, params)
    return out


def _floats_input(node, x, what):
    v = _np(x)
    if v is None:
        raise _error.OpAttributeUnImplemented(
            f"{node.op_type} node '{node.name}': input {what} must be a constant (dynamic "
            f"{what} is not supported)")
    return [float(i) for i in np.asarray(v).reshape(-1)]


def _resize_source(i, in_n, out_n, scale, roi, ctm):
    """The input coordinate of output index i along one axis (ONNX Resize)."""
    if ctm == "half_pixel":
        return (i + 0.5) / scale - 0.5
    if ctm == "half_pixel_symmetric":
        adjust = out_n / (scale * in_n)
        center = in_n / 2
        return center * (1 - adjust) + (i + 0.5) / scale - 0.5
    if ctm == "pytorch_half_pixel":
        return (i + 0.5) / scale - 0.5 if out_n > 1 else 0.0
    if ctm == "align_corners":
        length = scale * in_n  # the unrounded output length when scales are given
        return i * (in_n - 1) / (length - 1) if length > 1 else 0.0
    if ctm == "asymmetric":
        return i / scale
    start, end = roi  # tf_crop_and_resize
    if out_n > 1:
        return start * (in_n - 1) + i * (end - start) * (in_n - 1) / (out_n - 1)
    return 0.5 * (start + end) * (in_n - 1)


def _cubic_kernel(t, a):
    t = abs(t)
    if t <= 1:
        return ((a + 2) * t - (a + 3)) * t * t + 1
    if t < 2:
        return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a
    return 0.0


def _resize_weights(in_n, out_n, scale, roi, p):
    """(weights (out_n, in_n), outside (out_n,) bool): output i = sum_j w[i, j] x[j], or the
    extrapolation value where outside[i] (tf_crop_and_resize beyond the input)."""
    w = np.zeros((out_n, in_n), "float64")
    outside = np.zeros(out_n, bool)
    for i in range(out_n):
        x = _resize_source(i, in_n, out_n, scale, roi, p["ctm"])
        if p["ctm"] == "tf_crop_and_resize" and (x < 0 or x > in_n - 1):
            outside[i] = True
            continue
        if p["mode"] == "nearest":
            rounding = p["nearest_mode"]
            if rounding == "round_prefer_floor":
                j = np.ceil(x - 0.5)
            elif rounding == "round_prefer_ceil":
                j = np.floor(x + 0.5)
            elif rounding == "floor":
                j = np.floor(x)
            else:
                j = np.ceil(x)
            w[i, int(min(max(j, 0), in_n - 1))] = 1.0
            continue
        if p["mode"] == "linear":
            kernel, support = (lambda t: max(0.0, 1 - abs(t))), 1.0
        else:
            kernel, support = (lambda t: _cubic_kernel(t, p["cubic_a"])), 2.0
        shrink = scale if p["antialias"] and scale < 1 else 1.0
        # Taps j with |j - x| * shrink < support; out-of-range taps are clamped to the edge
        # (or dropped with exclude_outside / antialias, the rest renormalized).
        lo = int(np.floor(x - support / shrink)) - 1
        hi = int(np.ceil(x + support / shrink)) + 1
        # Taps j with kernel((j - x) * shrink) != 0. With antialias the coefficients are
        # normalized over the whole footprint first. Taps outside the input are then dropped
        # (exclude_outside, renormalized) or read the edge element.
        coeffs = [(j, kernel((j - x) * shrink)) for j in range(lo, hi + 1)]
        coeffs = [(j, c) for j, c in coeffs if c != 0.0]
        if shrink < 1:
            total = sum(c for _, c in coeffs)
            coeffs = [(j, c / total) for j, c in coeffs]
        if p["exclude_outside"]:
            coeffs = [(j, c) for j, c in coeffs if 0 <= j < in_n]
            total = sum(c for _, c in coeffs)
            coeffs = [(j, c / total) for j, c in coeffs]
        for j, c in coeffs:
            w[i, min(max(j, 0), in_n - 1)] += c
    return w, outside


def _resize_axis(x, axis, in_n, out_n, scale, roi, p):
    """x resized along one axis: a gather for nearest; otherwise the sum over the few taps
    of each output (2 for linear, 4 for cubic, more with antialias) of a gather times its
    weight, both constants computed here."""
    w, outside = _resize_weights(in_n, out_n, scale, roi, p)
    rank = len(infer_shape(x))
    t = _dtype(x)
    if p["mode"] == "nearest":
        out = relay.take(x, new_const(np.argmax(w, axis=1).astype("int64")), axis=axis)
    else:
        taps = max(1, int((w != 0).sum(axis=1).max()))
        idx = np.zeros((taps, out_n), "int64")
        wts = np.zeros((taps, out_n), "float64")
        for i in range(out_n):
            cols = np.nonzero(w[i])[0]
            idx[:len(cols), i], wts[:len(cols), i] = cols, w[i, cols]
        ct = t if t.startswith("float") else "float32"
        xf = x if ct == t else relay.cast(x, ct)
        view = [1] * rank
        view[axis] = out_n
        out = None
        for k in range(taps):
            term = relay.multiply(relay.take(xf, new_const(idx[k]), axis=axis),
                                  new_const(wts[k].astype(ct).reshape(view)))
            out = term if out is None else relay.add(out, term)
        if ct != t:
            info = np.iinfo(t)
            out = relay.cast(relay.clip(relay.round(out), float(info.min), float(info.max)), t)
    if outside.any():
        view = [1] * rank
        view[axis] = out_n
        out = relay.where(new_const(outside.reshape(view)),
                          relay.const(p["extrapolation"], t), out)
    return out


@converter("TopK")
def _topk(node, inputs):
    k = node.attr("k") if node.opset < 10 else _ints_input(node, inputs[1], "K")[0]
    out = relay.topk(inputs[0], k=k, axis=node.attr("axis", -1), ret_type="both",
                     is_ascend=not node.attr("largest", 1), dtype="int64")
    return [out[0], out[1]]


# ---- operators with data-dependent output shapes (run by the Relay VM) ------------------
def _spanned_fields(node, tuple_call, size):
    """The fields of a multi-output call, the call carrying the node's span (the importer
    tags only the calls it is handed, not calls under a TupleGetItem)."""
    call = set_span(tuple_call, node.name)
    return [relay.TupleGetItem(call, i) for i in range(size)]


@converter("NonZero")
def _non_zero(node, inputs):
    """The indices of the nonzero elements, [rank, count] int64: argwhere transposed."""
    x = inputs[0]
    if isinstance(x, relay.Constant):
        return new_const(np.array(np.nonzero(_np(x)), dtype="int64"))
    indices = _spanned_fields(node, relay.argwhere(x).tuple_value, 2)[0]
    return relay.transpose(indices)


@converter("Unique")
def _unique(node, inputs):
    """Y, indices, inverse_indices, counts. Without axis, the unique elements of the flattened
    input; with axis, the unique slices along it: the input is made [N, rest] rows (axis moved
    to the front), and Y gathers the first occurrences of the unique rows along the axis."""
    x = inputs[0]
    is_sorted = bool(node.attr("sorted", 1))
    axis = node.attr("axis")
    rank = _rank(x)
    if axis is None or rank == 1:
        rows = relay.reshape(x, [-1])
    else:
        axis = _axis(axis, rank)
        if not 0 <= axis < rank:
            raise node.invalid("axis", f"{node.attr('axis')} is out of range for rank {rank}")
        perm = [axis] + [d for d in range(rank) if d != axis]
        moved = x if axis == 0 else relay.transpose(x, perm)
        rows = relay.reshape(moved, [0, -1]) if rank > 2 else moved
    call = relay.unique(rows, is_sorted)[0].tuple_value
    uniq, indices, inverse, counts, _ = _spanned_fields(node, call, 5)
    if axis is not None and rank > 1:
        uniq = relay.take(x, indices, axis=axis)
    return [uniq, indices, inverse, counts]


@converter("NonMaxSuppression")
def _non_max_suppression(node, inputs):
    """Omitted operands: max_output_boxes_per_class 0 (no box kept), iou_threshold 0, no
    score_threshold (every score passes)."""
    boxes, scores = inputs[0], inputs[1]
    max_out, iou, score = (inputs + [None] * 5)[2:5]
    center = node.attr("center_point_box", 0)
    if center not in (0, 1):
        raise node.invalid("center_point_box", f"must be 0 or 1, got {center}")
    out = relay.vision.all_class_non_max_suppression(
        boxes, scores, 0 if max_out is None else max_out, 0.0 if iou is None else iou, score,
        center_point_box=center)
    return _spanned_fields(node, out.astuple(), 2)[0]


@converter("ConvTranspose")
def _conv_transpose(node, inputs):
    x, w = inputs[0], inputs[1]
    wshape = infer_shape(w)
    xshape = infer_shape(x)
    n = len(wshape) - 2
    if n not in (1, 2, 3):
        raise node.unsupported("kernel_shape", wshape[2:])
    group = node.attr("group", 1)
    kernel = list(wshape[2:])
    strides = node.attr("strides", [1] * n)
    dilations = node.attr("dilations", [1] * n)
    out_pad = node.attr("output_padding", [0] * n)
    pads = node.attr("pads")
    auto_pad = node.attr("auto_pad", "NOTSET")
    out_shape = node.attr("output_shape")
    if pads is None or auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        if auto_pad not in ("NOTSET", "", "SAME_UPPER", "SAME_LOWER", "VALID"):
            raise node.unsupported("auto_pad", auto_pad)
        if out_shape is None and auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            out_shape = [xshape[2 + i] * strides[i] for i in range(n)]
        if out_shape is None:
            pads = [0] * (2 * n)
        else:
            out_shape = list(out_shape)[-n:]
            total = [strides[i] * (xshape[2 + i] - 1) + out_pad[i] +
                     (kernel[i] - 1) * dilations[i] + 1 - out_shape[i] for i in range(n)]
            if auto_pad == "SAME_UPPER":
                pads = [t // 2 for t in total] + [t - t // 2 for t in total]
            else:
                pads = [t - t // 2 for t in total] + [t // 2 for t in total]
    if n == 2 and group == 1 and dilations == [1, 1] and min(pads) >= 0 and \
            all(p < s for p, s in zip(out_pad, strides)):
        out = relay.nn.conv2d_transpose(
            x, w, strides=strides, padding=pads, dilation=dilations, channels=wshape[1],
            kernel_size=kernel, output_padding=out_pad)
    else:
        out = _conv_transpose_as_conv(node, x, w, xshape, wshape, strides, pads, dilations,
                                      out_pad, group)
    if len(inputs) > 2 and inputs[2] is not None:
        out = relay.nn.bias_add(out, inputs[2], axis=1)
    return out


def _conv_transpose_as_conv(node, x, w, xshape, wshape, strides, pads, dilations, out_pad,
                            group):
    """A transposed convolution as a stride-1 convolution: zeros inserted between the input
    elements (stride - 1 per gap), padded by (effective kernel - 1 - pad) on each side, then
    convolved with the spatially flipped kernel whose in/out channel axes are swapped per
    group. Negative paddings crop."""
    n = len(wshape) - 2
    c_in, c_out_g = wshape[0], wshape[1]
    # Zero insertion along each spatial axis.
    for i in range(n):
        s = strides[i]
        if s == 1:
            continue
        axis = 2 + i
        shape = list(infer_shape(x))
        x = relay.expand_dims(x, axis + 1)
        widths = [(0, 0)] * (len(shape) + 1)
        widths[axis + 1] = (0, s - 1)
        x = relay.nn.pad(x, widths, 0.0)
        shape[axis] = shape[axis] * s
        x = relay.reshape(x, shape)
        x = relay.strided_slice(x, [0], [(xshape[axis] - 1) * s + 1], axes=[axis])
    # Padding (or cropping) so that a stride-1 convolution gives the transposed result.
    widths = [(0, 0), (0, 0)]
    crop = []
    for i in range(n):
        k_eff = (wshape[2 + i] - 1) * dilations[i] + 1
        before = k_eff - 1 - pads[i]
        after = k_eff - 1 - pads[n + i] + out_pad[i]
        widths.append((max(before, 0), max(after, 0)))
        crop.append((max(-before, 0), max(-after, 0)))
    x = relay.nn.pad(x, widths, 0.0)
    if any(a or b for a, b in crop):
        shape = infer_shape(x)
        x = relay.strided_slice(x, [a for a, _ in crop],
                                [shape[2 + i] - b for i, (_, b) in enumerate(crop)],
                                axes=list(range(2, 2 + n)))
    # Kernel: (C_in, C_out/g, k...) -> (C_out, C_in/g, k...), flipped spatially.
    c_in_g = c_in // group
    w = relay.reshape(w, [group, c_in_g, c_out_g] + list(wshape[2:]))
    w = relay.transpose(w, [0, 2, 1] + list(range(3, 3 + n)))
    w = relay.reshape(w, [group * c_out_g, c_in_g] + list(wshape[2:]))
    for i in range(n):
        k = wshape[2 + i]
        w = relay.take(w, new_const(np.arange(k - 1, -1, -1, dtype="int64")), axis=2 + i)
    wshape2 = (group * c_out_g, c_in_g) + tuple(wshape[2:])
    return _conv_core(node, x, w, wshape2, [1] * n, [0] * (2 * n), dilations, group)


def _pool(kind):
    def convert(node, inputs):
        x = inputs[0]
        shape = infer_shape(x)
        n = len(shape) - 2
        kernel = node.attr("kernel_shape")
        if kernel is None or len(kernel) != n or n not in (1, 2, 3):
            raise node.unsupported("kernel_shape", kernel)
        want_indices = kind == "max" and len(node.proto.output) > 1 and node.proto.output[1]
        if want_indices and n != 2:
            raise node.unsupported("Indices output", f"with {n} spatial axes")
        strides = node.attr("strides", [1] * n)
        dilations = node.attr("dilations", [1] * n)
        pads = list(_pads_2d(node, n, shape[2:], kernel, strides, dilations))
        ceil_mode = bool(node.attr("ceil_mode", 0))
        include_pad = bool(node.attr("count_include_pad", 0))
        if ceil_mode:
            # ONNX's ceil mode drops a last window that would start in the end padding; give
            # the extra rows as explicit end padding and pool in floor mode (max ignores
            # them; the average counts them exactly when it counts the padding, as the
            # ONNX reference does).
            extra = []
            for i in range(n):
                k_eff = (kernel[i] - 1) * dilations[i] + 1
                span = shape[2 + i] + pads[i] + pads[n + i] - k_eff
                out = -(-span // strides[i]) + 1
                if (out - 1) * strides[i] >= shape[2 + i] + pads[i]:
                    out -= 1
                extra.append(max(0, (out - 1) * strides[i] + k_eff - (shape[2 + i] + pads[i] +
                                                                       pads[n + i])))
            ceil_mode = False
            pads = pads[:n] + [pads[n + i] + extra[i] for i in range(n)]
        if kind == "lp":
            p = float(node.attr("p", 2))
            t = _dtype(x)
            y = relay.power(relay.abs(x), relay.const(p, t))
            y = _pool_nd("avg", y, kernel, strides, dilations, pads, ceil_mode, True)
            y = relay.multiply(y, relay.const(float(np.prod(kernel)), t))
            return relay.power(y, relay.const(1.0 / p, t))
        if want_indices:
            return _max_pool_with_indices(x, kernel, strides, dilations, pads,
                                          node.attr("storage_order", 0))
        return _pool_nd(kind, x, kernel, strides, dilations, pads, ceil_mode, include_pad)
    return convert


def _max_pool_with_indices(x, kernel, strides, dilations, pads, storage_order):
    """2-D max pooling and the flat index of each maximum (row-major, or column-major within
    each image with storage_order=1): a running maximum over the kernel offsets; the first
    maximum in window order wins."""
    nb, c, h, w = infer_shape(x)
    t = _dtype(x)
    xp = relay.nn.pad(x, [(0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])],
                      relay.const(float("-inf"), t))
    oh = (h + pads[0] + pads[2] - ((kernel[0] - 1) * dilations[0] + 1)) // strides[0] + 1
    ow = (w + pads[1] + pads[3] - ((kernel[1] - 1) * dilations[1] + 1)) // strides[1] + 1
    base = (np.arange(nb * c, dtype="int64") * h * w).reshape(nb, c, 1, 1)
    best = best_idx = None
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            r0, c0 = i * dilations[0], j * dilations[1]
            val = relay.strided_slice(xp, [0, 0, r0, c0],
                                      [nb, c, r0 + (oh - 1) * strides[0] + 1,
                                       c0 + (ow - 1) * strides[1] + 1], [1, 1] + list(strides))
            rows = np.arange(oh).reshape(oh, 1) * strides[0] + r0 - pads[0]
            cols = np.arange(ow).reshape(1, ow) * strides[1] + c0 - pads[1]
            pos = cols * h + rows if storage_order else rows * w + cols
            idx = new_const((base + pos).astype("int64"))
            if best is None:
                best, best_idx = val, relay.broadcast_to(idx, (nb, c, oh, ow))
            else:
                better = relay.greater(val, best)
                best = relay.where(better, val, best)
                best_idx = relay.where(better, idx, best_idx)
    return [best, best_idx]


def _pool_nd(kind, x, kernel, strides, dilations, pads, ceil_mode, include_pad):
    """Max / average pooling over 1, 2 or 3 spatial axes with the 2-D operators: 1-D over a
    unit height; 3-D as a 2-D pool over (H, W) then one over D (both reductions separate:
    max of maxes, and the average's divisor is the product of per-axis counts)."""
    n = len(kernel)

    def pool2d(y, k, s, d, p):
        if kind == "max":
            return relay.nn.max_pool2d(y, k, s, d, p, ceil_mode=ceil_mode)
        return relay.nn.avg_pool2d(y, k, s, d, p, ceil_mode=ceil_mode,
                                   count_include_pad=include_pad)

    if n == 2:
        return pool2d(x, kernel, strides, dilations, pads)
    if n == 1:
        y = pool2d(relay.expand_dims(x, 2), [1, kernel[0]], [1, strides[0]],
                   [1, dilations[0]], [0, pads[0], 0, pads[1]])
        return relay.squeeze(y, [2])
    nb, c, d, h, w = infer_shape(x)
    y = relay.reshape(x, (nb, c * d, h, w))
    y = pool2d(y, kernel[1:], strides[1:], dilations[1:], [pads[1], pads[2], pads[4], pads[5]])
    _, _, h2, w2 = infer_shape(y)
    y = relay.reshape(y, (nb, c, d, h2 * w2))
    y = pool2d(y, [kernel[0], 1], [strides[0], 1], [dilations[0], 1], [pads[0], 0, pads[3], 0])
    d2 = infer_shape(y)[2]
    return relay.reshape(y, (nb, c, d2, h2, w2))


_CONVERTERS["MaxPool"] = _pool("max")
_CONVERTERS["AveragePool"] = _pool("avg")
_CONVERTERS["LpPool"] = _pool("lp")


@converter("GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool")
def _global_pool(node, inputs):
    x = inputs[0]
    rank = _rank(x)
    if rank == 4 and node.op_type != "GlobalLpPool":
        fn = relay.nn.global_avg_pool2d if node.op_type == "GlobalAveragePool" else \
            relay.nn.global_max_pool2d
        return fn(x)
    axes = list(range(2, rank))
    if node.op_type == "GlobalAveragePool":
        return relay.mean(x, axes, keepdims=True)
    if node.op_type == "GlobalMaxPool":
        return relay.max(x, axes, keepdims=True)
    p = float(node.attr("p", 2))
    t = _dtype(x)
    s = relay.sum(relay.power(relay.abs(x), relay.const(p, t)), axes, keepdims=True)
    return relay.power(s, relay.const(1.0 / p, t))


@converter("BatchNormalization")
def _batch_norm(node, inputs):
    x, scale, bias, mean, var = inputs[:5]
    eps = node.attr("epsilon", 1e-5)
    training = node.attr("training_mode", 0)
    if not training:
        return relay.nn.batch_norm(x, scale, bias, mean, var, axis=1, epsilon=eps)[0]
    # Training mode (opset 14+): normalize with the batch statistics and return the updated
    # running statistics too.
    rank = _rank(x)
    t = _dtype(x)
    axes = [0] + list(range(2, rank))
    bmean = relay.mean(x, axes)
    bvar = relay.mean(relay.multiply(relay.subtract(x, relay.mean(x, axes, keepdims=True)),
                                     relay.subtract(x, relay.mean(x, axes, keepdims=True))), axes)
    y = relay.nn.batch_norm(x, scale, bias, bmean, bvar, axis=1, epsilon=eps)[0]
    mom = node.attr("momentum", 0.9)
    run_mean = relay.add(relay.multiply(mean, relay.const(mom, t)),
                         relay.multiply(bmean, relay.const(1 - mom, t)))
    run_var = relay.add(relay.multiply(var, relay.const(mom, t)),
                        relay.multiply(bvar, relay.const(1 - mom, t)))
    return [y, run_mean, run_var]


@converter("InstanceNormalization")
def _instance_norm(node, inputs):
    x = inputs[0]
    if _rank(x) == 4:
        return relay.nn.instance_norm(x, inputs[1], inputs[2], axis=1,
                                      epsilon=node.attr("epsilon", 1e-5))
    axes = list(range(2, _rank(x)))
    return _normalize(x, axes, node.attr("epsilon", 1e-5), _channel_param(x, inputs[1]),
                      _channel_param(x, inputs[2]))[0]


def _channel_param(x, p):
    """A (C,) parameter shaped to broadcast along axis 1 of x."""
    return relay.reshape(p, (-1,) + (1,) * (_rank(x) - 2))


def _normalize(x, axes, eps, scale=None, bias=None):
    """((x - mean) / sqrt(var + eps)) * scale + bias over `axes`; also the mean and 1/std."""
    t = _dtype(x)
    mean = relay.mean(x, axes, keepdims=True)
    d = relay.subtract(x, mean)
    var = relay.mean(relay.multiply(d, d), axes, keepdims=True)
    inv = relay.divide(relay.const(1.0, t), relay.sqrt(relay.add(var, relay.const(eps, t))))
    y = relay.multiply(d, inv)
    if scale is not None:
        y = relay.multiply(y, scale)
    if bias is not None:
        y = relay.add(y, bias)
    return y, mean, inv


@converter("LayerNormalization")
def _layer_norm(node, inputs):
    x = inputs[0]
    rank = _rank(x)
    axis = _axis(node.attr("axis", -1), rank)
    eps = node.attr("epsilon", 1e-5)
    bias = inputs[2] if len(inputs) > 2 else None
    outs = [o for o in node.proto.output[1:] if o]
    if axis == rank - 1 and not outs and _dtype(x) == "float32":
        beta = bias if bias is not None else relay.zeros_like(inputs[1])
        return relay.nn.layer_norm(x, inputs[1], beta, axis=-1, epsilon=eps)
    stash = ONNX_DTYPES.get(node.attr("stash_type", 1), "float32")
    t = _dtype(x)
    xs = relay.cast(x, stash) if stash != t else x
    y, mean, inv = _normalize(xs, list(range(axis, rank)), eps)
    if stash != t:
        y = relay.cast(y, t)
    y = relay.multiply(y, inputs[1])
    if bias is not None:
        y = relay.add(y, bias)
    return [y, mean, inv]


@converter("GroupNormalization")
def _group_norm(node, inputs):
    x, scale, bias = inputs
    shape = infer_shape(x)
    groups = node.attr("num_groups")
    c = shape[1]
    grouped = relay.reshape(x, (shape[0], groups, -1))
    y = _normalize(grouped, [2], node.attr("epsilon", 1e-5))[0]
    if infer_shape(scale)[0] == groups and groups != c:
        # Opset 18: scale and bias per group.
        y = relay.add(relay.multiply(y, relay.reshape(scale, (groups, 1))),
                      relay.reshape(bias, (groups, 1)))
        return relay.reshape(y, shape)
    y = relay.reshape(y, shape)
    return relay.add(relay.multiply(y, _channel_param(x, scale)), _channel_param(x, bias))


@converter("MeanVarianceNormalization")
def _mvn(node, inputs):
    x = inputs[0]
    t = _dtype(x)
    axes = node.attr("axes", [0, 2, 3])
    mean = relay.mean(x, axes, keepdims=True)
    var = relay.subtract(relay.mean(relay.multiply(x, x), axes, keepdims=True),
                         relay.multiply(mean, mean))
    std = relay.add(relay.sqrt(var), relay.const(1e-9, t))
    return relay.divide(relay.subtract(x, mean), std)


@converter("LRN")
def _lrn(node, inputs):
    x = inputs[0]
    t = _dtype(x)
    size = node.attr("size")
    alpha, beta, bias = node.attr("alpha", 1e-4), node.attr("beta", 0.75), node.attr("bias", 1.0)
    shape = infer_shape(x)
    rest = int(np.prod(shape[2:]))
    sq = relay.reshape(relay.multiply(x, x), (shape[0], 1, shape[1], rest))
    # The sum of squares over the channel window [c - (size-1)//2, c + ceil((size-1)/2)].
    lo, hi = (size - 1) // 2, -(-(size - 1) // 2)
    s = relay.nn.avg_pool2d(sq, [size, 1], [1, 1], [1, 1], [lo, 0, hi, 0],
                            count_include_pad=True)
    s = relay.reshape(relay.multiply(s, relay.const(float(size), t)), shape)
    den = relay.power(relay.add(relay.const(bias, t),
                                relay.multiply(relay.const(alpha / size, t), s)),
                      relay.const(beta, t))
    return relay.divide(x, den)


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
    static = all(isinstance(d, int) for d in sa + sb)
    if not static and len(sa) >= 3 and len(sb) == 2 and isinstance(sa[-1], int):
        # [..., K] x [K, N] with leading dimensions known only at run time: a dense on the
        # rows, reshaped back like `a` (onnx_shapes.reshape_by_template).
        sym = node.importer.sym
        lead = sym.dims(node.proto.input[0], a)[:-1]
        flat = relay.nn.dense(relay.reshape(a, [-1, sa[-1]]), relay.transpose(b, (1, 0)))
        out = reshape_by_template(sym, node.importer.nodes, flat, list(lead) + [sb[-1]])
        if out is not None:
            return out
    if not static and len(sa) == 3 and len(sb) == 3:
        # Batched, batches taken as equal (a broadcast needs static shapes).
        return relay.nn.batch_matmul(a, b, transpose_b=False)
    if not static and len(sa) >= 2 and len(sb) >= 2:
        # Other ranks with dimensions known only at run time: a broadcasting multiply reduced
        # over K, sum(a[..., M, K, 1] * b[..., 1, K, N], K), which fusion keeps in registers.
        return relay.sum(relay.multiply(relay.expand_dims(a, len(sa)),
                                        relay.expand_dims(b, len(sb) - 2)), axis=[-2])
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


# ---- more elementwise operators ---------------------------------------------------------------
def _c(value, like):
    return relay.const(value, _dtype(like))


@converter("Asinh", "Acosh", "Atanh")
def _inverse_hyperbolic(node, inputs):
    x = inputs[0]
    one = _c(1.0, x)
    if node.op_type == "Asinh":
        return relay.log(relay.add(x, relay.sqrt(relay.add(relay.multiply(x, x), one))))
    if node.op_type == "Acosh":
        return relay.log(relay.add(x, relay.sqrt(relay.subtract(relay.multiply(x, x), one))))
    return relay.multiply(_c(0.5, x), relay.log(relay.divide(relay.add(one, x),
                                                             relay.subtract(one, x))))


@converter("IsInf")
def _isinf(node, inputs):
    x = inputs[0]
    out = relay.isinf(x)
    pos, neg = node.attr("detect_positive", 1), node.attr("detect_negative", 1)
    if pos and neg:
        return out
    if pos:
        return relay.logical_and(out, relay.greater(x, _c(0.0, x)))
    if neg:
        return relay.logical_and(out, relay.less(x, _c(0.0, x)))
    return relay.logical_and(out, relay.const(False))


@converter("BitShift")
def _bit_shift(node, inputs):
    fn = relay.left_shift if node.attr("direction") == "LEFT" else relay.right_shift
    return fn(*inputs)


@converter("Shrink")
def _shrink(node, inputs):
    x = inputs[0]
    lambd, bias = node.attr("lambd", 0.5), node.attr("bias", 0.0)
    return relay.where(relay.less(x, _c(-lambd, x)), relay.add(x, _c(bias, x)),
                       relay.where(relay.greater(x, _c(lambd, x)), relay.subtract(x, _c(bias, x)),
                                   relay.zeros_like(x)))


@converter("ThresholdedRelu")
def _thresholded_relu(node, inputs):
    x = inputs[0]
    return relay.where(relay.greater(x, _c(node.attr("alpha", 1.0), x)), x, relay.zeros_like(x))


@converter("Celu")
def _celu(node, inputs):
    x = inputs[0]
    alpha = node.attr("alpha", 1.0)
    neg = relay.multiply(_c(alpha, x), relay.subtract(relay.exp(relay.divide(x, _c(alpha, x))),
                                                      _c(1.0, x)))
    return relay.add(relay.maximum(x, _c(0.0, x)), relay.minimum(neg, _c(0.0, x)))


@converter("Mish")
def _mish(node, inputs):
    x = inputs[0]
    return relay.multiply(x, relay.tanh(relay.log(relay.add(relay.exp(x), _c(1.0, x)))))


@converter("EyeLike")
def _eye_like(node, inputs):
    shape = infer_shape(inputs[0])
    dtype = ONNX_DTYPES.get(node.attr("dtype"), _dtype(inputs[0]))
    return new_const(np.eye(shape[0], shape[1], k=node.attr("k", 0), dtype=dtype))


@converter("Trilu")
def _trilu(node, inputs):
    x = inputs[0]
    k = _ints_input(node, inputs[1], "k")[0] if len(inputs) > 1 and inputs[1] is not None else 0
    shape = infer_shape(x)
    if 0 in shape:
        return new_const(np.zeros(shape, _dtype(x)))  # empty: determined by its shape
    n, m = shape[-2], shape[-1]
    rows, cols = np.arange(n)[:, None], np.arange(m)[None, :]
    mask = cols - rows >= k if node.attr("upper", 1) else cols - rows <= k
    return relay.where(new_const(mask), x, relay.zeros_like(x))


@converter("CumSum")
def _cumsum(node, inputs):
    x = inputs[0]
    rank = _rank(x)
    axis = _axis(_ints_input(node, inputs[1], "axis")[0], rank)
    n = infer_shape(x)[axis]
    i, j = np.arange(n)[:, None], np.arange(n)[None, :]
    if node.attr("reverse", 0):
        mask = j > i if node.attr("exclusive", 0) else j >= i
    else:
        mask = j < i if node.attr("exclusive", 0) else j <= i
    # out[..., i] = sum_j mask[i, j] * x[..., j] with the axis moved last.
    perm = [d for d in range(rank) if d != axis] + [axis]
    xt = relay.transpose(x, perm) if axis != rank - 1 else x
    prod = relay.multiply(relay.expand_dims(xt, rank - 1), new_const(mask.astype(_dtype(x))))
    out = relay.sum(prod, axis=[rank])
    if axis != rank - 1:
        out = relay.transpose(out, [int(k) for k in np.argsort(perm)])
    return out


@converter("Hardmax")
def _hardmax(node, inputs):
    x = inputs[0]
    shape = infer_shape(x)
    axis = _axis(node.attr("axis", 1 if node.opset < 13 else -1), len(shape))
    if node.opset < 13:
        flat = relay.reshape(x, (int(np.prod(shape[:axis])), int(np.prod(shape[axis:]))))
        out = relay.one_hot(relay.argmax(flat, axis=[1]), relay.const(1.0, _dtype(x)),
                            relay.const(0.0, _dtype(x)), int(np.prod(shape[axis:])), 1,
                            _dtype(x))
        return relay.reshape(out, shape)
    return relay.one_hot(relay.argmax(x, axis=[axis]), relay.const(1.0, _dtype(x)),
                         relay.const(0.0, _dtype(x)), shape[axis], axis, _dtype(x))


@converter("OneHot")
def _one_hot(node, inputs):
    indices, depth, values = inputs
    depth = int(np.asarray(_np(depth)).reshape(-1)[0]) if _np(depth) is not None else \
        _ints_input(node, depth, "depth")[0]
    idx = indices if _dtype(indices).startswith("int") else relay.cast(indices, "int64")
    idx = _wrap_negative(idx, depth)
    off = relay.take(values, relay.const(0, "int64"))
    on = relay.take(values, relay.const(1, "int64"))
    return relay.one_hot(idx, on, off, depth, node.attr("axis", -1), _dtype(values))


@converter("Einsum")
def _einsum(node, inputs):
    """Einsum as broadcast multiplication and summation: every operand is brought to the
    order of all letters (repeated letters of one operand take its diagonal), multiplied, and
    the letters not in the output summed."""
    eq = node.attr("equation").replace(" ", "")
    lhs, _, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(inputs):
        raise node.unsupported("equation", eq)
    if "..." in eq:
        # The ellipsis becomes fresh upper-case letters, aligned from the right.
        counts = [_rank(x) - (len(tm) - 3) if "..." in tm else 0 for tm, x in zip(terms, inputs)]
        most = max(counts)
        fresh = "".join(chr(ord("A") + i) for i in range(most))
        terms = [tm.replace("...", fresh[most - c:]) for tm, c in zip(terms, counts)]
        lhs = ",".join(terms)
        rhs = rhs.replace("...", fresh)
    if not _:
        rhs = "".join(sorted(c for c in set(lhs) if c != "," and lhs.count(c) == 1))
    letters = []
    for c in lhs + rhs:
        if c.isalpha() and c not in letters:
            letters.append(c)
    sizes = {}
    full = []
    for term, x in zip(terms, inputs):
        shape = infer_shape(x)
        for c, d in zip(term, shape):
            sizes[c] = d
        # Diagonal of repeated letters: multiply by an identity mask and sum one copy out.
        while len(set(term)) != len(term):
            c = next(ch for ch in term if term.count(ch) > 1)
            a = term.index(c)
            b = term.index(c, a + 1)
            shape = infer_shape(x)
            mask_shape = [1] * len(shape)
            mask_shape[a], mask_shape[b] = shape[a], shape[b]
            mask = np.eye(shape[a], dtype=_dtype(x)).reshape(mask_shape)
            x = relay.sum(relay.multiply(x, new_const(mask)), axis=[b])
            term = term[:b] + term[b + 1:]
        present = [c for c in letters if c in term]
        x = relay.transpose(x, [term.index(c) for c in present])
        own = infer_shape(x)
        shape = [own[present.index(c)] if c in present else 1 for c in letters]
        full.append(relay.reshape(x, shape))
    out = full[0]
    for x in full[1:]:
        out = relay.multiply(out, x)
    summed = [i for i, c in enumerate(letters) if c not in rhs]
    if summed:
        out = relay.sum(out, axis=summed)
    kept = [c for c in letters if c in rhs]
    if kept != list(rhs):
        out = relay.transpose(out, [kept.index(c) for c in rhs])
    return out


@converter("ScatterND")
def _scatter_nd(node, inputs):
    """ScatterND as ScatterElements on the data flattened over its indexed axes."""
    data, indices, updates = inputs
    dshape, ishape = infer_shape(data), infer_shape(indices)
    k = ishape[-1]
    m = int(np.prod(ishape[:-1]))
    rest = int(np.prod(dshape[k:]))
    strides = np.cumprod([1] + list(dshape[1:k])[::-1])[::-1].astype("int64")
    idx = relay.cast(indices, "int64")
    idx = relay.add(idx, relay.multiply(relay.cast(relay.less(idx, relay.const(0, "int64")),
                                                   "int64"),
                                        new_const(np.asarray(dshape[:k], "int64"))))
    lin = relay.sum(relay.multiply(idx, new_const(strides)), axis=[-1])
    lin = relay.broadcast_to(relay.reshape(lin, (m, 1)), (m, rest))
    flat = relay.reshape(data, (int(np.prod(dshape[:k])), rest))
    upd = relay.reshape(updates, (m, rest))
    reduction = node.attr("reduction", "none")
    out = relay.scatter_elements(flat, lin, upd, axis=0,
                                 reduction="update" if reduction == "none" else reduction)
    return relay.reshape(out, dshape)


@converter("Compress")
def _compress(node, inputs):
    x, cond = inputs
    c = _np(cond)
    if c is None:
        raise _error.OpAttributeUnImplemented(
            f"Compress node '{node.name}': input condition must be a constant (it decides the "
            "output shape)")
    picked = new_const(np.nonzero(np.asarray(c).reshape(-1))[0].astype("int64"))
    axis = node.attr("axis")
    if axis is None:
        return relay.take(relay.reshape(x, (-1,)), picked, axis=0)
    axis = _axis(axis, _rank(x))
    n = infer_shape(x)[axis]
    picked = new_const(np.nonzero(np.asarray(c).reshape(-1)[:n])[0].astype("int64"))
    return relay.take(x, picked, axis=axis)


@converter("ReverseSequence")
def _reverse_sequence(node, inputs):
    x, lens = inputs
    shape = infer_shape(x)
    batch_axis, time_axis = node.attr("batch_axis", 1), node.attr("time_axis", 0)
    t_len, b_len = shape[time_axis], shape[batch_axis]
    # src[t, b] = lens[b] - 1 - t for t < lens[b], else t; arranged along (time, batch).
    t = new_const(np.arange(t_len, dtype="int64").reshape(t_len, 1))
    length = relay.reshape(relay.cast(lens, "int64"), (1, b_len))
    src = relay.where(relay.less(t, length),
                      relay.subtract(relay.subtract(length, relay.const(1, "int64")), t),
                      relay.broadcast_to(t, (t_len, b_len)))
    if batch_axis < time_axis:
        src = relay.transpose(src, (1, 0))
    view = [1] * len(shape)
    view[time_axis], view[batch_axis] = t_len, b_len
    src = relay.broadcast_to(relay.reshape(src, view), shape)
    return relay.gather(x, time_axis, src)


# ---- sampling -----------------------------------------------------------------------------------
def _reflect_coord(c, lo, hi):
    """Coordinates outside [lo, hi] reflected back in (repeatedly, like the border of a
    mirror), as GridSample's reflection padding does."""
    rng = hi - lo
    t = _dtype(c)
    below = relay.less(c, relay.const(lo, t))
    dx = relay.where(below, relay.subtract(relay.const(lo, t), c),
                     relay.subtract(c, relay.const(hi, t)))
    flips = relay.floor(relay.divide(dx, relay.const(rng, t)))
    r = relay.subtract(dx, relay.multiply(flips, relay.const(rng, t)))
    even = relay.equal(relay.floor_mod(flips, relay.const(2.0, t)), relay.const(0.0, t))
    lo_r, hi_r = relay.add(relay.const(lo, t), r), relay.subtract(relay.const(hi, t), r)
    from_below = relay.where(even, lo_r, hi_r)
    from_above = relay.where(even, hi_r, lo_r)
    return relay.where(below, from_below,
                       relay.where(relay.greater(c, relay.const(hi, t)), from_above, c))


@converter("GridSample")
def _grid_sample(node, inputs):
    """GridSample over 1-3 spatial axes: per axis the denormalized source coordinate and its
    interpolation taps (nearest: 1, linear: 2, cubic: 4), then one gather per combination of
    taps, weighted and summed."""
    x, grid = inputs
    xs = infer_shape(x)
    n = len(xs) - 2
    nb, c = xs[0], xs[1]
    dims = xs[2:]
    gshape = infer_shape(grid)
    out_sp = gshape[1:-1]
    m = int(np.prod(out_sp))
    mode = node.attr("mode", "linear" if node.opset >= 20 else "bilinear")
    mode = {"bilinear": "linear", "bicubic": "cubic"}.get(mode, mode)
    if mode not in ("nearest", "linear", "cubic"):
        raise node.unsupported("mode", mode)
    padding = node.attr("padding_mode", "zeros")
    if padding not in ("zeros", "border", "reflection"):
        raise node.unsupported("padding_mode", padding)
    align = bool(node.attr("align_corners", 0))
    gt = _dtype(grid)
    g = relay.reshape(grid, (nb, m, n))
    axis_taps = []
    for d in range(n):
        size = dims[d]
        lo, hi = (0.0, size - 1.0) if align else (-0.5, size - 0.5)
        gc = relay.reshape(relay.strided_slice(g, [n - 1 - d], [n - d], axes=[2]), (nb, m))
        one = relay.const(1.0, gt)
        if align:
            pos = relay.multiply(relay.add(gc, one), relay.const((size - 1) / 2.0, gt))
        else:
            pos = relay.divide(relay.subtract(relay.multiply(relay.add(gc, one),
                                                             relay.const(float(size), gt)), one),
                               relay.const(2.0, gt))
        if mode == "nearest":
            pos = relay.round(pos)
        oob = relay.logical_or(relay.less(pos, relay.const(lo, gt)),
                               relay.greater(pos, relay.const(hi, gt)))
        if padding == "border":
            pos = relay.where(oob, relay.clip(pos, 0.0, size - 1.0), pos)
        elif padding == "reflection":
            pos = relay.where(oob, _reflect_coord(pos, lo, hi), pos)
        if mode == "nearest":
            taps = [(pos, None)]
        else:
            base = relay.floor(pos)
            f = relay.subtract(pos, base)
            if mode == "linear":
                taps = [(base, relay.subtract(one, f)), (relay.add(base, one), f)]
            else:
                a = relay.const(-0.75, gt)
                ws = []
                for off in (1.0, 0.0, -1.0, -2.0):
                    dist = relay.abs(relay.add(f, relay.const(off, gt)))
                    near = relay.add(relay.multiply(relay.multiply(
                        relay.subtract(relay.multiply(relay.add(a, relay.const(2.0, gt)), dist),
                                       relay.add(a, relay.const(3.0, gt))), dist), dist), one)
                    far = relay.subtract(relay.multiply(relay.add(relay.multiply(
                        relay.subtract(relay.multiply(a, dist), relay.multiply(
                            relay.const(5.0, gt), a)), dist), relay.multiply(
                                relay.const(8.0, gt), a)), dist), relay.multiply(
                                    relay.const(4.0, gt), a))
                    ws.append(relay.where(relay.less_equal(dist, one), near, far))
                taps = [(relay.add(base, relay.const(float(k), gt)), w)
                        for k, w in zip((-1, 0, 1, 2), ws)]
        fetched = []
        for idx, w in taps:
            valid = None
            if padding == "zeros":
                valid = relay.logical_and(relay.greater_equal(idx, relay.const(0.0, gt)),
                                          relay.less(idx, relay.const(float(size), gt)))
            elif padding == "reflection":
                idx = _reflect_coord(idx, lo, hi)
            ii = relay.clip(relay.cast(idx, "int64"), 0, size - 1)
            if valid is not None:
                vw = relay.cast(valid, gt)
                w = vw if w is None else relay.multiply(w, vw)
            fetched.append((ii, w))
        axis_taps.append(fetched)
    strides = [int(np.prod(dims[d + 1:])) for d in range(n)]
    flat = relay.reshape(x, (nb, c, int(np.prod(dims))))
    out = None
    for combo in np.ndindex(*[len(t) for t in axis_taps]):
        lin, weight = None, None
        for d, k in enumerate(combo):
            ii, w = axis_taps[d][k]
            term = relay.multiply(ii, relay.const(strides[d], "int64")) if strides[d] != 1 else ii
            lin = term if lin is None else relay.add(lin, term)
            if w is not None:
                weight = w if weight is None else relay.multiply(weight, w)
        idx = relay.broadcast_to(relay.expand_dims(lin, 1), (nb, c, m))
        val = relay.gather(flat, 2, idx)
        if weight is not None:
            val = relay.multiply(val, relay.cast(relay.expand_dims(weight, 1), _dtype(x)))
        out = val if out is None else relay.add(out, val)
    return relay.reshape(out, (nb, c) + tuple(out_sp))


@converter("CenterCropPad")
def _center_crop_pad(node, inputs):
    x = inputs[0]
    target = _ints_input(node, inputs[1], "shape")
    shape = infer_shape(x)
    rank = len(shape)
    axes = [_axis(a, rank) for a in node.attr("axes", list(range(rank)))]
    for a, s in zip(axes, target):
        n = shape[a]
        if s < n:
            start = (n - s) // 2
            x = relay.strided_slice(x, [start], [start + s], axes=[a])
        elif s > n:
            widths = [(0, 0)] * rank
            before = (s - n) // 2
            widths[a] = (before, s - n - before)
            x = relay.nn.pad(x, widths, relay.const(0, _dtype(x)))
    return x


@converter("HannWindow", "HammingWindow", "BlackmanWindow")
def _window(node, inputs):
    size = _ints_input(node, inputs[0], "size")[0]
    periodic = node.attr("periodic", 1)
    denom = size if periodic else size - 1
    k = np.arange(size, dtype="float64")
    phase = 2 * np.pi * k / denom if denom else np.zeros(size)
    if node.op_type == "HannWindow":
        w = 0.5 - 0.5 * np.cos(phase)
    elif node.op_type == "HammingWindow":
        w = 25.0 / 46.0 - 21.0 / 46.0 * np.cos(phase)
    else:
        w = 0.42 - 0.5 * np.cos(phase) + 0.08 * np.cos(2 * phase)
    return new_const(w.astype(ONNX_DTYPES.get(node.attr("output_datatype", 1), "float32")))


# ---- recurrent networks -----------------------------------------------------------------------
def _rnn_activation(node, name, alpha, beta):
    def act(x):
        t = _dtype(x)
        if name == "Sigmoid":
            return relay.sigmoid(x)
        if name == "Tanh":
            return relay.tanh(x)
        if name == "Relu":
            return relay.nn.relu(x)
        if name == "LeakyRelu":
            return relay.nn.leaky_relu(x, 0.01 if alpha is None else alpha)
        if name == "ThresholdedRelu":
            a = 1.0 if alpha is None else alpha
            return relay.where(relay.greater(x, relay.const(a, t)), x, relay.zeros_like(x))
        if name == "HardSigmoid":
            a, b = 0.2 if alpha is None else alpha, 0.5 if beta is None else beta
            return relay.clip(relay.add(relay.multiply(x, relay.const(a, t)),
                                        relay.const(b, t)), 0.0, 1.0)
        if name == "Affine":
            return relay.add(relay.multiply(x, relay.const(1.0 if alpha is None else alpha, t)),
                             relay.const(0.0 if beta is None else beta, t))
        if name == "ScaledTanh":
            return relay.multiply(relay.const(1.0 if alpha is None else alpha, t), relay.tanh(
                relay.multiply(x, relay.const(1.0 if beta is None else beta, t))))
        if name == "Elu":
            a = relay.const(1.0 if alpha is None else alpha, t)
            neg = relay.multiply(a, relay.subtract(relay.exp(x), relay.const(1.0, t)))
            return relay.where(relay.greater(x, relay.const(0.0, t)), x, neg)
        if name == "Softsign":
            return relay.divide(x, relay.add(relay.abs(x), relay.const(1.0, t)))
        if name == "Softplus":
            return relay.log(relay.add(relay.exp(x), relay.const(1.0, t)))
        raise node.unsupported("activations", name)
    return act


def _rnn_common(node, inputs, gates, default_acts):
    """Unrolled ONNX RNN / GRU / LSTM: returns the per-direction step function's outputs
    assembled into Y, Y_h (and Y_c for the LSTM)."""
    x, w, r = inputs[0], inputs[1], inputs[2]
    get = lambda i: inputs[i] if len(inputs) > i and inputs[i] is not None else None  # noqa
    b, seq_lens, h0 = get(3), get(4), get(5)
    layout = node.attr("layout", 0)
    if layout:
        x = relay.transpose(x, (1, 0, 2))
        h0 = relay.transpose(h0, (1, 0, 2)) if h0 is not None else None
    seq, batch, _ = infer_shape(x)
    hidden = node.attr("hidden_size") or infer_shape(r)[-1]
    direction = node.attr("direction", "forward")
    dirs = 2 if direction == "bidirectional" else 1
    mask_lens = None
    if seq_lens is not None:
        lens = _np(seq_lens)
        if lens is None or not np.all(np.asarray(lens) == seq):
            if direction != "forward":
                raise _error.OpAttributeUnImplemented(
                    f"{node.op_type} node '{node.name}': sequence_lens (other than the full "
                    f"length) with direction={direction} are not supported")
            # Forward: past its length a sequence keeps its state and outputs zeros.
            mask_lens = relay.reshape(relay.cast(seq_lens, "int32"), (batch, 1))
    t = _dtype(x)
    names = node.attr("activations") or default_acts * dirs
    alphas, betas = node.attr("activation_alpha", []), node.attr("activation_beta", [])
    acts = [_rnn_activation(node, nm, alphas[i] if i < len(alphas) else None,
                            betas[i] if i < len(betas) else None) for i, nm in enumerate(names)]
    clip = node.attr("clip")
    steps = [relay.squeeze(relay.strided_slice(x, [i], [i + 1], axes=[0]), [0])
             for i in range(seq)]
    return dict(x=x, w=w, r=r, b=b, h0=h0, seq=seq, batch=batch, hidden=hidden, dirs=dirs,
                direction=direction, t=t, acts=acts, clip=clip, steps=steps, layout=layout,
                nacts=len(default_acts), mask_lens=mask_lens)


def _dir_param(p, d, dirs):  # pylint: disable=unused-argument
    """The parameters of direction d (axis 0 of an ONNX recurrent weight)."""
    return relay.squeeze(relay.strided_slice(p, [d], [d + 1], axes=[0]), [0])


def _split_gates(v, n):
    """v (..., n*hidden) into n slices along the last axis."""
    out = relay.split(v, n, axis=-1)
    return [out[i] for i in range(n)]


def _rnn_outputs(node, c, per_dir_h, per_dir_last, per_dir_c_last=None):
    y = relay.stack([relay.stack(hs, 0) for hs in per_dir_h], 1)  # (seq, dirs, batch, hidden)
    y_h = relay.stack(per_dir_last, 0)
    outs = [y, y_h]
    if per_dir_c_last is not None:
        outs.append(relay.stack(per_dir_c_last, 0))
    if c["layout"]:
        outs[0] = relay.transpose(outs[0], (2, 0, 1, 3))
        outs[1:] = [relay.transpose(o, (1, 0, 2)) for o in outs[1:]]
    return outs


def _run_direction(c, d, cell):
    order = range(c["seq"]) if (c["direction"] == "forward" or
                                (c["direction"] == "bidirectional" and d == 0)) \
        else range(c["seq"] - 1, -1, -1)
    hs = [None] * c["seq"]
    state = cell.init
    for i in order:
        new = cell.step(c["steps"][i], state)
        if c["mask_lens"] is not None:
            live = relay.less(relay.const(i, "int32"), c["mask_lens"])
            hs[i] = relay.where(live, new[0], relay.zeros_like(new[0]))
            state = [relay.where(live, a, b) for a, b in zip(new, state)]
        else:
            state = new
            hs[i] = state[0]
    return hs, state


def _maybe_clip(c, v):
    return relay.clip(v, -c["clip"], c["clip"]) if c["clip"] is not None else v


class _Cell:
    def __init__(self, c, d, n_gates, n_state, extra=None):
        self.c = c
        dirs = c["dirs"]
        self.w = relay.transpose(_dir_param(c["w"], d, dirs), (1, 0))
        self.r = relay.transpose(_dir_param(c["r"], d, dirs), (1, 0))
        h = c["hidden"]
        self.wb = self.rb = None
        if c["b"] is not None:
            bd = _dir_param(c["b"], d, dirs)
            self.wb = relay.strided_slice(bd, [0], [n_gates * h])
            self.rb = relay.strided_slice(bd, [n_gates * h], [2 * n_gates * h])
        zeros = relay.zeros((c["batch"], h), c["t"])
        h0 = _dir_param(c["h0"], d, dirs) if c["h0"] is not None else zeros
        self.init = [h0] + [extra(d) if extra else zeros for _ in range(n_state - 1)]
        self.acts = c["acts"][d * c["nacts"]:(d + 1) * c["nacts"]]

    def xw(self, xt):
        v = relay.nn.matmul(xt, self.w)
        return relay.add(v, self.wb) if self.wb is not None else v

    def hr(self, ht):
        v = relay.nn.matmul(ht, self.r)
        return relay.add(v, self.rb) if self.rb is not None else v


@converter("RNN")
def _rnn(node, inputs):
    c = _rnn_common(node, inputs, 1, ["Tanh"])
    hs_all, last = [], []
    for d in range(c["dirs"]):
        cell = _Cell(c, d, 1, 1)

        def step(xt, state, cell=cell):
            return [cell.acts[0](_maybe_clip(c, relay.add(cell.xw(xt), cell.hr(state[0]))))]
        cell.step = step
        hs, state = _run_direction(c, d, cell)
        hs_all.append(hs)
        last.append(state[0])
    return _rnn_outputs(node, c, hs_all, last)


@converter("GRU")
def _gru(node, inputs):
    c = _rnn_common(node, inputs, 3, ["Sigmoid", "Tanh"])
    lbr = node.attr("linear_before_reset", 0)
    hs_all, last = [], []
    for d in range(c["dirs"]):
        cell = _Cell(c, d, 3, 1)
        r_z, r_r, r_h = _split_gates(cell.r, 3)
        rb = _split_gates(cell.rb, 3) if cell.rb is not None else [None] * 3

        def step(xt, state, cell=cell, r_z=r_z, r_r=r_r, r_h=r_h, rb=rb):
            f, g = cell.acts
            h = state[0]
            xz, xr, xh = _split_gates(cell.xw(xt), 3)

            def hr(w, bias, hv):
                v = relay.nn.matmul(hv, w)
                return relay.add(v, bias) if bias is not None else v
            z = f(_maybe_clip(c, relay.add(xz, hr(r_z, rb[0], h))))
            rr = f(_maybe_clip(c, relay.add(xr, hr(r_r, rb[1], h))))
            if lbr:
                cand = relay.add(xh, relay.multiply(rr, hr(r_h, rb[2], h)))
            else:
                cand = relay.add(xh, hr(r_h, rb[2], relay.multiply(rr, h)))
            cand = g(_maybe_clip(c, cand))
            one = relay.const(1.0, c["t"])
            return [relay.add(relay.multiply(relay.subtract(one, z), cand),
                              relay.multiply(z, h))]
        cell.step = step
        hs, state = _run_direction(c, d, cell)
        hs_all.append(hs)
        last.append(state[0])
    return _rnn_outputs(node, c, hs_all, last)


@converter("LSTM")
def _lstm(node, inputs):
    c = _rnn_common(node, inputs, 4, ["Sigmoid", "Tanh", "Tanh"])
    get = lambda i: inputs[i] if len(inputs) > i and inputs[i] is not None else None  # noqa
    c0, peep = get(6), get(7)
    if c0 is not None and c["layout"]:
        c0 = relay.transpose(c0, (1, 0, 2))
    if node.attr("input_forget", 0):
        raise node.unsupported("input_forget", 1)
    hs_all, last, last_c = [], [], []
    for d in range(c["dirs"]):
        cell = _Cell(c, d, 4, 2, extra=(lambda d: _dir_param(c0, d, c["dirs"]))
                     if c0 is not None else None)
        p = _split_gates(_dir_param(peep, d, c["dirs"]), 3) if peep is not None else None

        def step(xt, state, cell=cell, p=p):
            f, g, hact = cell.acts
            h, cprev = state
            gi, go, gf, gc = _split_gates(relay.add(cell.xw(xt), cell.hr(h)), 4)
            if p is not None:
                gi = relay.add(gi, relay.multiply(p[0], cprev))
                gf = relay.add(gf, relay.multiply(p[2], cprev))
            i = f(_maybe_clip(c, gi))
            fg = f(_maybe_clip(c, gf))
            cc = g(_maybe_clip(c, gc))
            cnew = relay.add(relay.multiply(fg, cprev), relay.multiply(i, cc))
            if p is not None:
                go = relay.add(go, relay.multiply(p[1], cnew))
            o = f(_maybe_clip(c, go))
            return [relay.multiply(o, hact(cnew)), cnew]
        cell.step = step
        hs, state = _run_direction(c, d, cell)
        hs_all.append(hs)
        last.append(state[0])
        last_c.append(state[1])
    return _rnn_outputs(node, c, hs_all, last, last_c)


# ---- spectral ---------------------------------------------------------------------------------
def _dft_last(xr, xi, n, onesided, inverse):
    """DFT along the last axis (length n) of real part xr and imaginary part xi (or None), as
    products with cos / sin matrices; returns (real, imag)."""
    t = _dtype(xr)
    k_count = n // 2 + 1 if onesided else n
    ang = 2 * np.pi * np.outer(np.arange(k_count), np.arange(n)) / n
    sign = 1.0 if inverse else -1.0
    cos_m, sin_m = np.cos(ang), sign * np.sin(ang)
    if inverse:
        cos_m, sin_m = cos_m / n, sin_m / n
    shape = infer_shape(xr)

    def prod(v, m):
        flat = relay.reshape(v, (-1, n))
        return relay.reshape(relay.nn.dense(flat, new_const(m.astype(t))),
                             tuple(shape[:-1]) + (k_count,))
    yr, yi = prod(xr, cos_m), prod(xr, sin_m)
    if xi is not None:
        yr = relay.subtract(yr, prod(xi, sin_m))
        yi = relay.add(yi, prod(xi, cos_m))
    return yr, yi


def _split_complex(x):
    shape = infer_shape(x)
    rank = len(shape)
    xr = relay.squeeze(relay.strided_slice(x, [0], [1], axes=[rank - 1]), [rank - 1])
    xi = None
    if shape[-1] == 2:
        xi = relay.squeeze(relay.strided_slice(x, [1], [2], axes=[rank - 1]), [rank - 1])
    return xr, xi


@converter("DFT")
def _dft(node, inputs):
    x = inputs[0]
    rank = _rank(x)
    if node.opset >= 20:
        axis = _ints_input(node, inputs[2], "axis")[0] if len(inputs) > 2 and \
            inputs[2] is not None else -2
    else:
        axis = node.attr("axis", 1)
    axis = _axis(axis, rank)
    if axis == rank - 1:
        raise node.invalid("axis", "must not be the last (real/imaginary) axis")
    xr, xi = _split_complex(x)
    shape = infer_shape(xr)
    r = len(shape)
    n_in = shape[axis]
    n = _ints_input(node, inputs[1], "dft_length")[0] if len(inputs) > 1 and \
        inputs[1] is not None else n_in
    perm = [d for d in range(r) if d != axis] + [axis]
    back = [int(k) for k in np.argsort(perm)]

    def prep(v):
        if v is None:
            return None
        v = relay.transpose(v, perm)
        if n < n_in:
            v = relay.strided_slice(v, [0], [n], axes=[r - 1])
        elif n > n_in:
            v = relay.nn.pad(v, [(0, 0)] * (r - 1) + [(0, n - n_in)], relay.const(0, _dtype(x)))
        return v
    yr, yi = _dft_last(prep(xr), prep(xi), n, bool(node.attr("onesided", 0)),
                       bool(node.attr("inverse", 0)))
    return relay.stack([relay.transpose(yr, back), relay.transpose(yi, back)], r)


@converter("STFT")
def _stft(node, inputs):
    signal, step = inputs[0], inputs[1]
    window = inputs[2] if len(inputs) > 2 else None
    step = _ints_input(node, step, "frame_step")[0]
    if len(inputs) > 3 and inputs[3] is not None:
        length = _ints_input(node, inputs[3], "frame_length")[0]
    elif window is not None:
        length = infer_shape(window)[0]
    else:
        raise node.invalid("frame_length", "or a window must be given")
    xr, xi = _split_complex(signal)
    total = infer_shape(xr)[1]
    frames = 1 + (total - length) // step
    idx = new_const((np.arange(frames)[:, None] * step + np.arange(length)[None, :])
                    .astype("int64"))

    def framed(v):
        if v is None:
            return None
        v = relay.take(v, idx, axis=1)  # (batch, frames, length)
        return relay.multiply(v, window) if window is not None else v
    onesided = bool(node.attr("onesided", 1)) and xi is None
    yr, yi = _dft_last(framed(xr), framed(xi), length, onesided, False)
    return relay.stack([yr, yi], 3)


@converter("AffineGrid")
def _affine_grid(node, inputs):
    theta = inputs[0]
    size = _ints_input(node, inputs[1], "size")
    align = bool(node.attr("align_corners", 0))
    spatial = size[2:]
    n = len(spatial)
    t = _dtype(theta)

    def base(length):
        if align:
            return np.linspace(-1.0, 1.0, length) if length > 1 else np.zeros(1)
        return (np.arange(length) * 2.0 + 1.0) / length - 1.0
    # Base grid points (x, y[, z], 1) with x along the last spatial axis.
    mesh = np.meshgrid(*[base(s) for s in spatial], indexing="ij")
    coords = [m.reshape(-1) for m in mesh[::-1]] + [np.ones(int(np.prod(spatial)))]
    pts = np.stack(coords, axis=1).astype(t)  # (P, n + 1)
    nb = size[0]
    pts_b = relay.broadcast_to(new_const(pts), (nb,) + pts.shape)
    out = relay.nn.batch_matmul(pts_b, theta, transpose_b=True)  # (N, P, n)
    return relay.reshape(out, (nb,) + tuple(spatial) + (n,))


@converter("Col2Im")
def _col2im(node, inputs):
    x = inputs[0]
    image = _ints_input(node, inputs[1], "image_shape")
    block = _ints_input(node, inputs[2], "block_shape")
    n = len(image)
    dil = node.attr("dilations", [1] * n)
    pads = node.attr("pads", [0] * (2 * n))
    strides = node.attr("strides", [1] * n)
    nb, ck, length = infer_shape(x)
    k = int(np.prod(block))
    c = ck // k
    padded = [image[i] + pads[i] + pads[n + i] for i in range(n)]
    counts = [(padded[i] - ((block[i] - 1) * dil[i] + 1)) // strides[i] + 1 for i in range(n)]
    if int(np.prod(counts)) != length:
        raise node.invalid("block_shape",
                           f"gives {int(np.prod(counts))} blocks, the input has {length}")
    # Target position (in the padded image, flattened) of block element kk of block l.
    idx = np.zeros((k, length), "int64")
    for kk, off in enumerate(np.ndindex(*block)):
        for l, pos in enumerate(np.ndindex(*counts)):
            coord = [pos[i] * strides[i] + off[i] * dil[i] for i in range(n)]
            idx[kk, l] = np.ravel_multi_index(coord, padded)
    upd = relay.reshape(x, (nb, c, k * length))
    target = relay.broadcast_to(new_const(idx.reshape(-1)), (nb, c, k * length))
    zeros = relay.zeros((nb, c, int(np.prod(padded))), _dtype(x))
    out = relay.scatter_elements(zeros, target, upd, axis=2, reduction="add")
    out = relay.reshape(out, (nb, c) + tuple(padded))
    if any(pads):
        out = relay.strided_slice(out, [pads[i] for i in range(n)],
                                  [pads[i] + image[i] for i in range(n)],
                                  axes=list(range(2, 2 + n)))
    return out


@converter("MaxUnpool")
def _max_unpool(node, inputs):
    x, idx = inputs[0], inputs[1]
    shape = infer_shape(x)
    n = len(shape) - 2
    kernel = node.attr("kernel_shape")
    strides = node.attr("strides", [1] * n)
    pads = node.attr("pads", [0] * (2 * n))
    # The indices address the default unpooled shape; an explicit output_shape pads it.
    out_shape = list(shape[:2]) + [(shape[2 + i] - 1) * strides[i] + kernel[i] - pads[i] -
                                   pads[n + i] for i in range(n)]
    total = int(np.prod(out_shape))
    flat = relay.scatter_elements(relay.zeros((total,), _dtype(x)),
                                  relay.reshape(relay.cast(idx, "int64"), (-1,)),
                                  relay.reshape(x, (-1,)), axis=0)
    out = relay.reshape(flat, out_shape)
    if len(inputs) > 2 and inputs[2] is not None:
        want = _ints_input(node, inputs[2], "output_shape")
        if any(w < o for w, o in zip(want, out_shape)):
            raise node.invalid("output_shape", f"{want} is smaller than {out_shape}")
        out = relay.nn.pad(out, [(0, w - o) for w, o in zip(want, out_shape)],
                           relay.const(0, _dtype(x)))
    return out


@converter("Det")
def _det(node, inputs):
    """Determinant by the Leibniz formula (square matrices up to 4x4)."""
    import itertools  # pylint: disable=import-outside-toplevel

    x = inputs[0]
    shape = infer_shape(x)
    m = shape[-1]
    if m != shape[-2] or m > 4:
        raise node.unsupported("matrix size", shape[-2:])
    rank = len(shape)

    def elem(i, j):
        e = relay.strided_slice(x, [i, j], [i + 1, j + 1], axes=[rank - 2, rank - 1])
        return relay.squeeze(e, [rank - 2, rank - 1])
    out = None
    for perm in itertools.permutations(range(m)):
        sign = np.linalg.det(np.eye(m)[list(perm)])
        term = None
        for i, j in enumerate(perm):
            e = elem(i, j)
            term = e if term is None else relay.multiply(term, e)
        term = term if sign > 0 else relay.negative(term)
        out = term if out is None else relay.add(out, term)
    return out


@converter("RoiAlign")
def _roi_align(node, inputs):
    """RoiAlign with a fixed sampling_ratio: every sample point's four bilinear taps gathered
    from the (rows = batch * H * W, columns = C) view of X, then averaged (or, mode=max, the
    largest weighted tap) over the samples of each bin."""
    x, rois, batch_idx = inputs
    nb, c, h, w = infer_shape(x)
    ph, pw = node.attr("output_height", 1), node.attr("output_width", 1)
    sr = node.attr("sampling_ratio", 0)
    if sr <= 0:
        raise node.unsupported("sampling_ratio", sr)  # adaptive: data-dependent sample counts
    scale = node.attr("spatial_scale", 1.0)
    half = node.attr("coordinate_transformation_mode", "half_pixel") == "half_pixel"
    mode = node.attr("mode", "avg")
    t = _dtype(x)
    r = infer_shape(rois)[0]

    def col(k):
        v = relay.strided_slice(rois, [k], [k + 1], axes=[1])  # (R, 1)
        v = relay.multiply(v, relay.const(scale, t))
        return relay.subtract(v, relay.const(0.5, t)) if half else v
    x1, y1, x2, y2 = col(0), col(1), col(2), col(3)
    rw, rh = relay.subtract(x2, x1), relay.subtract(y2, y1)
    if not half:
        rw, rh = relay.maximum(rw, relay.const(1.0, t)), relay.maximum(rh, relay.const(1.0, t))

    def axis_taps(start, length, bins, size):
        frac = (np.arange(bins)[:, None] + (np.arange(sr)[None, :] + 0.5) / sr).reshape(1, -1)
        pos = relay.add(start, relay.multiply(relay.divide(length, relay.const(float(bins), t)),
                                              new_const(frac.astype(t))))  # (R, bins*sr)
        valid = relay.logical_and(relay.greater_equal(pos, relay.const(-1.0, t)),
                                  relay.less_equal(pos, relay.const(float(size), t)))
        pos = relay.maximum(pos, relay.const(0.0, t))
        low = relay.floor(pos)
        edge = relay.greater_equal(low, relay.const(size - 1.0, t))
        last = relay.const(size - 1.0, t)
        low = relay.where(edge, last, low)
        high = relay.where(edge, last, relay.add(low, relay.const(1.0, t)))
        pos = relay.where(edge, last, pos)
        frac_hi = relay.subtract(pos, low)
        frac_lo = relay.subtract(relay.const(1.0, t), frac_hi)
        vf = relay.cast(valid, t)
        return [(relay.cast(low, "int64"), relay.multiply(frac_lo, vf)),
                (relay.cast(high, "int64"), relay.multiply(frac_hi, vf))]
    ys = axis_taps(y1, rh, ph, h)
    xs = axis_taps(x1, rw, pw, w)
    rows = relay.reshape(relay.transpose(x, (0, 2, 3, 1)), (nb * h * w, c))
    base = relay.reshape(relay.multiply(relay.cast(batch_idx, "int64"),
                                        relay.const(h * w, "int64")), (r, 1, 1))
    taps = []
    for yi, yw in ys:
        for xi, xw in xs:
            idx = relay.add(relay.add(base, relay.multiply(relay.expand_dims(yi, 2),
                                                           relay.const(w, "int64"))),
                            relay.expand_dims(xi, 1))  # (R, ph*sr, pw*sr)
            wt = relay.multiply(relay.expand_dims(yw, 2), relay.expand_dims(xw, 1))
            val = relay.take(rows, idx, axis=0)  # (R, ph*sr, pw*sr, C)
            taps.append(relay.multiply(val, relay.expand_dims(wt, 3)))
    if mode == "max":
        samples = taps[0]
        for v in taps[1:]:
            samples = relay.maximum(samples, v)
    else:
        samples = taps[0]
        for v in taps[1:]:
            samples = relay.add(samples, v)
    samples = relay.reshape(samples, (r, ph, sr, pw, sr, c))
    out = relay.max(samples, axis=[2, 4]) if mode == "max" else relay.mean(samples, axis=[2, 4])
    return relay.transpose(out, (0, 3, 1, 2))


@converter("DeformConv")
def _deform_conv(node, inputs):
    """Deformable 2-D convolution: each kernel tap of each output position samples the input
    bilinearly at its offset position (zero outside), optionally scaled by the mask; the
    sampled columns are then multiplied by the weights per group."""
    x, w, offset = inputs[0], inputs[1], inputs[2]
    bias = inputs[3] if len(inputs) > 3 else None
    mask = inputs[4] if len(inputs) > 4 else None
    nb, c, h, wd = infer_shape(x)
    oc, cg, kh, kw = infer_shape(w)
    if len(infer_shape(x)) != 4:
        raise node.unsupported("input rank", _rank(x))
    group, ogroups = node.attr("group", 1), node.attr("offset_group", 1)
    sh, sw = node.attr("strides", [1, 1])
    dh, dw = node.attr("dilations", [1, 1])
    pt, pl, pb, pr = node.attr("pads", [0, 0, 0, 0])
    oh = (h + pt + pb - ((kh - 1) * dh + 1)) // sh + 1
    ow = (wd + pl + pr - ((kw - 1) * dw + 1)) // sw + 1
    k, p = kh * kw, oh * ow
    t = _dtype(x)
    off = relay.reshape(offset, (nb, ogroups, k, 2, p))
    ii, jj = np.meshgrid(np.arange(kh), np.arange(kw), indexing="ij")
    ohs, ows = np.meshgrid(np.arange(oh), np.arange(ow), indexing="ij")
    base_y = (ohs.reshape(1, -1) * sh - pt + ii.reshape(-1, 1) * dh).astype(t)  # (K, P)
    base_x = (ows.reshape(1, -1) * sw - pl + jj.reshape(-1, 1) * dw).astype(t)
    ys = relay.add(new_const(base_y), relay.squeeze(
        relay.strided_slice(off, [0], [1], axes=[3]), [3]))  # (N, G, K, P)
    xs = relay.add(new_const(base_x), relay.squeeze(
        relay.strided_slice(off, [1], [2], axes=[3]), [3]))
    cpg = c // ogroups

    def corners(pos, size):
        lo = relay.floor(pos)
        frac = relay.subtract(pos, lo)
        out = []
        for idx, wt in ((lo, relay.subtract(relay.const(1.0, t), frac)),
                        (relay.add(lo, relay.const(1.0, t)), frac)):
            valid = relay.logical_and(relay.greater_equal(idx, relay.const(0.0, t)),
                                      relay.less(idx, relay.const(float(size), t)))
            out.append((relay.clip(relay.cast(idx, "int64"), 0, size - 1),
                        relay.multiply(wt, relay.cast(valid, t))))
        return out

    def per_channel(v):
        """(N, G, K, P) -> (N, C, K*P), each offset group repeated over its channels."""
        v = relay.broadcast_to(relay.expand_dims(v, 2), (nb, ogroups, cpg, k, p))
        return relay.reshape(v, (nb, c, k * p))
    flat = relay.reshape(x, (nb, c, h * wd))
    sampled = None
    for yi, yw in corners(ys, h):
        for xi, xw in corners(xs, wd):
            idx = relay.add(relay.multiply(yi, relay.const(wd, "int64")), xi)
            val = relay.gather(flat, 2, per_channel(idx))
            val = relay.multiply(val, per_channel(relay.multiply(yw, xw)))
            sampled = val if sampled is None else relay.add(sampled, val)
    if mask is not None:
        sampled = relay.multiply(sampled, per_channel(relay.reshape(mask, (nb, ogroups, k, p))))
    cols = relay.reshape(sampled, (nb, group, cg * k, p))
    wmat = relay.reshape(w, (group, oc // group, cg * k))
    outs = []
    for g in range(group):
        cg_cols = relay.squeeze(relay.strided_slice(cols, [g], [g + 1], axes=[1]), [1])
        wg = relay.squeeze(relay.strided_slice(wmat, [g], [g + 1], axes=[0]), [0])
        wg = relay.broadcast_to(wg, (nb, oc // group, cg * k))
        outs.append(relay.nn.batch_matmul(wg, cg_cols, transpose_b=False))
    out = outs[0] if group == 1 else relay.concatenate(outs, 1)
    out = relay.reshape(out, (nb, oc, oh, ow))
    if bias is not None:
        out = relay.nn.bias_add(out, bias, axis=1)
    return out


@converter("LpNormalization")
def _lp_normalization(node, inputs):
    x = inputs[0]
    axis = _axis(node.attr("axis", -1), _rank(x))
    p = node.attr("p", 2)
    if p == 1:
        norm = relay.sum(relay.abs(x), axis=[axis], keepdims=True)
    elif p == 2:
        norm = relay.sqrt(relay.sum(relay.multiply(x, x), axis=[axis], keepdims=True))
    else:
        raise node.unsupported("p", p)
    return relay.divide(x, norm)


@converter("MelWeightMatrix")
def _mel_weight_matrix(node, inputs):
    """The (dft_length // 2 + 1, num_mel_bins) triangular mel filter bank: every input is a
    constant, so the matrix is computed while importing."""
    bins, dft_len, rate = (_ints_input(node, inputs[i], w)[0]
                           for i, w in enumerate(("num_mel_bins", "dft_length", "sample_rate")))
    lo_hz, hi_hz = (float(np.asarray(_np(inputs[i])).reshape(-1)[0]) if _np(inputs[i]) is not None
                    else _ints_input(node, inputs[i], w)[0]
                    for i, w in ((3, "lower_edge_hertz"), (4, "upper_edge_hertz")))
    to_mel = lambda hz: 2595.0 * np.log10(1.0 + hz / 700.0)  # noqa: E731
    # bins + 2 points spaced by (high - low) / (bins + 2) mels, as the ONNX reference does.
    mel = np.arange(bins + 2) * (to_mel(hi_hz) - to_mel(lo_hz)) / (bins + 2) + to_mel(lo_hz)
    hz = 700.0 * (10.0 ** (mel / 2595.0) - 1.0)
    edges = (((dft_len + 1) * hz) // rate).astype(int)
    out = np.zeros((dft_len // 2 + 1, bins), "float64")
    for i in range(bins):
        lower, center, upper = edges[i], edges[i + 1], edges[i + 2]
        if center == lower:
            out[center, i] = 1.0
        else:
            for j in range(lower, center + 1):
                out[j, i] = (j - lower) / (center - lower)
        for j in range(center, upper):
            out[j, i] = (upper - j) / (upper - center)
    return new_const(out.astype(ONNX_DTYPES.get(node.attr("output_datatype", 1), "float32")))


# ---- sequences and optionals (static structure, resolved while importing) ---------------------
class _Sequence:
    """An ONNX sequence whose length is known while importing: a Python list of Relay tensors.
    Sequence operators rearrange the list; only tensors reach the compiled graph."""

    def __init__(self, items):
        self.items = list(items)


def _seq_input(node, x, what="input_sequence"):
    if not isinstance(x, _Sequence):
        raise _error.OpAttributeUnImplemented(
            f"{node.op_type} node '{node.name}': {what} is not a sequence built in the graph")
    return x.items


def _seq_position(node, x, length, default):
    if x is None:
        return default
    pos = _ints_input(node, x, "position")[0]
    return pos + length if pos < 0 else pos


@converter("SequenceConstruct")
def _sequence_construct(node, inputs):
    return _Sequence(inputs)


@converter("SequenceEmpty")
def _sequence_empty(node, inputs):
    return _Sequence([])


@converter("SequenceAt")
def _sequence_at(node, inputs):
    items = _seq_input(node, inputs[0])
    return items[_seq_position(node, inputs[1], len(items), 0)]


@converter("SequenceInsert")
def _sequence_insert(node, inputs):
    items = _seq_input(node, inputs[0])
    pos = _seq_position(node, inputs[2] if len(inputs) > 2 else None, len(items), len(items))
    return _Sequence(items[:pos] + [inputs[1]] + items[pos:])


@converter("SequenceErase")
def _sequence_erase(node, inputs):
    items = _seq_input(node, inputs[0])
    pos = _seq_position(node, inputs[1] if len(inputs) > 1 else None, len(items),
                        len(items) - 1)
    return _Sequence(items[:pos] + items[pos + 1:])


@converter("SequenceLength")
def _sequence_length(node, inputs):
    return new_const(np.asarray(len(_seq_input(node, inputs[0])), "int64"))


@converter("SplitToSequence")
def _split_to_sequence(node, inputs):
    x = inputs[0]
    axis = _axis(node.attr("axis", 0), _rank(x))
    extent = infer_shape(x)[axis]
    if len(inputs) > 1 and inputs[1] is not None:
        split = _ints_input(node, inputs[1], "split")
        if len(np.asarray(_np(inputs[1])).shape) == 0:
            split = [split[0]] * (extent // split[0]) + ([extent % split[0]] if extent %
                                                          split[0] else [])
    else:
        split = [1] * extent
    bounds = np.cumsum([0] + split)
    parts = [relay.strided_slice(x, [int(b)], [int(e)], axes=[axis])
             for b, e in zip(bounds[:-1], bounds[1:])]
    if (len(inputs) < 2 or inputs[1] is None) and not node.attr("keepdims", 1):
        parts = [relay.squeeze(p, [axis]) for p in parts]
    return _Sequence(parts)


@converter("ConcatFromSequence")
def _concat_from_sequence(node, inputs):
    items = _seq_input(node, inputs[0])
    axis = node.attr("axis")
    if node.attr("new_axis", 0):
        return relay.stack(items, _axis(axis, _rank(items[0]) + 1))
    return relay.concatenate(items, _axis(axis, _rank(items[0])))


@converter("SequenceMap")
def _sequence_map(node, inputs):
    """SequenceMap unrolled over the (import-time) length of the first sequence: the body is
    converted once per element, additional sequence inputs are taken element by element and
    tensor inputs passed to every iteration; each body output becomes a sequence."""
    items = _seq_input(node, inputs[0])
    extra = inputs[1:]
    for k, x in enumerate(extra):
        if isinstance(x, _Sequence) and len(x.items) != len(items):
            raise node.invalid(f"input {k + 1}", f"is a sequence of {len(x.items)} elements, "
                               f"the first one has {len(items)}")
    body = next((a.g for a in node.proto.attribute if a.name == "body"), None)
    if body is None:
        raise node.invalid("body", "is missing")
    results = [[] for _ in body.output]
    for i, item in enumerate(items):
        args = [item] + [x.items[i] if isinstance(x, _Sequence) else x for x in extra]
        outs = node.importer.convert_body(body, args)
        for r, o in zip(results, outs):
            r.append(o)
    seqs = [_Sequence(r) for r in results]
    return seqs if len(seqs) > 1 else seqs[0]


@converter("Optional")
def _optional(node, inputs):
    return inputs[0] if inputs else None


@converter("OptionalHasElement")
def _optional_has_element(node, inputs):
    present = bool(inputs) and inputs[0] is not None
    return new_const(np.asarray(present))


@converter("OptionalGetElement")
def _optional_get_element(node, inputs):
    if not inputs or inputs[0] is None:
        raise node.invalid("input", "is an empty optional")
    return inputs[0]


@converter("TfIdfVectorizer")
def _tfidf_vectorizer(node, inputs):
    """n-gram counts of integer sequences against the pool: for every n-gram length, skip
    distance and pool entry, the windows are compared element by element and the matches
    summed; the counts land at ngram_indexes, then TF / IDF / TFIDF weighting."""
    x = inputs[0]
    pool = node.attr("pool_int64s")
    if pool is None:
        raise node.unsupported("pool_strings", "(string inputs)")
    shape = infer_shape(x)
    x2 = relay.expand_dims(x, 0) if len(shape) == 1 else x
    length = infer_shape(x2)[1]
    lo, hi = node.attr("min_gram_length"), node.attr("max_gram_length")
    max_skip = node.attr("max_skip_count", 0)
    starts = list(node.attr("ngram_counts")) + [len(pool)]
    indexes = node.attr("ngram_indexes")
    width = max(indexes) + 1
    t = _dtype(x)
    counts = []  # ((N, pool n-grams of length n) counts, n)
    for n in range(1, len(starts)):
        if not lo <= n <= hi:
            continue
        grams = np.asarray(pool[starts[n - 1]:starts[n]], "int64").reshape(-1, n)
        if grams.size == 0:
            continue
        total = None
        for skip in range(0, (max_skip if n > 1 else 0) + 1):
            step = skip + 1
            span = (n - 1) * step
            if span >= length:
                continue
            match = None
            for j in range(n):
                xs = relay.strided_slice(x2, [j * step], [length - span + j * step], axes=[1])
                eq = relay.equal(relay.expand_dims(xs, 1),
                                 new_const(grams[:, j].astype(t).reshape(1, -1, 1)))
                match = eq if match is None else relay.logical_and(match, eq)
            c = relay.sum(relay.cast(match, "float32"), axis=[2])  # (N, grams)
            total = c if total is None else relay.add(total, c)
        if total is not None:
            counts.append((total, n))
    if not counts:
        out = relay.zeros((infer_shape(x2)[0], width), "float32")
    else:
        # Map every pool entry's count to its output column with a 0/1 matrix.
        mats = []
        for total, n in counts:
            g = infer_shape(total)[1]
            first = sum(len(pool[starts[k - 1]:starts[k]]) // k for k in range(1, n))
            m = np.zeros((g, width), "float32")
            for i in range(g):
                m[i, indexes[first + i]] = 1.0
            mats.append(relay.nn.matmul(total, new_const(m)))
        out = mats[0]
        for m in mats[1:]:
            out = relay.add(out, m)
    mode = node.attr("mode", "TF")
    weights = node.attr("weights")
    wvec = new_const(np.asarray(weights if weights else [1.0] * width, "float32"))
    if mode == "IDF":
        out = relay.multiply(relay.cast(relay.greater(out, relay.const(0.0)), "float32"), wvec)
    elif mode == "TFIDF":
        out = relay.multiply(out, wvec)
    elif mode != "TF":
        raise node.unsupported("mode", mode)
    return relay.squeeze(out, [0]) if len(shape) == 1 else out


@converter("MaxRoiPool")
def _max_roi_pool(node, inputs):
    """MaxRoiPool: each region's bins as row / column masks over the feature map of its batch
    element, the maximum taken over the masked map (an empty bin gives 0)."""
    x, rois = inputs
    nb, c, h, w = infer_shape(x)
    ph, pw = node.attr("pooled_shape")
    scale = node.attr("spatial_scale", 1.0)
    t = _dtype(x)
    r = infer_shape(rois)[0]

    def col(k):
        return relay.strided_slice(rois, [k], [k + 1], axes=[1])  # (R, 1)

    def round_away(v):
        v = relay.multiply(v, relay.const(scale, t))
        return relay.multiply(relay.sign(v), relay.floor(relay.add(relay.abs(v),
                                                                   relay.const(0.5, t))))
    x1, y1, x2, y2 = (round_away(col(k)) for k in (1, 2, 3, 4))
    one = relay.const(1.0, t)

    def bins(start, end, count, size):
        extent = relay.maximum(relay.add(relay.subtract(end, start), one), one)
        step = relay.divide(extent, relay.const(float(count), t))
        k = new_const(np.arange(count, dtype=t).reshape(1, count))
        lo = relay.add(relay.floor(relay.multiply(k, step)), start)
        hi = relay.add(relay.ceil(relay.multiply(relay.add(k, one), step)), start)
        lo, hi = relay.clip(lo, 0.0, float(size)), relay.clip(hi, 0.0, float(size))
        pos = new_const(np.arange(size, dtype=t).reshape(1, 1, size))
        inside = relay.logical_and(relay.greater_equal(pos, relay.expand_dims(lo, 2)),
                                   relay.less(pos, relay.expand_dims(hi, 2)))
        return inside  # (R, count, size)
    rows, cols = bins(y1, y2, ph, h), bins(x1, x2, pw, w)
    mask = relay.logical_and(relay.reshape(rows, (r, 1, ph, 1, h, 1)),
                             relay.reshape(cols, (r, 1, 1, pw, 1, w)))
    feat = relay.take(x, relay.cast(relay.reshape(col(0), (r,)), "int64"), axis=0)
    feat = relay.reshape(feat, (r, c, 1, 1, h, w))
    best = relay.max(relay.where(mask, feat, relay.const(float("-inf"), t)), axis=[4, 5])
    filled = relay.greater(relay.sum(relay.cast(mask, "int32"), axis=[4, 5]),
                           relay.const(0, "int32"))  # (R, 1, ph, pw)
    return relay.where(filled, best, relay.zeros_like(best))


# ---- control flow -------------------------------------------------------------------------------
@converter("If")
def _if(node, inputs):
    """If with a constant condition: the chosen branch is converted inline (there is no
    control flow in the compiled graph, so a condition computed at run time is refused)."""
    cond = _np(inputs[0])
    if cond is None:
        raise _error.OpAttributeUnImplemented(
            f"If node '{node.name}': input cond must be a constant (run-time control flow is not "
            "supported)")
    key = "then_branch" if bool(np.asarray(cond).reshape(-1)[0]) else "else_branch"
    branch = next((a.g for a in node.proto.attribute if a.name == key), None)
    if branch is None:
        raise node.invalid(key, "is missing")
    outs = node.importer.convert_subgraph(branch)
    return outs if len(outs) > 1 else outs[0]


_MAX_UNROLL = 4096


def _body(node):
    return next(a.g for a in node.proto.attribute if a.name == "body")


@converter("Loop")
def _loop(node, inputs):
    """Loop unrolled while importing: the trip count and the condition must be constants, and
    the body's condition output must fold to a constant every iteration."""
    trip = inputs[0] if inputs else None
    cond = inputs[1] if len(inputs) > 1 else None
    count = _ints_input(node, trip, "M")[0] if trip is not None else None
    go = bool(np.asarray(_np(cond)).reshape(-1)[0]) if cond is not None and \
        _np(cond) is not None else None
    if cond is not None and go is None:
        raise _error.OpAttributeUnImplemented(
            f"Loop node '{node.name}': input cond must be a constant (run-time control flow is "
            "not supported)")
    go = True if go is None else go
    if count is None or count > _MAX_UNROLL:
        raise _error.OpAttributeUnImplemented(
            f"Loop node '{node.name}': the trip count must be a constant of at most "
            f"{_MAX_UNROLL} (the loop is unrolled)")
    body = _body(node)
    carried = list(inputs[2:])
    n_carried = len(carried)
    scans = []
    i = 0
    while go and i < count:
        outs = node.importer.convert_body(
            body, [new_const(np.asarray(i, "int64")), new_const(np.asarray(True))] + carried)
        flag = _np(outs[0])
        if flag is None:
            raise _error.OpAttributeUnImplemented(
                f"Loop node '{node.name}': the body's condition is computed at run time (the "
                "loop is unrolled; its condition must fold to a constant)")
        go = bool(np.asarray(flag).reshape(-1)[0])
        carried = outs[1:1 + n_carried]
        scans.append(outs[1 + n_carried:])
        i += 1
    n_scan = len(body.output) - 1 - n_carried
    if n_scan and not scans:
        raise _error.OpAttributeUnImplemented(
            f"Loop node '{node.name}': scan outputs of a loop that runs zero times")
    stacked = [relay.stack([it[k] for it in scans], 0) for k in range(n_scan)]
    out = carried + stacked
    return out if len(out) > 1 else out[0]


@converter("Scan")
def _scan(node, inputs):
    """Scan (opset 9+) unrolled over the scan axis."""
    if node.opset < 9:
        return _scan8(node, inputs)
    body = _body(node)
    n_in = node.attr("num_scan_inputs")
    states = list(inputs[:len(inputs) - n_in])
    scan_ins = inputs[len(inputs) - n_in:]
    in_axes = node.attr("scan_input_axes", [0] * n_in)
    in_dirs = node.attr("scan_input_directions", [0] * n_in)
    n_out = len(body.output) - len(states)
    out_axes = node.attr("scan_output_axes", [0] * n_out)
    out_dirs = node.attr("scan_output_directions", [0] * n_out)
    axes = [_axis(a, _rank(x)) for a, x in zip(in_axes, scan_ins)]
    length = infer_shape(scan_ins[0])[axes[0]]
    if length > _MAX_UNROLL:
        raise node.unsupported("sequence length", length)
    per_step = []
    for t in range(length):
        sl = []
        for x, a, d in zip(scan_ins, axes, in_dirs):
            k = length - 1 - t if d else t
            sl.append(relay.squeeze(relay.strided_slice(x, [k], [k + 1], axes=[a]), [a]))
        outs = node.importer.convert_body(body, states + sl)
        states = outs[:len(states)]
        per_step.append(outs[len(states):])
    stacked = []
    for k in range(n_out):
        items = [step[k] for step in per_step]
        if out_dirs[k]:
            items = items[::-1]
        rank = _rank(items[0]) + 1
        stacked.append(relay.stack(items, _axis(out_axes[k], rank)))
    out = states + stacked
    return out if len(out) > 1 else out[0]


def _scan8(node, inputs):
    """Scan of opset 8: batch-major inputs (after an optional sequence_lens), each batch
    element scanned over axis 1."""
    if inputs[0] is not None:
        raise _error.OpAttributeUnImplemented(
            f"Scan node '{node.name}': sequence_lens are not supported")
    body = _body(node)
    n_in = node.attr("num_scan_inputs")
    rest = inputs[1:]
    n_state = len(rest) - n_in
    dirs = node.attr("directions", [0] * n_in)
    batch = infer_shape(rest[0])[0]
    length = infer_shape(rest[n_state])[1]
    n_out = len(body.output) - n_state
    finals, scans = [], []
    for b in range(batch):
        pick = lambda x: relay.squeeze(relay.strided_slice(x, [b], [b + 1], axes=[0]), [0])  # noqa
        states = [pick(x) for x in rest[:n_state]]
        seqs = [pick(x) for x in rest[n_state:]]
        steps = []
        for t in range(length):
            sl = [relay.squeeze(relay.strided_slice(x, [length - 1 - t if d else t],
                                                    [length - t if d else t + 1], axes=[0]),
                                [0]) for x, d in zip(seqs, dirs)]
            outs = node.importer.convert_body(body, states + sl)
            states = outs[:n_state]
            steps.append(outs[n_state:])
        finals.append(states)
        scans.append([relay.stack([st[k] for st in steps], 0) for k in range(n_out)])
    out = [relay.stack([f[k] for f in finals], 0) for k in range(n_state)]
    out += [relay.stack([sc[k] for sc in scans], 0) for k in range(n_out)]
    return out if len(out) > 1 else out[0]


# ---- losses -----------------------------------------------------------------------------------
def _nll(node, logp, target, weight, reduction, ignore_index):
    """NegativeLogLikelihoodLoss of log-probabilities (N, C, d...) and int targets (N, d...)."""
    t = _dtype(logp)
    target = relay.cast(target, "int64")
    valid = None
    safe = target
    if ignore_index is not None:
        valid = relay.not_equal(target, relay.const(ignore_index, "int64"))
        safe = relay.where(valid, target, relay.zeros_like(target))
    picked = relay.squeeze(relay.gather(logp, 1, relay.expand_dims(safe, 1)), [1])
    w = relay.take(weight, safe, axis=0) if weight is not None else relay.ones_like(picked)
    if valid is not None:
        w = relay.where(valid, w, relay.zeros_like(w))
    loss = relay.negative(relay.multiply(picked, w))
    if reduction == "none":
        return loss
    if reduction == "sum":
        return relay.sum(loss)
    if reduction == "mean":
        return relay.divide(relay.sum(loss), relay.sum(w))
    raise node.unsupported("reduction", reduction)


@converter("NegativeLogLikelihoodLoss")
def _nll_loss(node, inputs):
    weight = inputs[2] if len(inputs) > 2 else None
    return _nll(node, inputs[0], inputs[1], weight, node.attr("reduction", "mean"),
                node.attr("ignore_index"))


@converter("SoftmaxCrossEntropyLoss")
def _softmax_cross_entropy(node, inputs):
    logp = relay.nn.log_softmax(inputs[0], axis=1)
    weight = inputs[2] if len(inputs) > 2 else None
    loss = _nll(node, logp, inputs[1], weight, node.attr("reduction", "mean"),
                node.attr("ignore_index"))
    return [loss, logp]


# ---- quantization -----------------------------------------------------------------------------
_QRANGE = {"uint8": (0, 255), "int8": (-128, 127), "uint16": (0, 65535),
           "int16": (-32768, 32767), "int32": (-2**31, 2**31 - 1)}


def _per_axis(node, p, x_rank, axis):
    """A scale / zero point: scalar, or 1-D along `axis` of a rank-x_rank tensor."""
    shape = infer_shape(p)
    if len(shape) == 0 or int(np.prod(shape)) == 1 and len(shape) == 1:
        return relay.reshape(p, ()) if shape else p
    block = node.attr("block_size", 0)
    if block and len(shape) == x_rank:
        # Blocked quantization: each parameter covers block_size elements along `axis`.
        a = _axis(axis, x_rank)
        rep = relay.repeat(p, block, axis=a)
        return relay.strided_slice(rep, [0], [node.x_shape[a]], axes=[a])
    if len(shape) != 1:
        raise node.unsupported("block_size", block)
    view = [1] * x_rank
    view[_axis(axis, x_rank)] = shape[0]
    return relay.reshape(p, view)


def _quantize(node, x, scale, zero_point, out_dtype, axis=1, rank=None):
    """saturate(round_half_even(x / scale) + zero_point) as out_dtype."""
    if out_dtype not in _QRANGE:
        raise node.unsupported("output type", out_dtype)
    rank = _rank(x) if rank is None else rank
    node.x_shape = infer_shape(x)
    xf = relay.cast(x, "float32") if _dtype(x) != "float32" else x
    s = _per_axis(node, scale, rank, axis)
    if _dtype(s) != "float32":
        s = relay.cast(s, "float32")
    y = relay.round(relay.divide(xf, s))
    if zero_point is not None:
        y = relay.add(y, relay.cast(_per_axis(node, zero_point, rank, axis), "float32"))
    lo, hi = _QRANGE[out_dtype]
    return relay.cast(relay.clip(y, lo, hi), out_dtype)


def _dequantize(node, x, scale, zero_point, axis=1):
    rank = _rank(x)
    node.x_shape = infer_shape(x)
    s = _per_axis(node, scale, rank, axis)
    xi = relay.cast(x, "int32")
    if zero_point is not None:
        xi = relay.subtract(xi, relay.cast(_per_axis(node, zero_point, rank, axis), "int32"))
    return relay.multiply(relay.cast(xi, _dtype(s)), s)


@converter("QuantizeLinear")
def _quantize_linear(node, inputs):
    x, scale = inputs[0], inputs[1]
    zp = inputs[2] if len(inputs) > 2 else None
    narrow = _narrow_type(node, 2) if zp is not None else node.attr("output_dtype")
    if narrow in _NARROW:
        # float8 / 4-bit results: x / scale (+ zero point) rounded onto the type's grid.
        node.importer.narrow[node.proto.output[0]] = narrow
        node.x_shape = infer_shape(x)
        axis = node.attr("axis", 1)
        y = relay.divide(relay.cast(x, "float32"), relay.cast(
            _per_axis(node, scale, _rank(x), axis), "float32"))
        if narrow in _INT4:
            y = relay.round(y)
        if zp is not None:
            y = relay.add(y, _per_axis(node, zp, _rank(x), axis))
        return _to_narrow(y, narrow, bool(node.attr("saturate", 1)))
    out_dtype = _dtype(zp) if zp is not None else \
        ONNX_DTYPES.get(node.attr("output_dtype", 2), "uint8")
    return _quantize(node, x, scale, zp, out_dtype, node.attr("axis", 1))


@converter("DequantizeLinear")
def _dequantize_linear(node, inputs):
    x, scale = inputs[0], inputs[1]
    zp = inputs[2] if len(inputs) > 2 else None
    if _narrow_type(node, 0) is not None:
        node.x_shape = infer_shape(x)
        axis = node.attr("axis", 1)
        s = _per_axis(node, scale, _rank(x), axis)
        v = x if zp is None else relay.subtract(x, _per_axis(node, zp, _rank(x), axis))
        return relay.multiply(relay.cast(v, _dtype(s)), s)
    if _dtype(x) not in _QRANGE:
        raise node.unsupported("input type", _dtype(x))
    return _dequantize(node, x, scale, zp, node.attr("axis", 1))


@converter("DynamicQuantizeLinear")
def _dynamic_quantize_linear(node, inputs):
    x = inputs[0]
    zero = relay.const(0.0, "float32")
    hi = relay.maximum(relay.max(x), zero)
    lo = relay.minimum(relay.min(x), zero)
    scale = relay.divide(relay.subtract(hi, lo), relay.const(255.0, "float32"))
    zp = relay.cast(relay.clip(relay.round(relay.subtract(zero, relay.divide(lo, scale))), 0, 255),
                    "uint8")
    return [_quantize(node, x, scale, zp, "uint8"), scale, zp]


def _int_operand(x, zp):
    """(x - zero_point) as float64: the integer products below are exact in float64."""
    xf = relay.cast(x, "float64")
    if zp is not None:
        xf = relay.subtract(xf, relay.cast(zp, "float64"))
    return xf


@converter("MatMulInteger")
def _matmul_integer(node, inputs):
    a, b = inputs[0], inputs[1]
    azp = inputs[2] if len(inputs) > 2 else None
    bzp = inputs[3] if len(inputs) > 3 else None
    prod = _matmul(node, [_int_operand(a, azp), _int_operand(b, bzp)])
    return relay.cast(prod, "int32")


@converter("QLinearMatMul")
def _qlinear_matmul(node, inputs):
    a, a_s, a_zp, b, b_s, b_zp, y_s, y_zp = inputs
    prod = _matmul(node, [_int_operand(a, a_zp), _int_operand(b, b_zp)])
    # The requantization multiplier in the scales' own precision, applied in float64.
    mult = relay.cast(relay.divide(relay.multiply(a_s, b_s), y_s), "float64")
    y = relay.round(relay.multiply(prod, mult))
    out_dtype = _dtype(y_zp) if y_zp is not None else _dtype(a)
    if y_zp is not None:
        y = relay.add(y, relay.cast(y_zp, "float64"))
    lo, hi = _QRANGE[out_dtype]
    return relay.cast(relay.clip(y, lo, hi), out_dtype)


def _int_conv(node, x, w, x_zp, w_zp):
    """Integer convolution in float64 (exact for the products of 8-bit operands)."""
    xf = _int_operand(x, x_zp)
    wshape = infer_shape(w)
    if w_zp is not None and len(infer_shape(w_zp)) == 1 and infer_shape(w_zp)[0] > 1:
        w_zp = relay.reshape(w_zp, (-1,) + (1,) * (len(wshape) - 1))
    wf = _int_operand(w, w_zp)
    n = len(wshape) - 2
    kernel = node.attr("kernel_shape", list(wshape[2:]))
    strides = node.attr("strides", [1] * n)
    dilations = node.attr("dilations", [1] * n)
    pads = _pads_2d(node, n, infer_shape(x)[2:], kernel, strides, dilations)
    return _conv_core(node, xf, wf, wshape, strides, pads, dilations, node.attr("group", 1))


@converter("ConvInteger")
def _conv_integer(node, inputs):
    x, w = inputs[0], inputs[1]
    x_zp = inputs[2] if len(inputs) > 2 else None
    w_zp = inputs[3] if len(inputs) > 3 else None
    return relay.cast(_int_conv(node, x, w, x_zp, w_zp), "int32")


@converter("QLinearConv")
def _qlinear_conv(node, inputs):
    x, x_s, x_zp, w, w_s, w_zp, y_s, y_zp = inputs[:8]
    bias = inputs[8] if len(inputs) > 8 else None
    acc = _int_conv(node, x, w, x_zp, w_zp)
    if bias is not None:
        acc = relay.add(acc, relay.reshape(relay.cast(bias, "float64"),
                                           (-1,) + (1,) * (_rank(x) - 2)))
    ws = w_s
    if len(infer_shape(w_s)) == 1 and infer_shape(w_s)[0] > 1:
        ws = relay.reshape(ws, (-1,) + (1,) * (_rank(x) - 2))
    mult = relay.cast(relay.divide(relay.multiply(x_s, ws), y_s), "float64")
    y = relay.round(relay.multiply(acc, mult))
    out_dtype = _dtype(y_zp) if y_zp is not None else _dtype(x)
    if y_zp is not None:
        y = relay.add(y, relay.cast(y_zp, "float64"))
    lo, hi = _QRANGE[out_dtype]
    return relay.cast(relay.clip(y, lo, hi), out_dtype)


def _fold(expr):
    """A relay expression over constants only, evaluated to a Constant (shape computations that
    later converters need as values); anything else is returned as is."""
    if not isinstance(expr, relay.Expr) or isinstance(expr, relay.Constant) or \
            relay.analysis.free_vars(expr):
        return expr
    if _FOLD_LOG is not None:
        _FOLD_LOG.append(expr)
    mod = relay.transform.FoldConstant()(tvm.IRModule.from_expr(expr))
    body = mod["main"].body
    return body if isinstance(body, relay.Constant) else expr


# Operators that accept float8 / 4-bit inputs (held as float32 values on their grid).
_NARROW_MOVES = {"Identity", "Reshape", "Transpose", "Flatten", "Squeeze", "Unsqueeze"}
# ---- strings (host kernels on the Relay VM) ---------------------------------------------------
def _string_input(node, x, what="input"):
    if _dtype(x) != "string":
        raise _error.OpAttributeInvalid(
            f"{node.op_type} node '{node.name}': {what} must be a string tensor, got "
            f"{_dtype(x)}")
    return x


@converter("ImageDecoder")
def _image_decoder(node, inputs):
    fmt = node.attr("pixel_format", "RGB")
    if fmt not in ("RGB", "BGR", "Grayscale"):
        raise node.invalid("pixel_format", f"must be RGB, BGR or Grayscale, got {fmt!r}")
    x = inputs[0]
    if _dtype(x) != "uint8" or _rank(x) != 1:
        raise _error.OpAttributeInvalid(
            f"ImageDecoder node '{node.name}': encoded_stream must be a 1-D uint8 tensor, got "
            f"{_dtype(x)} of rank {_rank(x)}")
    return relay.image.decode(x, fmt)


@converter("StringConcat")
def _string_concat(node, inputs):
    return relay.strings.concat(_string_input(node, inputs[0], "X"),
                                _string_input(node, inputs[1], "Y"))


@converter("RegexFullMatch")
def _regex_full_match(node, inputs):
    pattern = node.attr("pattern")
    if pattern is None:
        raise node.invalid("pattern", "is required")
    return relay.strings.regex_full_match(_string_input(node, inputs[0], "X"), pattern)


@converter("StringSplit")
def _string_split(node, inputs):
    maxsplit = node.attr("maxsplit")
    if maxsplit is not None and maxsplit < 0:
        raise node.invalid("maxsplit", f"must be non-negative, got {maxsplit}")
    out = relay.strings.split(_string_input(node, inputs[0], "X"),
                              node.attr("delimiter", "") or "",
                              -1 if maxsplit is None else maxsplit)
    return _spanned_fields(node, out.tuple_value, 2)


@converter("StringNormalizer")
def _string_normalizer(node, inputs):
    action = node.attr("case_change_action", "NONE")
    if action not in ("NONE", "LOWER", "UPPER"):
        raise node.invalid("case_change_action", f"must be NONE, LOWER or UPPER, got {action!r}")
    x = _string_input(node, inputs[0], "X")
    shape = infer_shape(x)
    if not (len(shape) == 1 or (len(shape) == 2 and shape[0] == 1)):
        raise _error.OpAttributeInvalid(
            f"StringNormalizer node '{node.name}': X must be [C] or [1, C], got shape "
            f"{tuple(shape)}")
    return relay.strings.normalize(x, action, bool(node.attr("is_case_sensitive", 0)),
                                   node.attr("locale", "en_US") or "en_US",
                                   node.attr("stopwords", []))


_NARROW_OPS = {"Cast", "CastLike", "QuantizeLinear", "DequantizeLinear"} | _NARROW_MOVES

_FOLD_LOG = None  # a list to record the expressions _fold evaluates (profiling)


def _inner_type(tp):
    """The tensor TypeProto inside optional / sequence wrappers (tp itself otherwise)."""
    while tp.WhichOneof("value") in ("optional_type", "sequence_type"):
        tp = getattr(tp, tp.WhichOneof("value")).elem_type
    return tp


def _flat_values(value):
    """The Relay tensors making up an importer value: a tensor, a _Sequence (its elements, in
    order) or None (an empty optional: none)."""
    if value is None:
        return []
    if isinstance(value, _Sequence):
        return [x for item in value.items for x in _flat_values(item)]
    if isinstance(value, (list, tuple)):
        return [x for item in value for x in _flat_values(item)]
    return [value]


# ---- random numbers ---------------------------------------------------------------------------
# relay.random's values are a pure function of a 64-bit key (counter-based Philox). A node's
# `seed` (a float) becomes the key holding its IEEE-754 double bits; without a seed,
# relay.random draws a key from numpy's global random state while importing. So every unseeded
# node gets its own stream, and the imported model gives the same values on every run (where
# onnxruntime's unseeded ops differ from run to run; numpy.random.seed before from_onnx makes
# imports reproducible).
_RANDOM_FLOATS = ("float16", "float32", "float64")


def _random_seed(node):
    seed = node.attr("seed")
    return None if seed is None else int(np.array(seed, "float64").view("uint64"))


def _random_dtype(node, default, allowed=_RANDOM_FLOATS):
    """The dtype attribute (default when absent), which must be one of `allowed`."""
    code = node.attr("dtype")
    dtype = default if code is None else ONNX_DTYPES.get(code, f"type {code}")
    if dtype not in allowed:
        raise node.invalid("dtype", f"must be one of {', '.join(allowed)}, got {dtype}")
    return dtype


def _random_shape(node):
    shape = node.attr("shape")
    if shape is None or any(d < 0 for d in shape):
        raise node.invalid("shape", f"must be a list of nonnegative sizes, got {shape}")
    return shape


@converter("RandomUniform", "RandomUniformLike")
def _random_uniform(node, inputs):
    like = node.op_type == "RandomUniformLike"
    dtype = _random_dtype(node, _dtype(inputs[0]) if like else "float32")
    low, high = node.attr("low", 0.0), node.attr("high", 1.0)
    if not high >= low:
        raise node.invalid("high", f"({high}) must not be below low ({low})")
    if like:
        return relay.random.uniform_like(inputs[0], dtype, low, high, _random_seed(node))
    return relay.random.uniform(_random_shape(node), dtype, low, high, _random_seed(node))


@converter("RandomNormal", "RandomNormalLike")
def _random_normal(node, inputs):
    like = node.op_type == "RandomNormalLike"
    dtype = _random_dtype(node, _dtype(inputs[0]) if like else "float32")
    mean, scale = node.attr("mean", 0.0), node.attr("scale", 1.0)
    if like:
        return relay.random.normal_like(inputs[0], dtype, mean, scale, _random_seed(node))
    return relay.random.normal(_random_shape(node), dtype, mean, scale, _random_seed(node))


def _uniform_for(node, x):
    """Uniform values in [0, 1) of x's shape, in x's float type (float32 for narrower ones),
    and that type."""
    t = _dtype(x)
    ut = t if t in ("float32", "float64") else "float32"
    return relay.random.uniform_like(x, ut, seed=_random_seed(node)), ut


@converter("Bernoulli")
def _bernoulli(node, inputs):
    p = inputs[0]
    out = _random_dtype(node, _dtype(p), _RANDOM_FLOATS + (
        "bfloat16", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64",
        "bool"))
    u, ut = _uniform_for(node, p)
    return relay.cast(relay.less(u, p if _dtype(p) == ut else relay.cast(p, ut)), out)


@converter("Multinomial")
def _multinomial(node, inputs):
    n = node.attr("sample_size", 1)
    if n < 1:
        raise node.invalid("sample_size", f"must be at least 1, got {n}")
    dtype = _random_dtype(node, "int32", ("int32", "int64"))
    return relay.random.multinomial(inputs[0], n, dtype, _random_seed(node))


@converter("Dropout")
def _dropout(node, inputs):
    """Inference (no training_mode, or ratio 0): the input, and a mask of ones. Training: each
    element is kept where a uniform value is >= ratio and scaled by 1 / (1 - ratio)."""
    x = inputs[0]
    ratio = node.attr("ratio", 0.5)
    if len(inputs) > 1 and inputs[1] is not None:
        v = _np(inputs[1])
        if v is None:
            raise _error.OpAttributeUnImplemented(
                f"Dropout node '{node.name}': input ratio must be a constant")
        ratio = float(v)
    if not 0.0 <= ratio < 1.0:
        raise node.invalid("ratio", f"must be in [0, 1), got {ratio}")
    training = len(inputs) > 2 and inputs[2] is not None and \
        bool(_ints_input(node, inputs[2], "training_mode")[0])
    with_mask = len(node.proto.output) > 1 and bool(node.proto.output[1])
    if not training or ratio == 0.0:
        return [x, relay.ones_like(relay.cast(x, "bool"))] if with_mask else x
    u, ut = _uniform_for(node, x)
    keep = relay.greater_equal(u, relay.const(ratio, ut))
    t = _dtype(x)
    y = relay.where(keep, relay.multiply(x, relay.const(1.0 / (1.0 - ratio), t)),
                    relay.zeros_like(x))
    return [y, keep] if with_mask else y


# ---- the importer ---------------------------------------------------------------------------
class OnnxImporter:
    """Builds (mod, params) from a GraphProto."""

    def __init__(self, shape, dtype, freeze_params):
        self.shape = dict(shape or {})
        self.dtype = dtype
        self.freeze = freeze_params
        self.nodes = {}
        self.params = {}
        self.narrow = {}  # value name -> ONNX type of float8 / 4-bit values (held as float32)
        self.sym = SymbolicShapes()  # dimensions and shape values known only symbolically
        self.reshape_dims = {}  # Reshape output name -> its symbolic dimensions

    def _input_value(self, value_info):
        """The importer's value for a graph input: a Relay var for a tensor, a _Sequence of
        vars named '<name>_0', '<name>_1', ... for a sequence (its length and element shapes
        come through `shape` as a list of shapes), None for an empty optional (`shape` gives
        None) or the value it holds."""
        name, tp = value_info.name, value_info.type
        kind = tp.WhichOneof("value")
        if kind == "optional_type":
            if name in self.shape and self.shape[name] is None:
                return None
            tp = tp.optional_type.elem_type
            kind = tp.WhichOneof("value")
        if kind == "sequence_type":
            if name not in self.shape or self.shape[name] is None:
                raise _error.OpAttributeUnImplemented(
                    f"graph input '{name}' is a sequence: its length and element shapes are not "
                    "in the model and must be given through `shape` as a list of shapes, e.g. "
                    f"shape={{'{name}': [(2, 3), (4, 3)]}}")
            shapes = self.shape[name]
            if not isinstance(shapes, (list, tuple)) or not all(
                    isinstance(s, (list, tuple)) for s in shapes):
                raise ValueError(f"from_onnx: shape['{name}'] must be a list of shapes (the "
                                 f"input is a sequence), got {shapes!r}")
            elem = tp.sequence_type.elem_type
            if elem.WhichOneof("value") != "tensor_type":
                raise _error.OpAttributeUnImplemented(
                    f"graph input '{name}' is a sequence of {elem.WhichOneof('value')}: only "
                    "sequences of tensors are supported")
            return _Sequence(self._input_var(f"{name}_{k}", elem.tensor_type, list(s), name)
                             for k, s in enumerate(shapes))
        if kind not in (None, "tensor_type"):
            raise _error.OpNotImplemented(
                f"graph input '{name}' has type {kind}: only tensors, sequences of tensors and "
                "optionals of them are supported")
        shape = list(self.shape[name]) if name in self.shape else None
        return self._input_var(name, tp.tensor_type, shape, name)

    def _input_var(self, name, tt, shape=None, key=None):
        key = key or name
        if shape is not None:
            shape = list(shape)
        else:
            shape = []
            for d in tt.shape.dim:
                if d.HasField("dim_value"):
                    shape.append(int(d.dim_value))
                else:
                    shape.append(relay.Any())
        self.sym.set_input(name, tt, [d if isinstance(d, int) else None for d in shape])
        dtype = ONNX_DTYPES.get(tt.elem_type, "float32" if tt.elem_type in _NARROW else None)
        if isinstance(self.dtype, dict):
            dtype = self.dtype.get(key, dtype)
        elif dtype is None or (dtype == "float32" and self.dtype):
            dtype = self.dtype if dtype in (None, "float32") else dtype
        return relay.var(name, shape=shape, dtype=dtype)

    def convert_nodes(self, protos):
        """Convert NodeProtos in order, adding their outputs to self.nodes."""
        for proto in protos:
            node = Node(proto, self.opset)
            node.importer = self
            convert = _converter_of(proto)
            if convert is None:
                raise _error.OpNotImplemented(
                    "The following operators are not supported for frontend ONNX: " +
                    _op_name(proto))
            inputs = [self.nodes[i] if i else None for i in proto.input]
            narrow_in = [self.narrow[i] for i in proto.input if i in self.narrow]
            if narrow_in and node.op_type not in _NARROW_OPS:
                raise _error.OpAttributeUnImplemented(
                    f"{node.op_type} node '{node.name}': float8 / 4-bit inputs are only "
                    "supported by Cast, CastLike, QuantizeLinear, DequantizeLinear and data "
                    "movement")
            if narrow_in and node.op_type in _NARROW_MOVES:
                for o in proto.output:
                    self.narrow[o] = narrow_in[0]
            for i, name in enumerate(proto.input):
                if name and name not in self.nodes:
                    raise ValueError(f"{node.op_type} node '{node.name}': input {i} ('{name}') is "
                                     "produced by no node, initializer or graph input")
            if self._symbolic_value(node, inputs):
                continue
            try:
                out = convert(node, inputs)
            except _error.OpError:
                raise
            except (ValueError, TypeError, tvm.error.TVMError) as err:
                raise type(err)(f"converting {node.op_type} node '{node.name}': {err}") from err
            outs = out if isinstance(out, list) else [out]
            if inputs and _all_const(inputs):
                outs = [_fold(o) for o in outs]
            for name, value in zip(proto.output, outs):
                if name:
                    self.nodes[name] = set_span(value, node.name)
            self.sym.record(node, proto.output)

    def _symbolic_value(self, node, inputs):
        """Evaluate a shape computation on dimensions known only at run time (onnx_shapes.py):
        its output becomes a constant when every entry is known, else a placeholder whose
        symbolic value shape operands (Reshape's) can use. False when it is not one."""
        if node.op_type not in VALUE_OPS or (inputs and _all_const(inputs)):
            return False
        if node.op_type == "Shape" and all(isinstance(d, int) for d in infer_shape(inputs[0])):
            return False
        try:
            value = self.sym.evaluate(node, inputs)
        except (ValueError, TypeError, IndexError, tvm.error.TVMError):
            value = None
        if value is None:
            return False
        name = node.proto.output[0]
        if all(isinstance(v, (int, np.integer)) for v in value.ravel()):
            dtype = ONNX_DTYPES.get(node.attr("to"), "int64") if node.op_type == "Cast" else \
                "int64"
            self.nodes[name] = new_const(np.asarray(value.tolist(), dtype=dtype))
        else:
            self.nodes[name] = self.sym.placeholder(name, value)
        self.sym.record(node, node.proto.output)
        return True

    def convert_subgraph(self, graph):
        """The outputs of a branch GraphProto converted inline (it sees the outer values)."""
        from onnx import numpy_helper  # pylint: disable=import-outside-toplevel

        for init in graph.initializer:
            self.nodes[init.name] = new_const(numpy_helper.to_array(init))
        self.convert_nodes(graph.node)
        return [self.nodes[o.name] for o in graph.output]

    def convert_body(self, graph, values):
        """A loop body's outputs for one iteration: its graph inputs bound to `values`."""
        for vi, v in zip(graph.input, values):
            self.nodes[vi.name] = v
        return self.convert_subgraph(graph)

    def run(self, graph, opset):
        from onnx import numpy_helper  # pylint: disable=import-outside-toplevel

        missing = sorted({_op_name(n) for n in graph.node if _converter_of(n) is None})
        if missing:
            raise _error.OpNotImplemented(
                "The following operators are not supported for frontend ONNX: " +
                ", ".join(missing))
        for vi in list(graph.input) + list(graph.output):
            tp = _inner_type(vi.type)
            if tp.WhichOneof("value") not in (None, "tensor_type"):
                raise _error.OpNotImplemented(
                    f"graph input/output '{vi.name}' has type {vi.type.WhichOneof('value')}: "
                    "only tensors, sequences of tensors and optionals of them are supported "
                    "(no maps or sparse tensors)")
            elem = tp.tensor_type.elem_type
            if elem in _NARROW:
                self.narrow[vi.name] = elem
            elif elem and elem not in ONNX_DTYPES:
                raise _error.OpNotImplemented(
                    f"graph input/output '{vi.name}' has element type "
                    f"{_ONNX_TYPE_NAMES.get(elem, elem)}, which has no TVM dtype")
        for init in graph.initializer:
            if init.data_type in _NARROW:
                self.narrow[init.name] = init.data_type
            elif init.data_type not in ONNX_DTYPES:
                raise _error.OpNotImplemented(
                    f"initializer '{init.name}' has element type "
                    f"{_ONNX_TYPE_NAMES.get(init.data_type, init.data_type)}, which has no TVM "
                    "dtype")
        for init in graph.initializer:
            array = numpy_helper.to_array(init)
            if self.freeze:
                self.nodes[init.name] = new_const(array)
            else:
                self.params[init.name] = tvm.nd.array(array)
                self.nodes[init.name] = relay.var(init.name, shape=array.shape,
                                                  dtype=str(array.dtype))
        input_vars = []
        for vi in graph.input:
            if vi.name not in self.nodes:
                value = self._input_value(vi)
                self.nodes[vi.name] = value
                input_vars += _flat_values(value)
            elif isinstance(self.nodes[vi.name], relay.Var):
                input_vars.append(self.nodes[vi.name])
        self.opset = opset
        self.convert_nodes(graph.node)
        missing = [o.name for o in graph.output if o.name not in self.nodes]
        if missing:
            raise _error.OpAttributeUnImplemented(
                f"graph outputs {missing} come from node outputs the importer does not produce "
                "(training-mode statistics and other optional outputs are not supported)")
        outputs = [self.nodes[o.name] for o in graph.output]
        if len(outputs) == 1 and isinstance(outputs[0], relay.Expr):
            body = outputs[0]
        else:
            # Sequences and optionals are flattened: a sequence output contributes its
            # elements in order, an empty optional nothing (so a model whose only output is an
            # empty optional returns an empty tuple).
            body = relay.Tuple([x for o in outputs for x in _flat_values(o)])
        # Every graph input is a parameter, in the graph's order (an unused one too; a sequence
        # input's elements in order), then the unfrozen initializers.
        params = input_vars
        seen = {p.name_hint for p in params}
        for v in relay.analysis.free_vars(body):
            if v.name_hint in self.sym.placeholders:
                raise _error.OpAttributeUnImplemented(
                    f"the value of '{self.sym.placeholders[v.name_hint]}' is computed from "
                    "dimensions known only at run time and used as data, which is not "
                    "supported (shape operands such as Reshape's may be; or give the inputs' "
                    "shapes to from_onnx)")
        params += [v for v in relay.analysis.free_vars(body) if v.name_hint not in seen]
        func = relay.Function(params, body)
        return tvm.IRModule.from_expr(func), self.params


def from_onnx(model, shape=None, dtype="float32", opset=None, freeze_params=True,
              convert_config=None, export_node_renamed_model_path=None):
    """Import an ONNX ModelProto (or a path to a .onnx file, or its bytes) into Relay.

    shape: {input name: shape} overriding (or giving) input shapes; for a sequence input a
    list of shapes (its elements become parameters '<name>_0', '<name>_1', ...), for an
    optional input None to make it empty; dtype: the input dtype
    (or {name: dtype}); opset: override the model's opset; freeze_params: initializers become
    constants (True) or parameters returned in `params` (False).
    Sequence / optional outputs are flattened: main returns a tuple of every output's tensors
    in order (a sequence's elements; nothing for an empty optional).
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


from . import onnx_ml  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import

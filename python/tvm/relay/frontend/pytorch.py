"""PyTorch frontend: relay.frontend.from_pytorch(script_module, input_infos) -> (mod, params).

The importer walks the TorchScript graph of a traced (torch.jit.trace) or scripted module after
inlining its submodule calls. Every graph value maps to one of:

* a Relay expression: a tensor computed at run time (inputs, weights, everything depending on
  them);
* a Python value: ints, floats, bools, strings, None, lists and tuples (constants of the graph,
  static shapes from ``aten::size``, and the arithmetic traces record on them);
* a torch.Tensor: a constant tensor (``prim::Constant`` tensors, ``prim::NumToTensor``, and any
  result computed only from constants, such as attention masks built with ``torch.zeros``).

A node whose inputs are all constants is evaluated with torch itself (``torch.ops.aten``), so
the shape arithmetic of traces (``size -> NumToTensor -> div -> Int -> view``) folds to static
values whatever operators it uses. Other nodes go through a converter chosen by the node kind.
Weights and buffers (``prim::GetAttr`` chains) become Relay variables named by their attribute
path (``layer1.0.conv1.weight``) and are returned in ``params``.

Errors: every operator of the model without a converter is named in one
tvm.error.OpNotImplemented; an argument value we do not handle is OpAttributeUnImplemented
naming the node and the argument; a malformed ``input_infos`` is a TVMTypeError /
TVMValueError saying what was expected. Imported calls carry the node's name
(``aten::linear_3``: kind and index among the graph's nodes of that kind) as their span, so a
type error found while compiling names the torch operator.
"""
import math

import numpy as np

import tvm
from tvm import relay

from ... import error as _error
from .common import infer_type

# ScalarType enum values as TorchScript constants carry them (c10/core/ScalarType.h).
_SCALAR_TYPES = {0: "uint8", 1: "int8", 2: "int16", 3: "int32", 4: "int64", 5: "float16",
                 6: "float32", 7: "float64", 11: "bool", 15: "bfloat16"}
# Ops never folded with torch: they are random or have effects.
_NO_FOLD = {"aten::dropout", "aten::dropout_", "aten::feature_dropout", "aten::alpha_dropout",
            "aten::rand", "aten::randn", "aten::rand_like", "aten::randn_like",
            "aten::randint", "aten::bernoulli", "aten::bernoulli_", "aten::normal",
            "aten::uniform_", "aten::normal_", "aten::multinomial", "aten::warn",
            "prim::RaiseException", "prim::Print"}
# Ops whose result is static whatever their tensor input (shapes are static).
_SHAPE_QUERIES = {"aten::size", "aten::dim", "aten::numel", "prim::dtype", "prim::device",
                  "prim::shape", "aten::len"}
# Ops reading only the shape and dtype of their tensor input: evaluated with torch on an
# uninitialized stand-in of that shape (so a mask built with new_zeros + fill_ folds).
_SHAPE_ONLY = {"aten::new_zeros", "aten::new_ones", "aten::new_full", "aten::new_empty",
               "aten::zeros_like", "aten::ones_like", "aten::full_like", "aten::empty_like"}


def _torch():
    import torch  # pylint: disable=import-outside-toplevel

    return torch


def _torch_dtype_str(dtype):
    return str(dtype).replace("torch.", "")


class Node:
    """What a converter sees of one TorchScript node."""

    def __init__(self, node, name, args, importer):
        self.node = node
        self.kind = node.kind()
        self.name = name
        self.args = args  # the converted input values, in order
        self.importer = importer
        self._named = None

    def arg(self, index_or_name, default=None):
        """An input by position or by its schema name (default when absent)."""
        if isinstance(index_or_name, int):
            return self.args[index_or_name] if index_or_name < len(self.args) else default
        if self._named is None:
            self._named = {}
            schema = _schema(self.node)
            if schema is not None:
                for a, v in zip(schema.arguments, self.args):
                    self._named[a.name] = v
        return self._named.get(index_or_name, default)

    @property
    def n_outputs(self):
        return self.node.outputsSize()

    def unsupported(self, what, value):
        return _error.OpAttributeUnImplemented(
            f"{self.kind} ('{self.name}'): {what}={value!r} is not supported")


def _schema(node):
    if not node.kind().startswith("aten::"):
        return None
    try:
        return _torch()._C.parse_schema(node.schema())
    except RuntimeError:
        return None


# ---- value helpers --------------------------------------------------------------------------
def _is_expr(v):
    return isinstance(v, relay.Expr)


def _is_tensor(v):
    return isinstance(v, _torch().Tensor)


def _dtype(v):
    """dtype string of an Expr, a torch tensor or a Python scalar (as torch wraps it)."""
    if _is_expr(v):
        return str(infer_type(v).dtype)
    if _is_tensor(v):
        return _torch_dtype_str(v.dtype)
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int64"
    return "float32"


def _shape(v):
    if _is_expr(v):
        shape = []
        for d in infer_type(v).shape:
            if not isinstance(d, tvm.tir.IntImm):
                raise _error.TVMValueError(f"a static shape is needed, found dimension {d}")
            shape.append(int(d.value))
        return tuple(shape)
    if _is_tensor(v):
        return tuple(v.shape)
    return ()


def _category(dtype):
    if dtype == "bool":
        return 0
    if dtype.startswith("int") or dtype.startswith("uint"):
        return 1
    return 2


def _promote_pair(a, b):
    if a is None:
        return b
    if b is None:
        return a
    torch = _torch()
    return _torch_dtype_str(torch.promote_types(getattr(torch, a), getattr(torch, b)))


def _combine(higher, lower):
    if higher is None:
        return lower
    if lower is None:
        return higher
    if _category(higher) == 2:
        return higher
    if higher == "bool" or _category(lower) == 2:
        return _promote_pair(higher, lower)
    return higher


def _result_dtype(values):
    """torch's type promotion over tensors (dimensioned / zero-dim) and wrapped scalars."""
    dim = zero = wrapped = None
    for v in values:
        if v is None or isinstance(v, str):
            continue
        if _is_expr(v) or _is_tensor(v):
            if len(_shape(v)) > 0:
                dim = _promote_pair(dim, _dtype(v))
            else:
                zero = _promote_pair(zero, _dtype(v))
        else:
            wrapped = _promote_pair(wrapped, _dtype(v))
    return _combine(dim, _combine(zero, wrapped))


def _const(v, dtype=None):
    if _is_tensor(v):
        arr = v.detach().cpu().numpy()
    else:
        arr = np.asarray(v)
    if dtype is None:
        dtype = _dtype(v)
    return relay.const(arr.astype(dtype), dtype)


def _expr(v, dtype=None):
    """`v` as a Relay expression (of `dtype` when given)."""
    if _is_expr(v):
        if dtype is not None and _dtype(v) != dtype:
            return relay.cast(v, dtype)
        return v
    return _const(v, dtype)


def _int(v):
    if _is_tensor(v):
        return int(v.item())
    return int(v)


def _ints(v):
    if isinstance(v, (list, tuple)):
        return [_int(x) for x in v]
    if _is_tensor(v):
        return [int(x) for x in v.reshape(-1).tolist()]
    return [_int(v)]


def _axis(dim, rank):
    dim = _int(dim)
    return dim + rank if dim < 0 else dim


# ---- converters -----------------------------------------------------------------------------
_CONVERTERS = {}


def converter(*kinds):
    def register(fn):
        for k in kinds:
            _CONVERTERS[k] = fn
        return fn
    return register


def _inplace(*names):
    """The op and its in-place variant (``aten::relu`` and ``aten::relu_``)."""
    out = []
    for n in names:
        out += [f"aten::{n}", f"aten::{n}_"]
    return out


def _binary(fn):
    def convert(node):
        a, b = node.arg(0), node.arg(1)
        alpha = node.arg("alpha", 1)
        if node.kind == "aten::rsub":
            a, b = b, a
        dtype = _result_dtype([a, b])
        ea, eb = _expr(a, dtype), _expr(b, dtype)
        if alpha is not None and not isinstance(alpha, str) and alpha != 1:
            eb = relay.multiply(eb, _const(alpha, dtype))
        return fn(ea, eb)
    return convert


for _names, _fn in [(("add",), relay.add), (("sub", "subtract"), relay.subtract),
                    (("mul", "multiply"), relay.multiply), (("maximum",), relay.maximum),
                    (("minimum",), relay.minimum), (("remainder",), relay.floor_mod),
                    (("fmod",), relay.mod)]:
    for _k in _inplace(*_names):
        _CONVERTERS[_k] = _binary(_fn)
_CONVERTERS["aten::rsub"] = _binary(relay.subtract)
for _names, _fn in [("eq", relay.equal), ("ne", relay.not_equal), ("lt", relay.less),
                    ("le", relay.less_equal), ("gt", relay.greater),
                    ("ge", relay.greater_equal)]:
    for _k in _inplace(_names):
        _CONVERTERS[_k] = _binary(_fn)
for _names, _fn in [("logical_and", relay.logical_and), ("logical_or", relay.logical_or),
                    ("logical_xor", relay.logical_xor), ("__and__", relay.logical_and),
                    ("__or__", relay.logical_or), ("bitwise_and", relay.logical_and),
                    ("bitwise_or", relay.logical_or)]:
    _CONVERTERS[f"aten::{_names}"] = _binary(_fn)


@converter(*_inplace("div", "true_divide", "floor_divide"))
def _div(node):
    a, b = node.arg(0), node.arg(1)
    mode = node.arg("rounding_mode")
    if node.kind.startswith("aten::floor_divide"):
        mode = "floor"
    dtype = _result_dtype([a, b])
    if mode is None and _category(dtype) < 2:
        dtype = "float32"  # true division of integers gives the default float type
    ea, eb = _expr(a, dtype), _expr(b, dtype)
    if mode is None:
        return relay.divide(ea, eb)
    if mode not in ("floor", "trunc"):
        raise node.unsupported("rounding_mode", mode)
    if _category(dtype) == 2:
        q = relay.divide(ea, eb)
        return relay.floor(q) if mode == "floor" else relay.where(
            relay.less(q, _const(0, dtype)), relay.ceil(q), relay.floor(q))
    return relay.floor_divide(ea, eb) if mode == "floor" else relay.divide(ea, eb)


@converter(*_inplace("pow"))
def _pow(node):
    a, b = node.arg(0), node.arg(1)
    dtype = _result_dtype([a, b])
    if not _is_expr(b) and not _is_tensor(b) and float(b) == 2.0:
        ea = _expr(a, dtype)
        return relay.multiply(ea, ea)
    return relay.power(_expr(a, dtype), _expr(b, dtype))


def _unary(fn, float_only=True):
    def convert(node):
        x = node.arg(0)
        dtype = _dtype(x)
        if float_only and _category(dtype) < 2:
            dtype = "float32"
        return fn(_expr(x, dtype))
    return convert


for _names, _fn, _fo in [
        (("relu",), relay.nn.relu, False), (("sigmoid",), relay.sigmoid, True),
        (("tanh",), relay.tanh, True), (("exp",), relay.exp, True), (("log",), relay.log, True),
        (("sqrt",), relay.sqrt, True), (("rsqrt",), relay.rsqrt, True),
        (("neg", "negative"), relay.negative, False), (("abs",), relay.abs, False),
        (("erf",), relay.erf, True), (("floor",), relay.floor, False),
        (("ceil",), relay.ceil, False), (("round",), relay.round, False),
        (("sin",), relay.sin, True), (("cos",), relay.cos, True),
        (("logical_not",), relay.logical_not, False), (("sign",), relay.sign, False)]:
    for _k in _inplace(*_names):
        _CONVERTERS[_k] = _unary(_fn, _fo)


@converter(*_inplace("reciprocal"))
def _reciprocal(node):
    x = _expr(node.arg(0), "float32" if _category(_dtype(node.arg(0))) < 2 else None)
    return relay.divide(_const(1.0, _dtype(x)), x)


@converter(*_inplace("square"))
def _square(node):
    x = _expr(node.arg(0))
    return relay.multiply(x, x)


def _clip(x, lo, hi):
    """clip with bounds in the input's range (None = unbounded)."""
    dtype = _dtype(x)
    info = np.finfo(dtype) if _category(dtype) == 2 else np.iinfo(dtype)
    lo = float(info.min) if lo is None else max(float(lo), float(info.min))
    hi = float(info.max) if hi is None else min(float(hi), float(info.max))
    return relay.clip(x, lo, hi)


@converter(*_inplace("hardtanh"))
def _hardtanh(node):
    return _clip(_expr(node.arg(0)), node.arg("min_val", -1.0), node.arg("max_val", 1.0))


@converter(*_inplace("relu6"))
def _relu6(node):
    return _clip(_expr(node.arg(0)), 0.0, 6.0)


@converter(*_inplace("clamp", "clip"))
def _clamp(node):
    lo, hi = node.arg(1), node.arg(2)
    if _is_expr(lo) or _is_expr(hi) or _is_tensor(lo) or _is_tensor(hi):
        x = _expr(node.arg(0))
        if lo is not None:
            x = relay.maximum(x, _expr(lo, _dtype(x)))
        if hi is not None:
            x = relay.minimum(x, _expr(hi, _dtype(x)))
        return x
    return _clip(_expr(node.arg(0)), lo, hi)


@converter(*_inplace("clamp_min"))
def _clamp_min(node):
    return _clip(_expr(node.arg(0)), node.arg(1), None)


@converter(*_inplace("clamp_max"))
def _clamp_max(node):
    return _clip(_expr(node.arg(0)), None, node.arg(1))


@converter(*_inplace("hardsigmoid"))
def _hardsigmoid(node):
    # relu6(x + 3) / 6, as torch computes it
    x = _expr(node.arg(0))
    t = _dtype(x)
    return relay.divide(_clip(relay.add(x, _const(3.0, t)), 0.0, 6.0), _const(6.0, t))


@converter(*_inplace("hardswish"))
def _hardswish(node):
    x = _expr(node.arg(0))
    t = _dtype(x)
    return relay.divide(relay.multiply(x, _clip(relay.add(x, _const(3.0, t)), 0.0, 6.0)),
                        _const(6.0, t))


@converter(*_inplace("silu"))
def _silu(node):
    x = _expr(node.arg(0))
    return relay.multiply(x, relay.sigmoid(x))


@converter(*_inplace("mish"))
def _mish(node):
    x = _expr(node.arg(0))
    return relay.multiply(x, relay.tanh(_softplus_expr(x, 1.0, 20.0)))


def _softplus_expr(x, beta, threshold):
    t = _dtype(x)
    bx = relay.multiply(x, _const(beta, t)) if beta != 1 else x
    soft = relay.log(relay.add(relay.exp(bx), _const(1.0, t)))
    if beta != 1:
        soft = relay.divide(soft, _const(beta, t))
    return relay.where(relay.greater(bx, _const(threshold, t)), x, soft)


@converter("aten::softplus")
def _softplus(node):
    return _softplus_expr(_expr(node.arg(0)), float(node.arg("beta", 1.0)),
                          float(node.arg("threshold", 20.0)))


@converter(*_inplace("gelu"))
def _gelu(node):
    x = _expr(node.arg(0))
    t = _dtype(x)
    approx = node.arg("approximate", "none")
    if approx == "tanh":
        inner = relay.multiply(_const(math.sqrt(2 / math.pi), t), relay.add(
            x, relay.multiply(_const(0.044715, t), relay.multiply(x, relay.multiply(x, x)))))
        return relay.multiply(relay.multiply(_const(0.5, t), x),
                              relay.add(_const(1.0, t), relay.tanh(inner)))
    if approx != "none":
        raise node.unsupported("approximate", approx)
    cdf = relay.add(_const(0.5, t), relay.multiply(
        _const(0.5, t), relay.erf(relay.multiply(x, _const(1 / math.sqrt(2), t)))))
    return relay.multiply(x, cdf)


@converter(*_inplace("leaky_relu"))
def _leaky_relu(node):
    return relay.nn.leaky_relu(_expr(node.arg(0)), float(node.arg("negative_slope", 0.01)))


@converter(*_inplace("elu"))
def _elu(node):
    x = _expr(node.arg(0))
    t = _dtype(x)
    alpha, scale = float(node.arg("alpha", 1.0)), float(node.arg("scale", 1.0))
    in_scale = float(node.arg("input_scale", 1.0))
    neg = relay.multiply(_const(alpha, t), relay.subtract(
        relay.exp(relay.multiply(x, _const(in_scale, t))), _const(1.0, t)))
    out = relay.where(relay.greater(x, _const(0.0, t)), x, neg)
    return relay.multiply(out, _const(scale, t)) if scale != 1.0 else out


@converter("aten::prelu")
def _prelu(node):
    x, w = _expr(node.arg(0)), _expr(node.arg(1))
    rank = len(_shape(x))
    if len(_shape(w)) == 1 and _shape(w)[0] > 1 and rank >= 2:
        w = relay.reshape(w, (-1,) + (1,) * (rank - 2))
    return relay.where(relay.greater(x, _const(0.0, _dtype(x))), x, relay.multiply(x, w))


@converter(*_inplace("dropout", "feature_dropout", "alpha_dropout", "feature_alpha_dropout"),
           "aten::contiguous", "aten::clone", "aten::detach", "aten::detach_",
           "aten::lift_fresh", "aten::alias", "aten::resolve_conj", "aten::resolve_neg")
def _identity(node):
    if node.kind.endswith("dropout") or node.kind.endswith("dropout_"):
        if node.arg("train", False) and float(node.arg("p", 0.0)) != 0.0:
            raise node.unsupported("train", True)  # random: a trace in training mode
    return node.arg(0)


# ---- type conversions -----------------------------------------------------------------------
def _scalar_type(node, v):
    if v is None:
        return None
    if isinstance(v, int) and v in _SCALAR_TYPES:
        return _SCALAR_TYPES[v]
    if isinstance(v, _torch().dtype):
        return _torch_dtype_str(v)
    raise node.unsupported("dtype", v)


@converter("aten::to")
def _to(node):
    x = node.arg(0)
    dtype = node.arg("dtype")
    other = node.arg("other")
    if other is not None:
        dtype = _dtype(other)
    elif dtype is not None:
        dtype = _scalar_type(node, dtype)
    if dtype is None:
        return x
    return _expr(x, dtype) if _is_expr(x) else x.to(getattr(_torch(), dtype))


@converter("aten::type_as")
def _type_as(node):
    return _expr(node.arg(0), _dtype(node.arg(1)))


@converter("aten::float", "aten::int", "aten::long", "aten::bool", "aten::half",
           "aten::double")
def _cast_method(node):
    to = {"float": "float32", "int": "int32", "long": "int64", "bool": "bool",
          "half": "float16", "double": "float64"}[node.kind.split("::")[1]]
    return _expr(node.arg(0), to)


# ---- shapes and layout ----------------------------------------------------------------------
@converter("aten::size")
def _size(node):
    shape = _shape(node.arg(0))
    if node.arg(1) is None:
        return list(shape)
    return shape[_axis(node.arg(1), len(shape))]


@converter("aten::dim")
def _dim(node):
    return len(_shape(node.arg(0)))


@converter("aten::numel")
def _numel(node):
    return int(np.prod(_shape(node.arg(0)), dtype="int64"))


@converter("prim::dtype")
def _prim_dtype(node):
    inv = {v: k for k, v in _SCALAR_TYPES.items()}
    return inv[_dtype(node.arg(0))]


@converter("prim::device")
def _prim_device(node):
    return "cpu"


def _resolve_shape(node, shape, in_shape):
    shape = _ints(shape)
    total = int(np.prod(in_shape, dtype="int64"))
    if shape.count(-1) > 1:
        raise node.unsupported("shape", shape)
    if -1 in shape:
        known = int(np.prod([d for d in shape if d != -1], dtype="int64"))
        shape[shape.index(-1)] = total // known if known else 0
    if int(np.prod(shape, dtype="int64")) != total:
        raise _error.TVMValueError(
            f"{node.kind} ('{node.name}'): cannot reshape a tensor of shape {list(in_shape)} "
            f"to {shape}")
    return shape


@converter("aten::view", "aten::reshape", "aten::_reshape_alias", "aten::_unsafe_view")
def _reshape(node):
    x = node.arg(0)
    if _is_tensor(node.arg(1)) or _is_expr(node.arg(1)):
        raise node.unsupported("shape", "a tensor (dtype views are not supported)")
    return relay.reshape(_expr(x), _resolve_shape(node, node.arg(1), _shape(x)))


@converter("aten::view_as", "aten::reshape_as")
def _reshape_as(node):
    return relay.reshape(_expr(node.arg(0)), list(_shape(node.arg(1))))


@converter("aten::flatten")
def _flatten(node):
    x = node.arg(0)
    shape = list(_shape(x))
    if not shape:
        return relay.reshape(_expr(x), [1])
    start = _axis(node.arg("start_dim", 0), len(shape))
    end = _axis(node.arg("end_dim", -1), len(shape))
    new = shape[:start] + [int(np.prod(shape[start:end + 1], dtype="int64"))] + shape[end + 1:]
    return relay.reshape(_expr(x), new)


@converter("aten::unflatten")
def _unflatten(node):
    x = node.arg(0)
    shape = list(_shape(x))
    dim = _axis(node.arg(1), len(shape))
    sizes = _resolve_shape(node, node.arg(2), [shape[dim]])
    return relay.reshape(_expr(x), shape[:dim] + sizes + shape[dim + 1:])


@converter("aten::transpose", "aten::swapaxes")
def _transpose(node):
    x = node.arg(0)
    rank = len(_shape(x))
    perm = list(range(rank))
    a, b = _axis(node.arg(1), rank), _axis(node.arg(2), rank)
    perm[a], perm[b] = perm[b], perm[a]
    return relay.transpose(_expr(x), perm)


@converter("aten::t", "aten::numpy_T")
def _t(node):
    x = node.arg(0)
    if len(_shape(x)) < 2:
        return x
    return relay.transpose(_expr(x), list(range(len(_shape(x)) - 1, -1, -1)))


@converter("aten::permute")
def _permute(node):
    x = node.arg(0)
    rank = len(_shape(x))
    return relay.transpose(_expr(x), [_axis(d, rank) for d in _ints(node.arg(1))])


@converter("aten::unsqueeze", "aten::unsqueeze_")
def _unsqueeze(node):
    x = node.arg(0)
    return relay.expand_dims(_expr(x), _axis(node.arg(1), len(_shape(x)) + 1))


@converter("aten::squeeze", "aten::squeeze_")
def _squeeze(node):
    x = node.arg(0)
    shape = _shape(x)
    dim = node.arg(1)
    if dim is None:
        axes = [i for i, d in enumerate(shape) if d == 1]
    else:
        axes = [_axis(d, len(shape)) for d in (_ints(dim))]
        axes = [a for a in axes if shape[a] == 1]
    if not axes:
        return x
    return relay.squeeze(_expr(x), axes)


def _slice_expr(x, axis, begin, end, step=1):
    return relay.strided_slice(x, [begin], [end], [step], axes=[axis])


@converter("aten::select")
def _select(node):
    x = node.arg(0)
    shape = _shape(x)
    axis = _axis(node.arg(1), len(shape))
    index = _int(node.arg(2))
    if not -shape[axis] <= index < shape[axis]:
        raise _error.TVMIndexError(
            f"aten::select ('{node.name}'): index {index} is out of range for dimension "
            f"{axis} of size {shape[axis]}")
    index = index + shape[axis] if index < 0 else index
    return relay.squeeze(_slice_expr(_expr(x), axis, index, index + 1), [axis])


@converter("aten::slice")
def _slice(node):
    x = node.arg(0)
    shape = _shape(x)
    axis = _axis(node.arg("dim", 0), len(shape))
    n = shape[axis]
    start, end, step = node.arg("start"), node.arg("end"), node.arg("step", 1)
    start = 0 if start is None else _int(start)
    end = n if end is None else _int(end)
    step = _int(step)
    start = max(0, min(n, start + n if start < 0 else start))
    end = max(0, min(n, end + n if end < 0 else end))
    if start == 0 and end == n and step == 1:
        return x
    return _slice_expr(_expr(x), axis, start, max(start, end), step)


@converter("aten::narrow")
def _narrow(node):
    x = node.arg(0)
    axis = _axis(node.arg(1), len(_shape(x)))
    start = _int(node.arg(2))
    start = start + _shape(x)[axis] if start < 0 else start
    return _slice_expr(_expr(x), axis, start, start + _int(node.arg(3)))


def _split_sizes(x, axis, sizes):
    offsets = list(np.cumsum(sizes)[:-1])
    if len(sizes) == 1:
        return [x]
    out = relay.split(x, [int(o) for o in offsets], axis)
    return [out[i] for i in range(len(sizes))]


@converter("aten::chunk", "aten::unsafe_chunk")
def _chunk(node):
    x = node.arg(0)
    shape = _shape(x)
    axis = _axis(node.arg(2), len(shape))
    n, chunks = shape[axis], _int(node.arg(1))
    size = -(-n // chunks)
    sizes = [min(size, n - i) for i in range(0, n, size)]
    return _split_sizes(_expr(x), axis, sizes)


@converter("aten::split", "aten::split_with_sizes", "aten::unsafe_split")
def _split(node):
    x = node.arg(0)
    shape = _shape(x)
    axis = _axis(node.arg(2), len(shape))
    n = shape[axis]
    spec = node.arg(1)
    if isinstance(spec, (list, tuple)):
        sizes = _ints(spec)
    else:
        size = _int(spec)
        sizes = [min(size, n - i) for i in range(0, n, size)]
    return _split_sizes(_expr(x), axis, sizes)


@converter("aten::unbind")
def _unbind(node):
    x = node.arg(0)
    shape = _shape(x)
    axis = _axis(node.arg(1, 0), len(shape))
    parts = _split_sizes(_expr(x), axis, [1] * shape[axis])
    return [relay.squeeze(p, [axis]) for p in parts]


def _tensor_list(node, values):
    dtype = _result_dtype(values)
    return [_expr(v, dtype) for v in values]


@converter("aten::cat", "aten::concat", "aten::concatenate")
def _cat(node):
    values = [v for v in node.arg(0) if not (_shape(v) == (0,))]
    rank = len(_shape(values[0]))
    return relay.concatenate(_tensor_list(node, values), _axis(node.arg(1, 0), rank))


@converter("aten::stack")
def _stack(node):
    values = node.arg(0)
    rank = len(_shape(values[0])) + 1
    return relay.stack(_tensor_list(node, values), _axis(node.arg(1, 0), rank))


@converter("aten::expand")
def _expand(node):
    x = node.arg(0)
    shape = list(_shape(x))
    size = _ints(node.arg(1))
    shape = [1] * (len(size) - len(shape)) + shape
    out = [shape[i] if d == -1 else d for i, d in enumerate(size)]
    return relay.broadcast_to(_expr(x), out)


@converter("aten::expand_as")
def _expand_as(node):
    return relay.broadcast_to(_expr(node.arg(0)), list(_shape(node.arg(1))))


@converter("aten::repeat")
def _repeat(node):
    x = node.arg(0)
    reps = _ints(node.arg(1))
    shape = _shape(x)
    e = _expr(x)
    if len(reps) > len(shape):
        e = relay.reshape(e, [1] * (len(reps) - len(shape)) + list(shape))
    return relay.tile(e, reps)


@converter("aten::roll")
def _roll(node):
    x = _expr(node.arg(0))
    shape = _shape(x)
    shifts, dims = _ints(node.arg(1)), _ints(node.arg(2)) if node.arg(2) else []
    if not dims:
        flat = relay.reshape(x, [-1])
        n = int(np.prod(shape))
        s = shifts[0] % n
        rolled = relay.concatenate([_slice_expr(flat, 0, n - s, n),
                                    _slice_expr(flat, 0, 0, n - s)], 0)
        return relay.reshape(rolled, list(shape))
    for s, d in zip(shifts, dims):
        d = _axis(d, len(shape))
        n = shape[d]
        s %= n
        if s:
            x = relay.concatenate([_slice_expr(x, d, n - s, n), _slice_expr(x, d, 0, n - s)], d)
    return x


@converter("aten::index")
def _index(node):
    """x[idx] with one integer index tensor (None entries are full slices)."""
    x, indices = node.arg(0), node.arg(1)
    given = [(i, v) for i, v in enumerate(indices) if v is not None]
    if len(given) != 1:
        raise node.unsupported("indices", f"{len(given)} index tensors (one is supported)")
    axis, idx = given[0]
    if _dtype(idx) == "bool":
        raise node.unsupported("indices", "a boolean mask (data-dependent shape)")
    extent = _shape(x)[axis]
    if _is_tensor(idx):
        idx = _torch().where(idx < 0, idx + extent, idx)
    else:
        idx = relay.where(relay.less(_expr(idx), _const(0, _dtype(idx))),
                          relay.add(_expr(idx), _const(extent, _dtype(idx))), _expr(idx))
    return relay.take(_expr(x), _expr(idx), axis=axis)


@converter("aten::masked_fill", "aten::masked_fill_")
def _masked_fill(node):
    x, mask, value = node.arg(0), node.arg(1), node.arg(2)
    ex = _expr(x)
    return relay.where(_expr(mask, "bool"), _expr(value, _dtype(ex)), ex)


@converter("aten::where")
def _where(node):
    cond, a, b = node.arg(0), node.arg(1), node.arg(2)
    dtype = _result_dtype([a, b])
    return relay.where(_expr(cond, "bool"), _expr(a, dtype), _expr(b, dtype))


def _full(shape, value, dtype):
    return relay.full(_const(value, dtype), shape=list(shape), dtype=dtype)


@converter("aten::zeros_like", "aten::ones_like", "aten::full_like")
def _like(node):
    x = node.arg(0)
    dtype = _scalar_type(node, node.arg("dtype")) or _dtype(x)
    value = {"aten::zeros_like": 0, "aten::ones_like": 1}.get(node.kind)
    if value is None:
        value = node.arg(1)
    return _full(_shape(x), value, dtype)


@converter("aten::pad", "aten::constant_pad_nd")
def _pad(node):
    x = node.arg(0)
    pads = _ints(node.arg(1))
    mode = node.arg("mode", "constant") if node.kind == "aten::pad" else "constant"
    value = node.arg("value", 0.0)
    if mode != "constant":
        raise node.unsupported("mode", mode)
    rank = len(_shape(x))
    width = [[0, 0] for _ in range(rank)]
    for i in range(len(pads) // 2):
        width[rank - 1 - i] = [pads[2 * i], pads[2 * i + 1]]
    if any(p < 0 for w in width for p in w):
        raise node.unsupported("pad", pads)
    return relay.nn.pad(_expr(x), width, 0.0 if value is None else float(value))


# ---- reductions -----------------------------------------------------------------------------
def _reduce(fn):
    def convert(node):
        x = node.arg(0)
        dim = node.arg("dim")
        keep = bool(node.arg("keepdim", False))
        dtype = node.arg("dtype")
        ex = _expr(x)
        if dtype is not None:
            ex = _expr(ex, _scalar_type(node, dtype))
        elif fn in (relay.sum, relay.prod) and _category(_dtype(ex)) < 2:
            ex = _expr(ex, "int64")
        axes = None if dim is None or (isinstance(dim, list) and not dim) else \
            [_axis(d, len(_shape(x))) for d in _ints(dim)]
        return fn(ex, axis=axes, keepdims=keep)
    return convert


_CONVERTERS["aten::mean"] = _reduce(relay.mean)
_CONVERTERS["aten::sum"] = _reduce(relay.sum)
_CONVERTERS["aten::prod"] = _reduce(relay.prod)
_CONVERTERS["aten::amax"] = _reduce(relay.max)
_CONVERTERS["aten::amin"] = _reduce(relay.min)


@converter("aten::max", "aten::min")
def _max_min(node):
    x, dim = node.arg(0), node.arg(1)
    is_max = node.kind == "aten::max"
    if dim is None:
        return (relay.max if is_max else relay.min)(_expr(x))
    if _is_expr(dim) or _is_tensor(dim):  # the binary maximum / minimum
        return _binary(relay.maximum if is_max else relay.minimum)(node)
    keep = bool(node.arg(2, False))
    axis = _axis(dim, len(_shape(x)))
    ex = _expr(x)
    values = (relay.max if is_max else relay.min)(ex, axis=[axis], keepdims=keep)
    index = (relay.argmax if is_max else relay.argmin)(ex, axis=[axis], keepdims=keep)
    return [values, relay.cast(index, "int64")]


@converter("aten::argmax", "aten::argmin")
def _argmax(node):
    x, dim = _expr(node.arg(0)), node.arg(1)
    keep = bool(node.arg(2, False))
    fn = relay.argmax if node.kind == "aten::argmax" else relay.argmin
    if dim is None:
        out = fn(relay.reshape(x, [-1]), axis=[0], keepdims=False)
    else:
        out = fn(x, axis=[_axis(dim, len(_shape(x)))], keepdims=keep)
    return relay.cast(out, "int64")


@converter("aten::softmax", "aten::_softmax", "aten::log_softmax", "aten::_log_softmax")
def _softmax(node):
    x = _expr(node.arg(0))
    dtype = node.arg(2)
    if node.kind.startswith("aten::_"):
        dtype = None  # the third argument is half_to_float
    if dtype is not None:
        x = _expr(x, _scalar_type(node, dtype))
    axis = _axis(node.arg(1), len(_shape(x)))
    return _softmax_expr(x, axis, "log" in node.kind)


def _softmax_expr(x, axis, log=False):
    """(log-)softmax of `x` along `axis`."""
    fn = relay.nn.log_softmax if log else relay.nn.softmax
    return fn(x, axis=axis)


# ---- neural-network operators ---------------------------------------------------------------
@converter("aten::_convolution", "aten::_convolution_mode", "aten::conv1d", "aten::conv2d",
           "aten::conv3d", "aten::convolution", "aten::conv_transpose2d")
def _convolution(node):
    x, w, b = _expr(node.arg(0)), _expr(node.arg(1)), node.arg(2)
    wshape = _shape(w)
    n = len(wshape) - 2
    strides, padding, dilation = node.arg("stride"), node.arg("padding"), node.arg("dilation")
    transposed = bool(node.arg("transposed", node.kind == "aten::conv_transpose2d"))
    groups = _int(node.arg("groups", 1))
    if isinstance(padding, str):
        if padding == "valid":
            padding = [0] * n
        elif padding == "same" and all(s == 1 for s in _ints(strides)):
            dil = _ints(dilation) * (n if len(_ints(dilation)) == 1 else 1)
            total = [d * (k - 1) for d, k in zip(dil, wshape[2:])]
            padding = [t // 2 for t in total] + [t - t // 2 for t in total]
        else:
            raise node.unsupported("padding", padding)
    strides = _ints(strides)
    padding = _ints(padding)
    dilation = _ints(dilation)
    strides = strides * n if len(strides) == 1 else strides
    dilation = dilation * n if len(dilation) == 1 else dilation
    padding = padding * n if len(padding) == 1 else padding
    if n not in (1, 2, 3):
        raise node.unsupported("weight rank", len(wshape))
    if transposed:
        out_pad = _ints(node.arg("output_padding", [0] * n))
        out_pad = out_pad * n if len(out_pad) == 1 else out_pad
        if n != 2 or groups != 1:
            raise node.unsupported("transposed convolution with spatial rank / groups",
                                   (n, groups))
        out = relay.nn.conv2d_transpose(x, w, strides=strides, padding=padding,
                                        dilation=dilation, channels=wshape[1],
                                        kernel_size=list(wshape[2:]), output_padding=out_pad)
    else:
        fn = {1: relay.nn.conv1d, 2: relay.nn.conv2d, 3: relay.nn.conv3d}[n]
        out = fn(x, w, strides=strides, padding=padding, dilation=dilation, groups=groups,
                 channels=wshape[0], kernel_size=list(wshape[2:]))
    if b is not None:
        out = relay.nn.bias_add(out, _expr(b), axis=1)
    return out


@converter("aten::batch_norm")
def _batch_norm(node):
    x = _expr(node.arg(0))
    if node.arg("training"):
        raise node.unsupported("training", True)
    channels = _shape(x)[1]
    t = _dtype(x)
    w, b = node.arg(1), node.arg(2)
    mean, var = node.arg(3), node.arg(4)
    if mean is None or var is None:
        raise node.unsupported("running_mean/running_var", None)
    gamma = _expr(w) if w is not None else _full([channels], 1.0, t)
    beta = _expr(b) if b is not None else _full([channels], 0.0, t)
    return relay.nn.batch_norm(x, gamma, beta, _expr(mean), _expr(var), axis=1,
                               epsilon=float(node.arg("eps")))[0]


def _layer_norm_expr(x, n_axes, gamma, beta, eps):
    shape = _shape(x)
    t = _dtype(x)
    if n_axes > 1:
        inner = int(np.prod(shape[-n_axes:]))
        x = relay.reshape(x, list(shape[:-n_axes]) + [inner])
        gamma = relay.reshape(gamma, [inner]) if gamma is not None else None
        beta = relay.reshape(beta, [inner]) if beta is not None else None
    last = int(np.prod(shape[-n_axes:]))
    gamma = gamma if gamma is not None else _full([last], 1.0, t)
    beta = beta if beta is not None else _full([last], 0.0, t)
    out = relay.nn.layer_norm(x, gamma, beta, axis=-1, epsilon=eps)
    return relay.reshape(out, list(shape)) if n_axes > 1 else out


@converter("aten::layer_norm")
def _layer_norm(node):
    x = _expr(node.arg(0))
    n_axes = len(_ints(node.arg(1)))
    w, b = node.arg(2), node.arg(3)
    return _layer_norm_expr(x, n_axes, _expr(w) if w is not None else None,
                            _expr(b) if b is not None else None, float(node.arg("eps", 1e-5)))


@converter("aten::group_norm")
def _group_norm(node):
    x = _expr(node.arg(0))
    channels = _shape(x)[1]
    t = _dtype(x)
    w, b = node.arg(2), node.arg(3)
    gamma = _expr(w) if w is not None else _full([channels], 1.0, t)
    beta = _expr(b) if b is not None else _full([channels], 0.0, t)
    return relay.nn.group_norm(x, gamma, beta, num_groups=_int(node.arg(1)), axis=1,
                               epsilon=float(node.arg("eps", 1e-5)))


@converter("aten::instance_norm")
def _instance_norm(node):
    x = _expr(node.arg(0))
    if not node.arg("use_input_stats", True):
        raise node.unsupported("use_input_stats", False)
    channels = _shape(x)[1]
    t = _dtype(x)
    w, b = node.arg(1), node.arg(2)
    gamma = _expr(w) if w is not None else _full([channels], 1.0, t)
    beta = _expr(b) if b is not None else _full([channels], 0.0, t)
    return relay.nn.instance_norm(x, gamma, beta, axis=1, epsilon=float(node.arg("eps", 1e-5)))


def _dense(x, w, b=None):
    """x @ w.T + b for x of any rank >= 1 (w is (out, in))."""
    shape = _shape(x)
    flat = x
    if len(shape) == 1:
        flat = relay.expand_dims(x, 0)
    elif len(shape) > 2:
        flat = relay.reshape(x, [-1, shape[-1]])
    out = relay.nn.dense(flat, w)
    if b is not None:
        out = relay.add(out, b)  # on the 2-D product, so it fuses into the dense kernel
    if len(shape) == 1:
        return relay.squeeze(out, [0])
    if len(shape) > 2:
        return relay.reshape(out, list(shape[:-1]) + [_shape(w)[0]])
    return out


@converter("aten::linear")
def _linear(node):
    x, w, b = node.arg(0), node.arg(1), node.arg(2)
    return _dense(_expr(x), _expr(w), _expr(b) if b is not None else None)


def _matmul_expr(a, b):
    sa, sb = _shape(a), _shape(b)
    if len(sa) >= 1 and len(sb) == 2:
        return _dense(a, relay.transpose(b, [1, 0]))
    if len(sa) == 1 and len(sb) == 1:
        return relay.sum(relay.multiply(a, b))
    a_vec, b_vec = len(sa) == 1, len(sb) == 1
    if a_vec:
        a, sa = relay.expand_dims(a, 0), (1,) + sa
    if b_vec:
        b, sb = relay.expand_dims(b, 1), sb + (1,)
    batch = tuple(np.broadcast_shapes(sa[:-2], sb[:-2]))
    nb = int(np.prod(batch)) if batch else 1
    a3 = a if sa[:-2] == batch else relay.broadcast_to(a, batch + sa[-2:])
    b3 = b if sb[:-2] == batch else relay.broadcast_to(b, batch + sb[-2:])
    a3 = relay.reshape(a3, (nb,) + sa[-2:])
    b3 = relay.reshape(b3, (nb,) + sb[-2:])
    out = relay.nn.batch_matmul(a3, b3, transpose_b=False)
    shape = batch + (sa[-2], sb[-1])
    if a_vec:
        shape = shape[:-2] + shape[-1:]
    if b_vec:
        shape = shape[:-1]
    return relay.reshape(out, list(shape))


@converter("aten::matmul", "aten::mm", "aten::bmm")
def _matmul(node):
    a, b = node.arg(0), node.arg(1)
    dtype = _result_dtype([a, b])
    ea, eb = _expr(a, dtype), _expr(b, dtype)
    if node.kind == "aten::bmm":
        return relay.nn.batch_matmul(ea, eb, transpose_b=False)
    return _matmul_expr(ea, eb)


@converter("aten::addmm", "aten::baddbmm")
def _addmm(node):
    c, a, b = _expr(node.arg(0)), _expr(node.arg(1)), _expr(node.arg(2))
    beta, alpha = node.arg("beta", 1), node.arg("alpha", 1)
    t = _dtype(a)
    prod = relay.nn.batch_matmul(a, b, transpose_b=False) if node.kind == "aten::baddbmm" \
        else relay.nn.dense(a, relay.transpose(b, [1, 0]))
    if alpha != 1:
        prod = relay.multiply(prod, _const(alpha, t))
    if beta == 0:
        return prod
    if beta != 1:
        c = relay.multiply(c, _const(beta, t))
    return relay.add(c, prod)


@converter("aten::embedding")
def _embedding(node):
    w, idx = _expr(node.arg(0)), node.arg(1)
    return relay.take(w, _expr(idx, "int64") if not _is_expr(idx) else idx, axis=0)


def _pair(v, n=2):
    v = _ints(v)
    return v * n if len(v) == 1 else v


@converter("aten::max_pool2d", "aten::max_pool2d_with_indices")
def _max_pool2d(node):
    x = _expr(node.arg(0))
    kernel = _pair(node.arg(1))
    stride = _pair(node.arg(2)) if node.arg(2) else kernel
    padding, dilation = _pair(node.arg(3, [0])), _pair(node.arg(4, [1]))
    ceil = bool(node.arg(5, False))
    if node.kind.endswith("indices") and node.n_outputs > 1:
        raise node.unsupported("return_indices", True)
    return relay.nn.max_pool2d(x, kernel, stride, dilation, padding, ceil_mode=ceil)


@converter("aten::avg_pool2d")
def _avg_pool2d(node):
    x = _expr(node.arg(0))
    kernel = _pair(node.arg(1))
    stride = _pair(node.arg(2)) if node.arg(2) else kernel
    padding = _pair(node.arg(3, [0]))
    ceil = bool(node.arg(4, False))
    include_pad = bool(node.arg(5, True))
    if node.arg(6) is not None:
        raise node.unsupported("divisor_override", node.arg(6))
    return relay.nn.avg_pool2d(x, kernel, stride, (1, 1), padding, ceil_mode=ceil,
                               count_include_pad=include_pad)


@converter("aten::adaptive_avg_pool2d", "aten::adaptive_max_pool2d")
def _adaptive_pool2d(node):
    x = _expr(node.arg(0))
    size = _pair(node.arg(1))
    shape = _shape(x)
    is_max = "max" in node.kind
    if size == [1, 1]:
        out = relay.nn.global_max_pool2d(x) if is_max else relay.nn.global_avg_pool2d(x)
    elif list(shape[-2:]) == size:
        out = x
    else:
        fn = relay.nn.adaptive_max_pool2d if is_max else relay.nn.adaptive_avg_pool2d
        out = fn(x, size)
    if is_max and node.n_outputs > 1:
        raise node.unsupported("return_indices", True)
    return out


@converter("aten::channel_shuffle", "aten::native_channel_shuffle")
def _channel_shuffle(node):
    x = _expr(node.arg(0))
    groups = _int(node.arg(1))
    n, c, h, w = _shape(x)
    y = relay.reshape(x, [n, groups, c // groups, h, w])
    return relay.reshape(relay.transpose(y, [0, 2, 1, 3, 4]), [n, c, h, w])


@converter("aten::upsample_nearest2d", "aten::upsample_bilinear2d")
def _upsample(node):
    x = _expr(node.arg(0))
    shape = _shape(x)
    size = node.arg("output_size")
    bilinear = node.kind == "aten::upsample_bilinear2d"
    align = bool(node.arg("align_corners", False)) if bilinear else False
    scales = node.arg("scale_factors")
    if size is None:
        if scales is None:
            scales = [node.arg("scales_h"), node.arg("scales_w")]
        size = [int(math.floor(shape[2 + i] * float(s))) for i, s in enumerate(scales)]
    size = _ints(size)
    if bilinear:
        ctm = "align_corners" if align else "half_pixel"
        return relay.image.resize2d(x, size, layout="NCHW", method="linear",
                                    coordinate_transformation_mode=ctm)
    return relay.image.resize2d(x, size, layout="NCHW", method="nearest_neighbor",
                                coordinate_transformation_mode="asymmetric",
                                rounding_method="floor")


# ---- attention ------------------------------------------------------------------------------
def _attention(node, q, k, v, num_heads, mask, mask_type, scale=None):
    """Multi-head attention core on batch-first (B, L, E) projected q and (B, S, E) k, v.

    Returns the (B, L, E) output and the (B, H, L, S) attention probabilities.
    """
    b, l, e = _shape(q)
    s = _shape(k)[1]
    h = num_heads
    d = e // h
    t = _dtype(q)

    def heads(x, n):
        return relay.reshape(relay.transpose(relay.reshape(x, [b, n, h, d]), [0, 2, 1, 3]),
                             [b * h, n, d])

    qh = relay.multiply(heads(q, l), _const(scale if scale is not None else 1 / math.sqrt(d), t))
    scores = relay.nn.batch_matmul(qh, heads(k, s), transpose_b=True)  # (B*H, L, S)
    if mask is not None:
        scores = relay.reshape(scores, [b, h, l, s])
        mshape = _shape(mask)
        if mask_type == 1 or (mask_type is None and mshape == (b, s) and (b, s) != (l, s)):
            m = relay.reshape(_expr(mask), [b, 1, 1, s])
        elif mask_type == 0 or mshape == (l, s):
            m = relay.reshape(_expr(mask), [1, 1, l, s])
        elif len(mshape) == 4 or mask_type == 2:
            m = _expr(mask)
        else:
            raise node.unsupported("mask shape", list(mshape))
        if _dtype(m) == "bool":
            scores = relay.where(m, _const(-np.inf, t), scores)
        else:
            scores = relay.add(scores, _expr(m, t))
        scores = relay.reshape(scores, [b * h, l, s])
    probs = _softmax_expr(scores, 2)
    out = relay.nn.batch_matmul(probs, heads(v, s), transpose_b=False)  # (B*H, L, D)
    out = relay.reshape(relay.transpose(relay.reshape(out, [b, h, l, d]), [0, 2, 1, 3]),
                        [b, l, e])
    return out, relay.reshape(probs, [b, h, l, s])


def _qkv(q, k, v, w, bias, e):
    """The input projections: one dense for self-attention, three otherwise."""
    if q.same_as(k) and k.same_as(v):
        qkv = _dense(q, w, bias)
        parts = _split_sizes(qkv, len(_shape(q)) - 1, [e, e, e])
        return parts
    out = []
    for i, x in enumerate((q, k, v)):
        wi = relay.strided_slice(w, [i * e], [(i + 1) * e], axes=[0])
        bi = relay.strided_slice(bias, [i * e], [(i + 1) * e], axes=[0]) \
            if bias is not None else None
        out.append(_dense(x, wi, bi))
    return out


@converter("aten::_native_multi_head_attention")
def _native_mha(node):
    q, k, v = (_expr(node.arg(i)) for i in range(3))
    e, h = _int(node.arg("embed_dim")), _int(node.arg("num_head"))
    w, bias = _expr(node.arg("qkv_weight")), _expr(node.arg("qkv_bias"))
    unbatched = len(_shape(q)) == 2
    if unbatched:
        q, k, v = (relay.expand_dims(x, 0) for x in (q, k, v))
    pq, pk, pv = _qkv(q, k, v, w, bias, e)
    out, probs = _attention(node, pq, pk, pv, h, node.arg("mask"), node.arg("mask_type"))
    out = _dense(out, _expr(node.arg("proj_weight")), _expr(node.arg("proj_bias")))
    if node.arg("need_weights", True):
        if node.arg("average_attn_weights", True):
            probs = relay.mean(probs, axis=[1])
    else:
        probs = relay.zeros([0], _dtype(out))
    if unbatched:
        out = relay.squeeze(out, [0])
    return [out, probs]


@converter("aten::_transformer_encoder_layer_fwd")
def _transformer_encoder_layer(node):
    src = _expr(node.arg("src"))
    e, h = _int(node.arg("embed_dim")), _int(node.arg("num_heads"))
    eps = float(node.arg("eps"))
    norm_first = bool(node.arg("norm_first"))

    def norm(x, i):
        return _layer_norm_expr(x, 1, _expr(node.arg(f"norm_weight_{i}")),
                                _expr(node.arg(f"norm_bias_{i}")), eps)

    x = norm(src, 1) if norm_first else src
    pq, pk, pv = _qkv(x, x, x, _expr(node.arg("qkv_weight")), _expr(node.arg("qkv_bias")), e)
    attn, _ = _attention(node, pq, pk, pv, h, node.arg("mask"), node.arg("mask_type"))
    attn = _dense(attn, _expr(node.arg("proj_weight")), _expr(node.arg("proj_bias")))
    x = relay.add(src, attn)
    if not norm_first:
        x = norm(x, 1)
    residual = x
    y = norm(x, 2) if norm_first else x
    y = _dense(y, _expr(node.arg("ffn_weight_1")), _expr(node.arg("ffn_bias_1")))
    if node.arg("use_gelu"):
        t = _dtype(y)
        y = relay.multiply(y, relay.add(_const(0.5, t), relay.multiply(
            _const(0.5, t), relay.erf(relay.multiply(y, _const(1 / math.sqrt(2), t))))))
    else:
        y = relay.nn.relu(y)
    y = _dense(y, _expr(node.arg("ffn_weight_2")), _expr(node.arg("ffn_bias_2")))
    out = relay.add(residual, y)
    return norm(out, 2) if not norm_first else out


# ---- prim nodes -----------------------------------------------------------------------------
@converter("prim::ListConstruct", "prim::TupleConstruct")
def _list_construct(node):
    return list(node.args) if node.kind == "prim::ListConstruct" else tuple(node.args)


@converter("prim::ListUnpack", "prim::TupleUnpack")
def _list_unpack(node):
    values = list(node.arg(0))
    if len(values) != node.n_outputs:
        raise _error.TVMValueError(f"{node.kind} ('{node.name}'): {len(values)} values for "
                                   f"{node.n_outputs} outputs")
    return values


@converter("prim::TupleIndex", "aten::__getitem__", "prim::ListIndex")
def _getitem(node):
    return node.arg(0)[_int(node.arg(1))]


@converter("aten::len")
def _len(node):
    return len(node.arg(0))


@converter("prim::NumToTensor", "aten::scalar_tensor")
def _num_to_tensor(node):
    v = node.arg(0)
    return v if _is_expr(v) else _torch().tensor(v)


@converter("aten::Int", "aten::Float", "aten::Bool", "aten::ScalarImplicit", "prim::Float",
           "prim::Int")
def _scalar_of(node):
    v = node.arg(0)
    if _is_expr(v):
        raise node.unsupported("input", "a tensor computed at run time (data-dependent scalar)")
    return v


# ---- the importer ---------------------------------------------------------------------------
class _Attr:
    """A submodule (or the module itself) reached through prim::GetAttr, with its path."""

    def __init__(self, obj, path):
        self.obj = obj
        self.path = path


def _parse_input_infos(input_infos, graph_inputs, default_dtype):
    """[(name, shape, dtype)] from Apache TVM's input_infos forms, checked."""
    expected = [i.debugName() for i in graph_inputs]
    if not isinstance(input_infos, (list, tuple)):
        raise _error.TVMTypeError(
            "from_pytorch: input_infos must be a list of (name, shape) or "
            f"(name, (shape, dtype)) pairs, found {type(input_infos).__name__}")
    if len(input_infos) != len(graph_inputs):
        raise _error.TVMValueError(
            f"from_pytorch: the module takes {len(graph_inputs)} input(s) ({', '.join(expected)})"
            f" but input_infos describes {len(input_infos)}")
    out = []
    for i, info in enumerate(input_infos):
        if not isinstance(info, (list, tuple)) or len(info) != 2 or not isinstance(info[0], str):
            raise _error.TVMTypeError(
                f"from_pytorch: input_infos[{i}] must be (name, shape) or (name, (shape, dtype)),"
                f" found {info!r}")
        name, spec = info
        dtype = default_dtype
        if isinstance(spec, (list, tuple)) and len(spec) == 2 and \
                isinstance(spec[1], str) and isinstance(spec[0], (list, tuple)):
            spec, dtype = spec
        shape = spec
        if isinstance(shape, int):
            raise _error.TVMTypeError(
                f"from_pytorch: the shape of input '{name}' must be a list or tuple of ints, "
                f"found the int {shape!r}")
        if not isinstance(shape, (list, tuple)) or not all(
                isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 0
                for d in shape):
            raise _error.TVMTypeError(
                f"from_pytorch: the shape of input '{name}' must be a list or tuple of "
                f"non-negative ints, found {shape!r}")
        try:
            dtype = str(np.dtype(dtype)) if dtype != "bfloat16" else dtype
        except TypeError as err:
            raise _error.TVMTypeError(
                f"from_pytorch: the dtype of input '{name}' is not a dtype: {dtype!r}") from err
        if any(name == o[0] for o in out):
            raise _error.TVMValueError(f"from_pytorch: input name '{name}' is given twice")
        out.append((name, [int(d) for d in shape], dtype))
    return out


class PyTorchImporter:
    """Builds (mod, params) from a TorchScript module's inlined graph."""

    def __init__(self, module, input_infos, default_dtype, custom_convert_map,
                 use_parser_friendly_name):
        self.module = module
        self.input_infos = input_infos
        self.default_dtype = default_dtype
        self.converters = dict(_CONVERTERS)
        self.custom = dict(custom_convert_map or {})
        self.friendly = use_parser_friendly_name
        self.values = {}
        self.params = {}
        self.param_vars = {}

    # -- names and parameters
    def _param_name(self, name):
        return name.replace(".", "_") if self.friendly else name

    def _get_attr(self, node, owner):
        attr = node.s("name")
        obj, path = owner.obj, owner.path
        value = getattr(obj, attr)
        full = f"{path}.{attr}" if path else attr
        torch = _torch()
        if isinstance(value, torch.Tensor):
            name = self._param_name(full)
            if name not in self.param_vars:
                array = value.detach().cpu().numpy()
                self.params[name] = tvm.nd.array(array)
                self.param_vars[name] = relay.var(name, shape=array.shape, dtype=str(array.dtype))
            return self.param_vars[name]
        if isinstance(value, (int, float, bool, str)) or value is None:
            return value
        return _Attr(value, full)

    # -- checks
    def _unsupported_kinds(self, graph):
        """Op kinds with no converter whose inputs are not all constants."""
        const = set()
        missing = set()
        for n in graph.nodes():
            kind = n.kind()
            if kind == "prim::Constant":
                const.update(o.unique() for o in n.outputs())
                continue
            if kind == "prim::GetAttr":
                continue
            if list(n.blocks()):
                missing.add(f"{kind} (control flow)")
                continue
            ins = [i.unique() for i in n.inputs()]
            all_const = all(i in const for i in ins)
            if kind in _SHAPE_QUERIES or kind in _SHAPE_ONLY or \
                    (all_const and kind not in _NO_FOLD):
                const.update(o.unique() for o in n.outputs())
            if kind in self.custom or kind in self.converters:
                continue
            if not (kind in _SHAPE_ONLY or all_const and kind not in _NO_FOLD and
                    kind.startswith("aten::")):
                missing.add(kind)
        return sorted(missing)

    # -- node evaluation
    def _fold(self, node, args):
        """Evaluate an aten node whose inputs are all constants with torch itself."""
        torch = _torch()
        schema = _schema(node)
        if schema is None:
            return None
        name = schema.name.split("::")[1]
        packet = getattr(torch.ops.aten, name, None)
        if packet is None:
            return None
        fn = getattr(packet, schema.overload_name or "default", None)
        if fn is None:
            return None
        pos, kw = [], {}
        for a, v in zip(schema.arguments, args):
            if a.kwarg_only:
                kw[a.name] = v
            else:
                pos.append(v)
        out = fn(*pos, **kw)
        if node.outputsSize() > 1:
            return list(out)
        return out

    def _constant(self, node):
        out = node.output()
        if not node.attributeNames():
            return None
        ty = out.type().kind()
        kind = node.kindOf("value")
        if kind == "t":
            return node.t("value")
        if kind == "i":
            v = node.i("value")
            return bool(v) if ty == "BoolType" else v
        if kind == "f":
            return node.f("value")
        if kind == "s":
            return node.s("value")
        if kind == "ival":
            return node.ival("value")
        return node.output().toIValue()

    def _is_const(self, v):
        if _is_expr(v) or isinstance(v, _Attr):
            return False
        if isinstance(v, (list, tuple)):
            return all(self._is_const(x) for x in v)
        return True

    def _convert_node(self, node, name):
        kind = node.kind()
        args = [self.values[i.unique()] for i in node.inputs()]
        if kind in self.custom:
            return self.custom[kind](node, args, name)
        if kind in _SHAPE_ONLY and _is_expr(args[0]):
            torch = _torch()
            args = [torch.empty(_shape(args[0]), dtype=getattr(torch, _dtype(args[0])))] + \
                args[1:]
        if kind not in _NO_FOLD and kind.startswith("aten::") and \
                all(self._is_const(a) for a in args):
            folded = self._fold(node, args)
            if folded is not None:
                return folded
        return self.converters[kind](Node(node, name, args, self))

    def _tag(self, value, name, memo):
        """`value` with every untagged call in it given the span `name`."""
        if isinstance(value, list):
            return [self._tag(v, name, memo) for v in value]
        if not _is_expr(value):
            return value
        if value in memo:
            return memo[value]
        out = value
        span = tvm.ir.Span(name, 0, 0, 0, 0)
        if isinstance(value, relay.Call) and value.span is None:
            out = relay.Call(value.op, [self._tag(a, name, memo) for a in value.args],
                             value.attrs, list(value.type_args), span)
        elif isinstance(value, relay.Tuple) and value.span is None:
            out = relay.Tuple([self._tag(f, name, memo) for f in value.fields], span)
        elif isinstance(value, relay.TupleGetItem) and value.span is None:
            out = relay.TupleGetItem(self._tag(value.tuple_value, name, memo), value.index, span)
        memo[value] = out
        return out

    def run(self):
        torch = _torch()
        graph = self.module.graph.copy()
        torch._C._jit_pass_inline(graph)
        inputs = list(graph.inputs())
        if inputs and inputs[0].type().kind() == "ClassType":
            self.values[inputs[0].unique()] = _Attr(self.module, "")
            inputs = inputs[1:]
        data_inputs = inputs
        infos = _parse_input_infos(self.input_infos, data_inputs, self.default_dtype)
        missing = self._unsupported_kinds(graph)
        if missing:
            raise _error.OpNotImplemented(
                "The following operators are not supported for frontend PyTorch: " +
                ", ".join(missing))
        input_vars = []
        for value, (name, shape, dtype) in zip(data_inputs, infos):
            var = relay.var(name, shape=shape, dtype=dtype)
            input_vars.append(var)
            self.values[value.unique()] = var
        counters = {}
        for node in graph.nodes():
            kind = node.kind()
            index = counters.get(kind, 0)
            counters[kind] = index + 1
            name = f"{kind}_{index}"
            if kind == "prim::GetAttr":
                owner = self.values[node.input().unique()]
                self.values[node.output().unique()] = self._get_attr(node, owner)
                continue
            if kind == "prim::Constant":
                self.values[node.output().unique()] = self._constant(node)
                continue
            try:
                out = self._convert_node(node, name)
            except _error.OpError:
                raise
            except (ValueError, TypeError, IndexError, KeyError, tvm.error.TVMError) as err:
                raise type(err)(f"converting {name}: {err}") from err
            except RuntimeError as err:  # torch's own errors while folding
                raise _error.TVMValueError(f"converting {name}: {err}") from err
            out = self._tag(out, name, {})
            outs = out if node.outputsSize() > 1 else [out]
            if len(outs) != node.outputsSize():
                raise _error.InternalError(f"{name}: {len(outs)} results for "
                                           f"{node.outputsSize()} outputs")
            for o, v in zip(node.outputs(), outs):
                self.values[o.unique()] = v
            # In-place ops: later uses of the mutated input see the result.
            if kind.endswith("_") and not kind.endswith("__") and node.inputsSize() > 0 and \
                    node.outputsSize() == 1 and _is_expr(out):
                self.values[node.inputsAt(0).unique()] = out
        results = [self.values[v.unique()] for v in graph.return_node().inputs()]
        flat = []

        def flatten(v):
            if isinstance(v, (list, tuple)):
                for x in v:
                    flatten(x)
            else:
                flat.append(_expr(v))
        for r in results:
            flatten(r)
        body = flat[0] if len(flat) == 1 else relay.Tuple(flat)
        free = relay.analysis.free_vars(body)
        used = {v.name_hint for v in free}
        params = input_vars + [self.param_vars[n] for n in self.param_vars if n in used]
        func = relay.Function(params, body)
        self.params = {k: v for k, v in self.params.items() if k in used}
        return tvm.IRModule.from_expr(func), self.params


def from_pytorch(script_module, input_infos, custom_convert_map=None, default_dtype="float32",
                 use_parser_friendly_name=False, keep_quantized_weight=False,
                 export_renamed_c_graph_path=None):
    """Import a TorchScript module (torch.jit.trace / torch.jit.script) into Relay.

    input_infos: one (name, shape) or (name, (shape, dtype)) per graph input, in order.
    custom_convert_map: {op kind: fn(node, inputs, name) -> Relay expr} for extra operators.
    Returns (mod, params): weights and buffers are parameters of main, their values in params.
    """
    torch = _torch()
    if not isinstance(script_module, (torch.jit.ScriptModule, torch.jit.ScriptFunction)) or \
            not hasattr(script_module, "graph"):
        raise _error.TVMTypeError(
            "from_pytorch: expected a TorchScript module (torch.jit.trace or torch.jit.script),"
            f" found {type(script_module).__name__}")
    if keep_quantized_weight:
        raise _error.OpAttributeUnImplemented(
            "from_pytorch: keep_quantized_weight=True (quantized models) is not supported")
    del export_renamed_c_graph_path
    importer = PyTorchImporter(script_module, input_infos, default_dtype, custom_convert_map,
                               use_parser_friendly_name)
    return importer.run()

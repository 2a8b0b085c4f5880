"""Symbolic shapes for the ONNX importer: shape computations on dimensions known only at run
time, evaluated while importing.

Models exported with dynamic axes compute the shape operands of Reshape and friends from the
input's shape: ``Shape(x) -> Gather -> Mul -> Unsqueeze -> Concat -> Reshape``. Relay types
show such a dimension as ``?``, which carries no identity, so two ``?`` cannot be told equal.
This module keeps, beside the Relay graph,

- the *dimensions* of ONNX tensors, each an int or a ``tir`` expression of symbols: a graph
  input's open dimension is the symbol of its ``dim_param`` (the same name in two inputs is
  the same symbol); ops propagate them (elementwise broadcasting, Transpose, MatMul, Gemm,
  Slice, Reshape, reductions, ...), and any other op gives fresh symbols for its ``?``;
- the *values* of the small int64 tensors computed from shapes (Shape, Gather, Unsqueeze,
  Squeeze, Concat, Slice, Cast, Identity, Add, Sub, Mul, Div, ReduceProd), as numpy object
  arrays of ints and symbolic expressions.

A consumer such as Reshape then turns a symbolic target into a static form: an entry equal to
the input's dimension at the same axis copies it (0), the one remaining unknown entry is
inferred (-1). A value that is not fully known is a placeholder variable in the Relay graph:
when it is used as data (not as a shape operand), the import fails naming the node.
"""
import numpy as np

import tvm
from tvm import relay, tir

from .common import DynamicDim, infer_shape

VALUE_OPS = {"Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Slice", "Cast", "Identity",
             "Add", "Sub", "Mul", "Div", "ReduceProd", "Size"}


class SymbolicShapes:
    """The dimensions and shape values of one import (see the module docstring)."""

    def __init__(self):
        self.analyzer = tvm.arith.Analyzer()
        self.symbols = {}
        self.dims_of = {}
        self.values = {}
        self.placeholders = {}
        self.producer = {}
        self._fresh = 0

    # ---- symbols ------------------------------------------------------------------------
    def _new(self, name):
        """A symbol for a dimension: at least 1 (so x // x simplifies to 1)."""
        var = tir.Var(name, "int64")
        self.analyzer.update(var, tvm.arith.ConstIntBound(1, tvm.arith.ConstIntBound.POS_INF))
        return var

    def symbol(self, name):
        """The symbol of a named dimension (a graph input's dim_param)."""
        if name not in self.symbols:
            self.symbols[name] = self._new(name)
        return self.symbols[name]

    def fresh(self):
        self._fresh += 1
        return self._new(f"d{self._fresh}")

    def simplify(self, v):
        if isinstance(v, (int, np.integer)):
            return int(v)
        v = self.analyzer.simplify(v)
        return int(v.value) if isinstance(v, tir.IntImm) else v

    def equal(self, a, b):
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        diff = self.simplify(tir.const(a, "int64") - b if isinstance(a, int) else a - b)
        return isinstance(diff, int) and diff == 0

    def multiple(self, t, e):
        """The int k >= 1 with t == e * k, or None."""
        if self.equal(t, e):
            return 1
        t = self.simplify(t)
        if isinstance(t, tir.Mul):
            for x, y in ((t.a, t.b), (t.b, t.a)):
                if isinstance(y, tir.IntImm) and y.value >= 1 and self.equal(x, e):
                    return int(y.value)
        return None

    # ---- dimensions ---------------------------------------------------------------------
    def set_input(self, name, tensor_type, shape):
        """A graph input's dimensions: given ints, else the model's (dim_param symbols)."""
        dims = []
        proto_dims = list(tensor_type.shape.dim) if tensor_type is not None else []
        for k, d in enumerate(shape):
            if isinstance(d, int):
                dims.append(int(d))
            elif k < len(proto_dims) and proto_dims[k].dim_param:
                dims.append(self.symbol(proto_dims[k].dim_param))
            else:
                dims.append(self.symbol(f"{name}.{k}"))
        self.dims_of[name] = dims

    def record(self, node, outputs):
        """Remember which node produced `outputs` (dimensions are derived on demand)."""
        for k, name in enumerate(outputs):
            if name:
                self.producer[name] = (node, k)

    def dims(self, name, expr):
        """The dimensions of ONNX tensor `name` (its Relay expression `expr`)."""
        if name not in self.dims_of:
            self.dims_of[name] = self._derive(name, expr)
        return self.dims_of[name]

    def _from_type(self, expr):
        return [self.fresh() if isinstance(d, DynamicDim) else int(d) for d in infer_shape(expr)]

    def _derive(self, name, expr):
        if name not in self.producer:
            return self._from_type(expr)
        node, k = self.producer[name]
        inputs = node.proto.input
        nodes = node.importer.nodes

        def dims_in(i):
            return self.dims(inputs[i], nodes[inputs[i]])

        rule = _RULES.get(node.op_type)
        if rule is not None and k == 0:
            try:
                out = rule(self, node, dims_in)
            except (KeyError, IndexError, ValueError, TypeError):
                out = None
            static = self._from_type(expr)
            if out is not None and len(out) == len(static):
                # Where the type knows a dimension, it wins.
                return [s if isinstance(s, int) else self.simplify(o)
                        for o, s in zip(out, static)]
        return self._from_type(expr)

    def broadcast(self, *shapes):
        rank = max(len(s) for s in shapes)
        out = []
        for axis in range(rank):
            cands = [s[axis - rank + len(s)] for s in shapes if axis - rank + len(s) >= 0]
            known = [c for c in cands if not (isinstance(c, int) and c == 1)]
            out.append(known[0] if known else 1)
        return out

    # ---- values -------------------------------------------------------------------------
    def value(self, name, expr):
        """The value of an int tensor as a numpy object array, or None when not known."""
        if name in self.values:
            return self.values[name]
        if isinstance(expr, relay.Constant):
            v = expr.data.numpy()
            if v.dtype.kind in "iu":
                return v.astype(object)
        return None

    def evaluate(self, node, exprs):
        """The value of a shape computation's output from its inputs' values, or None."""
        out = self._evaluate(node, exprs)
        return None if out is None else _objects(out)

    def _evaluate(self, node, exprs):
        op = node.op_type
        names = list(node.proto.input)
        if op == "Shape":
            dims = self.dims(names[0], exprs[0])
            start, end = node.attr("start", 0), node.attr("end", None)
            picked = dims[start:end] if end is not None else dims[start:]
            out = np.empty(len(picked), dtype=object)
            out[:] = picked
            return out
        if op == "Size":
            return self.simplify(_product(self.dims(names[0], exprs[0])))
        vals = [self.value(n, e) if n else None for n, e in zip(names, exprs)]
        if vals[0] is None or any(v is None for n, v in zip(names, vals) if n):
            return None
        v = vals[0]
        if op in ("Identity", "Cast"):
            if op == "Cast" and node.attr("to") not in (6, 7):  # int32, int64
                return None
            return v
        if op == "Gather":
            return np.take(v, np.asarray(vals[1]).astype("int64"), axis=node.attr("axis", 0))
        if op == "Unsqueeze":
            axes = node.attr("axes") if node.opset < 13 else list(vals[1])
            out = v
            for a in sorted(int(a) % (v.ndim + len(axes)) for a in axes):
                out = np.expand_dims(out, a)
            return out
        if op == "Squeeze":
            axes = node.attr("axes") if node.opset < 13 else (
                list(vals[1]) if len(vals) > 1 and vals[1] is not None else None)
            return np.squeeze(v, axis=None if axes is None else tuple(int(a) for a in axes))
        if op == "Concat":
            return np.concatenate(vals, axis=node.attr("axis", 0))
        if op == "Slice" and v.ndim == 1 and len(vals) >= 3:
            starts, ends = [int(x) for x in vals[1]], [int(x) for x in vals[2]]
            steps = [int(x) for x in vals[4]] if len(vals) > 4 and vals[4] is not None else [1]
            if len(starts) != 1 or len(ends) != 1:
                return None
            return v[slice(starts[0], ends[0], steps[0])]
        if op == "ReduceProd" and v.ndim == 1:
            return self.simplify(_product(v))
        if op in ("Add", "Sub", "Mul", "Div"):
            fn = {"Add": lambda a, b: a + b, "Sub": lambda a, b: a - b,
                  "Mul": lambda a, b: a * b, "Div": _floordiv}[op]
            return np.frompyfunc(lambda a, b: self.simplify(fn(_expr(a), _expr(b))), 2, 1)(
                v, vals[1])
        return None

    def placeholder(self, name, value):
        """A Relay variable standing for a value known only symbolically."""
        var = relay.var(f"shape_value:{name}", shape=value.shape, dtype="int64")
        self.values[name] = value
        self.placeholders[var.name_hint] = name
        return var


def _objects(x):
    """x (an array, or one int / expression) as a numpy object array."""
    if isinstance(x, np.ndarray):
        return x.astype(object)
    out = np.empty((), dtype=object)
    out[()] = x
    return out


def _expr(v):
    return tir.const(int(v), "int64") if isinstance(v, (int, np.integer)) else v


def _floordiv(a, b):
    """a // b of dimensions (non-negative: ONNX's truncating division is floor division),
    with (x * m) // c = x * (m / c) when c divides m, which the simplifier leaves alone."""
    if isinstance(a, (int, np.integer)) and isinstance(b, (int, np.integer)):
        return int(a) // int(b)
    num, den = _monomial(a), _monomial(b)
    if num is not None and den is not None and den[0] != 0 and num[0] % den[0] == 0 and \
            all(num[1].get(v, 0) >= k for v, k in den[1].items()):
        # Products of symbols and ints: cancel the common factors.
        out = tir.const(num[0] // den[0], "int64")
        for v, k in num[1].items():
            for _ in range(k - den[1].get(v, 0)):
                out = out * v
        return out
    if isinstance(b, (int, np.integer)) or isinstance(b, tir.IntImm):
        c = int(b)
        if c == 1:
            return a
        if isinstance(a, tir.Mul):
            for x, y in ((a.a, a.b), (a.b, a.a)):
                if isinstance(y, tir.IntImm) and y.value % c == 0:
                    return x * (y.value // c) if y.value != c else x
    return tir.floordiv(_expr(a), _expr(b))


def _monomial(e):
    """(int coefficient, {symbol: power}) of a product of symbols and ints, else None."""
    if isinstance(e, (int, np.integer)):
        return int(e), {}
    if isinstance(e, tir.IntImm):
        return int(e.value), {}
    if isinstance(e, tir.Var):
        return 1, {e: 1}
    if isinstance(e, tir.Mul):
        x, y = _monomial(e.a), _monomial(e.b)
        if x is None or y is None:
            return None
        powers = dict(x[1])
        for v, k in y[1].items():
            powers[v] = powers.get(v, 0) + k
        return x[0] * y[0], powers
    return None


def _product(values):
    out = tir.const(1, "int64")
    for v in values:
        out = out * _expr(v)
    return out


# ---- dimension rules: op -> output 0's dimensions from the inputs' ----------------------------
def _same(sym, node, dims_in):
    return list(dims_in(0))


def _broadcast(sym, node, dims_in):
    return sym.broadcast(*[dims_in(i) for i, n in enumerate(node.proto.input) if n])


def _transpose(sym, node, dims_in):
    d = dims_in(0)
    perm = node.attr("perm") or list(reversed(range(len(d))))
    return [d[p] for p in perm]


def _matmul(sym, node, dims_in):
    a, b = list(dims_in(0)), list(dims_in(1))
    if len(a) < 2 or len(b) < 2:
        raise ValueError("vector operands")
    batch = sym.broadcast(a[:-2], b[:-2]) if a[:-2] or b[:-2] else []
    return batch + [a[-2], b[-1]]


def _gemm(sym, node, dims_in):
    a, b = dims_in(0), dims_in(1)
    m = a[1] if node.attr("transA", 0) else a[0]
    n = b[0] if node.attr("transB", 0) else b[1]
    return [m, n]


def _slice(sym, node, dims_in):
    """Slicing keeps the dimensions it does not cut (and any it takes whole)."""
    d = list(dims_in(0))
    names, nodes = node.proto.input, node.importer.nodes
    if node.opset < 10:
        starts, ends, axes = node.attr("starts"), node.attr("ends"), node.attr("axes")
        steps = None
    else:
        vals = [sym.value(n, nodes[n]) if n else None for n in names[1:]]
        starts, ends = vals[0], vals[1]
        axes = vals[2] if len(vals) > 2 else None
        steps = vals[3] if len(vals) > 3 else None
    axes = list(range(len(starts))) if axes is None else [int(a) % len(d) for a in axes]
    steps = [1] * len(axes) if steps is None else list(steps)
    for a, s, e, st in zip(axes, starts, ends, steps):
        whole = isinstance(s, (int, np.integer)) and int(s) == 0 and int(st) == 1 and (
            (isinstance(e, (int, np.integer)) and int(e) >= 2 ** 31 - 1) or
            (not isinstance(e, (int, np.integer)) and sym.equal(e, d[a])))
        if not whole:
            d[a] = sym.fresh() if not isinstance(d[a], int) else d[a]
    return d


def _reshape(sym, node, dims_in):
    resolved = node.importer.reshape_dims.get(node.proto.output[0])
    if resolved is None:
        raise ValueError("no symbolic target")
    return resolved


def _reduce(sym, node, dims_in):
    d = list(dims_in(0))
    axes = node.attr("axes")
    if axes is None and len(node.proto.input) > 1 and node.proto.input[1]:
        v = sym.value(node.proto.input[1], node.importer.nodes[node.proto.input[1]])
        axes = None if v is None else [int(a) for a in v]
    axes = list(range(len(d))) if not axes else [int(a) % len(d) for a in axes]
    if node.attr("keepdims", 1):
        return [1 if i in axes else x for i, x in enumerate(d)]
    return [x for i, x in enumerate(d) if i not in axes]


def _unsqueeze(sym, node, dims_in):
    d = list(dims_in(0))
    axes = node.attr("axes") if node.opset < 13 else [
        int(a) for a in sym.value(node.proto.input[1], node.importer.nodes[node.proto.input[1]])]
    rank = len(d) + len(axes)
    for a in sorted(int(a) % rank for a in axes):
        d.insert(a, 1)
    return d


def _concat(sym, node, dims_in):
    parts = [dims_in(i) for i, n in enumerate(node.proto.input) if n]
    axis = node.attr("axis") % len(parts[0])
    out = list(parts[0])
    for p in parts[1:]:
        out[axis] = _expr(out[axis]) + _expr(p[axis])
    return out


_RULES = {op: _same for op in (
    "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Neg", "Abs", "Erf", "Cast", "Identity",
    "Softmax", "LogSoftmax", "LayerNormalization", "Dropout", "Clip", "LeakyRelu", "Gelu",
    "Reciprocal", "Floor", "Ceil", "Round", "Not", "Softplus", "HardSigmoid", "Elu",
    "BatchNormalization", "InstanceNormalization", "CastLike", "Sin", "Cos", "IsNaN")}
_RULES.update({op: _broadcast for op in (
    "Add", "Sub", "Mul", "Div", "Pow", "Equal", "Less", "Greater", "LessOrEqual",
    "GreaterOrEqual", "And", "Or", "Xor", "Where", "Max", "Min", "Sum", "Mean", "PRelu", "Mod")})
_RULES.update({"Transpose": _transpose, "MatMul": _matmul, "Gemm": _gemm, "Slice": _slice,
               "Reshape": _reshape, "Unsqueeze": _unsqueeze, "Concat": _concat})
_RULES.update({op: _reduce for op in ("ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin",
                                      "ReduceProd", "ReduceL2", "ReduceSumSquare")})


def resolve_reshape(sym, node, target, in_dims):
    """Relay's static form of a Reshape to `target` (ints and symbolic entries) of an input
    with dimensions in_dims: (newshape with 0 / -1 entries, the output's dimensions)."""
    allowzero = node.attr("allowzero", 0)
    newshape, out_dims, unknown = [], [], []
    for i, t in enumerate(target):
        if isinstance(t, (int, np.integer)):
            t = int(t)
            if t == 0 and not allowzero:
                newshape.append(0)
                out_dims.append(in_dims[i])
            else:
                newshape.append(t)
                out_dims.append(t)
                if t == -1:
                    unknown.append(i)
        elif i < len(in_dims) and sym.equal(t, in_dims[i]):
            newshape.append(0)
            out_dims.append(in_dims[i])
        else:
            newshape.append(-1)
            out_dims.append(t)
            unknown.append(i)
    if len(unknown) > 1:
        return None, _full_target(sym, target, in_dims, allowzero)
    if unknown and isinstance(target[unknown[0]], (int, np.integer)):
        known = [_expr(d) for j, d in enumerate(out_dims) if j != unknown[0]]
        out_dims[unknown[0]] = sym.simplify(_floordiv(_product(in_dims), _product(known)))
    return newshape, out_dims


def reshape_by_template(sym, nodes, data, target):
    """data reshaped to `target` (ints and symbolic entries) where 0 / -1 cannot express it:
    each symbolic entry must be a dimension of one tensor already imported (a template),
    times an int, the entries in the order of the template's axes. A tensor of exactly the
    target shape is cut from the template (index 0 taken on its other axes, a multiplied
    axis repeated, ints inserted with expand_dims + repeat; only its shape is used, so none
    of it is computed), and `reshape_like` gives data that shape. None when no tensor
    qualifies."""
    target = list(target)
    symbolic = [t for t in target if not isinstance(t, (int, np.integer))]
    for name, dims in list(sym.dims_of.items()):
        template = nodes.get(name)
        if not isinstance(template, relay.Expr) or name in sym.values:
            continue
        matches, start = [], 0
        for t in symbolic:
            found = None
            for i in range(start, len(dims)):
                if isinstance(dims[i], int):
                    continue
                k = sym.multiple(t, dims[i])
                if k is not None:
                    found = (i, k)
                    break
            if found is None:
                break
            matches.append(found)
            start = found[0] + 1
        if len(matches) != len(symbolic):
            continue
        like = template
        positions = [i for i, _ in matches]
        for axis in reversed(range(len(dims))):
            if axis not in positions:
                like = relay.take(like, relay.const(0, "int64"), axis=axis)
        for axis, (_, k) in enumerate(matches):
            if k > 1:
                like = relay.repeat(like, k, axis)
        for pos, t in enumerate(target):
            if isinstance(t, (int, np.integer)):
                if int(t) < 0:
                    return None
                like = relay.expand_dims(like, pos)
                if int(t) != 1:
                    like = relay.repeat(like, int(t), pos)
        return relay.reshape_like(relay.reshape(data, [-1]), like)
    return None


def _full_target(sym, target, in_dims, allowzero):
    """target with 0 (copy) and -1 (inferred) replaced by the dimensions they stand for, or
    None when -1 cannot be worked out."""
    out = []
    for i, t in enumerate(target):
        if isinstance(t, (int, np.integer)) and int(t) == 0 and not allowzero:
            out.append(in_dims[i])
        else:
            out.append(t if not isinstance(t, (int, np.integer)) else int(t))
    if -1 in [t for t in out if isinstance(t, int)]:
        k = out.index(-1)
        known = [_expr(d) for j, d in enumerate(out) if j != k]
        out[k] = sym.simplify(_floordiv(sym.simplify(_product(in_dims)),
                                        sym.simplify(_product(known))))
        if not isinstance(out[k], int) and isinstance(sym.simplify(out[k]), tir.FloorDiv):
            return None
    return [sym.simplify(t) if not isinstance(t, int) else t for t in out]

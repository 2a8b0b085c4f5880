"""Helpers shared by TOPI computes and schedules."""
from .. import te, tir
from ..ir import PrimExpr


def get_const_int(expr):
    """The Python int of a constant integer expression (or int); ValueError otherwise."""
    if isinstance(expr, int):
        return expr
    if isinstance(expr, tir.IntImm):
        return int(expr.value)
    from .. import arith  # pylint: disable=import-outside-toplevel

    simplified = arith.Analyzer().simplify(expr)
    if isinstance(simplified, tir.IntImm):
        return int(simplified.value)
    raise ValueError(f"expected a constant integer, got {expr}")


def get_const_tuple(shape):
    """A tuple of ints for a constant shape; symbolic dimensions stay expressions."""
    out = []
    for d in shape:
        try:
            out.append(get_const_int(d))
        except ValueError:
            out.append(d)
    return tuple(out)


def get_const_float(expr):
    if isinstance(expr, (int, float)):
        return float(expr)
    if isinstance(expr, (tir.FloatImm, tir.IntImm)):
        return float(expr.value)
    raise ValueError(f"expected a constant, got {expr}")


def is_const_shape(shape):
    return all(isinstance(d, int) for d in get_const_tuple(shape))


def prod(values):
    """The product of ints and/or expressions (1 for an empty list)."""
    result = 1
    for v in values:
        result = result * v
    return result


def traverse_inline(s, final_op, callback):
    """Visit the operations feeding final_op (consumers first), inlining injective ones
    (tag "elemwise"/"broadcast"/"injective"...) that are not outputs, and calling
    callback(op) on every compute operation."""
    visited = set()
    outputs = list(s.outputs)

    def visit(op):
        if op in visited or isinstance(op, te.PlaceholderOp):
            return
        visited.add(op)
        if is_injective_tag(op.tag) and not any(op.same_as(o) for o in outputs):
            s[op].compute_inline()
        for t in op.input_tensors:
            if not isinstance(t.op, te.PlaceholderOp):
                visit(t.op)
        callback(op)

    visit(final_op)


def is_injective_tag(tag):
    return tag in ("elemwise", "broadcast", "injective") or tag.startswith(("elemwise",
                                                                          "broadcast",
                                                                          "injective"))


def const_vector(values, name="const_vector"):
    """A 1-D tensor whose elements are the given Python numbers (selected by index)."""
    import numpy as np  # pylint: disable=import-outside-toplevel

    values = np.asarray(values)
    dtype = str(values.dtype)
    n = values.shape[0]

    def select(i):
        out = tir.const(0, dtype)
        for k in range(n):
            out = tir.Select(i == k, tir.const(values[k].item(), dtype), out)
        return out

    return te.compute((n,), select, name=name)


__all__ = ["get_const_int", "get_const_tuple", "get_const_float", "is_const_shape", "prod",
           "traverse_inline", "is_injective_tag", "const_vector", "PrimExpr"]

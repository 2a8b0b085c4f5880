"""Analyses of Relay expressions."""
from .._ffi.registry import get_global_func
from .expr import Var, Let
from .function import Function


def post_order_visit(expr, fvisit):
    """Call `fvisit` on every node reachable from `expr` once, children first."""
    get_global_func("relay.analysis.post_order_visit")(expr, fvisit)


def _vars(expr):
    """(free vars, bound vars) of `expr`, each in order of first appearance."""
    seen, bound, order = set(), set(), []

    def visit(node):
        if isinstance(node, Function):
            bound.update(node.params)
        elif isinstance(node, Let):
            bound.add(node.var)
        elif isinstance(node, Var) and node not in seen:
            seen.add(node)
            order.append(node)

    post_order_visit(expr, visit)
    return [v for v in order if v not in bound], [v for v in order if v in bound]


def free_vars(expr):
    """The variables used in `expr` but not bound in it (by a function or a let), in the
    order they first appear (post-order)."""
    return _vars(expr)[0]


def bound_vars(expr):
    """The variables bound in `expr` (function parameters and let variables)."""
    return _vars(expr)[1]


def all_vars(expr):
    """Every variable of `expr`, free or bound."""
    free, bound = _vars(expr)
    return free + bound

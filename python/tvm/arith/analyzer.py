"""The arithmetic analyzer (tvm.arith.Analyzer), as in Apache TVM v0.14."""
from .._ffi.registry import register_object
from ..runtime import Object
from . import _ffi_api


@register_object("arith.ModularSet")
class ModularSet(Object):
    """The value is coeff * k + base for some integer k (coeff == 0: exactly base)."""

    __slots__ = ()

    def __init__(self, coeff, base):
        self.__init_handle_by_constructor__(_ffi_api.ModularSet, coeff, base)


@register_object("arith.ConstIntBound")
class ConstIntBound(Object):
    """The value lies in [min_value, max_value]; POS_INF / NEG_INF mark unknown ends."""

    __slots__ = ()
    POS_INF = (1 << 63) - 1
    NEG_INF = -POS_INF

    def __init__(self, min_value, max_value):
        self.__init_handle_by_constructor__(_ffi_api.ConstIntBound, min_value, max_value)


class ConstraintScope:
    """`with analyzer.constraint_scope(cond):` makes cond known true inside the block."""

    def __init__(self, fenter):
        self._fenter = fenter
        self._fexit = None

    def __enter__(self):
        self._fexit = self._fenter()
        return self

    def __exit__(self, ptype, value, trace):
        self._fexit()


class Analyzer:
    """Integer analysis with a shared context of variable bindings and constraints."""

    def __init__(self):
        _mod = _ffi_api.CreateAnalyzer()
        self._const_int_bound = _mod("const_int_bound")
        self._const_int_bound_update = _mod("const_int_bound_update")
        self._bind = _mod("bind")
        self._modular_set = _mod("modular_set")
        self._simplify = _mod("Simplify")
        self._rewrite_simplify = _mod("rewrite_simplify")
        self._canonical_simplify = _mod("canonical_simplify")
        self._int_set = _mod("int_set")
        self._enter_constraint = _mod("enter_constraint")
        self._can_prove = _mod("can_prove")
        self._can_prove_equal = _mod("can_prove_equal")

    def const_int_bound(self, expr):
        """The ConstIntBound of expr."""
        return self._const_int_bound(expr)

    def modular_set(self, expr):
        """The ModularSet of expr."""
        return self._modular_set(expr)

    def simplify(self, expr, steps=2):
        """Canonical then rewrite simplification, repeated up to `steps` times."""
        return self._simplify(expr, steps)

    def rewrite_simplify(self, expr):
        """One pass of the rewrite simplifier."""
        return self._rewrite_simplify(expr)

    def canonical_simplify(self, expr):
        """The canonical (sum-of-products) form of expr."""
        return self._canonical_simplify(expr)

    def int_set(self, expr, dom_map):
        """The IntSet of expr when each variable of dom_map ({Var: IntSet}) ranges over its set."""
        return self._int_set(expr, dom_map)

    def can_prove(self, cond):
        """Whether cond holds for every value in the current context."""
        return self._can_prove(cond)

    def can_prove_equal(self, lhs, rhs):
        """Whether lhs == rhs for every value in the current context."""
        return self._can_prove_equal(lhs, rhs)

    def bind(self, var, expr, allow_override=False):
        """Bind var to a Range (a loop variable) or to an expression (a let binding)."""
        return self._bind(var, expr, allow_override)

    def constraint_scope(self, constraint):
        """A `with` scope in which constraint is known true."""

        def _fenter():
            return self._enter_constraint(constraint)

        return ConstraintScope(_fenter)

    def update(self, var, info, override=False):
        """Set the ConstIntBound of var."""
        if isinstance(info, ConstIntBound):
            self._const_int_bound_update(var, info, override)
        else:
            raise TypeError(f"Do not know how to handle type {type(info)}")

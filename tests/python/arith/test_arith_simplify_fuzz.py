"""Random integer expressions through the simplifier, checked by exhaustive evaluation.

The evaluator below is independent of the simplifier: it walks the expression tree with
Python integers (floordiv/floormod are Python's // and %, Div/Mod truncate like C).
"""
import itertools
import random

import pytest

import tvm
from tvm import tir


def _trunc_div(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def evaluate(e, env):
    """The value of e with variables taken from env ({Var: int}); None if a division by zero."""
    if isinstance(e, tir.IntImm):
        return int(e.value)
    if isinstance(e, tir.Var):
        return env[e]
    if isinstance(e, tir.Cast):
        return evaluate(e.value, env)
    if isinstance(e, tir.Not):
        v = evaluate(e.a, env)
        return None if v is None else int(not v)
    if isinstance(e, tir.Select):
        c = evaluate(e.condition, env)
        t, f = evaluate(e.true_value, env), evaluate(e.false_value, env)
        if c is None or t is None or f is None:
            return None
        return t if c else f
    a = evaluate(e.a, env)
    b = evaluate(e.b, env)
    if a is None or b is None:
        return None
    if isinstance(e, tir.Add):
        return a + b
    if isinstance(e, tir.Sub):
        return a - b
    if isinstance(e, tir.Mul):
        return a * b
    if isinstance(e, (tir.FloorDiv, tir.FloorMod, tir.Div, tir.Mod)) and b == 0:
        return None
    if isinstance(e, tir.FloorDiv):
        return a // b
    if isinstance(e, tir.FloorMod):
        return a % b
    if isinstance(e, tir.Div):
        return _trunc_div(a, b)
    if isinstance(e, tir.Mod):
        return a - _trunc_div(a, b) * b
    if isinstance(e, tir.Min):
        return min(a, b)
    if isinstance(e, tir.Max):
        return max(a, b)
    if isinstance(e, tir.LT):
        return int(a < b)
    if isinstance(e, tir.LE):
        return int(a <= b)
    if isinstance(e, tir.GT):
        return int(a > b)
    if isinstance(e, tir.GE):
        return int(a >= b)
    if isinstance(e, tir.EQ):
        return int(a == b)
    if isinstance(e, tir.NE):
        return int(a != b)
    if isinstance(e, tir.And):
        return int(bool(a) and bool(b))
    if isinstance(e, tir.Or):
        return int(bool(a) or bool(b))
    raise TypeError(f"evaluator: unexpected node {type(e)}")


def node_count(e):
    """The number of nodes of e as a tree (a shared subexpression counts each time)."""
    if isinstance(e, (tir.IntImm, tir.Var)):
        return 1
    if isinstance(e, (tir.Cast, tir.Not)):
        return 1 + node_count(e.value if isinstance(e, tir.Cast) else e.a)
    if isinstance(e, tir.Select):
        return 1 + node_count(e.condition) + node_count(e.true_value) + node_count(e.false_value)
    return 1 + node_count(e.a) + node_count(e.b)


class ExprGen:
    """Random int32 expressions over the given variables."""

    def __init__(self, rng, variables):
        self.rng = rng
        self.vars = variables

    def leaf(self):
        if self.rng.random() < 0.6:
            return self.rng.choice(self.vars)
        return tir.const(self.rng.randint(-9, 9), "int32")

    def int_expr(self, depth):
        if depth == 0 or self.rng.random() < 0.2:
            return self.leaf()
        a = self.int_expr(depth - 1)
        b = self.int_expr(depth - 1)
        kind = self.rng.choice(
            ["add", "sub", "mul_c", "fdiv", "fmod", "min", "max", "tdiv", "tmod", "select", "split"]
        )
        c = tir.const(self.rng.choice([1, 2, 3, 4, 8, -2, -4]), "int32")
        pos = tir.const(self.rng.choice([2, 3, 4, 8]), "int32")
        if kind == "add":
            return tir.Add(a, b)
        if kind == "sub":
            return tir.Sub(a, b)
        if kind == "mul_c":
            return tir.Mul(a, c)
        if kind == "fdiv":
            return tir.FloorDiv(a, c)
        if kind == "fmod":
            return tir.FloorMod(a, c)
        if kind == "tdiv":
            return tir.Div(a, c)
        if kind == "tmod":
            return tir.Mod(a, c)
        if kind == "min":
            return tir.Min(a, b)
        if kind == "max":
            return tir.Max(a, b)
        if kind == "select":
            return tir.Select(self.bool_expr(depth - 1), a, b)
        # split pattern: floordiv(a, k) * k + floormod(a, k), maybe perturbed
        k = pos
        low = b if self.rng.random() < 0.3 else a
        return tir.Add(tir.Mul(tir.FloorDiv(a, k), k), tir.FloorMod(low, k))

    def bool_expr(self, depth):
        a, b = self.int_expr(depth), self.int_expr(depth)
        kind = self.rng.choice(["lt", "le", "gt", "ge", "eq", "ne", "and", "or", "not"])
        if kind == "lt":
            return tir.LT(a, b)
        if kind == "le":
            return tir.LE(a, b)
        if kind == "gt":
            return tir.GT(a, b)
        if kind == "ge":
            return tir.GE(a, b)
        if kind == "eq":
            return tir.EQ(a, b)
        if kind == "ne":
            return tir.NE(a, b)
        if kind == "not":
            return tir.Not(tir.LT(a, b))
        x, y = tir.LT(a, b), tir.LE(b, self.int_expr(0))
        return tir.And(x, y) if kind == "and" else tir.Or(x, y)


RANGES = {"x": (-4, 5), "y": (0, 8), "z": (0, 3)}


def _check(seed, make_bool, mode="simplify", constraint=None):
    rng = random.Random(seed)
    variables = {name: tir.Var(name, "int32") for name in RANGES}
    gen = ExprGen(rng, list(variables.values()))
    points = [
        dict(zip(variables.values(), vals))
        for vals in itertools.product(*[range(lo, hi) for lo, hi in RANGES.values()])
    ]
    cond = constraint(variables) if constraint else None
    if cond is not None:
        points = [env for env in points if evaluate(cond, env)]
    grown = 0
    total = 0
    for _ in range(60):
        expr = gen.bool_expr(2) if make_bool else gen.int_expr(4)
        ana = tvm.arith.Analyzer()
        for name, (lo, hi) in RANGES.items():
            ana.bind(variables[name], tvm.ir.Range(lo, hi))
        simplify = {
            "simplify": ana.simplify,
            "rewrite": ana.rewrite_simplify,
            "canonical": ana.canonical_simplify,
        }[mode]
        if cond is not None:
            with ana.constraint_scope(cond):
                simplified = simplify(expr)
        else:
            simplified = simplify(expr)
        for env in points:
            want = evaluate(expr, env)
            if want is None:
                continue
            got = evaluate(simplified, env)
            assert got == want, f"{expr}\n  simplified to {simplified}\n  at {env}: {got} != {want}"
        total += 1
        if node_count(simplified) > node_count(expr):
            grown += 1
    # The simplifier should almost never make an expression bigger. (The canonical form alone
    # is a normal form, not a minimiser: it may write floordiv(z + 5, 2) as floordiv(z + 1, 2) + 2.)
    if mode != "canonical":
        assert grown <= total // 10, f"{grown} of {total} expressions grew"


@pytest.mark.parametrize("seed", range(12))
def test_fuzz_integer_expressions(seed):
    """Simplified random integer expressions equal the originals at every point of the domain."""
    _check(seed, make_bool=False)


@pytest.mark.parametrize("seed", range(6))
def test_fuzz_boolean_expressions(seed):
    """Simplified random comparisons and logic equal the originals at every point of the domain."""
    _check(1000 + seed, make_bool=True)


@pytest.mark.parametrize("mode", ["rewrite", "canonical"])
@pytest.mark.parametrize("seed", range(4))
def test_fuzz_each_simplifier(mode, seed):
    """The rewrite and canonical simplifiers alone also preserve values."""
    _check(2000 + seed, make_bool=seed % 2 == 1, mode=mode)


@pytest.mark.parametrize("seed", range(6))
def test_fuzz_under_constraint(seed):
    """Inside a constraint scope, values agree at every point satisfying the constraint."""
    constraints = [
        lambda v: tir.LT(v["x"], v["y"]),
        lambda v: tir.And(tir.LE(v["y"] * 2, v["x"] + 6), tir.NE(v["z"], 1)),
        lambda v: tir.EQ(tir.FloorMod(v["x"], 2), 0),
    ]
    _check(3000 + seed, make_bool=seed % 2 == 1, constraint=constraints[seed % 3])


def _domain_points(variables):
    return [
        dict(zip(variables.values(), vals))
        for vals in itertools.product(*[range(lo, hi) for lo, hi in RANGES.values()])
    ]


@pytest.mark.parametrize("seed", range(4))
def test_fuzz_bounds_and_sets_contain_every_value(seed):
    """const_int_bound and int_set of random expressions contain every value they take."""
    rng = random.Random(4000 + seed)
    variables = {name: tir.Var(name, "int32") for name in RANGES}
    gen = ExprGen(rng, list(variables.values()))
    points = _domain_points(variables)
    dom = {variables[n]: tvm.arith.IntSet.interval(lo, hi - 1) for n, (lo, hi) in RANGES.items()}
    for _ in range(60):
        expr = gen.int_expr(3)
        values = [v for v in (evaluate(expr, env) for env in points) if v is not None]
        if not values:
            continue
        ana = tvm.arith.Analyzer()
        for name, (lo, hi) in RANGES.items():
            ana.bind(variables[name], tvm.ir.Range(lo, hi))
        bound = ana.const_int_bound(expr)
        assert bound.min_value <= min(values) and bound.max_value >= max(values), str(expr)
        s = tvm.arith.Analyzer().int_set(expr, dom)
        if s.has_lower_bound():
            assert isinstance(s.min_value, tir.IntImm), f"{expr}: {s}"
            assert s.min_value.value <= min(values), f"{expr}: {s}"
        if s.has_upper_bound():
            assert isinstance(s.max_value, tir.IntImm), f"{expr}: {s}"
            assert s.max_value.value >= max(values), f"{expr}: {s}"

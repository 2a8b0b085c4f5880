"""Counter-based random numbers as tensor expressions (the computes of relay.random).

Element i of an output (its row-major flat index) is a pure function of (key, i): the
Philox4x32-10 block cipher (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as
1, 2, 3", SC'11) encrypts the counter (i mod 2^32, i div 2^32, 0, 0) under the 64-bit key and
gives four uint32 words. There is no state, so the computes are ordinary injective tensor
expressions: every target runs them with its injective schedule, any element can be computed
by any thread, and the same key gives the same tensor on every target and every run.

Words to floats: float32 and float16 take the top 24 bits of word 0, u = (w >> 8) * 2^-24;
float64 takes 53 bits from words 0 and 1. u lies in [0, 1 - 2^-24] (float32), so a uniform
tensor lies in [low, high) (the result is clamped below high where rounding would reach it).
Normal values use Box-Muller on two such uniforms u1, u2 with r = sqrt(-2 log1p(-u1)): 1 - u1
is never 0, so the logarithm is finite (float32: |z| <= 5.8, a tail of probability below 1e-8
is cut). float16 outputs are computed in float32 and rounded.
"""
import numpy as np

from tvm import te, tir

_M32 = 0xFFFFFFFF
_MUL = (0xD2511F53, 0xCD9E8D57)  # Philox4x32 round multipliers
_WEYL = (0x9E3779B9, 0xBB67AE85)  # key schedule increments


def philox4x32(counter, key, rounds=10):
    """Philox4x32-`rounds` of four uint32 expressions under the integer `key` (64 bits):
    (lets, words), the four output words as uint32 expressions that refer to the let-bound
    variables in `lets` [(var, value)] (wrap the expression using them with `bind_lets`).
    The key schedule is a compile-time constant; each round binds its two 32x32->64 products,
    so the expression grows linearly with the rounds."""
    k = [key & _M32, (key >> 32) & _M32]
    c = list(counter)
    lets = []
    for r in range(rounds):
        if r:
            k = [(k[0] + _WEYL[0]) & _M32, (k[1] + _WEYL[1]) & _M32]
        p = []
        for j, w in ((0, c[0]), (1, c[2])):
            v = tir.Var(f"philox_p{r}_{j}", "uint64")
            lets.append((v, w.astype("uint64") * tir.const(_MUL[j], "uint64")))
            p.append(v)
        hi = [(x >> tir.const(32, "uint64")).astype("uint32") for x in p]
        lo = [x.astype("uint32") for x in p]
        c = [hi[1] ^ c[1] ^ tir.const(k[0], "uint32"), lo[1],
             hi[0] ^ c[3] ^ tir.const(k[1], "uint32"), lo[0]]
    return lets, c


def bind_lets(lets, body):
    """body inside the let bindings (outermost first)."""
    for var, value in reversed(lets):
        body = tir.Let(var, value, body)
    return body


def _counter(shape, indices):
    """The Philox counter of the element at `indices`: its flat index as (lo, hi, 0, 0)."""
    static = all(isinstance(d, (int, tir.IntImm)) for d in shape)
    size = int(np.prod([int(d) for d in shape])) if static else None
    wide = size is None or size >= 2**31
    idx_t = "int64" if wide else "int32"
    flat = tir.const(0, idx_t)
    for d, i in zip(shape, indices):
        flat = flat * tir.Cast(idx_t, d) + tir.Cast(idx_t, i) if wide else \
            flat * int(d) + i
    zero = tir.const(0, "uint32")
    hi = (flat >> tir.const(32, "int64")).astype("uint32") if wide else zero
    return [flat.astype("uint32"), hi, zero, zero]


def _unit(words, dtype):
    """Uniform in [0, 1) from one word (float32) or two (float64)."""
    if dtype == "float64":
        a = (words[0] >> tir.const(5, "uint32")).astype("int32").astype("float64")
        b = (words[1] >> tir.const(6, "uint32")).astype("int32").astype("float64")
        return (a * tir.const(2.0**26, "float64") + b) * tir.const(2.0**-53, "float64")
    top = (words[0] >> tir.const(8, "uint32")).astype("int32").astype("float32")
    return top * tir.const(2.0**-24, "float32")


def _compute_dtype(dtype):
    if dtype not in ("float16", "float32", "float64"):
        raise ValueError(f"random numbers of dtype {dtype}: expected float16, float32 or "
                         "float64")
    return "float64" if dtype == "float64" else "float32"


def _random(shape, fvalue, key, name):
    def fcompute(*indices):
        lets, words = philox4x32(_counter(shape, indices), int(key))
        return bind_lets(lets, fvalue(words))
    return te.compute(shape, fcompute, name=name, tag="injective")


def uniform(shape, dtype, low, high, key):
    """A `shape` tensor of values uniform in [low, high), element i from Philox(key, i)."""
    ct = _compute_dtype(dtype)
    low, high = float(low), float(high)
    if high <= low:
        return te.compute(shape, lambda *i: tir.const(low, dtype), name="T_uniform",
                          tag="injective")
    # The largest value of the output dtype below high (and not below low).
    below = float(max(np.nextafter(np.array(high, dtype), np.array(-np.inf, dtype)),
                      np.array(low, dtype)))

    def value(words):
        v = tir.const(low, ct) + tir.const(high - low, ct) * _unit(words, ct)
        return tir.min(v.astype(dtype), tir.const(below, dtype))
    return _random(shape, value, key, "T_uniform")


def normal(shape, dtype, mean, scale, key):
    """A `shape` tensor of normal values N(mean, scale^2), element i from Philox(key, i)."""
    ct = _compute_dtype(dtype)

    def value(words):
        u1 = _unit(words[:2], ct)
        u2 = _unit(words[2:], ct)
        r = tir.sqrt(tir.const(-2.0, ct) * tir.log1p(-u1))
        z = r * tir.cos(tir.const(2.0 * np.pi, ct) * u2)
        return (tir.const(mean, ct) + tir.const(scale, ct) * z).astype(dtype)
    return _random(shape, value, key, "T_normal")

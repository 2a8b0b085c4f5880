"""relay.random: the Philox generator against the Random123 known-answer vectors, the
distributions against their exact CDFs (Kolmogorov-Smirnov, chi-square; numpy only),
determinism per seed across compiles and targets, FoldConstant, and the attribute errors."""
import math

import numpy as np
import pytest

import tvm
import tvm.testing
from tvm import relay, te, tir, topi
from tvm.contrib import graph_executor

N = 1_000_000
TARGETS = tvm.testing.parametrize_targets("llvm", "opencl", "cuda")


def _skip_half_on_opencl(target, dtype):
    if target == "opencl" and dtype == "float16":
        pytest.skip("float16 kernels need cl_khr_fp16, which PoCL on this CPU does not have")


def _run(out, target="llvm", dev=None, inputs=()):
    """Build `out` (an expression over the free vars `inputs`, given as (var, array)) and run it:
    the outputs as numpy arrays."""
    f = relay.Function([v for v, _ in inputs], out)
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(tvm.IRModule.from_expr(f), target=target)
    m = graph_executor.GraphModule(lib["default"](dev or tvm.cpu()))
    for v, a in inputs:
        m.set_input(v.name_hint, a)
    m.run()
    return [m.get_output(i).numpy() for i in range(m.get_num_outputs())]


def ks_pvalue(samples, cdf):
    """The Kolmogorov-Smirnov statistic of `samples` against `cdf` and its asymptotic p-value
    (Kolmogorov distribution with Stephens' small-sample correction)."""
    x = np.sort(np.asarray(samples, "float64").ravel())
    n = x.size
    f = cdf(x)
    d = max(np.max(np.arange(1, n + 1) / n - f), np.max(f - np.arange(n) / n))
    lam = (math.sqrt(n) + 0.12 + 0.11 / math.sqrt(n)) * d
    p = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))
    return d, min(max(p, 0.0), 1.0)


def chi2_pvalue(counts, probs):
    """Pearson's chi-square statistic and its p-value (Wilson-Hilferty approximation)."""
    counts = np.asarray(counts, "float64")
    expected = counts.sum() * np.asarray(probs, "float64")
    stat = float(np.sum((counts - expected) ** 2 / expected))
    k = len(counts) - 1
    z = ((stat / k) ** (1 / 3) - (1 - 2 / (9 * k))) / math.sqrt(2 / (9 * k))
    return stat, 0.5 * math.erfc(z / math.sqrt(2))


def normal_cdf(mean, scale):
    erf = np.frompyfunc(math.erf, 1, 1)
    return lambda x: 0.5 * (1 + erf((x - mean) / (scale * math.sqrt(2))).astype("float64"))


# ---- the generator --------------------------------------------------------------------------
M32 = 0xFFFFFFFF


def philox_reference(counter, key):
    """Philox4x32-10 in Python integers (the Random123 definition)."""
    k0, k1 = key & M32, key >> 32
    c = list(counter)
    for r in range(10):
        if r:
            k0, k1 = (k0 + 0x9E3779B9) & M32, (k1 + 0xBB67AE85) & M32
        p0, p1 = c[0] * 0xD2511F53, c[2] * 0xCD9E8D57
        c = [(p1 >> 32) ^ c[1] ^ k0, p1 & M32, (p0 >> 32) ^ c[3] ^ k1, p0 & M32]
    return c


# (counter, key, words): Random123's kat_vectors for philox4x32_10.
KAT = [
    ([0, 0, 0, 0], 0, [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]),
    ([M32] * 4, (M32 << 32) | M32, [0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]),
    ([0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344], (0x299F31D0 << 32) | 0xA4093822,
     [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1]),
]


def test_philox_known_answers():
    """topi.random.philox4x32, compiled, gives the Random123 known-answer words, and the
    reference implementation used below agrees with them."""
    for counter, key, words in KAT:
        assert philox_reference(counter, key) == words
        lets, w = topi.random.philox4x32([tir.const(c, "uint32") for c in counter], key)
        outs = te.compute((1,), lambda i: [topi.random.bind_lets(lets, x) for x in w])
        f = tvm.build(te.create_schedule([o.op for o in outs]), list(outs), "llvm")
        arrays = [tvm.nd.empty((1,), "uint32") for _ in range(4)]
        f(*arrays)
        assert [int(a.numpy()[0]) for a in arrays] == words


def test_uniform_bits_are_philox_words():
    """Element i of a float32 uniform tensor is the top 24 bits of word 0 of Philox(key, i)
    times 2^-24: the values are exactly the documented function of (key, i)."""
    key = 0x0123456789ABCDEF
    got = _run(relay.random.uniform((7, 11), "float32", seed=key))[0].ravel()
    ref = np.array([philox_reference([i, 0, 0, 0], key)[0] >> 8 for i in range(77)]) * 2.0**-24
    np.testing.assert_array_equal(got, ref.astype("float32"))


# ---- distributions ----------------------------------------------------------------------------
@TARGETS
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_uniform_distribution(target, dev, dtype):
    """1e6 uniform values in [-2, 3): inside the interval and KS p > 1e-3 against the uniform
    CDF."""
    _skip_half_on_opencl(target, dtype)
    low, high = -2.0, 3.0
    x = _run(relay.random.uniform((1000, 1000), dtype, low, high, seed=11), target, dev)[0]
    assert x.dtype == dtype and x.shape == (1000, 1000)
    assert x.min() >= low and x.max() < high
    _, p = ks_pvalue(x, lambda v: (v - low) / (high - low))
    assert p > 1e-3, p


@TARGETS
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_normal_distribution(target, dev, dtype):
    """1e6 values of N(1.5, 2^2): mean and standard deviation within 5 standard errors, KS
    p > 1e-3 against the normal CDF, all finite."""
    _skip_half_on_opencl(target, dtype)
    mean, scale = 1.5, 2.0
    x = _run(relay.random.normal((N,), dtype, mean, scale, seed=5), target, dev)[0]
    assert x.dtype == dtype and np.all(np.isfinite(x))
    x = x.astype("float64")
    assert abs(x.mean() - mean) < 5 * scale / math.sqrt(N)
    assert abs(x.std() - scale) < 5 * scale / math.sqrt(2 * N)
    _, p = ks_pvalue(x, normal_cdf(mean, scale))
    assert p > 1e-3, p


@TARGETS
def test_multinomial_frequencies(target, dev):
    """Multinomial samples from unnormalized log-probabilities: class frequencies of 2e5
    draws per row match softmax(row) (chi-square p > 1e-3); a class of probability 0 (log
    -inf) is never drawn."""
    probs = np.array([[0.1, 0.2, 0.3, 0.4, 0.0], [0.05, 0.05, 0.5, 0.1, 0.3]])
    with np.errstate(divide="ignore"):
        logits = (np.log(probs) + 3.0).astype("float32")
    x = relay.var("x", shape=logits.shape)
    s = _run(relay.random.multinomial(x, 200_000, "int64", seed=3), target, dev,
             [(x, logits)])[0]
    assert s.dtype == "int64" and s.shape == (2, 200_000)
    assert s.min() >= 0 and s.max() < 5
    assert not np.any(s[0] == 4)
    for row, p in zip(s, probs):
        nz = p > 0
        _, pv = chi2_pvalue(np.bincount(row, minlength=5)[nz], p[nz])
        assert pv > 1e-3, pv


def test_multinomial_from_probabilities():
    """log_probs=False samples in proportion to the weights themselves."""
    w = np.array([[1.0, 3.0]], "float32")
    s = _run(relay.random.multinomial(relay.const(w), 100_000, seed=8, log_probs=False))[0]
    _, pv = chi2_pvalue(np.bincount(s[0], minlength=2), [0.25, 0.75])
    assert s.dtype == "int32" and pv > 1e-3


@TARGETS
def test_uniform_like_takes_shape_and_dtype(target, dev):
    """uniform_like / normal_like take the input's shape, and its dtype unless one is given."""
    x = relay.var("x", shape=(3, 4), dtype="float64")
    a, b = _run(relay.Tuple([relay.random.uniform_like(x, seed=1),
                             relay.random.normal_like(x, "float32", seed=1)]), target, dev,
                [(x, np.zeros((3, 4)))])
    assert (a.dtype, a.shape, b.dtype, b.shape) == ("float64", (3, 4), "float32", (3, 4))


# ---- determinism -------------------------------------------------------------------------------
def test_same_seed_same_values_across_compiles():
    """Two separate builds of the same seeded op give the same values; another seed (or the
    other op) gives different ones."""
    a = _run(relay.random.normal((64, 64), seed=42))[0]
    b = _run(relay.random.normal((64, 64), seed=42))[0]
    c = _run(relay.random.normal((64, 64), seed=43))[0]
    np.testing.assert_array_equal(a, b)
    assert np.mean(a == c) < 0.01


def test_unseeded_ops_get_their_own_streams():
    """Unseeded ops draw their keys from numpy's global state: two such ops differ, and
    numpy.random.seed makes the drawn keys reproducible."""
    np.random.seed(0)
    a, b = _run(relay.Tuple([relay.random.uniform((100,)), relay.random.uniform((100,))]))
    np.random.seed(0)
    c = _run(relay.random.uniform((100,)))[0]
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(a, c)


@pytest.mark.skipif(not tvm.testing.device_enabled("opencl"), reason="no OpenCL device")
def test_same_values_on_llvm_and_opencl():
    """The values are a function of (key, index) only: OpenCL computes llvm's (uniform to an
    ulp, normal to a few ulps of the log and cosine)."""
    u = relay.random.uniform((1000,), "float32", -1, 1, seed=9)
    z = relay.random.normal((1000,), "float64", seed=9)
    cpu = _run(relay.Tuple([u, z]))
    ocl = _run(relay.Tuple([u, z]), "opencl", tvm.opencl())
    np.testing.assert_allclose(ocl[0], cpu[0], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(ocl[1], cpu[1], rtol=1e-9, atol=1e-12)


def _nvrtc_available():
    try:
        relay.build(tvm.IRModule.from_expr(relay.Function([], relay.random.uniform((4,), seed=1))),
                    target="cuda")
        return True
    except ValueError as err:
        return "nvrtc" not in str(err).lower()


@pytest.mark.skipif(not _nvrtc_available(), reason="NVRTC not installed")
def test_compiles_for_cuda():
    """Every random kernel compiles for CUDA (no device needed): uniform, normal and the
    multinomial composition."""
    x = relay.var("x", shape=(2, 5))
    out = relay.Tuple([relay.random.uniform((8, 8), "float16", seed=1),
                       relay.random.normal((8, 8), "float64", seed=2),
                       relay.random.multinomial(x, 10, seed=3)])
    lib = relay.build(tvm.IRModule.from_expr(relay.Function([x], out)),
                      target="cuda -arch=sm_80")
    dev_mods = [m for m in lib.get_lib().imported_modules if m.type_key == "cuda"]
    assert dev_mods and dev_mods[0].get_source("ptx").count(".entry") >= 3


# ---- passes ------------------------------------------------------------------------------------
def test_fold_constant_leaves_random_ops():
    """FoldConstant leaves a random op (TOpNoFold) and what consumes it, so a big random
    tensor stays a kernel and does not become a parameter."""
    out = relay.add(relay.random.uniform((512, 512), seed=1), relay.const(1.0))
    mod = relay.transform.InferType()(tvm.IRModule.from_expr(relay.Function([], out)))
    folded = relay.transform.FoldConstant()(mod)
    assert tvm.ir.structural_equal(folded, mod)
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(mod, target="llvm")
    assert not lib.get_params()


def test_text_round_trip():
    """The printed op (attributes shape, dtype, low, high, key) reads back to the same
    text."""
    mod = tvm.IRModule.from_expr(relay.Function([], relay.random.uniform(
        (2, 3), "float64", -1.0, 2.0, seed=2**64 - 1)))
    mod = relay.transform.InferType()(mod)
    back = relay.transform.InferType()(relay.fromtext(mod.astext()))
    assert back.astext() == mod.astext()
    assert "key=-1" in mod.astext()  # 2^64 - 1 as the int64 attribute


# ---- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize("build,match", [
    (lambda: relay.random.uniform((2,), "int32"), "random.uniform: attribute dtype"),
    (lambda: relay.random.normal((2,), "bfloat16"), "random.normal: attribute dtype"),
    (lambda: relay.random.uniform((2,), low=1.0, high=0.5), "random.uniform: attribute high"),
    (lambda: relay.random.multinomial(relay.const(np.zeros((1, 2), "float32")), 0),
     "random.multinomial: attribute sample_size"),
    (lambda: relay.random.multinomial(relay.const(np.zeros((1, 2), "float32")), 2, "float32"),
     "random.multinomial: attribute dtype"),
])
def test_invalid_attributes(build, match):
    with pytest.raises(tvm.error.OpAttributeInvalid, match=match):
        build()


def test_like_of_an_integer_tensor_needs_a_float_dtype():
    """uniform_like of an int32 tensor without a dtype is a type error naming the dtype."""
    x = relay.var("x", shape=(2,), dtype="int32")
    mod = tvm.IRModule.from_expr(relay.Function([x], relay.random.uniform_like(x)))
    with pytest.raises(Exception, match="float16, float32 or float64, not int32"):
        relay.transform.InferType()(mod)

"""Activations, softmax, pooling, normalization, layout, upsampling and resize computes
against the numpy references of tvm.topi.testing (and torch where it has the op), with the
default schedule and, where one exists, the x86 schedule.

Tolerances: float32 rtol/atol 1e-5 for elementwise and layout ops, 1e-4 for reductions;
layout ops are exact.
"""
import numpy as np
import pytest

from tvm import te, topi
from tvm.topi import testing as tt

TOL = dict(rtol=1e-5, atol=1e-5)
RED = dict(rtol=1e-4, atol=1e-4)


def _run(out, ins, vals, schedule=None):
    s = schedule([out]) if schedule else te.create_schedule(out.op)
    return tt.build_and_run(s, list(ins) + [out], vals)


def _both(out, ins, vals, ref, schedule, **tol):
    tol = tol or TOL
    np.testing.assert_allclose(_run(out, ins, vals), ref, **tol)
    np.testing.assert_allclose(_run(out, ins, vals, schedule), ref, **tol)


def test_activations():
    """relu, leaky_relu, prelu and bias_add match numpy (default and x86 injective)."""
    X = te.placeholder((2, 3, 5, 7), name="X")
    S = te.placeholder((3,), name="S")
    x, sl = tt.random_data(X.shape, "float32"), tt.random_data((3,), "float32")
    _both(topi.nn.relu(X), [X], [x], np.maximum(x, 0), topi.x86.schedule_injective)
    _both(topi.nn.leaky_relu(X, 0.1), [X], [x], np.where(x > 0, x, 0.1 * x),
          topi.x86.schedule_injective)
    ref = np.where(x > 0, x, x * sl.reshape(1, 3, 1, 1))
    _both(topi.nn.prelu(X, S, 1), [X, S], [x, sl], ref, topi.x86.schedule_injective)
    _both(topi.nn.bias_add(X, S, axis=1), [X, S], [x, sl], x + sl.reshape(1, 3, 1, 1),
          topi.x86.schedule_injective)
    B = te.placeholder((7,), name="B")
    b = tt.random_data((7,), "float32")
    _both(topi.nn.bias_add(X, B, axis=-1), [X, B], [x, b], x + b, topi.x86.schedule_injective)


@pytest.mark.parametrize("shape,axis", [((4, 37), -1), ((2, 5, 3), 1), ((3, 16), 1),
                                        ((2, 3, 4, 5), 0)])
def test_softmax_and_log_softmax(shape, axis):
    """softmax / log_softmax along any axis match the references (and torch)."""
    torch = pytest.importorskip("torch")
    X = te.placeholder(shape, name="X")
    x = tt.random_data(shape, "float32", -5, 5)
    ref = tt.softmax_python(x, axis)
    np.testing.assert_allclose(ref, torch.softmax(torch.tensor(x), axis).numpy(), **TOL)
    _both(topi.nn.softmax(X, axis), [X], [x], ref, topi.x86.schedule_softmax)
    ref = tt.log_softmax_python(x, axis)
    np.testing.assert_allclose(ref, torch.log_softmax(torch.tensor(x), axis).numpy(), **RED)
    _both(topi.nn.log_softmax(X, axis), [X], [x], ref, topi.x86.schedule_softmax, **RED)


def test_softmax_is_stable_for_large_inputs():
    """softmax subtracts the row maximum: inputs near 1e4 give finite, correct results."""
    X = te.placeholder((2, 8), name="X")
    x = (tt.random_data((2, 8), "float32") + 1e4).astype("float32")
    got = _run(topi.nn.softmax(X), [X], [x], topi.x86.schedule_softmax)
    np.testing.assert_allclose(got, tt.softmax_python(x, -1), **TOL)


POOL_CASES = [
    # kernel, stride, dilation, padding, ceil_mode, count_include_pad
    ((3, 3), (2, 2), (1, 1), (1, 1, 1, 1), False, True),
    ((2, 2), (2, 2), (1, 1), (0, 0, 0, 0), True, True),
    ((3, 3), (2, 2), (1, 1), (1, 1, 1, 1), True, False),
    ((3, 2), (1, 2), (2, 1), (1, 0, 2, 1), False, False),
    ((3, 3), (3, 3), (1, 1), (1, 1, 1, 1), True, True),
]


@pytest.mark.parametrize("pool_type", ["max", "avg"])
@pytest.mark.parametrize("kernel,stride,dil,pad,ceil,cip", POOL_CASES)
def test_pool2d_nchw(pool_type, kernel, stride, dil, pad, ceil, cip):
    """pool2d NCHW (padding, ceil_mode, count_include_pad, dilation) matches the reference."""
    X = te.placeholder((2, 3, 11, 10), name="X")
    x = tt.random_data(X.shape, "float32")
    out = topi.nn.pool2d(X, kernel, stride, dil, pad, pool_type, ceil, "NCHW", cip)
    ref = tt.poolnd_python(x, kernel, stride, dil, pad[:2], pad[2:], pool_type, cip, ceil)
    _both(out, [X], [x], ref, lambda o: topi.x86.schedule_pool(o, "NCHW"), **RED)


@pytest.mark.parametrize("pool_type", ["max", "avg"])
@pytest.mark.parametrize("ceil,cip", [(False, True), (True, True), (True, False)])
def test_pool2d_matches_torch(pool_type, ceil, cip):
    """pool2d agrees with torch's max_pool2d / avg_pool2d including ceil_mode."""
    torch = pytest.importorskip("torch")
    X = te.placeholder((1, 4, 13, 12), name="X")
    x = tt.random_data(X.shape, "float32")
    out = topi.nn.pool2d(X, (3, 3), (2, 2), (1, 1), (1, 1, 1, 1), pool_type, ceil, "NCHW", cip)
    t = torch.tensor(x)
    if pool_type == "max":
        ref = torch.nn.functional.max_pool2d(t, 3, 2, 1, ceil_mode=ceil).numpy()
    else:
        ref = torch.nn.functional.avg_pool2d(t, 3, 2, 1, ceil_mode=ceil,
                                             count_include_pad=cip).numpy()
    np.testing.assert_allclose(_run(out, [X], [x], lambda o: topi.x86.schedule_pool(o, "NCHW")),
                               ref, **RED)


@pytest.mark.parametrize("layout,shape", [("NHWC", (2, 9, 8, 5)), ("NCHW4c", (1, 2, 9, 8, 4))])
def test_pool2d_other_layouts(layout, shape):
    """pool2d over NHWC and NCHW4c data pools the H and W axes of the layout."""
    X = te.placeholder(shape, name="X")
    x = tt.random_data(shape, "float32")
    for pool_type in ("max", "avg"):
        out = topi.nn.pool2d(X, (3, 3), (2, 2), (1, 1), (1, 1, 1, 1), pool_type, False, layout)
        ref = tt.poolnd_python(x, (3, 3), (2, 2), (1, 1), (1, 1), (1, 1), pool_type,
                               layout=layout.rstrip("4c") if layout != "NHWC" else "NHWC")
        _both(out, [X], [x], ref, lambda o, lay=layout: topi.x86.schedule_pool(o, lay), **RED)


@pytest.mark.parametrize("out_size", [(1, 1), (3, 2), (4, 5), (7, 7)])
@pytest.mark.parametrize("pool_type", ["max", "avg"])
def test_adaptive_and_global_pool(out_size, pool_type):
    """adaptive_pool (uneven windows) and global_pool match the reference and torch."""
    torch = pytest.importorskip("torch")
    X = te.placeholder((2, 3, 10, 7), name="X")
    x = tt.random_data(X.shape, "float32")
    out = topi.nn.adaptive_pool(X, out_size, pool_type)
    ref = tt.adaptive_pool(x, out_size, pool_type)
    tf = torch.nn.functional.adaptive_max_pool2d if pool_type == "max" else \
        torch.nn.functional.adaptive_avg_pool2d
    np.testing.assert_allclose(ref, tf(torch.tensor(x), out_size).numpy(), **RED)
    _both(out, [X], [x], ref, topi.x86.schedule_adaptive_pool, **RED)
    g = topi.nn.global_pool(X, pool_type)
    _both(g, [X], [x], tt.adaptive_pool(x, (1, 1), pool_type), topi.x86.schedule_adaptive_pool,
          **RED)


def test_global_pool_nhwc():
    """global_pool over NHWC keeps H and W with extent 1."""
    X = te.placeholder((2, 5, 6, 3), name="X")
    x = tt.random_data(X.shape, "float32")
    out = topi.nn.global_pool(X, "avg", "NHWC")
    np.testing.assert_allclose(_run(out, [X], [x]), x.mean(axis=(1, 2), keepdims=True), **RED)


@pytest.mark.parametrize("shape,axis", [((4, 10), [-1]), ((2, 3, 8), [1, 2]), ((3, 5, 6), [2])])
def test_layer_norm(shape, axis):
    """layer_norm over trailing axes matches the reference (and torch)."""
    torch = pytest.importorskip("torch")
    norm_shape = tuple(shape[a] for a in axis)
    X, G, B = (te.placeholder(s, name=n) for s, n in ((shape, "X"), (norm_shape, "G"),
                                                       (norm_shape, "B")))
    x, g, b = (tt.random_data(t.shape, "float32") for t in (X, G, B))
    x = x + 3.0  # a large mean checks the two-pass variance
    ref = tt.layer_norm_python(x, g, b, axis)
    tref = torch.nn.functional.layer_norm(torch.tensor(x), norm_shape, torch.tensor(g),
                                          torch.tensor(b)).numpy()
    np.testing.assert_allclose(ref, tref, **RED)
    _both(topi.nn.layer_norm(X, G, B, axis), [X, G, B], [x, g, b], ref,
          topi.x86.schedule_layer_norm, **RED)


def test_group_norm():
    """group_norm (NCHW, 3 groups) matches the reference and torch."""
    torch = pytest.importorskip("torch")
    X = te.placeholder((2, 6, 5, 4), name="X")
    G, B = te.placeholder((6,), name="G"), te.placeholder((6,), name="B")
    x, g, b = (tt.random_data(t.shape, "float32") for t in (X, G, B))
    ref = tt.group_norm_python(x, g, b, 3, 1, [2, 3])
    tref = torch.nn.functional.group_norm(torch.tensor(x), 3, torch.tensor(g),
                                          torch.tensor(b)).numpy()
    np.testing.assert_allclose(ref, tref, **RED)
    _both(topi.nn.group_norm(X, G, B, 3, 1, [2, 3]), [X, G, B], [x, g, b], ref,
          topi.x86.schedule_layer_norm, **RED)


def test_group_norm_nhwc():
    """group_norm with the channel axis last matches the reference."""
    X = te.placeholder((2, 3, 4, 8), name="X")
    G, B = te.placeholder((8,), name="G"), te.placeholder((8,), name="B")
    x, g, b = (tt.random_data(t.shape, "float32") for t in (X, G, B))
    ref = tt.group_norm_python(x, g, b, 2, 3, [1, 2])
    np.testing.assert_allclose(_run(topi.nn.group_norm(X, G, B, 2, 3, [1, 2]), [X, G, B],
                                    [x, g, b]), ref, **RED)


def test_batch_norm_inference():
    """batch_norm (inference form) returns [out, moving_mean, moving_var]; out matches numpy."""
    X = te.placeholder((2, 4, 3, 3), name="X")
    params = [te.placeholder((4,), name=n) for n in ("g", "b", "m", "v")]
    x = tt.random_data(X.shape, "float32")
    g, b, m = (tt.random_data((4,), "float32") for _ in range(3))
    v = tt.random_data((4,), "float32", 0.5, 2.0)
    outs = topi.nn.batch_norm(X, *params, axis=1, epsilon=1e-3)
    assert len(outs) == 3 and outs[1].same_as(params[2]) if hasattr(outs[1], "same_as") else True
    ref = tt.batch_norm_python(x, g, b, m, v, 1, 1e-3)
    _both(outs[0], [X] + params, [x, g, b, m, v], ref, topi.x86.schedule_injective)
    ns = topi.nn.batch_norm(X, *params, axis=1, center=False, scale=False)[0]
    ref = ((x - m.reshape(1, 4, 1, 1)) / np.sqrt(v.reshape(1, 4, 1, 1) + 1e-5))
    np.testing.assert_allclose(_run(ns, [X] + params, [x, g, b, m, v]), ref, **RED)


def test_lrn():
    """lrn across channels matches the reference and torch.local_response_norm."""
    torch = pytest.importorskip("torch")
    X = te.placeholder((1, 7, 4, 5), name="X")
    x = tt.random_data(X.shape, "float32")
    ref = tt.lrn_python(x, 5, 1, 2.0, 1e-2, 0.75)
    tref = torch.nn.functional.local_response_norm(torch.tensor(x), 5, 1e-2, 0.75, 2.0).numpy()
    np.testing.assert_allclose(ref, tref, **RED)
    np.testing.assert_allclose(_run(topi.nn.lrn(X, 5, 1, 1e-2, 0.75, 2.0), [X], [x]), ref, **RED)


def test_layout_ops():
    """batch_flatten, depth_to_space (DCR, CRD) and space_to_depth are exact rearrangements."""
    X = te.placeholder((2, 8, 3, 5), name="X")
    x = tt.random_data(X.shape, "float32")
    _both(topi.nn.batch_flatten(X), [X], [x], x.reshape(2, -1), topi.x86.schedule_injective)
    for mode in ("DCR", "CRD"):
        _both(topi.nn.depth_to_space(X, 2, "NCHW", mode), [X], [x],
              tt.depth_to_space_python(x, 2, mode), topi.x86.schedule_injective)
    Y = te.placeholder((1, 3, 6, 4), name="Y")
    y = tt.random_data(Y.shape, "float32")
    _both(topi.nn.space_to_depth(Y, 2), [Y], [y], tt.space_to_depth_python(y, 2),
          topi.x86.schedule_injective)
    # NHWC variants agree with the NCHW ones after transposing.
    xh = x.transpose(0, 2, 3, 1).copy()
    XH = te.placeholder(xh.shape, name="XH")
    got = _run(topi.nn.depth_to_space(XH, 2, "NHWC"), [XH], [xh])
    np.testing.assert_array_equal(got, tt.depth_to_space_python(x, 2).transpose(0, 2, 3, 1))
    yh = y.transpose(0, 2, 3, 1).copy()
    YH = te.placeholder(yh.shape, name="YH")
    got = _run(topi.nn.space_to_depth(YH, 2, "NHWC"), [YH], [yh])
    np.testing.assert_array_equal(got, tt.space_to_depth_python(y, 2).transpose(0, 2, 3, 1))


def test_pad():
    """pad with distinct before/after widths and a pad value matches np.pad."""
    X = te.placeholder((3, 4, 5), name="X")
    x = tt.random_data(X.shape, "float32")
    out = topi.nn.pad(X, (1, 0, 2), (0, 3, 1), pad_value=-2.0)
    ref = np.pad(x, [(1, 0), (0, 3), (2, 1)], constant_values=-2.0)
    _both(out, [X], [x], ref, topi.x86.schedule_injective)


@pytest.mark.parametrize("method", ["nearest_neighbor", "bilinear"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_upsampling(method, align_corners):
    """upsampling by 2x3 (TVM semantics: asymmetric or align_corners) matches the reference;
    nearest / align_corners bilinear also match torch."""
    torch = pytest.importorskip("torch")
    X = te.placeholder((1, 2, 4, 5), name="X")
    x = tt.random_data(X.shape, "float32")
    out = topi.nn.upsampling(X, 2, 3, "NCHW", method, align_corners)
    mode = "align_corners" if align_corners else "asymmetric"
    ref = tt.resize2d_python(x, (2, 3), "NCHW", "nearest_neighbor" if method[0] == "n" else
                             "linear", mode)
    _both(out, [X], [x], ref, topi.x86.schedule_injective)
    if method == "nearest_neighbor" and not align_corners:
        tref = torch.nn.functional.interpolate(torch.tensor(x), scale_factor=(2, 3)).numpy()
        np.testing.assert_allclose(ref, tref, **TOL)
    if method == "bilinear" and align_corners:
        tref = torch.nn.functional.interpolate(torch.tensor(x), scale_factor=(2, 3),
                                               mode="bilinear", align_corners=True).numpy()
        np.testing.assert_allclose(ref, tref, **TOL)


@pytest.mark.parametrize("mode", ["half_pixel", "align_corners", "asymmetric",
                                  "pytorch_half_pixel", "tf_half_pixel_for_nn"])
@pytest.mark.parametrize("method", ["nearest_neighbor", "linear"])
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
def test_resize2d(mode, method, layout):
    """resize2d to a non-integer scale (down and up) matches the reference for every mode."""
    from tvm.topi import image

    shape = (1, 3, 7, 6) if layout == "NCHW" else (1, 7, 6, 3)
    X = te.placeholder(shape, name="X")
    x = tt.random_data(shape, "float32")
    for size in ((5, 11), (3, 4)):
        out = image.resize2d(X, [0.0] * 4, size, layout, method, mode)
        ref = tt.resize2d_python(x, None, layout, method, mode, out_size=size)
        _both(out, [X], [x], ref, topi.x86.schedule_injective)


def test_resize2d_half_pixel_linear_matches_torch():
    """linear half_pixel resize equals torch's bilinear interpolate (align_corners=False)."""
    torch = pytest.importorskip("torch")
    from tvm.topi import image

    X = te.placeholder((1, 2, 5, 7), name="X")
    x = tt.random_data(X.shape, "float32")
    out = image.resize2d(X, [0.0] * 4, (8, 4), "NCHW", "linear", "half_pixel")
    tref = torch.nn.functional.interpolate(torch.tensor(x), size=(8, 4), mode="bilinear",
                                           align_corners=False).numpy()
    np.testing.assert_allclose(_run(out, [X], [x]), tref, **TOL)


def test_ops_errors():
    """Misuse raises ValueError naming the op, the argument, the expected and the found."""
    X = te.placeholder((2, 6, 5, 4), name="X")
    cases = [
        (r"prelu: slope must have the input's extent on axis 1 \(6\), found 4",
         lambda: topi.nn.prelu(X, te.placeholder((4,)), 1)),
        (r"softmax: axis must be in \[-4, 4\) for a 4-D input, found 4",
         lambda: topi.nn.softmax(X, 4)),
        (r"pool2d: pool_type must be 'max' or 'avg', found 'min'",
         lambda: topi.nn.pool2d(X, 2, 2, 1, 0, "min")),
        (r"pool2d: the window \(extent 6\) is larger than the padded input \(extent 5\)",
         lambda: topi.nn.pool2d(X, 6, 1, 1, 0, "max")),
        (r"pool2d: layout must name the axes H and W",
         lambda: topi.nn.pool2d(X, 2, 2, 1, 0, "max", layout="NCDW")),
        (r"group_norm: num_groups must be >= 1 and divide the channels \(6\), found 4",
         lambda: topi.nn.group_norm(X, te.placeholder((6,)), te.placeholder((6,)), 4, 1, [2, 3])),
        (r"layer_norm: gamma must have the shape of the normalized axes \(4,\), found \(5,\)",
         lambda: topi.nn.layer_norm(X, te.placeholder((5,)), te.placeholder((4,)), [3])),
        (r"depth_to_space: block_size\^2 must divide the channels \(6\), found block_size 2",
         lambda: topi.nn.depth_to_space(X, 2)),
        (r"space_to_depth: block_size must divide the height and width \(5, 4\), found 2",
         lambda: topi.nn.space_to_depth(X, 2)),
        (r"resize2d: coordinate_transformation_mode must be one of .* found 'bogus'",
         lambda: topi.image.resize2d(X, None, (3, 3), "NCHW", "linear", "bogus")),
        (r"batch_norm: moving_var must have the data's extent on axis 1 \(6\), found 5",
         lambda: topi.nn.batch_norm(X, *[te.placeholder((6,))] * 3, te.placeholder((5,)))),
        (r"pad: pad_before / pad_after may have at most 4 entries",
         lambda: topi.nn.pad(X, (1, 1, 1, 1, 1))),
    ]
    for match, f in cases:
        with pytest.raises(ValueError, match=match):
            f()

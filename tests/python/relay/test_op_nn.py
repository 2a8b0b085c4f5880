"""Type relations of the nn ops; output shapes against independent formulas."""
import numpy as np
import pytest

import tvm
from tvm import relay


def infer(expr):
    mod = relay.transform.InferType()(tvm.IRModule.from_expr(expr))
    return mod["main"].body.checked_type


def infer_mod(expr):
    return relay.transform.InferType()(tvm.IRModule.from_expr(expr))


def shape_of(ty):
    return tuple("?" if isinstance(d, tvm.ir.Any) else int(d.value) for d in ty.shape)


def var(shape, dtype="float32", name="x"):
    return relay.var(name, shape=shape, dtype=dtype)


def window_out(n, k, stride, pad_before, pad_after, dilation, ceil_mode=False):
    """Output extent of a sliding window: the textbook formula."""
    eff = dilation * (k - 1) + 1
    span = n + pad_before + pad_after - eff
    return (-(-span // stride) if ceil_mode else span // stride) + 1


def test_dense_and_units_infer_weight():
    """dense gives (..., units); with units and no weight type, the weight type is inferred."""
    ty = infer(relay.nn.dense(var((4, 8)), var((16, 8), name="w")))
    assert shape_of(ty) == (4, 16)
    assert shape_of(infer(relay.nn.dense(var((2, 3, 8)), var((5, 8), name="w")))) == (2, 3, 5)
    w = relay.var("w")
    mod = infer_mod(relay.Function([relay.var("x", shape=(4, 8)), w],
                                   relay.nn.dense(relay.var("x2", shape=(4, 8)), w, units=3)))
    assert shape_of(mod["main"].params[1].checked_type) == (3, 8)
    assert infer(relay.nn.dense(var((4, 8), "int8"), var((2, 8), "int8", "w"), out_dtype="int32")).dtype == "int32"


def test_dense_reduction_mismatch_names_args():
    """dense with K=8 vs K=7 names data and weight and their types."""
    with pytest.raises(tvm.error.DiagnosticError) as info:
        infer(relay.nn.dense(var((4, 8)), var((16, 7), name="w")))
    msg = str(info.value)
    assert "nn.dense" in msg and "argument 0 (data)" in msg and "argument 1 (weight)" in msg
    assert "Tensor[(4, 8), float32]" in msg and "Tensor[(16, 7), float32]" in msg


@pytest.mark.parametrize("ta,tb", [(False, False), (True, False), (False, True), (True, True)])
def test_matmul(ta, tb):
    """matmul shapes follow numpy.matmul of the (optionally transposed) operands."""
    a = np.zeros((3, 4)) if not ta else np.zeros((4, 3))
    b = np.zeros((4, 5)) if not tb else np.zeros((5, 4))
    ref = np.matmul(a.T if ta else a, b.T if tb else b).shape
    ty = infer(relay.nn.matmul(var(a.shape, name="a"), var(b.shape, name="b"), transpose_a=ta,
                               transpose_b=tb))
    assert shape_of(ty) == ref


@pytest.mark.parametrize("ta,tb", [(False, True), (False, False), (True, False)])
def test_batch_matmul(ta, tb):
    """batch_matmul shapes follow numpy.matmul per batch; the default transposes b."""
    a = np.zeros((2, 4, 3)) if ta else np.zeros((2, 3, 4))
    b = np.zeros((2, 5, 4)) if tb else np.zeros((2, 4, 5))
    ref = np.matmul(a.transpose(0, 2, 1) if ta else a, b.transpose(0, 2, 1) if tb else b).shape
    ty = infer(relay.nn.batch_matmul(var(a.shape, name="a"), var(b.shape, name="b"),
                                     transpose_a=ta, transpose_b=tb))
    assert shape_of(ty) == ref
    bcast = infer(relay.nn.batch_matmul(var((1, 3, 4), name="a"), var((6, 5, 4), name="b")))
    assert shape_of(bcast) == (6, 3, 5)


def test_bias_add_relu_softmax():
    """bias_add keeps the data type and types the bias; relu/softmax are identities."""
    x = var((2, 8, 4, 4))
    assert shape_of(infer(relay.nn.bias_add(x, var((8,), name="b")))) == (2, 8, 4, 4)
    assert shape_of(infer(relay.nn.bias_add(x, var((4,), name="b"), axis=-1))) == (2, 8, 4, 4)
    with pytest.raises(tvm.error.DiagnosticError, match=r"argument 1 \(bias\)"):
        infer(relay.nn.bias_add(x, var((3,), name="b")))
    assert shape_of(infer(relay.nn.relu(x))) == (2, 8, 4, 4)
    assert shape_of(infer(relay.nn.softmax(x, axis=1))) == (2, 8, 4, 4)
    assert shape_of(infer(relay.nn.log_softmax(x))) == (2, 8, 4, 4)
    with pytest.raises(tvm.error.DiagnosticError, match="out of range"):
        infer(relay.nn.softmax(x, axis=4))


CONV_CASES = [
    # (data NCHW, weight OIHW, strides, padding, dilation, groups)
    ((1, 3, 32, 32), (16, 3, 3, 3), (1, 1), (1, 1), (1, 1), 1),
    ((2, 3, 32, 30), (8, 3, 5, 3), (2, 2), (0, 0), (1, 1), 1),
    ((1, 4, 17, 17), (8, 2, 3, 3), (2, 1), (1, 2, 0, 1), (1, 1), 2),
    ((1, 8, 20, 20), (8, 1, 3, 3), (1, 1), (2, 2), (2, 2), 8),
    ((1, 3, 7, 9), (4, 3, 1, 1), (3, 2), (0, 0), (1, 1), 1),
]


def conv_ref_shape(data, weight, strides, padding, dilation):
    pad = list(padding) * 2 if len(padding) == 2 else list(padding)
    oh = window_out(data[2], weight[2], strides[0], pad[0], pad[2], dilation[0])
    ow = window_out(data[3], weight[3], strides[1], pad[1], pad[3], dilation[1])
    return (data[0], weight[0], oh, ow)


@pytest.mark.parametrize("data,weight,strides,padding,dilation,groups", CONV_CASES)
def test_conv2d_nchw(data, weight, strides, padding, dilation, groups):
    """conv2d NCHW/OIHW output shape matches the textbook formula."""
    ty = infer(relay.nn.conv2d(var(data), var(weight, name="w"), strides=strides,
                               padding=padding, dilation=dilation, groups=groups))
    assert shape_of(ty) == conv_ref_shape(data, weight, strides, padding, dilation)


@pytest.mark.parametrize("data,weight,strides,padding,dilation,groups", CONV_CASES[:3])
def test_conv2d_nhwc_hwio(data, weight, strides, padding, dilation, groups):
    """conv2d NHWC/HWIO gives the NCHW result's shape in NHWC order."""
    n, c, h, w = data
    o, i, kh, kw = weight
    ty = infer(relay.nn.conv2d(var((n, h, w, c)), var((kh, kw, i, o), name="w"), strides=strides,
                               padding=padding, dilation=dilation, groups=groups,
                               data_layout="NHWC", kernel_layout="HWIO"))
    rn, ro, rh, rw = conv_ref_shape(data, weight, strides, padding, dilation)
    assert shape_of(ty) == (rn, rh, rw, ro)


def test_conv2d_against_direct_convolution():
    """The inferred shape equals the shape of a direct numpy convolution (stride 2, pad 1)."""
    data = np.random.rand(1, 2, 7, 6)
    kern = np.random.rand(3, 2, 3, 3)
    padded = np.pad(data, ((0, 0), (0, 0), (1, 1), (1, 1)))
    rows = range(0, padded.shape[2] - 3 + 1, 2)
    cols = range(0, padded.shape[3] - 3 + 1, 2)
    out = np.array([[[np.sum(padded[0, :, r:r + 3, s:s + 3] * kern[o]) for s in cols]
                     for r in rows] for o in range(3)])[None]
    ty = infer(relay.nn.conv2d(var(data.shape), var(kern.shape, name="w"), strides=2, padding=1))
    assert shape_of(ty) == out.shape


def test_conv2d_infers_weight_from_channels():
    """With channels and kernel_size, an unannotated weight gets its OIHW type."""
    x = relay.var("x", shape=(1, 4, 8, 8))
    w = relay.var("w")
    mod = infer_mod(relay.Function([x, w], relay.nn.conv2d(x, w, channels=6, kernel_size=3, groups=2)))
    assert shape_of(mod["main"].params[1].checked_type) == (6, 2, 3, 3)
    assert shape_of(mod["main"].body.checked_type) == (1, 6, 6, 6)


def test_conv2d_channel_mismatch_error():
    """Input channels that do not match the weight are a DiagnosticError naming both."""
    with pytest.raises(tvm.error.DiagnosticError) as info:
        infer(relay.nn.conv2d(var((1, 3, 8, 8)), var((4, 5, 3, 3), name="w")))
    msg = str(info.value)
    assert "nn.conv2d" in msg and "3 input channels" in msg and "argument 1 (weight)" in msg
    assert "Tensor[(4, 5, 3, 3), float32]" in msg


def test_conv2d_any_batch_and_bad_layout():
    """An Any batch stays Any; an unsupported layout is reported."""
    ty = infer(relay.nn.conv2d(var((relay.Any(), 3, 8, 8)), var((2, 3, 3, 3), name="w")))
    assert shape_of(ty) == ("?", 2, 6, 6)
    with pytest.raises(tvm.error.DiagnosticError, match="data_layout"):
        infer(relay.nn.conv2d(var((1, 3, 8, 8)), var((2, 3, 3, 3), name="w"), data_layout="NCDW"))


@pytest.mark.parametrize("pool,strides,padding,ceil", [
    ((2, 2), (2, 2), (0, 0), False), ((3, 3), (2, 2), (1, 1), False), ((3, 3), (2, 2), (0, 0), True),
    ((2, 3), (1, 2), (0, 1, 1, 0), False),
])
@pytest.mark.parametrize("op", ["max_pool2d", "avg_pool2d"])
def test_pool2d(op, pool, strides, padding, ceil):
    """Pooling output extents follow the window formula (with ceil when ceil_mode)."""
    pad = list(padding) * 2 if len(padding) == 2 else list(padding)
    ty = infer(getattr(relay.nn, op)(var((1, 4, 15, 14)), pool, strides, padding=padding,
                                     ceil_mode=ceil))
    assert shape_of(ty) == (1, 4, window_out(15, pool[0], strides[0], pad[0], pad[2], 1, ceil),
                            window_out(14, pool[1], strides[1], pad[1], pad[3], 1, ceil))


def test_pool2d_nhwc_and_global():
    """NHWC pooling and the global pools."""
    assert shape_of(infer(relay.nn.max_pool2d(var((1, 8, 8, 3)), (2, 2), (2, 2), layout="NHWC"))) == (1, 4, 4, 3)
    assert shape_of(infer(relay.nn.global_avg_pool2d(var((2, 5, 7, 7))))) == (2, 5, 1, 1)
    assert shape_of(infer(relay.nn.global_max_pool2d(var((2, 7, 7, 5)), layout="NHWC"))) == (2, 1, 1, 5)


def test_batch_norm_types_params():
    """batch_norm returns (data, mean, var) and types its parameters as (C,)."""
    x = relay.var("x", shape=(2, 6, 4, 4))
    params = [relay.var(n) for n in ["g", "b", "m", "v"]]
    bn = relay.nn.batch_norm(x, *params)
    mod = infer_mod(relay.Function([x] + params, bn[0]))
    assert shape_of(mod["main"].body.checked_type) == (2, 6, 4, 4)
    for p in mod["main"].params[1:]:
        assert shape_of(p.checked_type) == (6,)
    ty = infer(relay.nn.batch_norm(var((2, 3, 5)), *[var((5,), name=n) for n in "gbmv"], axis=-1).astuple())
    assert [shape_of(f) for f in ty.fields] == [(2, 3, 5), (5,), (5,)]


def test_batch_flatten_dropout_pad():
    """batch_flatten, dropout and pad shapes against numpy."""
    assert shape_of(infer(relay.nn.batch_flatten(var((2, 3, 4, 5))))) == (2, 60)
    assert shape_of(infer(relay.nn.dropout(var((3, 4)), 0.3))) == (3, 4)
    width = ((0, 0), (1, 2), (3, 0))
    ty = infer(relay.nn.pad(var((2, 3, 4)), width, 0.0))
    assert shape_of(ty) == np.pad(np.zeros((2, 3, 4)), width).shape
    with pytest.raises(tvm.error.DiagnosticError, match="pad_width"):
        infer(relay.nn.pad(var((2, 3)), ((1, 1),)))


def test_small_network_prints_and_infers():
    """A conv-bn-relu-pool-dense network infers and prints with attrs and types."""
    x = relay.var("data", shape=(1, 3, 32, 32))
    w = relay.var("w")
    y = relay.nn.conv2d(x, w, channels=8, kernel_size=3, padding=1)
    y = relay.nn.bias_add(y, relay.var("b"))
    y = relay.nn.relu(y)
    y = relay.nn.max_pool2d(y, (2, 2), (2, 2))
    y = relay.nn.batch_flatten(y)
    y = relay.nn.dense(y, relay.var("fc"), units=10)
    y = relay.nn.softmax(y)
    mod = infer_mod(relay.Function(relay.analysis.free_vars(y), y))
    assert shape_of(mod["main"].body.checked_type) == (1, 10)
    text = str(mod)
    assert "nn.conv2d(%data, %w, padding=[1, 1, 1, 1], channels=8, kernel_size=[3, 3])" in text
    assert "%fc: Tensor[(10, 2048), float32]" in text
    assert "-> Tensor[(1, 10), float32]" in text


@pytest.mark.parametrize("h,k,s,p,d,op", [(8, 3, 2, 1, 1, 1), (5, 4, 1, 0, 1, 0), (7, 3, 3, 2, 2, 0)])
def test_conv2d_transpose_inverts_conv2d_shape(h, k, s, p, d, op):
    """conv2d_transpose's output extent is one that conv2d (same params) maps back to the input
    extent, plus output_padding; the channels come from the IOHW weight and groups."""
    ty = infer(relay.nn.conv2d_transpose(var((1, 4, h, h + 1)), var((4, 3, k, k), name="w"),
                                         strides=s, padding=p, dilation=d, output_padding=op,
                                         groups=1))
    n, c, oh, ow = shape_of(ty)
    assert (n, c) == (1, 3)
    assert window_out(oh - op, k, s, p, p, d) == h
    assert window_out(ow - op, k, s, p, p, d) == h + 1
    assert oh == (h - 1) * s - 2 * p + d * (k - 1) + op + 1


def test_conv2d_transpose_groups_and_weight_inference():
    """With groups, output channels are O x groups; channels + kernel_size type the weight."""
    assert shape_of(infer(relay.nn.conv2d_transpose(var((1, 4, 5, 5)), var((4, 2, 3, 3), name="w"),
                                                    groups=2)))[1] == 4
    x = relay.var("x", shape=(1, 4, 5, 5))
    w = relay.var("w")
    mod = infer_mod(relay.Function([x, w], relay.nn.conv2d_transpose(x, w, channels=6,
                                                                       kernel_size=2, strides=2)))
    assert shape_of(mod["main"].params[1].checked_type) == (4, 6, 2, 2)
    assert shape_of(mod["main"].body.checked_type) == (1, 6, 10, 10)
    with pytest.raises(tvm.error.DiagnosticError, match="input channels"):
        infer(relay.nn.conv2d_transpose(var((1, 4, 5, 5)), var((3, 2, 3, 3), name="w")))


def test_activations_and_norms():
    """leaky_relu keeps the type; prelu and layer_norm type their parameter vectors."""
    x = relay.var("x", shape=(2, 6, 5))
    assert shape_of(infer(relay.nn.leaky_relu(x, 0.1))) == (2, 6, 5)
    a = relay.var("a")
    mod = infer_mod(relay.Function([x, a], relay.nn.prelu(x, a)))
    assert shape_of(mod["main"].params[1].checked_type) == (6,)
    g, b = relay.var("g"), relay.var("b")
    mod = infer_mod(relay.Function([x, g, b], relay.nn.layer_norm(x, g, b)))
    assert shape_of(mod["main"].params[1].checked_type) == (5,)
    assert shape_of(mod["main"].body.checked_type) == (2, 6, 5)


def test_upsampling_and_adaptive_pool():
    """upsampling scales H and W (floor); adaptive pools give the requested size."""
    assert shape_of(infer(relay.nn.upsampling(var((1, 3, 5, 7)), 2, 1.5))) == (1, 3, 10, 10)
    assert shape_of(infer(relay.nn.upsampling(var((1, 5, 7, 3)), 2, 2, layout="NHWC"))) == (1, 10, 14, 3)
    assert shape_of(infer(relay.nn.adaptive_avg_pool2d(var((2, 3, 9, 9)), (3, 4)))) == (2, 3, 3, 4)
    assert shape_of(infer(relay.nn.adaptive_max_pool2d(var((2, 9, 9, 3)), 1, layout="NHWC"))) == (2, 1, 1, 3)
    assert shape_of(infer(relay.nn.adaptive_avg_pool2d(var((2, 3, 9, 8))))) == (2, 3, 9, 8)


def test_instance_and_group_norm():
    """instance_norm and group_norm type gamma/beta as (C,); groups must divide C."""
    x = relay.var("x", shape=(2, 6, 4, 4))
    g, b = relay.var("g"), relay.var("b")
    for op in [relay.nn.instance_norm(x, g, b), relay.nn.group_norm(x, g, b, num_groups=3)]:
        mod = infer_mod(relay.Function([x, g, b], op))
        assert shape_of(mod["main"].params[1].checked_type) == (6,)
        assert shape_of(mod["main"].body.checked_type) == (2, 6, 4, 4)
    with pytest.raises(tvm.error.DiagnosticError, match="4 groups"):
        infer(relay.nn.group_norm(var((2, 6, 4, 4)), var((6,), name="g"), var((6,), name="b"), 4))


def test_image_resize2d():
    """resize2d sets H and W to the requested size, in either layout."""
    assert shape_of(infer(relay.image.resize2d(var((1, 3, 10, 12)), (20, 24)))) == (1, 3, 20, 24)
    ty = infer(relay.image.resize2d(var((1, 10, 12, 3)), 7, layout="NHWC", method="nearest_neighbor"))
    assert shape_of(ty) == (1, 7, 7, 3)


def test_contrib_depthwise_conv2d_nchwc_type():
    """contrib_depthwise_conv2d_NCHWc gives [N, O/oc, OH, OW, oc] with the window formula;
    a multiplier-2 kernel has twice the channels."""
    x = var((1, 3, 13, 11, 16))
    ty = infer(relay.nn.contrib_depthwise_conv2d_nchwc(
        x, var((3, 1, 3, 3, 1, 16), name="w"), strides=(2, 1), padding=(1, 1), groups=48,
        data_layout="NCHW16c", kernel_layout="OIHW1i16o", out_layout="NCHW16c"))
    assert shape_of(ty) == (1, 3, window_out(13, 3, 2, 1, 1, 1), window_out(11, 3, 1, 1, 1, 1),
                            16)
    ty = infer(relay.nn.contrib_depthwise_conv2d_nchwc(
        var((1, 2, 9, 9, 3)), var((3, 1, 5, 5, 1, 4), name="w"), dilation=2, padding=4, groups=6,
        data_layout="NCHW3c", kernel_layout="OIHW1i4o", out_layout="NCHW4c"))
    assert shape_of(ty) == (1, 3, window_out(9, 5, 1, 4, 4, 2), window_out(9, 5, 1, 4, 4, 2), 4)
    assert shape_of(infer(relay.nn.contrib_conv2d_nchwc(
        var((1, 2, 8, 8, 8)), var((4, 2, 3, 3, 8, 16), name="w"), padding=1, data_layout="NCHW8c",
        kernel_layout="OIHW8i16o", out_layout="NCHW16c"))) == (1, 4, 8, 8, 16)


@pytest.mark.parametrize("data,weight,groups,layouts,match", [
    ((1, 2, 8, 8, 16), (2, 1, 3, 3, 1, 16), 32, ("NCHW16c", "NCHW16c"), None),
    ((1, 32, 8, 8), (2, 1, 3, 3, 1, 16), 32, ("NCHW16c", "NCHW16c"), "must be 5-D"),
    ((1, 2, 8, 8, 16), (2, 2, 3, 3, 1, 16), 32, ("NCHW16c", "NCHW16c"),
     "kernel dimension 1 must be 1"),
    ((1, 2, 8, 8, 16), (2, 1, 3, 3, 1, 16), 16, ("NCHW16c", "NCHW16c"),
     "groups must equal the data's 32 channels, got 16"),
    ((1, 2, 8, 8, 16), (3, 1, 3, 3, 1, 8), 32, ("NCHW16c", "NCHW8c"),
     "24 output channels .* not a multiple of the data's 32 channels"),
    ((1, 2, 8, 8, 16), (2, 1, 3, 3, 1, 16), 32, ("NCHW8c", "NCHW16c"),
     "data_layout must be NCHW16c .* got NCHW8c"),
    ((1, 2, 8, 8, 16), (2, 1, 3, 3, 1, 16), 32, ("NCHW16c", "NCHW4c"),
     "out_layout must be NCHW16c .* got NCHW4c"),
    ((1, 2, 2, 2, 16), (2, 1, 3, 3, 1, 16), 32, ("NCHW16c", "NCHW16c"),
     "larger than the padded input"),
])
def test_contrib_depthwise_conv2d_nchwc_errors(data, weight, groups, layouts, match):
    """Each inconsistent blocked depthwise call is a diagnostic naming the op, what was
    expected and what was found (the first row is the consistent control)."""
    expr = relay.nn.contrib_depthwise_conv2d_nchwc(
        var(data), var(weight, name="w"), groups=groups, data_layout=layouts[0],
        kernel_layout="OIHW1i16o", out_layout=layouts[1])
    if match is None:
        assert shape_of(infer(expr)) == (1, 2, 6, 6, 16)
        return
    with pytest.raises(tvm.error.DiagnosticError, match=match):
        infer(expr)


def test_global_pool_blocked_layout_type():
    """global_avg/max_pool2d in NCHW16c take [N, C/16, H, W, 16] to [N, C/16, 1, 1, 16]; the
    block must match the layout's, the data must be 5-D, out_layout must not differ."""
    for op in (relay.nn.global_avg_pool2d, relay.nn.global_max_pool2d):
        assert shape_of(infer(op(var((2, 5, 7, 9, 16)), layout="NCHW16c"))) == (2, 5, 1, 1, 16)
    with pytest.raises(tvm.error.DiagnosticError, match="channel blocks of 8 but the layout is "
                                                        "NCHW16c"):
        infer(relay.nn.global_avg_pool2d(var((1, 2, 7, 7, 8)), layout="NCHW16c"))
    with pytest.raises(tvm.error.DiagnosticError, match="must be a 5-D tensor in layout NCHW16c"):
        infer(relay.nn.global_avg_pool2d(var((1, 32, 7, 7)), layout="NCHW16c"))
    with pytest.raises(tvm.error.DiagnosticError, match="out_layout \"NCHW\" must equal"):
        infer(relay.nn.global_avg_pool2d(var((1, 2, 7, 7, 16)), layout="NCHW16c",
                                         out_layout="NCHW"))


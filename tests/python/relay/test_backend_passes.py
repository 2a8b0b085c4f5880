"""The graph passes of relay.build, each checked on the IR it produces and on the values it
computes: SimplifyInference, FoldConstant, EliminateCommonSubexpr, DeadCodeElimination,
FuseOps."""
import numpy as np

import tvm.contrib.graph_executor  # noqa: F401

import tvm
from tvm import relay
from tvm.relay.transform import graph_passes as passes


def _infer(f):
    return relay.transform.InferType()(tvm.IRModule.from_expr(f))


def _run(mod, *args):
    return relay.create_executor("debug", mod=mod, device=tvm.cpu(), target="llvm") \
        .evaluate()(*args)


def test_simplify_inference_batch_norm_and_dropout():
    """batch_norm becomes multiply/add along the channel axis, dropout disappears, and the
    values are those of the inference formula."""
    x = relay.var("x", shape=(2, 3, 4, 4))
    g, b, m, v = (relay.var(n, shape=(3,)) for n in "gbmv")
    y = relay.nn.batch_norm(x, g, b, m, v, axis=1, epsilon=1e-3)[0]
    y = relay.nn.dropout(y, rate=0.3)
    mod = _infer(relay.Function([x, g, b, m, v], y))
    out = relay.transform.InferType()(passes.SimplifyInference()(mod))
    text = str(out)
    assert "batch_norm" not in text and "dropout" not in text and "rsqrt" in text
    args = [np.random.rand(2, 3, 4, 4).astype("float32")] + \
        [np.random.rand(3).astype("float32") + 0.5 for _ in range(4)]
    xa, ga, ba, ma, va = args
    s = (ga / np.sqrt(va + 1e-3)).reshape(1, 3, 1, 1)
    ref = xa * s + (ba - ma * ga / np.sqrt(va + 1e-3)).reshape(1, 3, 1, 1)
    np.testing.assert_allclose(_run(out, *args).numpy(), ref, rtol=1e-5, atol=1e-6)


def test_fold_constant_collapses_constant_subgraphs():
    """exp(c * 0.5) and a split of a constant fold; the expression on x remains."""
    c = np.arange(6, dtype="float32").reshape(2, 3)
    x = relay.var("x", shape=(2, 3))
    y = relay.add(x, relay.exp(relay.multiply(relay.const(c), relay.const(0.5))))
    f = relay.Function([x], relay.Tuple([y, relay.split(relay.const(c), 3, axis=1)[1]]))
    out = relay.transform.InferType()(passes.FoldConstant()(_infer(f)))
    body = out["main"].body
    assert isinstance(body.fields[1], relay.Constant)
    np.testing.assert_array_equal(body.fields[1].data.numpy(), c[:, 1:2])
    assert isinstance(body.fields[0].args[1], relay.Constant)
    np.testing.assert_allclose(body.fields[0].args[1].data.numpy(), np.exp(c * 0.5), rtol=1e-6)


def test_fold_constant_leaves_variables_alone():
    """A call with a variable argument is not folded (negative case)."""
    x = relay.var("x", shape=(2,))
    mod = _infer(relay.Function([x], relay.exp(x)))
    out = passes.FoldConstant()(mod)
    assert tvm.ir.structural_equal(out["main"], mod["main"])


def test_eliminate_common_subexpr():
    """Two identical exp(x) + 1 chains become one; different attributes keep two sums."""
    x = relay.var("x", shape=(4, 4))
    a = relay.add(relay.exp(x), relay.const(1.0))
    b = relay.add(relay.exp(x), relay.const(1.0))
    s0, s1 = relay.sum(x, axis=0), relay.sum(x, axis=1)
    mod = _infer(relay.Function([x], relay.Tuple([a, b, s0, s1])))
    out = passes.EliminateCommonSubexpr()(mod)
    body = out["main"].body
    assert body.fields[0].same_as(body.fields[1])
    assert not body.fields[2].same_as(body.fields[3])
    skip = passes.EliminateCommonSubexpr(lambda call: True)(mod)
    assert not skip["main"].body.fields[0].same_as(skip["main"].body.fields[1])


def test_dead_code_elimination_removes_unused_lets():
    """An unused let binding goes away; a used one stays."""
    x = relay.var("x", shape=(2,))
    dead, live = relay.var("dead"), relay.var("live")
    body = relay.Let(dead, relay.exp(x), relay.Let(live, relay.negative(x), relay.add(live, x)))
    out = passes.DeadCodeElimination()(_infer(relay.Function([x], body)))
    text = str(out)
    assert "exp" not in text and "negative" in text


def test_fuse_ops_epilogue_and_level_zero():
    """bias_add + relu after a reduction chain: fusion at the default level, one kernel per
    op at fuse level 0."""
    x = relay.var("x", shape=(8, 8))
    y = relay.nn.relu(relay.add(relay.multiply(x, relay.const(2.0)), relay.const(1.0)))
    mod = _infer(relay.Function([x], relay.sum(y, axis=1)))
    fused = passes.FuseOps()(mod)
    assert str(fused).count("Primitive=1") == 1
    unfused = passes.FuseOps(0)(mod)
    assert str(unfused).count("Primitive=1") == 4


def test_simplify_expr_removes_redundant_layout_ops():
    """reshape(reshape), transpose(transpose) = identity, a same-dtype cast and x * 1 + 0
    disappear; a transpose pair that is not the identity becomes one transpose."""
    x = relay.var("x", shape=(2, 3, 4))
    y = relay.reshape(relay.reshape(x, (6, 4)), (2, 3, 4))
    y = relay.transpose(relay.transpose(y, (1, 0, 2)), (1, 0, 2))
    y = relay.cast(y, "float32")
    y = relay.add(relay.multiply(y, relay.const(1.0)), relay.const(0.0))
    z = relay.transpose(relay.transpose(x, (2, 0, 1)), (2, 0, 1))
    mod = _infer(relay.Function([x], relay.Tuple([y, z])))
    out = relay.transform.InferType()(passes.SimplifyExpr()(mod))
    body = out["main"].body
    assert body.fields[0].same_as(out["main"].params[0])
    assert str(body.fields[1]).count("transpose") == 1
    a = np.random.rand(2, 3, 4).astype("float32")
    r = _run(out, a)
    np.testing.assert_array_equal(r[0].numpy(), a)
    np.testing.assert_array_equal(r[1].numpy(), a.transpose(2, 0, 1).transpose(2, 0, 1))


def test_simplify_expr_keeps_what_changes_values():
    """x * 2 and a cast to another dtype stay (negative case)."""
    x = relay.var("x", shape=(3,))
    mod = _infer(relay.Function([x], relay.cast(relay.multiply(x, relay.const(2.0)), "int32")))
    out = passes.SimplifyExpr()(mod)
    assert tvm.ir.structural_equal(out["main"].body, mod["main"].body)


def test_a_normal_form_and_back():
    """ToANormalForm binds every call once (a shared value is one let); ToGraphNormalForm
    restores a graph structurally equal to the original; values are unchanged."""
    x = relay.var("x", shape=(4,))
    shared = relay.exp(x)
    c = relay.var("c", shape=(), dtype="bool")
    body = relay.If(c, relay.add(shared, shared), relay.negative(shared))
    mod = _infer(relay.Function([x, c], body))
    anf = relay.transform.InferType()(passes.ToANormalForm()(mod))
    text = str(anf)
    assert text.count("exp(") == 1 and "let" in text
    back = relay.transform.InferType()(passes.ToGraphNormalForm()(anf))
    assert tvm.ir.structural_equal(back["main"], mod["main"]), str(back)
    a = np.random.rand(4).astype("float32")
    for cond in (True, False):
        np.testing.assert_allclose(_run(anf, a, np.array(cond)).numpy(),
                                   _run(mod, a, np.array(cond)).numpy(), rtol=1e-6)


def _conv_chain():
    """conv -> scale/shift (batch_norm folded) -> relu -> conv -> + residual -> relu."""
    rng = np.random.RandomState(0)
    x = relay.var("x", shape=(1, 16, 10, 10))
    w1 = relay.const(rng.randn(32, 16, 3, 3).astype("float32") * 0.1)
    w2 = relay.const(rng.randn(32, 32, 3, 3).astype("float32") * 0.1)
    scale = relay.const(rng.rand(32, 1, 1).astype("float32") + 0.5)
    shift = relay.const(rng.randn(32, 1, 1).astype("float32"))
    bias = relay.const(rng.randn(32).astype("float32"))
    y = relay.nn.conv2d(x, w1, padding=(1, 1))
    y = relay.nn.relu(relay.add(relay.multiply(y, scale), shift))
    z = relay.nn.bias_add(relay.nn.conv2d(y, w2, padding=(1, 1)), bias)
    out = relay.nn.relu(relay.add(z, y))
    return _infer(relay.Function([x], relay.nn.global_avg_pool2d(out)))


def test_alter_op_layout_keeps_the_chain_blocked():
    """Both convolutions become contrib_conv2d_NCHWc; scale, shift, relu, bias and the
    residual add run blocked, and the global pooling too; only the input and the pooled
    output see a layout transform."""
    mod = _conv_chain()
    out = relay.transform.InferType()(passes.FoldConstant()(relay.transform.InferType()(
        passes.AlterOpLayout(16)(mod))))
    text = str(out["main"])
    assert text.count("nn.contrib_conv2d_NCHWc") == 2 and "nn.conv2d(" not in text
    # One transform into NCHW16c for x, one back after the (blocked) pooling; the weight and
    # constant transforms folded away.
    assert text.count("layout_transform") == 2, text


def test_alter_op_layout_values_and_skipped_cases():
    """The altered program computes the same values (graph executor, opt 3 vs opt 2);
    a grouped convolution is left alone (negative case)."""
    mod = _conv_chain()
    x = np.random.rand(1, 16, 10, 10).astype("float32")
    outs = []
    for level in (2, 3):
        with tvm.transform.PassContext(opt_level=level):
            lib = relay.build(mod, target="llvm")
        m = tvm.contrib.graph_executor.GraphModule(lib["default"](tvm.cpu()))
        m.run(x=x)
        outs.append(m.get_output(0).numpy())
        assert ("contrib_conv2d_NCHWc" in lib.get_graph_json()) == (level == 3)
    np.testing.assert_allclose(outs[1], outs[0], rtol=1e-4, atol=1e-6)
    xg = relay.var("x", shape=(1, 8, 6, 6))
    wg = relay.const(np.random.rand(8, 2, 3, 3).astype("float32"))
    grouped = _infer(relay.Function([xg], relay.nn.conv2d(xg, wg, groups=4)))
    assert "NCHWc" not in str(passes.AlterOpLayout(16)(grouped))


def _inverted_residual_net(rng):
    """A stem 1x1 convolution 8 -> 24 channels, then two MobileNetV2 blocks on 24 channels
    (block 8 at 16 lanes): expand 1x1 -> 144 (block 16), bias, relu6; depthwise 3x3 (stride
    1, then 2), bias, relu6; project 1x1 -> 24; the first block's residual add. Returns the
    function and its weights for the references (the stem's weight first)."""
    x = relay.var("x", shape=(1, 8, 10, 9))
    stem = rng.randn(24, 8, 1, 1).astype("float32") * 0.3
    params = [stem]
    y = relay.nn.conv2d(x, relay.const(stem))
    for stride in (1, 2):
        we = rng.randn(144, 24, 1, 1).astype("float32") * 0.2
        be = rng.randn(144).astype("float32")
        wd = rng.randn(144, 1, 3, 3).astype("float32") * 0.5
        bd = rng.randn(144).astype("float32")
        wp = rng.randn(24, 144, 1, 1).astype("float32") * 0.1
        params.append((we, be, wd, bd, wp, stride))
        h = relay.clip(relay.nn.bias_add(relay.nn.conv2d(y, relay.const(we)), relay.const(be)),
                       0.0, 6.0)
        h = relay.nn.conv2d(h, relay.const(wd), strides=stride, padding=(1, 1), groups=144)
        h = relay.clip(relay.nn.bias_add(h, relay.const(bd)), 0.0, 6.0)
        h = relay.nn.conv2d(h, relay.const(wp))
        y = relay.add(h, y) if stride == 1 else h
    return _infer(relay.Function([x], relay.nn.global_avg_pool2d(relay.nn.relu(y)))), params


def _inverted_residual_torch(x, params):
    torch = __import__("pytest").importorskip("torch")
    f = torch.nn.functional
    y = f.conv2d(torch.tensor(x), torch.tensor(params[0]))
    for we, be, wd, bd, wp, stride in params[1:]:
        h = f.relu6(f.conv2d(y, torch.tensor(we), torch.tensor(be)))
        h = f.relu6(f.conv2d(h, torch.tensor(wd), torch.tensor(bd), stride=stride, padding=1,
                             groups=144))
        h = f.conv2d(h, torch.tensor(wp))
        y = h + y if stride == 1 else h
    return torch.relu(y).mean(dim=(2, 3), keepdim=True).numpy()


def test_alter_op_layout_depthwise_blocks_stay_blocked():
    """In MobileNetV2 blocks the depthwise convolutions become contrib_depthwise_conv2d_NCHWc
    with the block of their channel count (that of the expand convolution's output), so the
    whole body runs blocked, the final global pooling too: after FoldConstant only the
    input's and the pooled output's layout transforms remain, none between blocked
    operators."""
    mod, _ = _inverted_residual_net(np.random.RandomState(0))
    out = relay.transform.InferType()(passes.FoldConstant()(relay.transform.InferType()(
        passes.AlterOpLayout(16)(mod))))
    text = str(out["main"])
    assert text.count("nn.contrib_depthwise_conv2d_NCHWc") == 2, text
    assert text.count("nn.contrib_conv2d_NCHWc") == 5 and "nn.conv2d(" not in text
    assert text.count('kernel_layout="OIHW1i16o"') == 2 and 'data_layout="NCHW16c"' in text
    assert text.count("layout_transform") == 2, text
    assert 'src_layout="NCHW", dst_layout="NCHW8c"' in text
    assert 'src_layout="NCHW8c", dst_layout="NCHW"' in text
    assert 'nn.global_avg_pool2d(%' in text and 'layout="NCHW8c"' in text


def test_alter_op_layout_depthwise_values():
    """The blocked build (opt 3) and the NCHW one (opt 2) both equal torch on the two blocks;
    the opt-3 graph runs the blocked depthwise kernel."""
    mod, params = _inverted_residual_net(np.random.RandomState(1))
    x = np.random.RandomState(2).rand(1, 8, 10, 9).astype("float32")
    ref = _inverted_residual_torch(x, params)
    for level in (2, 3):
        with tvm.transform.PassContext(opt_level=level):
            lib = relay.build(mod, target="llvm")
        m = tvm.contrib.graph_executor.GraphModule(lib["default"](tvm.cpu()))
        m.run(x=x)
        np.testing.assert_allclose(m.get_output(0).numpy(), ref, rtol=1e-4, atol=1e-4)
        assert ("contrib_depthwise_conv2d_NCHWc" in lib.get_graph_json()) == (level == 3)


def test_alter_op_layout_skips_other_grouped_convolutions():
    """A depthwise convolution with channel multiplier 2 and a grouped one with 2 channels per
    group keep their NCHW form (negative cases)."""
    x = relay.var("x", shape=(1, 8, 6, 6))
    mult = relay.nn.conv2d(x, relay.const(np.ones((16, 1, 3, 3), "float32")), groups=8)
    grouped = relay.nn.conv2d(x, relay.const(np.ones((8, 2, 3, 3), "float32")), groups=4)
    for body in (mult, grouped):
        assert "NCHWc" not in str(passes.AlterOpLayout(16)(_infer(relay.Function([x], body))))


def test_alter_op_layout_channel_blocks():
    """Blocks at 16 lanes: the largest power of two up to 16 dividing the channels when it is
    at least 4 (24 -> 8, 20 -> 4, 48 -> 16), else the largest divisor up to 16 (7 -> 7,
    6 -> 6); a depthwise convolution takes its channels' block."""
    x = relay.var("x", shape=(1, 7, 6, 6))
    y = x
    for c_in, c_out in ((7, 6), (6, 20), (20, 24), (24, 48)):
        y = relay.nn.conv2d(y, relay.const(np.ones((c_out, c_in, 1, 1), "float32")))
    y = relay.nn.conv2d(y, relay.const(np.ones((48, 1, 3, 3), "float32")), padding=1,
                        groups=48)
    text = str(passes.AlterOpLayout(16)(_infer(relay.Function([x], y)))["main"])
    for kernel_layout in ("OIHW7i6o", "OIHW6i4o", "OIHW4i8o", "OIHW8i16o", "OIHW1i16o"):
        assert f'kernel_layout="{kernel_layout}"' in text, (kernel_layout, text)

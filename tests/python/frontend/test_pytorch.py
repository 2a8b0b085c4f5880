"""relay.frontend.from_pytorch: TorchScript traces imported, compiled with relay.build and
compared with torch's own outputs on random inputs; bad input is a typed error.

The torchvision models beyond ResNet-18/50 and the MobileNets compile for 10-60 s each on a
2-core machine; they run when TVM_TEST_SLOW=1 (the numbers are in docs/frontends.md).
"""
import os

import numpy as np
import pytest

import tvm
from tvm import relay
from tvm.contrib import graph_executor

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional

SLOW = pytest.mark.skipif(not os.environ.get("TVM_TEST_SLOW"),
                          reason="compiles for a minute on 2 cores; set TVM_TEST_SLOW=1")


def _trace(module, *inputs):
    if isinstance(module, nn.Module):
        module = module.eval()
    with torch.no_grad():
        return torch.jit.trace(module, tuple(inputs), check_trace=False)


def _run(mod, params, inputs):
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(mod, target="llvm", params=params)
    gmod = graph_executor.GraphModule(lib["default"](tvm.cpu()))
    for name, value in inputs.items():
        gmod.set_input(name, value)
    gmod.run()
    return [gmod.get_output(i).numpy() for i in range(gmod.get_num_outputs())]


def _flat(out):
    if isinstance(out, (tuple, list)):
        return [y for x in out for y in _flat(x)]
    return [out]


def _compare(module, *inputs, tol=1e-4, kinds=()):
    """Trace `module`, import, build and run it; every output within `tol` relative error
    (Frobenius norm) of torch's; integer and boolean outputs equal. `kinds`: op kinds the
    trace must contain (so the test exercises the path it names)."""
    traced = _trace(module, *inputs)
    graph = traced.graph.copy()
    torch._C._jit_pass_inline(graph)
    present = {n.kind() for n in graph.nodes()}
    for k in kinds:
        assert k in present, f"the trace has no {k}: {sorted(present)}"
    with torch.no_grad():
        ref = _flat(module(*inputs))
    infos = [(f"input{i}", (list(x.shape), str(x.dtype).replace("torch.", "")))
             for i, x in enumerate(inputs)]
    mod, params = relay.frontend.from_pytorch(traced, infos)
    got = _run(mod, params, {f"input{i}": x.numpy() for i, x in enumerate(inputs)})
    assert len(got) == len(ref)
    for g, r in zip(got, ref):
        r = r.numpy()
        assert g.shape == r.shape, (g.shape, r.shape)
        if r.dtype.kind in "biu":
            np.testing.assert_array_equal(g, r)
            assert g.dtype == r.dtype, (g.dtype, r.dtype)
        else:
            denom = max(np.linalg.norm(r), 1e-30)
            err = np.linalg.norm(g.astype("float64") - r) / denom
            assert err < tol, f"relative error {err:.2e}"
    return mod, params


# ---- operators ------------------------------------------------------------------------------
class Elementwise(nn.Module):
    def forward(self, x, y):
        a = x + 2 * y - 0.5
        b = (1 - x) * y / 3.0
        c = torch.clamp(a, -1.0, 1.5) + F.hardtanh(b, -0.2, 0.3) + torch.pow(x, 2) + x ** 3
        d = F.gelu(a) + F.gelu(b, approximate="tanh") + F.silu(a) + F.hardswish(b) + \
            F.hardsigmoid(a) + F.leaky_relu(a, 0.1) + F.elu(b) + F.softplus(a) + F.relu6(a * 4)
        e = torch.sigmoid(a) * torch.tanh(b) + torch.exp(-a.abs()) + torch.log(a.abs() + 1) + \
            torch.sqrt(b.abs()) + torch.rsqrt(b.abs() + 1) + torch.erf(a) + torch.floor(a) + \
            torch.reciprocal(b.abs() + 1) + torch.maximum(a, b) - torch.minimum(a, b)
        f = torch.where(x > y, a, b) + a.masked_fill(b < 0, 0.25)
        return c + d + e + f, (x > y) & (y > 0), x >= 0.5


def test_elementwise_and_activations_match_torch():
    """Arithmetic with scalars, activations, comparisons, where and masked_fill equal torch."""
    torch.manual_seed(0)
    _compare(Elementwise(), torch.randn(3, 5), torch.randn(3, 5), tol=1e-5)


class Shapes(nn.Module):
    def forward(self, x):
        n = x.size(0)
        a = x.view(n, -1, 4).transpose(1, 2).contiguous()            # (2, 4, 15)
        b = a.permute(2, 0, 1).reshape(15, 8).unsqueeze(0).squeeze(0)
        c = torch.flatten(x, 1)[:, 1:-2:3]
        p, q, r = torch.chunk(x, 3, dim=1)
        s1, s2 = torch.split(x, [1, 4], dim=3)
        d = torch.cat([p, q * r], dim=1).select(2, -1)
        e = torch.stack([s1.squeeze(3), s2.sum(3)], dim=-1)
        f = x[:, 0:1].expand(2, 3, 4, 5).repeat(1, 1, 2, 1)
        g = torch.roll(x, shifts=(1, -2), dims=(1, 3))
        m = x.mean(dim=(2, 3), keepdim=True) + x.sum(-1, keepdim=True) + x.amax(1, keepdim=True)
        values, idx = x.max(dim=2)
        return b, c, d, e, f, g, m, values, idx, x.argmax(1), F.pad(x, (1, 2, 0, 1), value=0.5)


def test_shape_and_layout_ops_match_torch():
    """view/reshape with -1, transpose, permute, slicing with steps and negative bounds,
    chunk, split, cat, stack, select, expand, repeat, roll, reductions, max with indices,
    argmax and constant pad equal torch."""
    torch.manual_seed(0)
    _compare(Shapes(), torch.randn(2, 3, 4, 5), tol=1e-6)


class Matmuls(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(6, 7))
        self.bias = nn.Parameter(torch.randn(7))
        self.emb = nn.Embedding(10, 6)
        self.ln = nn.LayerNorm([4, 6])
        self.gn = nn.GroupNorm(2, 4)

    def forward(self, x, y, ids):
        a = torch.matmul(x, y)                         # (2, 3, 4, 6) @ (3, 6, 5): broadcast
        yb = y.repeat(2, 1, 1)
        b = torch.bmm(x.reshape(6, 4, 6), yb)
        c = torch.addmm(self.bias, x.reshape(24, 6), self.w)
        d = torch.baddbmm(b, x.reshape(6, 4, 6), yb, beta=0.5, alpha=2.0)
        e = self.emb(ids) + self.ln(x.reshape(6, 4, 6))
        f = torch.softmax(a, -1) + torch.log_softmax(a, 1)
        g = self.gn(x.reshape(2, 4, 3, 6))
        return a, b, c, d, e, f, g, x.reshape(24, 6) @ self.w


def test_matmul_norm_embedding_softmax_match_torch():
    """matmul with batch broadcasting, bmm, addmm, baddbmm, embedding (int64 ids), layer_norm
    over two axes, group_norm, softmax / log_softmax over several axes equal torch."""
    torch.manual_seed(0)
    _compare(Matmuls(), torch.randn(2, 3, 4, 6), torch.randn(3, 6, 5),
             torch.randint(0, 10, (6, 4)), tol=1e-5)


class Convs(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(3, 4, 3, padding=1, stride=2)
        self.c2 = nn.Conv2d(4, 8, 3, padding=(2, 1), dilation=(2, 1), groups=2)
        self.ct = nn.ConvTranspose2d(8, 3, 3, stride=2, padding=1, output_padding=1)
        self.c3 = nn.Conv3d(2, 2, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.bn.running_mean.uniform_(-1, 1)
        self.bn.running_var.uniform_(0.5, 2)
        self.bn.weight.data.uniform_(0.5, 1.5)
        self.bn.bias.data.uniform_(-1, 1)

    def forward(self, x1, x2, x3):
        a = self.c1(x1)
        b = F.relu(self.bn(self.c2(x2)))
        c = self.ct(b)
        d = F.max_pool2d(b, 3, 2, 1, ceil_mode=True) + F.avg_pool2d(b, 3, 2, 1, ceil_mode=True)
        e = F.avg_pool2d(b, 2, count_include_pad=False, padding=1) + \
            F.adaptive_avg_pool2d(b, (5, 3)).sum()
        f1 = F.interpolate(b, scale_factor=2, mode="nearest")
        f2 = F.interpolate(b, size=(13, 7), mode="bilinear", align_corners=False)
        g = F.channel_shuffle(b, 2)
        return a, c, d, e, f1, f2, g, self.c3(x3)


def test_convolutions_pools_resize_match_torch():
    """conv1d/2d (dilation, groups)/3d, conv_transpose2d, batch norm, max/avg pools with
    ceil_mode (a last window running past the padding) and count_include_pad, adaptive avg
    pool, nearest and bilinear upsampling, channel_shuffle equal torch."""
    torch.manual_seed(0)
    _compare(Convs(), torch.randn(1, 3, 9), torch.randn(1, 4, 10, 5), torch.randn(1, 2, 4, 5, 6),
             tol=1e-5)


class Extras(nn.Module):
    def __init__(self):
        super().__init__()
        self.prelu = nn.PReLU(4)
        self.conv = nn.Conv2d(4, 4, (3, 5), padding="same", dilation=(1, 2))
        self.inorm = nn.InstanceNorm2d(4, affine=True)

    def forward(self, x):
        a = F.mish(x) + self.prelu(x) + torch.clamp_min(x, -0.3) + torch.square(x)
        b = self.conv(x) + self.inorm(x) + F.elu(x, alpha=0.7)
        parts = torch.unbind(x.narrow(2, 1, 3), dim=2)
        c = torch.stack(parts, 0).unflatten(0, (1, 3)).sum(1)
        values, idx = x.min(dim=3, keepdim=True)
        return a, b, c, values, idx, x.argmin(2), x.mean(1, dtype=torch.float64)


def test_more_activations_norms_and_views_match_torch():
    """mish, prelu, clamp_min, square, conv2d padding='same' with dilation, instance norm,
    narrow, unbind, stack, unflatten, min with indices, argmin, mean with a dtype equal torch."""
    torch.manual_seed(0)
    _compare(Extras(), torch.randn(2, 4, 5, 6), tol=1e-5)


class Indexing(nn.Module):
    def __init__(self):
        super().__init__()
        self.table = nn.Parameter(torch.randn(10, 3))
        self.register_buffer("idx", torch.tensor([[1, -1], [3, 0]]))

    def forward(self, x):
        mask = x.new_zeros((4, 5))
        mask[1:3, 2:] = 1.5  # a slice view of a constant written in place
        a = self.table[self.idx.view(-1)]
        b = x[:, torch.tensor([0, 2, -1])]
        return a, b, F.dropout(x, p=0.0) + mask


def test_index_and_constant_masks_built_in_place():
    """aten::index with an index buffer (negative entries) and a constant index tensor; a mask
    from new_zeros whose slice is filled in place folds through torch with the write seen;
    dropout with p=0 in training mode is the identity."""
    torch.manual_seed(0)
    _compare(Indexing(), torch.randn(4, 5), tol=1e-6, kinds=["aten::index", "aten::fill_"])


def test_integer_shape_arithmetic_folds_to_static_shapes():
    """size -> NumToTensor -> div/mul -> Int -> view folds to a static reshape while importing,
    and an int64 input keeps torch's dtypes through arithmetic (// stays int64, / is float)."""
    class M(nn.Module):
        def forward(self, x, k):
            b, c = x.size(0), x.size(1)
            h = torch.div(torch.tensor(c), 2, rounding_mode="trunc")
            return x.view(int(b * 2), int(h), -1).sum(-1), k * 3 + 1, k // 2, k / 2

    torch.manual_seed(0)
    _compare(M(), torch.randn(3, 4, 5), torch.randint(-9, 9, (4,)), tol=1e-6)


# ---- parameters and inputs ------------------------------------------------------------------
def test_weights_become_named_params():
    """Weights and buffers are parameters of main after the inputs, named by attribute path,
    with torch's values; use_parser_friendly_name replaces the dots."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Flatten(), nn.Linear(16, 2))
    traced = _trace(net, torch.randn(1, 3, 4, 4))
    mod, params = relay.frontend.from_pytorch(traced, [("data", (1, 3, 4, 4))])
    names = [p.name_hint for p in mod["main"].params]
    assert names[0] == "data"
    state = net.state_dict()
    assert set(names[1:]) == {k for k in state if not k.endswith("num_batches_tracked")}
    for k in names[1:]:
        np.testing.assert_array_equal(params[k].numpy(), state[k].numpy())
    mod2, params2 = relay.frontend.from_pytorch(traced, [("data", (1, 3, 4, 4))],
                                                use_parser_friendly_name=True)
    assert "0_weight" in params2 and "0.weight" not in params2


def test_input_infos_with_dtypes_and_traced_functions():
    """(name, (shape, dtype)) entries set the dtype; a traced function (no module) imports."""
    def fn(a, b):
        return (a * b.to(torch.float32)).sum(0), b + 1

    a, b = torch.randn(3, 2), torch.randint(0, 5, (3, 2), dtype=torch.int32)
    traced = torch.jit.trace(fn, (a, b))
    mod, params = relay.frontend.from_pytorch(traced, [("a", [3, 2]), ("b", ([3, 2], "int32"))])
    assert [p.type_annotation.dtype for p in mod["main"].params] == ["float32", "int32"]
    got = _run(mod, params, {"a": a.numpy(), "b": b.numpy()})
    np.testing.assert_allclose(got[0], fn(a, b)[0].numpy(), rtol=1e-6)
    np.testing.assert_array_equal(got[1], (b + 1).numpy())


def test_scripted_function_and_control_flow():
    """torch.jit.script output without control flow imports and matches; a scripted module
    with an `if` on a runtime value is OpNotImplemented naming the control flow."""
    @torch.jit.script
    def fn(x, y):
        return torch.relu(x) * 2 + y.transpose(0, 1)

    x, y = torch.randn(3, 4), torch.randn(4, 3)
    mod, params = relay.frontend.from_pytorch(fn, [("x", [3, 4]), ("y", [4, 3])])
    got = _run(mod, params, {"x": x.numpy(), "y": y.numpy()})[0]
    np.testing.assert_allclose(got, fn(x, y).numpy(), rtol=1e-6)

    @torch.jit.script
    def branchy(x):
        if bool(x.sum() > 0):
            return x * 2
        return x

    with pytest.raises(tvm.error.OpNotImplemented, match=r"prim::If \(control flow\)"):
        relay.frontend.from_pytorch(branchy, [("x", [3])])


# ---- attention and transformers -------------------------------------------------------------
def test_native_multi_head_attention_with_weights_and_key_padding_mask():
    """nn.MultiheadAttention's fast path (aten::_native_multi_head_attention) with a boolean
    key padding mask returns torch's output and averaged attention weights."""
    torch.manual_seed(0)
    mha = nn.MultiheadAttention(16, 4, batch_first=True).eval()

    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.mha = mha

        def forward(self, x, mask):
            return self.mha(x, x, x, key_padding_mask=mask)

    mask = torch.zeros(2, 5, dtype=torch.bool)
    mask[0, 3:] = True
    _compare(M(), torch.randn(2, 5, 16), mask, tol=1e-5,
             kinds=["aten::_native_multi_head_attention"])


def test_decomposed_attention_with_float_mask_and_cross_attention():
    """The decomposed path (seq-first nn.MultiheadAttention: linear, chunk, baddbmm, softmax)
    with an additive attention mask, and cross-attention, equal torch."""
    torch.manual_seed(0)

    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.self_attn = nn.MultiheadAttention(16, 2)
            self.cross = nn.MultiheadAttention(16, 4, batch_first=True)

        def forward(self, x, mem, mask):
            a, w = self.self_attn(x, x, x, attn_mask=mask)
            b, _ = self.cross(a.transpose(0, 1), mem, mem, need_weights=False)
            return a, w, b

    mask = torch.triu(torch.full((5, 5), float("-inf")), 1)
    _compare(M(), torch.randn(5, 2, 16), torch.randn(2, 7, 16), mask, tol=1e-5,
             kinds=["aten::baddbmm", "aten::softmax"])


def test_transformer_encoder_layer_fast_path_variants():
    """aten::_transformer_encoder_layer_fwd with norm_first + gelu, and with a key padding
    mask (mask_type 1), equals torch."""
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(32, 4, 64, activation="gelu", norm_first=True,
                                       batch_first=True).eval()
    _compare(layer, torch.randn(2, 6, 32), tol=1e-5,
             kinds=["aten::_transformer_encoder_layer_fwd"])

    class Masked(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer = nn.TransformerEncoderLayer(32, 4, 64, batch_first=True)

        def forward(self, x, mask):
            return self.layer(x, src_key_padding_mask=mask)

    mask = torch.zeros(2, 6, dtype=torch.bool)
    mask[1, 4:] = True
    _compare(Masked(), torch.randn(2, 6, 32), mask, tol=1e-5,
             kinds=["aten::_transformer_encoder_layer_fwd"])


def _encoder(batch_first, d_model=768, heads=12, layers=4):
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(d_model, heads, batch_first=batch_first)
    return nn.TransformerEncoder(layer, layers).eval()


def test_transformer_encoder_4_layers_fast_path():
    """The issue's model: 4 layers, d_model 768, 12 heads, seq 128, batch 1, eval; its trace
    is four aten::_transformer_encoder_layer_fwd."""
    torch.manual_seed(1)
    _compare(_encoder(True), torch.randn(1, 128, 768),
             kinds=["aten::_transformer_encoder_layer_fwd"])


def test_transformer_encoder_decomposed():
    """A sequence-first encoder (2 layers, d_model 256, 8 heads, seq 64, batch 2): the trace
    is the decomposed attention (linear, chunk, view, transpose, bmm, softmax, layer_norm).
    benchmarks/frontends.py checks the 768-wide 4-layer one this way too."""
    torch.manual_seed(1)
    _compare(_encoder(False, 256, 8, 2), torch.randn(64, 2, 256),
             kinds=["aten::bmm", "aten::layer_norm"])


# ---- torchvision ----------------------------------------------------------------------------
def _vision(name, size=224, **kwargs):
    torchvision = pytest.importorskip("torchvision")
    torch.manual_seed(0)
    net = getattr(torchvision.models, name)(**kwargs).eval()
    if hasattr(net, "heads"):  # ViT's classifier starts at zero: give it random weights
        nn.init.normal_(net.heads.head.weight)
    _compare(net, torch.rand(1, 3, size, size))


@pytest.mark.parametrize("name", ["resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_large"])
def test_torchvision_required_models(name):
    """The issue's models (random weights) match torch to 1e-4 relative error."""
    _vision(name)


@SLOW
@pytest.mark.parametrize("name,size,kwargs", [
    ("squeezenet1_1", 224, {}), ("densenet121", 224, {}), ("shufflenet_v2_x1_0", 224, {}),
    ("efficientnet_b0", 224, {}), ("googlenet", 224, {"aux_logits": False, "init_weights": True}),
    ("inception_v3", 299, {"aux_logits": False, "init_weights": True}), ("vgg11", 224, {}),
    ("mnasnet0_5", 224, {}), ("regnet_y_400mf", 224, {}), ("convnext_tiny", 224, {}),
    ("swin_t", 224, {}), ("vit_b_16", 224, {}),
])
def test_torchvision_zoo(name, size, kwargs):
    """More of the zoo (concat, avg pools, channel shuffle via view/transpose, SiLU and
    squeeze-excitation, LayerNorm + GELU in NHWC blocks, shifted windows with masks built in
    place, ViT's fast-path attention) matches torch."""
    _vision(name, size, **kwargs)


def test_small_vision_transformer():
    """A 2-layer torchvision VisionTransformer (32x32 images): patch convolution, class token
    concat, aten::_native_multi_head_attention without weights, select of the token."""
    torchvision = pytest.importorskip("torchvision")
    torch.manual_seed(0)
    net = torchvision.models.VisionTransformer(image_size=32, patch_size=8, num_layers=2,
                                               num_heads=2, hidden_dim=16, mlp_dim=32).eval()
    nn.init.normal_(net.heads.head.weight)
    _compare(net, torch.randn(1, 3, 32, 32), kinds=["aten::_native_multi_head_attention"])


# ---- errors ---------------------------------------------------------------------------------
def test_unsupported_operators_are_listed_together():
    """Every aten op without a converter is named in one OpNotImplemented."""
    def fn(x):
        return torch.cumsum(x, 0) + torch.flip(x, [0]) + torch.cumsum(x, 1)

    traced = torch.jit.trace(fn, torch.randn(3, 3))
    with pytest.raises(tvm.error.OpNotImplemented, match="aten::cumsum, aten::flip$"):
        relay.frontend.from_pytorch(traced, [("x", [3, 3])])


def test_unsupported_argument_value_names_op_and_argument():
    """avg_pool2d with divisor_override is OpAttributeUnImplemented naming node and argument."""
    def fn(x):
        return F.avg_pool2d(x, 2, divisor_override=3)

    traced = torch.jit.trace(fn, torch.randn(1, 1, 4, 4))
    with pytest.raises(tvm.error.OpAttributeUnImplemented,
                       match=r"aten::avg_pool2d_0.*divisor_override=3"):
        relay.frontend.from_pytorch(traced, [("x", [1, 1, 4, 4])])


def test_type_error_names_the_torch_op():
    """A shape mismatch names the torch op (aten::linear_3) by its span: found while compiling
    when nothing downstream needs the type, while importing the consumer otherwise."""
    class M(nn.Module):
        def __init__(self, add):
            super().__init__()
            self.fcs = nn.ModuleList([nn.Linear(8, 8) for _ in range(4)])
            self.add = add

        def forward(self, x, y):
            for fc in self.fcs[:3]:
                x = fc(x)
            return x + self.fcs[3](y) if self.add else (x, self.fcs[3](y))

    infos = [("x", [2, 8]), ("y", [2, 5])]
    traced = _trace(M(False), torch.randn(2, 8), torch.randn(2, 8))
    mod, _ = relay.frontend.from_pytorch(traced, infos)
    with pytest.raises(tvm.error.DiagnosticError, match=r"\(from aten::linear_3\)"):
        relay.transform.InferType()(mod)
    traced = _trace(M(True), torch.randn(2, 8), torch.randn(2, 8))
    with pytest.raises(tvm.error.DiagnosticError,
                       match=r"converting aten::add_0: .*\(from aten::linear_3\)"):
        relay.frontend.from_pytorch(traced, infos)


def test_wrong_input_infos_are_clear_errors():
    """A wrong count, a shape that is not a list of ints, a malformed entry, a bad dtype, a
    repeated name and a module that is not TorchScript are typed errors saying what was
    expected."""
    traced = _trace(nn.Linear(4, 2), torch.randn(1, 4))
    with pytest.raises(tvm.error.TVMValueError, match="takes 1 input.*describes 2"):
        relay.frontend.from_pytorch(traced, [("x", [1, 4]), ("y", [1, 4])])
    with pytest.raises(tvm.error.TVMTypeError, match="shape of input 'x'.*found the int 4"):
        relay.frontend.from_pytorch(traced, [("x", 4)])
    with pytest.raises(tvm.error.TVMTypeError, match=r"shape of input 'x'.*\[1, 'a'\]"):
        relay.frontend.from_pytorch(traced, [("x", [1, "a"])])
    with pytest.raises(tvm.error.TVMTypeError, match=r"input_infos\[0\] must be"):
        relay.frontend.from_pytorch(traced, [[1, 4]])
    with pytest.raises(tvm.error.TVMTypeError, match="must be a list"):
        relay.frontend.from_pytorch(traced, {"x": [1, 4]})
    with pytest.raises(tvm.error.TVMTypeError, match="dtype of input 'x'"):
        relay.frontend.from_pytorch(traced, [("x", ([1, 4], "notatype"))])
    two = torch.jit.trace(lambda a, b: a + b, (torch.randn(2), torch.randn(2)))
    with pytest.raises(tvm.error.TVMValueError, match="input name 'a' is given twice"):
        relay.frontend.from_pytorch(two, [("a", [2]), ("a", [2])])
    with pytest.raises(tvm.error.TVMTypeError, match="TorchScript module.*Linear"):
        relay.frontend.from_pytorch(nn.Linear(4, 2), [("x", [1, 4])])


def test_wrong_input_shape_while_importing_names_the_op():
    """An input shape that breaks a reshape is a TVMValueError naming the op."""
    def fn(x):
        return x.reshape(2, 6)

    traced = torch.jit.trace(fn, torch.randn(3, 4))
    with pytest.raises(tvm.error.TVMValueError, match=r"aten::reshape.*shape \[3, 5\]"):
        relay.frontend.from_pytorch(traced, [("x", [3, 5])])


def test_custom_convert_map_supplies_an_operator():
    """custom_convert_map converts an op kind the frontend does not know."""
    def fn(x):
        return torch.flip(x, [0])

    traced = torch.jit.trace(fn, torch.randn(3))

    def flip(node, inputs, name):
        return relay.reverse(inputs[0], axis=0) if hasattr(relay, "reverse") else \
            relay.take(inputs[0], relay.const(np.array([2, 1, 0], "int64")), axis=0)

    mod, params = relay.frontend.from_pytorch(traced, [("x", [3])],
                                              custom_convert_map={"aten::flip": flip})
    x = np.random.randn(3).astype("float32")
    np.testing.assert_allclose(_run(mod, params, {"x": x})[0], x[::-1], rtol=0)

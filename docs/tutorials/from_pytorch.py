"""
Compile a PyTorch model
=======================
``relay.frontend.from_pytorch`` reads a TorchScript trace. Here torchvision's ResNet-18
(random weights, 10 classes, a 64x64 input) and a two-layer ``torch.nn.TransformerEncoder``
are traced, imported, compiled and run; each output is compared with torch's own on the same input (relative error
of the whole output: random-weight networks can emit tiny values, where an absolute tolerance
would prove nothing).
"""
import numpy as np
import torch
import torchvision

import tvm
from tvm import relay
from tvm.contrib import graph_executor


def compile_and_compare(module, example, name):
    with torch.no_grad():
        traced = torch.jit.trace(module, example)
        expected = module(example).numpy()
    # One (name, shape) per graph input, in order; weights come back as params.
    mod, params = relay.frontend.from_pytorch(traced, [("input", tuple(example.shape))])
    print(f"{name}: {len(params)} parameters, e.g. {sorted(params)[:3]}")
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(mod, target="llvm", params=params)
    runner = graph_executor.GraphModule(lib["default"](tvm.cpu()))
    runner.run(input=example.numpy())
    got = runner.get_output(0).numpy()
    rel = np.linalg.norm(got - expected) / np.linalg.norm(expected)
    timing = runner.benchmark(tvm.cpu(), number=5, repeat=3)
    print(f"{name}: relative error vs torch {rel:.1e}, {timing.median * 1e3:.2f} ms per run")
    assert rel < 1e-4, rel


torch.manual_seed(0)
resnet = torchvision.models.resnet18(num_classes=10).eval()
compile_and_compare(resnet, torch.randn(1, 3, 64, 64), "ResNet-18 (64x64)")

# A batch-first encoder in eval mode traces to torch's fused fast path
# (aten::_transformer_encoder_layer_fwd), which the importer converts as a whole.
layer = torch.nn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=128,
                                         batch_first=True)
encoder = torch.nn.TransformerEncoder(layer, num_layers=2).eval()
compile_and_compare(encoder, torch.randn(1, 16, 64), "TransformerEncoder 2x64")

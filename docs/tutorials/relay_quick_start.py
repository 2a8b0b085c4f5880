"""
Quick start: compile a network with relay.build
===============================================
A small convolutional network written directly in Relay goes through the whole model path:
``relay.build`` with the graph optimizations of opt_level 3, the graph executor, a per-operator
profile, ``export_library`` into one shared object and a reload, and (where an OpenCL device
is present: PoCL runs OpenCL on the CPU) the same model built for a GPU target. Every result
is checked against torch's functional operators on the same weights.
"""
import json
import os
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

import tvm
from tvm import relay
from tvm.contrib import graph_executor
from tvm.contrib.debugger import debug_executor

# ---- 1. The network: two conv + batch_norm + relu blocks, global pooling, a classifier ------
batch, channels, size, classes = 1, 3, 32, 10
data = relay.var("data", shape=(batch, channels, size, size))


def conv_block(x, name, cin, cout, stride):
    w = relay.var(f"{name}_weight", shape=(cout, cin, 3, 3))
    y = relay.nn.conv2d(x, w, strides=(stride, stride), padding=(1, 1))
    stats = [relay.var(f"{name}_{s}", shape=(cout,)) for s in ("gamma", "beta", "mean", "var")]
    y = relay.nn.batch_norm(y, *stats)[0]
    return relay.nn.relu(y)


x = conv_block(data, "conv1", channels, 16, 1)
x = conv_block(x, "conv2", 16, 32, 2)
x = relay.nn.batch_flatten(relay.nn.global_avg_pool2d(x))
fc_w = relay.var("fc_weight", shape=(classes, 32))
fc_b = relay.var("fc_bias", shape=(classes,))
out = relay.nn.softmax(relay.nn.bias_add(relay.nn.dense(x, fc_w), fc_b))
mod = tvm.IRModule.from_expr(relay.Function(relay.analysis.free_vars(out), out))
print(mod)

# Random weights for every free variable but the input (positive variances).
rng = np.random.default_rng(0)
params = {}
for var in mod["main"].params[1:]:
    shape = [int(d) for d in var.type_annotation.shape]
    low = 0.5 if var.name_hint.endswith(("_var", "_gamma")) else -0.5
    params[var.name_hint] = rng.uniform(low, 1.0, size=shape).astype("float32")
image = rng.standard_normal((batch, channels, size, size)).astype("float32")

# ---- 2. The reference: the same network with torch's functional operators ---------------------


def torch_reference(img):
    t = {k: torch.from_numpy(v) for k, v in params.items()}
    y = torch.from_numpy(img)
    for name, stride in (("conv1", 1), ("conv2", 2)):
        y = F.conv2d(y, t[f"{name}_weight"], stride=stride, padding=1)
        y = F.batch_norm(y, t[f"{name}_mean"], t[f"{name}_var"], t[f"{name}_gamma"],
                         t[f"{name}_beta"], eps=1e-5)
        y = F.relu(y)
    y = y.mean(dim=(2, 3))
    return torch.softmax(F.linear(y, t["fc_weight"], t["fc_bias"]), dim=1).numpy()


expected = torch_reference(image)

# ---- 3. Compile for this CPU and run on the graph executor ----------------------------------
with tvm.transform.PassContext(opt_level=3):
    lib = relay.build(mod, target="llvm", params=params)
dev = tvm.cpu()
module = graph_executor.GraphModule(lib["default"](dev))
module.set_input("data", image)
module.run()
got = module.get_output(0).numpy()
np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-6)
print("llvm output matches torch; top class", int(got.argmax()))

# The optimized graph: batch norms folded into the convolutions, epilogues fused.
kernels = [n["attrs"]["func_name"] for n in json.loads(lib.get_graph_json())["nodes"]
           if n["op"] == "tvm_op"]
print(f"{len(kernels)} kernels:", ", ".join(kernels))
print(f"planned storage: {module.storage_bytes} bytes")
print(module.benchmark(dev, number=20, repeat=3))

# ---- 4. Where the time goes: the debug executor's per-operator table -------------------------
debug = debug_executor.create(lib.get_graph_json(), lib.get_lib(), dev)
debug.set_input(**lib.get_params())
debug.run(data=image)  # prints node, op, time, share, output shape
np.testing.assert_allclose(debug.get_output(0).numpy(), expected, rtol=1e-4, atol=1e-6)

# ---- 5. Deploy: one shared object with kernels, graph and parameters --------------------------
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "model.so")
    lib.export_library(path)
    loaded = graph_executor.GraphModule(tvm.runtime.load_module(path)["default"](dev))
    loaded.run(data=image)
    np.testing.assert_allclose(loaded.get_output(0).numpy(), expected, rtol=1e-4, atol=1e-6)
    print(f"exported to model.so ({os.path.getsize(path)} bytes), reloaded, same output")

# ---- 6. The same model on a GPU target ------------------------------------------------------
if tvm.opencl().exist:
    with tvm.transform.PassContext(opt_level=3):
        gpu_lib = relay.build(mod, target="opencl", params=params)
    gpu = graph_executor.GraphModule(gpu_lib["default"](tvm.opencl()))
    gpu.run(data=image)
    np.testing.assert_allclose(gpu.get_output(0).numpy(), expected, rtol=1e-4, atol=1e-6)
    print("opencl output matches torch on", tvm.opencl().device_name)
else:
    print("no OpenCL device: skipped the GPU build")

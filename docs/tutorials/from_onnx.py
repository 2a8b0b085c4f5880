"""
Compile an ONNX model
=====================
A model trained elsewhere arrives as an ONNX file. Here a small torch network (a residual
convolution block, pooling and a classifier) is exported with ``torch.onnx.export``, imported
with ``relay.frontend.from_onnx``, compiled with ``relay.build`` and run on the graph
executor; onnxruntime runs the same file as the reference. Then the Relay VM runs what has
no fixed shape (NonZero) and a text model (StringNormalizer, StringSplit). The last part
shows what an operator the importer does not know looks like: one error listing every such
operator.
"""
import io

import numpy as np
import onnx
import onnxruntime
import torch

import tvm
from tvm import relay
from tvm.contrib import graph_executor


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = torch.nn.Sequential(torch.nn.Conv2d(3, 16, 3, padding=1),
                                        torch.nn.BatchNorm2d(16), torch.nn.ReLU())
        self.body = torch.nn.Sequential(torch.nn.Conv2d(16, 16, 3, padding=1),
                                        torch.nn.BatchNorm2d(16))
        self.head = torch.nn.Linear(16, 10)

    def forward(self, x):
        y = self.stem(x)
        y = torch.relu(self.body(y) + y)  # a residual add
        y = torch.nn.functional.adaptive_avg_pool2d(y, 1).flatten(1)
        return self.head(y)


torch.manual_seed(0)
net = Net().eval()
x = torch.randn(1, 3, 28, 28)
buffer = io.BytesIO()
torch.onnx.export(net, x, buffer, input_names=["input"], output_names=["logits"], opset_version=13)
model = onnx.load_from_string(buffer.getvalue())
print("ONNX graph:", [node.op_type for node in model.graph.node])

# Import: the input shape comes from the model (a dynamic dimension would be given in `shape`).
# With freeze_params=True (the default) the weights are constants of the module, which
# relay.build folds (the batch norms disappear into the convolutions); with
# freeze_params=False they come back in `params` instead.
mod, params = relay.frontend.from_onnx(model, shape={"input": (1, 3, 28, 28)})
print(mod["main"].astext()[:600], "...")

with tvm.transform.PassContext(opt_level=3):
    lib = relay.build(mod, target="llvm", params=params)
module = graph_executor.GraphModule(lib["default"](tvm.cpu()))
module.run(input=x.numpy())
ours = module.get_output(0).numpy()

session = onnxruntime.InferenceSession(buffer.getvalue(), providers=["CPUExecutionProvider"])
(reference,) = session.run(None, {"input": x.numpy()})
rel = np.linalg.norm(ours - reference) / np.linalg.norm(reference)
print(f"relative error against onnxruntime: {rel:.1e}")
assert rel < 1e-5, rel

# Operators whose output shape depends on the data (NonZero, Unique, NonMaxSuppression), and
# inputs with dimensions left open, run on the Relay VM: relay.vm.compile, then any shape.
graph = onnx.helper.make_graph(
    [onnx.helper.make_node("NonZero", ["x"], ["nz"])], "dynamic",
    [onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, ["N"])],
    [onnx.helper.make_tensor_value_info("nz", onnx.TensorProto.INT64, None)])
dyn_mod, dyn_params = relay.frontend.from_onnx(onnx.helper.make_model(graph))
print(dyn_mod["main"])
vm = tvm.runtime.vm.VirtualMachine(relay.vm.compile(dyn_mod, "llvm", params=dyn_params),
                                   tvm.cpu())
for values in ([0.0, 1.5, 0.0, -2.0], [3.0, 0.0, 1.0, 2.0, 0.0, 5.0]):
    data = np.array(values, "float32")
    got = vm.run(data).numpy()
    print("NonZero", values, "->", got.tolist())
    assert (got == np.array(np.nonzero(data))).all()

# Text: string tensors go in as numpy arrays of str and come back as object arrays. The string
# operators run on the host through the VM (docs/strings.md).
T = onnx.TensorProto
graph = onnx.helper.make_graph(
    [onnx.helper.make_node("StringNormalizer", ["text"], ["clean"], case_change_action="LOWER",
                           stopwords=["n/a"]),
     onnx.helper.make_node("StringSplit", ["clean"], ["words", "counts"])], "text",
    [onnx.helper.make_tensor_value_info("text", T.STRING, ["N"])],
    [onnx.helper.make_tensor_value_info("words", T.STRING, None),
     onnx.helper.make_tensor_value_info("counts", T.INT64, None)])
text_mod, _ = relay.frontend.from_onnx(
    onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 20)]))
vm = tvm.runtime.vm.VirtualMachine(relay.vm.compile(text_mod, "llvm"), tvm.cpu())
sentences = np.array(["Deep Learning  Compilers", "N/A", "run   ANYWHERE"])
words, counts = vm.run(sentences)
print(words.numpy(), counts.numpy())
kept = [s.lower().split() for s in sentences if s.lower() != "n/a"]
assert counts.numpy().tolist() == [len(k) for k in kept]
assert [list(row[:len(k)]) for row, k in zip(words.numpy(), kept)] == kept

# Unsupported operators are reported together, by name, before anything is compiled.
graph = onnx.helper.make_graph(
    [onnx.helper.make_node("Adam", ["r", "t", "x", "g", "v", "h"], ["x2", "v2", "h2"],
                           domain="ai.onnx.preview.training"),
     onnx.helper.make_node("SVMRegressor", ["x"], ["y"], domain="ai.onnx.ml")], "unsupported",
    [onnx.helper.make_tensor_value_info(n, T.FLOAT, [4]) for n in "rtxgvh"],
    [onnx.helper.make_tensor_value_info("y", T.FLOAT, None)])
try:
    relay.frontend.from_onnx(onnx.helper.make_model(graph))
    raise AssertionError("expected OpNotImplemented")
except tvm.error.OpNotImplemented as err:
    print("OpNotImplemented:", err)
    assert "Adam" in str(err) and "SVMRegressor" in str(err)

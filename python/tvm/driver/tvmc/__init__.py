"""tvmc: compile a model file into a package and run it, from Python or the command line.

    from tvm.driver import tvmc
    model = tvmc.load("resnet18.onnx", shape_dict={"data": [1, 3, 224, 224]})
    package = tvmc.compile(model, target="llvm", package_path="resnet18.tar")
    result = tvmc.run(package, device="cpu", inputs={"data": x})
    result.outputs["output_0"]

The command line (`tvmc` or `python -m tvm.driver.tvmc`) does the same: see docs/tvmc.md.
"""
from .common import TVMCException, parse_shape_string
from .model import TVMCModel, TVMCPackage, TVMCResult
from .frontends import load_model as load
from .compiler import compile_model as compile  # pylint: disable=redefined-builtin
from .runner import run_module as run
from .main import main

__all__ = ["TVMCException", "TVMCModel", "TVMCPackage", "TVMCResult", "compile", "load", "main",
           "parse_shape_string", "run"]

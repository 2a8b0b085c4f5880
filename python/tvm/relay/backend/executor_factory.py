"""GraphExecutorFactoryModule: the result of relay.build for the graph executor."""
import os
import warnings

import tvm._ffi
from tvm.runtime import params as _params


class GraphExecutorFactoryModule:
    """The graph JSON, the kernel library and the parameters of a built model.

    lib["default"](dev) makes a graph executor module (wrap it in
    tvm.contrib.graph_executor.GraphModule); export_library writes one shared library that
    tvm.runtime.load_module (or Module::LoadFromFile in C++) loads back as this factory.
    """

    def __init__(self, graph_json, lib, params, mod_name="default", storage_bytes=None):
        self.graph_json = graph_json
        self.lib = lib
        self.params = {str(k): v for k, v in params.items()}
        self.libmod_name = mod_name
        self.storage_bytes = storage_bytes
        blob = _params.save_param_dict(self.params)
        self.module = tvm._ffi.get_global_func("tvm.graph_executor_factory.create")(
            graph_json, bytearray(blob), mod_name, lib)

    def get_graph_json(self):
        return self.graph_json

    def get_lib(self):
        return self.lib

    def get_params(self):
        return self.params

    def get_executor_config(self):
        return self.graph_json

    def __getitem__(self, key):
        return self.module[key]

    def __iter__(self):
        # The classic three-value form: graph, lib, params = relay.build(...)
        warnings.warn("unpacking relay.build's result into (graph, lib, params) is the legacy "
                      "form; use lib.get_graph_json(), lib.get_lib(), lib.get_params()",
                      DeprecationWarning, stacklevel=2)
        return iter((self.graph_json, self.lib, self.params))

    def export_library(self, file_name, fcompile=None, addons=None, **kwargs):
        """One shared library with the kernels, the graph JSON and the parameters."""
        from tvm.contrib import utils  # pylint: disable=import-outside-toplevel

        tmp = utils.tempdir()
        pieces = {
            "json": self.graph_json.encode(),
            "params": _params.save_param_dict(self.params),
            "name": self.libmod_name.encode(),
        }
        lines = ["\t.section .rodata"]
        for key, data in pieces.items():
            path = os.path.join(tmp.temp_dir, f"graph_{key}.bin")
            with open(path, "wb") as f:
                f.write(data)
            sym = f"__tvm_graph_executor_{key}"
            lines += [f"\t.globl {sym}", f"\t.globl {sym}_end", "\t.balign 64", f"{sym}:",
                      f'\t.incbin "{path}"', f"{sym}_end:"]
        lines.append('\t.section .note.GNU-stack,"",@progbits')
        asm = os.path.join(tmp.temp_dir, "graph_blob.S")
        with open(asm, "w") as f:
            f.write("\n".join(lines) + "\n")
        return self.lib.export_library(file_name, fcompile=fcompile,
                                       addons=[asm] + list(addons or []), **kwargs)

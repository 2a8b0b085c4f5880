"""The objects tvmc passes between its steps.

TVMCModel (an imported model: Relay module + parameters) -> compile -> TVMCPackage (a tar
file on disk) -> run -> TVMCResult (outputs and timings).

A package is the "classic" tvmc format of Apache TVM: an uncompressed tar holding
    mod.so      the compiled kernels, a shared library (tvm.runtime.load_module loads it)
    mod.json    the graph executor's graph JSON
    mod.params  the parameters, in the tvm.runtime.save_param_dict format
"""
import json
import os
import tarfile

import numpy as np

from tvm.contrib import utils

from .common import TVMCException, format_shape

PACKAGE_FILES = ("mod.so", "mod.json", "mod.params")


class TVMCModel:
    """An imported model: `mod` (a Relay IRModule) and `params` ({name: array})."""

    def __init__(self, mod, params=None, model_path=None):
        self.mod = mod
        self.params = dict(params or {})
        self.model_path = model_path

    def input_info(self):
        """{name: (shape, dtype)} of main's inputs that are not parameters, in order."""
        info = {}
        for var in self.mod["main"].params:
            name = var.name_hint
            if name in self.params:
                continue
            ty = var.type_annotation
            info[name] = (tuple(int(d) for d in ty.shape), str(ty.dtype))
        return info

    def summary(self):
        """The model's inputs, one line each."""
        return "\n".join(f"{name}: {format_shape(shape)} {dtype}"
                         for name, (shape, dtype) in self.input_info().items())


class TVMCPackage:
    """A compiled model read back from a tvmc package file.

    Attributes: package_path, type ("classic"), lib_path (the extracted mod.so), graph (the
    graph JSON string), params (the parameter blob, bytes). A missing file, a file that is
    not a tar, or a tar without the three members raises TVMCException.
    """

    def __init__(self, package_path):
        self.package_path = str(package_path)
        self.type = "classic"
        self.lib_name = "mod.so"
        if not os.path.exists(self.package_path):
            raise TVMCException(f"package {self.package_path!r} does not exist")
        if not os.path.isfile(self.package_path):
            raise TVMCException(f"package {self.package_path!r} is not a file")
        try:
            with tarfile.open(self.package_path, "r") as tar:
                members = {m.name: m for m in tar.getmembers()}
                missing = [n for n in PACKAGE_FILES
                           if n not in members or not members[n].isfile()]
                if missing:
                    found = ", ".join(sorted(members)) or "nothing"
                    raise TVMCException(
                        f"{self.package_path!r} is not a tvmc package: it lacks "
                        f"{', '.join(missing)} (it holds {found}); make one with tvmc compile")
                self._tmp = utils.tempdir()
                contents = {n: tar.extractfile(members[n]).read() for n in PACKAGE_FILES}
        except tarfile.ReadError as err:
            raise TVMCException(f"{self.package_path!r} is not a tvmc package: it is not a "
                                "tar file, or a truncated one (make one with tvmc compile)") from err
        except (tarfile.TarError, EOFError, OSError) as err:
            raise TVMCException(f"{self.package_path!r} is not a tvmc package: cannot read it "
                                f"as a tar file ({str(err).splitlines()[0]})") from err
        self.lib_path = self._tmp.relpath(self.lib_name)
        with open(self.lib_path, "wb") as f:
            f.write(contents["mod.so"])
        try:
            self.graph = contents["mod.json"].decode("utf-8")
            if not isinstance(json.loads(self.graph).get("nodes"), list):
                raise ValueError("no 'nodes' list")
        except (UnicodeDecodeError, ValueError, AttributeError) as err:
            raise TVMCException(f"package {self.package_path!r}: mod.json is not a graph "
                                f"executor graph ({err})") from err
        self.params = contents["mod.params"]


class TVMCResult:
    """What tvmc run produced: `outputs` ({"output_0": array, ...}), `inputs` (the arrays the
    model ran on, given or generated), `times` (a BenchmarkResult, or None when the run
    was not timed) and `profile` (per-operator rows with --profile, else None)."""

    def __init__(self, outputs, times=None, inputs=None, profile=None):
        self.outputs = outputs
        self.times = times
        self.inputs = inputs or {}
        self.profile = profile

    def get_output(self, name):
        """The output called `name` ("output_0", ...)."""
        if name not in self.outputs:
            raise TVMCException(f"no output named {name!r}; the outputs are "
                                f"{', '.join(self.outputs)}")
        return self.outputs[name]

    def format_times(self):
        """A small table of the run time per call in milliseconds: mean, median, max, min, std."""
        if self.times is None:
            return "the run was not timed (use --print-time, or benchmark=True)"
        t = self.times
        header = f"{'mean (ms)':>12} {'median (ms)':>12} {'max (ms)':>12} {'min (ms)':>12} " \
                 f"{'std (ms)':>12}"
        row = "".join(f"{v * 1e3:12.4f} " for v in (t.mean, t.median, t.max, t.min, t.std))
        return f"Execution time summary:\n{header}\n{row.rstrip()}\n"

    def top_k(self, k, name="output_0"):
        """[(index, value)] of the k largest values of output `name`'s first row (its first
        batch element; the whole output when it is 0-D or 1-D), largest first."""
        out = np.asarray(self.get_output(name))
        row = out.reshape(-1) if out.ndim <= 1 else out.reshape(out.shape[0], -1)[0]
        order = np.argsort(-row, kind="stable")[:k]
        return [(int(i), row[i].item()) for i in order]

    def format_top_k(self, k, name="output_0"):
        """top_k as a table: rank, index, value."""
        top = self.top_k(k, name)
        lines = [f"Top {len(top)} of {name}" + ("[0]" if np.ndim(self.outputs[name]) > 1 else ""),
                 f"{'rank':>6} {'index':>8} {'value':>14}"]
        lines += [f"{r:>6} {i:>8} {v:>14.6g}" for r, (i, v) in enumerate(top, 1)]
        return "\n".join(lines) + "\n"

    def save(self, output_path):
        """Write the outputs to an .npz file (np.load gives them back by name)."""
        try:
            with open(output_path, "wb") as f:  # a file object: np.savez adds no suffix
                np.savez(f, **self.outputs)
        except OSError as err:
            raise TVMCException(f"cannot write the outputs to {str(output_path)!r}: "
                                f"{err.strerror or err}") from err
        return output_path

    def __str__(self):
        lines = [f"{name}: {np.shape(v)} {np.asarray(v).dtype}" for name, v in self.outputs.items()]
        if self.times is not None:
            lines.append(self.format_times())
        return "\n".join(lines)

"""tvmc run: a package -> the graph executor -> outputs (and timings)."""
import os

import numpy as np

import tvm
from tvm.contrib import graph_executor
from tvm.contrib.debugger import debug_executor
from tvm.error import TVMError
from tvm.runtime import params as _params

from .common import Progress, TVMCException, format_shape
from .frontends import first_line
from .model import TVMCPackage, TVMCResult

# Where a package runs: the CPU, or the GPU kind it was compiled for (--target cuda / opencl).
DEVICES = ("cpu", "cuda", "opencl")
FILL_MODES = ("random", "zeros", "ones")


def load_inputs_file(path):
    """{name: array} from an .npz file (np.savez); TVMCException for anything else."""
    path = str(path)
    if not os.path.exists(path):
        raise TVMCException(f"inputs file {path!r} does not exist")
    if not os.path.isfile(path):
        raise TVMCException(f"inputs file {path!r} is not a file")
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as err:
        raise TVMCException(f"inputs file {path!r} is not an .npz file of arrays "
                            f"({first_line(err)})") from err
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise TVMCException(f"inputs file {path!r} holds a single array; tvmc reads an .npz "
                            "file of named arrays (np.savez(path, x=...))")
    with data:
        try:
            return {name: data[name] for name in data.files}
        except (OSError, ValueError, EOFError) as err:  # a damaged member
            raise TVMCException(f"inputs file {path!r} is damaged ({first_line(err)})") from err


def generate_tensor_data(shape, dtype, fill_mode, rng=None):
    """An array of `shape` and `dtype`: zeros, ones, or random values (floats uniform in
    [-1, 1), integers in [0, 128), booleans either way)."""
    if fill_mode not in FILL_MODES:
        raise TVMCException(f"--fill-mode must be one of {', '.join(FILL_MODES)}, got "
                            f"{fill_mode!r}")
    if fill_mode == "zeros":
        return np.zeros(shape, dtype=dtype)
    if fill_mode == "ones":
        return np.ones(shape, dtype=dtype)
    rng = rng or np.random.default_rng()
    kind = np.dtype(dtype).kind
    if kind == "b":
        return rng.integers(0, 2, size=shape).astype(dtype)
    if kind in "iu":
        return rng.integers(0, 128, size=shape).astype(dtype)
    return rng.uniform(-1.0, 1.0, size=shape).astype(dtype)


def make_inputs_dict(shape_dict, dtype_dict, inputs=None, fill_mode="random", progress=None):
    """{name: array} for every input of the model (shape_dict/dtype_dict: its inputs).

    Inputs given in `inputs` must be inputs of the model with exactly its shape and dtype;
    the others are generated with `fill_mode`. Raises TVMCException naming what was expected
    and what was found.
    """
    progress = progress or Progress(False)
    inputs = dict(inputs or {})

    def listing():
        return ", ".join(f"{n} {format_shape(s)} {dtype_dict[n]}" for n, s in shape_dict.items())

    unknown = [name for name in inputs if name not in shape_dict]
    if unknown:
        raise TVMCException(f"the inputs give {', '.join(map(repr, unknown))}, which the model "
                            f"does not take; its inputs are: {listing() or 'none'}")
    if fill_mode not in FILL_MODES:
        raise TVMCException(f"--fill-mode must be one of {', '.join(FILL_MODES)}, got "
                            f"{fill_mode!r}")
    result = {}
    for name, shape in shape_dict.items():
        dtype = dtype_dict[name]
        if name in inputs:
            value = np.asarray(inputs[name])
            if tuple(value.shape) != tuple(shape) or value.dtype != np.dtype(dtype):
                raise TVMCException(f"input {name!r}: the model takes {format_shape(shape)} "
                                    f"{dtype}, the inputs give {format_shape(value.shape)} "
                                    f"{value.dtype}")
            result[name] = value
        else:
            result[name] = generate_tensor_data(shape, dtype, fill_mode)
            progress.note(f"input {name!r} not given: filled with {fill_mode} values, "
                          f"{format_shape(shape)} {dtype}")
    return result


def _positive_int(value, option):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise TVMCException(f"{option} must be a positive integer, got {value!r}")
    return value


def run_module(tvmc_package, device="cpu", inputs=None, fill_mode="random", benchmark=False,
               repeat=10, number=10, profile=False, progress=False):
    """Run a compiled package once (or time it) on the graph executor; returns a TVMCResult.

    tvmc_package: a TVMCPackage or the path of a package file. inputs: {name: array} or the
    path of an .npz file; inputs it does not give are made with fill_mode ("random", "zeros",
    "ones"). benchmark: time `repeat` measurements of `number` runs each (result.times).
    profile: run on the debug executor and time every operator (result.profile: rows of
    node, kernel, seconds, share, output shape, slowest first).
    progress: print each stage on stderr (True, or a Progress).
    """
    progress = progress if isinstance(progress, Progress) else Progress(bool(progress))
    if device not in DEVICES:
        raise TVMCException(f"--device {device!r}: tvmc runs packages on one of "
                            f"{', '.join(DEVICES)}")
    if fill_mode not in FILL_MODES:
        raise TVMCException(f"--fill-mode must be one of {', '.join(FILL_MODES)}, got "
                            f"{fill_mode!r}")
    if benchmark:
        _positive_int(repeat, "--repeat")
        _positive_int(number, "--number")
    if isinstance(inputs, (str, os.PathLike)):
        inputs = load_inputs_file(inputs)
    dev = tvm.device(device, 0)
    if not dev.exist:
        raise TVMCException(f"--device {device!r}: there is no {device} device on this "
                            "machine (or its driver is not installed)")

    given_path = not isinstance(tvmc_package, TVMCPackage)
    label = f"load package {str(tvmc_package)!r}" if given_path else "load package"
    with progress.stage(label, "load"):
        if given_path:
            tvmc_package = TVMCPackage(tvmc_package)
        module, params = _load_executor(tvmc_package, dev, profile)
    shapes, dtypes = module.get_input_info()
    shapes = {n: s for n, s in shapes.items() if n not in params}
    inputs = make_inputs_dict(shapes, dtypes, inputs, fill_mode, progress)
    for name, value in inputs.items():
        module.set_input(name, value)

    times = None
    if benchmark:
        with progress.stage(f"run on {dev} ({repeat} repeats of {number} runs)", "run"):
            times = module.benchmark(dev, repeat=repeat, number=number)
    else:
        with progress.stage(f"run on {dev}", "run"):
            graph_executor.GraphModule.run(module)  # the debug executor's run also prints
    rows = None
    if profile:
        with progress.stage("profile every operator", "profile"):
            rows = module.profile()
    outputs = {f"output_{i}": module.get_output(i).numpy()
               for i in range(module.get_num_outputs())}
    return TVMCResult(outputs, times, inputs, rows)


def _load_executor(package, dev, debug=False):
    """The graph executor (the debug one when `debug`) of `package` on `dev` with its
    parameters loaded, and those parameters."""
    where = f"package {package.package_path!r}"
    try:
        lib = tvm.runtime.load_module(package.lib_path)
    except (TVMError, ValueError, OSError) as err:
        raise TVMCException(f"{where}: mod.so does not load ({first_line(err)})") from err
    try:
        params = _params.load_param_dict(package.params)
    except (TVMError, ValueError) as err:
        raise TVMCException(f"{where}: mod.params is not a parameter file "
                            f"({first_line(err)})") from err
    try:
        create = debug_executor.create if debug else graph_executor.create
        module = create(package.graph, lib, dev)
        module.set_input(**params)
    except (TVMError, ValueError, TypeError) as err:
        raise TVMCException(f"{where}: mod.json, mod.so and mod.params do not fit together "
                            f"({first_line(err)})") from err
    return module, params

"""Reading model files into a TVMCModel (tvmc.load).

ONNX is the format read today (relay.frontend.from_onnx). The file is checked before the
import so that the usual mistakes read as one line: a missing file, a file that is not ONNX,
an --input-shapes that names no input of the model or gives it the wrong rank, an input whose
shape the model leaves open (a symbolic batch size) and --input-shapes does not fix.
"""
import os

from tvm.error import TVMError

from .common import TVMCException, format_shape
from .model import TVMCModel

SUPPORTED_FORMATS = ("onnx",)

# Suffixes of formats that Apache TVM's tvmc reads and this one does not (yet): a clear
# "not supported" instead of an attempt to parse them as ONNX.
_FOREIGN_SUFFIXES = {
    ".tflite": "tflite", ".pb": "pb", ".h5": "keras", ".keras": "keras", ".pt": "pytorch",
    ".pth": "pytorch", ".pdmodel": "paddle", ".relay": "relay",
}


def guess_model_format(path):
    """The format name of `path` from its suffix: "onnx", a foreign format's name, or None."""
    suffix = os.path.splitext(str(path))[1].lower()
    if suffix == ".onnx":
        return "onnx"
    return _FOREIGN_SUFFIXES.get(suffix)


def first_line(err):
    """The first line of an error's message (imports and builds may print whole programs)."""
    lines = str(err).strip().splitlines()
    return lines[0] if lines else type(err).__name__


def check_model_file(path, model_format=None):
    """The format of the model file `path` (see load_model); TVMCException when the file is
    missing or of a format tvmc does not read."""
    path = str(path)
    if not os.path.exists(path):
        raise TVMCException(f"model file {path!r} does not exist")
    if not os.path.isfile(path):
        raise TVMCException(f"model file {path!r} is not a file")
    fmt = model_format or guess_model_format(path) or "onnx"
    if fmt not in SUPPORTED_FORMATS:
        raise TVMCException(f"model format {fmt!r} (of {path!r}) is not supported; tvmc reads "
                            f"{', '.join(SUPPORTED_FORMATS)} models")
    return fmt


def load_model(path, model_format=None, shape_dict=None, **kwargs):
    """Import the model file `path` into a TVMCModel.

    model_format: "onnx" (the default: guessed from the suffix, and tried for files with an
    unknown one). shape_dict: {input name: shape} fixing input shapes (all of them must be
    static after this). Other keyword arguments go to the frontend (from_onnx: dtype, opset).
    Raises TVMCException for every problem with the file or the shapes.
    """
    path = str(path)
    check_model_file(path, model_format)
    mod, params = _load_onnx(path, shape_dict or {}, **kwargs)
    return TVMCModel(mod, params, model_path=path)


def _load_onnx(path, shape_dict, **kwargs):
    try:
        import onnx  # pylint: disable=import-outside-toplevel
    except ImportError as err:
        raise TVMCException("reading ONNX models needs the onnx package (pip install onnx)") \
            from err
    from tvm.relay.frontend import from_onnx  # pylint: disable=import-outside-toplevel

    with open(path, "rb") as f:
        data = f.read()
    try:
        model = onnx.load_model_from_string(data)
    except Exception as err:  # protobuf's DecodeError and friends: the bytes are not ONNX
        raise TVMCException(f"{path!r} is not an ONNX model (it does not parse as one: "
                            f"{first_line(err)})") from err
    if not model.HasField("graph") or not model.graph.node:
        raise TVMCException(f"{path!r} is not an ONNX model (it holds no graph: an empty, "
                            "truncated or foreign file?)")
    declared = _declared_inputs(model.graph)
    _check_shapes(declared, shape_dict)
    try:
        return from_onnx(model, shape={k: tuple(v) for k, v in shape_dict.items()}, **kwargs)
    except (TVMError, ValueError, TypeError) as err:
        raise TVMCException(f"cannot import {path!r}: {first_line(err)}") from err


def _declared_inputs(graph):
    """{name: dims or None} of the graph's real inputs; a dim is an int, or the symbolic
    name (or "?") of a size the model leaves open."""
    initializers = {init.name for init in graph.initializer}
    declared = {}
    for vi in graph.input:
        if vi.name in initializers:
            continue
        tensor_type = vi.type.tensor_type
        if not tensor_type.HasField("shape"):
            declared[vi.name] = None
            continue
        declared[vi.name] = [d.dim_value if d.HasField("dim_value") and d.dim_value > 0
                             else (d.dim_param or "?") for d in tensor_type.shape.dim]
    return declared


def _check_shapes(declared, shape_dict):
    def listing():
        return ", ".join(f"{n} {format_shape(d) if d is not None else '(no shape)'}"
                         for n, d in declared.items()) or "none"

    unknown = [name for name in shape_dict if name not in declared]
    if unknown:
        raise TVMCException(f"--input-shapes names {', '.join(map(repr, unknown))}, which the "
                            f"model does not have; its inputs are: {listing()}")
    for name, dims in declared.items():
        given = shape_dict.get(name)
        if given is not None:
            if dims is not None and len(dims) != len(given):
                raise TVMCException(f"--input-shapes gives input {name!r} {len(given)} "
                                    f"dimensions {format_shape(given)}, but the model declares "
                                    f"{len(dims)}: {format_shape(dims)}")
        elif dims is None or any(not isinstance(d, int) for d in dims):
            shown = format_shape(dims) if dims is not None else "no shape"
            raise TVMCException(f"input {name!r} has no fixed shape in the model ({shown}); "
                                f"give one with --input-shapes \"{name}:[...]\"")

"""What the tvmc commands share: the error type, --input-shapes parsing, progress output."""
import contextlib
import re
import sys
import time

from tvm.error import TVMError


class TVMCException(TVMError):
    """A problem tvmc reports to its user in one line: a bad model file, option or package,
    inputs that do not fit the model. The command line prints it and exits with status 4."""


# One NAME:[D1,...,Dn] mapping. A name may hold any non-blank character except brackets
# (ONNX names such as "input:0" or "model/x.1" are common); the last ':' before '[' ends it.
_SHAPE_ITEM = re.compile(r"\s*(?P<name>[^\s\[\]]+?)\s*:\s*\[(?P<dims>[^\[\]]*)\]\s*")


def parse_shape_string(text):
    """{name: [d1, ...]} from a string such as ``"x:[1,3,224,224] y:[4]"``.

    Mappings are separated by blanks (or commas); ``name:[]`` is a scalar. Every dimension must
    be a positive integer: the compiler needs static shapes. Raises TVMCException naming the
    part of `text` that does not parse.
    """
    if not isinstance(text, str) or not text.strip():
        raise TVMCException("--input-shapes is empty; expected NAME:[D1,D2,...] for each input, "
                            'e.g. "x:[1,3,224,224] y:[4]"')
    shapes = {}
    pos = 0
    while pos < len(text):
        match = _SHAPE_ITEM.match(text, pos)
        if match is None:
            rest = text[pos:].strip()
            raise TVMCException(f"--input-shapes: expected NAME:[D1,D2,...] at {rest!r} "
                                f'(in {text!r}); e.g. "x:[1,3,224,224] y:[4]"')
        name, dims_text = match.group("name"), match.group("dims").strip()
        dims = []
        for item in (dims_text.split(",") if dims_text else []):
            item = item.strip()
            if not re.fullmatch(r"[+-]?\d+", item):
                raise TVMCException(f"--input-shapes: dimension {item!r} of input {name!r} is "
                                    "not an integer")
            if int(item) <= 0:
                raise TVMCException(f"--input-shapes: dimension {item} of input {name!r} must "
                                    "be a positive integer (dynamic dimensions are not "
                                    "supported: give the size to compile for)")
            dims.append(int(item))
        if name in shapes:
            raise TVMCException(f"--input-shapes: input {name!r} is given twice")
        shapes[name] = dims
        pos = match.end()
        if pos < len(text) and text[pos] == ",":
            pos += 1
    return shapes


def format_shape(shape):
    """[1,3,224,224]: the --input-shapes spelling of a shape."""
    return "[" + ",".join(str(d) for d in shape) + "]"


class Progress:
    """Stage-by-stage progress lines on stderr: what runs now, then how long it took.

    A stage prints one line when it starts (so a long compile shows what it is doing) and one
    when it ends, with the elapsed time and an optional detail the stage sets on the way.
    Disabled, it prints nothing.
    """

    def __init__(self, enabled=True, stream=None, prefix="tvmc"):
        self.enabled = enabled
        self.stream = stream
        self.prefix = prefix

    def note(self, message):
        if self.enabled:
            stream = self.stream or sys.stderr
            stream.write(f"{self.prefix}: {message}\n")
            stream.flush()

    @contextlib.contextmanager
    def stage(self, what, name=None):
        """Time the body; yields a dict whose "detail" entry is printed with the time."""
        info = {"detail": ""}
        self.note(f"{what} ...")
        start = time.perf_counter()
        yield info
        detail = f" ({info['detail']})" if info["detail"] else ""
        self.note(f"{name or what.split()[0]} done in {time.perf_counter() - start:.2f} s{detail}")

"""Where the compiled libraries of this package are found."""
import os

__version__ = "0.1.0"


def _candidate_dirs():
    here = os.path.dirname(os.path.abspath(__file__))
    env = os.environ.get("TVM_LIBRARY_PATH")
    if env:
        yield from env.split(os.pathsep)
    # An installed wheel keeps the libraries inside the package.
    yield here
    # A source checkout: <repo>/python/tvm -> <repo>/build
    yield os.path.join(here, os.pardir, os.pardir, "build")


def find_lib_path(prefix="_ffi_core"):
    """Return the path of the first library whose file name starts with `prefix`.

    Searched, in order: the folders in TVM_LIBRARY_PATH, the package folder (wheel install),
    and the build folder of a source checkout.
    """
    tried = []
    for d in _candidate_dirs():
        d = os.path.normpath(d)
        tried.append(d)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.startswith(prefix) and name.endswith(".so"):
                return os.path.join(d, name)
    raise ImportError(
        f"cannot find the compiled TVM library '{prefix}*.so'; looked in: {', '.join(tried)}. "
        "Build it first (see README.md) or set TVM_LIBRARY_PATH."
    )

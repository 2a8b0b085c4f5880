"""Driving the system C compiler: link generated object files into a shared library."""
import os
import shutil
import subprocess


def _default_cc():
    for name in (os.environ.get("CXX"), os.environ.get("CC"), "cc", "gcc", "clang"):
        if name and shutil.which(name):
            return name
    raise RuntimeError("no C compiler found (set CC, or install cc/gcc/clang)")


def create_shared(output, objects, options=None, cc=None):
    """Link `objects` (a path or a list of paths: .o, .c, .cc) into the shared library `output`.

    Raises RuntimeError with the compiler's output when it fails.
    """
    if isinstance(objects, (str, os.PathLike)):
        objects = [objects]
    cmd = [cc or _default_cc(), "-shared", "-fPIC", "-o", str(output)]
    cmd += [str(o) for o in objects]
    cmd += list(options or [])
    cmd += ["-lm"]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    if proc.returncode != 0:
        raise RuntimeError("Compilation error:\n" + " ".join(cmd) + "\n" +
                           proc.stdout.decode(errors="replace"))


create_shared.output_format = "so"


def cross_compiler(compile_func, options=None, output_format=None, get_target_triple=None,
                   add_files=None):
    """A create_shared-like function with fixed extra options (or another compiler)."""
    base_options = list(options or [])

    def _fcompile(outputs, objects, options=None):
        opts = base_options + list(options or [])
        if isinstance(compile_func, str):
            return create_shared(outputs, list(objects) + list(add_files or []), opts,
                                 cc=compile_func)
        return compile_func(outputs, list(objects) + list(add_files or []), opts)

    _fcompile.output_format = output_format or "so"
    return _fcompile

"""tvmc compile: a TVMCModel -> relay.build -> a package file (see model.py for the format)."""
import json
import os
import subprocess
import sys
import tarfile

import tvm
from tvm import relay
from tvm.contrib import cc, utils
from tvm.error import TVMError
from tvm.runtime import params as _params
from tvm.target import Target

from .common import Progress, TVMCException
from .frontends import first_line
from .model import PACKAGE_FILES, TVMCPackage

# The target kinds relay.build has operator schedules for (GPU kinds: topi.cuda).
SUPPORTED_TARGET_KINDS = ("llvm", "cuda", "opencl")
DUMP_FORMATS = ("relay", "ll", "asm")


def parse_target(target):
    """A tvm.target.Target from a --target string; TVMCException for an unknown kind or
    option, a kind relay.build cannot compile for, or a -mcpu/-mattr/-mtriple LLVM rejects."""
    if isinstance(target, Target):
        parsed = target
    else:
        if not isinstance(target, str) or not target.strip():
            raise TVMCException('--target is empty; e.g. --target llvm or '
                                '--target "llvm -mcpu=skylake-avx512"')
        try:
            parsed = Target(target)
        except (TVMError, ValueError, TypeError) as err:
            raise TVMCException(f"--target {target!r}: {first_line(err)}") from err
    kind = parsed.kind.name
    if kind not in SUPPORTED_TARGET_KINDS:
        raise TVMCException(f"--target {str(parsed)!r}: tvmc compiles for the target kinds "
                            f"{', '.join(SUPPORTED_TARGET_KINDS)}; relay.build has no "
                            f"{kind} schedules")
    if any(f"-{opt}" in str(parsed) for opt in ("mcpu", "mattr", "mtriple")):
        _probe_llvm_target(str(parsed))
    return parsed


# Run in a child process: LLVM aborts its process (not an exception) on some bad options,
# e.g. -mcpu=<unknown> on x86-64 ("64-bit code requested on a subtarget that doesn't
# support it"), and only warns on others. The probe builds a one-line kernel for the target.
_PROBE = """
import sys, tempfile, os, tvm
from tvm import te
a = te.placeholder((4,), name="a")
b = te.compute((4,), lambda i: a[i] + 1, name="b")
f = tvm.build(te.create_schedule(b.op), [a, b], target=sys.argv[1])
with tempfile.TemporaryDirectory() as d:
    f.save(os.path.join(d, "probe.o"), "o")
"""


_PROBED_TARGETS = set()  # target strings LLVM accepted already in this process


def _probe_llvm_target(target_str):
    if target_str in _PROBED_TARGETS:
        return
    env = dict(os.environ)
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(tvm.__file__)))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    proc = subprocess.run([sys.executable, "-c", _PROBE, target_str], env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    complaints = [line.strip() for line in proc.stderr.splitlines()
                  if "is not a recognized" in line or line.startswith("LLVM ERROR")
                  or line.startswith("tvm.error.")]
    if proc.returncode != 0 or any("is not a recognized" in c for c in complaints):
        reason = complaints[0] if complaints else \
            (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
        raise TVMCException(f"--target {target_str!r}: LLVM rejects it: {reason}")
    _PROBED_TARGETS.add(target_str)


def check_compile_options(target, opt_level=3, package_path=None, dump_code=None):
    """(Target, dump formats) after checking the options of compile_model; TVMCException for
    a bad target, opt_level, dump format, or a package path in a missing directory. Cheap:
    the command line checks them before the (long) import."""
    parsed = parse_target(target)
    if isinstance(opt_level, bool) or not isinstance(opt_level, int) or \
            not 0 <= opt_level <= 3:
        raise TVMCException(f"--opt-level must be an integer from 0 to 3, got {opt_level!r}")
    dumps = _dump_formats(dump_code)
    if package_path is not None:
        out_dir = os.path.dirname(os.path.abspath(str(package_path)))
        if not os.path.isdir(out_dir):
            raise TVMCException(f"cannot write the package {str(package_path)!r}: the "
                                f"directory {out_dir!r} does not exist")
    return parsed, dumps


def compile_model(tvmc_model, target, opt_level=3, package_path=None, cross=None,
                  cross_options=None, dump_code=None, disabled_pass=None, mod_name="default",
                  progress=False):
    """Compile `tvmc_model` for `target` into a package file; returns its TVMCPackage.

    target: a target string ("llvm -mcpu=skylake") or Target. opt_level: 0-3, the
    PassContext level. package_path: the tar to write (a temporary one when None).
    cross / cross_options: the compiler (and its options) that links mod.so, for a target
    other than this machine. dump_code: "relay", "ll", "asm" or a list of them, each written
    next to the package as <package_path>.<format>. disabled_pass: pass names not to run.
    progress: print each stage and its duration on stderr (True, or a Progress).
    """
    progress = progress if isinstance(progress, Progress) else Progress(bool(progress))
    parsed, dumps = check_compile_options(target, opt_level, package_path, dump_code)
    tmp_package = None
    if package_path is None:
        tmp_package = utils.tempdir()
        package_path = tmp_package.relpath("model_package.tar")
    package_path = str(package_path)
    if isinstance(disabled_pass, str):
        disabled_pass = [p.strip() for p in disabled_pass.split(",") if p.strip()]

    with progress.stage(f"build for {str(parsed)!r} at opt_level {opt_level}", "build") as info:
        try:
            with tvm.transform.PassContext(opt_level=opt_level, disabled_pass=disabled_pass):
                factory = relay.build(tvmc_model.mod, target=parsed, params=tvmc_model.params,
                                      mod_name=mod_name)
        except (TVMError, ValueError, TypeError) as err:
            raise TVMCException(f"compiling the model failed: {first_line(err)}") from err
        graph = factory.get_graph_json()
        kernels = {n["attrs"]["func_name"] for n in json.loads(graph)["nodes"]
                   if n["op"] == "tvm_op"}
        info["detail"] = f"{len(kernels)} kernels"

    with progress.stage(f"write package {package_path!r}", "write") as info:
        _write_package(factory, package_path, cross, cross_options)
        info["detail"] = f"{os.path.getsize(package_path) / 1e6:.2f} MB"
    for fmt in dumps:
        path = f"{package_path}.{fmt}"
        text = tvmc_model.mod.astext() if fmt == "relay" else factory.get_lib().get_source(fmt)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        progress.note(f"wrote {fmt} code to {path!r}")
    package = TVMCPackage(package_path)
    package.temp_dir = tmp_package  # keeps a temporary package alive with the object
    return package


def _dump_formats(dump_code):
    if not dump_code:
        return []
    formats = dump_code.split(",") if isinstance(dump_code, str) else list(dump_code)
    formats = [f.strip() for f in formats if f.strip()]
    for fmt in formats:
        if fmt not in DUMP_FORMATS:
            raise TVMCException(f"--dump-code: unknown format {fmt!r}; expected some of "
                                f"{', '.join(DUMP_FORMATS)} (comma separated)")
    return formats


def _write_package(factory, package_path, cross, cross_options):
    """mod.so, mod.json and mod.params into the tar `package_path`."""
    tmp = utils.tempdir()
    fcompile = None
    if cross:
        fcompile = cc.cross_compiler(cross, options=(cross_options or "").split())
    try:
        factory.get_lib().export_library(tmp.relpath("mod.so"), fcompile=fcompile)
    except (RuntimeError, OSError) as err:
        message = " ".join(str(err).split())
        raise TVMCException(f"linking the kernels into mod.so failed: {message[:600]}") from err
    with open(tmp.relpath("mod.json"), "w", encoding="utf-8") as f:
        f.write(factory.get_graph_json())
    with open(tmp.relpath("mod.params"), "wb") as f:
        f.write(_params.save_param_dict(factory.get_params()))
    try:
        with tarfile.open(package_path, "w") as tar:
            for name in PACKAGE_FILES:
                tar.add(tmp.relpath(name), arcname=name)
    except OSError as err:
        raise TVMCException(f"cannot write the package {package_path!r}: "
                            f"{err.strerror or err}") from err

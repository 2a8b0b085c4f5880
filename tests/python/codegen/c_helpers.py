"""Run the LLVM codegen and TE schedule test programs again with target="c".

The programs of test_llvm_basic.py, test_llvm_intrinsics.py and te/test_schedule_numeric.py
call tvm.build for "llvm" (explicitly or as the default); `build_with_c_target` retargets
those calls to "c" so the same TIR, the same inputs and the same numpy references check the
C backend. Only tests that do not inspect LLVM-specific output (IR text, assembly) are reused.
"""
import contextlib
import importlib
import itertools
import os
import sys

import pytest

import tvm

_HERE = os.path.dirname(os.path.abspath(__file__))


@contextlib.contextmanager
def build_with_c_target():
    """Within the block, tvm.build for "llvm" or for no target builds for "c"."""
    real_build = tvm.build

    def build_c(inputs, args=None, target=None, *rest, **kwargs):
        if "target" in kwargs:
            target = kwargs.pop("target")
        if target is None or str(target).split()[0] == "llvm":
            target = "c"
        mod = real_build(inputs, args, target, *rest, **kwargs)
        assert mod.type_key == "c", f"built a {mod.type_key} module for target {target}"
        return mod

    tvm.build = build_c
    try:
        yield
    finally:
        tvm.build = real_build


def load_test_module(relpath):
    """Import a test module by its path relative to tests/python (its folder joins sys.path)."""
    folder = os.path.normpath(os.path.join(_HERE, "..", os.path.dirname(relpath)))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module(os.path.splitext(os.path.basename(relpath))[0])


def expand(module, names):
    """pytest params (test function, kwargs) for each named test, over its parametrize marks."""
    params = []
    for name in names:
        fn = getattr(module, name)
        axes = []
        for mark in getattr(fn, "pytestmark", []):
            if mark.name != "parametrize":
                continue
            argnames = mark.args[0]
            argnames = [a.strip() for a in argnames.split(",")] if isinstance(argnames, str) \
                else list(argnames)
            values = [v if len(argnames) > 1 else (v,) for v in mark.args[1]]
            axes.append([dict(zip(argnames, v)) for v in values])
        for combo in itertools.product(*axes):
            kwargs = {}
            for part in combo:
                kwargs.update(part)
            ident = name + ("[" + "-".join(str(v) for v in kwargs.values()) + "]" if kwargs else "")
            params.append(pytest.param(fn, kwargs, id=ident))
    return params

"""The graph-level passes of relay.build (C++ in src/relay/transforms)."""
import tvm._ffi


def _make(name, *args):
    return tvm._ffi.get_global_func("relay._transform." + name)(*args)


def SimplifyInference():  # pylint: disable=invalid-name
    """batch_norm / dropout to their inference arithmetic."""
    return _make("SimplifyInference")


def FoldConstant(fold_qnn=False):  # pylint: disable=invalid-name
    """Evaluate every operator call whose arguments are all constants (opt_level 2)."""
    return _make("FoldConstant")


def EliminateCommonSubexpr(fskip=None):  # pylint: disable=invalid-name
    """Merge calls of the same op on the same arguments with equal attributes (opt_level 3).
    fskip(call) -> True keeps a call."""
    return _make("EliminateCommonSubexpr", fskip)


def DeadCodeElimination(inline_once=False, ignore_impurity=False):  # pylint: disable=invalid-name
    """Remove let bindings nothing uses (opt_level 1)."""
    return _make("DeadCodeElimination", bool(inline_once))


def FuseOps(fuse_opt_level=-1):  # pylint: disable=invalid-name
    """Partition each function into primitive functions (fused kernels); see fuse_ops.cc."""
    return _make("FuseOps", int(fuse_opt_level))


__all__ = ["SimplifyInference", "FoldConstant", "EliminateCommonSubexpr",
           "DeadCodeElimination", "FuseOps"]

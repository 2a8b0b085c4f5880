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


def AlterOpLayout(lanes=None):  # pylint: disable=invalid-name
    """x86: NCHW conv2d to the blocked NCHW[x]c kernels, elementwise ops following, transforms
    only at the boundaries (opt_level 3). lanes: the vector width in float32 lanes (the host's
    by default)."""
    if lanes is None:
        from tvm.topi.x86.utils import simd_lanes  # pylint: disable=import-outside-toplevel

        lanes = simd_lanes("float32")
    return _make("AlterOpLayout", int(lanes))


def SimplifyExpr():  # pylint: disable=invalid-name
    """Remove reshape/transpose/cast chains that undo each other and x+0, x*1, ... (types
    needed: run InferType first)."""
    return _make("SimplifyExpr")


def ToANormalForm():  # pylint: disable=invalid-name
    """Bind every intermediate value with a let, in evaluation order."""
    return _make("ToANormalForm")


def ToGraphNormalForm():  # pylint: disable=invalid-name
    """Substitute let-bound values into their uses (the dataflow graph back)."""
    return _make("ToGraphNormalForm")


__all__ = ["AlterOpLayout", "SimplifyExpr", "ToANormalForm", "ToGraphNormalForm", "SimplifyInference", "FoldConstant", "EliminateCommonSubexpr",
           "DeadCodeElimination", "FuseOps"]

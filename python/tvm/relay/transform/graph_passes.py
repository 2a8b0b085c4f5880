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


def FoldScaleAxis():  # pylint: disable=invalid-name
    """Fold per-channel constant scales into conv2d/dense weights: BackwardFoldScaleAxis then
    ForwardFoldScaleAxis (opt_level 3). Constant weights are scaled at compile time; see
    docs/passes.md for the patterns and the cases left alone."""
    return _make("FoldScaleAxis")


def BackwardFoldScaleAxis():  # pylint: disable=invalid-name
    """multiply(conv2d(x, W) [+ b] [-> relu], s) -> conv2d(x, W * s) [+ b * s] [-> relu]
    for a constant per-output-channel s (positive when a relu is crossed); dense alike."""
    return _make("BackwardFoldScaleAxis")


def ForwardFoldScaleAxis():  # pylint: disable=invalid-name
    """conv2d([relu](x * s), W) -> conv2d([relu](x), W * s) for a constant per-input-channel
    s (positive when a relu is crossed), groups 1; dense alike."""
    return _make("ForwardFoldScaleAxis")


def CanonicalizeOps():  # pylint: disable=invalid-name
    """nn.bias_add(x, b, axis) -> add(x, b expanded to broadcast along axis) (opt_level 3)."""
    return _make("CanonicalizeOps")


def CombineParallelConv2D(min_num_branches=3):  # pylint: disable=invalid-name
    """Merge at least min_num_branches conv2d on the same input with equal attributes (kernels
    differing only in output channels) into one conv2d + strided_slices (opt_level 4)."""
    return _make("CombineParallelConv2D", int(min_num_branches))


def CombineParallelDense(min_num_branches=3, to_batch_matmul=True):  # pylint: disable=invalid-name
    """Merge at least min_num_branches dense on the same input into one batch_matmul (equal
    weight shapes, to_batch_matmul) or one dense + strided_slices (opt_level 4)."""
    return _make("CombineParallelDense", int(min_num_branches), bool(to_batch_matmul))


def ConvertLayout(desired_layouts):  # pylint: disable=invalid-name
    """nn.conv2d to the layouts asked for, e.g. {"nn.conv2d": ["NHWC", "default"]} (NCHW or
    NHWC; "default" kernel: OIHW for NCHW, HWIO for NHWC); pooling and elementwise ops follow,
    layout_transform stays only at the boundaries. Not part of relay.build: call it first."""
    if not isinstance(desired_layouts, dict):
        raise TypeError("ConvertLayout: desired_layouts must be a dict {op name: [layouts]}, "
                        f"got {type(desired_layouts).__name__}")
    desired = {}
    for name, layouts in desired_layouts.items():
        if isinstance(layouts, str) or not all(isinstance(x, str) for x in layouts):
            raise TypeError(f"ConvertLayout: the layouts of {name!r} must be a list of str, "
                            f"got {layouts!r}")
        desired[str(name)] = list(layouts)
    return _make("ConvertLayout", desired)


__all__ = ["ConvertLayout", "CombineParallelConv2D", "CombineParallelDense", "FoldScaleAxis",
           "BackwardFoldScaleAxis", "ForwardFoldScaleAxis", "CanonicalizeOps", "AlterOpLayout",
           "SimplifyExpr", "ToANormalForm", "ToGraphNormalForm", "SimplifyInference",
           "FoldConstant", "EliminateCommonSubexpr", "DeadCodeElimination", "FuseOps"]

"""Relay passes."""
from . import _ffi_api
from .graph_passes import (SimplifyInference, FoldConstant, EliminateCommonSubexpr,
                           DeadCodeElimination, FuseOps, SimplifyExpr, ToANormalForm,
                           ToGraphNormalForm, AlterOpLayout, FoldScaleAxis,
                           BackwardFoldScaleAxis, ForwardFoldScaleAxis, CanonicalizeOps,
                           CombineParallelConv2D, CombineParallelDense, ConvertLayout)


def InferType():  # pylint: disable=invalid-name
    """Type inference of every Relay function of a module: fills ``checked_type`` of every
    expression. An ill-typed program raises tvm.error.DiagnosticError naming the op, the
    argument and the types, with the function printed and the offending call marked."""
    return _ffi_api.InferType()


def InferTypeLocal(expr):  # pylint: disable=invalid-name
    """Infer the types of a standalone expression and return its type."""
    return _ffi_api.InferTypeLocal(expr).checked_type

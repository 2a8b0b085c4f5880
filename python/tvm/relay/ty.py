"""The types of Relay (the shared IR types, under Relay's names)."""
from ..ir import Type, TensorType, TupleType, FuncType, IncompleteType, Any, PrimType

__all__ = ["Type", "TensorType", "TupleType", "FuncType", "IncompleteType", "Any", "PrimType",
           "scalar_type"]


def scalar_type(dtype):
    """The rank-0 tensor type of `dtype`."""
    return TensorType((), dtype)

"""Tensors and operations of tensor expressions."""
from .._ffi.registry import register_object
from ..runtime import Object
from ..tir import expr as _expr
from ..tir import _ffi_api as _tir_api
from . import _ffi_api


class TensorSlice(_expr.ExprOp, Object):
    """A partially indexed tensor (A[i] of a 2-D tensor), completed by further indexing."""

    __slots__ = ("tensor", "indices")

    def __init__(self, tensor, indices):  # pylint: disable=super-init-not-called
        object.__setattr__(self, "tensor", tensor)
        object.__setattr__(self, "indices", indices)

    def __getitem__(self, index):
        if not isinstance(index, tuple):
            index = (index,)
        return TensorSlice(self.tensor, self.indices + index)

    def asobject(self):
        return self.tensor(*self.indices)


@register_object("Tensor")
class Tensor(Object):
    """The output of an operation: index it, A(i, j) or A[i, j], inside another compute."""

    __slots__ = ()

    def __call__(self, *indices):
        if len(indices) != self.ndim:
            raise ValueError(
                f"tensor {self.name} has {self.ndim} dimensions but is indexed with "
                f"{len(indices)} indices"
            )
        return _ffi_api.TensorLoad(self, [i.var if hasattr(i, "var") and not isinstance(i, _expr.PrimExprWithOp) else i for i in indices])

    def __getitem__(self, indices):
        if not isinstance(indices, tuple):
            indices = (indices,)
        if len(indices) == self.ndim:
            return self(*indices)
        return TensorSlice(self, indices)

    def __eq__(self, other):
        if not isinstance(other, Tensor):
            return False
        return _ffi_api.TensorEqual(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return _ffi_api.TensorHash(self)

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def shape(self):
        return self.__getattr__("shape")

    @property
    def name(self):
        op = self.op
        return op.name if op.num_outputs == 1 else f"{op.name}.v{self.value_index}"

    @property
    def axis(self):
        return self.op.axis

    def __repr__(self):
        return f"Tensor(shape={list(self.shape)}, op.name={self.op.name})"


@register_object("Operation")
class Operation(Object):
    """Base class of operations."""

    __slots__ = ()

    def output(self, index):
        """The index-th output tensor."""
        return _ffi_api.OpGetOutput(self, index)

    @property
    def num_outputs(self):
        return _ffi_api.OpNumOutputs(self)

    @property
    def input_tensors(self):
        return list(_ffi_api.OpInputTensors(self))


@register_object("PlaceholderOp")
class PlaceholderOp(Operation):
    """An input tensor's operation."""

    __slots__ = ()


@register_object("ComputeOp")
class ComputeOp(Operation):
    """A tensor computed elementwise over its axes (with optional reduction)."""

    __slots__ = ()


@register_object("ExternOp")
class ExternOp(Operation):
    """Tensors computed by an opaque statement over bound buffers (te.extern)."""

    __slots__ = ()

"""tvm.ir: the IR infrastructure shared by TIR and Relay."""
from .base import (
    Node,
    Span,
    assert_structural_equal,
    get_first_structural_mismatch,
    load_json,
    save_json,
    structural_equal,
    structural_hash,
)
from .type import Type, PrimType, PointerType, TupleType, FuncType, IncompleteType, TensorType
from .expr import BaseExpr, PrimExpr, RelayExpr, GlobalVar, Range, Any
from .module import IRModule
from .op import Op
from .attrs import Attrs, DictAttrs
from . import _ffi_api
from ..runtime.container import Array, Map
from . import transform
from . import instrument

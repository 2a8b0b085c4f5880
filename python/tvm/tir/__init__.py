"""tvm.tir: the loop-level IR (expressions, statements, buffers, functions)."""
from ..ir import PrimExpr, Range
from .expr import (
    ExprOp, PrimExprWithOp, EqualOp, NotEqualOp, Var, SizeVar, IterVar, IntImm, FloatImm,
    StringImm, Cast, Add, Sub, Mul, Div, Mod, FloorDiv, FloorMod, Min, Max, EQ, NE, LT, LE, GT,
    GE, And, Or, Not, Select, BufferLoad, ProducerLoad, Ramp, Broadcast, Shuffle, Let, Call,
    CommReducer, Reduce,
)
from .stmt import (
    Stmt, ForKind, LetStmt, AttrStmt, AssertStmt, BufferStore, BufferRealize, Allocate, SeqStmt,
    IfThenElse, Evaluate, While, For, ProducerStore, ProducerRealize, stmt_seq,
)
from .buffer import Buffer, decl_buffer
from ..ir.expr import Any  # a run-time shape dimension (defined with TensorType in tvm.ir)
from .function import PrimFunc
from .op import (
    const, exp, exp2, exp10, log, log2, log10, log1p, sqrt, rsqrt, tanh, sigmoid, erf, floor,
    ceil, round, nearbyint, trunc, popcount, clz, sin, cos, tan, sinh, cosh, asin, acos, atan,
    fabs, abs, power, pow, fma, isnan, isinf, isfinite, if_then_else, likely, reinterpret,
    truncdiv, truncmod, floordiv, floormod, indexdiv, indexmod, div, min, max, min_value,
    max_value, all, any, bitwise_and, bitwise_or, bitwise_xor, bitwise_not, shift_left,
    shift_right, call_intrin, call_extern, call_pure_extern, call_llvm_pure_intrin, call_packed,
    ret,
)
from . import _ffi_api


def post_order_visit(stmt, fvisit):
    """Call fvisit on every node of stmt (or an expression) in post order."""
    _ffi_api.PostOrderVisit(stmt, fvisit)


def substitute(node, vmap):
    """Replace variables by expressions ({Var: PrimExpr})."""
    return _ffi_api.Substitute(node, vmap)
from . import transform

"""tvm.te: tensor expressions and schedules."""
from ..tir import op as _tir_op
from .tensor import Tensor, Operation, PlaceholderOp, ComputeOp, ExternOp, TensorSlice
from .operation import (
    placeholder, compute, reduce_axis, thread_axis, var, size_var, const, comm_reducer,
    sum, max, min, prod, extern,
)
from .schedule import Schedule, Stage, create_schedule
from .tensor_intrin import TensorIntrin, decl_tensor_intrin

for _name in ["exp", "exp2", "log", "log2", "log10", "sqrt", "rsqrt", "tanh", "sigmoid", "erf",
              "floor", "ceil", "round", "trunc", "abs", "power", "if_then_else", "all", "any",
              "min_value", "max_value", "popcount", "truncdiv", "truncmod", "floordiv",
              "floormod", "fabs", "nearbyint", "isnan", "isinf", "isfinite", "sin", "cos",
              "log1p", "call_extern", "call_pure_extern", "call_intrin", "call_packed"]:
    globals()[_name] = getattr(_tir_op, _name)
del _name

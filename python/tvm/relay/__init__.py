"""Relay: the graph-level IR (see docs/relay.md).

Build expressions with relay.var / relay.const and the ops (relay.add, relay.nn.conv2d, ...),
wrap them in a relay.Function, put it in an IRModule (tvm.IRModule.from_expr) and run
relay.transform.InferType() to get every expression's checked_type.
"""
# pylint: disable=wildcard-import, redefined-builtin
from . import ty
from .ty import Type, TensorType, TupleType, FuncType, IncompleteType, Any, scalar_type
from . import expr
from .expr import (
    Var,
    Constant,
    Tuple,
    Call,
    TupleGetItem,
    Let,
    If,
    TupleWrapper,
    var,
    const,
    bind,
)
from .function import Function
from . import analysis
from . import transform
from . import op
from .op import *
from .op import nn, image, vision, strings, random, ml
from . import parser
from .parser import fromtext
from . import expr_functor
from .expr_functor import ExprFunctor, ExprVisitor, ExprMutator
from ..ir import IRModule, GlobalVar
from .op import strategy as _strategy  # registers every operator's FTVMStrategy
from . import backend
from . import build_module
from . import vm
from .build_module import build, optimize, create_executor, bind_params_by_name
from . import frontend
from ..runtime.params import save_param_dict, load_param_dict

Expr = expr.ExprWithOp

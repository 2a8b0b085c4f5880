"""tvm.arith: integer analysis and simplification of index expressions."""
from .int_set import IntSet, IntervalSet
from .analyzer import ModularSet, ConstIntBound, Analyzer, ConstraintScope
from . import _ffi_api

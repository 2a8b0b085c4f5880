"""Per-target implementations of Relay operators (see registry.py)."""
from .registry import OpStrategy, OpImplementation, register_strategy, register_op_attr
from . import generic
from . import nn
from . import random

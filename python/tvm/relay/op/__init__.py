"""Relay operators."""
# pylint: disable=wildcard-import, redefined-builtin
from .op import get, OpPattern
from .tensor import *
from .reduce import *
from .transform import *
from .algorithm import *
from . import nn
from . import image
from . import vision
from . import strings
from . import random
from . import ml
from . import tensor as _tensor, reduce as _reduce, transform as _transform
from . import algorithm as _algorithm

__all__ = (["get", "OpPattern", "nn", "image", "vision", "strings", "random", "ml"] + _tensor.__all__ +
           _reduce.__all__ + _transform.__all__ + _algorithm.__all__)

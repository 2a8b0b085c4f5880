"""The pass infrastructure: tvm.transform is tvm.ir.transform (see docs/passes.md)."""
# pylint: disable=wildcard-import, unused-wildcard-import
from .ir.transform import *
from .ir.transform import __all__

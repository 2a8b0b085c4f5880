"""Pass instruments: tvm.instrument is tvm.ir.instrument (see docs/passes.md)."""
# pylint: disable=wildcard-import, unused-wildcard-import
from .ir.instrument import *
from .ir.instrument import __all__

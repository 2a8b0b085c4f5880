"""DataType: an element type such as float32 or int8x4."""
from .._ffi.base import core


class DataType:
    """An element type: a type code, bits and lanes. ``str(dt)`` gives its name."""

    INT = 0
    UINT = 1
    FLOAT = 2
    HANDLE = 3
    BFLOAT = 4

    __slots__ = ("type_code", "bits", "lanes")

    def __init__(self, type_str):
        if isinstance(type_str, DataType):
            type_str = str(type_str)
        if not isinstance(type_str, str):
            # numpy dtypes and types such as numpy.float32
            import numpy as np  # pylint: disable=import-outside-toplevel

            type_str = str(np.dtype(type_str))
        self.type_code, self.bits, self.lanes = core.parse_dtype(type_str)

    def __str__(self):
        return core.dtype_to_str(self.type_code, self.bits, self.lanes)

    def __repr__(self):
        return f"DataType({str(self)!r})"

    def __eq__(self, other):
        if isinstance(other, str):
            try:
                other = DataType(other)
            except ValueError:
                return False
        return (
            isinstance(other, DataType)
            and (self.type_code, self.bits, self.lanes) == (other.type_code, other.bits, other.lanes)
        )

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self.type_code, self.bits, self.lanes))

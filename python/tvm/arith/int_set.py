"""Integer sets: symbolic intervals [min_value, max_value], ends included."""
from .._ffi.registry import register_object
from ..runtime import Object
from . import _ffi_api


@register_object("IntSet")
class IntSet(Object):
    """A set of integers (see IntervalSet)."""

    __slots__ = ()

    def is_nothing(self):
        """Whether the set is empty."""
        return _ffi_api.IntSetIsNothing(self)

    def is_everything(self):
        """Whether the set is every integer."""
        return _ffi_api.IntSetIsEverything(self)

    def is_single_point(self):
        """Whether min_value and max_value are one expression."""
        return _ffi_api.IntSetIsSinglePoint(self)

    @staticmethod
    def single_point(point):
        """The set {point}."""
        return _ffi_api.IntSetSinglePoint(point)

    @staticmethod
    def interval(min_value, max_value):
        """The set [min_value, max_value]."""
        return _ffi_api.IntervalSet(min_value, max_value)

    @staticmethod
    def everything():
        """Every integer."""
        return _ffi_api.IntSetEverything()

    @staticmethod
    def nothing():
        """The empty set."""
        return _ffi_api.IntSetNothing()

    @staticmethod
    def from_range(rng):
        """[rng.min, rng.min + rng.extent - 1]."""
        return _ffi_api.IntSetFromRange(rng)

    @staticmethod
    def union(sets):
        """The smallest interval containing every set."""
        return _ffi_api.Union(list(sets))

    @staticmethod
    def intersect(sets):
        """The intersection of the sets."""
        return _ffi_api.Intersect(list(sets))


@register_object("arith.IntervalSet")
class IntervalSet(IntSet):
    """[min_value, max_value]; an unbounded end is the variable pos_inf / neg_inf."""

    __slots__ = ()

    def __init__(self, min_value, max_value):
        self.__init_handle_by_constructor__(_ffi_api.IntervalSet, min_value, max_value)

    def has_lower_bound(self):
        return _ffi_api.IntSetIsInfinity(self.min_value) == 0 and not self.is_nothing()

    def has_upper_bound(self):
        return _ffi_api.IntSetIsInfinity(self.max_value) == 0 and not self.is_nothing()

"""Schedules: how each operation runs."""
from .._ffi.registry import register_object
from ..runtime import Object
from . import _ffi_api
from .tensor import Tensor, Operation


def _op_of(x):
    if isinstance(x, Tensor):
        return x.op
    if isinstance(x, Operation):
        return x
    raise TypeError(f"expected a Tensor or an Operation, got {type(x).__name__}")


@register_object("Schedule")
class Schedule(Object):
    """The schedule of a set of output operations and everything they need."""

    __slots__ = ()

    def __getitem__(self, k):
        return _ffi_api.ScheduleGetStage(self, _op_of(k))

    def cache_read(self, tensor, scope, readers):
        """A copy of `tensor` in `scope` that `readers` (tensors or ops) read instead."""
        readers = readers if isinstance(readers, (list, tuple)) else [readers]
        return _ffi_api.ScheduleCacheRead(self, tensor, scope, [_op_of(r) for r in readers])

    def cache_write(self, tensor, scope):
        """Compute `tensor` into a cache in `scope`, then copy it out; returns the cache."""
        return _ffi_api.ScheduleCacheWrite(self, tensor, scope)

    def rfactor(self, tensor, axis, factor_axis=0):
        """Factor the reduction computing `tensor` over its reduction loop `axis`.

        A new stage computes partial results in which `axis` is a data dimension (inserted at
        position `factor_axis`), so it can be parallelized or vectorized; `tensor`'s stage then
        reduces the partial results over a new reduction axis. Returns the partial-result
        tensor (a list of them for a reduction with several outputs).
        """
        factored = _ffi_api.ScheduleRFactor(self, tensor, axis, factor_axis)
        return factored[0] if len(factored) == 1 else list(factored)


@register_object("Stage")
class Stage(Object):
    """The schedule of one operation."""

    __slots__ = ()

    def split(self, parent, factor=None, nparts=None):
        """Split an axis into (outer, inner); inner has `factor` iterations (or outer `nparts`)."""
        if (factor is None) == (nparts is None):
            raise ValueError("split: give exactly one of factor and nparts")
        if factor is not None:
            outer, inner = _ffi_api.StageSplitByFactor(self, parent, factor)
        else:
            outer, inner = _ffi_api.StageSplitByNParts(self, parent, nparts)
        return outer, inner

    def fuse(self, *args):
        """Fuse adjacent axes (outermost first) into one."""
        return _ffi_api.StageFuse(self, list(args))

    def reorder(self, *args):
        _ffi_api.StageReorder(self, list(args))

    def tile(self, x_parent, y_parent, x_factor, y_factor):
        xo, yo, xi, yi = _ffi_api.StageTile(self, x_parent, y_parent, x_factor, y_factor)
        return xo, yo, xi, yi

    def vectorize(self, var):
        _ffi_api.StageVectorize(self, var)

    def parallel(self, var):
        _ffi_api.StageParallel(self, var)

    def unroll(self, var):
        _ffi_api.StageUnroll(self, var)

    def bind(self, ivar, thread_ivar):
        _ffi_api.StageBind(self, ivar, thread_ivar)

    def pragma(self, var, pragma_type, pragma_value=None):
        _ffi_api.StagePragma(self, var, pragma_type, pragma_value)

    def tensorize(self, var, tensor_intrin):
        """Replace loop `var` and the loops inside it by `tensor_intrin` (te.decl_tensor_intrin)."""
        _ffi_api.StageTensorize(self, var, tensor_intrin)

    def storage_align(self, axis, factor, offset):
        """Pad this stage's storage so that the stride of `axis`'s dimension is
        offset modulo factor (stride % factor == offset)."""
        _ffi_api.StageStorageAlign(self, axis, factor, offset)

    def double_buffer(self):
        """Keep two buffers for this stage (computed at a loop), so that GPU code fetches the
        next iteration's data while computing on the current one."""
        _ffi_api.StageDoubleBuffer(self)

    def set_scope(self, scope):
        """Keep this stage's buffer in `scope` ("global", "shared", "local", "warp")."""
        _ffi_api.StageSetScope(self, scope)

    def compute_inline(self):
        _ffi_api.StageComputeInline(self)

    def compute_root(self):
        _ffi_api.StageComputeRoot(self)

    def compute_at(self, parent, scope):
        """Compute this stage inside loop `scope` of `parent` (which must read it)."""
        _ffi_api.StageComputeAt(self, parent, scope)

    def __repr__(self):
        return f"stage({self.op.name})"


def create_schedule(ops):
    """A schedule computing `ops` (an Operation/Tensor or a list of them)."""
    ops = ops if isinstance(ops, (list, tuple)) else [ops]
    return _ffi_api.CreateSchedule([_op_of(o) for o in ops])

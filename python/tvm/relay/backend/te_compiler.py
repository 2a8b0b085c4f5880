"""Python access to the TE compiler (src/relay/backend/te_compiler.cc)."""
import tvm._ffi

from ... import ir


def lower_primitive(func, target, name):
    """The CachedFunc of primitive Relay function `func` for `target` (cached by structure)."""
    target = tvm.target.Target(target) if isinstance(target, str) else target
    return tvm._ffi.get_global_func("relay.backend.LowerPrimitive")(func, target, name)


def clear_cache():
    tvm._ffi.get_global_func("relay.backend.ClearTECompilerCache")()


__all__ = ["lower_primitive", "clear_cache", "ir"]

"""tvm.tir.transform: TIR passes (each applies to every PrimFunc of a module)."""
from ..._ffi.registry import get_global_func as _get


def _pass(name):
    def make(*args):
        return _get("tir.transform." + name)(*args)

    make.__name__ = name
    make.__doc__ = f"The TIR pass {name}."
    return make


Simplify = _pass("Simplify")
VectorizeLoop = _pass("VectorizeLoop")
UnrollLoop = _pass("UnrollLoop")
RemoveNoOp = _pass("RemoveNoOp")
StorageRewrite = _pass("StorageRewrite")
BF16ComputeLegalize = _pass("BF16ComputeLegalize")


def LowerIntrin(target=None):
    """Lower math intrinsics for a target (a Target, a kind name such as "llvm" or "c", or
    None: each PrimFunc's "target" attribute, else the generic rules)."""
    kind = None
    if target is not None:
        kind = str(target.kind) if hasattr(target, "kind") else str(target).split()[0]
    return _get("tir.transform.LowerIntrin")(kind)


def __getattr__(name):
    # Passes registered later (e.g. MakePackedAPI by the code generator) by their name.
    f = _get("tir.transform." + name, allow_missing=True)
    if f is None:
        raise AttributeError(f"tvm.tir.transform has no pass {name}")
    return f

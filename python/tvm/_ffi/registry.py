"""Registration of Python classes for object types and of Python functions as globals."""
import sys
import types

from .base import core


def register_object(type_key=None):
    """Class decorator: instances of this type key returned from C++ become this class.

    Usable as ``@register_object("tir.Add")`` or ``@register_object`` (the key is then the
    class name).
    """

    def register(cls):
        key = type_key if isinstance(type_key, str) else cls.__name__
        core.register_object_class(key, cls)
        return cls

    if isinstance(type_key, type):
        return register(type_key)
    return register


def register_func(func_name, f=None, override=False):
    """Register a Python function as a global PackedFunc callable from C++.

    Usable as ``register_func("name", f)``, ``@register_func("name")`` or ``@register_func``
    (the function's own name is used).
    """
    if callable(func_name):
        f, func_name = func_name, func_name.__name__
    if not isinstance(func_name, str):
        raise TypeError("register_func: expected the function name as a str")

    def register(myf):
        core.register_func(func_name, myf, override)
        return myf

    if f is not None:
        return register(f)
    return register


def get_global_func(name, allow_missing=False):
    """The global PackedFunc registered under `name`.

    Raises ValueError when no function has that name, unless allow_missing (then None).
    """
    f = core.get_global_func(name)
    if f is None and not allow_missing:
        raise ValueError(f"Cannot find global function {name}")
    return f


def list_global_func_names():
    """Names of every registered global function, sorted."""
    return core.list_global_func_names()


def remove_global_func(name):
    """Remove a global function; returns whether it existed."""
    return core.remove_global_func(name)


def _init_api(namespace, target_module_name=None):
    """Expose every global `namespace.X` (X without further dots) as `X` in a module."""
    target_module_name = target_module_name or namespace
    module = sys.modules[target_module_name]
    prefix = namespace + "."
    for name in core.list_global_func_names():
        if not name.startswith(prefix):
            continue
        short = name[len(prefix):]
        if "." in short:
            continue
        f = core.get_global_func(name)
        f.__name__ = short
        setattr(module, short, f)

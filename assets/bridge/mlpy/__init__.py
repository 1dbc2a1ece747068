"""Decorators for mlpy Python bridge modules.

A class marked ``@ml_module("name")`` in a file on one of mlpy's Python
extension paths becomes the ML module ``name``.  Its public methods
(static, class or instance methods; ``@ml_function`` is optional) are the
module's functions.  ``@require_capability("database:connect")`` names a
capability the mlpy session must grant before the function may be called;
mlpy checks it before the call reaches Python.

The same names are importable as ``src.mlpy.stdlib.decorators`` and
``src.mlpy.runtime.capabilities`` so that modules written for earlier
versions of mlpy load unchanged, and they are also available as builtins.
"""

__all__ = ["ml_module", "ml_function", "require_capability"]

# Classes marked by @ml_module while a bridge file is being imported, as
# (module name, class) pairs; the worker reads and clears it.
registered = []


def ml_module(name=None, *, version=None, description=None,
              capabilities_required=(), allow_eval=True, **extra):
    """Mark a class as the ML module ``name``."""
    def mark(cls, module_name):
        cls._ml_module = {
            "name": module_name,
            "version": version,
            "description": description if description is not None
            else _first_line(cls.__doc__),
            "capabilities_required": [str(c) for c in capabilities_required],
            "allow_eval": bool(allow_eval),
            "extra": {k: repr(v) for k, v in extra.items()},
        }
        registered.append((module_name, cls))
        return cls

    if isinstance(name, type):  # bare @ml_module: named after the class
        return mark(name, name.__name__.lower())
    return lambda cls: mark(cls, name if name is not None else cls.__name__.lower())


def ml_function(func=None, *, name=None, description=None, **extra):
    """Mark a method as an ML function (optional: public methods are exported anyway)."""
    def mark(f):
        target = getattr(f, "__func__", f)
        target._ml_function = {"name": name, "description": description}
        return f

    if func is not None and callable(func):
        return mark(func)
    return mark


def require_capability(*capabilities):
    """Declare capabilities the function needs (checked by mlpy before each call)."""
    def mark(f):
        target = getattr(f, "__func__", f)
        needed = list(getattr(target, "_ml_capabilities", []))
        needed.extend(str(c) for c in capabilities)
        target._ml_capabilities = needed
        return f
    return mark


def _first_line(doc):
    if not doc:
        return None
    lines = [line.strip() for line in doc.strip().splitlines()]
    return lines[0] if lines else None

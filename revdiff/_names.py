"""Names a module hands on from others, as its ``__getattr__`` (PEP 562).

- :func:`lazy`: a package's face names what its modules define, and imports
  a module only when one of its names is first asked for (so that ``import
  revdiff`` stays cheap);
- :func:`moved`: a name that moved to another module still works at its old
  path, with a DeprecationWarning.

Python asks a module's ``__getattr__`` only for names the module does not have.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable

__all__ = ["lazy", "moved"]


def moved(module: str, names: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that gives each of ``names`` (old name -> ``module.name``
    where it is now) with a warning, and refuses any other name.

    >>> import warnings
    >>> get = moved("old", {"Op": "revdiff.model.Op"})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     get("Op").__name__, str(caught[0].message)
    ('Op', 'old.Op has moved to revdiff.model.Op; import it from there')
    """

    def __getattr__(name: str) -> object:
        target = names.get(name)
        if target is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warnings.warn(
            f"{module}.{name} has moved to {target}; import it from there",
            DeprecationWarning,
            stacklevel=2,
        )
        where, _, attribute = target.rpartition(".")
        found: object = getattr(importlib.import_module(where), attribute)
        return found

    return __getattr__


def lazy(module: str, names: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that gives each of ``names`` (name -> the module that
    defines it), importing that module when the name is first asked for.

    >>> lazy("face", {"Op": "revdiff.model"})("Op").__name__
    'Op'
    """

    def __getattr__(name: str) -> object:
        where = names.get(name)
        if where is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        found: object = getattr(importlib.import_module(where), name)
        return found

    return __getattr__

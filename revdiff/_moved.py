"""Names that moved to another module: the old path still works, with a DeprecationWarning.

A module whose names moved sets ``__getattr__ = moved(__name__, {...})``
(PEP 562): Python asks it only for names the module no longer has.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable

__all__ = ["moved"]


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

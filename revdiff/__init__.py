"""revdiff: read the revision layers of TEI documents, diff and render the versions.

Public API (imported lazily, so that ``import revdiff`` stays cheap):

- :func:`read` -- a source (``path[#layer]``, or ``-``) to a :class:`Witness`
- :func:`diff` -- two witnesses to a :class:`Diff`
- :func:`render` -- a diff to text in one of :data:`FORMATTERS`
- :class:`Normalizer` -- how tokens are compared (case, punctuation, tables)
- the model types :class:`Witness`, :class:`Token`, :class:`Origin`,
  :class:`Revision`, :class:`Segment`, :class:`Diff`, :class:`Op`
- :class:`RevdiffError`, the base of every error revdiff reports
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "read",
    "diff",
    "render",
    "FORMATTERS",
    "Normalizer",
    "Witness",
    "Token",
    "Origin",
    "Revision",
    "Segment",
    "Diff",
    "Op",
    "RevdiffError",
]

_LAZY = {
    "read": "revdiff.api",
    "diff": "revdiff.align",
    "render": "revdiff.render",
    "FORMATTERS": "revdiff.render",
    "Normalizer": "revdiff.tokenize",
    "Witness": "revdiff.model",
    "Token": "revdiff.model",
    "Origin": "revdiff.model",
    "Revision": "revdiff.model",
    "Segment": "revdiff.model",
    "Diff": "revdiff.model",
    "Op": "revdiff.model",
    "RevdiffError": "revdiff.errors",
}

if TYPE_CHECKING:  # pragma: no cover
    from .align import diff
    from .api import read
    from .errors import RevdiffError
    from .model import Diff, Op, Origin, Revision, Segment, Token, Witness
    from .render import FORMATTERS, render
    from .tokenize import Normalizer


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'revdiff' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)

"""revdiff: read the revision layers of TEI documents, diff and render the versions.

Public API (imported lazily, so that ``import revdiff`` stays cheap):

- :func:`read` -- a source (``path[#layer]``, or ``-``) to a :class:`Witness`
- :func:`diff` -- two witnesses to a :class:`Diff`; :func:`compare` -- two
  sources read, aligned and their moves found
- :func:`collate` -- many witnesses (or sources) in one table;
  :func:`trace` -- where each correction of a draft went in a later witness
- :func:`render` -- a diff to text in one of :data:`FORMATTERS`
- :class:`Normalizer` -- how tokens are compared (case, punctuation, tables)
- the model types :class:`Witness`, :class:`Token`, :class:`Origin`,
  :class:`Revision`, :class:`Segment`, :class:`Diff`, :class:`Op`
- :class:`RevdiffError`, the base of every error revdiff reports
- :func:`to_tei` -- a diff to TEI (revision markup or apparatus);
  :func:`encode` -- a Markdown transcription to TEI; :func:`validate` -- TEI
  against tei_all and its own pointers
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._names import lazy
from ._version import __version__

__all__ = [
    "__version__",
    "read",
    "compare",
    "diff",
    "collate",
    "trace",
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
    "encode",
    "to_tei",
    "validate",
]

_LAZY = {
    "read": "revdiff.api",
    "compare": "revdiff.api",
    "diff": "revdiff.align",
    "collate": "revdiff.api",
    "trace": "revdiff.api",
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
    "encode": "revdiff.tei.encode",
    "to_tei": "revdiff.render.tei",
    "validate": "revdiff.api",
}

if TYPE_CHECKING:  # pragma: no cover
    from .align import diff
    from .api import collate, compare, read, trace, validate
    from .errors import RevdiffError
    from .model import Diff, Op, Origin, Revision, Segment, Token, Witness
    from .render import FORMATTERS, render
    from .render.tei import to_tei
    from .tei.encode import encode
    from .tokenize import Normalizer

__getattr__ = lazy(__name__, _LAZY)

"""Every output of revdiff: one renderer per subject and format, found in one registry.

- :mod:`revdiff.render.registry`: what is rendered (a diff, a collation, a
  trace, a document, a synopsis, a document's layers) by format name; the
  CLI's ``--format`` choices and batch's file extensions come from there;
- :mod:`revdiff.render.options`: :class:`RenderOptions` (colour, context,
  the version and the date a view names);
- one module per format: :mod:`.text`, :mod:`.unified`, :mod:`.json`,
  :mod:`.table`, :mod:`.tei` (revision markup, apparatus), :mod:`.html`
  (one module per view).
"""

from .options import RenderOptions, build_date
from .registry import (
    COLLATION,
    DIFF,
    DOCUMENT,
    FORMATTERS,
    LAYERS,
    REGISTRY,
    SYNOPSIS,
    TRACE,
    Format,
    Formats,
    Subject,
    render,
    renderer,
)

__all__ = [
    "RenderOptions",
    "build_date",
    "Subject",
    "Format",
    "Formats",
    "REGISTRY",
    "DIFF",
    "COLLATION",
    "TRACE",
    "DOCUMENT",
    "SYNOPSIS",
    "LAYERS",
    "FORMATTERS",
    "renderer",
    "render",
]

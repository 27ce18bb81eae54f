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

from . import options, registry
from .options import *  # noqa: F403
from .registry import *  # noqa: F403

__all__ = []
__all__ += options.__all__
__all__ += registry.__all__

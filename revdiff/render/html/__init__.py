"""HTML views: one self-contained HTML5 file, one module per view, in one page frame.

- :mod:`.pair`: two witnesses, inline and side by side (``diff -f html``);
- :mod:`.document`: one TEI document with every revision in place;
- :mod:`.synopsis`: three or more witnesses in columns, by section;
- :mod:`.collation`: the alignment table of a collation;
- :mod:`.trace`: where each correction of a draft went;
- :mod:`.page`: the frame they share (templates, CSS, script, policy).

The names of the views are handed on from here when first used, so that
showing a diff does not load the TEI reader the document views use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__all__ = [
    "SourceInfo",
    "build_date",
    "Piece",
    "Row",
    "refine_marks",
    "inline_paragraphs",
    "pair_rows",
    "render",
    "render_document",
    "synopsis_rows",
    "variant_links",
    "render_synopsis",
    "collation_columns",
    "render_collation",
    "render_trace",
]

_VIEWS = {
    "SourceInfo": "revdiff.render.html.page",
    "build_date": "revdiff.render.options",
    "Piece": "revdiff.render.html.pair",
    "Row": "revdiff.render.html.pair",
    "refine_marks": "revdiff.render.html.pair",
    "inline_paragraphs": "revdiff.render.html.pair",
    "pair_rows": "revdiff.render.html.pair",
    "render": "revdiff.render.html.pair",
    "render_document": "revdiff.render.html.document",
    "synopsis_rows": "revdiff.render.html.synopsis",
    "variant_links": "revdiff.render.html.synopsis",
    "render_synopsis": "revdiff.render.html.synopsis",
    "collation_columns": "revdiff.render.html.collation",
    "render_collation": "revdiff.render.html.collation",
    "render_trace": "revdiff.render.html.trace",
}

if TYPE_CHECKING:  # pragma: no cover
    from ..options import build_date
    from .collation import collation_columns, render_collation
    from .document import render_document
    from .page import SourceInfo
    from .pair import Piece, Row, inline_paragraphs, pair_rows, refine_marks, render
    from .synopsis import render_synopsis, synopsis_rows, variant_links
    from .trace import render_trace


def __getattr__(name: str) -> object:
    module = _VIEWS.get(name)
    if module is None:
        raise AttributeError(f"module 'revdiff.render.html' has no attribute {name!r}")
    found: object = getattr(importlib.import_module(module), name)
    return found

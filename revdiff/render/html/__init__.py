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

from typing import TYPE_CHECKING

from ..._names import lazy

_VIEWS = {
    "revdiff.render.html.page": ("SourceInfo",),
    "revdiff.render.options": ("build_date",),
    "revdiff.render.html.pair": (
        "Piece",
        "Row",
        "refine_marks",
        "inline_paragraphs",
        "pair_rows",
        "render",
    ),
    "revdiff.render.html.document": ("render_document",),
    "revdiff.render.html.synopsis": ("synopsis_rows", "variant_links", "render_synopsis"),
    "revdiff.render.html.collation": ("collation_columns", "render_collation"),
    "revdiff.render.html.trace": ("render_trace",),
}
__all__ = [name for names in _VIEWS.values() for name in names]

if TYPE_CHECKING:  # pragma: no cover: the names, for type checkers (X as X: handed on)
    from ..options import build_date as build_date
    from .collation import collation_columns as collation_columns
    from .collation import render_collation as render_collation
    from .document import render_document as render_document
    from .page import SourceInfo as SourceInfo
    from .pair import Piece as Piece
    from .pair import Row as Row
    from .pair import inline_paragraphs as inline_paragraphs
    from .pair import pair_rows as pair_rows
    from .pair import refine_marks as refine_marks
    from .pair import render as render
    from .synopsis import render_synopsis as render_synopsis
    from .synopsis import synopsis_rows as synopsis_rows
    from .synopsis import variant_links as variant_links
    from .trace import render_trace as render_trace


__getattr__ = lazy(__name__, {name: module for module, names in _VIEWS.items() for name in names})

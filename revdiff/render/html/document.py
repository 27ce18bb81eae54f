"""The view of one TEI document: its text with every correction in place, and a layer switch.

Deletions are struck through, additions stand where ``@place`` puts them, a
substitution is shown as a pair; each correction shows its hand and change
on hover and focus. The switch shows the diplomatic text or any layer: one
CSS rule per layer hides the runs that layer does not show, so it works
without the script too.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import (
    Change,
    Diplomatic,
    DocumentView,
    Group,
    Hand,
    Node,
    Revision,
    Run,
    Subst,
)
from ...tei.diplomatic import diplomatic
from ...tei.layers import read_layer
from ..options import RenderOptions
from .page import SourceInfo, page

__all__ = ["render_document", "render"]


_PLACES = {
    "above": "above the line",
    "below": "below the line",
    "margin": "in the margin",
    "inline": "in the line",
    "unknown": "(place not recorded)",
}


def _main_hand(view: Diplomatic, first: str | None) -> str | None:
    """The hand that wrote most of the text: other hands' text is shown apart.

    Text before any ``handShift`` has no hand of its own; it counts as the
    ``first`` hand the header lists.
    """
    counts: dict[str, int] = {}

    def visit(nodes: Sequence[Node]) -> None:
        for n in nodes:
            if isinstance(n, Run):
                hand = n.hand or first
                if hand:
                    counts[hand] = counts.get(hand, 0) + len(n.text)
            elif isinstance(n, Group):
                visit(n.children)
            elif isinstance(n, Subst):
                visit((n.deleted, n.added))

    for p in view.paragraphs:
        visit(p.nodes)
    return max(sorted(counts), key=lambda h: counts[h]) if counts else None


def render_document(
    view: Diplomatic,
    info: SourceInfo,
    hands: Sequence[Hand] = (),
    changes: Sequence[Change] = (),
    options: RenderOptions | None = None,
    layer: str | None = None,
) -> str:
    """One TEI document: its diplomatic text (:func:`revdiff.tei.diplomatic.diplomatic`).

    ``layer`` is the layer shown first (by default the diplomatic text, which
    is also what shows with scripts off).
    """
    options = options or RenderOptions()
    start = view.layers.index(layer) if layer in view.layers else 0
    # One rule per layer: the runs hidden in that layer go when it is chosen.
    extra = "".join(
        f'\n.doc[data-layer="{i}"] .h{i}{{display:none}}' for i in range(1, len(view.layers))
    )
    hands_by_id = {h.id: h for h in hands}
    changes_by_id = {c.id: c for c in changes}

    def describe(r: Revision) -> str:
        what = {"del": "deletion", "delSpan": "deletion", "add": "addition", "addSpan": "addition"}
        parts = [what.get(r.kind, r.kind)]
        if r.is_addition and r.place:
            parts[0] += " " + _PLACES.get(r.place, f"({r.place})")
        parts.append(f"hand: {r.hand}" if r.hand else "hand: not recorded")
        if r.change:
            change = changes_by_id.get(r.change)
            when = change.when if change else None
            parts.append(f"change: {r.change}" + (f" ({when})" if when else ""))
        return " · ".join(parts)

    def run_classes(run: Run) -> str:
        names = [f"h{i}" for i in run.hidden]
        if run.reading == "normalized":
            names.append("corr")
        if (run.hand or first_hand) != main_hand:
            names.append("shift")
        return " ".join(names)

    first_hand = hands[0].id if hands else None
    main_hand = _main_hand(view, first_hand)
    context = {
        "view": "document",
        "kind": lambda n: type(n).__name__,
        "describe": describe,
        "run_classes": run_classes,
        "main_hand": main_hand,
        "first_hand": first_hand,
        "title": info.title or info.siglum,
        "lang": info.lang,
        "sources": [("", info)],
        "doc": view,
        "layers": view.layers,
        "start": start,
        "hands": hands_by_id,
        "changes": changes_by_id,
    }
    return page("document.html.j2", context, options, extra)


def render(view: DocumentView, options: RenderOptions) -> str:
    """The ``html`` format of a document: its diplomatic text, opening on ``view.layer``."""
    doc = view.document
    words = len(read_layer(doc, view.layer or "final"))
    info = SourceInfo(view.siglum, doc.title, view.layer, doc.source, doc.lang, words)
    return render_document(diplomatic(doc), info, doc.hands, doc.changes, options, view.layer)

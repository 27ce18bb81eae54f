"""The view of a trace: the draft's text with each correction coloured by what the target did.

Adopted green, rejected red, other orange, absent grey; hovering over or
tabbing to a correction shows its hand, its change and what the target reads
there. Below the text: a table of the corrections, the differences
introduced in copying, and the counts.
"""

from __future__ import annotations

from ...model import Diplomatic, Group, Node, Status, Subst, Trace, TraceEntry, TraceView
from ...tei.diplomatic import diplomatic
from ...tei.layers import read_layer
from ..options import RenderOptions
from .page import SourceInfo, data, page

__all__ = ["render_trace", "render"]


_STATUS_WORDS = {
    "adopted": "the target has the corrected reading",
    "rejected": "the target has the reading from before the correction",
    "other": "the target reads something else there",
    "absent": "the target lacks the passage",
}


def _trace_tip(entry: TraceEntry, target: str) -> str:
    parts: list[str] = [entry.status.value, entry.kind]
    if entry.hand:
        parts.append(f"hand: {entry.hand}")
    if entry.change:
        parts.append(f"change: {entry.change}")
    reads = f"«{entry.target}»" if entry.target else "nothing"
    return " · ".join(parts) + f" — {target} reads {reads}"


def render_trace(
    trace: Trace,
    view: Diplomatic,
    draft: SourceInfo,
    target: SourceInfo,
    options: RenderOptions | None = None,
) -> str:
    """A trace (:class:`revdiff.model.Trace`) as one page: the draft's diplomatic text
    (:func:`revdiff.tei.diplomatic.diplomatic`) with each correction coloured by what
    the target did with it, the target's reading on hover and focus; then the corrections
    in a table, the differences introduced in copying, and the counts.
    """
    options = options or RenderOptions()
    by_revision: dict[str, TraceEntry] = {}
    for entry in trace.entries:
        if entry.status is not Status.COPY:
            for rev in entry.revisions:
                by_revision[rev] = entry
    counts = trace.counts()

    def entry_of(node: Node) -> TraceEntry | None:
        """The trace entry of a correction node (a Group, or a Subst by either half)."""
        if isinstance(node, Group):
            revisions = [node.revision]
        elif isinstance(node, Subst):
            revisions = [node.deleted.revision, node.added.revision]
        else:
            revisions = []
        for r in revisions:
            if r.id in by_revision:
                return by_revision[r.id]
        return None

    context = {
        "view": "trace",
        "title": f"{draft.siglum} → {target.siglum}: where each correction went",
        "lang": draft.lang,
        "sources": [("Draft", draft), ("Target", target)],
        "target_siglum": target.siglum,
        "kind": lambda n: type(n).__name__,
        "entry_of": entry_of,
        "tip": lambda e: _trace_tip(e, target.siglum),
        "doc": view,
        "statuses": _STATUS_WORDS,
        "corrections": [e for e in trace.entries if e.status is not Status.COPY],
        "copies": [e for e in trace.entries if e.status is Status.COPY],
        "counts": counts,
    }
    return page("trace.html.j2", context, options, data("trace.css"))


def render(view: TraceView, options: RenderOptions) -> str:
    """The ``html`` format of a trace: the draft's text, coloured by what the target did."""
    doc = view.draft.document
    words = len(read_layer(doc, "final"))
    draft = SourceInfo(view.draft.siglum, doc.title, None, doc.source, doc.lang, words)
    return render_trace(view.trace, diplomatic(doc), draft, SourceInfo.of(view.target), options)

"""The view of one TEI document: its text with every correction in place, and a layer switch.

Deletions are struck through, additions stand where ``@place`` puts them, a
substitution is shown as a pair; each correction shows its hand and change
on hover and focus. The switch (a list of every layer, the changes in
``listChange`` order with their dates and the hands apart, and a slider
over the stages) shows the diplomatic text or any layer: one CSS rule per
layer hides the runs that layer does not show, so it works without the
script too. The notes of the text are numbered and follow it, each with its
own revisions; verse lines show their number every fifth line; a page's
number links to its image where the TEI gives one. With a context of N
words (``-C N``), unchanged text more than N words from a correction folds.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import (
    Change,
    Diplomatic,
    DocumentView,
    FolioBreak,
    Group,
    Hand,
    Node,
    NoteRef,
    Paragraph,
    Revision,
    Run,
    Subst,
)
from ...tei.diplomatic import diplomatic
from ...tei.layers import count_tokens
from ..options import RenderOptions
from .fold import Folded, fold_span
from .page import SourceInfo, numbered, page

__all__ = [
    "Part",
    "Fold",
    "LayerChoice",
    "document_blocks",
    "layer_choices",
    "render_document",
    "render",
]


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


@dataclass(frozen=True, slots=True)
class Part:
    """A paragraph of the view, or the part of one on one side of a fold's edge.

    ``heading`` is the section whose heading stands before it, if any;
    ``run_on``: it continues a paragraph cut by a fold's edge; ``runs_on``:
    it is continued after one.
    """

    paragraph: Paragraph
    heading: str | None = None
    run_on: bool = False
    runs_on: bool = False


@dataclass(frozen=True, slots=True)
class Fold:
    """Unchanged text folded away (``-C N``): the parts it holds."""

    folded: Folded
    parts: tuple[Part, ...]


def _plain(node: Node) -> bool:
    """Text without a revision around it, in every layer: what folds."""
    return isinstance(node, Run) and not node.hidden and node.reading is None


_WORD = re.compile(r"\S+\s*")


def _node_text(node: Node) -> str:
    if isinstance(node, Run):
        return node.text
    if isinstance(node, Group):
        return "".join(map(_node_text, node.children))
    if isinstance(node, Subst):
        return _node_text(node.deleted) + _node_text(node.added)
    return ""


def _word_starts(p: Paragraph) -> list[list[int]]:
    """For each node of a paragraph, where the words that begin in it begin: in text that
    folds only (a word running on from the node before, as ``<hi>Н</hi>ужно``, begins there)."""
    out: list[list[int]] = []
    joined = False  # the text so far ends inside a word
    for node in p.nodes:
        text = _node_text(node)
        starts = [m.start() for m in _WORD.finditer(text)] if _plain(node) else []
        if starts and starts[0] == 0 and joined:
            starts = starts[1:]
        out.append(starts)
        if text:
            joined = not text[-1].isspace()
    return out


def _edges(paragraphs: Sequence[Paragraph], context: int) -> list[int]:
    """Where folds begin and end, counted in unchanged words: [start, end, start, end, ...].

    A fold does not cut a verse line: the whole line around a word of context
    stays out of it.
    """
    runs: list[int] = [0]  # the unchanged words of each run between two corrections
    # The verse lines: their first unchanged word, their last + 1, and whether a
    # correction stands before the first, after the last.
    lines: list[tuple[int, int, bool, bool]] = []
    position = 0
    for p in paragraphs:
        if p.marks:  # a mark in the margin stands for a correction at the paragraph's start
            runs.append(0)
        first, lead, trail = position, False, False
        for node, starts in zip(p.nodes, _word_starts(p), strict=True):
            if _plain(node):
                words = len(starts)
                runs[-1] += words
                position += words
                trail = trail and not words
            elif not isinstance(node, FolioBreak | NoteRef):  # neither folds nor stops a fold
                runs.append(0)
                lead, trail = lead or position == first, True
        if p.verse is not None and position > first:
            lines.append((first, position, lead, trail))
    edges: list[int] = []
    position = 0
    for i, length in enumerate(runs):
        span = fold_span(length, i == 0, i == len(runs) - 1, context)
        if span is not None:
            start, end = _outside_lines(position + span[0], position + span[1], lines)
            if end > start:
                edges += [start, end]
        position += length
    return edges


def _outside_lines(
    start: int, end: int, lines: Sequence[tuple[int, int, bool, bool]]
) -> tuple[int, int]:
    """A fold narrowed to whole verse lines: it starts after the line it would cut, and
    ends before the line it would cut (a line that begins with a correction is cut by a
    fold starting at its first unchanged word; one that ends with a correction, by a
    fold ending after its last).

    >>> _outside_lines(3, 12, [(0, 5, False, False), (5, 10, False, False), (10, 14, False, False)])
    (5, 10)
    >>> _outside_lines(5, 10, [(0, 5, False, False), (5, 10, True, True), (10, 14, False, False)])
    (10, 5)
    """
    at = bisect.bisect_right(lines, (start, math.inf)) - 1
    if at >= 0:
        first, last, lead, _ = lines[at]
        if first < start < last or (start == first and lead):
            start = last
    at = bisect.bisect_right(lines, (end, math.inf)) - 1
    if at >= 0 and (lines[at][0] < end < lines[at][1]):
        end = lines[at][0]
    elif at >= 1 and end == lines[at][0] and lines[at - 1][1] == end and lines[at - 1][3]:
        end = lines[at - 1][0]  # the line before ends with a correction after its last word
    elif at >= 0 and end == lines[at][1] and lines[at][3]:
        end = lines[at][0]
    return start, end


class _Folder:
    """Lays out the parts of a document view, cutting paragraphs at the folds' edges."""

    def __init__(self, edges: list[int]) -> None:
        self.edges = edges  # where folds begin and end, in unchanged words (see _edges)
        self.k = 0  # the next edge
        self.blocks: list[Part | Fold] = []
        self.inside: list[Part] | None = None  # the parts of the fold open here

    def paragraph(self, p: Paragraph, heading: str | None, position: int) -> int:
        """Lay out one paragraph whose first unchanged word is word ``position``; the next's."""
        nodes: list[Node] = []
        run_on = False
        edges = self.edges

        def close(runs_on: bool) -> None:
            nonlocal nodes, run_on, heading
            if nodes:
                marks, verse = ((), None) if run_on else (p.marks, p.verse)
                cut = Paragraph(tuple(nodes), p.section, marks, verse)
                (self.blocks if self.inside is None else self.inside).append(
                    Part(cut, heading, run_on, runs_on)
                )
                heading, run_on = None, runs_on
            nodes = []

        for node, starts in zip(p.nodes, _word_starts(p), strict=True):
            if not _plain(node):
                # A fold ending at this word ends before the node (one beginning here
                # begins at the next unchanged word: with no context, after the node).
                while self.k % 2 and self.k < len(edges) and edges[self.k] <= position:
                    close(True)
                    self.cross()
                nodes.append(node)
                continue
            assert isinstance(node, Run)
            done = 0  # characters of the run laid out so far
            while self.k < len(edges) and edges[self.k] < position + len(starts):
                cut = starts[edges[self.k] - position]
                if cut > done:
                    nodes.append(Run(node.text[done:cut], node.hand, node.hidden, node.reading))
                    done = cut
                if self.k % 2 or not all(isinstance(n, FolioBreak | NoteRef) for n in nodes):
                    close(True)  # (a page's mark before a fold's first word goes in with it)
                self.cross()
            if done < len(node.text):
                nodes.append(Run(node.text[done:], node.hand, node.hidden, node.reading))
            position += len(starts)
        close(False)
        return position

    def cross(self) -> None:
        """A fold's edge: a fold opens, or the open one closes."""
        if self.inside is None:
            self.inside = []
        else:
            words = self.edges[self.k] - self.edges[self.k - 1]
            folios = tuple(
                n.folio
                for part in self.inside
                for n in part.paragraph.nodes
                if isinstance(n, FolioBreak) and n.folio
            )
            folded = Folded(words, len(self.inside), folios)
            self.blocks.append(Fold(folded, tuple(self.inside)))
            self.inside = None
        self.k += 1

    def finish(self) -> tuple[Part | Fold, ...]:
        while self.k < len(self.edges):  # a fold that ends with the text
            self.cross()
        return tuple(self.blocks)


def document_blocks(
    paragraphs: Sequence[Paragraph], context: int | None = None
) -> tuple[Part | Fold, ...]:
    """The paragraphs of a document view, with a heading before each new section; with a
    ``context`` of N words, the unchanged text more than N words from every correction
    folded.

    >>> from revdiff.model import Paragraph, Run
    >>> text = Paragraph((Run("один два три четыре", None, ()),), "1")
    >>> blocks = document_blocks([text], 1)
    >>> [type(b).__name__ for b in blocks], blocks[0].folded.summary
    (['Fold'], '4 unchanged words')
    """
    folder = _Folder(_edges(paragraphs, context) if context is not None else [])
    position = 0
    section: str | None = None
    for p in paragraphs:
        heading = p.section if p.section is not None and p.section != section else None
        section = p.section
        position = folder.paragraph(p, heading, position)
    return folder.finish()


@dataclass(frozen=True, slots=True)
class LayerChoice:
    """A layer in the switch: its index in the view's layers, its label, and its group."""

    index: int
    label: str
    group: str  # text, change or hand


def layer_choices(
    layers: Sequence[str], hands: Sequence[Hand], changes: Sequence[Change]
) -> tuple[LayerChoice, ...]:
    """The switch's entries: the diplomatic text, base and final, each change in
    ``listChange`` order with its date, then each hand's corrections.

    >>> [c.label for c in layer_choices(("diplomatic", "base", "final", "change:c1", "hand:s"),
    ...     [Hand("s", "Stalin, in pencil")], [Change("c1", "1949-02-04", "Corrections")])]
    ['diplomatic: every correction in place', 'base: as first written', 'final: every correction made', '1. c1 (1949-02-04): Corrections', 'hand s: Stalin, in pencil']
    """
    changes_by_id = {c.id: c for c in changes}
    hands_by_id = {h.id: h for h in hands}
    fixed = {
        "diplomatic": "diplomatic: every correction in place",
        "base": "base: as first written",
        "final": "final: every correction made",
    }
    out: list[LayerChoice] = []
    stage = 0
    for i, name in enumerate(layers):
        kind, _, ident = name.partition(":")
        if name in fixed:
            out.append(LayerChoice(i, fixed[name], "text"))
        elif kind == "change":
            stage += 1
            change = changes_by_id.get(ident)
            label = f"{stage}. {ident}"
            if change and change.when:
                label += f" ({change.when})"
            if change and change.description:
                label += ": " + _short(change.description)
            out.append(LayerChoice(i, label, "change"))
        elif kind == "hand":
            hand = hands_by_id.get(ident)
            label = f"hand {ident}" + (
                ": " + _short(hand.description) if hand and hand.description else ""
            )
            out.append(LayerChoice(i, label, "hand"))
        else:  # a layer of another kind (an apparatus's witness, say)
            out.append(LayerChoice(i, name, "other"))
    return tuple(out)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_document(
    view: Diplomatic,
    info: SourceInfo,
    hands: Sequence[Hand] = (),
    changes: Sequence[Change] = (),
    options: RenderOptions | None = None,
    layer: str | None = None,
    transposed: bool = False,
) -> str:
    """One TEI document: its diplomatic text (:func:`revdiff.tei.diplomatic.diplomatic`).

    ``layer`` is the layer shown first (by default the diplomatic text, which
    is also what shows with scripts off); ``transposed``: the legend explains
    the numbers on the passages of transpositions.
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
        what = {
            "del": "deletion",
            "delSpan": "deletion",
            "add": "addition",
            "addSpan": "addition",
            "transpose": "transposed passage",
        }
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
    choices = layer_choices(view.layers, hands, changes)
    stages = [c for c in choices if c.group == "change"]
    base = next((c for c in choices if view.layers[c.index] == "base"), None)
    context = {
        "view": "document",
        "kind": lambda n: type(n).__name__,
        "describe": describe,
        "run_classes": run_classes,
        "numbered": numbered,
        "part_classes": _part_classes,
        "as_part": Part,
        "facsimiles": any(
            isinstance(n, FolioBreak) and n.facs for p in view.paragraphs for n in p.nodes
        ),
        "main_hand": main_hand,
        "first_hand": first_hand,
        "title": info.title or info.siglum,
        "lang": info.lang,
        "sources": [("", info)],
        "blocks": document_blocks(view.paragraphs, options.context),
        "notes": view.notes,
        "verse": any(p.verse for p in view.paragraphs),
        "layers": view.layers,
        "choices": choices,
        "stages": ([base] if base else []) + stages,
        "start": start,
        "transposed": transposed,
        "hands": hands_by_id,
        "changes": changes_by_id,
        "context": options.context,
    }
    return page("document.html.j2", context, options, extra)


def _part_classes(part: Part) -> str:
    names = ["l"] if part.paragraph.verse else []
    if part.run_on:
        names.append("run-on")
    if part.runs_on:
        names.append("runs-on")
    return " ".join(names)


def render(view: DocumentView, options: RenderOptions) -> str:
    """The ``html`` format of a document: its diplomatic text, opening on ``view.layer``."""
    doc = view.document
    words = count_tokens(doc, view.layer or "final")
    info = SourceInfo(view.siglum, doc.title, view.layer, doc.source, doc.lang, words)
    return render_document(
        diplomatic(doc),
        info,
        doc.hands,
        doc.changes,
        options,
        view.layer,
        transposed=bool(doc.transpositions),
    )

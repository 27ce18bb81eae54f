"""The view of a collation: the alignment table, one row per witness, in strips of columns.

One column per span of the collation (segmented, as in the JSON and the
table): text all witnesses read alike stands once across the rows, a long
run of it folded (``<details>``) to a few words on each side; each column
where they differ is highlighted and numbered (its number is the span's,
the JSON's column index plus one), a gap shows as a dash, words equal only
once normalized are dotted, a pilcrow marks a paragraph's end. A moved
passage is marked at each place it stands, its places linked to each other.

A page of ten witnesses of a novel's length stays light: the folded text is
not laid out until opened, a strip out of sight is not laid out until
scrolled to (``content-visibility``), a cell is one element, and the script
only listens for events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ...model import Collation
from ..options import RenderOptions
from .page import BREAK, SourceInfo, data, page

__all__ = [
    "ColumnKind",
    "Fold",
    "AlignedColumn",
    "MoveNote",
    "collation_columns",
    "render_collation",
    "render",
]

CONTEXT = 10
"""Words kept on each side of a folded run of shared text (``RenderOptions.context`` if set)."""


class ColumnKind(StrEnum):
    """What a column of the alignment table shows."""

    SAME = "same"  # text every witness reads alike, shown once
    VARIANT = "variant"  # the witnesses differ, or some have a gap
    QUIET = "quiet"  # equal once normalized, spelled differently
    LAYOUT = "layout"  # the same words, a paragraph ending after them in some witnesses only


@dataclass(frozen=True, slots=True)
class Fold:
    """A long run of shared text, folded: ``head`` and ``tail`` shown, ``middle`` (``words``
    words) behind a summary."""

    head: str
    middle: str
    tail: str
    words: int


@dataclass(frozen=True, slots=True)
class AlignedColumn:
    """A column of the alignment table as shown.

    ``kind`` is ``same`` (text every witness reads alike, shown once across all
    rows: ``cells`` holds that one text, and ``fold`` its folded form if it is
    long), ``variant`` (the witnesses differ, or some have a gap: one cell per
    witness, None for a gap), ``quiet`` (equal once normalized, spelled
    differently: one cell per witness) or ``layout`` (the same words, a
    paragraph ending after them in some witnesses only). ``number`` is the
    collation's span it shows, from 1; a ``¶`` in a cell marks the end of that
    witness's paragraph. ``move`` is the number of the moved passage it holds,
    if any, ``readers`` the witnesses that read the passage there.
    """

    kind: ColumnKind
    number: int
    cells: tuple[str | None, ...]
    fold: Fold | None = None
    move: int | None = None
    readers: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class MoveNote:
    """A moved passage as the page lists it: its number, its text, and each place (the
    number of its first column, the sigla reading it there)."""

    number: int
    text: str
    places: tuple[tuple[int, str], ...]


def _shown(text: str | None) -> str | None:
    """A cell's text on one line: white space one space, ``¶`` where a paragraph ends."""
    if text is None:
        return None
    paragraphs = [" ".join(p.split()) for p in text.split(BREAK)]
    return " ¶ ".join(p for p in paragraphs if p) + (" ¶" if not paragraphs[-1] else "")


def _fold(text: str, context: int) -> Fold | None:
    """Shared text longer than twice ``context`` words, folded in the middle."""
    words = text.split(" ")
    if sum(1 for w in words if w != "¶") <= 2 * context:
        return None
    middle = words[context:-context] if context else words
    head, tail = words[:context], (words[-context:] if context else [])
    counted = sum(1 for w in middle if w != "¶")
    return Fold(" ".join(head), " ".join(middle), " ".join(tail), counted)


def collation_columns(collation: Collation, context: int = CONTEXT) -> tuple[AlignedColumn, ...]:
    """The table's columns: one per span, a span the witnesses read alike but spell or
    break differently cut where they do.

    >>> from revdiff.collation import collate
    >>> from revdiff.tokenize import plain_witness
    >>> ws = [plain_witness(t, s, s) for s, t in [("A", "The black cat"),
    ...       ("B", "The black and white cat"), ("C", "The black and shiny cat")]]
    >>> [(c.kind.value, c.cells) for c in collation_columns(collate(ws))]
    [('same', ('The black',)), ('variant', (None, 'and', 'and')), ('variant', (None, 'white', 'shiny')), ('same', ('cat',))]
    """
    n = len(collation.witnesses)
    moved: dict[int, tuple[int, tuple[int, ...]]] = {}
    for number, transposition in enumerate(collation.moves, 1):
        for place in transposition.places:
            for s in collation.place_spans(place):
                moved[s] = (number, place.witnesses)
    out: list[AlignedColumn] = []
    for s, cells in enumerate(collation.readings()):
        move, readers = moved.get(s, (None, ()))
        shown = tuple(map(_shown, cells))
        if not collation.span_agrees(s) or move is not None:
            out.append(AlignedColumn(ColumnKind.VARIANT, s + 1, shown, None, move, readers))
        elif len(set(shown)) == 1 or n == 1:
            text = shown[0] or ""
            out.append(AlignedColumn(ColumnKind.SAME, s + 1, (text,), _fold(text, context)))
        else:
            out += _agreeing(collation, s, context)
    return tuple(out)


def _agreeing(collation: Collation, s: int, context: int) -> list[AlignedColumn]:
    """A span every witness reads alike, some spelling or breaking it differently: runs
    spelled alike once, each other column on its own."""
    n = len(collation.witnesses)
    out: list[AlignedColumn] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            text = _shown("".join(run)) or ""
            out.append(AlignedColumn(ColumnKind.SAME, s + 1, (text,), _fold(text, context)))
            run.clear()

    for c in collation.spans[s]:
        cells = tuple(collation.cell(c, w) for w in range(n))
        shown = tuple(map(_shown, cells))
        if len(set(shown)) == 1:
            run.append(cells[0] or "")
            continue
        flush()
        same_words = len({" ".join((t or "").split()) for t in cells}) == 1
        kind = ColumnKind.LAYOUT if same_words else ColumnKind.QUIET
        out.append(AlignedColumn(kind, s + 1, shown))
    flush()
    return out


def _size(column: AlignedColumn) -> int:
    """About how many characters wide a column is shown (a long shared text wraps in its
    cell: at most 40)."""
    if column.fold is not None:
        return min(40, len(column.fold.head) + len(column.fold.tail) + 12)
    return min(40, max(len(t or "—") for t in column.cells))


def _strips(columns: Sequence[AlignedColumn], width: int) -> list[tuple[AlignedColumn, ...]]:
    """Columns cut into strips of about ``width`` characters, one table each."""
    strips: list[tuple[AlignedColumn, ...]] = []
    current: list[AlignedColumn] = []
    used = 0
    for column in columns:
        size = _size(column) + 2
        if current and used + size > width:
            strips.append(tuple(current))
            current, used = [], 0
        current.append(column)
        used += size
    if current:
        strips.append(tuple(current))
    return strips


def _move_notes(collation: Collation, columns: Sequence[AlignedColumn]) -> tuple[MoveNote, ...]:
    sigla = [w.siglum for w in collation.witnesses]
    first: dict[tuple[int, tuple[int, ...]], int] = {}
    for c in columns:
        if c.move is not None:
            first.setdefault((c.move, c.readers), c.number)
    notes = []
    for m, move in enumerate(collation.moves, 1):
        places = tuple(
            (first[(m, p.witnesses)], ", ".join(sigla[w] for w in p.witnesses) or "—")
            for p in move.places
            if (m, p.witnesses) in first
        )
        text = " ".join(collation.move_text(move).split())
        notes.append(MoveNote(m, text, places))
    return tuple(notes)


def _strip_css(witnesses: int) -> str:
    """A strip out of sight is not laid out: the space it is given until it is."""
    rows = 1.3 + 1.75 * witnesses
    return f".align-wrap{{contain-intrinsic-size:auto {rows:.1f}rem}}\n"


def render_collation(
    collation: Collation, options: RenderOptions | None = None, width: int = 90
) -> str:
    """A collation (:class:`revdiff.model.Collation`) as one page: the alignment table.

    One row per witness, in strips of columns; text all witnesses read alike
    stands once across the rows (folded when long), each column where they
    differ is highlighted and a gap is marked; moved passages are listed and
    marked where they stand.
    """
    options = options or RenderOptions()
    context = CONTEXT if options.context is None else options.context
    columns = collation_columns(collation, context)
    witnesses = collation.witnesses
    gaps = sum(1 for c in columns if c.kind is not ColumnKind.SAME for t in c.cells if t is None)
    summary = {
        "witnesses": len(witnesses),
        "columns": len(collation.spans),
        "variant": sum(1 for c in columns if c.kind is ColumnKind.VARIANT),
        "quiet": sum(1 for c in columns if c.kind is ColumnKind.QUIET),
        "gaps": gaps,
        "moves": len(collation.moves),
    }
    context_ = {
        "view": "collation",
        "title": "Collation of " + " · ".join(w.siglum for w in witnesses),
        "lang": next((w.lang for w in witnesses if w.lang), None),
        "sources": [(str(n + 1), SourceInfo.of(w)) for n, w in enumerate(witnesses)],
        "sigla": [w.siglum for w in witnesses],
        "langs": [w.lang for w in witnesses],
        "strips": _strips(columns, width),
        "summary": summary,
        "moves": _move_notes(collation, columns),
    }
    css = data("collation.css") + _strip_css(len(witnesses))
    return page("collation.html.j2", context_, options, css)


def render(collation: Collation, options: RenderOptions) -> str:
    """The ``html`` format of a collation."""
    return render_collation(collation, options)

"""The view of a collation: the alignment table, one row per witness, in strips of columns.

Text all witnesses read alike stands once across the rows; each column where
they differ is highlighted and numbered, a gap shows as a dash, words equal
only once normalized are dotted, a pilcrow marks a paragraph's end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ...model import Collation
from ..options import RenderOptions
from .page import BREAK, SourceInfo, data, page

__all__ = ["ColumnKind", "AlignedColumn", "collation_columns", "render_collation", "render"]


class ColumnKind(StrEnum):
    """What a column of the alignment table shows."""

    SAME = "same"  # a run of columns every witness reads alike, shown once
    VARIANT = "variant"  # the witnesses differ, or some have a gap
    QUIET = "quiet"  # equal once normalized, spelled differently
    LAYOUT = "layout"  # the same words, a paragraph ending after them in some witnesses only


@dataclass(frozen=True, slots=True)
class AlignedColumn:
    """A column of the alignment table as shown.

    ``kind`` is ``same`` (a run of columns every witness reads alike, shown
    once across all rows: ``cells`` holds that one text), ``variant`` (the
    witnesses differ, or some have a gap: one cell per witness, None for a
    gap), ``quiet`` (equal once normalized, spelled differently: one cell
    per witness) or ``layout`` (the same words, a paragraph ending after it
    in some witnesses only). ``number`` is the first collation column it stands for,
    from 1; a cell's trailing ``¶`` marks the end of that witness's paragraph.
    """

    kind: ColumnKind
    number: int
    cells: tuple[str | None, ...]


def _shown(text: str | None) -> str | None:
    if text is None:
        return None
    word = " ".join(text.split())
    return word + " ¶" if BREAK in text else word


def collation_columns(collation: Collation) -> tuple[AlignedColumn, ...]:
    """The table's columns: runs where the witnesses read alike joined, the others one by one.

    >>> from revdiff.collation import collate
    >>> from revdiff.tokenize import plain_witness
    >>> ws = [plain_witness(t, s, s) for s, t in [("A", "The black cat"),
    ...       ("B", "The black and white cat"), ("C", "The black and shiny cat")]]
    >>> [(c.kind.value, c.cells) for c in collation_columns(collate(ws))]
    [('same', ('The black',)), ('variant', (None, 'and', 'and')), ('variant', (None, 'white', 'shiny')), ('same', ('cat',))]
    """
    n = len(collation.witnesses)
    out: list[AlignedColumn] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            text = "".join(collation.cell(c, 0) or "" for c in run)
            paragraphs = [" ".join(p.split()) for p in text.split(BREAK)]
            shown = " ¶ ".join(p for p in paragraphs if p) + (" ¶" if not paragraphs[-1] else "")
            out.append(AlignedColumn(ColumnKind.SAME, run[0] + 1, (shown,)))
            run.clear()

    for c in range(len(collation.columns)):
        cells = tuple(collation.cell(c, w) for w in range(n))
        if collation.agrees(c) and len(set(cells)) == 1:
            run.append(c)
            continue
        flush()
        if not collation.agrees(c):
            kind = ColumnKind.VARIANT
        elif len({(t or "").strip() for t in cells}) == 1:
            kind = ColumnKind.LAYOUT  # the same words; only where a paragraph ends differs
        else:
            kind = ColumnKind.QUIET
        out.append(AlignedColumn(kind, c + 1, tuple(_shown(t) for t in cells)))
    flush()
    return tuple(out)


def _strips(columns: Sequence[AlignedColumn], width: int) -> list[tuple[AlignedColumn, ...]]:
    """Columns cut into strips of about ``width`` characters, one table each."""
    strips: list[tuple[AlignedColumn, ...]] = []
    current: list[AlignedColumn] = []
    used = 0
    for column in columns:
        # A long shared passage wraps inside its cell: count it as at most 40 characters.
        size = min(40, max(len(t or "—") for t in column.cells)) + 2
        if current and used + size > width:
            strips.append(tuple(current))
            current, used = [], 0
        current.append(column)
        used += size
    if current:
        strips.append(tuple(current))
    return strips


def render_collation(
    collation: Collation, options: RenderOptions | None = None, width: int = 90
) -> str:
    """A collation (:class:`revdiff.model.Collation`) as one page: the alignment table.

    One row per witness, in strips of columns; text all witnesses read alike
    stands once across the rows, each column where they differ is highlighted
    and a gap is marked.
    """
    options = options or RenderOptions()
    columns = collation_columns(collation)
    witnesses = collation.witnesses
    gaps = sum(1 for c in collation.columns for i in c if i is None)
    summary = {
        "witnesses": len(witnesses),
        "columns": len(collation.columns),
        "variant": sum(1 for c in columns if c.kind is ColumnKind.VARIANT),
        "quiet": sum(1 for c in columns if c.kind is ColumnKind.QUIET),
        "gaps": gaps,
    }
    context = {
        "view": "collation",
        "title": "Collation of " + " · ".join(w.siglum for w in witnesses),
        "lang": next((w.lang for w in witnesses if w.lang), None),
        "sources": [(str(n + 1), SourceInfo.of(w)) for n, w in enumerate(witnesses)],
        "sigla": [w.siglum for w in witnesses],
        "langs": [w.lang for w in witnesses],
        "strips": _strips(columns, width),
        "summary": summary,
    }
    return page("collation.html.j2", context, options, data("collation.css"))


def render(collation: Collation, options: RenderOptions) -> str:
    """The ``html`` format of a collation."""
    return render_collation(collation, options)

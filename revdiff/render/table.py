"""A collation as a plain-text table: one row per witness, columns wrapped to a terminal.

The ``table`` format of ``revdiff collate``: one column per span of the
collation (segmented: "quick brown" against "very slow red" is one column;
``--no-segment``: one token a column). A gap is ``-``; a column on which
every witness agrees is shown once, a long one abbreviated (the table is for
reading the variants). A moved passage is marked ``~1 ... ~`` at each place
it stands, and listed under the table with the witnesses reading it there.
"""

from __future__ import annotations

from ..model import Collation
from .options import RenderOptions
from .terminal import visible

__all__ = ["render_collation"]

_WIDTH = 100


def _agreed(text: str) -> str:
    words = text.split()
    # A long agreement is abbreviated: the table is for reading the variants.
    return " ".join(words if len(words) <= 8 else [*words[:3], "…", *words[-3:]])


def _moved_spans(collation: Collation) -> dict[int, int]:
    """The move (numbered from 1) each span that a moved passage stands in belongs to."""
    out: dict[int, int] = {}
    for n, move in enumerate(collation.moves, 1):
        for place in move.places:
            for s in collation.place_spans(place):
                out[s] = n
    return out


def _columns(collation: Collation) -> list[list[str]]:
    """The table's columns as cells per witness."""
    n = len(collation.witnesses)
    moved = _moved_spans(collation)
    out: list[list[str]] = []
    for s, cells in enumerate(collation.readings()):
        if n > 1 and s not in moved and collation.span_agrees(s):
            out.append([_agreed(cells[0] or "")] * n)
            continue
        column = [" ".join((c or "-").split()) for c in cells]
        if s in moved:
            column = [c if c == "-" else f"~{moved[s]} {c}~" for c in column]
        out.append(column)
    return out


def _moves(collation: Collation) -> list[str]:
    """Under the table: each move, its passage and who reads it where."""
    lines = []
    sigla = [w.siglum for w in collation.witnesses]
    for n, move in enumerate(collation.moves, 1):
        text = " ".join(collation.move_text(move).split())
        where = " | ".join(", ".join(sigla[w] for w in p.witnesses) or "-" for p in move.places)
        lines.append(f"~{n} {_agreed(text)}~ read in {len(move.places)} places: {where}")
    return lines


def render_collation(collation: Collation, options: RenderOptions) -> str:
    """Rows of witnesses, columns wrapped to the terminal's customary width."""
    sigla = [w.siglum for w in collation.witnesses]
    label = max(len(s) for s in sigla)
    columns = _columns(collation)
    lines: list[str] = []
    start = 0
    while start < len(columns):
        width, end = label + 2, start
        while end < len(columns):
            w = max(len(cell) for cell in columns[end]) + 3
            if end > start and width + w > _WIDTH:
                break
            width, end = width + w, end + 1
        for row, siglum in enumerate(sigla):
            cells = [col[row].ljust(max(len(cell) for cell in col)) for col in columns[start:end]]
            lines.append(f"{siglum.ljust(label)} | " + " | ".join(cells))
        lines.append("")
        start = end
    moves = _moves(collation)
    # for a terminal: controls shown, not obeyed
    return visible("\n".join(lines + moves + ([""] if moves else [])))

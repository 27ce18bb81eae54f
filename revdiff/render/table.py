"""A collation as a plain-text table: one row per witness, columns wrapped to a terminal.

The ``table`` format of ``revdiff collate``: a gap is ``-``, and a run of
columns on which every witness agrees is shown as one column (a long one
abbreviated: the table is for reading the variants).
"""

from __future__ import annotations

from ..model import Collation
from .options import RenderOptions

__all__ = ["render_collation"]

_WIDTH = 100


def _blocks(collation: Collation) -> list[list[str]]:
    """The table's columns as cells per witness; a run of columns all agree on is one column."""
    out: list[list[str]] = []
    agreed: list[int] = []
    n = len(collation.witnesses)

    def flush() -> None:
        if agreed:
            words = "".join(collation.cell(c, 0) or "" for c in agreed).split()
            # A long agreement is abbreviated: the table is for reading the variants.
            text = " ".join(words if len(words) <= 8 else [*words[:3], "…", *words[-3:]])
            out.append([text] * n)
            agreed.clear()

    for c in range(len(collation.columns)):
        if n > 1 and collation.agrees(c):
            agreed.append(c)
            continue
        flush()
        out.append([" ".join((collation.cell(c, w) or "-").split()) for w in range(n)])
    flush()
    return out


def render_collation(collation: Collation, options: RenderOptions) -> str:
    """Rows of witnesses, columns wrapped to the terminal's customary width."""
    sigla = [w.siglum for w in collation.witnesses]
    label = max(len(s) for s in sigla)
    columns = _blocks(collation)
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
    return "\n".join(lines)

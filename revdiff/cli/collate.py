"""``revdiff collate SOURCE...``: many witnesses in one alignment table."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from .common import emit, normalization_options, output_options, reports_errors

if TYPE_CHECKING:
    from ..model import Collation

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


def format_table(collation: Collation) -> str:
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


def format_json(collation: Collation) -> str:
    return json.dumps(collation.as_dict(), ensure_ascii=False, indent=1) + "\n"


def format_tei(collation: Collation) -> str:
    """A parallel-segmentation apparatus; the header's date follows SOURCE_DATE_EPOCH."""
    from ..render.options import build_date
    from ..render.tei import collation_to_tei

    return collation_to_tei(collation, date=build_date())


def format_html(collation: Collation) -> str:
    from ..render.html import render_collation

    return render_collation(collation)


_FORMATS = {"table": format_table, "json": format_json, "tei": format_tei, "html": format_html}


def _unique(sigla: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for s in sigla:
        seen[s] = seen.get(s, 0) + 1
        out.append(s if seen[s] == 1 and sigla.count(s) == 1 else f"{s}.{seen[s]}")
    return out


@click.command("collate")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "format_",
    type=click.Choice(["table", "json", "tei", "html"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@output_options
@normalization_options
@reports_errors
def command(
    sources: tuple[str, ...],
    format_: str,
    output: str | None,
    force: bool,
    ignore_case: bool,
    ignore_punctuation: bool,
    tables: tuple[str, ...],
    reading: str,
) -> None:
    """Align SOURCE... (texts, TEI files, layers: tei/draft.xml#base) in one table.

    One row per witness, columns of aligned tokens, - for a gap; in the
    table, a run of columns where every witness agrees is shown as one.
    tei: a parallel-segmentation apparatus (app/rdg @wit only where the
    witnesses differ); html: one self-contained page, the alignment table
    with the columns where witnesses differ highlighted.
    Exit status 0, or 2 on trouble.
    """
    from dataclasses import replace

    from ..collation import collate
    from ..sources import load_witness, parse_spec
    from ..tokenize import Normalizer

    if list(sources).count("-") > 1:
        raise click.UsageError("only one SOURCE can be standard input")
    normalizer = Normalizer(ignore_case, ignore_punctuation, tables)
    specs = [parse_spec(s) for s in sources]
    witnesses = [load_witness(s, normalizer=normalizer, reading=reading) for s in specs]
    sigla = _unique([s.siglum for s in specs])
    witnesses = [replace(w, siglum=s) for w, s in zip(witnesses, sigla, strict=True)]
    result = collate(witnesses)
    out = _FORMATS[format_](result)
    emit(out, output, [s.path for s in specs], force)

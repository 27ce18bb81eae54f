"""``revdiff collate SOURCE...``: many witnesses in one alignment table."""

from __future__ import annotations

import click

from ..render.registry import COLLATION
from .common import (
    emit,
    input_paths,
    normalization_options,
    output_options,
    render_options,
    reports_errors,
)


@click.command("collate")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "format_",
    type=click.Choice(COLLATION.names),
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
    from .. import api
    from ..collation import collate
    from ..tokenize import Normalizer

    if list(sources).count("-") > 1:
        raise click.UsageError("only one SOURCE can be standard input")
    normalizer = Normalizer(ignore_case, ignore_punctuation, tables)
    witnesses = api.read_all(sources, normalizer=normalizer, reading=reading, distinct=True)
    out = COLLATION.render(collate(witnesses), format_, render_options())
    emit(out, output, input_paths(*sources), force)

"""``revdiff collate SOURCE...``: many witnesses in one alignment table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..render.registry import COLLATION
from .common import (
    emit,
    format_option,
    input_paths,
    normalization_options,
    output_options,
    render_options,
    reports_errors,
)

if TYPE_CHECKING:
    from ..tokenize import Normalizer


@click.command("collate")
@click.argument("sources", nargs=-1, required=True)
@format_option(COLLATION.names, "table")
@output_options
@normalization_options
@reports_errors
def command(
    sources: tuple[str, ...],
    format_: str,
    output: str | None,
    force: bool,
    normalizer: Normalizer,
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

    if list(sources).count("-") > 1:
        raise click.UsageError("only one SOURCE can be standard input")
    witnesses = api.read_all(sources, normalizer=normalizer, reading=reading, distinct=True)
    out = COLLATION.render(collate(witnesses), format_, render_options())
    emit(out, output, input_paths(*sources), force)

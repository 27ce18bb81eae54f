"""``revdiff collate SOURCE...``: many witnesses in one alignment table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..render.registry import COLLATION
from ..tokenize import Normalizer
from . import common

if TYPE_CHECKING:
    from ..tei.vocabulary import Vocabulary


@click.command("collate")
@click.argument("sources", nargs=-1, required=True)
@common.siglum_option
@common.format_option(COLLATION.names, "table")
@common.output_options
@common.normalization_options
@click.option(
    "--segment/--no-segment",
    default=True,
    show_default=True,
    help="Merge adjacent columns in which the same witnesses differ (or all agree) into one; "
    "--no-segment gives one token a column.",
)
@common.moves_option(
    "Report a passage of N or more words read at different places as a move (0: off)."
)
@common.reports_errors
@common.vocabulary_option
def command(
    sources: tuple[str, ...],
    format_: str,
    output: common.Output,
    normalizer: Normalizer,
    reading: str,
    segment: bool,
    moves: int,
    sigla: tuple[str, ...] = (),
    vocabulary: Vocabulary | None = None,
) -> None:
    """Align SOURCE... (texts, TEI files, layers: tei/draft.xml#base) in one table.

    One row per witness, columns of aligned tokens, - for a gap; in the
    table, a run of columns where every witness agrees is shown as one.
    tei: a parallel-segmentation apparatus (app/rdg @wit only where the
    witnesses differ); html: one self-contained page, the alignment table
    with the columns where witnesses differ highlighted.
    Exit status 0, or 2 on trouble.
    """
    from ..collation import collate

    if list(sources).count("-") > 1:
        raise click.UsageError("only one SOURCE can be standard input")
    witnesses = common.read_all(sources, normalizer, reading, vocabulary, sigla, distinct=True)
    collation = collate(witnesses, segment=segment, moves=moves)
    out = COLLATION.render(collation, format_, common.render_options())
    common.emit(out, output, common.input_paths(*sources))

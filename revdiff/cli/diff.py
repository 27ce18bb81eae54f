"""``revdiff diff A B``: a word diff, with diff(1)'s exit status."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..tokenize import Normalizer
from . import common

if TYPE_CHECKING:
    from ..tei.vocabulary import Vocabulary


@click.command("diff")
@click.argument("a")
@click.argument("b")
@common.siglum_option
@common.diff_options
@click.option(
    "--color",
    "--colour",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour: auto means on a terminal without NO_COLOR.",
)
@click.option(
    "--tei-style",
    type=click.Choice(["inline", "apparatus"]),
    default="inline",
    show_default=True,
    help="With --format tei: revision markup (del/add/subst) or a parallel-segmentation apparatus.",
)
@common.moves_option("Report a passage of N or more words that moved as a transposition (0: off).")
@click.option(
    "--show-normalized",
    is_flag=True,
    help="Text format: show a word that a normalization made equal but that is spelled "
    "differently as {=A's|B's=} (dim in colour); it is still no difference.",
)
@common.refine_option
@common.output_options
@common.max_bytes_option
@common.normalization_options
@common.reports_errors
@common.vocabulary_option
def command(
    a: str,
    b: str,
    format_: str,
    by: str,
    context: int | None,
    color: str,
    output: common.Output,
    normalizer: Normalizer,
    reading: str,
    tei_style: str = "inline",
    moves: int = 0,
    max_bytes: int | None = None,
    show_normalized: bool = False,
    refine: bool | None = None,
    sigla: tuple[str, ...] = (),
    vocabulary: Vocabulary | None = None,
) -> None:
    """Compare two sources word by word.

    Exit status 0 when they do not differ, 1 when they do, 2 on trouble.
    """
    from ..render import DIFF

    if a == "-" and b == "-":
        raise click.UsageError("only one of A and B can be standard input")
    result = common.compare(a, b, normalizer, reading, max_bytes, moves, vocabulary, by, sigla)
    # Colour only for text, and only on a terminal unless asked for (always).
    colored = format_ == "text" and (
        color == "always" or (output.path is None and common.use_color(color))
    )
    options = common.render_options(
        color=colored,
        context=context,
        tei_style=tei_style,
        show_normalized=show_normalized,
        refine=refine,
    )
    common.emit(DIFF.render(result, format_, options), output, common.input_paths(a, b))
    sys.exit(1 if result.changed else 0)

"""``revdiff trace DRAFT TARGET``: where each correction of a draft went in a later witness."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..render.registry import TRACE
from ..tokenize import Normalizer
from . import common

if TYPE_CHECKING:
    from ..tei.vocabulary import Vocabulary


@click.command("trace")
@click.argument("draft")
@click.argument("target")
@common.siglum_option
@common.format_option(TRACE.names, "text")
@common.output_options
@common.normalization_options
@common.reports_errors
@common.vocabulary_option
def command(
    draft: str,
    target: str,
    sigla: tuple[str, ...],
    vocabulary: Vocabulary | None,
    format_: str,
    output: common.Output,
    normalizer: Normalizer,
    reading: str,
) -> None:
    """For each correction in DRAFT (a TEI file), what TARGET reads at its place.

    Each del, add, subst, restore and span of DRAFT's running text is
    adopted, rejected, other or absent in TARGET; every other difference
    between DRAFT's final layer and TARGET is listed as copy. html: DRAFT's
    text with each correction coloured by its status and TARGET's reading on
    hover and focus, then the tables. Exit status 0, or 2 on trouble.
    """
    from .. import api
    from ..sources import parse_spec

    if draft == "-" and target == "-":
        raise click.UsageError("only one of DRAFT and TARGET can be standard input")
    if parse_spec(draft).layer:
        raise click.UsageError("DRAFT is a whole TEI file: its base and final layers are read")
    view = api.trace_view(
        draft, target, normalizer=normalizer, reading=reading, sigla=sigla, vocabulary=vocabulary
    )
    common.print_notices(view.draft.document, view.target)
    common.emit(
        TRACE.render(view, format_, common.render_options()),
        output,
        common.input_paths(draft, target),
    )

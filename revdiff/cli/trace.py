"""``revdiff trace DRAFT TARGET``: where each correction of a draft went in a later witness."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..render.registry import TRACE
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


@click.command("trace")
@click.argument("draft")
@click.argument("target")
@format_option(TRACE.names, "text")
@output_options
@normalization_options
@reports_errors
def command(
    draft: str,
    target: str,
    format_: str,
    output: str | None,
    force: bool,
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
    view = api.trace_view(draft, target, normalizer=normalizer, reading=reading)
    emit(TRACE.render(view, format_, render_options()), output, input_paths(draft, target), force)

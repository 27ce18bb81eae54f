"""``revdiff text SOURCE`` and ``revdiff layers FILE``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from . import common

if TYPE_CHECKING:
    from ..tei.vocabulary import Vocabulary


@click.command("text")
@click.argument("source")
@common.max_bytes_option
@common.reading_option
@common.reports_errors
@common.vocabulary_option
def text(source: str, max_bytes: int | None, reading: str, vocabulary: Vocabulary | None) -> None:
    """Print the plain text of SOURCE (a TEI layer, or a text file).

    Paragraphs are separated by a blank line; --reading normalized reads the
    corr/reg/expan of each TEI choice instead of its sic/orig/abbr.
    """
    from .. import api
    from ..render.terminal import visible

    witness = api.read(source, reading=reading, max_bytes=max_bytes, vocabulary=vocabulary)
    common.print_notices(witness)
    # For a terminal: a control character in the text is shown (\x1b), not obeyed.
    sys.stdout.write(visible(witness.text))


@click.command("layers")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@common.max_bytes_option
@common.reports_errors
@common.vocabulary_option
def layers(file: str, as_json: bool, max_bytes: int | None, vocabulary: Vocabulary | None) -> None:
    """List the layers a TEI FILE offers, with its hands, changes and token counts."""
    from .. import api
    from ..render import LAYERS

    table = api.layers(file, max_bytes=max_bytes, vocabulary=vocabulary)
    common.print_notices(table.document)
    sys.stdout.write(LAYERS.render(table, "json" if as_json else "text"))

"""``revdiff html SOURCE... -o FILE``: one self-contained HTML page.

One TEI source gives its diplomatic view with a layer switch; two sources a
diff, inline and side by side; three or more a synopsis aligned by section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from ..tokenize import Normalizer
from . import common

if TYPE_CHECKING:
    from ..model import Witness
    from ..tei.vocabulary import Vocabulary


@click.command("html")
@click.argument("sources", nargs=-1, required=True)
@common.siglum_option
@common.vocabulary_option
@common.moves_option(
    "Two sources: show a passage of N or more words that moved as a move (0: off)."
)
@click.option(
    "-C",
    "--context",
    type=click.IntRange(min=0),
    default=None,
    help="Fold unchanged text more than N words from a change (one or two sources; "
    "default: show the whole text).",
)
@common.refine_option
@click.option(
    "--base",
    metavar="N|SIGLUM",
    default=None,
    help="Three or more sources: the witness the others of its language are compared with "
    "(its place from 1, or its siglum; default: the first of each language).",
)
@common.output_options
@common.max_bytes_option
@common.normalization_options
@common.reports_errors
def command(
    sources: tuple[str, ...],
    output: common.Output,
    max_bytes: int | None,
    normalizer: Normalizer,
    reading: str,
    moves: int = 0,
    context: int | None = None,
    base: str | None = None,
    refine: bool | None = None,
    sigla: tuple[str, ...] = (),
    vocabulary: Vocabulary | None = None,
) -> None:
    """Write an HTML view of one TEI document, of two sources, or of three or more.

    \b
    revdiff html tei/draft.xml -o draft.html
    revdiff html tei/draft.xml#final tei/telegram.xml -o diff.html
    revdiff html a.txt b.txt --moves 5 -o diff.html
    revdiff html tei/draft.xml#base tei/draft.xml#final -C 5 -o changes.html
    revdiff html tei/draft.xml#base tei/draft.xml#final tei/telegram.xml tei/translation.xml -o synopsis.html
    revdiff html tei/draft.xml#base tei/draft.xml#final tei/telegram.xml --base 3 -o synopsis.html

    The file holds its CSS and script, fetches nothing, and reads with
    scripts off. The date in it follows SOURCE_DATE_EPOCH when that is set.
    """
    from .. import api
    from ..errors import InputError, NotXMLError
    from ..render import DIFF, DOCUMENT, SYNOPSIS
    from ..sources import parse_spec

    if sources.count("-") > 1:
        raise click.UsageError("only one SOURCE can be standard input")
    if moves and len(sources) != 2:
        raise click.UsageError("--moves needs exactly two sources")
    if base is not None and len(sources) < 3:
        raise click.UsageError("--base needs three sources or more (a synopsis)")
    options = common.render_options(context=context, refine=refine)
    if len(sources) == 1:
        try:
            view = api.document(
                sources[0],
                max_bytes=max_bytes,
                siglum=sigla[0] if sigla else None,
                vocabulary=vocabulary,
            )
        except NotXMLError:
            raise InputError(
                f"{parse_spec(sources[0]).name}: one source makes a view of a TEI document; "
                "give two sources to compare texts"
            ) from None
        common.print_notices(view.document)
        out = DOCUMENT.render(view, "html", options)
    elif len(sources) == 2:
        a, b = sources
        result = common.compare(
            a, b, normalizer, reading, max_bytes, moves, vocabulary, sigla=sigla
        )
        out = DIFF.render(result, "html", options)
    else:
        witnesses = common.read_all(
            sources, normalizer, reading, vocabulary, sigla, max_bytes=max_bytes
        )
        if base is not None:
            options = replace(options, base=_base(base, witnesses))  # the rest as given
        out = SYNOPSIS.render(witnesses, "html", options)
    common.emit(out, output, common.input_paths(*sources))


def _base(given: str, witnesses: Sequence[Witness]) -> int:
    """The witness ``--base`` names: its place from 1, or its siglum (which must be unique)."""
    if given.isdigit() and 1 <= int(given) <= len(witnesses):
        named = [int(given) - 1]
    else:
        named = [n for n, w in enumerate(witnesses) if w.siglum == given]
    if len(named) == 1 and sum(1 for w in witnesses if w.lang == witnesses[named[0]].lang) > 1:
        return named[0]
    if len(named) == 1:
        raise click.BadParameter(
            f"{given!r} is alone in its language: nothing is compared with it", param_hint="--base"
        )
    sigla = ", ".join(w.siglum for w in witnesses)
    why = (
        "names more than one source"
        if named
        else f"is no place from 1 to {len(witnesses)} and no siglum"
    )
    raise click.BadParameter(f"{given!r} {why} (the sigla: {sigla})", param_hint="--base")

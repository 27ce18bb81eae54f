"""``revdiff html SOURCE... -o FILE``: one self-contained HTML page.

One TEI source gives its diplomatic view with a layer switch; two sources a
diff, inline and side by side; three or more a synopsis aligned by section.
"""

from __future__ import annotations

import click

from ..tokenize import Normalizer
from . import common


@click.command("html")
@click.argument("sources", nargs=-1, required=True)
@common.moves_option(
    "Two sources: show a passage of N or more words that moved as a move (0: off)."
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
) -> None:
    """Write an HTML view of one TEI document, of two sources, or of three or more.

    \b
    revdiff html tei/draft.xml -o draft.html
    revdiff html tei/draft.xml#final tei/telegram.xml -o diff.html
    revdiff html a.txt b.txt --moves 5 -o diff.html
    revdiff html tei/draft.xml#base tei/draft.xml#final tei/telegram.xml tei/translation.xml -o synopsis.html

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
    options = common.render_options()
    if len(sources) == 1:
        try:
            view = api.document(sources[0], max_bytes=max_bytes)
        except NotXMLError:
            raise InputError(
                f"{parse_spec(sources[0]).name}: one source makes a view of a TEI document; "
                "give two sources to compare texts"
            ) from None
        out = DOCUMENT.render(view, "html", options)
    elif len(sources) == 2:
        a, b = sources
        result = api.compare(
            a, b, normalizer=normalizer, reading=reading, max_bytes=max_bytes, moves=moves
        )
        out = DIFF.render(result, "html", options)
    else:
        witnesses = api.read_all(
            sources, normalizer=normalizer, reading=reading, max_bytes=max_bytes
        )
        out = SYNOPSIS.render(witnesses, "html", options)
    common.emit(out, output, common.input_paths(*sources))

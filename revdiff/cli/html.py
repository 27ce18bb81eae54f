"""``revdiff html SOURCE... -o FILE``: one self-contained HTML page.

One TEI source gives its diplomatic view with a layer switch; two sources a
diff, inline and side by side; three or more a synopsis aligned by section.
"""

from __future__ import annotations

import click

from .common import (
    emit,
    max_bytes_option,
    normalization_options,
    output_options,
    render_options,
    reports_errors,
)


@click.command("html")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--moves",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="N",
    help="Two sources: show a passage of N or more words that moved as a move (0: off).",
)
@output_options
@max_bytes_option
@normalization_options
@reports_errors
def command(
    sources: tuple[str, ...],
    output: str | None,
    force: bool,
    max_bytes: int | None,
    ignore_case: bool,
    ignore_punctuation: bool,
    tables: tuple[str, ...],
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
    from ..errors import InputError
    from ..render import html
    from ..sources import is_xml, load_witness, parse_spec, read_bytes
    from ..tokenize import Normalizer, TokenCache

    if sources.count("-") > 1:
        raise click.UsageError("only one SOURCE can be standard input")
    if moves and len(sources) != 2:
        raise click.UsageError("--moves needs exactly two sources")
    specs = [parse_spec(s) for s in sources]
    options = render_options()
    if len(specs) == 1:
        from ..tei import parse_tei
        from ..tei.diplomatic import diplomatic

        spec = specs[0]
        data = read_bytes(spec, max_bytes)
        if not is_xml(data):
            raise InputError(
                f"{spec.name}: one source makes a view of a TEI document; give two sources to compare texts"
            )
        doc = parse_tei(data, spec.name)
        if spec.layer and spec.layer not in doc.layer_names():
            from ..errors import LayerError

            raise LayerError(
                f"{spec.name}: no layer {spec.layer!r}; the layers there are: "
                f"{', '.join(doc.layer_names())}"
            )
        view = diplomatic(doc)
        info = html.SourceInfo(
            spec.siglum, doc.title, spec.layer, spec.name, doc.lang, _words(doc, spec.layer)
        )
        out = html.render_document(view, info, doc.hands, doc.changes, options, spec.layer)
    else:
        from ..align import diff

        normalizer = Normalizer(ignore_case, ignore_punctuation, tables)
        cache = TokenCache()  # a line the texts share is counted once
        witnesses = [
            load_witness(
                s, normalizer=normalizer, reading=reading, max_bytes=max_bytes, cache=cache
            )
            for s in specs
        ]
        if len(witnesses) == 2:
            result = diff(witnesses[0], witnesses[1])
            if moves:
                from ..moves import find_moves

                result = find_moves(result, moves)
            out = html.render(result, options)
        else:
            out = html.render_synopsis(witnesses, options)
    emit(out, output, [s.path for s in specs], force)


def _words(doc: object, layer: str | None) -> int:
    from ..tei import read_layer

    return len(read_layer(doc, layer or "final"))  # type: ignore[arg-type]

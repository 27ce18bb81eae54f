"""``revdiff encode TRANSCRIPTION -o FILE.xml``: a Markdown transcription to TEI."""

from __future__ import annotations

import sys

import click

from .common import reports_errors, write_output


@click.command("encode")
@click.argument("transcription")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE, not stdout.")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option("--title", help="The title for the header (default: front matter, first heading).")
@click.option("--source", help="The source described in the header (default: front matter).")
@click.option(
    "--hand",
    default="hand",
    show_default=True,
    help="xml:id of the hand of the corrections (declared in a handNote), e.g. stalin.",
)
@click.option(
    "--base-hand",
    default="base",
    show_default=True,
    help="xml:id of the hand of the unmarked text, e.g. typist.",
)
@click.option("--lang", help="The language of the text (xml:lang), e.g. ru.")
@reports_errors
def command(
    transcription: str,
    output: str | None,
    force: bool,
    title: str | None,
    source: str | None,
    hand: str,
    base_hand: str,
    lang: str | None,
) -> None:
    """Turn a Markdown TRANSCRIPTION (or - for standard input) into TEI P5.

    ~~struck~~ becomes del, *handwritten* add (a long passage: handShift),
    <sup>above</sup> add place="above", ~~a~~ *b* a subst, **bold** hi, a tick
    metamark, blank lines paragraphs, two trailing spaces lb, # headings head.
    Anything that could not be encoded is listed on stderr as
    TRANSCRIPTION:LINE:COL: dropped ...
    """
    from ..render.terminal import visible
    from ..sources import SourceSpec, decode_text, read_bytes
    from ..tei.encode import transcribe

    spec = SourceSpec(transcription)
    text = decode_text(read_bytes(spec), spec.name)
    result = transcribe(text, title=title, source=source, hand=hand, base_hand=base_hand, lang=lang)
    for dropped in result.dropped:
        click.echo(visible(f"{spec.name}:{dropped}"), err=True)
    if output:
        write_output(output, result.xml, inputs=[transcription], force=force)
    else:
        sys.stdout.write(result.xml)

"""``revdiff trace DRAFT TARGET``: where each correction of a draft went in a later witness."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from .common import emit, normalization_options, output_options, render_options, reports_errors

if TYPE_CHECKING:
    from ..model import TEIDocument, Trace, TraceEntry, Witness


def _where(e: TraceEntry) -> str:
    parts = []
    if e.folio:
        parts.append(f"f. {e.folio}")
    if e.section:
        parts.append(f"section {e.section}")
    if e.line is not None:
        parts.append(f"line {e.line}")
    return ", ".join(parts)


def format_text(result: Trace) -> str:
    """One block per entry, then the counts: for reading in a terminal."""
    out = [f"{result.draft} -> {result.target}", ""]
    for e in result.entries:
        head = f"{e.status.value:<9}{e.kind:<8}{_where(e)}"
        if e.hand or e.change:
            head += f"  [hand {e.hand or '-'}, change {e.change or '-'}]"
        out.append(head)
        if e.kind != "copy" or e.base != e.final:
            out.append(f"  base:   {e.base or '∅'}")
        out.append(f"  final:  {e.final or '∅'}")
        out.append(f"  target: {e.target or '∅'}")
    counts = result.counts()
    out.append("")
    status = counts["status"]
    assert isinstance(status, dict)
    out.append("counts: " + ", ".join(f"{n} {s}" for s, n in status.items()))
    for name in ("hand", "change"):
        table = counts[name]
        assert isinstance(table, dict)
        for key, by_status in table.items():
            assert isinstance(by_status, dict)
            row = ", ".join(f"{n} {s}" for s, n in by_status.items())
            out.append(f"  {name} {key}: {row}")
    return "\n".join(out) + "\n"


def format_json(result: Trace) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False, indent=1) + "\n"


def format_html(result: Trace, doc: TEIDocument, target: Witness) -> str:
    """The draft's diplomatic text, each correction coloured by its status; then the tables."""
    from ..render.html import SourceInfo, render_trace
    from ..tei import read_layer
    from ..tei.diplomatic import diplomatic

    siglum = doc.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = len(read_layer(doc, "final"))
    draft = SourceInfo(siglum, doc.title, None, doc.source, doc.lang, words)
    options = render_options()
    return render_trace(result, diplomatic(doc), draft, SourceInfo.of(target), options)


@click.command("trace")
@click.argument("draft")
@click.argument("target")
@click.option(
    "-f",
    "--format",
    "format_",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@output_options
@normalization_options
@reports_errors
def command(
    draft: str,
    target: str,
    format_: str,
    output: str | None,
    force: bool,
    ignore_case: bool,
    ignore_punctuation: bool,
    tables: tuple[str, ...],
    reading: str,
) -> None:
    """For each correction in DRAFT (a TEI file), what TARGET reads at its place.

    Each del, add, subst, restore and span of DRAFT's running text is
    adopted, rejected, other or absent in TARGET; every other difference
    between DRAFT's final layer and TARGET is listed as copy. html: DRAFT's
    text with each correction coloured by its status and TARGET's reading on
    hover and focus, then the tables. Exit status 0, or 2 on trouble.
    """
    from ..sources import load_document, load_witness, parse_spec
    from ..tokenize import Normalizer
    from ..tracing import trace

    if draft == "-" and target == "-":
        raise click.UsageError("only one of DRAFT and TARGET can be standard input")
    normalizer = Normalizer(ignore_case, ignore_punctuation, tables)
    spec = parse_spec(draft)
    if spec.layer:
        raise click.UsageError("DRAFT is a whole TEI file: its base and final layers are read")
    doc = load_document(spec)
    target_witness = load_witness(parse_spec(target), reading=reading)
    result = trace(doc, target_witness, normalizer=normalizer, reading=reading)
    if format_ == "html":
        out = format_html(result, doc, target_witness)
    else:
        out = format_json(result) if format_ == "json" else format_text(result)
    emit(out, output, [spec.path, parse_spec(target).path], force)

"""``revdiff text SOURCE`` and ``revdiff layers FILE``."""

from __future__ import annotations

import sys

import click

from .common import max_bytes_option, reading_option, reports_errors


@click.command("text")
@click.argument("source")
@max_bytes_option
@reading_option
@reports_errors
def text(source: str, max_bytes: int | None, reading: str) -> None:
    """Print the plain text of SOURCE (a TEI layer, or a text file).

    Paragraphs are separated by a blank line; --reading normalized reads the
    corr/reg/expan of each TEI choice instead of its sic/orig/abbr.
    """
    from ..sources import load_witness, parse_spec

    witness = load_witness(parse_spec(source), reading=reading, max_bytes=max_bytes)
    sys.stdout.write(witness.text)


@click.command("layers")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@max_bytes_option
@reports_errors
def layers(file: str, as_json: bool, max_bytes: int | None) -> None:
    """List the layers a TEI FILE offers, with its hands, changes and token counts."""
    import json

    from ..sources import load_document, parse_spec
    from ..tei import read_layer

    spec = parse_spec(file)
    doc = load_document(spec, max_bytes)
    counts = {name: len(read_layer(doc, name)) for name in doc.layer_names()}
    if as_json:
        data = {
            "source": spec.name,
            "title": doc.title,
            "layers": [{"name": n, "tokens": c} for n, c in counts.items()],
            "hands": [{"id": h.id, "description": h.description} for h in doc.hands],
            "changes": [
                {"id": c.id, "when": c.when, "description": c.description} for c in doc.changes
            ],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    out = [f"{spec.name}: {doc.title or '(no title)'}", "", "layers:"]
    width = max(len(n) for n in counts)
    out += [f"  {n:<{width}}  {c:>7} tokens" for n, c in counts.items()]
    if doc.hands:
        out += ["", "hands:"] + [f"  {h.id}: {h.description}" for h in doc.hands]
    if doc.changes:
        out += ["", "changes:"] + [
            f"  {c.id}{' (' + c.when + ')' if c.when else ''}: {c.description}" for c in doc.changes
        ]
    sys.stdout.write("\n".join(out) + "\n")

"""``revdiff text SOURCE`` and ``revdiff layers FILE``."""

from __future__ import annotations

import sys

import click

from .common import normalization_options, reports_errors


@click.command("text")
@click.argument("source")
@normalization_options
@reports_errors
def text(
    source: str, ignore_case: bool, ignore_punctuation: bool, tables: tuple[str, ...], reading: str
) -> None:
    """Print the plain text of SOURCE (a TEI layer, or a text file).

    Paragraphs are separated by a blank line. Normalization options are
    accepted for symmetry with diff; they change keys, not the text shown.
    """
    from ..sources import load_witness, parse_spec

    witness = load_witness(parse_spec(source), reading=reading)
    sys.stdout.write(witness.text)


@click.command("layers")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@reports_errors
def layers(file: str, as_json: bool) -> None:
    """List the layers a TEI FILE offers, with its hands, changes and token counts."""
    import json

    from ..sources import load_document, parse_spec
    from ..tei import read_layer

    spec = parse_spec(file)
    doc = load_document(spec)
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

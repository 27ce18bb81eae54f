"""Values as JSON: a diff (sources, segments with their surface texts, statistics),
a collation, a trace, the layers of a document.

With ``--refine``, a replacement whose words are close has ``chars``: its
text in parts, each ``{"op", "a", "b"}`` as a segment is, the letters that
differ apart; the parts' ``a`` sides join to the segment's ``a``, their
``b`` sides to its ``b``.

Keys are in a fixed order and the output ends in a newline, so equal inputs
give equal bytes. In a diff, each top-level key and each segment stands on a
line of its own: readable, and written by json's C encoder (an ``indent``
would make json fall back to its pure-Python encoder, several times slower
on a novel). The others are indented by one space.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) does to a str

from ..model import Collation, Diff, LayerTable, Op, TraceView, Witness
from ..refine import refine_replacement
from .options import RenderOptions

_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _source(w: Witness) -> dict[str, object]:
    return {"source": w.source, "siglum": w.siglum, "layer": w.layer, "tokens": len(w)}


def _string(text: str) -> str:
    """``text`` as json.dumps(text, ensure_ascii=False) writes it.

    Most of a diff's text needs only its line breaks escaped: that is done
    with str.replace, and anything else (a quote, a backslash, a control
    character, or any character str.isprintable doubts) is left to json.
    """
    if "\\" not in text and '"' not in text:
        body = text.replace("\n", "\\n")
        if body.isprintable():
            return f'"{body}"'
    return encode_basestring(text)


def _segment(op: str, a: str, b: str) -> tuple[str, ...]:
    """The pieces of ``{"op": op, "a": a, "b": b}`` as json.dumps writes it, an equal text encoded once.

    ``op`` may be the :class:`~revdiff.model.Op` itself: a str, joined as its value.
    """
    a_json = _string(a)
    b_json = a_json if a == b else _string(b)
    return ('{"op": "', op, '", "a": ', a_json, ', "b": ', b_json, "}")


# A paragraph break added or removed holds no text: it says so.
_BREAK = {op: ("{" + f'"op": "{op}", "a": "", "b": "", "break": true' + "}",) for op in Op}


def _refined(a: str, b: str) -> tuple[str, ...]:
    """A replacement with ``"chars"``: its letters, what differs apart (``--refine``)."""
    parts = refine_replacement(a, b)
    if parts is None:
        return _segment(Op.REPLACE, a, b)
    chars = ", ".join("".join(_segment(op, x, y)) for op, x, y in parts)
    return (*_segment(Op.REPLACE, a, b)[:-1], ', "chars": [', chars, "]}")


def render(diff: Diff, options: RenderOptions) -> str:
    texts = diff.texts()
    stats = diff.stats(texts)
    replace = Op.REPLACE if options.refine else None  # refined, with --refine
    segments = [
        _Pieces(
            _BREAK[s.op]
            if s.is_break
            else _refined(a, b)
            if s.op is replace
            else _segment(s.op, a, b)
        )
        for s, (a, b) in zip(diff.segments, texts, strict=True)
    ]
    del texts  # a novel's worth of text: not kept beside its JSON
    document: dict[str, object] = {
        "a": _source(diff.a),
        "b": _source(diff.b),
        "segments": segments,
        "stats": stats.as_dict(),
    }
    if diff.moves:  # --moves: each transposition, numbered from 1, with its token ranges
        document["moves"] = [
            {
                "move": n,
                "a": {"start": m.a_start, "end": m.a_end},
                "b": {"start": m.b_start, "end": m.b_end},
                "text": "".join(diff.a.texts[m.a_start : m.a_end]),
            }
            for n, m in enumerate(diff.moves, 1)
        ]
    return _dumps(document)


class _Pieces(tuple[str, ...]):
    """JSON already written, in pieces to be joined with the rest (copied once, at the end)."""

    __slots__ = ()


def _dumps(document: dict[str, object]) -> str:
    parts = ["{\n"]

    def add(value: object) -> None:
        if isinstance(value, _Pieces):
            parts.extend(value)
        else:
            parts.append(_ENCODER.encode(value))

    for n, (key, value) in enumerate(document.items()):
        parts.append(f",\n {_ENCODER.encode(key)}: " if n else f" {_ENCODER.encode(key)}: ")
        if isinstance(value, list) and value:
            parts.append("[\n  ")
            for k, item in enumerate(value):
                if k:
                    parts.append(",\n  ")
                add(item)
            parts.append("\n ]")
        else:
            add(value)
    parts.append("\n}\n")
    return "".join(parts)


def _indented(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def render_collation(collation: Collation, options: RenderOptions) -> str:
    """``{"witnesses": [...], "columns": [[cell per witness]], "moves": [...]}``: see
    :meth:`Collation.as_dict`. Each witness and each column on a line of its own, written
    by json's C encoder."""
    document: dict[str, object] = {
        "witnesses": collation.witnesses_as_dicts(),
        "columns": list(map(_cells, collation.readings())),
    }
    if collation.moves:
        document["moves"] = collation.moves_as_dicts()
    return _dumps(document)


def _cells(cells: tuple[str | None, ...]) -> _Pieces:
    """A column's cells as one JSON array: a text all witnesses share encoded once."""
    first = cells[0]
    if first is not None and cells.count(first) == len(cells):
        items = [encode_basestring(first)] * len(cells)
    else:  # a few readings, most witnesses sharing one: each encoded once
        encoded = {t: "null" if t is None else encode_basestring(t) for t in cells}
        items = list(map(encoded.__getitem__, cells))
    return _Pieces(("[", ", ".join(items), "]"))


def render_trace(view: TraceView, options: RenderOptions) -> str:
    """``{"draft", "target", "entries", "counts"}``: see :meth:`Trace.as_dict`."""
    return _indented(view.trace.as_dict())


def render_layers(table: LayerTable, options: RenderOptions) -> str:
    """The layers of a document with their token counts, its hands and its changes."""
    doc = table.document
    return _indented(
        {
            "source": table.source,
            "title": doc.title,
            "layers": [{"name": n, "tokens": c} for n, c in table.tokens],
            "hands": [{"id": h.id, "description": h.description} for h in doc.hands],
            "changes": [
                {"id": c.id, "when": c.when, "description": c.description} for c in doc.changes
            ],
        }
    )

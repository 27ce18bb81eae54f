"""The diff as JSON: sources, segments with their surface texts, statistics.

Keys are in a fixed order and the output ends in a newline, so equal inputs
give equal bytes. Each top-level key and each segment stands on a line of its
own: readable, and written by json's C encoder (an ``indent`` would make json
fall back to its pure-Python encoder, several times slower on a novel).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) does to a str

from ..model import Diff, Witness
from . import RenderOptions

_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _source(w: Witness) -> dict[str, object]:
    return {"source": w.source, "siglum": w.siglum, "layer": w.layer, "tokens": len(w)}


def _segment(op: str, a: str, b: str) -> str:
    """A segment as json.dumps writes ``{"op": op, "a": a, "b": b}``, an equal text encoded once."""
    a_json = encode_basestring(a)
    b_json = a_json if a == b else encode_basestring(b)
    return f'{{"op": "{op}", "a": {a_json}, "b": {b_json}}}'


def render(diff: Diff, options: RenderOptions) -> str:
    texts = diff.texts()
    stats = diff.stats(texts)
    segments = [
        _Raw(_segment(s.op.value, a, b)) for s, (a, b) in zip(diff.segments, texts, strict=True)
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


class _Raw(str):
    """JSON already written."""

    __slots__ = ()


def _dumps(document: dict[str, object]) -> str:
    def one(value: object) -> str:
        return value if isinstance(value, _Raw) else _ENCODER.encode(value)

    # Pieces joined once at the end: a long diff's text is copied once, not per level.
    parts = ["{\n"]
    for n, (key, value) in enumerate(document.items()):
        parts.append(f"{',' if n else ''}\n {one(key)}: " if n else f" {one(key)}: ")
        if isinstance(value, list) and value:
            parts.append("[\n  ")
            for k, item in enumerate(value):
                if k:
                    parts.append(",\n  ")
                parts.append(one(item))
            parts.append("\n ]")
        else:
            parts.append(one(value))
    parts.append("\n}\n")
    return "".join(parts)

"""The diff as JSON: sources, segments with their surface texts, statistics.

Keys are in a fixed order and the output ends in a newline, so equal inputs
give equal bytes. Each top-level key and each segment stands on a line of its
own: readable, and written by json's C encoder (an ``indent`` would make json
fall back to its pure-Python encoder, several times slower on a novel).
"""

from __future__ import annotations

import json

from ..model import Diff, Witness
from . import RenderOptions


def _source(w: Witness) -> dict[str, object]:
    return {"source": w.source, "siglum": w.siglum, "layer": w.layer, "tokens": len(w)}


def render(diff: Diff, options: RenderOptions) -> str:
    document: dict[str, object] = {
        "a": _source(diff.a),
        "b": _source(diff.b),
        "segments": [
            {"op": s.op.value, "a": diff.a_text(s), "b": diff.b_text(s)} for s in diff.segments
        ],
        "stats": diff.stats().as_dict(),
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


def _dumps(document: dict[str, object]) -> str:
    def one(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in document.items():
        if isinstance(value, list):
            items = ",\n  ".join(map(one, value))
            lines.append(f" {one(key)}: [\n  {items}\n ]" if value else f" {one(key)}: []")
        else:
            lines.append(f" {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"

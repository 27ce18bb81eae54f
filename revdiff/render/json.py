"""The diff as JSON: sources, segments with their surface texts, statistics.

Keys are in a fixed order and the output ends in a newline, so equal inputs
give equal bytes.
"""

from __future__ import annotations

import json

from ..model import Diff, Witness
from . import RenderOptions


def _source(w: Witness) -> dict[str, object]:
    return {"source": w.source, "siglum": w.siglum, "layer": w.layer, "tokens": len(w)}


def render(diff: Diff, options: RenderOptions) -> str:
    document = {
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
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"

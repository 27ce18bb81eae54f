"""A unified diff with one token a line, for scripts and ``patch``-minded tools.

This is what ``diff -u`` gives on the two texts written one word a line (the
``dwdiff``/``wdiff -d`` convention): ``---``/``+++`` headers, then hunks
``@@ -A,N +B,M @@`` counted in tokens (from 1), each line `` token``,
``-token`` or ``+token``; a line ``~`` marks the end of a paragraph, as in
``git diff --word-diff=porcelain``. A paragraph break added between words both
texts share is a line ``+¶``, one removed ``-¶``: no token, so not counted in
the hunk's lengths.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Diff, Op
from .options import RenderOptions
from .terminal import visible

_CONTEXT = 3


def _lines(prefix: str, texts: Sequence[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        out.append(prefix + t.strip())
        if "\n\n" in t:
            out.append("~")
    return out


def render(diff: Diff, options: RenderOptions) -> str:
    context = _CONTEXT if options.context is None else options.context
    segments = diff.segments
    changed = [i for i, s in enumerate(segments) if s.op is not Op.EQUAL]
    out = [
        f"--- {diff.a.source}{'#' + diff.a.layer if diff.a.layer else ''}",
        f"+++ {diff.b.source}{'#' + diff.b.layer if diff.b.layer else ''}",
    ]
    if not changed:
        return ""
    groups: list[list[int]] = [[changed[0]]]
    for i in changed[1:]:
        gap = sum(s.a_end - s.a_start for s in segments[groups[-1][-1] + 1 : i])
        (groups[-1].append(i) if gap <= 2 * context else groups.append([i]))
    for group in groups:
        first, last = segments[group[0]], segments[group[-1]]
        a_start, a_end, b_start, b_end = first.a_start, last.a_end, first.b_start, last.b_end
        lead = min(context, a_start) if group[0] > 0 else 0
        trail = min(context, len(diff.a) - a_end) if group[-1] + 1 < len(segments) else 0
        a_start, b_start, a_end, b_end = (
            a_start - lead,
            b_start - lead,
            a_end + trail,
            b_end + trail,
        )
        out.append(f"@@ -{a_start + 1},{a_end - a_start} +{b_start + 1},{b_end - b_start} @@")
        out.extend(_lines(" ", diff.b.texts[b_start : first.b_start]))
        for s in segments[group[0] : group[-1] + 1]:
            if s.op is Op.EQUAL:
                out.extend(_lines(" ", diff.b.texts[s.b_start : s.b_end]))
            elif s.is_break:
                out.append("+¶" if s.op is Op.INSERT else "-¶")
            else:
                out.extend(_lines("-", diff.a.texts[s.a_start : s.a_end]))
                out.extend(_lines("+", diff.b.texts[s.b_start : s.b_end]))
        out.extend(_lines(" ", diff.b.texts[last.b_end : b_end]))
    return visible("\n".join(out) + "\n")  # for a terminal: controls shown, not obeyed

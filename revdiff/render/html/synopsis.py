"""The synopsis: three or more witnesses side by side, one row per section, a heat strip.

Each witness is compared with the first witness of its language, and the
words that differ are highlighted; a witness alone in its language (a
translation) is aligned by section only. Changes of different witnesses that
touch the same words of the first witness are one variant
(:func:`variant_links`), lit together in every column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ...model import Op, Segment, Witness
from ..options import RenderOptions
from .page import BREAK, SourceInfo, page

__all__ = [
    "Role",
    "Column",
    "SynopsisRow",
    "synopsis_rows",
    "variant_links",
    "render_synopsis",
    "render",
]


class Role(StrEnum):
    """How a witness stands in the synopsis."""

    BASE = "base"  # the first of its language: the others of the language are compared with it
    VARIANT = "variant"  # compared with the first of its language
    TRANSLATION = "translation"  # alone in its language: aligned by section only


@dataclass(frozen=True, slots=True)
class Column:
    """A witness in the synopsis; ``against`` is the siglum it is compared with, if any."""

    info: SourceInfo
    role: Role
    against: str | None = None


@dataclass(frozen=True, slots=True)
class SynopsisRow:
    """A section across the witnesses: per witness its paragraphs of (link, text) runs.

    ``link`` is 0 where the text does not vary, else the number of the
    variant it belongs to (see :func:`variant_links`).
    """

    key: str
    label: str
    cells: tuple[tuple[tuple[tuple[int, str], ...], ...], ...]
    score: float  # the share of compared tokens in this row that vary
    level: int = 0  # 0..9 for the heat strip
    percent: str = "0"
    counts: tuple[int, ...] = field(default=())


def _section_keys(w: Witness) -> list[str]:
    """Each token's row: its section, or where it stands between sections."""
    keys: list[str] = []
    last: str | None = None
    for i in range(len(w)):
        origin = w.origin(i)
        section = origin.section if origin else None
        if section is not None:
            last = section
            keys.append("s:" + section)
        else:
            keys.append("after:" + last if last is not None else "start")
    return keys


def _label(key: str) -> str:
    if key == "start":
        return "Opening"
    kind, _, name = key.partition(":")
    return f"§ {name}" if kind == "s" else f"After § {name}"


def synopsis_rows(
    witnesses: Sequence[Witness],
) -> tuple[tuple[Column, ...], tuple[SynopsisRow, ...]]:
    """Columns and section rows of a synopsis, with the tokens that vary marked.

    Witnesses of one language are each compared with the first of that
    language; a witness alone in its language (a translation) is aligned by
    section only.
    """
    witnesses = [w.as_tuples() for w in witnesses]  # looked up token by token below
    first_of: dict[str | None, int] = {}
    for n, w in enumerate(witnesses):
        first_of.setdefault(w.lang, n)
    varies = variant_links(witnesses)
    compared = [False] * len(witnesses)
    columns: list[Column] = []
    for n, w in enumerate(witnesses):
        base = first_of[w.lang]
        peers = sum(1 for x in witnesses if x.lang == w.lang)
        if peers == 1:
            columns.append(Column(SourceInfo.of(w), Role.TRANSLATION))
            continue
        compared[n] = True
        if base == n:
            columns.append(Column(SourceInfo.of(w), Role.BASE))
            continue
        columns.append(Column(SourceInfo.of(w), Role.VARIANT, witnesses[base].siglum))
    keyed = [_section_keys(w) for w in witnesses]
    order: list[str] = []
    seen: set[str] = set()
    for keys in keyed:
        for k in keys:
            if k not in seen:
                seen.add(k)
                order.append(k)
    # "start" first, each "after" row after its section, as the texts run.
    if "start" in seen:
        order.remove("start")
        order.insert(0, "start")
    rows: list[SynopsisRow] = []
    for key in order:
        cells = []
        marked = total = 0
        counts = []
        for n, w in enumerate(witnesses):
            indices = [i for i, k in enumerate(keyed[n]) if k == key]
            cells.append(_cell(w, indices, varies[n]))
            counts.append(len(indices))
            if compared[n]:
                total += len(indices)
                marked += sum(1 for i in indices if varies[n][i])
        rows.append(
            SynopsisRow(
                key,
                _label(key),
                tuple(cells),
                marked / total if total else 0.0,
                counts=tuple(counts),
            )
        )
    top = max((r.score for r in rows), default=0.0)
    rows = [
        SynopsisRow(
            r.key,
            r.label,
            r.cells,
            r.score,
            min(9, max(1, math.ceil(9 * r.score / top))) if r.score else 0,
            f"{100 * r.score:.0f}",
            r.counts,
        )
        for r in rows
    ]
    return tuple(columns), tuple(rows)


def variant_links(witnesses: Sequence[Witness]) -> list[list[int]]:
    """For each token of each witness, the variant it belongs to (from 1), or 0 where it does not vary.

    Each witness is compared with the first witness of its language; each
    change of that diff is a stretch of the first witness (possibly empty:
    an insertion point) and a stretch of the other. Changes of different
    witnesses that cover the same words of the first witness (or the same
    insertion point) are one variant, so that a reading can be lit in every
    column at once. A witness alone in its language has no variants.

    >>> from revdiff.tokenize import plain_witness
    >>> ws = [plain_witness(t, s, s) for s, t in [("A", "the black cat sat"),
    ...       ("B", "the white cat sat"), ("C", "the grey cat sat down")]]
    >>> variant_links(ws)
    [[0, 1, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0, 2]]
    """
    from ...align import diff

    links = [[0] * len(w) for w in witnesses]
    first_of: dict[str | None, int] = {}
    for n, w in enumerate(witnesses):
        first_of.setdefault(w.lang, n)
    number = 0
    for lang, base in first_of.items():
        # The changes of this language's witnesses against its first: (witness, segment).
        stretches: list[tuple[int, Segment]] = []
        for n, w in enumerate(witnesses):
            if n != base and w.lang == lang:
                changes = diff(witnesses[base], w).segments
                stretches += [(n, s) for s in changes if s.op is not Op.EQUAL]
        roots = _joined([s for _, s in stretches])
        numbers: dict[int, int] = {}
        for (n, s), r in zip(stretches, roots, strict=True):
            if r not in numbers:
                number += 1
                numbers[r] = number
            for i in range(s.a_start, s.a_end):
                links[base][i] = numbers[r]
            for j in range(s.b_start, s.b_end):
                links[n][j] = numbers[r]
    return links


def _joined(changes: Sequence[Segment]) -> list[int]:
    """For each change of some witnesses against one base, a representative: one per variant.

    Changes are one variant when they cover a word of the base in common, or
    stand at the same insertion point, or one is inserted among the words
    the other changes.

    >>> from revdiff.model import Segment
    >>> _joined([Segment(Op.REPLACE, 1, 3, 1, 2), Segment(Op.INSERT, 2, 2, 2, 3),
    ...          Segment(Op.DELETE, 4, 5, 4, 4), Segment(Op.REPLACE, 2, 3, 2, 3)])
    [0, 0, 2, 0]
    """
    parent = list(range(len(changes)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def join(k: int, other: int) -> None:
        parent[root(k)] = root(other)

    covering: dict[int, int] = {}  # a base token: the first change over it
    for k, s in enumerate(changes):
        for i in range(s.a_start, s.a_end):
            if i in covering:
                join(k, covering[i])
            else:
                covering[i] = k
    points: dict[int, int] = {}  # an insertion point in the base: the first change there
    for k, s in enumerate(changes):
        if s.a_start != s.a_end:
            continue
        at = s.a_start
        if at in points:
            join(k, points[at])
        else:
            points[at] = k
        # An insertion among words another witness changes belongs to that change.
        inside = at - 1 in covering and at in covering
        if inside and root(covering[at - 1]) == root(covering[at]):
            join(k, covering[at])
    return [root(k) for k in range(len(changes))]


def _cell(
    w: Witness, indices: Sequence[int], varies: Sequence[int]
) -> tuple[tuple[tuple[int, str], ...], ...]:
    """A witness's tokens in one row, as paragraphs of runs, each with its variant or 0."""
    paragraphs: list[tuple[tuple[int, str], ...]] = []
    runs: list[tuple[int, str]] = []
    for i in indices:
        token = w.texts[i]
        flag = varies[i]
        word = token.rstrip()
        space = " " if token[len(word) :] and not token.endswith(BREAK) else ""
        if runs and runs[-1][0] == flag:
            runs[-1] = (flag, runs[-1][1] + word + space)
        elif flag and runs:
            # The space before a variant belongs outside its mark.
            runs.append((flag, word + space))
        else:
            runs.append((flag, word + space))
        if token.endswith(BREAK):
            paragraphs.append(_tidy(runs))
            runs = []
    if runs:
        paragraphs.append(_tidy(runs))
    return tuple(p for p in paragraphs if p)


def _tidy(runs: list[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """Move a marked run's trailing space outside the mark; strip the paragraph's end."""
    out: list[tuple[int, str]] = []
    for flag, text in runs:
        if flag and text.endswith(" "):
            out.append((flag, text[:-1]))
            out.append((0, " "))
        else:
            out.append((flag, text))
    merged: list[tuple[int, str]] = []
    for flag, text in out:
        if merged and merged[-1][0] == flag:
            merged[-1] = (flag, merged[-1][1] + text)
        else:
            merged.append((flag, text))
    if merged:
        merged[-1] = (merged[-1][0], merged[-1][1].rstrip())
    return tuple((f, t) for f, t in merged if t)


def render_synopsis(witnesses: Sequence[Witness], options: RenderOptions | None = None) -> str:
    """Three or more witnesses side by side, aligned by section, with a heat strip."""
    options = options or RenderOptions()
    columns, rows = synopsis_rows(witnesses)
    context = {
        "view": "synopsis",
        "title": " · ".join(w.siglum for w in witnesses),
        "lang": witnesses[0].lang if witnesses else None,
        "sources": [(str(n + 1), c.info) for n, c in enumerate(columns)],
        "columns": columns,
        "rows": rows,
    }
    return page("synopsis.html.j2", context, options)


def render(witnesses: Sequence[Witness], options: RenderOptions) -> str:
    """The ``html`` format of three or more witnesses: the synopsis."""
    return render_synopsis(witnesses, options)

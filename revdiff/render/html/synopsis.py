"""The synopsis: three or more witnesses side by side, row by row, with a heat strip.

Rows are the numbered sections (``div @n``) where the witnesses have them,
in the order their text runs, so that a section found only in a later
witness stands where it falls. Without sections, rows are the blocks the
collation aligns (:func:`aligned_rows`): a row ends wherever no witness of
the first compared language runs a paragraph on across the alignment, so that
a paragraph found in one witness only gets a row of its own; verse lines
standing together (a speech, a stanza without a speaker between) make one row.

Each witness is compared with one witness of its language, the *base*: the
first of the language, or the one ``--base`` names, or the one the reader
picks in the page (every base's highlighting is in the page; the choice only
switches which shows). The words that differ are highlighted; a witness
alone in its language (a translation) is aligned by row only. Changes of
different witnesses that touch the same words of the base are one variant
(:func:`variant_links`), lit together in every column.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ...model import Op, Segment, Witness
from ..options import RenderOptions
from .page import BREAK, SourceInfo, heat_levels, page

__all__ = [
    "Role",
    "Column",
    "Stretch",
    "SynopsisRow",
    "aligned_rows",
    "synopsis_rows",
    "variant_links",
    "render_synopsis",
    "render",
]


class Role(StrEnum):
    """How a witness stands in the synopsis."""

    BASE = "base"  # the others of its language are compared with it
    VARIANT = "variant"  # compared with the base of its language
    TRANSLATION = "translation"  # alone in its language: aligned by row only


@dataclass(frozen=True, slots=True)
class Column:
    """A witness in the synopsis; ``against`` is the siglum it is compared with, if any.

    ``group`` numbers the languages with two witnesses or more (-1: alone in
    its language), ``bases`` are the witnesses (indices) of its group.
    """

    info: SourceInfo
    role: Role
    against: str | None = None
    group: int = -1
    bases: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Stretch:
    """A run of a witness's text in a row: ``link`` is its variant against the base shown
    (0: it does not vary), ``links`` its variant against each base of its group
    (``(base, variant)``, only where it varies)."""

    link: int
    text: str
    links: tuple[tuple[int, int], ...] = ()


Paragraph = tuple[Stretch, ...]


@dataclass(frozen=True, slots=True)
class SynopsisRow:
    """A row across the witnesses: per witness its paragraphs of stretches.

    ``score`` is the share of compared tokens in the row that vary (against
    the bases shown), ``level`` its step 0..9 on the heat strip; ``heat``
    gives ``(level, percent)`` per witness when that witness is the base of
    its group (the others keeping theirs).
    """

    key: str
    label: str
    cells: tuple[tuple[Paragraph, ...], ...]
    score: float
    level: int = 0
    percent: str = "0"
    counts: tuple[int, ...] = ()
    heat: tuple[tuple[int, str], ...] = ()


def _groups(witnesses: Sequence[Witness]) -> list[list[int]]:
    """The witnesses by language, in the order each language first appears."""
    groups: dict[str | None, list[int]] = {}
    for n, w in enumerate(witnesses):
        groups.setdefault(w.lang, []).append(n)
    return list(groups.values())


def _mirrored(s: Segment) -> Segment:
    op = {Op.DELETE: Op.INSERT, Op.INSERT: Op.DELETE}.get(s.op, s.op)
    return Segment(op, s.b_start, s.b_end, s.a_start, s.a_end)


class _Changes:
    """The changes between two witnesses of one language, each pair diffed once."""

    def __init__(self, witnesses: Sequence[Witness]) -> None:
        self.witnesses = witnesses
        self.done: dict[tuple[int, int], list[Segment]] = {}

    def between(self, base: int, other: int) -> list[Segment]:
        """The changes of ``other`` against ``base``: a stretch of the base, one of the other."""
        from ...align import diff

        low, high = min(base, other), max(base, other)
        if (low, high) not in self.done:
            segments = diff(self.witnesses[low], self.witnesses[high]).segments
            self.done[(low, high)] = [s for s in segments if s.op is not Op.EQUAL]
        found = self.done[(low, high)]
        return found if base == low else [_mirrored(s) for s in found]


def _link_group(
    group: Sequence[int],
    base: int,
    changes: _Changes,
    links: list[list[int]],
    number: int,
) -> int:
    """Number the variants of a language's witnesses against its base (in ``links``);
    the next free number."""
    stretches = [(n, s) for n in group if n != base for s in changes.between(base, n)]
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
    return number


def variant_links(witnesses: Sequence[Witness], base: int | None = None) -> list[list[int]]:
    """For each token of each witness, the variant it belongs to (from 1), or 0 where it does not vary.

    Each witness is compared with the base of its language: the first of the
    language, or witness ``base`` for its own language. Each change of that
    diff is a stretch of the base (possibly empty: an insertion point) and a
    stretch of the other. Changes of different witnesses that cover the same
    words of the base (or the same insertion point) are one variant, so that
    a reading can be lit in every column at once. A witness alone in its
    language has no variants.

    >>> from revdiff.tokenize import plain_witness
    >>> ws = [plain_witness(t, s, s) for s, t in [("A", "the black cat sat"),
    ...       ("B", "the white cat sat"), ("C", "the grey cat sat down")]]
    >>> variant_links(ws)
    [[0, 1, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0, 2]]
    >>> variant_links(ws, base=1)
    [[0, 1, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0, 2]]
    """
    witnesses = [w.as_tuples() for w in witnesses]
    links = [[0] * len(w) for w in witnesses]
    changes = _Changes(witnesses)
    number = 0
    for group in _groups(witnesses):
        if len(group) > 1:
            chosen = base if base in group else group[0]
            number = _link_group(group, chosen, changes, links, number)
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


# ---------------------------------------------------------------------------
# Rows: sections, or the blocks the collation aligns


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


def _section_label(key: str) -> str:
    if key == "start":
        return "Opening"
    kind, _, name = key.partition(":")
    return f"§ {name}" if kind == "s" else f"After § {name}"


def _merged(orders: Sequence[Sequence[str]]) -> list[str]:
    """One order of the rows of every witness: a row one witness alone has stands
    after the row before it in that witness (where its text falls), and after the
    rows the witnesses before it have there and it lacks.

    >>> _merged([["start", "s:1", "s:3"], ["start", "s:1", "s:2", "s:3"]])
    ['start', 's:1', 's:2', 's:3']
    """
    merged: list[str] = []
    for order in orders:
        own = set(order)
        previous: str | None = None
        for key in order:
            if key not in merged:
                at = merged.index(previous) + 1 if previous is not None else 0
                while at < len(merged) and merged[at] not in own:
                    at += 1
                merged.insert(at, key)
            previous = key
    return merged


def _in_verse(w: Witness, i: int) -> bool:
    origin = w.origin(i)
    return origin is not None and origin.verse is not None


def aligned_rows(witnesses: Sequence[Witness]) -> list[list[tuple[int, int]]]:
    """Rows of witnesses of one language, by the blocks the collation aligns: per row, per
    witness, the range of its tokens (``(start, end)``).

    A row ends after a column of the collation where no witness runs a
    paragraph on into the next column; verse lines standing together count
    as one paragraph.

    >>> from revdiff.tokenize import plain_witness
    >>> ws = [plain_witness(t, s, s) for s, t in [("A", "Eins.\\n\\nDrei."),
    ...       ("B", "Eins.\\n\\nZwei.\\n\\nDrei."), ("C", "Eins.\\n\\nDrei.")]]
    >>> aligned_rows(ws)  # B's second paragraph is a row of its own
    [[(0, 2), (0, 2), (0, 2)], [(2, 2), (2, 4), (2, 2)], [(2, 4), (4, 6), (2, 4)]]
    >>> ws[2] = plain_witness("Eins. Zwei.\\n\\nDrei.", "C", "C")
    >>> aligned_rows(ws)  # C runs the two on: one row
    [[(0, 2), (0, 4), (0, 4)], [(2, 4), (4, 6), (4, 6)]]
    """
    from ...collation import collate

    columns = collate(witnesses).columns
    where = [[0] * len(w) for w in witnesses]  # each token's column
    for c, column in enumerate(columns):
        for n, i in enumerate(column):
            if i is not None:
                where[n][i] = c
    runs_on = [0] * (
        len(columns) + 1
    )  # +1 where a paragraph runs on from a column, -1 where it stops
    for n, w in enumerate(witnesses):
        texts = w.texts
        verse = any(o is not None and o.verse is not None for o in w.origins)
        for i in range(len(w) - 1):
            ends = texts[i].endswith(BREAK)
            if not ends or (verse and _in_verse(w, i) and _in_verse(w, i + 1)):
                runs_on[where[n][i]] += 1
                runs_on[where[n][i + 1]] -= 1
    starts = [0]
    open_ = 0
    for c in range(len(columns) - 1):
        open_ += runs_on[c]
        if open_ == 0:
            starts.append(c + 1)
    rows: list[list[tuple[int, int]]] = []
    for r, start in enumerate(starts):
        end = starts[r + 1] if r + 1 < len(starts) else len(columns)
        rows.append([(bisect.bisect_left(cs, start), bisect.bisect_left(cs, end)) for cs in where])
    return rows


def _paragraph_starts(w: Witness) -> list[int]:
    return [0] + [i + 1 for i, t in enumerate(w.texts) if t.endswith(BREAK) and i + 1 < len(w)]


def _by_paragraph(
    lead: Witness, rows: Sequence[tuple[int, int]], other: Witness
) -> list[tuple[int, int]]:
    """A witness of another language in the rows of ``lead`` (the lead's ranges): its k-th
    paragraph goes in the row of the lead's k-th paragraph, what is left in the last row."""
    row_starts = [start for start, _ in rows]
    row_of = [bisect.bisect_right(row_starts, p) - 1 for p in _paragraph_starts(lead)]
    own = _paragraph_starts(other) if len(other) else []
    out = [(0, 0)] * len(rows)
    for k, start in enumerate(own):
        end = own[k + 1] if k + 1 < len(own) else len(other)
        r = max(0, row_of[k]) if k < len(row_of) else len(rows) - 1
        out[r] = (start, end) if out[r][0] == out[r][1] else (out[r][0], end)
    return out


def _row_label(w: Witness, start: int, end: int, number: int) -> str:
    """A row's label from its first witness with text there: its verses, or paragraphs."""
    first, last = w.origin(start), w.origin(end - 1)
    if first is not None and last is not None and first.verse and last.verse:
        return (
            f"v. {first.verse}" if first.verse == last.verse else f"vv. {first.verse}–{last.verse}"
        )
    return f"¶ {number}"


def _rows_of(
    witnesses: Sequence[Witness], groups: Sequence[Sequence[int]]
) -> list[tuple[str, str, list[list[int]]]]:
    """The rows: key, label, and per witness the indices of its tokens there."""
    if any(o is not None and o.section for w in witnesses for o in w.origins):
        keyed = [_section_keys(w) for w in witnesses]
        order = _merged([list(dict.fromkeys(k)) for k in keyed])
        found: dict[str, list[list[int]]] = {k: [[] for _ in witnesses] for k in order}
        for n, keys in enumerate(keyed):
            for i, k in enumerate(keys):
                found[k][n].append(i)
        return [(k, _section_label(k), found[k]) for k in order]
    compared = [g for g in groups if len(g) > 1]
    lead_group = list(compared[0]) if compared else [0]
    lead = lead_group[0]
    if len(lead_group) > 1:
        ranges = aligned_rows([witnesses[n] for n in lead_group])
    else:  # no two witnesses share a language: the first one's paragraphs
        starts = _paragraph_starts(witnesses[lead]) if len(witnesses[lead]) else []
        ends = starts[1:] + [len(witnesses[lead])]
        ranges = [[(s, e)] for s, e in zip(starts, ends, strict=True)]
    per: list[list[tuple[int, int]]] = [[] for _ in witnesses]
    for local, n in enumerate(lead_group):
        per[n] = [row[local] for row in ranges]
    for n in range(len(witnesses)):
        if n not in lead_group:
            per[n] = _by_paragraph(witnesses[lead], per[lead], witnesses[n])
    rows = []
    for r in range(len(ranges)):
        indices = [list(range(*per[n][r])) for n in range(len(witnesses))]
        shown = next((n for n in lead_group if indices[n]), None)
        label = f"¶ {r + 1}"
        if shown is not None:
            label = _row_label(witnesses[shown], indices[shown][0], indices[shown][-1] + 1, r + 1)
            if shown != lead:
                label += f" ({witnesses[shown].siglum})"
        rows.append((f"r:{r + 1}", label, indices))
    return rows


# ---------------------------------------------------------------------------
# The synopsis


def _cell(
    w: Witness,
    indices: Sequence[int],
    link: Sequence[int],
    links: Sequence[tuple[int, Sequence[int]]],
) -> tuple[Paragraph, ...]:
    """A witness's tokens in one row, as paragraphs of stretches: ``link`` its variants
    against the base shown, ``links`` against each base of its group."""
    paragraphs: list[Paragraph] = []
    runs: list[Stretch] = []
    for i in indices:
        token = w.texts[i]
        word = token.rstrip()
        space = " " if token[len(word) :] and not token.endswith(BREAK) else ""
        mark = Stretch(link[i], "", tuple((b, per[i]) for b, per in links if per[i]))
        if runs and (runs[-1].link, runs[-1].links) == (mark.link, mark.links):
            runs[-1] = Stretch(mark.link, runs[-1].text + word + space, mark.links)
        else:
            runs.append(Stretch(mark.link, word + space, mark.links))
        if token.endswith(BREAK):
            paragraphs.append(_tidy(runs))
            runs = []
    if runs:
        paragraphs.append(_tidy(runs))
    return tuple(p for p in paragraphs if p)


def _tidy(runs: list[Stretch]) -> Paragraph:
    """Move a marked run's trailing space outside the mark; strip the paragraph's end."""
    out: list[Stretch] = []
    for r in runs:
        if (r.link or r.links) and r.text.endswith(" "):
            out.append(Stretch(r.link, r.text[:-1], r.links))
            out.append(Stretch(0, " "))
        else:
            out.append(r)
    merged: list[Stretch] = []
    for r in out:
        if merged and (merged[-1].link, merged[-1].links) == (r.link, r.links):
            merged[-1] = Stretch(r.link, merged[-1].text + r.text, r.links)
        else:
            merged.append(r)
    if merged:
        merged[-1] = Stretch(merged[-1].link, merged[-1].text.rstrip(), merged[-1].links)
    return tuple(r for r in merged if r.text)


def synopsis_rows(
    witnesses: Sequence[Witness], base: int | None = None
) -> tuple[tuple[Column, ...], tuple[SynopsisRow, ...]]:
    """Columns and rows of a synopsis, with the tokens that vary marked against each base.

    Witnesses of one language are each compared with its base: the first of
    that language, or witness ``base`` for its own; a witness alone in its
    language (a translation) is aligned by row only.
    """
    witnesses = [w.as_tuples() for w in witnesses]  # looked up token by token below
    groups = _groups(witnesses)
    compared = [g for g in groups if len(g) > 1]
    chosen = {tuple(g): (base if base in g else g[0]) for g in compared}
    changes = _Changes(witnesses)
    # Every base's variants: links[b][n][i] for the witnesses n of b's language.
    by_base: dict[int, list[list[int]]] = {}
    number = 0
    for g in compared:
        for b in g:
            found = [[0] * len(w) if n in g else [] for n, w in enumerate(witnesses)]
            number = _link_group(g, b, changes, found, number)
            by_base[b] = found
    columns: list[Column] = []
    group_of: dict[int, int] = {}
    for k, g in enumerate(compared):
        for n in g:
            group_of[n] = k
    for n, w in enumerate(witnesses):
        if n not in group_of:
            columns.append(Column(SourceInfo.of(w), Role.TRANSLATION))
            continue
        g = compared[group_of[n]]
        b = chosen[tuple(g)]
        role, against = (Role.BASE, None) if n == b else (Role.VARIANT, witnesses[b].siglum)
        columns.append(Column(SourceInfo.of(w), role, against, group_of[n], tuple(g)))
    none = [0] * max((len(w) for w in witnesses), default=0)
    rows: list[SynopsisRow] = []
    varied: list[dict[int, int]] = []  # per row: tokens that vary when witness b is the base
    shown_varied: list[list[int]] = []  # per row, per group: tokens that vary against its base
    totals: list[int] = []
    for key, label, indices in _rows_of(witnesses, groups):
        cells = []
        for n, w in enumerate(witnesses):
            if n in group_of:
                g = compared[group_of[n]]
                own = [(b, by_base[b][n]) for b in g]
                cells.append(_cell(w, indices[n], by_base[chosen[tuple(g)]][n], own))
            else:
                cells.append(_cell(w, indices[n], none, ()))
        per_base = {
            b: sum(1 for n in g for i in indices[n] if by_base[b][n][i])
            for g in compared
            for b in g
        }
        varied.append(per_base)
        shown_varied.append([per_base[chosen[tuple(g)]] for g in compared])
        totals.append(sum(len(indices[n]) for n in group_of))
        rows.append(SynopsisRow(key, label, tuple(cells), 0.0, counts=tuple(map(len, indices))))

    def scores(b: int | None) -> list[float]:
        """Each row's share of varying tokens, with witness b as its group's base."""
        out = []
        for r, total in enumerate(totals):
            marked = sum(shown_varied[r])
            if b is not None and b in group_of:
                marked += varied[r][b] - shown_varied[r][group_of[b]]
            out.append(marked / total if total else 0.0)
        return out

    shown = scores(None)
    levels = heat_levels(shown)
    per_witness = [(heat_levels(sc), sc) for sc in (scores(n) for n in range(len(witnesses)))]
    rows = [
        SynopsisRow(
            r.key,
            r.label,
            r.cells,
            shown[k],
            levels[k],
            f"{100 * shown[k]:.0f}",
            r.counts,
            tuple((lv[k], f"{100 * sc[k]:.0f}") for lv, sc in per_witness),
        )
        for k, r in enumerate(rows)
    ]
    return tuple(columns), tuple(rows)


def render_synopsis(witnesses: Sequence[Witness], options: RenderOptions | None = None) -> str:
    """Three or more witnesses side by side, by section or aligned block, with a heat strip;
    ``options.base`` is the witness (its index) the others of its language are compared with."""
    options = options or RenderOptions()
    columns, rows = synopsis_rows(witnesses, options.base)
    context = {
        "view": "synopsis",
        "title": " · ".join(w.siglum for w in witnesses),
        "lang": witnesses[0].lang if witnesses else None,
        "sources": [(str(n + 1), c.info) for n, c in enumerate(columns)],
        "columns": columns,
        "rows": rows,
        "sections": bool(rows) and not rows[0].key.startswith("r:"),
    }
    return page("synopsis.html.j2", context, options)


def render(witnesses: Sequence[Witness], options: RenderOptions) -> str:
    """The ``html`` format of three or more witnesses: the synopsis."""
    return render_synopsis(witnesses, options)

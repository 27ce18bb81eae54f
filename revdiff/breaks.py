"""Breaks are changes: a paragraph or verse-line break one witness has between two
words both share, and the other has not.

The aligner compares words (their keys), and a token's white space is not
part of its key: that keeps alignment on the words, so that a word deleted
at the end of a paragraph stays one deletion. The breaks are compared after,
over the alignment: two words the diff pairs (an equal run) and the next
pair stand in one paragraph on one side and in two on the other, or, where
changes lie between two pairs, one side has a break between them and the
other none. Each such break becomes a segment that holds no token
(:attr:`~revdiff.model.Segment.is_break`): ``insert`` for a break only B
has, ``delete`` for one only A has, standing where the break is (a change
that holds it is cut there). The segments still rebuild both texts exactly,
and a diff without such a break keeps its segments as they were.

A break where both sides have one around a change goes with the change: a
paragraph deleted whole takes its break with it, and the words around it
still stand in two paragraphs on both sides. What is before the first pair
or after the last has no shared word on one of its sides, and is not
compared.

A break is a blank line in a token's trailing white space: the end of a
paragraph, and in TEI of any block (``p``, ``l``, ``head``, ``sp``, ...;
the reader ends each with one). A single line end inside a plain text's
paragraph is layout.

>>> from revdiff.align import diff
>>> from revdiff.tokenize import plain_witness
>>> a = plain_witness("First part. Second part.", "a", "a")
>>> b = plain_witness("First part.\\n\\nSecond part.", "b", "b")
>>> d = find_breaks(diff(a, b))
>>> [(s.op.value, s.is_break) for s in d.segments]
[('equal', False), ('insert', True), ('equal', False)]
>>> d.stats().breaks_added, d.changed
(1, True)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import compress, repeat
from operator import attrgetter

from .model import Diff, LineTokens, Op, Segment, Witness

__all__ = ["find_breaks", "paragraph_ends"]


def paragraph_ends(w: Witness) -> list[int]:
    """The tokens a paragraph break follows, in order (never the last token).

    >>> from revdiff.tokenize import plain_witness
    >>> paragraph_ends(plain_witness("\\n\\nОдин.\\nдва\\n \\nтри\\n\\n", "a", "a"))
    [2]
    """
    texts = w.texts
    if isinstance(texts, LineTokens):  # a line ends where its last token's white space does
        lines, starts = texts.lines, texts.starts
        ends = [starts[k + 1] - 1 for k in _blank(lines) if starts[k + 1] > starts[k]]
    else:
        ends = _blank(texts)
    while ends and ends[-1] >= len(w) - 1:
        ends.pop()
    return ends


def _blank(texts: Sequence[str]) -> list[int]:
    """The texts whose trailing white space holds a blank line."""
    blank = map((2).__le__, map(str.count, texts, repeat("\n")))  # only white space holds \n
    found = list(compress(range(len(texts)), blank))  # all in C
    if found and found[0] == 0:  # the first text may start with white space of its own
        first = texts[0]
        if first[len(first.rstrip()) :].count("\n") < 2:
            found.pop(0)
    return found


def find_breaks(diff: Diff) -> Diff:
    """The diff with each paragraph break added or removed between shared words
    as a segment of its own (see the module's notes)."""
    segments = diff.segments
    ends_a, ends_b = paragraph_ends(diff.a), paragraph_ends(diff.b)
    if not (ends_a or ends_b):
        return diff
    same = Op.EQUAL
    equal = [k for k, op in enumerate(map(attrgetter("op"), segments)) if op is same]
    runs = [segments[k] for k in equal]  # the equal runs; equal[n] is where run n stands
    # Where each segment is cut, and the breaks that stand at each cut, by segment.
    cuts: dict[int, list[tuple[int, int, Op]]] = {}
    # By equal run n: the breaks of each side between its last pair and the next run's first.
    zones: dict[int, tuple[list[int], list[int]]] = {}
    for side, ends, other in ((0, ends_a, set(ends_b)), (1, ends_b, set(ends_a))):
        starts = [s.b_start if side else s.a_start for s in runs]
        lasts = [(s.b_end if side else s.a_end) - 1 for s in runs]  # each run's last pair
        shifts = [(s.a_start - s.b_start) * (1 if side else -1) for s in runs]  # to the other side
        op = Op.INSERT if side else Op.DELETE
        for i, n in zip(ends, map(bisect_right, repeat(starts), ends), strict=True):
            if not n:
                continue  # before the first pair of shared words
            n -= 1
            if i < lasts[n]:  # between two pairs of one run
                j = i + shifts[n]
                if j not in other:
                    cuts.setdefault(equal[n], []).append(
                        (j + 1, i + 1, op) if side else (i + 1, j + 1, op)
                    )
            elif n + 1 < len(runs):  # after the run's last pair, before the next run
                zones.setdefault(n, ([], []))[side].append(i)
    for n, (zone_a, zone_b) in zones.items():
        if bool(zone_a) != bool(zone_b):  # one side breaks between the two pairs, the other not
            _zone(segments, equal[n], equal[n + 1], zone_a, zone_b, cuts)
    if not cuts:
        return diff
    out: list[Segment] = []
    done = 0
    for k in sorted(cuts):
        out.extend(segments[done:k])
        out.extend(_cut(segments[k], sorted(cuts[k])))
        done = k + 1
    out.extend(segments[done:])
    return Diff(diff.a, diff.b, tuple(out), diff.moves)


def _zone(
    segments: tuple[Segment, ...],
    first: int,
    last: int,
    zone_a: list[int],
    zone_b: list[int],
    cuts: dict[int, list[tuple[int, int, Op]]],
) -> None:
    """The breaks of one side between two equal runs (segments ``first`` and ``last``),
    each given to the segment it ends in: the equal run (its last pair) or a change.

    A zone that holds a break already (a diff whose breaks were found) is left."""
    if any(segments[k].is_break for k in range(first + 1, last)):
        return
    op = Op.DELETE if zone_a else Op.INSERT
    for i in zone_a or zone_b:
        for k in range(first, last):
            s = segments[k]
            start, end = (s.a_start, s.a_end) if zone_a else (s.b_start, s.b_end)
            if start <= i < end:  # the other side's tokens stay before the break
                at_a, at_b = (i + 1, s.b_end) if zone_a else (s.a_end, i + 1)
                cuts.setdefault(k, []).append((at_a, at_b, op))
                break


def _cut(s: Segment, breaks: list[tuple[int, int, Op]]) -> list[Segment]:
    """A segment cut at its breaks (``(a, b, op)``: a break after ``a[a - 1]`` and
    ``b[b - 1]``), each break a segment of its own where it stands.

    An equal run is cut on both sides alike; a change is cut on the side that
    has the break, the other side's tokens staying with the first piece.

    >>> [(x.op.value, x.a_start, x.a_end, x.b_start, x.b_end)
    ...  for x in _cut(Segment(Op.REPLACE, 0, 2, 0, 3), [(2, 1, Op.INSERT)])]
    [('replace', 0, 2, 0, 1), ('insert', 2, 2, 1, 1), ('insert', 2, 2, 1, 3)]
    """
    out: list[Segment] = []
    a, b = s.a_start, s.b_start
    for at_a, at_b, op in breaks:
        if (at_a, at_b) != (a, b):
            out.append(_piece(s.op, a, at_a, b, at_b))
        out.append(Segment(op, at_a, at_a, at_b, at_b))
        a, b = at_a, at_b
    if (a, b) != (s.a_end, s.b_end):
        out.append(_piece(s.op, a, s.a_end, b, s.b_end))
    return out


def _piece(op: Op, a_start: int, a_end: int, b_start: int, b_end: int) -> Segment:
    """A piece of a cut segment: still equal, or the change its sides make now."""
    if op is not Op.EQUAL:
        if a_start == a_end:
            op = Op.INSERT
        elif b_start == b_end:
            op = Op.DELETE
        else:
            op = Op.REPLACE
    return Segment(op, a_start, a_end, b_start, b_end)

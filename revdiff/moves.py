"""Transpositions: a passage deleted in one place and inserted in another.

An aligner sees only order, so a passage that moved reads as a deletion
here and an unrelated insertion there. :func:`find_moves` pairs them: every
run of at least ``min_words`` words that A loses in one change and B gains,
with the same keys, in another is a :class:`~revdiff.model.Move`. The changes
are cut at the moved passage's ends, so that each move is a whole deletion
and a whole insertion of the diff, and a renderer can mark both places.

The longest passages are paired first; a token belongs to one move at most.
Words are tokens with a letter or digit in their key; punctuation inside a
passage moves with it but does not count towards its length.

>>> from revdiff.align import diff
>>> from revdiff.tokenize import plain_witness
>>> a = plain_witness("the black cat sat on the mat today", "a", "a")
>>> b = plain_witness("today the black cat sat on the mat", "b", "b")
>>> d = diff(a, b)
>>> [s.op.value for s in d.segments]
['insert', 'equal', 'delete']
>>> find_moves(d, 1).moves
(Move(a_start=7, a_end=8, b_start=0, b_end=1),)
>>> find_moves(d, 2).moves
()
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .model import Diff, Move, Op, Segment

__all__ = ["find_moves", "transpositions", "words"]

# A passage that occurs more often than this among the insertions is too
# common to say where it moved from (and would make the search quadratic).
_MAX_CANDIDATES = 64


def words(keys: tuple[str, ...]) -> int:
    """How many of the keys are words (hold a letter or digit).

    >>> words(("the", ",", "cat", "—"))
    2
    """
    return sum(1 for k in keys if any(c.isalnum() for c in k))


def find_moves(diff: Diff, min_words: int) -> Diff:
    """The diff with its transpositions of ``min_words`` words or more found (0: none)."""
    if min_words <= 0:
        return diff if not diff.moves else Diff(diff.a, diff.b, diff.segments)
    a_keys, b_keys = tuple(diff.a.keys), tuple(diff.b.keys)  # looked up one by one
    segments, moves = transpositions(a_keys, b_keys, diff.segments, min_words)
    return Diff(diff.a, diff.b, segments, moves)


def transpositions(
    a_keys: Sequence[str], b_keys: Sequence[str], segments: Sequence[Segment], min_words: int
) -> tuple[tuple[Segment, ...], tuple[Move, ...]]:
    """The moves of ``min_words`` words or more between two key sequences aligned by
    ``segments``, and the segments cut so that each moved passage is a whole deletion
    and a whole insertion (what :func:`find_moves` does to a diff; the collation uses it
    on a witness and the table it joins)."""
    if min_words <= 0:
        return tuple(segments), ()
    deleted = [
        (s.a_start, s.a_end) for s in segments if s.a_start < s.a_end and s.op is not Op.EQUAL
    ]
    inserted = [
        (s.b_start, s.b_end) for s in segments if s.b_start < s.b_end and s.op is not Op.EQUAL
    ]
    seed = min_words
    b_run_end: dict[int, int] = {}
    grams: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for start, end in inserted:
        for j in range(start, end - seed + 1):
            b_run_end[j] = end
            grams[tuple(b_keys[j : j + seed])].append(j)
    b_run_start = {j: start for start, end in inserted for j in range(start, end)}
    candidates: list[tuple[int, int, int, int]] = []  # (-words, a_start, b_start, length)
    for start, end in deleted:
        for i in range(start, end - seed + 1):
            found = grams.get(tuple(a_keys[i : i + seed]))
            if not found or len(found) > _MAX_CANDIDATES:
                continue
            for j in found:
                # Only maximal matches: one that could start a token earlier is found there.
                if i > start and j > b_run_start[j] and a_keys[i - 1] == b_keys[j - 1]:
                    continue
                n = seed
                while i + n < end and j + n < b_run_end[j] and a_keys[i + n] == b_keys[j + n]:
                    n += 1
                w = words(tuple(a_keys[i : i + n]))
                if w >= min_words:
                    candidates.append((-w, i, j, n))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    moves: list[Move] = []
    for _, i, j, n in candidates:
        if any(k in used_a for k in range(i, i + n)) or any(k in used_b for k in range(j, j + n)):
            continue
        used_a.update(range(i, i + n))
        used_b.update(range(j, j + n))
        moves.append(Move(i, i + n, j, j + n))
    if not moves:
        return tuple(segments), ()
    moves.sort(key=lambda m: (m.a_start, m.b_start))
    return _cut(segments, moves), tuple(moves)


def _pieces(start: int, end: int, cuts: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """``[start, end)`` cut at the moved ranges inside it: (start, end, moved)."""
    out: list[tuple[int, int, bool]] = []
    at = start
    for c0, c1 in cuts:
        if c1 <= start or c0 >= end:
            continue
        if at < c0:
            out.append((at, c0, False))
        out.append((c0, c1, True))
        at = c1
    if at < end:
        out.append((at, end, False))
    return out


def _cut(segments: Sequence[Segment], moves: list[Move]) -> tuple[Segment, ...]:
    """Split each change so that every moved passage is a whole deletion or insertion."""
    a_cuts = sorted((m.a_start, m.a_end) for m in moves)
    b_cuts = sorted((m.b_start, m.b_end) for m in moves)
    out: list[Segment] = []
    for s in segments:
        if s.op is Op.EQUAL:
            out.append(s)
            continue
        a_pieces = _pieces(s.a_start, s.a_end, a_cuts)
        b_pieces = _pieces(s.b_start, s.b_end, b_cuts)
        if all(not moved for *_, moved in a_pieces + b_pieces):
            out.append(s)
            continue
        # A's pieces first, then B's; an unmoved end of A's side and an unmoved
        # start of B's side stay one replacement.
        pair = a_pieces and b_pieces and not a_pieces[-1][2] and not b_pieces[0][2]
        for k, (a0, a1, _) in enumerate(a_pieces):
            if pair and k == len(a_pieces) - 1:
                b0, b1, _ = b_pieces[0]
                out.append(Segment(Op.REPLACE, a0, a1, b0, b1))
            else:
                out.append(Segment(Op.DELETE, a0, a1, s.b_start, s.b_start))
        for k, (b0, b1, _) in enumerate(b_pieces):
            if pair and k == 0:
                continue
            out.append(Segment(Op.INSERT, s.a_end, s.a_end, b0, b1))
    return tuple(out)

"""Choosing among alignments that are all minimal: a change slid along repeated words.

Aligning ``x of of y`` with ``x of y`` may delete either ``of``; diff-match-patch
takes one, and both are right as far as the words go. Where the caller knows
which tokens a change should cover (the words a revision struck, say),
:func:`slide` moves each pure deletion or insertion along the run of words
that repeat around it, to where it covers the most of them.

>>> from revdiff.model import Op, Segment
>>> keys_a, keys_b = ["x", "of", "of", "y"], ["x", "of", "y"]
>>> segments = (Segment(Op.EQUAL, 0, 2, 0, 2), Segment(Op.DELETE, 2, 3, 2, 2), Segment(Op.EQUAL, 3, 4, 2, 3))
>>> [(s.op.value, s.a_start, s.a_end) for s in slide(segments, keys_a, keys_b, [False, True, False, False])]
[('equal', 0, 1), ('delete', 1, 2), ('equal', 2, 4)]
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Op, Segment

__all__ = ["slide"]


def slide(
    segments: Sequence[Segment],
    a_keys: Sequence[str],
    b_keys: Sequence[str],
    a_prefer: Sequence[bool],
    b_prefer: Sequence[bool] | None = None,
) -> tuple[Segment, ...]:
    """Each pure deletion (insertion) slid along the repeated words around it, to where it
    covers the most tokens that ``a_prefer`` (``b_prefer``) marks; on a tie it stays.

    An alignment of ``x of of y`` with ``x of y`` may delete either ``of``:
    both are minimal, and only the caller knows which one was meant.
    """
    ops = [s.op for s in segments]
    rows = [[s.a_start, s.a_end, s.b_start, s.b_end] for s in segments]
    k = -1
    while k + 1 < len(rows):
        k += 1
        if ops[k] is Op.DELETE:
            own, keys, prefer = 0, a_keys, a_prefer  # where in a row the changed side is
        elif ops[k] is Op.INSERT and b_prefer is not None:
            own, keys, prefer = 2, b_keys, b_prefer
        else:
            continue
        other = 2 - own
        start, end, point = rows[k][own], rows[k][own + 1], rows[k][other]
        before = rows[k - 1] if k and ops[k - 1] is Op.EQUAL else None
        after = rows[k + 1] if k + 1 < len(rows) and ops[k + 1] is Op.EQUAL else None
        here = sum(prefer[start:end])
        best, shift = here, 0
        if before is not None:  # left, while the word before it repeats its last word
            score, n = here, 0
            while start - n > before[own] and keys[start - n - 1] == keys[end - n - 1]:
                n += 1
                score += prefer[start - n] - prefer[end - n]
                if score > best:
                    best, shift = score, -n
        if after is not None:  # right, while the word after it repeats its first word
            score, n = here, 0
            while end + n < after[own + 1] and keys[start + n] == keys[end + n]:
                n += 1
                score += prefer[end + n - 1] - prefer[start + n - 1]
                if score > best:
                    best, shift = score, n
        if not shift:
            continue
        rows[k] = [x + shift for x in rows[k]]
        # The equal runs around give or take as many tokens, on both sides; the
        # words the change left at the start or end become an equal run.
        if before is not None:
            before[1] += shift
            before[3] += shift
        elif shift > 0:
            gap = [0, 0, 0, 0]
            gap[own], gap[own + 1], gap[other], gap[other + 1] = (
                start,
                start + shift,
                point,
                point + shift,
            )
            rows.insert(k, gap)
            ops.insert(k, Op.EQUAL)
            k += 1
        if after is not None:
            after[0] += shift
            after[2] += shift
        elif shift < 0:
            gap = [0, 0, 0, 0]
            gap[own], gap[own + 1], gap[other], gap[other + 1] = (
                end + shift,
                end,
                point + shift,
                point,
            )
            rows.insert(k + 1, gap)
            ops.insert(k + 1, Op.EQUAL)
    return tuple(
        Segment(op, a0, a1, b0, b1)
        for op, (a0, a1, b0, b1) in zip(ops, rows, strict=True)
        if op is not Op.EQUAL or a1 > a0
    )

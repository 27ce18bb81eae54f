"""Diffs: two witnesses and the segments that align them (made by :func:`revdiff.align.diff`).

The ``a`` sides of a :class:`Diff`'s segments (:class:`Segment`), joined, rebuild its
``a`` witness, the ``b`` sides its ``b``; a :class:`Move` is a passage that
changed place (:func:`revdiff.moves.find_moves`). A change that holds no
token on either side is a paragraph break added (``insert``) or removed
(``delete``) between words both witnesses share (:func:`revdiff.breaks.find_breaks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum

from .witness import Witness

__all__ = ["Op", "Segment", "Stats", "Diff", "Move"]


class Op(StrEnum):
    """What a segment of a diff does: the names of difflib's opcodes."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"
    REPLACE = "replace"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of tokens: ``a[a_start:a_end]`` stands against ``b[b_start:b_end]``.

    A change with no tokens on either side is a break (:attr:`is_break`): B
    has a paragraph break there that A has not (``insert``), or A one that B
    has not (``delete``), after ``a[a_start - 1]`` and ``b[b_start - 1]``.
    """

    op: Op
    a_start: int
    a_end: int
    b_start: int
    b_end: int

    @property
    def is_break(self) -> bool:
        """Whether this is a paragraph break added or removed, holding no token.

        >>> Segment(Op.INSERT, 3, 3, 4, 4).is_break, Segment(Op.EQUAL, 3, 3, 4, 4).is_break
        (True, False)
        """
        return self.a_start == self.a_end and self.b_start == self.b_end and self.op is not Op.EQUAL


@dataclass(frozen=True, slots=True)
class Stats:
    equal: int = 0
    deletions: int = 0
    insertions: int = 0
    replacements: int = 0
    tokens_a: int = 0
    tokens_b: int = 0
    tokens_deleted: int = 0
    tokens_inserted: int = 0
    normalized: int = 0
    breaks_added: int = 0  # paragraph breaks B has between shared words and A has not
    breaks_removed: int = 0

    @property
    def changes(self) -> int:
        """Every change: deletions, insertions, replacements and the breaks added or removed."""
        return (
            self.deletions
            + self.insertions
            + self.replacements
            + self.breaks_added
            + self.breaks_removed
        )

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class Diff:
    """Two witnesses and the segments that align them, in order.

    The ``a`` sides of the segments, joined, rebuild ``a.text``; the ``b``
    sides rebuild ``b.text``.
    """

    a: Witness
    b: Witness
    segments: tuple[Segment, ...] = field(default=())
    moves: tuple[Move, ...] = ()

    def a_text(self, segment: Segment) -> str:
        return self.a.span(segment.a_start, segment.a_end)

    def b_text(self, segment: Segment) -> str:
        return self.b.span(segment.b_start, segment.b_end)

    @property
    def changed(self) -> bool:
        return any(s.op is not Op.EQUAL for s in self.segments)

    def texts(self) -> list[tuple[str, str]]:
        """The a and b texts of each segment, in order."""
        a = self.a.spans([(s.a_start, s.a_end) for s in self.segments])
        b = self.b.spans([(s.b_start, s.b_end) for s in self.segments])
        return list(zip(a, b, strict=True))

    def stats(self, texts: Sequence[tuple[str, str]] | None = None) -> Stats:
        """Counts of segments and tokens; ``texts``, if given, are :meth:`texts`."""
        segments, equal = self.segments, Op.EQUAL
        ops = [s.op for s in segments]
        changes = [s for s in segments if s.op is not equal]
        breaks = [s.op for s in changes if s.a_start == s.a_end and s.b_start == s.b_end]
        normalized = 0
        # An equal run spelled the same on both sides (most are, some with
        # other white space) has no word made equal by a normalization: its
        # texts, then their words, compare in C.
        for s, (a_text, b_text) in zip(segments, texts or self.texts(), strict=True):
            if s.op is equal and a_text != b_text and not _same_words(a_text, b_text):
                a_run = self.a.texts[s.a_start : s.a_end]
                b_run = self.b.texts[s.b_start : s.b_end]
                normalized += sum(map(str.__ne__, map(str.rstrip, a_run), map(str.rstrip, b_run)))
        return Stats(
            equal=ops.count(Op.EQUAL),
            deletions=ops.count(Op.DELETE) - breaks.count(Op.DELETE),
            insertions=ops.count(Op.INSERT) - breaks.count(Op.INSERT),
            replacements=ops.count(Op.REPLACE),
            tokens_a=len(self.a),
            tokens_b=len(self.b),
            tokens_deleted=sum(s.a_end - s.a_start for s in changes),
            tokens_inserted=sum(s.b_end - s.b_start for s in changes),
            normalized=normalized,
            breaks_added=breaks.count(Op.INSERT),
            breaks_removed=breaks.count(Op.DELETE),
        )


def _same_words(a: str, b: str) -> bool:
    """Whether two texts differ in white space only, within and after their tokens.

    Tokens end in their white space, so equal words (and equal leading white
    space) mean equal tokens but for the white space they end in.

    >>> _same_words("a b\\n", "a  b "), _same_words(" a", "a"), _same_words("ab", "a b")
    (True, False, False)
    """
    lead_a, lead_b = a[: len(a) - len(a.lstrip())], b[: len(b) - len(b.lstrip())]
    return lead_a == lead_b and a.split() == b.split()


@dataclass(frozen=True, slots=True)
class Move:
    """A transposition: ``a[a_start:a_end]`` left its place and stands as ``b[b_start:b_end]``.

    Both ranges hold the same keys; in the diff's segments the a range is a
    deletion (or part of one) and the b range an insertion.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int

"""Two token streams to a :class:`~revdiff.model.Diff`; the only user of diff-match-patch.

How two sequences of keys are aligned, fast at every size and never
dependent on a time-out:

1. The common prefix and suffix are trimmed (by halving, comparing tuple
   slices of keys, in C).
2. What is left, when it is small (a page: at most :data:`DIRECT_LIMIT`
   tokens on the two sides together), goes to diff-match-patch whole: each
   distinct key mapped to one code point (the library's own recipe for word
   diffs), its time-out switched off, so Myers' algorithm, a minimal diff.
3. A longer middle is first cut at *anchors*, patience-diff style: the keys
   that occur exactly once on each side, and of those the longest run that
   is in the same order on both sides (a longest increasing subsequence).
   Each stretch between two anchors is aligned the same way, from step 1,
   with its own unique keys. A long stretch with no unique key (characters,
   with ``--by char``) is anchored on runs of 8 or 32 keys unique to both
   sides instead (:func:`_gram_anchors`); one with neither (a text repeated
   many times over) on the keys that occur equally often on both sides, the
   k-th occurrence with the k-th, rarest keys first, as in histogram diff
   (:func:`_rank_anchors`). A long stretch with no anchor at any level is
   aligned in windows of at most :data:`WINDOW` tokens
   (:func:`_window_blocks`), so that no stretch costs more than its length
   times the window; a short one goes to diff-match-patch whole. Unique
   keys left out of the longest run in order cross some of its anchors (a
   passage moved); where such a crossing spans at most
   :data:`DIRECT_LIMIT` tokens, the anchors inside it are dropped and the
   stretch is aligned whole (:func:`uncrossed`), so that the run, which
   counts rare keys and not tokens, does not keep the shorter side of a
   swap.
4. A semantic clean-up merges a zigzag of small edits into one replacement,
   so that a rewritten phrase reads as one change
   (:func:`merge_small_equalities`; :func:`align_raw` is the alignment
   before it).

Two long plain texts (keys held by line, :class:`~revdiff.model.LineKeys`,
more than :data:`DIRECT_LIMIT` tokens) are first compared a line at a time,
as git's word diff does (:func:`line_blocks`): the lines both share are
matched as whole strings, by steps 1 and 3 over lines (:func:`_line_anchors`),
and only the words of the lines between them go through the steps above.
The lines only propose anchors; the words confirm them. A small crossing of
lines is left to the words as in step 3, and so is one the lines cannot see:
where a word unique among the words between the shared lines stands before
a shared line on one side and after it on the other (a sentence that moved
past it and was edited, or lines wrapped again around it), the stretch
around them, up to :data:`DIRECT_LIMIT` tokens, is aligned word by word as a
whole (:func:`_crossed_stretches`). So texts wrapped on their own (each
edit moves the line ends after it) align as their words alone do.

Where fast-diff-match-patch (the C++ build of the same library) is installed
(``pip install 'revdiff[fast]'``), it diffs the stretches instead: the same
segments (the tests compare the two on random inputs and on the benchmark's
texts), a fifth to a third less time aligning. Where revdiff's own C loops
are built (:data:`engines.speedups`), the unique keys, their longest run in order and
the common ends of two stretches of lines are found in C, with the same
results.

The aligner sees keys only, as plain strings: no per-token object is made,
and a token's provenance (its origin in a TEI source) stays in the witness,
to be looked up by index once the segments are known. Counting and slicing
are C loops over the key tuples; Python code runs per anchor and per
stretch, not per token, and memory beyond the inputs is a few slices and
the code strings of the stretches diff-match-patch sees.

Minimality. Steps 1 and 2 are exact: a diff-match-patch diff without a
time-out deletes and inserts as few tokens as possible, and trimming a common
prefix or suffix never costs an edit. Anchoring (step 3) is exact whenever
every token the two sides share is unique on each side (the longest
increasing subsequence of the matches *is* then the longest common
subsequence), but not in general: a unique token can pull the alignment
away from a longer run of repeated ones. With ``a = X y y y`` and
``b = y y y X`` anchoring on ``X`` costs 6 edits where 2 suffice. Such a
pair is only anchored when it is longer than :data:`DIRECT_LIMIT` tokens,
so a page is always aligned minimally; on long texts the anchors are rare
words in the same order on both sides, which in practice lie on a minimal
path (the benchmark, ``benchmarks/run.py``, shows the edit counts equal to
git's word diff on texts of up to a million words, and on texts laid out
four ways, wrapped with hyphens among them, equal to a minimal diff of their
words, diff-match-patch's without anchors). The tests compare the edit
counts with a longest-common-subsequence reference on random inputs, and
with diff-match-patch's minimal diff on long texts laid out those ways.

Two more places where minimality can be lost, both only in a stretch longer
than :data:`DIRECT_LIMIT` that has no unique key and no unique run of keys:
an anchor pairing the k-th occurrence of a key on each side is wrong where
one occurrence was lost before it and another gained after it (the longest
increasing subsequence outvotes such a key when other keys disagree with
it); and a stretch with no anchor at all is diffed window by window, which
loses every equal run that would cross a window's edge (two texts with
almost nothing in common, or with no key equally common on both sides).
Both are deterministic and rebuild both sides, which the tests check.

>>> from revdiff.tokenize import plain_witness
>>> a = plain_witness("не сбегут от нас в случае", "a", "a")
>>> b = plain_witness("не сбегут от коммунистов в случае", "b", "b")
>>> [(s.op.value, d.a_text(s), d.b_text(s)) for d in [diff(a, b)] for s in d.segments]
[('equal', 'не сбегут от ', 'не сбегут от '), ('replace', 'нас ', 'коммунистов '), ('equal', 'в случае', 'в случае')]
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import ModuleType

from ..model import Diff, LineKeys, Op, Segment, Witness
from . import engines
from .anchors import WINDOW, matching_blocks
from .cleanup import merge_small_equalities
from .engines import Codes, equal_blocks, join_blocks, new_engine, to_segments
from .lines import line_blocks

__all__ = [
    "diff",
    "align",
    "align_raw",
    "align_codes",
    "Codes",
    "refine",
    "merge_small_equalities",
    "DIRECT_LIMIT",
    "WINDOW",
]

DIRECT_LIMIT = 4096
"""Up to this many tokens (both sides), a stretch is diffed whole: minimal, no anchors."""


def align(a: Sequence[str], b: Sequence[str]) -> tuple[Segment, ...]:
    """Segments aligning two sequences of keys, equal runs and changes in order.

    >>> [(s.op.value, s.a_start, s.a_end, s.b_start, s.b_end) for s in align("abc", "axc")]
    [('equal', 0, 1, 0, 1), ('replace', 1, 2, 1, 2), ('equal', 2, 3, 2, 3)]
    """
    return merge_small_equalities(align_raw(a, b))


def align_raw(
    a: Sequence[str], b: Sequence[str], *, direct_limit: int = DIRECT_LIMIT
) -> tuple[Segment, ...]:
    """The alignment before any clean-up: minimal up to ``direct_limit`` tokens.

    Longer inputs are cut at anchors first (see the module's notes on
    minimality); ``direct_limit=0`` anchors at every size, which the tests use.

    >>> [s.op.value for s in align_raw("x y y y".split(), "y y y x".split())]
    ['delete', 'equal', 'insert']
    >>> [s.op.value for s in align_raw("x y y y".split(), "y y y x".split(), direct_limit=0)]
    ['insert', 'equal', 'delete']
    """
    codes = Codes()
    code = codes.__getitem__
    if isinstance(a, LineKeys) and isinstance(b, LineKeys) and len(a) + len(b) > direct_limit:
        return to_segments(line_blocks(a, b, codes, direct_limit), len(a), len(b))
    a, b = tuple(a), tuple(b)  # slices of one type compare (a tuple of a tuple: no copy)
    return to_segments(matching_blocks(a, b, code, direct_limit), len(a), len(b))


def align_codes(a: str, b: str, *, direct_limit: int = DIRECT_LIMIT) -> tuple[Segment, ...]:
    """:func:`align_raw` of two sequences of keys given as code points, one character a key,
    both coded by one :class:`Codes` (``"".join(map(codes.__getitem__, keys))``).

    For a caller that aligns the same keys many times (a collation aligns each
    witness with its growing table): the keys are coded once, and the
    aligner slices and counts strings. The segments are those of
    :func:`align_raw` on the keys, but for one choice: a stretch of more than
    a million tokens with no unique key samples its runs by code point, so
    which of them anchor it follows the coding.

    >>> codes = Codes()
    >>> a, b = ("".join(map(codes.__getitem__, t.split())) for t in ("x y y y", "y y y x"))
    >>> align_codes(a, b) == align_raw("x y y y".split(), "y y y x".split())
    True
    """
    blocks = matching_blocks(a, b, Codes().__getitem__, direct_limit)  # coded already: unused
    return to_segments(blocks, len(a), len(b))


def diff(a: Witness, b: Witness) -> Diff:
    """Align two witnesses on their keys; provenance stays with the witnesses.

    The clean-up (:func:`merge_small_equalities`) reads the witnesses'
    surfaces: a word broken by a hyphen at a line's end is one word.

    >>> from revdiff.tokenize import plain_witness
    >>> diff(plain_witness("a b", "a", "a"), plain_witness("a c", "b", "b")).stats().changes
    1
    """
    segments = merge_small_equalities(align_raw(a.keys, b.keys), a, b)
    return Diff(a, b, segments)


def refine(a: str, b: str) -> list[tuple[Op, str, str]]:
    """A character-level diff of two short texts, for showing how a replaced word differs.

    >>> refine("Объясняем", "Об'ясняем")
    [(<Op.EQUAL: 'equal'>, 'Об', 'Об'), (<Op.REPLACE: 'replace'>, 'ъ', "'"), (<Op.EQUAL: 'equal'>, 'ясняем', 'ясняем')]
    """
    dmp = new_engine()
    edits = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(edits)
    return [
        (s.op, a[s.a_start : s.a_end], b[s.b_start : s.b_end])
        for s in to_segments(join_blocks(equal_blocks(edits)), len(a), len(b))
    ]


class _Package(ModuleType):
    """The package's module, whose two engine switches are those of :mod:`.engines`.

    ``revdiff.align.accelerator = None`` and ``revdiff.align.speedups = None``
    turn the engines off, as they did when the aligner was one module: the
    functions of the submodules read the switches of :mod:`.engines` at each
    call, so the package hands the two names on to it, for reading and setting.
    """

    @property
    def accelerator(self) -> object:
        return engines.accelerator

    @accelerator.setter
    def accelerator(self, value: object) -> None:
        engines.accelerator = value

    @property
    def speedups(self) -> object:
        return engines.speedups

    @speedups.setter
    def speedups(self, value: object) -> None:
        engines.speedups = value  # type: ignore[assignment]  # a module, or None


sys.modules[__name__].__class__ = _Package

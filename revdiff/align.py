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
   stretch is aligned whole (:func:`_uncrossed`), so that the run, which
   counts rare keys and not tokens, does not keep the shorter side of a
   swap.
4. A semantic clean-up merges a zigzag of small edits into one replacement,
   so that a rewritten phrase reads as one change
   (:func:`merge_small_equalities`; :func:`align_raw` is the alignment
   before it).

Two long plain texts (keys held by line, :class:`~revdiff.model.LineKeys`,
more than :data:`DIRECT_LIMIT` tokens) are first compared a line at a time,
as git's word diff does (:func:`_line_blocks`): the lines both share are
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
are built (:data:`speedups`), the unique keys, their longest run in order and
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

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from itertools import accumulate, chain, compress, count
from operator import and_, ne, not_, sub

from diff_match_patch import diff_match_patch

from .errors import RevdiffError
from .model import Diff, LineKeys, LineTokens, Op, Segment, Witness

__all__ = [
    "diff",
    "align",
    "align_raw",
    "refine",
    "merge_small_equalities",
    "DIRECT_LIMIT",
    "WINDOW",
]

_DELETE, _EQUAL, _INSERT = (
    diff_match_patch.DIFF_DELETE,
    diff_match_patch.DIFF_EQUAL,
    diff_match_patch.DIFF_INSERT,
)
_SURROGATES = range(0xD800, 0xE000)
_MAX_KEYS = 0x110000 - len(_SURROGATES) - 1

DIRECT_LIMIT = 4096
"""Up to this many tokens (both sides), a stretch is diffed whole: minimal, no anchors."""

# A matching block: a[i : i + n] equals b[j : j + n], as (i, j, n).
_Block = tuple[int, int, int]


def _engine() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # never let the machine's speed decide the diff
    return dmp


_ENGINE = _engine()  # holds settings only: one serves every call

try:
    # Optional (pip install 'revdiff[fast]'): the C++ build of the same
    # library, several times faster. Its diffs are the same, which the tests
    # check on random inputs; set this to None for the pure-Python path.
    import fast_diff_match_patch as accelerator
except ImportError:  # pragma: no cover - the pure-Python path
    accelerator = None

try:
    # Optional: revdiff's own loops in C (setup.py builds them where it can):
    # _unique_pairs and _longest_increasing, with the same results, which the
    # tests check; set this to None for the Python below.
    from . import _speedups as speedups
except ImportError:  # pragma: no cover - no C compiler where revdiff was installed
    speedups = None  # type: ignore[assignment]


class _Codes(dict[str, str]):
    """Key to code point, the next free one given to each new key (surrogates skipped).

    Its ``__getitem__`` is a dict lookup in C; Python runs once per distinct key.

    >>> code = _Codes().__getitem__
    >>> "".join(map(code, ["x", "y", "x"])), "".join(map(code, ["y", "z"]))
    ('\\x01\\x02\\x01', '\\x02\\x03')
    """

    __slots__ = ()

    def __missing__(self, key: str) -> str:
        n = len(self) + 1
        if n >= _SURROGATES.start:
            n += len(_SURROGATES)
        if n > 0x10FFFF:
            raise RevdiffError(f"too many distinct tokens to align (more than {_MAX_KEYS})")
        code = self[key] = chr(n)
        return code


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
    codes = _Codes()
    code = codes.__getitem__
    if isinstance(a, LineKeys) and isinstance(b, LineKeys) and len(a) + len(b) > direct_limit:
        return _segments(_line_blocks(a, b, codes, direct_limit), len(a), len(b))
    a, b = tuple(a), tuple(b)  # slices of one type compare (a tuple of a tuple: no copy)
    return _segments(_matching_blocks(a, b, code, direct_limit), len(a), len(b))


def _line_blocks(a: LineKeys, b: LineKeys, codes: _Codes, direct_limit: int) -> list[_Block]:
    """Blocks of equal keys of two texts held by line: lines first, then words.

    As git's word diff does: the lines the two texts share are matched as
    whole strings (:func:`_line_anchors`), and only the words of the lines
    between them are compared, as :func:`_matching_blocks` compares any two
    sequences of keys. A line's words are never looked at when it stands
    unchanged on both sides; of the lines between, the common ends are found
    first (in C, where built) and only the words between them are split,
    straight into code points (:func:`_token_codes`).

    The lines only propose: where the words between them cross a shared
    line (a word unique among those words stands before it on one side and
    after it on the other, as when a sentence that was also edited moved
    past it), the stretch around the crossing, when it holds at most
    ``direct_limit`` tokens, is aligned word by word as a whole
    (:func:`_crossed_stretches`), so that a short shared line does not cost
    a longer passage that moved past it.
    """
    starts_a, starts_b = a.surfaces.starts, b.surfaces.starts

    def tokens(x: int, p: int, y: int, q: int) -> int:  # in lines x..p and y..q
        return starts_a[p] - starts_a[x] + starts_b[q] - starts_b[y]

    anchors = _line_anchors(a.surfaces.lines, b.surfaces.lines, tokens, direct_limit)
    anchors.append((len(a.surfaces.lines), len(b.surfaces.lines), 0))
    # The lines between two anchors (on one side or both): a stretch, and
    # which anchor follows it.
    stretches: list[tuple[int, int, int, int]] = []
    after: list[int] = []
    x = y = 0  # the first line after the last anchor, on each side
    for k, (p, q, n) in enumerate(anchors):
        if x < p or y < q:
            stretches.append((x, p, y, q))
            after.append(k)
        x, y = p + n, q + n
    middles = _stretch_middles(a, b, stretches, codes, direct_limit)
    merged = _crossed_stretches(middles, stretches, tokens, direct_limit)
    blocks: list[_Block] = []
    dropped = bytearray(len(anchors))  # anchors inside a stretch aligned whole
    for first, last in merged:
        dropped[after[first] : after[last]] = b"\x01" * (after[last] - after[first])
        i, j = starts_a[stretches[first][0]], starts_b[stretches[first][2]]
        p, q = stretches[last][1], stretches[last][3]
        (whole_a,) = _token_codes(a, [(i, starts_a[p])], codes)
        (whole_b,) = _token_codes(b, [(j, starts_b[q])], codes)
        prefix = _common_prefix(whole_a, whole_b)
        suffix = _common_suffix(whole_a[prefix:], whole_b[prefix:])
        middle_a = whole_a[prefix : len(whole_a) - suffix]
        middles[first] = (i, j, prefix, suffix, middle_a, whole_b[prefix : len(whole_b) - suffix])
        middles[first + 1 : last + 1] = [None] * (last - first)
    for p, q, n in compress(anchors, map(not_, dropped)):
        if n:
            i, j = starts_a[p], starts_b[q]
            blocks.append((i, j, starts_a[p + n] - i))
    code = codes.__getitem__
    for middle in middles:
        if middle is None:
            continue
        i, j, prefix, suffix, codes_a, codes_b = middle
        if prefix:
            blocks.append((i, j, prefix))
        if suffix:
            at_a, at_b = i + prefix + len(codes_a), j + prefix + len(codes_b)
            blocks.append((at_a, at_b, suffix))
        if not codes_a or not codes_b or len(codes_a) + len(codes_b) == 2:
            continue  # one key against one differs: the ends are trimmed
        if len(codes_a) + len(codes_b) <= direct_limit:  # as _matching_blocks would
            blocks.extend(_dmp_blocks(codes_a, codes_b, i + prefix, j + prefix, code))
        else:
            found = _matching_blocks(codes_a, codes_b, code, direct_limit)
            blocks.extend((i + prefix + u, j + prefix + v, m) for u, v, m in found)
    return _join_blocks(blocks)


# A stretch's words past its common ends: where its tokens start on each
# side, how many it shares at its start and at its end, and the code points
# of the keys between (a str, a code point a token).
_Middle = tuple[int, int, int, int, str, str]


def _stretch_middles(
    a: LineKeys,
    b: LineKeys,
    stretches: list[tuple[int, int, int, int]],
    codes: _Codes,
    limit: int,
) -> list[_Middle | None]:
    """The words of each stretch (lines x..p of a and y..q of b), past their common ends.

    The common ends are found token by token in C where the keys are the
    plain surfaces (the first line of a text may start with white space: not
    there), and only the words between them are split, all at once. Lines
    on one side only are split when they are few (at most ``limit``
    tokens): their words can only cross a shared line near them.
    """
    starts_a, starts_b = a.surfaces.starts, b.surfaces.starts
    plain = a.key is b.key is str.strip and _tokenized_in_c(a.surfaces, b.surfaces)
    common = speedups.common_tokens if speedups and plain else None
    code = codes.__getitem__
    # Per stretch: where its tokens start and its common ends; its codes,
    # where the keys were made to find those ends, or else its tokens to code,
    # all at once.
    ends: list[tuple[int, int, int, int]] = []
    coded: list[tuple[str, str] | None] = []
    ranges_a: list[tuple[int, int]] = []
    ranges_b: list[tuple[int, int]] = []
    for x, p, y, q in stretches:
        i, j = starts_a[x], starts_b[y]
        if x == p or y == q:
            size_a, size_b, prefix, suffix = starts_a[p] - i, starts_b[q] - j, 0, 0
            if size_a + size_b > limit:
                size_a = size_b = 0
        elif common is not None and x and y:
            size_a, size_b, prefix, suffix = common(a.surfaces.lines[x:p], b.surfaces.lines[y:q])
        else:
            keys_a, keys_b = a.of_lines(x, p), b.of_lines(y, q)
            prefix, suffix = _common_ends(keys_a, keys_b)
            ends.append((i, j, prefix, suffix))
            middle_a = "".join(map(code, keys_a[prefix : len(keys_a) - suffix]))
            coded.append((middle_a, "".join(map(code, keys_b[prefix : len(keys_b) - suffix]))))
            continue
        ends.append((i, j, prefix, suffix))
        coded.append(None)
        ranges_a.append((i + prefix, i + size_a - suffix))
        ranges_b.append((j + prefix, j + size_b - suffix))
    coded_a = iter(_token_codes(a, ranges_a, codes))
    coded_b = iter(_token_codes(b, ranges_b, codes))
    return [
        (*e, *(c if c is not None else (next(coded_a), next(coded_b))))
        for e, c in zip(ends, coded, strict=True)
    ]


def _tokenized_in_c(*surfaces: LineTokens) -> bool:
    """Whether the C tokenizer (:data:`speedups`) counted these lines: only then may
    the C loops split them again (one tokenizer's counts, never another's tokens)."""
    in_c = getattr(speedups, "split_words", None)
    return in_c is not None and all(s.split is in_c for s in surfaces)


def _token_codes(keys: LineKeys, ranges: list[tuple[int, int]], codes: _Codes) -> list[str]:
    """The code points of the keys of tokens start..stop, for each (start, stop) of ``ranges``
    (in order): ``"".join(map(codes.__getitem__, keys.of_tokens(start, stop)))``, in C
    (:data:`speedups`) where the keys are the plain surfaces.

    >>> from revdiff.tokenize import plain_witness
    >>> w = plain_witness("  a b a,\\nc a\\n", "a", "a")
    >>> codes = _Codes()
    >>> [list(map(ord, c)) for c in _token_codes(w.keys, [(0, 3), (2, 6), (6, 6)], codes)]
    [[1, 2, 1], [1, 3, 4, 1], []]
    """
    if not ranges:
        return []
    if speedups is not None and keys.key is str.strip and _tokenized_in_c(keys.surfaces):
        bounds = keys.surfaces.chars_at(chain.from_iterable(ranges))
        return speedups.token_codes(keys.surfaces.text, bounds, codes)
    code = codes.__getitem__
    return ["".join(map(code, keys.of_tokens(start, stop))) for start, stop in ranges]


def _crossed_stretches(
    middles: Sequence[_Middle | None],
    stretches: list[tuple[int, int, int, int]],
    size: _Size,
    limit: int,
) -> list[tuple[int, int]]:
    """Runs of stretches (first, last) whose words cross the shared lines between them.

    The words of all the stretches are matched as patience diff matches
    them, on the keys unique to both sides (among these words); a match
    whose two sides lie in different stretches crosses every shared line
    between the two, and all of it, from the first stretch to the last, is
    to be aligned whole, if it holds at most ``limit`` tokens (crossings that
    overlap counted together).

    >>> m = lambda a, b: (0, 0, 0, 0, a, b)
    >>> lines = [(0, 1, 0, 1), (2, 3, 2, 3)]  # one shared line between two stretches
    >>> def size(x, p, y, q):
    ...     return (p - x) + (q - y)
    >>> _crossed_stretches([m("G", ""), m("", "G")], lines, size, 8)
    [(0, 1)]
    >>> _crossed_stretches([m("G", "G"), m("H", "H")], lines, size, 8)
    []
    """
    sizes_a = [len(m[4]) if m else 0 for m in middles]
    sizes_b = [len(m[5]) if m else 0 for m in middles]
    words_a = "".join(m[4] for m in middles if m)
    words_b = "".join(m[5] for m in middles if m)
    in_a, in_b_by_a = _unique_pairs(words_a, words_b)
    if not in_a:
        return []
    # The stretch each matched word stands in, on each side.
    stretch_a = list(map(partial(bisect_right, list(accumulate(sizes_a))), in_a))
    stretch_b = list(map(partial(bisect_right, list(accumulate(sizes_b))), in_b_by_a))
    spans = sorted(
        (min(s, t), max(s, t))
        for s, t in compress(zip(stretch_a, stretch_b, strict=True), map(ne, stretch_a, stretch_b))
    )

    def span_size(first: int, last: int) -> int:
        return size(
            stretches[first][0], stretches[last][1], stretches[first][2], stretches[last][3]
        )

    merged: list[tuple[int, int]] = []
    spans = [span for span in spans if span_size(*span) <= limit]  # a passage moved far: kept
    for first, last in spans:
        if merged and first <= merged[-1][1]:  # sharing a stretch: one
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return [span for span in merged if span_size(*span) <= limit]


def _common_ends(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[int, int]:
    """How many keys a and b share at the start, and then at the end (first differences found in C).

    >>> _common_ends(("x", "y", "z"), ("x", "q", "z")), _common_ends(("x", "x"), ("x",))
    ((1, 1), (1, 0))
    """
    n = min(len(a), len(b))
    prefix = next(compress(count(), map(ne, a, b)), n)
    return prefix, min(next(compress(count(), map(ne, reversed(a), reversed(b))), n), n - prefix)


def _line_anchors(a: tuple[str, ...], b: tuple[str, ...], size: _Size, limit: int) -> list[_Block]:
    """Blocks of lines equal on both sides: the common prefix and suffix, and between
    them the lines unique to both sides, the longest run in order on both (patience
    diff), less those a crossing near them leaves to the words (:func:`_uncrossed`).

    ``size`` says how many tokens lines x..p of a and y..q of b hold.

    >>> def size(x, p, y, q):
    ...     return (p - x) + (q - y)  # a token a line
    >>> _line_anchors(("x", "p", "q", "r", "z"), ("x", "q", "p", "s", "z"), size, 0)
    [(0, 0, 1), (2, 1, 1), (4, 4, 1)]
    >>> _line_anchors(("x", "p", "q", "r", "z"), ("x", "q", "p", "s", "z"), size, 6)
    [(0, 0, 1), (4, 4, 1)]
    """
    prefix = _common_prefix(a, b)
    suffix = _common_suffix(a[prefix:], b[prefix:])
    end_a, end_b = len(a) - suffix, len(b) - suffix
    in_a, in_b_by_a = _unique_pairs(a[prefix:end_a], b[prefix:end_b])

    def middle_size(x: int, p: int, y: int, q: int) -> int:
        return size(prefix + x, prefix + p, prefix + y, prefix + q)

    chosen = _longest_increasing(in_b_by_a)
    chosen = _uncrossed(in_a, in_b_by_a, chosen, end_a - prefix, end_b - prefix, middle_size, limit)
    blocks = [(0, 0, prefix)] if prefix else []
    runs = _runs(list(map(in_a.__getitem__, chosen)), list(map(in_b_by_a.__getitem__, chosen)))
    blocks.extend((prefix + p, prefix + q, n) for p, q, n in runs)
    if suffix:
        blocks.append((end_a, end_b, suffix))
    return blocks


# How many tokens stretches x..p of a and y..q of b hold (in units the anchors count).
_Size = Callable[[int, int, int, int], int]


def _token_count(x: int, p: int, y: int, q: int) -> int:
    """The size of two stretches of tokens."""
    return (p - x) + (q - y)


def _uncrossed(
    in_a: list[int],
    in_b_by_a: list[int],
    chosen: list[int],
    len_a: int,
    len_b: int,
    size: _Size,
    limit: int,
) -> list[int]:
    """The chosen anchors (indices into the matches ``in_a``/``in_b_by_a``, in
    order on both sides) less those that a small crossing leaves to be aligned whole.

    A match left out of the longest run in order crosses some of the chosen
    anchors: on one side it stands before them, on the other after (a
    passage moved). The longest run counts matches, not tokens, so near a
    crossing it can keep the shorter side of a swap: a passage with more
    rare words than the longer one it was swapped with. Where the stretch
    from the anchor before such a crossing to the one after it holds at most
    ``limit`` tokens (by ``size``; crossings overlapping each other counted
    together), the anchors inside it are dropped, and the stretch is aligned
    whole and minimally. A long crossing (a passage moved far) keeps its
    anchors: there the longest run is outvoted by many matches, not few.

    >>> def size(x, p, y, q):
    ...     return (p - x) + (q - y)
    >>> # a: A B C D; b: B C A D, A left out (it crosses B and C)
    >>> _uncrossed([0, 1, 2, 3], [2, 0, 1, 3], [1, 2, 3], 4, 4, size, 8)
    [3]
    >>> _uncrossed([0, 1, 2, 3], [2, 0, 1, 3], [1, 2, 3], 4, 4, size, 3)
    [1, 2, 3]
    """
    if len(chosen) == len(in_a) or not limit:
        return chosen
    chosen_a = list(map(in_a.__getitem__, chosen))
    chosen_b = list(map(in_b_by_a.__getitem__, chosen))

    def span_size(lo: int, hi: int) -> int:
        """Tokens between chosen anchor lo and chosen anchor hi (-1 and len: the ends)."""
        x = chosen_a[lo] + 1 if lo >= 0 else 0
        y = chosen_b[lo] + 1 if lo >= 0 else 0
        p = chosen_a[hi] if hi < len(chosen) else len_a
        q = chosen_b[hi] if hi < len(chosen) else len_b
        return size(x, p, y, q)

    spans: list[tuple[int, int]] = []
    for k in _left_out(chosen, len(in_a)):
        s = bisect_left(chosen_a, in_a[k])  # chosen anchors before it in a
        r = bisect_left(chosen_b, in_b_by_a[k])  # and in b
        if s != r and span_size(min(s, r) - 1, max(s, r)) <= limit:
            spans.append((min(s, r) - 1, max(s, r)))
    if not spans:
        return chosen
    spans.sort()
    dropped = bytearray(len(chosen))
    lo, hi = spans[0]
    for next_lo, next_hi in [*spans[1:], (len(chosen), len(chosen))]:
        if next_lo < hi:  # it drops anchor hi (or one before it): one stretch
            hi = max(hi, next_hi)
            continue
        if span_size(lo, hi) <= limit:
            dropped[lo + 1 : hi] = b"\x01" * (hi - lo - 1)
        lo, hi = next_lo, next_hi
    return list(compress(chosen, map(not_, dropped)))


def _left_out(chosen: list[int], n: int) -> list[int]:
    """Which of range(n) the increasing ``chosen`` skips (found where it steps by more than one).

    >>> _left_out([1, 2, 5], 7)
    [0, 3, 4, 6]
    """
    if not chosen:
        return list(range(n))
    skips = compress(range(1, len(chosen)), map((1).__ne__, map(sub, chosen[1:], chosen)))
    left_out = list(range(chosen[0]))
    left_out.extend(k for m in skips for k in range(chosen[m - 1] + 1, chosen[m]))
    left_out.extend(range(chosen[-1] + 1, n))
    return left_out


def _common_prefix(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the common prefix, by halving (slices compare in C).

    >>> _common_prefix(("x", "y", "z"), ("x", "y", "q"))
    2
    """
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the common suffix, by halving.

    >>> _common_suffix(("x", "y", "z"), ("q", "y", "z"))
    2
    """
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _matching_blocks(
    a: Sequence[str], b: Sequence[str], code: Callable[[str], str], direct_limit: int
) -> list[_Block]:
    """Blocks of equal keys, in order on both sides, none empty.

    a and b are tuples of keys, or strs of their code points already (one a
    token, from ``code``).

    Keys are compared as tuple slices (in C) and counted for anchors; only
    the stretches left for diff-match-patch are turned into code points. A
    work list of stretches rather than recursion: a long text can be cut
    many levels deep.
    """
    blocks: list[_Block] = []
    work = [(0, len(a), 0, len(b))]  # stretches (a_start, a_end, b_start, b_end) left to align
    while work:
        i, i_end, j, j_end = work.pop()
        if i == i_end or j == j_end:
            continue
        sa, sb = a[i:i_end], b[j:j_end]
        if sa == sb:
            blocks.append((i, j, i_end - i))
            continue
        prefix = _common_prefix(sa, sb)
        suffix = _common_suffix(sa[prefix:], sb[prefix:])
        if prefix:
            blocks.append((i, j, prefix))
        if suffix:
            blocks.append((i_end - suffix, j_end - suffix, suffix))
        i, i_end, j, j_end = i + prefix, i_end - suffix, j + prefix, j_end - suffix
        if i == i_end or j == j_end:
            continue
        anchors: list[_Block] = []
        if (i_end - i) + (j_end - j) > direct_limit:
            sa, sb = a[i:i_end], b[j:j_end]
            anchors = (
                _anchors(sa, sb, direct_limit)
                or _gram_anchors(sa, sb, code)
                or _rank_anchors(sa, sb)
            )
            if not anchors and len(sa) + len(sb) > WINDOW:
                # Nothing to anchor on: a whole diff could take hours (its cost
                # grows with size times edits); windows bound it.
                blocks.extend(_window_blocks(sa, sb, i, j, code))
                continue
        if not anchors:
            blocks.extend(_dmp_blocks(a[i:i_end], b[j:j_end], i, j, code))
            continue
        x, y = i, j  # where the stretch before the next anchor starts
        for p, q, n in anchors:  # between anchors, stretches aligned the same way, in turn
            work.append((x, i + p, y, j + q))
            blocks.append((i + p, j + q, n))
            x, y = i + p + n, j + q + n
        work.append((x, i_end, y, j_end))
    return _join_blocks(blocks)


def _anchors(a: Sequence[str], b: Sequence[str], limit: int = 0) -> list[_Block]:
    """Blocks of keys unique to both sides, the longest run in order on both
    (a block for each stretch of them that follows on both sides), less those
    that a crossing of at most ``limit`` tokens leaves to be aligned whole
    (:func:`_uncrossed`).

    >>> _anchors("xAyBzC", "BqArC")  # A and B cross: one of them is left out
    [(3, 0, 1), (5, 4, 1)]
    >>> _anchors("xAyBzC", "BqArC", 9)  # B goes: x A y B z and B q A r aligned whole
    [(5, 4, 1)]
    """
    in_a, in_b_by_a = _unique_pairs(a, b)
    chosen = _longest_increasing(in_b_by_a)
    chosen = _uncrossed(in_a, in_b_by_a, chosen, len(a), len(b), _token_count, limit)
    return _runs(list(map(in_a.__getitem__, chosen)), list(map(in_b_by_a.__getitem__, chosen)))


def _unique_pairs(a: Sequence[str], b: Sequence[str]) -> tuple[list[int], list[int]]:
    """Where each key unique to both sides stands in a, and where in b, in a's order.

    >>> _unique_pairs("xAyBzC", "BqArC")
    ([1, 3, 5], [2, 0, 4])
    """
    if speedups is not None:
        if isinstance(a, str) and isinstance(b, str):  # code points: counted, not hashed
            return speedups.unique_codes(a, b)
        return speedups.unique_pairs(a, b)
    count_a, count_b = Counter(a), Counter(b)
    once = (1).__eq__
    unique = set(compress(count_a, map(once, count_a.values())))
    unique.intersection_update(compress(count_b, map(once, count_b.values())))
    if not unique:
        return [], []
    # Filtered with compress over a map of the set's membership test: C
    # loops, where a comprehension would run Python code per token.
    is_unique_a = list(map(unique.__contains__, a))
    is_unique_b = list(map(unique.__contains__, b))
    in_a = list(compress(range(len(a)), is_unique_a))
    in_b = dict(zip(compress(b, is_unique_b), compress(range(len(b)), is_unique_b), strict=True))
    return in_a, list(map(in_b.__getitem__, compress(a, is_unique_a)))


_GRAMS = (8, 32)
"""Run lengths tried, in turn, by :func:`_gram_anchors`."""

_SAMPLE_OVER = 1 << 20
"""Above this many code points (both sides), runs are sampled by their first key."""


def _gram_anchors(a: Sequence[str], b: Sequence[str], code: Callable[[str], str]) -> list[_Block]:
    """Blocks of a run of keys unique to both sides, for a long stretch with no unique key.

    Characters (``--by char``) and very repetitive texts have few unique
    tokens; runs of 8 (or 32) of them mostly are unique. Anchors are chosen
    as by :func:`_anchors`, then any that overlaps the one before it is
    dropped. Like any anchor, a run can lie off a minimal path.

    On a long stretch only the runs starting with an eighth of the distinct
    keys are counted, to bound memory: equal runs start with the same key,
    so a run unique among those counted is unique among all.

    >>> a, b = "ab" * 8 + "xyzxyzxyzx", "ab" * 4 + "xyzxyzxyzx"  # no letter is unique
    >>> [(p, q, n, a[p : p + n]) for p, q, n in _gram_anchors(a, b, str)]
    [(9, 1, 8, 'babababx'), (17, 9, 8, 'yzxyzxyz')]
    """
    sa, sb = _coded(a, code), _coded(b, code)
    sample = len(sa) + len(sb) > _SAMPLE_OVER
    for n in _GRAMS:
        if n > min(len(sa), len(sb)):
            break
        starts_a, starts_b = _gram_starts(sa, n, sample), _gram_starts(sb, n, sample)
        grams_a = [sa[i : i + n] for i in starts_a]
        grams_b = [sb[j : j + n] for j in starts_b]
        count_a, count_b = Counter(grams_a), Counter(grams_b)
        unique = {g for g, c in count_a.items() if c == 1 and count_b.get(g) == 1}
        if not unique:
            continue
        in_a = [starts_a[k] for k, g in enumerate(grams_a) if g in unique]
        in_b = {g: starts_b[k] for k, g in enumerate(grams_b) if g in unique}
        in_b_by_a = [in_b[sa[i : i + n]] for i in in_a]
        anchors: list[_Block] = []
        for k in _longest_increasing(in_b_by_a):
            p, q = in_a[k], in_b_by_a[k]
            if not anchors or (p >= anchors[-1][0] + n and q >= anchors[-1][1] + n):
                anchors.append((p, q, n))
        return anchors
    return []


_RANK_DENSITY = 32
""":func:`_rank_anchors` takes counts until it has a pair per this many tokens of the shorter side."""


def _rank_anchors(a: Sequence[str], b: Sequence[str]) -> list[_Block]:
    """Blocks of one key that occurs equally often on both sides, its k-th with its k-th.

    For a long stretch with no unique key nor unique run: a text repeated
    (the same paragraphs many times over), or a small vocabulary. As in
    histogram diff, the rarest keys come first: the keys with the lowest
    count, then the next count, until there is a pair for every
    :data:`_RANK_DENSITY` tokens. The pairs in the same order on both sides
    (a longest increasing subsequence) are the anchors, so a key whose
    occurrences shifted (one lost early, one gained late) is outvoted by the
    others. These anchors can lie off a minimal path more often than unique
    ones; they are tried only where those fail.

    >>> _rank_anchors("xyxyz" "xyxy", "xyxy" "xyxyq")  # x and y twice each; z, q unpaired
    [(0, 0, 1), (1, 1, 1), (2, 2, 1), (3, 3, 1), (5, 4, 1), (6, 5, 1), (7, 6, 1), (8, 7, 1)]
    """
    count_a, count_b = Counter(a), Counter(b)
    equal = sorted((n, key) for key, n in count_a.items() if count_b.get(key) == n)
    wanted = min(len(a), len(b)) // _RANK_DENSITY
    chosen: set[str] = set()
    pairs = 0
    for k, (n, key) in enumerate(equal):
        if pairs >= wanted and n > equal[k - 1][0]:
            break  # enough pairs, and a count level is never split
        chosen.add(key)
        pairs += n
    if not chosen:
        return []
    in_a = [i for i, key in enumerate(a) if key in chosen]
    in_b: dict[str, list[int]] = {key: [] for key in chosen}
    for j, key in enumerate(b):
        if key in chosen:
            in_b[key].append(j)
    nth = {key: iter(positions) for key, positions in in_b.items()}
    in_b_by_a = [next(nth[a[i]]) for i in in_a]
    return [(in_a[k], in_b_by_a[k], 1) for k in _longest_increasing(in_b_by_a)]


WINDOW = 2048
"""A stretch past this many tokens (both sides) with no anchor at all is aligned in windows."""


def _window_blocks(
    a: Sequence[str], b: Sequence[str], i: int, j: int, code: Callable[[str], str]
) -> list[_Block]:
    """The equal runs of a and b (at i and j) aligned window by window.

    The last resort, for a long stretch with no anchor at any level (two
    texts with almost nothing in common, or with every key's count
    different): both sides are cut into the same number of windows of at
    most :data:`WINDOW` tokens together, in proportion to their lengths, and
    each pair of windows is diffed whole (minimal within it). The cost is
    bounded by the length times the window, where a whole diff costs the
    length times the edits; the diff is deterministic and rebuilds both
    sides, but is not minimal where an equal run crosses a window's edge.

    >>> _window_blocks(("x",) * 3000, ("x",) * 2000 + ("y",), 0, 0, _Codes().__getitem__)
    [(0, 0, 667), (1000, 667, 667), (2000, 1334, 666)]
    """
    windows = -(-(len(a) + len(b)) // WINDOW)
    blocks: list[_Block] = []
    for k in range(windows):
        a0, a1 = len(a) * k // windows, len(a) * (k + 1) // windows
        b0, b1 = len(b) * k // windows, len(b) * (k + 1) // windows
        blocks.extend(_dmp_blocks(a[a0:a1], b[b0:b1], i + a0, j + b0, code))
    return blocks


def _gram_starts(s: str, n: int, sample: bool) -> Sequence[int]:
    """Where the runs of ``n`` counted start: everywhere, or (sampled) at some keys only."""
    if not sample:
        return range(len(s) - n + 1)
    # Chosen by code point, which the order of first appearance fixes: the
    # same on every run (unlike hash(), which is salted per process).
    chosen = sorted(c for c in set(s) if ord(c) % 8 == 0)
    if not chosen:
        return []
    first = re.compile("[" + "".join(map(re.escape, chosen)) + "]")
    return [m.start() for m in first.finditer(s, 0, len(s) - n + 1)]


def _longest_increasing(values: Sequence[int]) -> list[int]:
    """Indices of a longest strictly increasing subsequence of distinct values (patience sorting).

    >>> _longest_increasing([3, 1, 2, 5, 4])
    [1, 2, 4]
    """
    if speedups is not None:
        return speedups.longest_increasing(values)
    tails: list[int] = []  # tails[k]: the smallest last value of a run of k + 1
    tail_index: list[int] = []
    previous = [-1] * len(values)
    last = -1  # tails[-1]: anchors mostly come in order, so most values just extend the run
    for index, value in enumerate(values):
        if value > last:
            if tail_index:
                previous[index] = tail_index[-1]
            tails.append(value)
            tail_index.append(index)
            last = value
            continue
        k = bisect_left(tails, value)
        tails[k] = value
        tail_index[k] = index
        if k == len(tails) - 1:
            last = value
        if k:
            previous[index] = tail_index[k - 1]
    run: list[int] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(index)
        index = previous[index]
    run.reverse()
    return run


def _runs(starts_a: list[int], starts_b: list[int]) -> list[_Block]:
    """Matched single keys (a[starts_a[k]] with b[starts_b[k]]) joined into blocks
    where they follow each other on both sides; the comparisons run in C.

    >>> _runs([0, 1, 2, 5, 6], [3, 4, 9, 10, 11])
    [(0, 3, 2), (2, 9, 1), (5, 10, 2)]
    """
    if speedups is not None:
        return speedups.runs(starts_a, starts_b)
    if not starts_a:
        return []
    one = (1).__eq__
    # k starts a block unless both sides step by one from k - 1.
    follows = map(
        and_,
        map(one, map(sub, starts_a[1:], starts_a)),
        map(one, map(sub, starts_b[1:], starts_b)),
    )
    firsts = [0, *compress(range(1, len(starts_a)), map(not_, follows)), len(starts_a)]
    return [(starts_a[k], starts_b[k], end - k) for k, end in zip(firsts, firsts[1:], strict=False)]


def _dmp_blocks(
    a: Sequence[str], b: Sequence[str], i: int, j: int, code: Callable[[str], str]
) -> list[_Block]:
    """The equal runs of a minimal diff-match-patch diff of a and b (at i and j)."""
    if len(a) == 1 or len(b) == 1:
        # One token against several: it is either among them or not (what
        # diff-match-patch would find, without its per-call overhead).
        one, many = (a, b) if len(a) == 1 else (b, a)
        if one[0] not in many:
            return []
        at = many.index(one[0])
        return [(i, j + at, 1)] if len(a) == 1 else [(i + at, j, 1)]
    sa, sb = _coded(a, code), _coded(b, code)
    blocks: list[_Block] = []
    if accelerator is not None:
        for op, n in accelerator.diff(sa, sb, timelimit=0, checklines=False, cleanup="No"):
            if op == "=":
                blocks.append((i, j, n))
                i, j = i + n, j + n
            elif op == "-":
                i += n
            else:
                j += n
        return blocks
    return _equal_blocks(_ENGINE.diff_main(sa, sb, False), i, j)


def _coded(keys: Sequence[str], code: Callable[[str], str]) -> str:
    """The code points of keys (a str of them is already that)."""
    return keys if isinstance(keys, str) else "".join(map(code, keys))


def _equal_blocks(edits: list[tuple[int, str]], i: int = 0, j: int = 0) -> list[_Block]:
    """The equal runs of diff-match-patch's edits, as (i, j, length) from i and j."""
    blocks: list[_Block] = []
    for kind, text in edits:
        if kind == _EQUAL:
            blocks.append((i, j, len(text)))
            i, j = i + len(text), j + len(text)
        elif kind == _DELETE:
            i += len(text)
        else:
            j += len(text)
    return blocks


def _join_blocks(blocks: list[_Block]) -> list[_Block]:
    """Blocks sorted and adjacent ones joined, so that no two equal segments touch."""
    blocks.sort()
    joined: list[_Block] = []
    for i, j, n in blocks:
        if joined:
            pi, pj, pn = joined[-1]
            if pi + pn == i and pj + pn == j:
                joined[-1] = (pi, pj, pn + n)
                continue
        joined.append((i, j, n))
    return joined


def _segments(blocks: list[_Block], a_len: int, b_len: int) -> tuple[Segment, ...]:
    """Equal segments for the blocks, one change segment for each gap between them."""
    segments: list[Segment] = []
    equal, replace, delete, insert = Op.EQUAL, Op.REPLACE, Op.DELETE, Op.INSERT  # looked up once
    x = y = 0
    for i, j, n in chain(blocks, [(a_len, b_len, 0)]):
        if x < i or y < j:
            op = replace if x < i and y < j else delete if x < i else insert
            segments.append(Segment(op, x, i, y, j))
        if n:
            segments.append(Segment(equal, i, i + n, j, j + n))
        x, y = i + n, j + n
    return tuple(segments)


def merge_small_equalities(
    segments: tuple[Segment, ...], a: Witness | None = None, b: Witness | None = None
) -> tuple[Segment, ...]:
    """Fold an equal run into the changes around it when it is shorter than both.

    diff-match-patch's own semantic clean-up folds an equality as long as the
    edits beside it, which on words swallows a lone shared word ("Мао" between
    two changed words); here only a strictly shorter run is folded, so that a
    rewritten phrase becomes one replacement and a single changed word stays
    single.

    >>> x, y = "x a y".split(), "p q a r s".split()
    >>> [s.op.value for s in merge_small_equalities(align_raw(x, y))]
    ['replace']
    >>> [s.op.value for s in merge_small_equalities(align_raw("m a n".split(), "p a q".split()))]
    ['replace', 'equal', 'replace']

    Given the witnesses the segments align (``a`` and ``b``), their surfaces
    say how a page was laid out. A change is as wide as the words a reader
    sees on its wider side: a word broken by a hyphen at a line's end (three
    tokens) is one, so that a word broken differently in each text is a
    single changed word, and the word beside it is not folded into it. And a
    hyphen that ends a line in both texts is left standing: the line break
    the two pages share. Texts wrapped on their own (transcriptions of
    printed pages) differ in every line end after a change; folded, those
    would make one replacement of lines that differ word by word.

    >>> from revdiff.tokenize import plain_witness
    >>> wa = plain_witness("hy-\\nphen a wo-\\nrd. the end", "a", "a")
    >>> wb = plain_witness("hyphen a word. the end", "b", "b")
    >>> [s.op.value for s in merge_small_equalities(align_raw(wa.keys, wb.keys))]
    ['replace', 'equal']
    >>> [s.op.value for s in merge_small_equalities(align_raw(wa.keys, wb.keys), wa, wb)]
    ['replace', 'equal', 'replace', 'equal']
    """
    out: list[Segment] = []
    equal, replace = Op.EQUAL, Op.REPLACE  # looked up once, not per segment
    words_a = _words(a) if a is not None else None
    words_b = _words(b) if b is not None else None

    def width(s: Segment) -> int:
        return max(s.a_end - s.a_start, s.b_end - s.b_start)

    def words(s: Segment) -> int:
        a_words = words_a(s.a_start, s.a_end) if words_a else s.a_end - s.a_start
        b_words = words_b(s.b_start, s.b_end) if words_b else s.b_end - s.b_start
        return max(a_words, b_words)

    def shared_line_end(e: Segment) -> bool:
        return (
            a is not None
            and b is not None
            and e.a_end - e.a_start == 1
            and _BROKEN_LINE_END.fullmatch(a.span(e.a_start, e.a_end)) is not None
            and _BROKEN_LINE_END.fullmatch(b.span(e.b_start, e.b_end)) is not None
        )

    for segment in segments:
        if out and (segment.op is equal) is (out[-1].op is equal):
            p = out.pop()  # two equal runs, or two changes, side by side: one segment
            op = equal if segment.op is equal else replace
            segment = Segment(op, p.a_start, segment.a_end, p.b_start, segment.b_end)
        out.append(segment)
        # A folded run can make the run before it foldable too: check back.
        while len(out) >= 3 and out[-1].op is not equal and out[-2].op is equal:
            p, e, n = out[-3], out[-2], out[-1]
            size = e.a_end - e.a_start
            if p.op is equal or not (size < width(p) and size < width(n)):
                break
            # Words are never more than tokens: read only where tokens would fold.
            if (words_a or words_b) and not (size < words(p) and size < words(n)):
                break
            if shared_line_end(e):
                break
            del out[-3:]
            out.append(Segment(replace, p.a_start, n.a_end, p.b_start, n.b_end))
    return tuple(out)


_HYPHENS = "-\u2010\u00ad\u00ac\u2e17"
"""Marks that break a word at a line's end: hyphens (and the soft hyphen), and the
¬ and ⸗ of transcriptions of German print."""

_LINE_END_HYPHEN = re.compile(rf"(?<=\w)[{_HYPHENS}][^\S\n]*\n[^\S\n]*(?=\w)")
_BROKEN_LINE_END = re.compile(rf"[{_HYPHENS}][^\S\n]*\n[^\S\n]*")


def _words(witness: Witness) -> Callable[[int, int], int]:
    """How many words tokens start..stop of the witness are to a reader: a word
    broken by a hyphen at a line's end (not a paragraph's) counted once.

    >>> from revdiff.tokenize import plain_witness
    >>> w = plain_witness("a hyph-\\nenated word-\\n\\nnext", "a", "a")
    >>> len(w), _words(w)(0, len(w))
    (7, 5)
    """

    def words(start: int, stop: int) -> int:
        if stop - start < 3:
            return stop - start
        return stop - start - 2 * len(_LINE_END_HYPHEN.findall(witness.span(start, stop)))

    return words


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
    dmp = _engine()
    edits = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(edits)
    return [
        (s.op, a[s.a_start : s.a_end], b[s.b_start : s.b_end])
        for s in _segments(_join_blocks(_equal_blocks(edits)), len(a), len(b))
    ]

"""Anchors for a long stretch of keys: the keys unique to both sides and their longest
run in order (patience diff), unique runs of keys, equally frequent keys (histogram
diff), windows; and the crossings an anchor run leaves out."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import compress
from operator import and_, not_, sub

from . import engines
from .engines import Block, coded, dmp_blocks, join_blocks

# How many tokens stretches x..p of a and y..q of b hold (in units the anchors count).
Size = Callable[[int, int, int, int], int]


def _token_count(x: int, p: int, y: int, q: int) -> int:
    """The size of two stretches of tokens."""
    return (p - x) + (q - y)


def uncrossed(
    in_a: list[int],
    in_b_by_a: list[int],
    chosen: list[int],
    len_a: int,
    len_b: int,
    size: Size,
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
    >>> uncrossed([0, 1, 2, 3], [2, 0, 1, 3], [1, 2, 3], 4, 4, size, 8)
    [3]
    >>> uncrossed([0, 1, 2, 3], [2, 0, 1, 3], [1, 2, 3], 4, 4, size, 3)
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


def common_prefix(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the common prefix, by halving (slices compare in C).

    >>> common_prefix(("x", "y", "z"), ("x", "y", "q"))
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


def common_suffix(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the common suffix, by halving.

    >>> common_suffix(("x", "y", "z"), ("q", "y", "z"))
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


def matching_blocks(
    a: Sequence[str], b: Sequence[str], code: Callable[[str], str], direct_limit: int
) -> list[Block]:
    """Blocks of equal keys, in order on both sides, none empty.

    a and b are tuples of keys, or strs of their code points already (one a
    token, from ``code``).

    Keys are compared as tuple slices (in C) and counted for anchors; only
    the stretches left for diff-match-patch are turned into code points. A
    work list of stretches rather than recursion: a long text can be cut
    many levels deep.
    """
    blocks: list[Block] = []
    work = [(0, len(a), 0, len(b))]  # stretches (a_start, a_end, b_start, b_end) left to align
    while work:
        i, i_end, j, j_end = work.pop()
        if i == i_end or j == j_end:
            continue
        sa, sb = a[i:i_end], b[j:j_end]
        if sa == sb:
            blocks.append((i, j, i_end - i))
            continue
        prefix = common_prefix(sa, sb)
        suffix = common_suffix(sa[prefix:], sb[prefix:])
        if prefix:
            blocks.append((i, j, prefix))
        if suffix:
            blocks.append((i_end - suffix, j_end - suffix, suffix))
        i, i_end, j, j_end = i + prefix, i_end - suffix, j + prefix, j_end - suffix
        if i == i_end or j == j_end:
            continue
        anchors: list[Block] = []
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
            blocks.extend(dmp_blocks(a[i:i_end], b[j:j_end], i, j, code))
            continue
        x, y = i, j  # where the stretch before the next anchor starts
        for p, q, n in anchors:  # between anchors, stretches aligned the same way, in turn
            work.append((x, i + p, y, j + q))
            blocks.append((i + p, j + q, n))
            x, y = i + p + n, j + q + n
        work.append((x, i_end, y, j_end))
    return join_blocks(blocks)


def _anchors(a: Sequence[str], b: Sequence[str], limit: int = 0) -> list[Block]:
    """Blocks of keys unique to both sides, the longest run in order on both
    (a block for each stretch of them that follows on both sides), less those
    that a crossing of at most ``limit`` tokens leaves to be aligned whole
    (:func:`uncrossed`).

    >>> _anchors("xAyBzC", "BqArC")  # A and B cross: one of them is left out
    [(3, 0, 1), (5, 4, 1)]
    >>> _anchors("xAyBzC", "BqArC", 9)  # B goes: x A y B z and B q A r aligned whole
    [(5, 4, 1)]
    """
    in_a, in_b_by_a = unique_pairs(a, b)
    chosen = longest_increasing(in_b_by_a)
    chosen = uncrossed(in_a, in_b_by_a, chosen, len(a), len(b), _token_count, limit)
    return matched_runs(
        list(map(in_a.__getitem__, chosen)), list(map(in_b_by_a.__getitem__, chosen))
    )


def unique_pairs(a: Sequence[str], b: Sequence[str]) -> tuple[list[int], list[int]]:
    """Where each key unique to both sides stands in a, and where in b, in a's order.

    >>> unique_pairs("xAyBzC", "BqArC")
    ([1, 3, 5], [2, 0, 4])
    """
    if engines.speedups is not None:
        if isinstance(a, str) and isinstance(b, str):  # code points: counted, not hashed
            return engines.speedups.unique_codes(a, b)
        return engines.speedups.unique_pairs(a, b)
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


def _gram_anchors(a: Sequence[str], b: Sequence[str], code: Callable[[str], str]) -> list[Block]:
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
    sa, sb = coded(a, code), coded(b, code)
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
        anchors: list[Block] = []
        for k in longest_increasing(in_b_by_a):
            p, q = in_a[k], in_b_by_a[k]
            if not anchors or (p >= anchors[-1][0] + n and q >= anchors[-1][1] + n):
                anchors.append((p, q, n))
        return anchors
    return []


_RANK_DENSITY = 32
""":func:`_rank_anchors` takes counts until it has a pair per this many tokens of the shorter side."""


def _rank_anchors(a: Sequence[str], b: Sequence[str]) -> list[Block]:
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
    return [(in_a[k], in_b_by_a[k], 1) for k in longest_increasing(in_b_by_a)]


WINDOW = 2048
"""A stretch past this many tokens (both sides) with no anchor at all is aligned in windows."""


def _window_blocks(
    a: Sequence[str], b: Sequence[str], i: int, j: int, code: Callable[[str], str]
) -> list[Block]:
    """The equal runs of a and b (at i and j) aligned window by window.

    The last resort, for a long stretch with no anchor at any level (two
    texts with almost nothing in common, or with every key's count
    different): both sides are cut into the same number of windows of at
    most :data:`WINDOW` tokens together, in proportion to their lengths, and
    each pair of windows is diffed whole (minimal within it). The cost is
    bounded by the length times the window, where a whole diff costs the
    length times the edits; the diff is deterministic and rebuilds both
    sides, but is not minimal where an equal run crosses a window's edge.

    >>> from revdiff.align.engines import Codes
    >>> _window_blocks(("x",) * 3000, ("x",) * 2000 + ("y",), 0, 0, Codes().__getitem__)
    [(0, 0, 667), (1000, 667, 667), (2000, 1334, 666)]
    """
    windows = -(-(len(a) + len(b)) // WINDOW)
    blocks: list[Block] = []
    for k in range(windows):
        a0, a1 = len(a) * k // windows, len(a) * (k + 1) // windows
        b0, b1 = len(b) * k // windows, len(b) * (k + 1) // windows
        blocks.extend(dmp_blocks(a[a0:a1], b[b0:b1], i + a0, j + b0, code))
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


def longest_increasing(values: Sequence[int]) -> list[int]:
    """Indices of a longest strictly increasing subsequence of distinct values (patience sorting).

    >>> longest_increasing([3, 1, 2, 5, 4])
    [1, 2, 4]
    """
    if engines.speedups is not None:
        return engines.speedups.longest_increasing(values)
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


def matched_runs(starts_a: list[int], starts_b: list[int]) -> list[Block]:
    """Matched single keys (a[starts_a[k]] with b[starts_b[k]]) joined into blocks
    where they follow each other on both sides; the comparisons run in C.

    >>> matched_runs([0, 1, 2, 5, 6], [3, 4, 9, 10, 11])
    [(0, 3, 2), (2, 9, 1), (5, 10, 2)]
    """
    if engines.speedups is not None:
        return engines.speedups.runs(starts_a, starts_b)
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

"""Two texts held by line: the lines they share propose anchors, the words confirm them."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import partial
from itertools import accumulate, chain, compress, count
from operator import ne, not_

from ..model import LineKeys, LineTokens
from . import engines
from .anchors import (
    Size,
    common_prefix,
    common_suffix,
    longest_increasing,
    matched_runs,
    matching_blocks,
    uncrossed,
    unique_pairs,
)
from .engines import Block, Codes, dmp_blocks, join_blocks


def line_blocks(a: LineKeys, b: LineKeys, codes: Codes, direct_limit: int) -> list[Block]:
    """Blocks of equal keys of two texts held by line: lines first, then words.

    As git's word diff does: the lines the two texts share are matched as
    whole strings (:func:`_line_anchors`), and only the words of the lines
    between them are compared, as :func:`matching_blocks` compares any two
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
    blocks: list[Block] = []
    dropped = bytearray(len(anchors))  # anchors inside a stretch aligned whole
    for first, last in merged:
        dropped[after[first] : after[last]] = b"\x01" * (after[last] - after[first])
        i, j = starts_a[stretches[first][0]], starts_b[stretches[first][2]]
        p, q = stretches[last][1], stretches[last][3]
        (whole_a,) = _token_codes(a, [(i, starts_a[p])], codes)
        (whole_b,) = _token_codes(b, [(j, starts_b[q])], codes)
        prefix = common_prefix(whole_a, whole_b)
        suffix = common_suffix(whole_a[prefix:], whole_b[prefix:])
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
        if len(codes_a) + len(codes_b) <= direct_limit:  # as matching_blocks would
            blocks.extend(dmp_blocks(codes_a, codes_b, i + prefix, j + prefix, code))
        else:
            found = matching_blocks(codes_a, codes_b, code, direct_limit)
            blocks.extend((i + prefix + u, j + prefix + v, m) for u, v, m in found)
    return join_blocks(blocks)


# A stretch's words past its common ends: where its tokens start on each
# side, how many it shares at its start and at its end, and the code points
# of the keys between (a str, a code point a token).
_Middle = tuple[int, int, int, int, str, str]


def _stretch_middles(
    a: LineKeys,
    b: LineKeys,
    stretches: list[tuple[int, int, int, int]],
    codes: Codes,
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
    common = engines.speedups.common_tokens if engines.speedups and plain else None
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
            prefix, suffix = common_ends(keys_a, keys_b)
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
    """Whether the C tokenizer (:data:`engines.speedups`) counted these lines: only then may
    the C loops split them again (one tokenizer's counts, never another's tokens)."""
    in_c = getattr(engines.speedups, "split_words", None)
    return in_c is not None and all(s.split is in_c for s in surfaces)


def _token_codes(keys: LineKeys, ranges: list[tuple[int, int]], codes: Codes) -> list[str]:
    """The code points of the keys of tokens start..stop, for each (start, stop) of ``ranges``
    (in order): ``"".join(map(codes.__getitem__, keys.of_tokens(start, stop)))``, in C
    (:data:`engines.speedups`) where the keys are the plain surfaces.

    >>> from revdiff.tokenize import plain_witness
    >>> w = plain_witness("  a b a,\\nc a\\n", "a", "a")
    >>> codes = Codes()
    >>> [list(map(ord, c)) for c in _token_codes(w.keys, [(0, 3), (2, 6), (6, 6)], codes)]
    [[1, 2, 1], [1, 3, 4, 1], []]
    """
    if not ranges:
        return []
    if engines.speedups is not None and keys.key is str.strip and _tokenized_in_c(keys.surfaces):
        bounds = keys.surfaces.chars_at(chain.from_iterable(ranges))
        return engines.speedups.token_codes(keys.surfaces.text, bounds, codes)
    code = codes.__getitem__
    return ["".join(map(code, keys.of_tokens(start, stop))) for start, stop in ranges]


def _crossed_stretches(
    middles: Sequence[_Middle | None],
    stretches: list[tuple[int, int, int, int]],
    size: Size,
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
    in_a, in_b_by_a = unique_pairs(words_a, words_b)
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


def common_ends(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[int, int]:
    """How many keys a and b share at the start, and then at the end (first differences found in C).

    >>> common_ends(("x", "y", "z"), ("x", "q", "z")), common_ends(("x", "x"), ("x",))
    ((1, 1), (1, 0))
    """
    n = min(len(a), len(b))
    prefix = next(compress(count(), map(ne, a, b)), n)
    return prefix, min(next(compress(count(), map(ne, reversed(a), reversed(b))), n), n - prefix)


def _line_anchors(a: tuple[str, ...], b: tuple[str, ...], size: Size, limit: int) -> list[Block]:
    """Blocks of lines equal on both sides: the common prefix and suffix, and between
    them the lines unique to both sides, the longest run in order on both (patience
    diff), less those a crossing near them leaves to the words (:func:`uncrossed`).

    ``size`` says how many tokens lines x..p of a and y..q of b hold.

    >>> def size(x, p, y, q):
    ...     return (p - x) + (q - y)  # a token a line
    >>> _line_anchors(("x", "p", "q", "r", "z"), ("x", "q", "p", "s", "z"), size, 0)
    [(0, 0, 1), (2, 1, 1), (4, 4, 1)]
    >>> _line_anchors(("x", "p", "q", "r", "z"), ("x", "q", "p", "s", "z"), size, 6)
    [(0, 0, 1), (4, 4, 1)]
    """
    prefix = common_prefix(a, b)
    suffix = common_suffix(a[prefix:], b[prefix:])
    end_a, end_b = len(a) - suffix, len(b) - suffix
    in_a, in_b_by_a = unique_pairs(a[prefix:end_a], b[prefix:end_b])

    def middle_size(x: int, p: int, y: int, q: int) -> int:
        return size(prefix + x, prefix + p, prefix + y, prefix + q)

    chosen = longest_increasing(in_b_by_a)
    chosen = uncrossed(in_a, in_b_by_a, chosen, end_a - prefix, end_b - prefix, middle_size, limit)
    blocks = [(0, 0, prefix)] if prefix else []
    found = matched_runs(
        list(map(in_a.__getitem__, chosen)), list(map(in_b_by_a.__getitem__, chosen))
    )
    blocks.extend((prefix + p, prefix + q, n) for p, q, n in found)
    if suffix:
        blocks.append((end_a, end_b, suffix))
    return blocks

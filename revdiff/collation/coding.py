"""A collation's keys as code points: one character a key, made once for every witness.

The table compares, counts and aligns one character per token; the codes
are given in the keys' sorted order, and a plain text's keys are made line
by line, a line several witnesses share once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

from ..align import Codes
from ..model import LineKeys, Witness

__all__ = ["coded"]


class _Lines(dict[str, tuple[str, ...]]):
    """A plain text's line to the keys of its tokens, each line split and each surface keyed
    once, for every witness with this key function (copies of a text share most lines)."""

    __slots__ = ("split", "key", "words")

    def __init__(self, split: Callable[[str], list[str]], key: Callable[[str], str]) -> None:
        super().__init__()
        self.split = split
        self.key = key
        self.words: dict[str, str] = {}

    def keys_of(self, tokens: Iterable[str]) -> tuple[str, ...]:
        words = self.words
        return tuple([words[t] if t in words else words.setdefault(t, self.key(t)) for t in tokens])

    def __missing__(self, line: str) -> tuple[str, ...]:
        made = self[line] = self.keys_of(self.split(line))
        return made


def coded(
    witnesses: Sequence[Witness],
) -> tuple[list[str], dict[str, str], list[Counter[str]]]:
    """Each witness's keys as a string of code points, one character a key; the key of
    each code point; and each witness's count of each key.

    The table compares, counts and aligns one character per token, and the
    aligner gets strings it need not code again (:func:`revdiff.align.align_codes`).
    Codes are given in the keys' sorted order, so that two witnesses' code
    strings compare as their keys do. A plain text's keys are made line by
    line, a line shared by several witnesses once.
    """
    memos: dict[Callable[[str], str], _Lines] = {}
    pieces: list[list[tuple[str, ...]]] = []
    for w in witnesses:
        keys = w.keys
        if isinstance(keys, LineKeys) and keys.surfaces.lines:
            surfaces = keys.surfaces
            try:
                lines = memos.setdefault(keys.key, _Lines(surfaces.split, keys.key))
            except TypeError:  # an unhashable key function: a memo of its own
                lines = _Lines(surfaces.split, keys.key)
            # The first line's tokens may not be what split gives (white space before them).
            first = lines.keys_of(surfaces.tokens_of(0))
            pieces.append([first, *map(lines.__getitem__, surfaces.lines[1:])])
        else:
            pieces.append([tuple(keys)])
    distinct = set().union(*(lines.words.values() for lines in memos.values()))
    for parts in pieces:
        if len(parts) == 1:
            distinct.update(parts[0])
    codes = Codes()
    for key in sorted(distinct):
        codes[key]  # noqa: B018  (given its code, in order)
    by_line: dict[tuple[str, ...], str] = {}

    def code_of(part: tuple[str, ...]) -> str:
        found = by_line.get(part)
        if found is None:
            found = by_line[part] = "".join(map(codes.__getitem__, part))
        return found

    coded = ["".join(map(code_of, parts)) for parts in pieces]
    # Counted over the keys themselves (each distinct key one object, its hash kept), not
    # over the code strings, whose characters would each be made anew.
    counts = [Counter(chain.from_iterable(parts)) for parts in pieces]
    return coded, {code: key for key, code in codes.items()}, counts

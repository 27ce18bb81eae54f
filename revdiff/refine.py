"""Character refinement: the letters that differ inside the words of a replacement.

A replacement (``Объясняем`` / ``Об'ясняем``) is a change of whole tokens;
a reader wants to see the letter that changed. :func:`refine_replacement`
pairs the words (and punctuation marks) of the two sides in order, when
both have as many, and
diffs each pair of close words by character (:func:`revdiff.align.refine`):
so each of several adjacent one-letter changes, which the aligner reads as
one replacement of several words, is refined on its own. Words are close
when they share at least half the letters of the longer (``финансовых`` /
``финансов``, not ``года`` / ``г``); a pair that is not close is replaced
whole, and a replacement none of whose pairs is close is not refined.

>>> [(op.value, a, b) for op, a, b in refine_replacement("Объясняем", "Об'ясняем")]
[('equal', 'Об', 'Об'), ('replace', 'ъ', "'"), ('equal', 'ясняем', 'ясняем')]
>>> refine_replacement("года", "г") is None
True
"""

from __future__ import annotations

import re

from .model import Op
from .tokenize import split_words

__all__ = ["Part", "refine_replacement", "close_words"]

Part = tuple[Op, str, str]
"""A piece of a refined replacement: what it does, its text on the a side and on the b side."""

_SPACE = re.compile(r"(\s+)")


def _units(text: str) -> list[str]:
    """The tokens of a text (:func:`revdiff.tokenize.split_words`) and the white space
    around them, each apart.

    >>> _units(" Об'ясняем это, т.е.")
    [' ', "Об'ясняем", ' ', 'это', ',', ' ', 'т', '.', 'е', '.']
    """
    return [u for token in split_words(text) for u in _SPACE.split(token) if u]


def close_words(a: str, b: str) -> tuple[Part, ...] | None:
    """Two different words diffed by character, or None when they are not close.

    >>> [(op.value, a, b) for op, a, b in close_words("финансовых", "финансов")]
    [('equal', 'финансов', 'финансов'), ('delete', 'ых', '')]
    >>> close_words("Мао", "Мао") is None
    True
    """
    if not a or not b or a == b:
        return None
    from .align import refine

    parts = refine(a, b)
    same = sum(len(x) for op, x, _ in parts if op is Op.EQUAL)
    if same * 2 < max(len(a), len(b)):
        return None
    return tuple(parts)


def refine_replacement(a: str, b: str) -> tuple[Part, ...] | None:
    """The two sides of a replacement in parts, the letters that differ apart, or None.

    The parts cover both texts exactly: their ``a`` sides joined give ``a``,
    their ``b`` sides ``b``. None when the sides have different numbers of
    words, or no pair of words is close (see the module's notes).

    >>> parts = refine_replacement("кот пёс дом, ", "кит пес дым. ")
    >>> "".join(f"[{a}|{b}]" if op is not Op.EQUAL else a for op, a, b in parts)
    'к[о|и]т п[ё|е]с д[о|ы]м[,|.] '
    >>> refine_replacement("one two", "one") is None
    True
    """
    words_a, words_b = _units(a), _units(b)
    if len(words_a) != len(words_b) or not words_a:
        return None
    parts: list[Part] = []
    refined = False
    for x, y in zip(words_a, words_b, strict=True):
        if x == y:
            _add(parts, (Op.EQUAL, x, y))
        elif x.isspace() != y.isspace():
            return None  # the words and the white space between them do not line up
        elif (letters := None if x.isspace() else close_words(x, y)) is not None:
            refined = True
            for part in letters:
                _add(parts, part)
        else:
            _add(parts, (Op.REPLACE, x, y))
    return tuple(parts) if refined else None


def _add(parts: list[Part], part: Part) -> None:
    """Append a part, joined to the one before it when both do the same."""
    op, x, y = part
    if parts and parts[-1][0] is op:
        _, px, py = parts.pop()
        part = (op, px + x, py + y)
    parts.append(part)

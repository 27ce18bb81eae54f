"""Text to tokens, and the keys tokens are compared on.

A token is a word (letters, digits and the marks that stand inside words:
combining accents, an apostrophe or hyphen between letters) or one punctuation
mark, with the white space that follows it. Joining the surfaces of a text's
tokens gives the text back exactly.

A :class:`Normalizer` makes the key a token is compared on; the surface is
kept for display ("compare on a key, show the surface").

A plain text is held line by line (:func:`line_tokens`): its lines and how
many tokens each has, a line split only when its tokens are asked for.

>>> [t for t in split_words("Об'ясняем это, т.е.\\n\\nДа")]
["Об'ясняем ", 'это', ', ', 'т', '.', 'е', '.\\n\\n', 'Да']
>>> Normalizer(tables=("hard-sign", "yo")).key("Об'ясняем")
'Объясняем'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import add, itemgetter
from typing import cast

from .model import LineKeys, LineTokens, Origin, Witness

__all__ = [
    "split_words",
    "split_chars",
    "line_tokens",
    "split_line",
    "TokenCache",
    "Normalizer",
    "TABLES",
    "plain_witness",
    "normalize",
]

# Combining marks are not \w in Python's re, but they stand inside words (stress marks).
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD_CHAR = rf"[\w{_MARKS}]"
_JOINER = "['\u2019\u02bc\\-\u2010\u2011]"
# Possessive quantifiers: nothing is ever given back, so the engine keeps no
# backtracking state (a quarter faster on long texts). Only a text's leading
# white space can be a token of its own (the last alternative).
_TOKEN = re.compile(
    rf"{_WORD_CHAR}++(?:{_JOINER}{_WORD_CHAR}++)*+\s*+"
    rf"|[^\w\s{_MARKS}][{_MARKS}]*+\s*+|[{_MARKS}]++\s*+|\s++"
)
# Any leading white space belongs to the first token, so every token but a
# text's first starts with a visible character.
_FIRST_SPACE = re.compile(r"\s+")


_CHAR = re.compile(r"\s*\S\s*|\s+", flags=re.DOTALL)


class _Shared(dict[str, str]):
    """Each string to the first equal one seen, so that equal tokens share one object.

    A novel of a million words has some tens of thousands of distinct
    tokens: sharing keeps a witness's memory near that, not a string per
    token, and lets equal tokens compare by identity.
    """

    __slots__ = ()

    def __missing__(self, text: str) -> str:
        self[text] = text
        return text


# Where a token surely starts: after white space, at a visible character.
_BOUNDARY = re.compile(r"\s(?=\S)")
_CHUNK = 1 << 16


def _tokens(pattern: re.Pattern[str], text: str) -> list[str]:
    # A regex pass and a dict pass, both in C, so no Python code runs per
    # token; chunks cut where a token surely starts keep the strings found
    # but not yet shared to one chunk's worth.
    tokens: list[str] = []
    shared = _Shared().__getitem__
    start = 0
    while start < len(text):
        cut = _BOUNDARY.search(text, start + _CHUNK)
        end = cut.end() if cut else len(text)
        tokens.extend(map(shared, pattern.findall(text, start, end)))
        start = end
    if len(tokens) > 1 and not tokens[0].strip():
        tokens[1] = shared(tokens[0] + tokens[1])
        del tokens[0]
    return tokens


def split_words(text: str) -> list[str]:
    """Split text into word and punctuation tokens, each with its trailing white space.

    >>> split_words("  a, a")
    ['  a', ', ', 'a']
    """
    return _tokens(_TOKEN, text)


def split_chars(text: str) -> list[str]:
    """One token per character, white space attached to the character before it.

    >>> split_chars("ab c")
    ['a', 'b ', 'c']
    """
    return _tokens(_CHAR, text)


# A line, as LineTokens holds it: from a visible character to the end of its
# line, with the white space after it (blank lines, the next line's indent),
# so that each line starts where a token does; the first line also takes the
# text's leading white space.
_LINE = re.compile(r"\s*+\S[^\n]*+\s*+")


class TokenCache(dict[str, tuple[str, int]]):
    """Lines already counted: each line's text to the line (the first seen) and its number of tokens.

    Shared by the witnesses of one comparison (``revdiff diff`` passes one to
    both), so that a line the texts have in common is counted once by the
    regex, and is the same string on both sides (compared by identity, not
    character by character, when the lines are matched). With the C
    speed-up, counting a line costs less than looking it up: it goes unused.
    """

    __slots__ = ()


def split_line(line: str) -> list[str]:
    """The tokens of one line of :class:`~revdiff.model.LineTokens` (those of :func:`split_words`).

    >>> split_line("  Мы рады.\\n\\n")
    ['  Мы ', 'рады', '.\\n\\n']
    """
    tokens = _TOKEN.findall(line)
    if len(tokens) > 1 and line[0].isspace():  # only a text's first line starts so
        tokens[:2] = [tokens[0] + tokens[1]]
    return tokens


def _split_line_shared(line: str) -> list[str]:
    """:func:`split_line`, a long line's equal tokens sharing one string (as split_words makes them)."""
    return _TOKEN.findall(line) if len(line) < _CHUNK else split_words(line)


def line_tokens(text: str, cache: TokenCache | None = None) -> LineTokens | None:
    """The text's tokens held line by line (None for a text of white space only).

    The tokens are those of :func:`split_words`: a token never spans two
    lines, because a line starts where a token does. Only counted here: a
    line is split when its tokens are asked for.

    >>> t = line_tokens("  Мы рады.\\n\\nДа\\n")
    >>> t.lines, t.starts, t[:]
    (('  Мы рады.\\n\\n', 'Да\\n'), (0, 3, 4), ('  Мы ', 'рады', '.\\n\\n', 'Да\\n'))
    """
    if speedups is not None:  # in C, splitting and counting cost less than looking lines up
        lines, counts = speedups.split_lines(text)
    else:
        lines, counts = _counted_lines(text, TokenCache() if cache is None else cache)
    if not lines:
        return None
    first = split_line(lines[0]) if lines[0][0].isspace() else None
    if first is not None:  # its leading white space is no token of its own
        counts[0] = len(first)
    locate = speedups.chars_at if speedups is not None else None
    return LineTokens(lines, counts, _split_line_shared, text, first, locate)


LONG_LINE = 256
CUT_EVERY = 16
"""A line longer than LONG_LINE characters (a paragraph written as one line)
is held in pieces: it is cut after each token but its last whose visible
characters' code points add up to a multiple of CUT_EVERY. The cuts depend on
the words alone, so that the same words are cut the same way in both texts,
wherever they stand, and a change to a long paragraph leaves the pieces away
from it equal, to be matched whole as short lines are (content-defined
chunking, as rsync and backup tools cut files)."""


def _pieces(lines: list[str]) -> list[str]:
    """The lines, each long one cut into pieces (see :data:`CUT_EVERY`).

    >>> pieces = _pieces(["a p " * 80 + "b\\n"])  # "p" is 112, 7 times 16; "a" is 97
    >>> len(pieces), pieces[:2], pieces[-1]
    (81, ['a p ', 'a p '], 'b\\n')
    >>> _pieces(["short: a p b\\n"])
    ['short: a p b\\n']
    """
    if not lines or max(map(len, lines)) <= LONG_LINE:
        return lines
    out: list[str] = []
    for line in lines:
        if len(line) <= LONG_LINE:
            out.append(line)
            continue
        tokens = split_line(line)
        start = 0
        for k, token in enumerate(tokens[:-1], 1):
            visible = token.strip()
            if visible and sum(map(ord, visible)) % CUT_EVERY == 0:
                out.append("".join(tokens[start:k]))
                start = k
        out.append("".join(tokens[start:]))
    return out


def _counted_lines(text: str, cache: TokenCache) -> tuple[list[str], list[int]]:
    """The text's lines (:func:`_pieces` of what :data:`_LINE` finds), and how many tokens each has."""
    lines = _pieces(_LINE.findall(text))
    if not cache:  # the first text of a comparison: every line is new
        counts = _counts(lines)
        cache.update(zip(lines, zip(lines, counts, strict=True), strict=True))
        return lines, counts
    # A line already counted (the other text's, mostly) costs one dict lookup.
    found = list(map(cache.get, lines))
    new = [k for k, entry in enumerate(found) if entry is None]
    new_lines = list(map(lines.__getitem__, new))
    for k, line, count in zip(new, new_lines, _counts(new_lines), strict=True):
        found[k] = cache.setdefault(line, (line, count))
    seen = cast(list[tuple[str, int]], found)  # none is None now
    return list(map(itemgetter(0), seen)), list(map(itemgetter(1), seen))


try:
    # Optional: splitting lines and counting their tokens in C (setup.py builds
    # it where it can). The lines and counts are the same, which the tests
    # check; None for the regex.
    from . import _speedups as speedups
except ImportError:  # pragma: no cover - no C compiler where revdiff was installed
    speedups = None  # type: ignore[assignment]

# Counting tokens costs less than making them: a run of plain words, each
# followed by one space (most of a text's tokens), is one match, counted by
# its spaces; any other token is matched by _TOKEN, and counted as one.
_COUNT = re.compile(rf"((?:\w++ (?=\S))++)|{_TOKEN.pattern}")


def _counts(lines: list[str]) -> list[int]:
    """How many tokens each line has (one of a text's lines, so not starting with white space).

    Only C code runs per line: the regex, then counting what it found.

    >>> _counts(["Мы очень рады, что вы приехали.\\n", "Да\\n"])
    [8, 1]
    """
    found = list(
        map(_COUNT.findall, lines)
    )  # per line: each plain run, and "" for each other token
    words_in_runs = map(str.count, map("".join, found), repeat(" "))
    return list(map(add, words_in_runs, map(list.count, found, repeat(""))))


class _Keys(dict[str, str]):
    """A token's surface to its plain key (without white space), made once per surface."""

    __slots__ = ()

    def __missing__(self, text: str) -> str:
        key = self[text] = text.strip()
        return key


def _plain_keys(texts: Sequence[str]) -> tuple[str, ...]:
    """The plain keys of token surfaces, in one pass in C.

    >>> _plain_keys(["a ", "b\\n", "a "])
    ('a', 'b', 'a')
    """
    return tuple(map(_Keys().__getitem__, texts))


def _hard_sign(word: str) -> str:
    # A Soviet typewriter had no ъ: an apostrophe stood for it, between a
    # consonant and a vowel (Об'ясняем, под'езд).
    return re.sub(r"(?<=[бвгджзклмнпрстфхцчшщ])['\u2019\u02bc](?=[еёюя])", "ъ", word, flags=re.I)


_OLD_LETTERS = str.maketrans("ѣѢіІѳѲѵѴ", "еЕиИфФиИ")
# A hard sign after a consonant and before no letter: the pre-1918 word-final ъ.
_FINAL_HARD_SIGN = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])[ъЪ](?![^\W\d_])", re.I)


def _old_orthography(word: str) -> str:
    """Pre-1918 spelling to modern letters: ѣ е, і и, ѳ ф, ѵ и, no word-final ъ.

    >>> _old_orthography("Міръ вѣка")
    'Мир века'
    """
    return _FINAL_HARD_SIGN.sub("", word.translate(_OLD_LETTERS))


def _stress(word: str) -> str:
    """Drop combining acute and grave accents (stress marks), keeping й and ё.

    >>> _stress("усло\u0301вие") == "условие" and _stress("ёй") == "ёй"
    True
    """
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", decomposed.replace("\u0301", "").replace("\u0300", ""))


_DOUBLE_QUOTES = '"«»„“”‟″〝〞＂'
_SINGLE_QUOTES = "'‘’‚‛‹›′"
_DASHES = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
)
_QUOTES = str.maketrans(dict.fromkeys(_DOUBLE_QUOTES + _SINGLE_QUOTES, '"'))
_DOUBLE = str.maketrans(dict.fromkeys(_DOUBLE_QUOTES, '"'))


def _quotes_dashes(word: str) -> str:
    """Every dash to ``-``; every quotation mark to ``"`` (an apostrophe inside a word stays).

    >>> [_quotes_dashes(w) for w in ["«", "—", "Дзе‑дуну", "Об'ясняем"]]
    ['"', '-', 'Дзе-дуну', "Об'ясняем"]
    """
    word = word.translate(_DASHES)
    if any(c.isalnum() for c in word):
        return word.translate(_DOUBLE)
    return word.translate(_QUOTES)


_TELEGRAM_WORDS = {"зпт": ",", "тчк": ".", "stop": "."}


def _telegram(word: str) -> str:
    """Telegram style: ЗПТ a comma, ТЧК and STOP a full stop; no case at all.

    A telegram is written in capitals, so it says nothing about case: the
    preset compares every word without case (on both sides).

    >>> [_telegram(w) for w in ["ЗПТ", "ТЧК", "STOP", "ПЕРЕДАЙ", "Передай"]]
    [',', '.', '.', 'передай', 'передай']
    """
    folded = word.casefold()
    return _TELEGRAM_WORDS.get(folded, folded)


TABLES: dict[str, Callable[[str], str]] = {
    "yo": lambda w: w.replace("ё", "е").replace("Ё", "Е"),
    "hard-sign": _hard_sign,
    "old-orthography": _old_orthography,
    "stress": _stress,
    "quotes-dashes": _quotes_dashes,
    "telegram": _telegram,
}
"""Named normalization tables: each maps a word's text to its normal form."""


@dataclass(frozen=True, slots=True)
class Normalizer:
    """How a token's key is made from its surface."""

    ignore_case: bool = False
    ignore_punctuation: bool = False
    tables: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [t for t in self.tables if t not in TABLES]
        if unknown:
            raise ValueError(
                f"unknown normalization table {unknown[0]!r}; known: {', '.join(TABLES)}"
            )

    @property
    def is_identity(self) -> bool:
        return not (self.ignore_case or self.ignore_punctuation or self.tables)

    def key(self, surface: str) -> str:
        key = unicodedata.normalize("NFC", surface.strip())
        for name in self.tables:
            key = TABLES[name](key)
        if self.ignore_punctuation:
            key = "".join(c for c in key if not unicodedata.category(c).startswith("P"))
        if self.ignore_case:
            key = key.casefold()
        return key


def plain_witness(
    text: str,
    source: str,
    siglum: str,
    *,
    by: str = "word",
    lang: str | None = None,
    cache: TokenCache | None = None,
) -> Witness:
    """A witness of plain text, tokenized ``by`` word or char.

    By word, its tokens are held line by line (:class:`~revdiff.model.LineTokens`),
    with ``cache`` (if given) shared with the other witnesses of a comparison.
    """
    if by == "word":
        lines = line_tokens(text, cache)
        if lines is not None:
            return Witness(siglum, source, lines, LineKeys(lines, str.strip), lang=lang)
    texts = tuple(split_words(text) if by == "word" else split_chars(text))
    return Witness(siglum, source, texts, _plain_keys(texts), lang=lang)


def normalize(witness: Witness, normalizer: Normalizer) -> Witness:
    """The witness with keys made by ``normalizer``.

    A token whose key comes out empty (a punctuation mark, when punctuation is
    ignored) is joined to the token before it, so that it is shown but never
    aligned on its own.
    """
    if normalizer.is_identity:
        return witness
    if isinstance(witness.texts, LineTokens) and not normalizer.ignore_punctuation:
        return witness.with_keys(LineKeys(witness.texts, normalizer.key))
    keys = [normalizer.key(t) for t in witness.texts]
    if not normalizer.ignore_punctuation:
        return witness.with_keys(tuple(keys))
    texts: list[str] = []
    merged_keys: list[str] = []
    origins: list[Origin | None] = []
    pending = ""  # empty-keyed surfaces before the first keyed token
    for i, (surface, key) in enumerate(zip(witness.texts, keys, strict=True)):
        if not key and texts:
            texts[-1] += surface
            continue
        if not key:
            pending += surface
            continue
        texts.append(pending + surface)
        pending = ""
        merged_keys.append(key)
        origins.append(witness.origin(i))
    if pending:  # nothing but punctuation: keep it as one token
        texts.append(pending)
        merged_keys.append("")
        origins.append(witness.origin(0))
    return Witness(
        witness.siglum,
        witness.source,
        tuple(texts),
        tuple(merged_keys),
        tuple(origins) if witness.origins else (),
        witness.layer,
        witness.title,
        witness.lang,
    )

"""Text to tokens; the keys they are compared on come from :mod:`revdiff.normalize`.

A token is a word (letters, digits and the marks that stand inside words:
combining accents, an apostrophe or hyphen between letters) or one punctuation
mark, with the white space that follows it. Joining the surfaces of a text's
tokens gives the text back exactly.

A :class:`Normalizer` makes the key a token is compared on; the surface is
kept for display ("compare on a key, show the surface"): it lives in
:mod:`revdiff.normalize`, and is named here too.

A plain text is held line by line (:func:`line_tokens`): its lines and how
many tokens each has, a line split only when its tokens are asked for.

>>> [t for t in split_words("Об'ясняем это, т.е.\\n\\nДа")]
["Об'ясняем ", 'это', ', ', 'т', '.', 'е', '.\\n\\n', 'Да']
>>> Normalizer(tables=("hard-sign", "yo")).key("Об'ясняем")
'Объясняем'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import repeat
from operator import add, itemgetter
from typing import cast

from .chars import JOINERS, MARKS, WORD_CHAR, joins
from .chars import MARK_CLASS as _MARKS
from .model import LineKeys, LineTokens, Witness
from .normalize import TABLES, Normalizer, Replacements, Table, normalize

__all__ = [
    "split_words",
    "joins",
    "split_chars",
    "line_tokens",
    "split_line",
    "TokenCache",
    "Normalizer",
    "TABLES",
    "Replacements",
    "Table",
    "plain_witness",
    "normalize",
]

_JOINER = f"[{re.escape(JOINERS)}]"
# A word (word characters, joined by a joiner between two of them), or one
# punctuation mark with the marks on it; then the white space after it. Only a
# text's leading white space is a token of its own (the last alternative).
# Plain greedy quantifiers, never possessive ones (*+, ++, ?+): before 3.11.5
# they kept half a match (CPython gh-106052), and Debian 12's Python is 3.11.2.
# No alternative can give back what it took and still match, so greedy
# quantifiers find what possessive ones would.
_TOKEN = re.compile(rf"{WORD_CHAR}+(?:{_JOINER}{WORD_CHAR}+)*\s*|[^\w\s{_MARKS}][{_MARKS}]*\s*|\s+")
_CHAR = re.compile(r"\s*\S\s*|\s+", flags=re.DOTALL)

LONG_LINE = 256
CUT_EVERY = 16
"""A line longer than LONG_LINE characters (a paragraph written as one line)
is held in pieces: it is cut after each token but its last whose visible
characters' code points add up to a multiple of CUT_EVERY. The cuts depend on
the words alone, so that the same words are cut the same way in both texts,
wherever they stand, and a change to a long paragraph leaves the pieces away
from it equal, to be matched whole as short lines are (content-defined
chunking, as rsync and backup tools cut files)."""

try:
    # Optional: the token rule in C (setup.py builds it where it can), given
    # its parts from the definitions above. Where it is built, it is the only
    # tokenizer revdiff uses: lines, counts, offsets and token strings all come
    # from it (the tests check it against the regexes on every code point).
    # None for the regexes; an extension built from an older revdiff, which
    # cannot be given the rule, counts as not built.
    from . import _speedups as speedups

    speedups.configure(MARKS, JOINERS, LONG_LINE, CUT_EVERY)
except (ImportError, AttributeError):  # pragma: no cover - no C compiler at install
    speedups = None  # type: ignore[assignment]


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
    if len(tokens) > 1 and not tokens[0].strip():  # leading white space joins the first token
        tokens[1] = shared(tokens[0] + tokens[1])
        del tokens[0]
    return tokens


def split_words(text: str) -> list[str]:
    """Split text into word and punctuation tokens, each with its trailing white space.

    Any leading white space belongs to the first token, so that every token
    but a text's first starts with a visible character. Equal tokens are one
    string.

    >>> split_words("  a, a")
    ['  a', ', ', 'a']
    """
    if speedups is not None:
        return speedups.split_words(text)
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
_LINE = re.compile(r"\s*\S[^\n]*\s*")


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
    return split_words(line)


def _split_line_regex(line: str) -> list[str]:
    """:func:`split_words` by the regex, a short line's equal tokens not looked for."""
    if len(line) >= _CHUNK:
        return _tokens(_TOKEN, line)
    tokens = _TOKEN.findall(line)
    if len(tokens) > 1 and line[0].isspace():  # only a text's first line starts so
        tokens[:2] = [tokens[0] + tokens[1]]
    return tokens


def line_tokens(text: str, cache: TokenCache | None = None) -> LineTokens | None:
    """The text's tokens held line by line (None for a text of white space only).

    The tokens are those of :func:`split_words`: a token never spans two
    lines, because a line starts where a token does. Only counted here: a
    line is split when its tokens are asked for, by the tokenizer that counted
    it (the C one where built, else the regexes; never one's counts with the
    other's tokens).

    >>> t = line_tokens("  Мы рады.\\n\\nДа\\n")
    >>> t.lines, t.starts, t[:]
    (('  Мы рады.\\n\\n', 'Да\\n'), (0, 3, 4), ('  Мы ', 'рады', '.\\n\\n', 'Да\\n'))
    """
    if speedups is not None:  # in C, splitting and counting cost less than looking lines up
        lines, counts = speedups.split_lines(text)
        split, locate = speedups.split_words, speedups.chars_at
    else:
        lines, counts = _counted_lines(text, TokenCache() if cache is None else cache)
        split, locate = _split_line_regex, None
    if not lines:
        return None
    return LineTokens(lines, counts, split, text, None, locate)


def _pieces(lines: list[str]) -> list[str]:
    """The lines, each long one cut into pieces (see :data:`CUT_EVERY`), by the regex.

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
        tokens = _split_line_regex(line)
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
    else:
        # A line already counted (the other text's, mostly) costs one dict lookup.
        found = list(map(cache.get, lines))
        new = [k for k, entry in enumerate(found) if entry is None]
        new_lines = list(map(lines.__getitem__, new))
        for k, line, count in zip(new, new_lines, _counts(new_lines), strict=True):
            found[k] = cache.setdefault(line, (line, count))
        seen = cast(list[tuple[str, int]], found)  # none is None now
        lines, counts = list(map(itemgetter(0), seen)), list(map(itemgetter(1), seen))
    if lines and lines[0][0].isspace():  # the text's leading white space: no token of its own
        counts[0] -= 1
    return lines, counts


# Counting tokens costs less than making them: a run of plain words, each
# followed by one space (most of a text's tokens), is one match, counted by
# its spaces; any other token is matched by _TOKEN, and counted as one. Each
# word of a run is what _TOKEN would match there (\w+ and one space, before a
# visible character), so the counts are _TOKEN's.
_COUNT = re.compile(rf"((?:\w+ (?=\S))+)|{_TOKEN.pattern}")


def _counts(lines: list[str]) -> list[int]:
    """How many tokens of :data:`_TOKEN` each line has (white space at its start counting as one).

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

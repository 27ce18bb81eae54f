"""Text to tokens, and the keys tokens are compared on.

A token is a word (letters, digits and the marks that stand inside words:
combining accents, an apostrophe or hyphen between letters) or one punctuation
mark, with the white space that follows it. Joining the surfaces of a text's
tokens gives the text back exactly.

A :class:`Normalizer` makes the key a token is compared on; the surface is
kept for display ("compare on a key, show the surface").

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

from .model import Origin, Witness

__all__ = [
    "split_words",
    "split_chars",
    "Normalizer",
    "TABLES",
    "plain_witness",
    "normalize",
]

# Combining marks are not \w in Python's re, but they stand inside words (stress marks).
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD_CHAR = rf"[\w{_MARKS}]"
_JOINER = "['\u2019\u02bc\\-\u2010\u2011]"
_TOKEN = re.compile(
    rf"\s*(?:{_WORD_CHAR}+(?:{_JOINER}{_WORD_CHAR}+)*|[^\w\s{_MARKS}][{_MARKS}]*|[{_MARKS}]+)\s*|\s+"
)
# Any leading white space belongs to the first token, so every token but a
# text's first starts with a visible character.
_FIRST_SPACE = re.compile(r"\s+")


def split_words(text: str) -> list[str]:
    """Split text into word and punctuation tokens, each with its trailing white space."""
    tokens = _TOKEN.findall(text)
    if len(tokens) > 1 and not tokens[0].strip():
        tokens[1] = tokens[0] + tokens[1]
        del tokens[0]
    return tokens


def split_chars(text: str) -> list[str]:
    """One token per character, white space attached to the character before it.

    >>> split_chars("ab c")
    ['a', 'b ', 'c']
    """
    tokens = re.findall(r"\s*\S\s*|\s+", text, flags=re.DOTALL)
    if len(tokens) > 1 and not tokens[0].strip():
        tokens[1] = tokens[0] + tokens[1]
        del tokens[0]
    return tokens


def _hard_sign(word: str) -> str:
    # A Soviet typewriter had no ъ: an apostrophe stood for it, between a
    # consonant and a vowel (Об'ясняем, под'езд).
    return re.sub(r"(?<=[бвгджзклмнпрстфхцчшщ])['\u2019\u02bc](?=[еёюя])", "ъ", word, flags=re.I)


TABLES: dict[str, Callable[[str], str]] = {
    "yo": lambda w: w.replace("ё", "е").replace("Ё", "Е"),
    "hard-sign": _hard_sign,
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
    text: str, source: str, siglum: str, *, by: str = "word", lang: str | None = None
) -> Witness:
    """A witness of plain text, tokenized ``by`` word or char."""
    texts = tuple(split_words(text) if by == "word" else split_chars(text))
    return Witness(siglum, source, texts, tuple(t.strip() for t in texts), lang=lang)


def normalize(witness: Witness, normalizer: Normalizer) -> Witness:
    """The witness with keys made by ``normalizer``.

    A token whose key comes out empty (a punctuation mark, when punctuation is
    ignored) is joined to the token before it, so that it is shown but never
    aligned on its own.
    """
    if normalizer.is_identity:
        return witness
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


def keys_of(texts: Sequence[str]) -> tuple[str, ...]:
    return tuple(t.strip() for t in texts)

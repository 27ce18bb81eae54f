"""Normalization: the keys tokens are compared on, made from their surfaces.

A :class:`Normalizer` makes the key a token is compared on; the surface is
kept for display ("compare on a key, show the surface"). It applies, in
order, normalization tables: presets by name (:data:`TABLES`: Russian
typewriter and telegram conventions, old orthography, stress marks, quotes
and dashes, Latin u/v and i/j, long s, words broken by a hyphen at a line's
end) and tables of the user's own
(:class:`Replacements`, from a TSV file: ``revdiff diff -n FILE``); then
punctuation and case. :func:`normalize` gives a witness the keys a
normalizer makes.

>>> Normalizer(tables=("hard-sign", "yo")).key("Об'ясняем")
'Объясняем'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from .errors import InputError
from .hyphenation import join_hyphenated
from .model import LineKeys, LineTokens, Origin, Witness

__all__ = ["Normalizer", "TABLES", "Replacements", "Table", "normalize"]


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


_LONG_S = str.maketrans({"ſ": "s", "ﬅ": "st", "ẛ": "ṡ"})
# Latin spelling: u for v, i for j, s for long s, the ligatures æ and œ written out.
_LATIN = str.maketrans(
    {"v": "u", "V": "U", "j": "i", "J": "I", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe"}
    | {k: v for k, v in zip("ſﬅẛ", ("s", "st", "ṡ"), strict=True)}
)


def _as_is(word: str) -> str:
    return word


TABLES: dict[str, Callable[[str], str]] = {
    "yo": lambda w: w.replace("ё", "е").replace("Ё", "Е"),
    "hard-sign": _hard_sign,
    "old-orthography": _old_orthography,
    "stress": _stress,
    "quotes-dashes": _quotes_dashes,
    "telegram": _telegram,
    "latin": lambda w: w.translate(_LATIN),
    "long-s": lambda w: w.translate(_LONG_S),
    # Joins tokens, not words: see revdiff.hyphenation (each word stays as it is).
    "hyphenation": _as_is,
}
"""Named normalization tables (presets): each maps a word's text to its normal form.

``latin`` makes u and v, i and j, s and long s (ſ), æ and ae, œ and oe equal
(v, j, ſ, æ, œ are written u, i, s, ae, oe in the key; Æ and Œ as Ae, Oe);
``long-s`` only the long s (ſ, and the ligature ﬅ).

>>> TABLES["latin"]("Vniuerſitas Iuſtitiæ"), TABLES["long-s"]("ſic ﬅat")
('Uniuersitas Iustitiae', 'sic stat')
"""


@dataclass(frozen=True, slots=True)
class Replacements:
    """A normalization table of the user's own: strings replaced in a key, each by its own.

    ``pairs`` are ``(from, to)``, characters or strings; at each place in a
    key the longest ``from`` that matches is replaced, in one pass from left
    to right (so a ``to`` is never replaced again). ``name`` says where the
    table came from (its file), for messages.

    >>> t = Replacements.parse("# Latin\\nv\\tu\\nae\\tæ\\n", "spellings.tsv")
    >>> t.pairs, t.apply("vae uae")
    ((('v', 'u'), ('ae', 'æ')), 'uæ uæ')
    """

    pairs: tuple[tuple[str, str], ...]
    name: str = "table"
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.pairs:
            raise ValueError(f"{self.name}: no replacements (a line from<TAB>to for each)")
        froms = sorted((f for f, _ in self.pairs), key=len, reverse=True)  # the longest first
        pattern = re.compile("|".join(map(re.escape, froms)))
        object.__setattr__(self, "_pattern", pattern)

    @classmethod
    def parse(cls, text: str, name: str) -> Replacements:
        """A table from its text: one ``from<TAB>to`` a line (``to`` may be empty);
        blank lines and lines starting with ``#`` are left out.

        Raises :class:`~revdiff.errors.InputError` naming the file and line
        of a line that is not a replacement, a ``from`` that is empty or holds
        white space (a key never does), or one given twice.
        """
        pairs: dict[str, tuple[str, int]] = {}
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            source, tab, target = line.partition("\t")
            where = f"{name}:{number}"
            if not tab or "\t" in target:
                raise InputError(f"{where}: not a replacement: write from<TAB>to (one tab)")
            source = unicodedata.normalize("NFC", source)  # as keys are
            if not source or any(c.isspace() for c in source):
                raise InputError(f"{where}: {source!r} cannot be in a key (empty, or white space)")
            if source in pairs:
                first = pairs[source][1]
                raise InputError(f"{where}: {source!r} is replaced already, on line {first}")
            pairs[source] = (unicodedata.normalize("NFC", target), number)
        if not pairs:
            raise InputError(f"{name}: no replacements (a line from<TAB>to for each)")
        return cls(tuple((f, t) for f, (t, _) in pairs.items()), name)

    def casefolded(self) -> Replacements:
        """The table without case: each ``from`` case-folded (the first of those that
        fold alike kept)."""
        pairs: dict[str, str] = {}
        for source, target in self.pairs:
            pairs.setdefault(source.casefold(), target)
        return Replacements(tuple(pairs.items()), self.name)

    def apply(self, key: str) -> str:
        pattern = self._pattern
        if pattern is None or not pattern.search(key):
            return key
        table = dict(self.pairs)
        return pattern.sub(lambda m: table[m.group()], key)


Table = str | Replacements
"""A normalization table: a preset's name (:data:`TABLES`), or :class:`Replacements`."""


@dataclass(frozen=True, slots=True)
class Normalizer:
    """How a token's key is made from its surface.

    ``tables`` apply in order: presets by name and tables of the user's own
    (:class:`Replacements`), then punctuation and case. With ``ignore_case``
    a table of the user's own is without case too: it replaces ``V`` where
    it says ``v``.

    >>> t = Replacements((("v", "u"),))
    >>> Normalizer(tables=(t,)).key("Vt"), Normalizer(True, tables=(t,)).key("Vt")
    ('Vt', 'ut')
    """

    ignore_case: bool = False
    ignore_punctuation: bool = False
    tables: tuple[Table, ...] = ()
    # The tables as applied: the user's own without case, with ignore_case.
    _applied: tuple[Table, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = [t for t in self.tables if isinstance(t, str) and t not in TABLES]
        if unknown:
            raise ValueError(
                f"unknown normalization table {unknown[0]!r}; known: {', '.join(TABLES)}"
            )
        applied = self.tables
        if self.ignore_case:
            applied = tuple(t if isinstance(t, str) else t.casefolded() for t in applied)
        object.__setattr__(self, "_applied", applied)

    @property
    def is_identity(self) -> bool:
        return not (self.ignore_case or self.ignore_punctuation or self.tables)

    def key(self, surface: str) -> str:
        key = unicodedata.normalize("NFC", surface.strip())
        for table in self._applied:
            if isinstance(table, str):
                key = TABLES[table](key)
            else:
                key = table.apply(key.casefold() if self.ignore_case else key)
        if self.ignore_punctuation:
            key = "".join(c for c in key if not unicodedata.category(c).startswith("P"))
        if self.ignore_case:
            key = key.casefold()
        return key


def normalize(witness: Witness, normalizer: Normalizer) -> Witness:
    """The witness with keys made by ``normalizer``.

    A token whose key comes out empty (a punctuation mark, when punctuation is
    ignored) is joined to the token before it, so that it is shown but never
    aligned on its own.
    """
    if normalizer.is_identity:
        return witness
    hyphenation = "hyphenation" in normalizer.tables
    if isinstance(witness.texts, LineTokens) and not (normalizer.ignore_punctuation or hyphenation):
        return witness.with_keys(LineKeys(witness.texts, normalizer.key))
    surfaces: Sequence[str] = witness.texts
    given: Sequence[Origin | None] = witness.origins
    if hyphenation:  # first the words broken at a line's end, whole; then the tables
        surfaces, plain, given = join_hyphenated(witness.texts, witness.origins)
        keys = [normalizer.key(k) for k in plain]
        if not normalizer.ignore_punctuation:
            origins_kept = tuple(given) if witness.origins else ()
            return replace(witness, texts=tuple(surfaces), keys=tuple(keys), origins=origins_kept)
    else:
        keys = [normalizer.key(t) for t in witness.texts]
        if not normalizer.ignore_punctuation:
            return witness.with_keys(tuple(keys))
    texts: list[str] = []
    merged_keys: list[str] = []
    origins: list[Origin | None] = []
    pending = ""  # empty-keyed surfaces before the first keyed token
    for i, (surface, key) in enumerate(zip(surfaces, keys, strict=True)):
        if not key and texts:
            texts[-1] += surface
            continue
        if not key:
            pending += surface
            continue
        texts.append(pending + surface)
        pending = ""
        merged_keys.append(key)
        origins.append(given[i] if given else None)
    if pending:  # nothing but punctuation: keep it as one token
        texts.append(pending)
        merged_keys.append("")
        origins.append(given[0] if given else None)
    kept = tuple(origins) if witness.origins else ()
    return replace(witness, texts=tuple(texts), keys=tuple(merged_keys), origins=kept)

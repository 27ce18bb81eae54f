"""Witnesses: a text as tokens, each with where it came from.

A :class:`Witness` is one text of a work (a file, or one layer of a TEI file),
held as parallel sequences of token surfaces, keys and origins: tuples, or
for a plain text :class:`LineTokens` and :class:`LineKeys`, which hold its
lines and make tokens and keys when asked. A token from TEI has an
:class:`Origin`: its folio, section, hand, the :class:`Revision` it stands
in, the :class:`Markup` on it. Nothing here does I/O or imports a
third-party library.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate, chain
from typing import overload

from .notice import Notice

__all__ = [
    "RevisionKind",
    "Revision",
    "Markup",
    "Origin",
    "Token",
    "LineTokens",
    "LineKeys",
    "Witness",
]


class RevisionKind(StrEnum):
    """The TEI element a revision is: the names of the elements."""

    ADD = "add"
    DEL = "del"
    RESTORE = "restore"
    ADD_SPAN = "addSpan"
    DEL_SPAN = "delSpan"
    UNDO = "undo"
    REDO = "redo"
    TRANSPOSE = "transpose"


_ADDITIONS = frozenset([RevisionKind.ADD, RevisionKind.ADD_SPAN])
_DELETIONS = frozenset([RevisionKind.DEL, RevisionKind.DEL_SPAN])


@dataclass(frozen=True, slots=True)
class Revision:
    """One act of revision in a TEI source: an ``add``, ``del``, ``restore`` or span.

    ``id`` is the element's ``xml:id`` or, where it has none, a stable name made
    from its kind and its place in document order (``del-3``). ``kind`` may be
    given as the element's name; it is kept as a :class:`RevisionKind`.
    ``stage`` is the ``varSeq`` of the reading of an ``app`` that the revision
    brings in or replaces (the readings of an ``app`` in order are read as
    additions and deletions, see :mod:`revdiff.tei.apparatus`).
    """

    id: str
    kind: RevisionKind
    hand: str | None = None
    change: str | None = None
    place: str | None = None
    line: int | None = None
    stage: str | None = None

    def __post_init__(self) -> None:
        if type(self.kind) is not RevisionKind:  # a name given as a str
            object.__setattr__(self, "kind", RevisionKind(self.kind))

    @property
    def is_addition(self) -> bool:
        return self.kind in _ADDITIONS

    @property
    def is_deletion(self) -> bool:
        return self.kind in _DELETIONS


# Milestones: empty elements that stand before a point of the text, not around a stretch.
MILESTONES = frozenset(["pb", "lb", "cb"])


@dataclass(frozen=True, slots=True)
class Markup:
    """An inline element of a TEI source that is not a revision, on part of one token.

    ``tag`` is the element's local name, ``attributes`` its attributes as sorted
    ``(name, value)`` pairs, ``id`` numbers the element in its source, so that
    the tokens of one element share it. ``start`` and ``end`` are where the
    element begins and ends in the token's text (a milestone, such as ``pb``,
    stands before ``start``, and ``end == start``).

    >>> Markup("hi", (("rend", "bold"),), 3, 0, 1).milestone
    False
    >>> Markup("pb", (("n", "60"),), 4).milestone
    True
    """

    tag: str
    attributes: tuple[tuple[str, str], ...] = ()
    id: int = 0
    start: int = 0
    end: int = 0

    @property
    def milestone(self) -> bool:
        return self.tag in MILESTONES


def verse_of(blocks: Sequence[Markup]) -> str | None:
    """The ``@n`` of the innermost verse line (``l``) among ``blocks``, outermost first.

    The blocks are the one record of a text's structure; the verse number is read
    from them, so that it cannot disagree with them.

    >>> verse_of((Markup("l", (("n", "12"),), 1),))
    '12'
    >>> verse_of((Markup("p", (), 1),)) is None
    True
    """
    for m in reversed(blocks):
        if m.tag == "l":
            return dict(m.attributes).get("n")
    return None


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a token came from in its TEI source.

    ``revision`` is the innermost revision the token's text stands in (None
    for text never revised); ``hand`` is the hand that wrote the text as the
    encoding says (a ``handShift``, or the revision's hand); ``markup`` the
    inline elements on the token (see :class:`Markup`); ``blocks`` the block
    elements around it (its division, speech, verse line: :attr:`verse`).
    """

    folio: str | None = None
    section: str | None = None
    paragraph: int = 0
    hand: str | None = None
    revision: Revision | None = None
    line: int | None = None
    # The inline markup carried with the token (hi, names, pb, lb...): () for most tokens.
    markup: tuple[Markup, ...] = ()
    # The block elements the token stands in, outermost first (div, sp, lg, l, p...),
    # each as a Markup (its tag, attributes and number): the text's structure.
    blocks: tuple[Markup, ...] = ()

    @property
    def verse(self) -> str | None:
        """The number (``@n``) of the verse line (``l``) the token stands in, if any.

        >>> Origin(blocks=(Markup("lg", (), 1), Markup("l", (("n", "6439"),), 2))).verse
        '6439'
        """
        return verse_of(self.blocks)

    @property
    def status(self) -> str:
        """``added``, ``deleted`` or ``text``: how the token stands in the revision."""
        if self.revision is None:
            return "text"
        if self.revision.is_addition:
            return "added"
        if self.revision.is_deletion:
            return "deleted"
        return "text"


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark: its surface (with trailing white space), its key."""

    text: str
    key: str
    origin: Origin | None = None


# Where tokens start in a text held by line: (lines, starts, offsets, indices) -> offsets.
Locate = Callable[[tuple[str, ...], tuple[int, ...], tuple[int, ...], list[int]], list[int]]


class LineTokens(Sequence[str]):
    """A plain text's token surfaces, held as its lines and each line's count of tokens.

    ``lines`` are the text's lines (each from its first visible character to
    the next line's, so that every token lies within one line and joining
    them gives the text; a long line is held in pieces, cut between tokens,
    see :data:`revdiff.tokenize.CUT_EVERY`); ``split`` gives a line's tokens,
    and ``counts`` says how many each has. It is a sequence of surfaces like
    a tuple, indexed over the whole text, but a line is split only when one
    of its tokens is asked for: comparing two long texts
    (:func:`revdiff.align.diff`) matches the lines they share as whole
    strings and splits only the others.

    >>> import re
    >>> t = LineTokens(("a b\\n", "c d\\n"), (2, 2), re.compile(r"\\S+\\s*").findall)
    >>> len(t), t[2], t[1:3], t.span(1, 3), t.line_of(3)
    (4, 'c ', ('b\\n', 'c '), 'b\\nc ', 1)
    """

    __slots__ = (
        "lines",
        "starts",
        "split",
        "text",
        "offsets",
        "_locate",
        "_split_lines",
        "_token_offsets",
    )

    def __init__(
        self,
        lines: Iterable[str],
        counts: Iterable[int],
        split: Callable[[str], list[str]],
        text: str | None = None,
        first: list[str] | None = None,
        locate: Locate | None = None,
    ) -> None:
        self.lines = tuple(lines)
        self.split = split
        # starts[k]: the index of line k's first token; starts[-1]: how many there are.
        self.starts = tuple(accumulate(counts, initial=0))
        if len(self.starts) != len(self.lines) + 1:
            raise ValueError("line tokens need a count for each line")
        self.text = "".join(self.lines) if text is None else text  # the lines joined
        # offsets[k]: where line k starts in the text.
        self.offsets = tuple(accumulate(map(len, self.lines), initial=0))
        # The lines split so far (those around changes): a memo, not state.
        self._split_lines: dict[int, list[str]] = {}
        if first is not None:  # the first line's tokens, where split would not give them
            self._split_lines[0] = first
        # chars_at without splitting lines, if given (revdiff._speedups.chars_at).
        self._locate = locate
        # Where each token of a line starts in it, for the lines looked into: a memo.
        self._token_offsets: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return self.starts[-1]

    def line_of(self, index: int) -> int:
        """The line that holds token ``index`` (0 <= index < len)."""
        return bisect_right(self.starts, index) - 1

    def tokens_of(self, line: int) -> list[str]:
        """The surfaces of one line's tokens."""
        tokens = self._split_lines.get(line)
        if tokens is None:
            tokens = self._split_lines[line] = self.split(self.lines[line])
        return tokens

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return tuple(self)[index]
            return tuple(self._pieces(start, stop))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("token index out of range")
        k = self.line_of(index)
        return self.tokens_of(k)[index - self.starts[k]]

    def _pieces(self, start: int, stop: int) -> Iterator[str]:
        """The surfaces of tokens start..stop, line by line."""
        if start >= stop:
            return iter(())
        first, last = self.line_of(start), self.line_of(stop - 1)
        head = self.tokens_of(first)[start - self.starts[first] : stop - self.starts[first]]
        if first == last:
            return iter(head)
        middle = map(self.split, self.lines[first + 1 : last])
        tail = self.tokens_of(last)[: stop - self.starts[last]]
        return chain(head, chain.from_iterable(middle), tail)

    def char_at(self, index: int) -> int:
        """Where token ``index`` starts in the text (its length, for ``len(self)``)."""
        if index >= len(self):
            return len(self.text)
        k = self.line_of(index)
        before = index - self.starts[k]
        return self.offsets[k] + self._token_offsets_of(k)[before] if before else self.offsets[k]

    def _token_offsets_of(self, line: int) -> list[int]:
        """Where each token of a line starts in it (and, last, its length)."""
        offsets = self._token_offsets.get(line)
        if offsets is None:
            tokens = self.tokens_of(line)
            offsets = self._token_offsets[line] = list(accumulate(map(len, tokens), initial=0))
        return offsets

    def span(self, start: int, stop: int) -> str:
        """The text of tokens start..stop, one slice of the text."""
        return self.text[self.char_at(start) : self.char_at(stop)] if start < stop else ""

    def chars_at(self, indices: Iterable[int]) -> list[int]:
        """Where each of the tokens ``indices`` starts in the text, as :meth:`char_at`.

        For the ends of a diff's segments, in order: an index equal to the
        one before it (one segment's end, the next one's start) is not
        looked up again.
        """
        if self._locate is not None:
            return self._locate(self.lines, self.starts, self.offsets, list(indices))
        starts, offsets, size, end = self.starts, self.offsets, len(self), len(self.text)
        out: list[int] = []
        last, last_at = -1, 0
        for index in indices:
            if index != last:
                last = index
                if index >= size:
                    last_at = end
                else:
                    k = bisect_right(starts, index) - 1
                    before = index - starts[k]
                    last_at = offsets[k]
                    if before:
                        last_at += self._token_offsets_of(k)[before]
            out.append(last_at)
        return out

    def __iter__(self) -> Iterator[str]:
        if not self.lines:
            return iter(())
        return chain(self.tokens_of(0), chain.from_iterable(map(self.split, self.lines[1:])))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LineTokens) and other.split == self.split:
            return self.lines == other.lines
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"LineTokens({len(self.lines)} lines, {len(self)} tokens)"


class _KeyMemo(dict[str, str]):
    """Surface to key, each made once by ``key``."""

    __slots__ = ("key",)

    def __init__(self, key: Callable[[str], str]) -> None:
        super().__init__()
        self.key = key

    def __missing__(self, surface: str) -> str:
        made = self[surface] = self.key(surface)
        return made


class LineKeys(Sequence[str]):
    """The keys of :class:`LineTokens`, made from their surfaces when asked for.

    ``key`` makes a token's key from its surface (``str.strip``, or a
    normalizer's). Nothing is stored: the aligner asks only for the keys of
    the lines two texts do not share.

    >>> k = LineKeys(LineTokens(("A b\\n",), (2,), str.split), str.lower)
    >>> k[0], k[:], k.of_lines(0, 1)
    ('a', ('a', 'b'), ('a', 'b'))
    """

    __slots__ = ("surfaces", "key", "_memo")

    def __init__(self, surfaces: LineTokens, key: Callable[[str], str]) -> None:
        self.surfaces = surfaces
        self.key = key
        self._memo = _KeyMemo(key)  # the keys made so far, by surface

    def __len__(self) -> int:
        return len(self.surfaces)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice):
            return tuple(map(self.key, self.surfaces[index]))
        return self.key(self.surfaces[index])

    def of_tokens(self, start: int, stop: int) -> tuple[str, ...]:
        """The keys of tokens start..stop: with the C speed-up, of only that part of their lines."""
        surfaces = self.surfaces
        if start >= stop:
            return ()
        if start == 0 or surfaces._locate is None:  # a text's first token may take white space
            return tuple(map(self._memo.__getitem__, surfaces[start:stop]))
        at, end = surfaces.chars_at((start, stop))
        return tuple(map(self._memo.__getitem__, surfaces.split(surfaces.text[at:end])))

    def of_lines(self, first: int, stop: int) -> tuple[str, ...]:
        """The keys of the tokens of lines first..stop.

        Each distinct surface is keyed once (a memo kept with the keys), so
        that equal tokens share one key and a key is made once per word, not
        once per token.
        """
        lines = map(self.surfaces.tokens_of, range(first, stop))
        return tuple(map(self._memo.__getitem__, chain.from_iterable(lines)))

    def __iter__(self) -> Iterator[str]:
        return map(self.key, self.surfaces)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"LineKeys({len(self)} keys)"


@dataclass(frozen=True, slots=True)
class Witness:
    """One text to compare: tokens as parallel sequences, with what it was read from.

    Joining ``texts`` gives the witness's text exactly; paragraphs end in a
    blank line. ``origins`` is empty for plain text, which has no provenance.
    ``texts`` and ``keys`` are tuples, or for a plain text :class:`LineTokens`
    and :class:`LineKeys` (sequences of the same strings).
    """

    siglum: str
    source: str
    texts: Sequence[str]
    keys: Sequence[str]
    origins: tuple[Origin | None, ...] = ()
    layer: str | None = None
    title: str | None = None
    lang: str | None = None
    # What the reader assumed where its source was not as it should be.
    notices: tuple[Notice, ...] = ()

    def __post_init__(self) -> None:
        if len(self.texts) != len(self.keys):
            raise ValueError("a witness needs one key for each token")
        if self.origins and len(self.origins) != len(self.texts):
            raise ValueError("a witness needs no origins or one for each token")

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def text(self) -> str:
        return self.span(0, len(self))

    def span(self, start: int, stop: int) -> str:
        """The text of tokens start..stop."""
        if isinstance(self.texts, LineTokens):
            return self.texts.span(start, stop)
        return "".join(self.texts[start:stop])

    def spans(self, ranges: Sequence[tuple[int, int]]) -> list[str]:
        """The text of each (start, stop) range of tokens, as :meth:`span` but at once."""
        if isinstance(self.texts, LineTokens):
            at = self.texts.chars_at(chain.from_iterable(ranges))
            text = self.texts.text
            return list(map(text.__getitem__, map(slice, at[::2], at[1::2])))
        texts = self.texts
        return ["".join(texts[start:stop]) for start, stop in ranges]

    def origin(self, index: int) -> Origin | None:
        return self.origins[index] if self.origins else None

    def token(self, index: int) -> Token:
        return Token(self.texts[index], self.keys[index], self.origin(index))

    def tokens(self) -> Iterator[Token]:
        for index in range(len(self.texts)):
            yield self.token(index)

    def as_tuples(self) -> Witness:
        """The same witness with its tokens and keys in tuples (for many lookups one by one)."""
        if isinstance(self.texts, tuple) and isinstance(self.keys, tuple):
            return self
        return Witness(
            self.siglum,
            self.source,
            tuple(self.texts),
            tuple(self.keys),
            self.origins,
            self.layer,
            self.title,
            self.lang,
            self.notices,
        )

    def with_keys(self, keys: Sequence[str]) -> Witness:
        return Witness(
            self.siglum,
            self.source,
            self.texts,
            keys,
            self.origins,
            self.layer,
            self.title,
            self.lang,
            self.notices,
        )

"""The small immutable types that flow through revdiff.

A :class:`Witness` is one text of a work (a file, or one layer of a TEI file),
held as parallel tuples of token surfaces, keys and origins. A :class:`Diff`
pairs two witnesses with the :class:`Segment` ranges that align them. Nothing
here does I/O or imports a third-party library.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from enum import StrEnum

__all__ = ["Op", "Revision", "Markup", "Origin", "Token", "Witness", "Segment", "Diff", "Stats"]


class Op(StrEnum):
    """What a segment of a diff does: the names of difflib's opcodes."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"
    REPLACE = "replace"


@dataclass(frozen=True, slots=True)
class Revision:
    """One act of revision in a TEI source: an ``add``, ``del``, ``restore`` or span.

    ``id`` is the element's ``xml:id`` or, where it has none, a stable name made
    from its kind and its place in document order (``del-3``).
    """

    id: str
    kind: str
    hand: str | None = None
    change: str | None = None
    place: str | None = None
    line: int | None = None

    @property
    def is_addition(self) -> bool:
        return self.kind in ("add", "addSpan")

    @property
    def is_deletion(self) -> bool:
        return self.kind in ("del", "delSpan")


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


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a token came from in its TEI source.

    ``revision`` is the innermost revision the token's text stands in (None
    for text never revised); ``hand`` is the hand that wrote the text as the
    encoding says (a ``handShift``, or the revision's hand); ``markup`` the
    inline elements on the token (see :class:`Markup`).
    """

    folio: str | None = None
    section: str | None = None
    paragraph: int = 0
    hand: str | None = None
    revision: Revision | None = None
    line: int | None = None
    # The inline markup carried with the token (hi, names, pb, lb...): () for most tokens.
    markup: tuple[Markup, ...] = ()

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


@dataclass(frozen=True, slots=True)
class Witness:
    """One text to compare: tokens as parallel tuples, with what it was read from.

    Joining ``texts`` gives the witness's text exactly; paragraphs end in a
    blank line. ``origins`` is empty for plain text, which has no provenance.
    """

    siglum: str
    source: str
    texts: tuple[str, ...]
    keys: tuple[str, ...]
    origins: tuple[Origin | None, ...] = ()
    layer: str | None = None
    title: str | None = None
    lang: str | None = None

    def __post_init__(self) -> None:
        if len(self.texts) != len(self.keys):
            raise ValueError("a witness needs one key for each token")
        if self.origins and len(self.origins) != len(self.texts):
            raise ValueError("a witness needs no origins or one for each token")

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def origin(self, index: int) -> Origin | None:
        return self.origins[index] if self.origins else None

    def token(self, index: int) -> Token:
        return Token(self.texts[index], self.keys[index], self.origin(index))

    def tokens(self) -> Iterator[Token]:
        for index in range(len(self.texts)):
            yield self.token(index)

    def with_keys(self, keys: tuple[str, ...]) -> Witness:
        return Witness(
            self.siglum,
            self.source,
            self.texts,
            keys,
            self.origins,
            self.layer,
            self.title,
            self.lang,
        )


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of tokens: ``a[a_start:a_end]`` stands against ``b[b_start:b_end]``."""

    op: Op
    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True, slots=True)
class Stats:
    equal: int = 0
    deletions: int = 0
    insertions: int = 0
    replacements: int = 0
    tokens_a: int = 0
    tokens_b: int = 0
    tokens_deleted: int = 0
    tokens_inserted: int = 0
    normalized: int = 0

    @property
    def changes(self) -> int:
        return self.deletions + self.insertions + self.replacements

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class Diff:
    """Two witnesses and the segments that align them, in order.

    The ``a`` sides of the segments, joined, rebuild ``a.text``; the ``b``
    sides rebuild ``b.text``.
    """

    a: Witness
    b: Witness
    segments: tuple[Segment, ...] = field(default=())
    moves: tuple[Move, ...] = ()

    def a_text(self, segment: Segment) -> str:
        return "".join(self.a.texts[segment.a_start : segment.a_end])

    def b_text(self, segment: Segment) -> str:
        return "".join(self.b.texts[segment.b_start : segment.b_end])

    @property
    def changed(self) -> bool:
        return any(s.op is not Op.EQUAL for s in self.segments)

    def stats(self) -> Stats:
        counts = {op: 0 for op in Op}
        deleted = inserted = normalized = 0
        for s in self.segments:
            counts[s.op] += 1
            if s.op is Op.EQUAL:
                a_run = self.a.texts[s.a_start : s.a_end]
                b_run = self.b.texts[s.b_start : s.b_end]
                if a_run != b_run:  # compared in C: most equal runs have equal surfaces too
                    normalized += sum(
                        map(str.__ne__, map(str.rstrip, a_run), map(str.rstrip, b_run))
                    )
            else:
                deleted += s.a_end - s.a_start
                inserted += s.b_end - s.b_start
        return Stats(
            equal=counts[Op.EQUAL],
            deletions=counts[Op.DELETE],
            insertions=counts[Op.INSERT],
            replacements=counts[Op.REPLACE],
            tokens_a=len(self.a),
            tokens_b=len(self.b),
            tokens_deleted=deleted,
            tokens_inserted=inserted,
            normalized=normalized,
        )


@dataclass(frozen=True, slots=True)
class Move:
    """A transposition: ``a[a_start:a_end]`` left its place and stands as ``b[b_start:b_end]``.

    Both ranges hold the same keys; in the diff's segments the a range is a
    deletion (or part of one) and the b range an insertion.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int

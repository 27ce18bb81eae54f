"""A TEI document as read, and its diplomatic view: what flows out of the reader.

:func:`revdiff.tei.read.parse_tei` walks a TEI file once and gives a
:class:`TEIDocument`: its header (title, hands, changes) and the *items* of
its text, in document order: chunks of text (:class:`Chunk`), markers
(:class:`Boundary`: a paragraph ends; a word runs on over a break) and the
metamarks that stand outside the running text (:class:`Metamark`). A layer is a
selection of the chunks (:func:`revdiff.tei.layers.read_layer`); the
diplomatic view (:func:`revdiff.tei.diplomatic.diplomatic`) keeps them all,
nested by revision, in :class:`Diplomatic` paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from .notice import Notice
from .witness import Markup, Revision, verse_of

__all__ = [
    "Hand",
    "Change",
    "Reading",
    "Boundary",
    "Chunk",
    "Variant",
    "Transpose",
    "Metamark",
    "Note",
    "Item",
    "TEIDocument",
    "Run",
    "Group",
    "Subst",
    "FolioBreak",
    "NoteRef",
    "Node",
    "Paragraph",
    "NoteText",
    "Diplomatic",
    "DocumentView",
    "LayerTable",
]


@dataclass(frozen=True, slots=True)
class Hand:
    """A ``handNote`` of the header: the hand's ``xml:id`` and what the note says of it."""

    id: str
    description: str


@dataclass(frozen=True, slots=True)
class Change:
    """A ``change`` of ``listChange``: its ``xml:id``, ``@when``, and what it says."""

    id: str
    when: str | None
    description: str


class Reading(StrEnum):
    """Which alternative of a TEI ``choice`` a text reads."""

    DIPLOMATIC = "diplomatic"  # sic, orig, abbr: as the source has it
    NORMALIZED = "normalized"  # corr, reg, expan: as the editor reads it


class Boundary(StrEnum):
    """A place in the walk of a text that is not text."""

    PARAGRAPH = "paragraph"  # a block element starts or ends
    JOIN = "join"  # a line or page break inside a word (break="no")
    TOKEN = "token"  # a token ends here (a w or pc starts or ends), white space or not


@dataclass(frozen=True, slots=True)
class Variant:
    """One reading of a critical apparatus (``app``) that a chunk stands in.

    ``lemma``: the reading the layers that name no witness read (the ``lem``,
    or the first ``rdg`` of an ``app`` without one); ``witnesses``: the
    witnesses (``wit:ID`` layers) that read it.
    """

    lemma: bool
    witnesses: frozenset[str]


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of text and where it stands: inside which revisions (outermost first),
    on which folio, in which section and hand, at which line of the source."""

    text: str
    revisions: tuple[Revision, ...]
    folio: str | None
    section: str | None
    hand: str | None
    line: int | None
    # The alternatives of choice this chunk is one of, outermost first.
    readings: tuple[Reading, ...] = ()
    # The carried elements around the chunk, outermost first, and the
    # milestones (pb, lb, cb) that stand before its text.
    markup: tuple[Markup, ...] = ()
    facs: str | None = None  # the image of its page, where the TEI gives one (a safe URL)
    # The block elements around the chunk (div, sp, lg, l, p, head...), outermost first.
    blocks: tuple[Markup, ...] = ()
    # The readings of app the chunk is one of, outermost first.
    variants: tuple[Variant, ...] = ()

    @property
    def verse(self) -> str | None:
        """The ``@n`` of the verse line (``l``) the chunk is in, from its blocks."""
        return verse_of(self.blocks)


@dataclass(frozen=True, slots=True)
class Transpose:
    """A ``transpose``: passages of the text to be read in another order.

    ``segments`` are the passages as ranges ``(start, stop)`` of the
    document's items, in the order the ``transpose`` gives them (its
    ``ptr`` elements): a layer that applies ``revision`` reads them in that order,
    each in the place of the one that stands there in document order. An
    ``undo`` (``undone``) cancels it in the layers that apply the undo.
    """

    revision: Revision
    segments: tuple[tuple[int, int], ...]
    undone: Revision | None = None


@dataclass(frozen=True, slots=True)
class Metamark:
    """A ``metamark`` (a tick, a cross, a marginal sign): outside the running text.

    ``breaks`` is how many paragraph boundaries the walk of the text yields
    before it, so that a view can put the mark beside its paragraph.
    """

    text: str
    function: str | None
    place: str | None
    hand: str | None
    breaks: int


@dataclass(frozen=True, slots=True)
class Note:
    """A ``note`` of the text: outside the running text, read on its own.

    ``items`` are its own chunks and boundaries, read as the running text is
    (with the revisions inside the note, named apart from the text's);
    ``kind`` is its ``@type``, ``hand`` the hand that wrote it, ``lang`` its
    ``xml:lang``.
    """

    items: tuple[Item, ...] = field(repr=False)
    kind: str | None = None
    place: str | None = None
    hand: str | None = None
    n: str | None = None
    lang: str | None = None


Item = Chunk | Boundary | Metamark | Note


@dataclass(frozen=True)
class TEIDocument:
    """A parsed TEI file: its metadata, hands, changes and the items of its text.

    ``stages`` are the ``varSeq`` values of its apparatus in order,
    ``witnesses`` the witnesses of its apparatus (``wit:ID``), ``notices``
    what the reader assumed where the file was not as it should be.
    """

    source: str
    title: str | None
    lang: str | None
    hands: tuple[Hand, ...]
    changes: tuple[Change, ...]
    items: tuple[Item, ...] = field(repr=False)
    transpositions: tuple[Transpose, ...] = ()
    stages: tuple[str, ...] = ()
    witnesses: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = ()

    @cached_property
    def revisions(self) -> tuple[Revision, ...]:
        """Every revision the text stands in, each once, in the order first met."""
        seen: dict[str, Revision] = {}
        for item in self.items:
            if isinstance(item, Chunk):
                for r in item.revisions:
                    seen.setdefault(r.id, r)
        return tuple(seen.values())

    @property
    def metamarks(self) -> tuple[Metamark, ...]:
        """The metamarks of the text, in document order."""
        return tuple(item for item in self.items if isinstance(item, Metamark))

    def layer_names(self) -> tuple[str, ...]:
        """The layers the document offers: base, final, one per change, per stage
        of its apparatus (``varSeq``), per hand, per witness of its apparatus."""
        return self._layer_names

    @cached_property
    def _layer_names(self) -> tuple[str, ...]:
        revisions = self.revisions
        hands = [h.id for h in self.hands]
        revising = {r.hand for r in revisions}
        revising.update(t.revision.hand for t in self.transpositions)
        known = set(hands)
        for r in revisions:
            if r.hand and r.hand not in known:
                hands.append(r.hand)
                known.add(r.hand)
        return (
            ("base", "final")
            + tuple(f"change:{c.id}" for c in self.changes)
            + tuple(f"stage:{s}" for s in self.stages)
            + tuple(f"hand:{h}" for h in hands if h in revising)
            + tuple(f"wit:{w}" for w in self.witnesses)
        )


# ---------------------------------------------------------------------------
# The diplomatic view: every revision in place


@dataclass(frozen=True, slots=True)
class Run:
    """Text as written, in the hand that wrote it, with the layers it is hidden in.

    ``hidden`` holds indices into :attr:`Diplomatic.layers`; ``reading`` is
    ``normalized`` for the editorial side of a ``choice`` (``corr``, ``reg``),
    which no diplomatic layer shows.
    """

    text: str
    hand: str | None
    hidden: tuple[int, ...]
    reading: Reading | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """The runs (and nested groups) inside one revision: an ``add``, ``del`` or ``restore``;
    or a passage of a transposition, ``order`` saying where the layers that apply it
    read it (1 for first)."""

    revision: Revision
    children: tuple[Node, ...]
    order: int = 0


@dataclass(frozen=True, slots=True)
class Subst:
    """A deletion and the addition written in its place."""

    deleted: Group
    added: Group


@dataclass(frozen=True, slots=True)
class FolioBreak:
    """A new page: its number (``pb/@n``; empty when only its image is known) and its image."""

    folio: str
    facs: str | None = None


@dataclass(frozen=True, slots=True)
class NoteRef:
    """Where a note stands in the text: its number among the document's notes, from 1."""

    number: int


Node = Run | Group | Subst | FolioBreak | NoteRef


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph (or verse line) of the diplomatic view; ``verse`` is a line's ``@n``."""

    nodes: tuple[Node, ...]
    section: str | None
    marks: tuple[Metamark, ...] = ()
    verse: str | None = None


@dataclass(frozen=True, slots=True)
class NoteText:
    """A note of the diplomatic view: its number, the note, its text with its revisions."""

    number: int
    note: Note
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Diplomatic:
    """A document's paragraphs; ``layers[0]`` is ``diplomatic``, the rest its layer names.
    ``notes`` are the text's notes, numbered in document order."""

    paragraphs: tuple[Paragraph, ...]
    layers: tuple[str, ...]
    notes: tuple[NoteText, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A TEI document to be shown whole: the document, the siglum its source gives it,
    and the layer to show first (None: the diplomatic text)."""

    document: TEIDocument
    siglum: str
    layer: str | None = None


@dataclass(frozen=True, slots=True)
class LayerTable:
    """The layers a TEI document offers, each with the number of tokens it holds."""

    source: str  # the file, as messages name it
    document: TEIDocument
    tokens: tuple[tuple[str, int], ...]  # (layer name, tokens), in the document's order

"""The one walk over a TEI text: its chunks, boundaries and metamarks, in document order.

:class:`Walk` turns the ``text`` element (or a ``sourceDoc``, a fragment's
root) into the items of a :class:`~revdiff.model.TEIDocument`: *chunks*,
runs of text, each with the revisions it stands inside (``add``, ``del``,
``restore``, the spans up to their anchor, the readings of an ``app`` read
as revisions), the folio, section, hand and paragraph it belongs to, and the
alternative it is in a ``choice`` or ``app``; paragraph and token
boundaries; and the metamarks beside the text. It is the one place that
reads lxml's ``text`` and ``tail``.

Spans (``addSpan``, ``delSpan``, and ``undo``/``redo`` with ``spanTo``) are
kept in time and memory linear in the file: a span that opens while an equal
one (the same kind, hand, change and stage) is open is folded into it, so a
chunk never holds more than one revision per kind of span, and a span whose
anchor is missing, stands before it or is the span itself covers no text, and
says so in a :class:`~revdiff.model.Notice`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import count
from typing import cast

from lxml import etree

from .. import model
from ..model import Boundary, Chunk, Item, Markup, Notice, Reading, Revision, RevisionKind, Variant
from . import apparatus
from .elements import (
    CARRIED,
    CONTAINERS,
    DIPLOMATIC,
    EXCLUDED,
    MILESTONES,
    NORMALIZED,
    NOTE_EXCLUDED,
    REVISIONS,
    SILENT_NAMESPACES,
    SPANS,
    STAGE_AMONG,
    TOKENS,
    block_name,
    carried_attributes,
    line_of,
    local,
    ref,
)
from .facsimile import page_image
from .names import XML_ID as _XML_ID
from .names import XML_LANG as _XML_LANG
from .names import T as _T
from .vocabulary import Role, Rule, Vocabulary

__all__ = ["Walk", "MAX_DEPTH", "TooDeep", "Locate", "local", "ref", "block_name"]

# How deep the walk follows nested elements. The parser refuses more than
# 256 levels already; this bound keeps the recursive walk far from Python's
# recursion limit even if that parser limit is lifted.
MAX_DEPTH = 400

_PARAGRAPH, _JOIN, _TOKEN = Boundary.PARAGRAPH, Boundary.JOIN, Boundary.TOKEN
_KINDS = {kind.value: kind for kind in RevisionKind}
# The elements whose @hand and @change a revision inside them takes when it has none.
_INHERIT = frozenset(["subst", "mod", "add", "del", "restore"])
_ROLE_KINDS = {Role.DELETION: RevisionKind.DEL, Role.ADDITION: RevisionKind.ADD}


class TooDeep(Exception):
    """The walk met elements nested deeper than MAX_DEPTH (at this line)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


@dataclass(frozen=True, slots=True)
class _Within:
    """What an element passes down to the elements inside it: the revisions around
    them (outermost first), their section, the readings of ``choice`` and ``app``
    they are in, and the block elements around them (div, sp, lg, l...: ``Chunk.blocks``)."""

    revisions: tuple[Revision, ...]
    section: str | None
    readings: tuple[Reading, ...]
    variants: tuple[Variant, ...] = ()
    blocks: tuple[Markup, ...] = ()
    # The hand and change of the nearest revision, subst or mod around them that
    # gives one: what a revision inside them without its own takes.
    inherited: tuple[str | None, str | None] = (None, None)
    # In a reading of stages (varSeq): its stage and the next (see tei.apparatus).
    staged: tuple[str | None, str | None] | None = None


@dataclass(slots=True)
class _Span:
    """An open span: its revision, the key of the spans it folds with, whether it is closed."""

    revision: Revision
    key: tuple[object, ...]
    closed: bool = False


# Where an element is, for a notice: (line, column).
Locate = Callable[[etree._Element], tuple[int, int]]


class Walk:
    """The one walk over a text, in document order: :attr:`out` holds its items.

    White space between two inline elements is kept (it is a word boundary),
    white space inside element-only containers (``subst``, ``choice``,
    ``app``) is not. What an element passes down to the elements inside it
    goes down as a :class:`_Within`; what carries on along the text from one
    element to the next (the folio, the hand, the open spans, the carried
    markup, the paragraph boundaries so far) is the walk's own state.

    ``ids`` counts the elements of the walked text by ``xml:id`` (a span's
    anchor must be among them); ``locate`` places an element for a notice;
    ``witnesses`` are the witnesses of the document's apparatus; ``images``
    the page images by the ``xml:id`` of a surface or graphic.
    """

    # A note is read on a walk of its own (_note), which skips notes and names revisions apart.
    notes = True
    prefix = ""
    excluded = EXCLUDED

    def __init__(
        self,
        root: etree._Element,
        source: str,
        *,
        ids: dict[str, int],
        locate: Locate,
        vocabulary: Vocabulary | None = None,
        witnesses: tuple[str, ...] = (),
        images: dict[str, str] | None = None,
    ) -> None:
        self.root = root
        self.images = images or {}  # xml:id of a surface or graphic -> its image's URL
        self.facs: str | None = None  # the image of the page the walk is on
        self.notes_read = 0
        self.source = source
        self.ids = ids
        self.locate = locate
        self.vocabulary = vocabulary
        self.witnesses = witnesses
        self.out: list[Item] = []
        self.notices: list[Notice] = []
        self.folio: str | None = None  # the last pb's (or surface's) n
        self.hand: str | None = None  # the last handShift's hand
        self.opened: dict[str, int] = {}  # revision id -> when it opened
        self.named: dict[str, int] = {}  # revisions without xml:id, by kind: how many so far
        # Spans: those waiting for each anchor; the open ones by key, outermost first
        # (closed ones leave the front of their list lazily); the revisions of the
        # open spans a chunk stands in, one per key, in the order they opened.
        self.waiting: dict[str, list[_Span]] = {}
        self.open_spans: dict[tuple[object, ...], deque[_Span]] = {}
        self.span_revisions: tuple[Revision, ...] = ()
        self.seen: dict[str, int] = {}  # xml:id -> how many elements with it the walk has passed
        # The carried elements open around the walk's place, and the milestones
        # waiting for the next chunk with text (a pb between paragraphs stands
        # before the next paragraph's first word).
        self.carried: list[Markup] = []
        self.pending: list[Markup] = []
        self.numbers = count(1)  # one number per carried element, in document order
        self.blocks = count(1)  # and per block element
        self.breaks = 0  # the paragraph boundaries yielded so far
        # namespace -> the first element with text skipped, and how many
        self.skipped: dict[str, tuple[etree._Element, int]] = {}
        self._merged: tuple[object, object, tuple[Revision, ...]] = ((), (), ())
        # undo/redo target="#x": a later cancellation (or renewal) of the deletion
        # around (or at) x, or of the transposition x.
        self.undone: dict[str, Revision] = {}
        for kind in (RevisionKind.UNDO, RevisionKind.REDO):
            for u in root.getroottree().getroot().iter(_T + kind.value):
                for pointer in (u.get("target") or "").split():
                    if pointer.startswith("#"):
                        self.undone.setdefault(pointer[1:], self.revision(u, kind))
        # Transpositions: the ranges of items of their targets, by target id.
        self.targets: set[str] = set()
        self.ranges: dict[str, tuple[int, int]] = {}
        self.range_ends: dict[str, list[tuple[str, int]]] = {}  # anchor -> (target, start)
        # Placements (a vocabulary's ``at``): (start, stop, anchor id); the anchors' places.
        self.moves: list[tuple[int, int, str, etree._Element]] = []
        self.anchors: dict[str, int] = {}
        self.anchor_ids: set[str] = set()
        self.stages: set[str] = set()  # the varSeq values of the apparatus

    # --- revisions -------------------------------------------------------------

    def name(self, kind: str) -> str:
        """A revision's stable name where it has no xml:id: its kind and number (``del-3``)."""
        self.named[kind] = self.named.get(kind, 0) + 1
        return f"{self.prefix}{kind}-{self.named[kind]}"

    def revision(
        self,
        el: etree._Element,
        kind: RevisionKind,
        *,
        ident: str | None = None,
        hand: str | None = None,
        change: str | None = None,
        stage: str | None = None,
        inherited: tuple[str | None, str | None] | None = None,
    ) -> Revision:
        hand = hand or ref(el.get("hand"))
        change = change or ref(el.get("change"))
        if inherited is not None:  # the walk knows what the elements around give
            hand, change = hand or inherited[0], change or inherited[1]
        else:
            parent = el.getparent()
            while parent is not None and (hand is None or change is None):
                if local(parent) in _INHERIT:
                    hand = hand or ref(parent.get("hand"))
                    change = change or ref(parent.get("change"))
                parent = parent.getparent()
        made = Revision(
            id=ident or el.get(_XML_ID) or self.name(kind),
            kind=kind,
            hand=hand or self.hand,
            change=change,
            place=el.get("place"),
            line=line_of(el),
            stage=stage,
        )
        self.opened.setdefault(made.id, len(self.opened))
        return made

    def notice(self, el: etree._Element, message: str) -> None:
        line, column = self.locate(el)
        self.notices.append(Notice(self.source, line, column, message))

    # --- spans -------------------------------------------------------------------

    def _open_span(
        self, el: etree._Element, name: str, inherited: tuple[str | None, str | None]
    ) -> None:
        spanned = el.get("spanTo")
        if spanned is None:
            if name in ("undo", "redo"):
                return  # an undo with @target: read before the walk
            self.notice(el, f"<{name}> without @spanTo: read as empty (it covers no text)")
            return
        target = ref(spanned) or ""
        own = el.get(_XML_ID)
        if target == own:
            self.notice(el, f'<{name} spanTo="{spanned}"> points to itself: read as empty')
            return
        total = self.ids.get(target, 0)
        if not total:
            self.notice(
                el,
                f'<{name} spanTo="{spanned}">: no element of the text has xml:id="{target}"; '
                "the span is read as empty (it covers no text)",
            )
            return
        if self.seen.get(target, 0) >= total:
            self.notice(
                el,
                f'<{name} spanTo="{spanned}">: its anchor comes before it; '
                "the span is read as empty (it covers no text)",
            )
            return
        revision = self.revision(el, _KINDS[name], inherited=inherited)
        undoable = own is not None and own in self.undone
        key: tuple[object, ...] = (
            (revision.kind, revision.hand, revision.change, revision.stage, own)
            if undoable
            else (revision.kind, revision.hand, revision.change, revision.stage)
        )
        span = _Span(revision, key)
        self.waiting.setdefault(target, []).append(span)
        spans = self.open_spans.setdefault(key, deque())
        spans.append(span)
        if len(spans) == 1:  # a kind of span opens: chunks stand in it from here on
            self._spans_changed()

    def _close_spans(self, ident: str) -> None:
        changed = False
        for span in self.waiting.pop(ident, ()):
            span.closed = True
            spans = self.open_spans[span.key]
            if spans[0] is span:
                while spans and spans[0].closed:
                    spans.popleft()
                if not spans:
                    del self.open_spans[span.key]
                changed = True
        if changed:
            self._spans_changed()

    def _spans_changed(self) -> None:
        """The revisions of the open spans: the outermost open span of each key."""
        order = self.opened
        fronts = [spans[0].revision for spans in self.open_spans.values()]
        self.span_revisions = tuple(sorted(fronts, key=lambda r: order.get(r.id, 0)))

    def _seen(self, ident: str) -> None:
        self.seen[ident] = self.seen.get(ident, 0) + 1
        if ident in self.waiting:
            self._close_spans(ident)
        if ident in self.range_ends:
            for target, start in self.range_ends.pop(ident):
                self.ranges.setdefault(target, (start, len(self.out)))
        if ident in self.anchor_ids:
            self.anchors.setdefault(ident, len(self.out))

    def _skip(self, el: etree._Element) -> None:
        """Pass over an element that is not running text, keeping count of the ids in it."""
        if self.ids:
            for inner in el.iter(etree.Element):
                ident = inner.get(_XML_ID)
                if ident:
                    self._seen(ident)

    # --- chunks --------------------------------------------------------------------

    def _chunk(self, text: str, within: _Within, line: int | None) -> Chunk:
        revisions = within.revisions
        spans = self.span_revisions
        if spans and revisions:
            last_revisions, last_spans, merged = self._merged
            if last_revisions is not revisions or last_spans is not spans:
                # Outermost first, as layers.visible expects: a span opened before an
                # element revision encloses it, one opened inside it does not.
                order = self.opened
                merged = tuple(sorted(revisions + spans, key=lambda r: order.get(r.id, 0)))
                self._merged = (revisions, spans, merged)
            revisions = merged
        else:
            revisions = revisions or spans
        markup: tuple[Markup, ...] = ()
        if self.carried or self.pending:
            markup = tuple(self.carried)
            if self.pending and not text.isspace():
                markup += tuple(self.pending)
                self.pending.clear()
        return Chunk(
            text,
            revisions,
            self.folio,
            within.section,
            self.hand,
            line,
            within.readings,
            markup,
            self.facs,
            within.blocks,
            within.variants,
        )

    # --- the walk ---------------------------------------------------------------------

    def run(self) -> list[Item]:
        self.visit(self.root, _Within((), None, ()))
        for target, spans in self.waiting.items():  # anchors the walk never passed
            for span in spans:
                if not span.closed:
                    self.notices.append(
                        Notice(
                            self.source,
                            span.revision.line or 1,
                            1,
                            f'a span to "#{target}" never reached its anchor: '
                            "read up to the end of the text",
                        )
                    )
        for namespace, (first, number) in self.skipped.items():
            self.notice(
                first,
                f"{number} element{'s' * (number != 1)} of namespace {namespace} skipped "
                "with the text in them (a --vocabulary can say what they are)",
            )
        return self.out

    def visit(self, el: etree._Element, within: _Within, depth: int = 0) -> None:
        if depth > MAX_DEPTH:  # a recursive walk: refuse before Python's own limit
            raise TooDeep(line_of(el) or 1)
        out = self.out
        rule: Rule | None = None
        vocabulary = self.vocabulary
        if vocabulary is not None and el.tag in vocabulary.by_tag:
            parent = el.getparent()
            rule = vocabulary.rule_for(
                el.tag, el.attrib, parent.tag if parent is not None else None
            )
        name = local(el)
        if name is None and rule is not None:
            name = ""  # a project's element the vocabulary names: read as TEI's
        if name == "metamark":  # outside the running text, beside its paragraph
            text = " ".join("".join(str(t) for t in el.itertext()).split())
            hand = ref(el.get("hand"))
            out.append(model.Metamark(text, el.get("function"), el.get("place"), hand, self.breaks))
            self._skip(el)
            return
        if name == "note" and self.notes:
            out.append(self._note(el, within, depth))
            self._skip(el)
            return
        if name is None or (name in self.excluded and el is not self.root):
            tag = el.tag
            if name is None and isinstance(tag, str) and tag.startswith("{"):
                namespace = tag[1:].partition("}")[0]
                if (
                    namespace not in SILENT_NAMESPACES
                    and "".join(cast("list[str]", el.itertext())).strip()
                ):
                    first, number = self.skipped.get(namespace, (el, 0))
                    self.skipped[namespace] = (first, number + 1)
            if isinstance(tag, str):
                self._skip(el)
            return  # comments, processing instructions, foreign elements, notes
        ident = el.get(_XML_ID)
        if ident:
            self._seen(ident)
        if name in MILESTONES:
            if name == "pb":
                self.folio = el.get("n") or self.folio
                self.facs = page_image(el, self.images)
            self.pending.append(Markup(name, carried_attributes(el), next(self.numbers)))
            if el.get("break") == "no":
                out.append(_JOIN)
            else:
                out.append(self._chunk(" ", within, line_of(el)))
            return
        if name == "handShift":
            self.hand = ref(el.get("new")) or self.hand
            return
        if name in SPANS:
            self._open_span(el, name, within.inherited)
            return
        if name == "gap":  # read as […], carried, so that a TEI output writes the gap again
            self.carried.append(Markup(name, carried_attributes(el), next(self.numbers)))
            out.append(self._chunk("[…]", within, line_of(el)))
            self.carried.pop()
            return
        start = len(out)
        if ident and ident in self.targets and el.get("spanTo"):
            # A milestone that marks a passage up to an anchor (a transposed passage).
            anchor = ref(el.get("spanTo")) or ""
            self.range_ends.setdefault(anchor, []).append((ident, start))
            return
        outer = within  # a line's word boundaries stand outside what the line itself opens
        revisions, section = within.revisions, within.section
        role = rule.role if rule is not None else None
        inherited = within.inherited
        kind = _ROLE_KINDS.get(role) if role is not None else _KINDS.get(name or "")
        if kind is not None and (role is not None or name in REVISIONS):
            stage = None
            if within.staged is not None:  # added at the reading's stage, deleted at the next
                stage = within.staged[1] if kind is RevisionKind.DEL else within.staged[0]
            revision = self.revision(el, kind, inherited=inherited, stage=stage)
            revisions = revisions + (revision,)
        elif name.startswith("div") and el.get("n"):
            section = el.get("n")
        if ident in self.undone:
            revisions = revisions + (self.undone[ident or ""],)
        if name in _INHERIT or (role is not None and role is not Role.PLACEMENT):
            hand, change = el.get("hand"), el.get("change")
            if hand or change:
                inherited = (ref(hand) or inherited[0], ref(change) or inherited[1])
        moved_on = revisions is not within.revisions or section is not within.section
        if moved_on or inherited is not within.inherited:
            within = replace(within, revisions=revisions, section=section, inherited=inherited)
        if name == "surface":  # a page of a sourceDoc, as pb is in a text
            self.folio = el.get("n") or self.folio
            self.facs = page_image(el, self.images) or self.facs
        parent = el.getparent()
        among = name == "stage" and parent is not None and local(parent) in STAGE_AMONG
        block = bool(name) and (block_name(name) or among)
        if block:
            self.breaks += 1
            made = Markup(name, carried_attributes(el), next(self.blocks))
            within = replace(within, blocks=within.blocks + (made,))
            out.append(_PARAGRAPH)
        elif name == "line":  # a line of a page-based transcription ends a word
            out.append(self._chunk(" ", outer, line_of(el)))
            # and begins as a line break does (a word broken at its end is joined by
            # the hyphenation preset, as at an lb).
            self.pending.append(Markup("lb", (), next(self.numbers)))
        elif name in TOKENS:
            out.append(_TOKEN)
        children = list(el)
        carried = name in CARRIED or (name == "stage" and not block)  # a stage inside a line
        if carried:
            self.carried.append(Markup(name, carried_attributes(el), next(self.numbers)))
        if name == "choice":
            self._choice(children, within, depth)
        elif name == "app":
            self._app(el, children, within, depth)
        else:  # the text, the children and their tails, in order
            # White space directly in a container is layout, not text.
            layout = name in CONTAINERS or role in (Role.SUBSTITUTION, Role.OVERWRITING)
            if el.text and (not layout or el.text.strip()):
                out.append(self._chunk(el.text, within, line_of(el)))
            for child in children:
                self.visit(child, within, depth + 1)
                tail = child.tail
                if tail and child.get("break") == "no" and local(child) in MILESTONES:
                    tail = tail.lstrip()  # the layout after a break inside a word
                if tail and (not layout or tail.strip()):
                    out.append(self._chunk(tail, within, line_of(el)))
        if carried:
            self.carried.pop()
        if block:
            self.breaks += 1
            out.append(_PARAGRAPH)
        elif name == "line":
            out.append(self._chunk(" ", outer, line_of(el)))
        elif name in TOKENS:
            out.append(_TOKEN)
        if ident and ident in self.targets:
            self.ranges.setdefault(ident, (start, len(out)))
        if rule is not None and rule.at is not None:
            placed_at = ref(el.get(rule.at))
            if placed_at:
                self.moves.append((start, len(out), placed_at, el))

    def _note(self, el: etree._Element, within: _Within, depth: int) -> model.Note:
        """A note, read on a walk of its own: its chunks stand in the revisions around the
        note and in its own, which are named apart from the text's (``note1-del-1``)."""
        self.notes_read += 1
        walk = Walk(
            el,
            self.source,
            ids=self.ids,
            locate=self.locate,
            vocabulary=self.vocabulary,
            witnesses=self.witnesses,
            images=self.images,
        )
        walk.notes, walk.excluded, walk.prefix = False, NOTE_EXCLUDED, f"note{self.notes_read}-"
        hand = ref(el.get("hand"))  # not the hand of the text around it
        walk.folio, walk.facs, walk.hand = self.folio, self.facs, hand
        walk.visit(el, within, depth)
        self.notices += walk.notices
        return model.Note(
            tuple(walk.out), el.get("type"), el.get("place"), hand, el.get("n"), el.get(_XML_LANG)
        )

    def _choice(self, children: list[etree._Element], within: _Within, depth: int) -> None:
        alternatives = [c for c in children if local(c) is not None]
        for i, c in enumerate(alternatives):
            name = local(c)
            if name in DIPLOMATIC:
                kind = Reading.DIPLOMATIC
            elif name in NORMALIZED:
                kind = Reading.NORMALIZED
            else:  # choice of seg, unclear, ...: the first is the reading shown by default
                kind = Reading.DIPLOMATIC if i == 0 else Reading.NORMALIZED
            self.visit(c, replace(within, readings=within.readings + (kind,)), depth + 1)

    def _app(
        self, el: etree._Element, children: list[etree._Element], within: _Within, depth: int
    ) -> None:
        """Each reading of an ``app``, with what it stands for (see :mod:`.apparatus`)."""
        readings = apparatus.readings_of(children)
        for reading, extra, variant, staged in apparatus.read_app(el, readings, self):
            inner = replace(
                within,
                revisions=within.revisions + extra,
                variants=within.variants + ((variant,) if variant is not None else ()),
                staged=staged if staged is not None else within.staged,
            )
            self.visit(reading, inner, depth + 1)
            tail = reading.tail
            if tail and tail.strip():
                self.out.append(self._chunk(tail, within, line_of(el)))

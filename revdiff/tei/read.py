"""Reading TEI P5: the hardened parser and the one walk over the text.

A TEI file is parsed once with a hardened parser (no entity expansion, no DTD,
no network) and walked once, in document order, by :class:`_Walk`, the one
place that looks at lxml's ``text`` and ``tail``. The walk turns the ``text``
element into the items of a :class:`~revdiff.model.TEIDocument`: *chunks*,
runs of text, each with the revisions it stands inside (``add``, ``del``,
``restore``, ``addSpan``/``delSpan`` up to their anchor), the folio,
section, hand and paragraph it belongs to, and the alternative it is in a
``choice`` or ``app``; paragraph boundaries; and the metamarks beside the
text. Layers are selections of the chunks (:mod:`revdiff.tei.layers`).

A ``sourceDoc`` (a page-based transcription) is read when the file has no
``text``: each ``surface`` and ``zone`` is a paragraph, each ``line`` ends a
word, and a surface's ``n`` is its folio.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import count
from typing import cast

from lxml import etree

from .. import model
from .._names import moved
from ..errors import InputError, NotTEIError, XMLError
from ..model import (
    Boundary,
    Chunk,
    Item,
    Markup,
    Reading,
    Revision,
    RevisionKind,
)
from .elements import BLOCKS as _BLOCKS
from .elements import CARRIED as _CARRIED
from .elements import CONTAINERS as _CONTAINERS
from .elements import DIPLOMATIC as _DIPLOMATIC
from .elements import EXCLUDED as _EXCLUDED
from .elements import NORMALIZED as _NORMALIZED
from .elements import NOTE_EXCLUDED as _NOTE_EXCLUDED
from .elements import PAGE_BLOCKS as _PAGE_BLOCKS
from .elements import REVISIONS as _REVISIONS
from .elements import SPANS as _SPANS
from .elements import STAGE_AMONG as _STAGE_AMONG
from .facsimile import facsimile_urls, page_image
from .names import TEI_NS
from .names import XML_ID as _XML_ID
from .names import XML_LANG as _XML_LANG
from .names import T as _T

__all__ = ["parse_tei", "parse_xml", "MAX_DEPTH"]

__getattr__ = moved(
    __name__,
    {
        **{name: f"revdiff.model.{name}" for name in ("TEIDocument", "Hand", "Change", "Metamark")},
        **{name: f"revdiff.tei.layers.{name}" for name in ("read_layer", "layer_names")},
    },
)


def _carried_attributes(el: etree._Element) -> tuple[tuple[str, str], ...]:
    """An element's attributes worth carrying, sorted: not ``xml:id`` (it would
    repeat in the output), not local pointers (``#x`` leads into the source),
    nothing in another namespace."""
    kept: list[tuple[str, str]] = []
    for key, raw in el.attrib.items():
        name, value = str(key), str(raw)
        if name == _XML_LANG:
            name = "xml:lang"
        elif name.startswith("{") or "#" in value:
            continue
        kept.append((name, value))
    return tuple(sorted(kept))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        remove_comments=False,
    )


# libxml2's own limits without XML_PARSE_HUGE (huge_tree=False), reworded:
# what the user must know is that the file was refused, and why.
_PARSER_LIMITS = (
    ("Excessive depth", "elements nested deeper than {} levels (the XML parser's limit)"),
    ("Text node too long", "a text longer than 10,000,000 bytes (the XML parser's limit)"),
    ("amplification", "entity expansion (an entity bomb)"),
    ("Resource limit exceeded", "a name, value or text over the XML parser's size limits"),
)


def parse_xml(data: bytes, source: str) -> etree._Element:
    """Parse XML bytes with entity expansion, DTD loading and network access off.

    A document that declares or uses entities is refused: the parser does not
    expand them, and dropping them would lose text (XML's five predefined
    entities and character references are not entities here; they are read).

    >>> parse_xml(b'<p>&amp;&#233;</p>', "t.xml").text
    '&é'
    >>> parse_xml(b'<!DOCTYPE p [<!ENTITY e "x">]><p>&e;</p>', "t.xml")
    Traceback (most recent call last):
    revdiff.errors.InputError: t.xml:1:1: refused: the DTD declares entities (e); revdiff expands no entities: write the characters themselves
    """
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        line, column = e.position if e.position else (e.lineno or 1, 1)
        reason = (e.msg or str(e)).split(", line ")[0]
        for needle, refusal in _PARSER_LIMITS:
            if needle in reason:
                refusal = refusal.format(*re.findall(r"\d+", reason)[:1])
                raise InputError(
                    f"{source}:{line or 1}:{column or 1}: refused: {refusal}"
                ) from None
        raise XMLError(source, line or 1, column or 1, reason) from None
    if root is None:
        raise XMLError(source, 1, 1, "no root element")
    dtd = root.getroottree().docinfo.internalDTD
    declared = [e.name for e in dtd.iterentities()] if dtd is not None else []  # type: ignore[union-attr]
    if declared:
        at = data.find(b"<!ENTITY")
        line = data[:at].count(b"\n") + 1 if at >= 0 else 1
        raise InputError(
            f"{source}:{line}:1: refused: the DTD declares entities ({', '.join(declared[:5])}); "
            "revdiff expands no entities: write the characters themselves"
        )
    for entity in root.iter(etree.Entity):
        raise InputError(
            f"{source}:{entity.sourceline or 1}:1: refused: the entity reference {entity.text} "
            "is not expanded (revdiff reads no DTD): write the character itself"
        )
    return root


def _local(el: etree._Element) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None
    if tag.startswith(_T):
        return tag[len(_T) :]
    return None if tag.startswith("{") else tag


def _ref(value: str | None) -> str | None:
    """The first pointer of a TEI pointer attribute, without its ``#``."""
    if not value:
        return None
    first = value.split()[0]
    return first[1:] if first.startswith("#") else first


def _norm_space(text: str) -> str:
    return " ".join(text.split())


def _line(el: etree._Element) -> int | None:
    """The element's line in its file, where lxml knows it.

    lxml-stubs type ``sourceline`` wrongly (as ``...``), hence the cast.
    """
    return cast("int | None", el.sourceline)


def _text_of(el: etree._Element) -> str:
    """All the text inside an element, white space collapsed (a header field)."""
    return _norm_space("".join(cast("Iterator[str]", el.itertext())))


def parse_tei(data: bytes, source: str) -> model.TEIDocument:
    """Parse TEI bytes into a :class:`~revdiff.model.TEIDocument`."""
    root = parse_xml(data, source)
    if not isinstance(root.tag, str) or not root.tag.startswith(_T):
        found = root.tag if isinstance(root.tag, str) else "?"
        if isinstance(found, str) and found.startswith("{"):
            ns, _, local = found[1:].partition("}")
            found = f"{local} in namespace {ns}"
        raise NotTEIError(
            f"{source}:{root.sourceline or 1}:1: not TEI P5: the root element is {found}, "
            f"not an element in the TEI namespace {TEI_NS}"
        )
    text = root if _local(root) in ("text", "surface", "sourceDoc") else root.find(f".//{_T}text")
    if text is None:  # a page-based transcription only
        text = root.find(f".//{_T}sourceDoc")
    if text is None:
        raise NotTEIError(f"{source}:{root.sourceline or 1}:1: TEI without a text element")
    header = root.find(f"{_T}teiHeader")
    title = None
    hands: list[model.Hand] = []
    changes: list[model.Change] = []
    if header is not None:
        t = header.find(f"{_T}fileDesc/{_T}titleStmt/{_T}title")
        title = _text_of(t) if t is not None else None
        for h in header.iter(f"{_T}handNote"):
            if h.get(_XML_ID):
                hands.append(model.Hand(h.get(_XML_ID, ""), _text_of(h)))
        for c in header.iter(f"{_T}change"):  # once each, in listChange nested or not
            parent = c.getparent()
            if c.get(_XML_ID) and parent is not None and _local(parent) == "listChange":
                changes.append(model.Change(c.get(_XML_ID, ""), c.get("when"), _text_of(c)))
    lang = text.get(_XML_LANG) or root.get(_XML_LANG)
    try:
        items = tuple(_Walk(text, facsimile_urls(root)).items())
    except _TooDeep as e:
        raise InputError(
            f"{source}:{e.line}:1: refused: elements nested deeper than {MAX_DEPTH} levels"
        ) from None
    return model.TEIDocument(source, title, lang, tuple(hands), tuple(changes), items)


# How deep the walk follows nested elements. The parser refuses more than
# 256 levels already; this bound keeps the recursive walk far from Python's
# recursion limit even if that parser limit is lifted.
MAX_DEPTH = 400


class _TooDeep(Exception):
    """The walk met elements nested deeper than MAX_DEPTH (at this line)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


# Looked up once here: the walk meets them once per element.
_PARAGRAPH, _JOIN = Boundary.PARAGRAPH, Boundary.JOIN
_KINDS = {kind.value: kind for kind in RevisionKind}


@dataclass(frozen=True, slots=True)
class _Within:
    """What an element passes down to the elements inside it: the revisions around
    them (outermost first), their section, the readings of ``choice`` they are in,
    and the block elements around them (div, sp, lg, l...: ``Chunk.blocks``)."""

    revisions: tuple[Revision, ...]
    section: str | None
    readings: tuple[Reading, ...]
    blocks: tuple[Markup, ...] = ()


class _Walk:
    """The one walk over a text, in document order, yielding its items (:meth:`items`).

    This is the one place that reads ``text`` and ``tail``: white space
    between two inline elements is kept (it is a word boundary), white space
    inside element-only containers (``subst``, ``choice``, ``app``) is not.

    What an element passes down to the elements inside it (the revisions
    around them, the section, the readings of ``choice``) goes down as a
    :class:`_Within`, an argument of :meth:`_visit`; what carries on along the text from one
    element to the next (the folio, the hand, the open spans, the carried
    markup, the paragraph boundaries so far) is the walk's own state, below.
    """

    # A note is read on a walk of its own (_note), which skips notes and names revisions apart.
    notes = True
    prefix = ""
    excluded = _EXCLUDED

    def __init__(self, root: etree._Element, images: dict[str, str] | None = None) -> None:
        self.root = root
        self.images = images or {}  # xml:id of a surface or graphic -> its image's URL
        self.facs: str | None = None  # the image of the page the walk is on
        self.notes_read = 0
        self.folio: str | None = None  # the last pb's (or surface's) n
        self.hand: str | None = None  # the last handShift's hand
        self.spans: list[tuple[str, Revision]] = []  # open addSpan/delSpan: (anchor id, revision)
        self.opened: dict[str, int] = {}  # revision id -> when it opened
        self.named: dict[str, int] = {}  # revisions without xml:id, by kind: how many so far
        # The carried elements open around the walk's place, and the milestones
        # waiting for the next chunk with text (a pb between paragraphs stands
        # before the next paragraph's first word).
        self.carried: list[Markup] = []
        self.pending: list[Markup] = []
        self.numbers = count(1)  # one number per carried element, in document order
        self.blocks = count(1)  # and per block element
        self.breaks = 0  # the paragraph boundaries yielded so far
        # undo target="#x": a later cancellation of the deletion around (or at) x.
        self.undone: dict[str, Revision] = {}
        for u in root.iter(f"{_T}undo"):
            for pointer in (u.get("target") or "").split():
                if pointer.startswith("#"):
                    self.undone.setdefault(pointer[1:], self._revision(u, RevisionKind.UNDO))

    def items(self) -> Iterator[Item]:
        return self._visit(self.root, _Within((), None, ()))

    def _name(self, kind: str) -> str:
        """A revision's stable name where it has no xml:id: its kind and number (``del-3``)."""
        self.named[kind] = self.named.get(kind, 0) + 1
        return f"{self.prefix}{kind}-{self.named[kind]}"

    def _revision(self, el: etree._Element, kind: RevisionKind) -> Revision:
        hand = _ref(el.get("hand"))
        change = _ref(el.get("change"))
        parent = el.getparent()
        while parent is not None and (hand is None or change is None):
            if _local(parent) in ("subst", "mod", "add", "del", "restore"):
                hand = hand or _ref(parent.get("hand"))
                change = change or _ref(parent.get("change"))
            parent = parent.getparent()
        made = Revision(
            id=el.get(_XML_ID) or self._name(kind),
            kind=kind,
            hand=hand or self.hand,
            change=change,
            place=el.get("place"),
            line=_line(el),
        )
        self.opened.setdefault(made.id, len(self.opened))
        return made

    def _chunk(self, text: str, within: _Within, line: int | None) -> Chunk:
        revisions = within.revisions
        spans = tuple(r for _, r in self.spans)
        if spans and revisions:
            # Outermost first, as layers.visible expects: a span opened before an
            # element revision encloses it, one opened inside it does not.
            order = self.opened
            revisions = tuple(sorted(revisions + spans, key=lambda r: order.get(r.id, 0)))
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
        )

    def _visit(self, el: etree._Element, within: _Within, depth: int = 0) -> Iterator[Item]:
        if depth > MAX_DEPTH:  # a recursive walk: refuse before Python's own limit
            raise _TooDeep(_line(el) or 1)
        name = _local(el)
        if name == "metamark":  # outside the running text, beside its paragraph
            text = _norm_space("".join(str(t) for t in el.itertext()))
            hand = _ref(el.get("hand"))
            yield model.Metamark(text, el.get("function"), el.get("place"), hand, self.breaks)
            return
        if name == "note" and self.notes:
            yield self._note(el, within, depth)
            return
        if name is None or (name in self.excluded and el is not self.root):
            return  # comments, processing instructions, entities, foreign elements, notes
        if name in ("pb", "lb", "cb"):
            if name == "pb":
                self.folio = el.get("n") or self.folio
                self.facs = page_image(el, self.images)
            self.pending.append(Markup(name, _carried_attributes(el), next(self.numbers)))
            if el.get("break") == "no":
                yield _JOIN
            else:
                yield self._chunk(" ", within, _line(el))
            return
        if name == "handShift":
            self.hand = _ref(el.get("new")) or self.hand
            return
        if name in _SPANS:
            target = _ref(el.get("spanTo"))
            if target:
                self.spans.append((target, self._revision(el, _KINDS[name])))
            return
        if name == "gap":  # read as […], carried, so that a TEI output writes the gap again
            self.carried.append(Markup(name, _carried_attributes(el), next(self.numbers)))
            yield self._chunk("[…]", within, _line(el))
            self.carried.pop()
            return
        ident = el.get(_XML_ID)
        if ident and any(anchor == ident for anchor, _ in self.spans):
            self.spans[:] = [(a, r) for a, r in self.spans if a != ident]
        outer = within  # a line's word boundaries stand outside what the line itself opens
        revisions, section = within.revisions, within.section
        if name in _REVISIONS:
            revisions = revisions + (self._revision(el, _KINDS[name]),)
        elif name.startswith("div") and el.get("n"):
            section = el.get("n")
        if ident in self.undone:
            revisions = revisions + (self.undone[ident or ""],)
        if revisions is not within.revisions or section is not within.section:
            within = replace(within, revisions=revisions, section=section)
        if name == "surface":  # a page of a sourceDoc, as pb is in a text
            self.folio = el.get("n") or self.folio
            self.facs = page_image(el, self.images) or self.facs
        parent = el.getparent()
        among = name == "stage" and parent is not None and _local(parent) in _STAGE_AMONG
        block = name in _BLOCKS or name in _PAGE_BLOCKS or among
        if block:
            self.breaks += 1
            made = Markup(name, _carried_attributes(el), next(self.blocks))
            within = replace(within, blocks=within.blocks + (made,))
            yield _PARAGRAPH
        elif name == "line":  # a line of a page-based transcription ends a word
            yield self._chunk(" ", outer, _line(el))
        children = [c for c in el]
        carried = name in _CARRIED or (name == "stage" and not block)  # a stage inside a line
        if carried:
            self.carried.append(Markup(name, _carried_attributes(el), next(self.numbers)))
        if name == "choice":
            yield from self._choice(children, within, depth)
        elif name == "app":
            chosen = [c for c in children if _local(c) == "lem"] or [
                c for c in children if _local(c) == "rdg"
            ][:1]
            for c in chosen:
                yield from self._visit(c, within, depth + 1)
        else:  # the text, the children and their tails, in order
            layout = name in _CONTAINERS  # white space here is layout, not text
            if el.text and (not layout or el.text.strip()):
                yield self._chunk(el.text, within, _line(el))
            for child in children:
                yield from self._visit(child, within, depth + 1)
                tail = child.tail
                if tail and _local(child) in ("lb", "pb", "cb") and child.get("break") == "no":
                    tail = tail.lstrip()  # the layout after a break inside a word
                if tail and (not layout or tail.strip()):
                    yield self._chunk(tail, within, _line(el))
        if carried:
            self.carried.pop()
        if block:
            self.breaks += 1
            yield _PARAGRAPH
        elif name == "line":
            yield self._chunk(" ", outer, _line(el))

    def _note(self, el: etree._Element, within: _Within, depth: int) -> model.Note:
        """A note, read on a walk of its own: its chunks stand in the revisions around the
        note and in its own, which are named apart from the text's (``note1-del-1``)."""
        self.notes_read += 1
        walk = _Walk(el, self.images)
        walk.notes, walk.excluded, walk.prefix = False, _NOTE_EXCLUDED, f"note{self.notes_read}-"
        hand = _ref(el.get("hand"))  # not the hand of the text around it
        walk.folio, walk.facs, walk.hand = self.folio, self.facs, hand
        items = tuple(walk._visit(el, within, depth))
        return model.Note(
            items, el.get("type"), el.get("place"), hand, el.get("n"), el.get(_XML_LANG)
        )

    def _choice(
        self, children: list[etree._Element], within: _Within, depth: int
    ) -> Iterator[Item]:
        alternatives = [c for c in children if _local(c) is not None]
        for i, c in enumerate(alternatives):
            local = _local(c)
            if local in _DIPLOMATIC:
                kind = Reading.DIPLOMATIC
            elif local in _NORMALIZED:
                kind = Reading.NORMALIZED
            else:  # choice of seg, unclear, ...: the first is the reading shown by default
                kind = Reading.DIPLOMATIC if i == 0 else Reading.NORMALIZED
            yield from self._visit(
                c, replace(within, readings=within.readings + (kind,)), depth + 1
            )


def read_metamarks(data: bytes, source: str) -> tuple[model.Metamark, ...]:
    """Deprecated: the metamarks come from the one walk, as ``parse_tei(data, source).metamarks``."""
    warnings.warn(
        "revdiff.tei.read.read_metamarks is deprecated: use parse_tei(data, source).metamarks",
        DeprecationWarning,
        stacklevel=2,
    )
    return parse_tei(data, source).metamarks

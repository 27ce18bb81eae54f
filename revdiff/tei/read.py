"""Reading TEI P5: the only user of lxml in revdiff.

A TEI file is parsed once with a hardened parser (no entity expansion, no DTD,
no network) and walked once, in document order, by :func:`_walk`, the one
function that looks at lxml's ``text`` and ``tail``. The walk turns the
``text`` element into *chunks*: runs of text, each with the revisions it
stands inside (``add``, ``del``, ``restore``, ``addSpan``/``delSpan`` up to
their anchor), the folio, section, hand and paragraph it belongs to, and the
alternative it is in a ``choice`` or ``app``. A *layer* is then a pure
selection of chunks:

``base``
    the text as first written: no revision applied (deletions kept, additions
    left out, a ``subst`` read as its deletion, a ``restore`` undone);
``final``
    every revision applied;
``change:ID``
    the revisions of the changes of ``listChange`` up to and including ID
    applied (the state after that change);
``hand:ID``
    only the revisions of that hand applied.

A chunk is visible in a layer when every addition around it is applied and
no deletion around it is applied (unless a ``restore`` around that deletion
is applied too, or an ``undo`` whose ``target`` points to the deletion or to
an element inside it).

A ``sourceDoc`` (a page-based transcription) is read when the file has no
``text``: each ``surface`` and ``zone`` is a paragraph, each ``line`` ends a
word, and a surface's ``n`` is its folio.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, repeat
from typing import cast

from lxml import etree

from ..errors import InputError, LayerError, NotTEIError, XMLError
from ..model import Markup, Origin, Revision, RevisionKind, Witness
from ..tokenize import split_words
from .names import TEI_NS
from .names import XML_ID as _XML_ID
from .names import XML_LANG as _XML_LANG
from .names import T as _T

__all__ = ["TEIDocument", "Hand", "Change", "parse_tei", "read_layer", "layer_names"]


# Elements whose content is never running text.
_EXCLUDED = frozenset(
    [
        "teiHeader",
        "note",
        "fw",
        "metamark",
        "figure",
        "facsimile",
        "sourceDoc",
        "stamp",
        "interp",
        "interpGrp",
        "certainty",
        "precision",
        "respons",
        "link",
        "linkGrp",
        "join",
        "joinGrp",
        "alt",
        "altGrp",
        "spanGrp",
        "span",
        "witDetail",
        "index",
        "listChange",
        "desc",
    ]
)
# Elements that start and end a paragraph of running text.
_BLOCKS = frozenset(
    [
        "text",
        "front",
        "body",
        "back",
        "group",
        "div",
        "div1",
        "div2",
        "div3",
        "div4",
        "div5",
        "div6",
        "div7",
        "p",
        "ab",
        "head",
        "opener",
        "closer",
        "salute",
        "signed",
        "dateline",
        "byline",
        "epigraph",
        "argument",
        "trailer",
        "postscript",
        "lg",
        "l",
        "list",
        "item",
        "table",
        "row",
        "cell",
        "sp",
        "speaker",
        "floatingText",
        "titlePage",
        "docTitle",
        "titlePart",
        "docAuthor",
        "docImprint",
        "docDate",
        "address",
        "addrLine",
        "listBibl",
        "castList",
        "castItem",
        "label",
    ]
)
# Elements with element-only content: white space between their children is layout.
# The pages and zones of a page-based transcription (sourceDoc) are read as
# paragraphs; their lines as lines (a word boundary at each end).
_PAGE_BLOCKS = frozenset(["surface", "surfaceGrp", "zone"])
_CONTAINERS = frozenset(["subst", "choice", "app", "rdgGrp", "listWit"])
_REVISIONS = frozenset(["add", "del", "restore"])
_SPANS = frozenset(["addSpan", "delSpan"])
_DIPLOMATIC = frozenset(["sic", "orig", "abbr"])
_NORMALIZED = frozenset(["corr", "reg", "expan"])


@dataclass(frozen=True, slots=True)
class Hand:
    id: str
    description: str


@dataclass(frozen=True, slots=True)
class Change:
    id: str
    when: str | None
    description: str


@dataclass(frozen=True, slots=True)
class _Chunk:
    text: str
    revisions: tuple[Revision, ...]
    folio: str | None
    section: str | None
    hand: str | None
    line: int | None
    # Readings this chunk is one of: ("diplomatic"|"normalized"|"hidden", ...)
    readings: tuple[str, ...] = ()
    # The carried elements around the chunk, outermost first, and the
    # milestones (pb, lb, cb) that stand before its text: see _CARRIED.
    markup: tuple[Markup, ...] = ()


# Inline elements that are not revisions and are carried with the tokens they
# hold (Origin.markup), so that a diff written as TEI can keep them. Not ``ref``
# or ``ptr``: their pointers lead into the source, not into what is written.
_CARRIED = frozenset(
    [
        "hi",
        "emph",
        "foreign",
        "title",
        "seg",
        "term",
        "q",
        "name",
        "persName",
        "placeName",
        "orgName",
        "geogName",
        "roleName",
        "forename",
        "surname",
        "rs",
        "date",
        "time",
        "num",
        "measure",
        "unclear",
        "supplied",
    ]
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


_BREAK = object()  # a paragraph boundary
_JOIN = object()  # a line or page break inside a word


@dataclass(frozen=True)
class TEIDocument:
    """A parsed TEI file: its metadata, hands, changes and the chunks of its text."""

    source: str
    title: str | None
    lang: str | None
    hands: tuple[Hand, ...]
    changes: tuple[Change, ...]
    items: tuple[object, ...] = field(repr=False)  # _Chunk, _BREAK or _JOIN

    @property
    def revisions(self) -> tuple[Revision, ...]:
        seen: dict[str, Revision] = {}
        for item in self.items:
            if isinstance(item, _Chunk):
                for r in item.revisions:
                    seen.setdefault(r.id, r)
        return tuple(seen.values())

    def layer_names(self) -> tuple[str, ...]:
        return layer_names(self)


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


def parse_tei(data: bytes, source: str) -> TEIDocument:
    """Parse TEI bytes into a :class:`TEIDocument`."""
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
    hands: list[Hand] = []
    changes: list[Change] = []
    if header is not None:
        t = header.find(f"{_T}fileDesc/{_T}titleStmt/{_T}title")
        title = _text_of(t) if t is not None else None
        for h in header.iter(f"{_T}handNote"):
            if h.get(_XML_ID):
                hands.append(Hand(h.get(_XML_ID, ""), _text_of(h)))
        for lc in header.iter(f"{_T}listChange"):
            for c in lc.iter(f"{_T}change"):
                if c.get(_XML_ID):
                    changes.append(Change(c.get(_XML_ID, ""), c.get("when"), _text_of(c)))
    lang = text.get(_XML_LANG) or root.get(_XML_LANG)
    try:
        items = tuple(_walk(text))
    except _TooDeep as e:
        raise InputError(
            f"{source}:{e.line}:1: refused: elements nested deeper than {MAX_DEPTH} levels"
        ) from None
    return TEIDocument(source, title, lang, tuple(hands), tuple(changes), items)


# How deep the walk follows nested elements. The parser refuses more than
# 256 levels already; this bound keeps the recursive walk far from Python's
# recursion limit even if that parser limit is lifted.
MAX_DEPTH = 400


class _TooDeep(Exception):
    """The walk met elements nested deeper than MAX_DEPTH (at this line)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


@dataclass
class _State:
    folio: str | None = None
    hand: str | None = None
    spans: list[tuple[str, Revision]] = field(default_factory=list)  # (anchor id, revision)
    counts: dict[str, int] = field(default_factory=dict)
    opened: dict[str, int] = field(default_factory=dict)  # revision id -> when it opened

    def name(self, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{kind}-{self.counts[kind]}"


def _walk(root: etree._Element) -> Iterator[object]:
    """Walk the text once, in document order, yielding chunks and breaks.

    This is the one place that reads ``text`` and ``tail``: white space
    between two inline elements is kept (it is a word boundary), white space
    inside element-only containers (``subst``, ``choice``, ``app``) is not.
    """
    state = _State()
    # The carried elements open around the walk's place, and the milestones
    # waiting for the next chunk with text (a pb between paragraphs stands
    # before the next paragraph's first word).
    carried: list[Markup] = []
    pending: list[Markup] = []
    numbers = iter(range(1, 1 << 62))  # one number per carried element, in document order

    def revision(el: etree._Element, kind: str, stack: tuple[Revision, ...]) -> Revision:
        hand = _ref(el.get("hand"))
        change = _ref(el.get("change"))
        parent = el.getparent()
        while parent is not None and (hand is None or change is None):
            if _local(parent) in ("subst", "mod", "add", "del", "restore"):
                hand = hand or _ref(parent.get("hand"))
                change = change or _ref(parent.get("change"))
            parent = parent.getparent()
        made = Revision(
            id=el.get(_XML_ID) or state.name(kind),
            kind=RevisionKind(kind),
            hand=hand or state.hand,
            change=change,
            place=el.get("place"),
            line=_line(el),
        )
        state.opened.setdefault(made.id, len(state.opened))
        return made

    def chunk(
        text: str, ctx: tuple[tuple[Revision, ...], str | None, tuple[str, ...]], line: int | None
    ) -> _Chunk:
        revisions, section, readings = ctx
        spans = tuple(r for _, r in state.spans)
        if spans and revisions:
            # Outermost first, as _visible expects: a span opened before an
            # element revision encloses it, one opened inside it does not.
            order = state.opened
            revisions = tuple(sorted(revisions + spans, key=lambda r: order.get(r.id, 0)))
        else:
            revisions = revisions or spans
        markup: tuple[Markup, ...] = ()
        if carried or pending:
            markup = tuple(carried)
            if pending and not text.isspace():
                markup += tuple(pending)
                pending.clear()
        return _Chunk(text, revisions, state.folio, section, state.hand, line, readings, markup)

    def visit(
        el: etree._Element,
        ctx: tuple[tuple[Revision, ...], str | None, tuple[str, ...]],
        depth: int = 0,
    ) -> Iterator[object]:
        if depth > MAX_DEPTH:  # a recursive walk: refuse before Python's own limit
            raise _TooDeep(_line(el) or 1)
        name = _local(el)
        revisions, section, readings = ctx
        if name is None or (name in _EXCLUDED and el is not root):
            return  # comments, processing instructions, entities, foreign elements, notes
        if name in ("pb", "lb", "cb"):
            if name == "pb":
                state.folio = el.get("n") or state.folio
            pending.append(Markup(name, _carried_attributes(el), next(numbers)))
            yield _JOIN if el.get("break") == "no" else chunk(" ", ctx, _line(el))
            return
        if name == "handShift":
            state.hand = _ref(el.get("new")) or state.hand
            return
        if name in _SPANS:
            target = _ref(el.get("spanTo"))
            if target:
                state.spans.append((target, revision(el, name, revisions)))
            return
        if name == "gap":
            yield chunk("[…]", ctx, _line(el))
            return
        if el.get(_XML_ID) and any(anchor == el.get(_XML_ID) for anchor, _ in state.spans):
            state.spans[:] = [(a, r) for a, r in state.spans if a != el.get(_XML_ID)]
        if name in _REVISIONS:
            revisions = revisions + (revision(el, name, revisions),)
        elif name.startswith("div") and el.get("n"):
            section = el.get("n")
        if el.get(_XML_ID) in undone:
            revisions = revisions + (undone[el.get(_XML_ID, "")],)
        if name == "surface" and el.get("n"):
            state.folio = el.get("n")  # a page of a sourceDoc, as pb is in a text
        if name in _BLOCKS or name in _PAGE_BLOCKS:
            yield _BREAK
        elif name == "line":  # a line of a page-based transcription ends a word
            yield chunk(" ", ctx, _line(el))
        children = [c for c in el]
        if name in _CARRIED:
            carried.append(Markup(name, _carried_attributes(el), next(numbers)))
        if name == "choice":
            yield from _choice(el, children, revisions, section, readings, depth)
        elif name == "app":
            chosen = [c for c in children if _local(c) == "lem"] or [
                c for c in children if _local(c) == "rdg"
            ][:1]
            for c in chosen:
                yield from visit(c, (revisions, section, readings), depth + 1)
        else:
            inner = (revisions, section, readings)
            if el.text and (name not in _CONTAINERS or el.text.strip()):
                yield chunk(el.text, inner, _line(el))
            for child in children:
                yield from visit(child, inner, depth + 1)
                tail = child.tail
                if tail and _local(child) in ("lb", "pb", "cb") and child.get("break") == "no":
                    tail = tail.lstrip()  # the layout after a break inside a word
                if tail and (name not in _CONTAINERS or tail.strip()):
                    yield chunk(tail, inner, _line(el))
        if name in _CARRIED:
            carried.pop()
        if name in _BLOCKS or name in _PAGE_BLOCKS:
            yield _BREAK
        elif name == "line":
            yield chunk(" ", ctx, _line(el))

    def _choice(
        el: etree._Element,
        children: list[etree._Element],
        revisions: tuple[Revision, ...],
        section: str | None,
        readings: tuple[str, ...],
        depth: int,
    ) -> Iterator[object]:
        alternatives = [c for c in children if _local(c) is not None]
        for i, c in enumerate(alternatives):
            local = _local(c)
            if local in _DIPLOMATIC:
                kind = "diplomatic"
            elif local in _NORMALIZED:
                kind = "normalized"
            else:  # choice of seg, unclear, ...: the first is the reading shown by default
                kind = "diplomatic" if i == 0 else "normalized"
            yield from visit(c, (revisions, section, readings + (kind,)), depth + 1)

    # undo target="#x": a later cancellation of the deletion around (or at) x.
    undone: dict[str, Revision] = {}
    for u in root.iter(f"{_T}undo"):
        for pointer in (u.get("target") or "").split():
            if pointer.startswith("#"):
                undone.setdefault(pointer[1:], revision(u, "undo", ()))
    yield from visit(root, ((), None, ()))


def _applied_rule(doc: TEIDocument, layer: str) -> Callable[[Revision], bool]:
    if layer == "base":
        return lambda r: False
    if layer == "final":
        return lambda r: True
    kind, _, ident = layer.partition(":")
    if kind == "hand" and ident in {h.id for h in doc.hands} | {r.hand for r in doc.revisions}:
        return lambda r: r.hand == ident
    change_ids = [c.id for c in doc.changes]
    if kind != "change":
        ident = layer
    if ident in change_ids:
        upto = frozenset(change_ids[: change_ids.index(ident) + 1])
        return lambda r: r.change in upto
    raise LayerError(
        f"{doc.source}: no layer {layer!r}; the layers there are: {', '.join(layer_names(doc))}"
    )


def layer_names(doc: TEIDocument) -> tuple[str, ...]:
    """The layers a TEI document offers: base, final, one per change, one per hand."""
    hands = [h.id for h in doc.hands]
    for r in doc.revisions:
        if r.hand and r.hand not in hands:
            hands.append(r.hand)
    revising = {r.hand for r in doc.revisions}
    return (
        ("base", "final")
        + tuple(f"change:{c.id}" for c in doc.changes)
        + tuple(f"hand:{h}" for h in hands if h in revising)
    )


def _visible(chunk: _Chunk, applied: Callable[[Revision], bool], reading: str) -> bool:
    if any(r != reading for r in chunk.readings):
        return False
    for i, r in enumerate(chunk.revisions):
        if r.is_addition and not applied(r):
            return False
        if r.is_deletion and applied(r):
            restored = any(x.kind == "restore" and applied(x) for x in chunk.revisions[:i]) or any(
                x.kind == "undo" and applied(x) for x in chunk.revisions
            )
            if not restored:
                return False
    return True


def read_layer(
    doc: TEIDocument,
    layer: str = "final",
    *,
    siglum: str | None = None,
    reading: str = "diplomatic",
) -> Witness:
    """The witness of one layer of a TEI document.

    ``reading`` chooses within ``choice``: ``diplomatic`` (``sic``, ``orig``,
    ``abbr``) or ``normalized`` (``corr``, ``reg``, ``expan``).
    """
    if reading not in ("diplomatic", "normalized"):
        raise LayerError(f"unknown reading {reading!r}: diplomatic or normalized")
    applied = _applied_rule(doc, layer)
    paragraphs: list[list[tuple[str, _Chunk]]] = [[]]
    for item in doc.items:
        if item is _BREAK:
            if paragraphs[-1]:
                paragraphs.append([])
        elif item is _JOIN:
            _strip_end(paragraphs[-1])  # the layout before a break inside a word
        elif isinstance(item, _Chunk) and _visible(item, applied, reading):
            paragraphs[-1].append((item.text, item))
    kept = [p for p in paragraphs if "".join(t for t, _ in p).strip()]
    texts, origins = _tokenize_paragraphs(kept)
    # A key per distinct surface (set and dict passes in C), shared by its tokens.
    key_of = {text: text.strip() for text in set(texts)}
    return Witness(
        siglum=siglum or doc.source,
        source=doc.source,
        texts=texts,
        keys=tuple(map(key_of.__getitem__, texts)),
        origins=origins,
        layer=layer,
        title=doc.title,
        lang=doc.lang,
    )


def _strip_end(paragraph: list[tuple[str, _Chunk]]) -> None:
    while paragraph:
        text, chunk = paragraph[-1]
        stripped = text.rstrip()
        if stripped:
            paragraph[-1] = (stripped, chunk)
            return
        paragraph.pop()


_SPACE = re.compile(r"\s+")


def _tokenize_paragraphs(
    paragraphs: list[list[tuple[str, _Chunk]]],
) -> tuple[tuple[str, ...], tuple[Origin | None, ...]]:
    """Collapse white space, split into tokens, give each token its origin.

    The paragraphs are split as one text, a blank line after each and a line
    end after the last, in one regex pass (no token crosses a blank line).
    A token takes the origin of the chunk its first character is in, unless
    it runs on into later chunks and one of those stands in a revision: then
    that chunk's (a word half added takes the addition's origin). Only the
    last token starting in a chunk can run on, so Python runs per chunk, not
    per token: the tokens starting in a chunk are found by bisection in their
    start offsets, and take the chunk's origin in bulk.

    >>> chunk = _Chunk("", (), "57", None, None, 1)
    >>> added = _Chunk("", (Revision("add-1", "add"),), "57", None, None, 1)
    >>> texts, origins = _tokenize_paragraphs(
    ...     [[("Н", chunk), ("ужно  ", added), (" было", chunk)], [("да", chunk)]]
    ... )
    >>> texts, [o.status for o in origins], [o.paragraph for o in origins]
    (('Нужно ', 'было\\n\\n', 'да\\n'), ['added', 'text', 'text'], [0, 0, 1])
    """
    lines: list[str] = []
    # Each non-empty piece of collapsed text: (start, end) in the whole text, its chunk, paragraph.
    pieces: list[tuple[int, int, _Chunk, int]] = []
    offset = 0
    for number, paragraph in enumerate(paragraphs):
        parts: list[str] = []
        length = 0
        after_space = True  # a paragraph starts without white space, and no space follows one
        for text, chunk in paragraph:
            # Printable text holds no white space but the ASCII space: a
            # regex pass is needed only for other spaces or a double one.
            piece = text if text.isprintable() and "  " not in text else _SPACE.sub(" ", text)
            if after_space and piece.startswith(" "):
                piece = piece[1:]
            if piece:
                pieces.append((offset + length, offset + length + len(piece), chunk, number))
                parts.append(piece)
                length += len(piece)
                after_space = piece.endswith(" ")
        # The space cut off here may leave the last piece's end one past its
        # line: no token starts in white space, so no token is misplaced.
        line = "".join(parts).rstrip()
        lines.append(line)
        offset += len(line) + 2
    if not lines:
        return (), ()
    texts = split_words("\n\n".join(lines) + "\n")
    starts = list(accumulate(map(len, texts), initial=0))  # starts[k]: where token k starts
    # The tokens of a chunk share one origin object (made once per chunk, not per token).
    origins: list[Origin | None] = []
    low = 0
    for k, (_, end, chunk, number) in enumerate(pieces):
        high = bisect.bisect_left(starts, end, low, len(texts))  # tokens low..high-1 start here
        if high == low:
            continue
        origins.extend(repeat(_origin(chunk, number), high - low))
        last = high - 1
        visible_end = starts[last] + len(texts[last].rstrip())
        later = k + 1
        while not chunk.revisions and later < len(pieces) and pieces[later][0] < visible_end:
            # The token runs on into a later chunk: the first one in a revision gives its origin.
            if pieces[later][2].revisions:
                origins[last] = _origin(pieces[later][2], pieces[later][3])
                break
            later += 1
        low = high
    _carry_markup(pieces, starts, texts, origins)
    return tuple(texts), tuple(origins)


def _carry_markup(
    pieces: list[tuple[int, int, _Chunk, int]],
    starts: list[int],
    texts: Sequence[str],
    origins: list[Origin | None],
) -> None:
    """Give each token the markup of the chunks it stands in (``Origin.markup``).

    ``pieces`` are the chunks' places in the text, ``starts`` the tokens'.
    A carried element covers the part of a token's visible text (without its
    trailing space) that its chunks cover; a milestone stands before the
    first token that ends after it: at its start, or inside it where a word
    runs across the milestone (``break="no"``). Tokens without markup keep
    their shared origin: plain text costs one test per chunk.

    >>> hi = Markup("hi", (("rend", "bold"),), 1)
    >>> pb = Markup("pb", (("n", "60"),), 2)
    >>> plain = _Chunk("", (), None, None, None, 1)
    >>> pieces = [(0, 1, _Chunk("", (), None, None, None, 1, (), (hi,)), 0), (1, 6, plain, 0),
    ...           (6, 10, _Chunk("", (), None, None, None, 1, (), (pb,)), 0)]
    >>> origins = [Origin(), Origin()]
    >>> _carry_markup(pieces, [0, 6, 10], ["Нужно ", "было"], origins)
    >>> [[(m.tag, m.start, m.end) for m in o.markup] for o in origins]
    [[('hi', 0, 1)], [('pb', 0, 0)]]
    """
    on: dict[int, dict[int, Markup]] = {}  # token -> element number -> its markup there
    for start, end, chunk, _ in pieces:
        if not chunk.markup:
            continue
        first = max(0, bisect.bisect_right(starts, start) - 1)
        for m in chunk.markup:
            k = first
            if m.milestone:
                while k < len(texts) and starts[k] + len(texts[k].rstrip()) <= start:
                    k += 1
                if k < len(texts):
                    at = max(0, start - starts[k])
                    on.setdefault(k, {})[m.id] = replace(m, start=at, end=at)
                continue
            while k < len(texts) and starts[k] < end:
                low, high = max(start, starts[k]), min(end, starts[k] + len(texts[k].rstrip()))
                if low < high:
                    marks = on.setdefault(k, {})
                    seen = marks.get(m.id)  # the same element over several chunks of one word
                    low = min(low, starts[k] + seen.start) if seen else low
                    high = max(high, starts[k] + seen.end) if seen else high
                    marks[m.id] = replace(m, start=low - starts[k], end=high - starts[k])
                k += 1
    for k, marks in on.items():
        o = origins[k]
        if o is not None:
            origins[k] = replace(o, markup=tuple(marks.values()))


def _origin(chunk: _Chunk, number: int) -> Origin:
    """The origin of the tokens of a chunk in paragraph ``number``: the one place one is made."""
    return Origin(
        folio=chunk.folio,
        section=chunk.section,
        paragraph=number,
        hand=chunk.revisions[-1].hand if chunk.revisions else chunk.hand,
        revision=chunk.revisions[-1] if chunk.revisions else None,
        line=chunk.line,
    )


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


def read_metamarks(data: bytes, source: str) -> tuple[Metamark, ...]:
    """The metamarks of a TEI text, each with the paragraph boundaries before it.

    Counts boundaries as :func:`_walk` yields them (a block element yields one
    where it starts and one where it ends; excluded elements yield none), but
    reads no text or tail.

    >>> xml = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>a</p>'
    >>> xml += b'<p><metamark function="tick" place="margin">x</metamark> b</p></body></text></TEI>'
    >>> [(m.text, m.function, m.breaks) for m in read_metamarks(xml, "t.xml")]
    [('x', 'tick', 5)]
    """
    root = parse_xml(data, source)
    text = root if _local(root) in ("text", "surface", "sourceDoc") else root.find(f".//{_T}text")
    if text is None:
        return ()
    marks: list[Metamark] = []
    breaks = 0

    def visit(el: etree._Element) -> None:
        nonlocal breaks
        name = _local(el)
        if name == "metamark":
            marks.append(
                Metamark(
                    _norm_space("".join(str(t) for t in el.itertext())),
                    el.get("function"),
                    el.get("place"),
                    _ref(el.get("hand")),
                    breaks,
                )
            )
            return
        if name is None or name in _EXCLUDED:
            return
        if name in _BLOCKS:
            breaks += 1
        children = [c for c in el]
        if name == "app":
            children = [c for c in children if _local(c) == "lem"] or [
                c for c in children if _local(c) == "rdg"
            ][:1]
        for child in children:
            visit(child)
        if name in _BLOCKS:
            breaks += 1

    visit(text)
    return tuple(marks)

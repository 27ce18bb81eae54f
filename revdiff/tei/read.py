"""Reading TEI P5: the hardened parser, the root that is read, and the document.

A TEI file is parsed once with a hardened parser (internal entities expanded
within libxml2's limits, no external entity or DTD loaded, no network) and
walked once, in document order, by :class:`~revdiff.tei.walk.Walk`, which
turns its text into the items of a :class:`~revdiff.model.TEIDocument`.
Layers are selections of the items (:mod:`revdiff.tei.layers`).

What is read, and what is said about it (each a
:class:`~revdiff.model.Notice` on the document, which the command line
prints as a warning):

- a TEI P5 file's ``text``; a page-based transcription's ``sourceDoc`` when
  there is no ``text``; a fragment (a TEI element other than ``TEI``, such as a
  ``div`` or a ``surface``) from its root;
- TEI without its namespace (root ``TEI`` or ``text``) and TEI P4 (root
  ``TEI.2``), read as TEI P5 (P4's ``@id`` and ``@lang`` as ``xml:id`` and
  ``xml:lang``), with one notice;
- an ``xml:id`` used twice, with one notice per id saying which element a
  pointer to it means;
- spans whose anchor is missing, stands before them or is themselves (read
  as empty), transpositions that cannot be applied, elements of other
  namespaces skipped with text in them.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterator
from typing import Any, cast

from lxml import etree

from .. import model
from .._names import moved
from ..errors import InputError, NotTEIError, XMLError
from ..model import Boundary, Item, Notice, Revision, RevisionKind, Transpose
from .apparatus import stage_order, witness_ids
from .elements import line_of, local, ref
from .facsimile import facsimile_urls
from .names import TEI_NS
from .names import XML_ID as _XML_ID
from .names import XML_LANG as _XML_LANG
from .names import T as _T
from .positions import Positions, source_text
from .vocabulary import Vocabulary
from .walk import MAX_DEPTH, Locate, TooDeep, Walk

__all__ = ["parse_tei", "parse_xml", "MAX_DEPTH", "EXPANDS_ENTITIES"]

__getattr__ = moved(
    __name__,
    {
        **{name: f"revdiff.model.{name}" for name in ("TEIDocument", "Hand", "Change", "Metamark")},
        **{name: f"revdiff.tei.layers.{name}" for name in ("read_layer", "layer_names")},
    },
)

# libxml2 refuses entity amplification (billion laughs, quadratic blow-up) on
# its own from 2.11 on, and lxml can expand internal entities only (no file,
# no URL) from 5.0 on. With older ones, no entity is expanded: a file that
# declares one is refused, as dropping its references would lose text.
EXPANDS_ENTITIES = etree.LIBXML_VERSION >= (2, 11, 0) and etree.LXML_VERSION >= (5, 0)


class _NothingLoaded(etree.Resolver):
    """Every external resource the parser asks for (a DTD) is an empty one.

    Expanding entities makes libxml2 read the external DTD subset a DOCTYPE
    names, for the entities and default attributes it might declare: a file
    of the user's machine, or a URL. Given nothing instead, it reads
    nothing; a reference to an entity that DTD would have declared is then
    undeclared, and refused by name (:func:`parse_xml`).
    """

    def resolve(self, system_url: str, public_id: str, context: object) -> object:  # type: ignore[override]  # lxml-stubs leave out the context
        return self.resolve_string("", context)  # type: ignore[call-arg]


_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": "internal" if EXPANDS_ENTITIES else False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,  # libxml2's limits on depth, text and names
    "remove_blank_text": False,  # a blank between two inline elements is a word boundary
    "remove_comments": False,
    "collect_ids": False,  # an xml:id used twice is a notice, not a refusal
}


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    parser.resolvers.add(_NothingLoaded())
    return parser


# libxml2's own limits without XML_PARSE_HUGE (huge_tree=False), reworded:
# what the user must know is that the file was refused, and why.
_PARSER_LIMITS = (
    ("Excessive depth", "elements nested deeper than {} levels (the XML parser's limit)"),
    ("Text node too long", "a text longer than 10,000,000 bytes (the XML parser's limit)"),
    ("amplification", "entity expansion (an entity bomb)"),
    ("Resource limit exceeded", "a name, value or text over the XML parser's size limits"),
)
_UNDEFINED = re.compile(r"Entity '([^']+)' not defined")


def _entity_refusal(data: bytes, name: str) -> str:
    """Why a reference to the entity ``name`` cannot be read, in words."""
    declared = re.search(
        rb"<!ENTITY\s+(%\s+)?" + re.escape(name.encode()) + rb"\s+(SYSTEM|PUBLIC)\s", data
    )
    if declared and declared.group(1):
        return (
            f"the parameter entity %{name}; is not read (revdiff reads no parameter entities "
            "and loads no external entities or DTDs)"
        )
    if declared:
        return (
            f"the entity &{name}; is external ({declared.group(2).decode()}): revdiff loads "
            "no external entities or DTDs; write its text into the file"
        )
    return (
        f"the entity reference &{name}; is not declared in the file (revdiff loads no "
        "external entities or DTDs): write the character itself"
    )


def parse_xml(data: bytes, source: str) -> etree._Element:
    """Parse XML bytes: internal entities expanded (within libxml2's limits), no external
    entity or DTD loaded, no network.

    A reference to an entity the file does not declare itself (one from an
    external DTD, or an external entity) is refused, naming it: dropping it
    would lose text.

    >>> parse_xml(b'<p>&amp;&#233;</p>', "t.xml").text
    '&é'
    >>> parse_xml(b'<!DOCTYPE p [<!ENTITY om "\\xe2\\xb8\\x86">]><p>&om;</p>', "t.xml").text
    '⸆'
    >>> parse_xml(b'<!DOCTYPE p [<!ENTITY s SYSTEM "/etc/passwd">]><p>&s;</p>', "t.xml")
    Traceback (most recent call last):
    revdiff.errors.InputError: t.xml:1:54: refused: the entity &s; is external (SYSTEM): revdiff loads no external entities or DTDs; write its text into the file
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
        undefined = _UNDEFINED.search(reason)
        if undefined:
            raise InputError(
                f"{source}:{line or 1}:{column or 1}: refused: "
                + _entity_refusal(data, undefined.group(1))
            ) from None
        raise XMLError(source, line or 1, column or 1, reason) from None
    if root is None:
        raise XMLError(source, 1, 1, "no root element")
    if not EXPANDS_ENTITIES:
        _refuse_declared_entities(root, data, source)
    for entity in root.iter(etree.Entity):
        raise InputError(
            f"{source}:{entity.sourceline or 1}:1: refused: the entity reference {entity.text} "
            "is not expanded (revdiff reads no external DTD): write the character itself"
        )
    return root


def _refuse_declared_entities(root: etree._Element, data: bytes, source: str) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    entities = dtd.iterentities() if dtd is not None else ()  # type: ignore[attr-defined]
    # An unparsed (NDATA) entity, or an external one, never stands in the text as read.
    declared = [e.name for e in entities if e.system_url is None]
    if declared:
        at = data.find(b"<!ENTITY")
        line = data[:at].count(b"\n") + 1 if at >= 0 else 1
        raise InputError(
            f"{source}:{line}:1: refused: the DTD declares entities ({', '.join(declared[:5])}), "
            f"and this libxml2 ({'.'.join(map(str, etree.LIBXML_VERSION))}) is older than 2.11, "
            "which guards against entity bombs: revdiff expands no entities with it"
        )


def _text_of(el: etree._Element) -> str:
    """All the text inside an element, white space collapsed (a header field)."""
    return " ".join("".join(cast("Iterator[str]", el.itertext())).split())


_P4_ROOTS = frozenset(["TEI.2", "teiCorpus.2"])
_BARE_ROOTS = frozenset(["TEI", "teiCorpus", "text", "sourceDoc", "surface"])
_WHOLE = frozenset(["TEI", "TEI.2", "teiCorpus", "teiCorpus.2"])


def _as_tei(root: etree._Element, source: str) -> str | None:
    """Accept the root, putting TEI without its namespace (and P4) into TEI's namespace
    (and saying so)."""
    tag = root.tag
    if isinstance(tag, str) and tag.startswith(_T):
        return None
    if isinstance(tag, str) and not tag.startswith("{") and tag in _P4_ROOTS | _BARE_ROOTS:
        p4 = tag in _P4_ROOTS
        for el in root.iter(etree.Element):
            if not el.tag.startswith("{"):
                el.tag = _T + el.tag
            if p4:
                for old, new in (("id", _XML_ID), ("lang", _XML_LANG)):
                    value = el.get(old)
                    if value is not None and el.get(new) is None:
                        del el.attrib[old]
                        el.set(new, value)
        return (
            f"TEI P4 (root <{tag}>): read as TEI P5, @id as xml:id, @lang as xml:lang"
            if p4
            else f"TEI without its namespace (root <{tag}>): read as TEI P5 ({TEI_NS})"
        )
    found = tag if isinstance(tag, str) else "?"
    if found.startswith("{"):
        ns, _, name = found[1:].partition("}")
        found = f"{name} in namespace {ns}"
    raise NotTEIError(
        f"{source}:{root.sourceline or 1}:1: not TEI P5: the root element is {found}, "
        f"not an element in the TEI namespace {TEI_NS}"
    )


def _duplicates(root: etree._Element, source: str, locate: Locate) -> list[Notice]:
    counts = Counter(cast("list[str]", root.xpath("//@xml:id")))
    repeated = {ident for ident, n in counts.items() if n > 1}
    if not repeated:
        return []
    first: dict[str, etree._Element] = {}
    notices = []
    for el in cast("list[etree._Element]", root.xpath("//*[@xml:id]")):
        ident = el.get(_XML_ID, "")
        if ident not in repeated:
            continue
        if ident not in first:
            first[ident] = el
            continue
        line, column = locate(el)
        notices.append(
            Notice(
                source,
                line,
                column,
                f'xml:id="{ident}" is used again (first on line {first[ident].sourceline}): '
                f'a span to "#{ident}" ends at the first one after it; any other pointer '
                f"means the first one",
            )
        )
    return notices


def parse_tei(
    data: bytes, source: str, *, vocabulary: Vocabulary | None = None
) -> model.TEIDocument:
    """Parse TEI bytes into a :class:`~revdiff.model.TEIDocument`.

    ``vocabulary`` says which of a project's own elements are revisions
    (see :mod:`revdiff.tei.vocabulary`).
    """
    root = parse_xml(data, source)
    lenient = _as_tei(root, source)
    name = local(root)
    if name in ("text", "surface", "sourceDoc") or name not in _WHOLE:
        text = root  # the text itself, or a fragment read from its root
    else:
        found = root.find(f".//{_T}text")
        if found is None:
            found = root.find(f".//{_T}sourceDoc")
        if found is None:
            raise NotTEIError(f"{source}:{root.sourceline or 1}:1: TEI without a text element")
        text = found
    positions: list[Positions] = []

    def locate(el: etree._Element) -> tuple[int, int]:
        if not positions:
            positions.append(Positions(root, source_text(root, data)))
        return positions[0].of(el)

    notices: list[Notice] = []
    if lenient:
        notices.append(Notice(source, *locate(root), lenient))
    notices += _duplicates(root, source, locate)
    title, hands, changes = _header(root.find(f"{_T}teiHeader"))
    lang = text.get(_XML_LANG) or root.get(_XML_LANG)
    ids = Counter(cast("list[str]", text.xpath("descendant-or-self::*/@xml:id")))
    walk = Walk(
        text,
        source,
        ids=ids,
        locate=locate,
        vocabulary=vocabulary,
        witnesses=witness_ids(root),
        images=facsimile_urls(root),
    )
    transposes = list(root.iter(f"{_T}transpose"))
    for t in transposes:
        walk.targets.update(ref(p.get("target")) or "" for p in t.iter(f"{_T}ptr"))
    if vocabulary is not None:
        for rule in vocabulary.rules:
            if rule.at is not None:
                walk.anchor_ids.update(
                    ref(el.get(rule.at)) or "" for el in text.iter(rule.tag) if el.get(rule.at)
                )
    try:
        items = walk.run()
    except TooDeep as e:
        raise InputError(
            f"{source}:{e.line}:1: refused: elements nested deeper than {MAX_DEPTH} levels"
        ) from None
    items, where = _place(items, walk)
    transpositions = _transpositions(transposes, walk, where)
    notices += walk.notices
    return model.TEIDocument(
        source,
        title,
        lang,
        tuple(hands),
        tuple(changes),
        tuple(items),
        transpositions=transpositions,
        stages=tuple(sorted(walk.stages, key=stage_order)),
        witnesses=walk.witnesses,
        notices=tuple(notices),
    )


def _header(
    header: etree._Element | None,
) -> tuple[str | None, list[model.Hand], list[model.Change]]:
    """The title, hands (``handNote``) and changes (``listChange/change``, each once,
    in document order, nested lists too) of a TEI header."""
    if header is None:
        return None, [], []
    t = header.find(f"{_T}fileDesc/{_T}titleStmt/{_T}title")
    title = _text_of(t) if t is not None else None
    hands = [
        model.Hand(h.get(_XML_ID, ""), _text_of(h))
        for h in header.iter(f"{_T}handNote")
        if h.get(_XML_ID)
    ]
    changes: list[model.Change] = []
    seen: set[str] = set()
    for c in header.iter(f"{_T}change"):
        ident = c.get(_XML_ID)
        parent = c.getparent()
        if ident and ident not in seen and parent is not None and local(parent) == "listChange":
            seen.add(ident)
            changes.append(model.Change(ident, c.get("when"), _text_of(c)))
    return title, hands, changes


def _place(items: list[Item], walk: Walk) -> tuple[list[Item], list[int]]:
    """Move the text a vocabulary places by pointer (``at``) to its anchor.

    Returns the items and where each item of the walk went (one more entry
    for the end).
    """
    where = list(range(len(items) + 1))
    if not walk.moves:
        return items, where
    kept: list[tuple[int, int, int]] = []
    last = -1
    for start, stop, anchor, el in sorted(walk.moves, key=lambda m: (m[0], -m[1])):
        if start < last:
            continue  # inside a passage that moves: it moves with it
        at = walk.anchors.get(anchor)
        if at is None:
            walk.notice(el, f'no anchor "#{anchor}" in the text: left where it is written')
            continue
        if start <= at < stop:
            continue
        kept.append((start, stop, at))
        last = stop
    inside = [(s, e) for s, e, _ in kept]
    kept = [(s, e, at) for s, e, at in kept if not any(a <= at < b for a, b in inside)]
    inserts: dict[int, list[tuple[int, int]]] = {}
    moved = bytearray(len(items))
    for start, stop, at in kept:
        inserts.setdefault(at, []).append((start, stop))
        moved[start:stop] = b"\x01" * (stop - start)
    placed: list[Item] = []
    for i in range(len(items) + 1):
        for start, stop in inserts.get(i, ()):
            placed.append(Boundary.TOKEN)  # text placed at an anchor is a word of its own
            for j in range(start, stop):
                where[j] = len(placed)
                placed.append(items[j])
            placed.append(Boundary.TOKEN)
        if i == len(items):
            where[i] = len(placed)
        elif not moved[i]:
            where[i] = len(placed)
            placed.append(items[i])
    return placed, where


def _transpositions(
    transposes: list[etree._Element], walk: Walk, where: list[int]
) -> tuple[Transpose, ...]:
    """The transpositions whose passages the walk found, each as ranges of the items."""
    made: list[Transpose] = []
    taken: list[tuple[int, int]] = []
    for number, t in enumerate(transposes, 1):
        targets = [ref(p.get("target")) or "" for p in t.iter(f"{_T}ptr")]
        ident = t.get(_XML_ID) or f"transpose-{number}"
        missing = [x for x in targets if x not in walk.ranges]
        if len(targets) < 2 or missing:
            why = (
                f'no passage with xml:id="{missing[0]}" in the text'
                if missing
                else "fewer than two passages"
            )
            walk.notice(t, f"transposition {ident}: {why}; not applied")
            continue
        segments = []
        for target in targets:
            start, stop = walk.ranges[target]
            first, last = where[start], where[stop - 1] + 1 if stop > start else where[start]
            if last - first != stop - start:
                first = -1  # a passage split by text placed by pointer
            segments.append((first, last))
        ordered = sorted(segments)
        overlapping = any(a[1] > b[0] for a, b in zip(ordered, ordered[1:], strict=False)) or any(
            s[0] < b and a < s[1] for s in ordered for a, b in taken
        )
        if overlapping or any(s[0] < 0 or s[0] >= s[1] for s in segments):
            walk.notice(t, f"transposition {ident}: its passages overlap or are empty; not applied")
            continue
        parent = t.getparent()
        hand = ref(t.get("hand")) or (ref(parent.get("hand")) if parent is not None else None)
        revision = Revision(
            ident, RevisionKind.TRANSPOSE, hand=hand, change=ref(t.get("change")), line=line_of(t)
        )
        made.append(Transpose(revision, tuple(segments), walk.undone.get(ident)))
        taken.extend(segments)
    return tuple(made)


def read_metamarks(data: bytes, source: str) -> tuple[model.Metamark, ...]:
    """Deprecated: the metamarks come from the one walk, as ``parse_tei(data, source).metamarks``."""
    warnings.warn(
        "revdiff.tei.read.read_metamarks is deprecated: use parse_tei(data, source).metamarks",
        DeprecationWarning,
        stacklevel=2,
    )
    return parse_tei(data, source).metamarks

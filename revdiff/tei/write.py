"""A diff as TEI P5: revision markup (``inline``) or a parallel-segmentation apparatus.

``inline`` writes one text whose base layer is the diff's ``a`` and whose
final layer is its ``b``: what ``b`` lacks is a ``del``, what it adds an
``add``, a replacement a ``subst``; every ``del`` and ``add`` points with
``@change`` to the one ``change`` of ``listChange`` that turns ``a`` into
``b``. ``apparatus`` writes the text once where the witnesses agree and an
``app`` with one ``rdg`` per witness (``@wit``) where they differ.

Both read back exactly through :func:`revdiff.tei.read.read_layer` (``base``
and ``final``; for the apparatus, each witness's readings) as long as the
witnesses' texts are in the reader's normal form: single spaces, no space at
the start or end of a paragraph, paragraphs separated by a blank line. Texts
read from TEI are always in that form; in a plain text, a run of spaces or a
single line end inside a paragraph reads back as one space.

Paragraph breaks cannot be revised in TEI's inline revision markup (``p``
cannot stand in ``add``), and the reader drops paragraphs that are empty in
a layer. So where a break is only in ``a`` or only in ``b``, the text of
the other side around it goes into its own paragraph: deleted in one ``p``,
added in another. Everything is still exact; only the markup is less
minimal there.

>>> from revdiff.align import diff
>>> from revdiff.tokenize import plain_witness
>>> d = diff(plain_witness("a big dog\\n", "a.txt", "a"), plain_witness("a small dog\\n", "b.txt", "b"))
>>> print(_body_xml(to_tei(d)))
<p>a <subst><del change="#rev-b">big</del><add change="#rev-b">small</add></subst> dog</p>
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from .. import __version__
from ..errors import RevdiffError
from ..model import Diff, Op, Witness
from .names import NOT_XML as _NOT_XML
from .names import TEI_NS
from .names import XML_ID as _XML_ID
from .names import XML_LANG as _XML_LANG
from .names import T as _T

__all__ = ["to_tei", "STYLES"]

STYLES = ("inline", "apparatus")

# White space with two line ends is a paragraph break (a blank line).
_BREAK = re.compile(r"[^\S\n]*\n\s*\n\s*")
_TRAILING_SPACE = re.compile(r"\s*\Z")


@dataclass(frozen=True, slots=True)
class _Reading:
    """A run of text in one output paragraph: the same in a and b, or changed."""

    a: str
    b: str
    changed: bool

    @property
    def shape(self) -> tuple[bool, bool, bool]:
        return (self.changed, bool(self.a), bool(self.b))


def _pieces(diff: Diff) -> Iterator[_Reading]:
    """The diff as readings, each token's trailing white space apart from its word.

    An equal segment can still differ in its surfaces (normalization ignored
    case, or the white space is a paragraph break on one side only); such a
    token is a change, since both texts must come back exactly.
    """
    for s in diff.segments:
        if s.op is Op.EQUAL:
            for i, j in zip(range(s.a_start, s.a_end), range(s.b_start, s.b_end), strict=True):
                yield from _split(diff.a.texts[i], diff.b.texts[j])
        else:
            yield from _split(diff.a_text(s), diff.b_text(s))


def _split(a: str, b: str) -> Iterator[_Reading]:
    core_a, space_a = _cut(a)
    core_b, space_b = _cut(b)
    if core_a or core_b:
        yield _Reading(core_a, core_b, core_a != core_b)
    if space_a or space_b:
        yield _Reading(space_a, space_b, space_a != space_b)


def _cut(text: str) -> tuple[str, str]:
    match = _TRAILING_SPACE.search(text)
    start = match.start() if match else len(text)
    return text[:start], text[start:]


def _paragraphs(diff: Diff) -> list[list[_Reading]]:
    """Route the readings into output paragraphs.

    Every output paragraph must hold, in each of a and b, one whole paragraph
    or nothing. ``at_a`` and ``at_b`` are the output paragraphs that a's and
    b's current paragraphs go to; a break on both sides brings them together
    again in a new paragraph, a break on one side moves that side on, to the
    paragraph of the other side if that is ahead (it holds nothing of this
    side yet).
    """
    paragraphs: list[list[_Reading]] = [[]]
    at_a = at_b = 0

    def put(index: int, reading: _Reading) -> None:
        while len(paragraphs) <= index:
            paragraphs.append([])
        paragraph = paragraphs[index]
        # Runs of the same kind join; so do a change in a only and one in b only
        # (each side keeps its order), making one replacement of the two.
        if paragraph and (
            paragraph[-1].shape == reading.shape
            or (paragraph[-1].changed and reading.changed and not (paragraph[-1].a and reading.a))
            and not (paragraph[-1].b and reading.b)
        ):
            last = paragraph.pop()
            reading = _Reading(last.a + reading.a, last.b + reading.b, reading.changed)
        paragraph.append(reading)

    for r in _pieces(diff):
        a_runs = _BREAK.split(r.a)
        b_runs = _BREAK.split(r.b)
        if not r.changed:
            for k, run in enumerate(a_runs):
                if k:  # a break in both: together again, in a new paragraph
                    at_a = at_b = max(at_a, at_b) + 1
                if run and at_a == at_b:
                    put(at_a, _Reading(run, run, False))
                elif run:
                    put(at_a, _Reading(run, "", True))
                    put(at_b, _Reading("", run, True))
        elif len(a_runs) == 1 and len(b_runs) == 1 and at_a == at_b:
            put(at_a, _Reading(r.a, r.b, True))
        else:
            for k, run in enumerate(a_runs):
                if k:
                    at_a = max(at_a + 1, at_b)
                if run:
                    put(at_a, _Reading(run, "", True))
            for k, run in enumerate(b_runs):
                if k:
                    at_b = max(at_b + 1, at_a)
                if run:
                    put(at_b, _Reading("", run, True))
    return [_trim(p) for p in paragraphs]


def _trim(paragraph: list[_Reading]) -> list[_Reading]:
    """Drop the white space that ends a paragraph: it is layout, for both sides."""
    while paragraph:
        last = paragraph[-1]
        a, b = last.a.rstrip(), last.b.rstrip()
        if a or b:
            paragraph[-1] = _Reading(a, b, last.changed)
            break
        paragraph.pop()
    return paragraph


def _ncname(text: str, fallback: str) -> str:
    """An xml:id made from a siglum: letters, digits, ``.``, ``-``, ``_`` only."""
    name = re.sub(r"[^\w.\-]+", "-", text).strip("-")
    if not name or not re.match(r"[^\W\d]", name):
        name = f"{fallback}-{name}" if name else fallback
    return name


def _witness_ids(a: Witness, b: Witness) -> tuple[str, str]:
    id_a, id_b = _ncname(a.siglum, "a"), _ncname(b.siglum, "b")
    if id_a == id_b:
        id_a, id_b = f"{id_a}-a", f"{id_b}-b"
    return id_a, id_b


def _check_xml_chars(diff: Diff) -> None:
    for w in (diff.a, diff.b):
        bad = _NOT_XML.search(w.text)
        if bad:
            raise RevdiffError(
                f"{w.source}: character U+{ord(bad.group()):04X} cannot be written in XML"
            )


def _el(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _T + name)
    for key, value in attrs.items():
        el.set(_XML_ID if key == "xml_id" else key, value)
    if text is not None:
        el.text = text
    return el


def _describe(w: Witness) -> str:
    layer = f", layer {w.layer}" if w.layer else ""
    title = f" ({w.title})" if w.title else ""
    return f"{w.source}{layer}{title}"


def _header(
    root: etree._Element, diff: Diff, ids: tuple[str, str], style: str, date: str | None
) -> None:
    a, b = diff.a, diff.b
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title = f"{a.siglum} and {b.siglum}"
    if a.title and a.title == b.title:
        title += f": {a.title}"
    _el(_el(file_desc, "titleStmt"), "title", f"Comparison of {title}")
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", f"revdiff {__version__}")
    if date:
        _el(publication, "date", date, when=date)
    source_desc = _el(file_desc, "sourceDesc")
    list_wit = _el(source_desc, "listWit")
    for w, ident in zip((a, b), ids, strict=True):
        _el(list_wit, "witness", _describe(w), xml_id=ident, n=w.siglum)
    encoding = _el(header, "encodingDesc")
    if style == "apparatus":
        _el(encoding, "variantEncoding", method="parallel-segmentation", location="internal")
    decl = _el(encoding, "editorialDecl")
    for sentence in _EXPLANATION[style]:
        _el(decl, "p", sentence.format(a=a.siglum, b=b.siglum, id_a=ids[0], id_b=ids[1]))
    if style == "inline":
        profile = _el(header, "profileDesc")
        changes = _el(_el(profile, "creation"), "listChange")
        change = _el(
            changes,
            "change",
            f"The revisions that turn {a.siglum} into {b.siglum}.",
            xml_id=f"rev-{ids[1]}",
        )
        if date:
            change.set("when", date)


_COMMON = (
    f"Written by revdiff {__version__} from a word-by-word comparison of {{a}} and {{b}}; "
    "the witnesses are listed in sourceDesc/listWit.",
    "Paragraphs are the paragraphs of the witnesses. Where a paragraph break is in only "
    "one witness, the text around it stands in separate paragraphs, once for each witness.",
)
_EXPLANATION = {
    "inline": _COMMON
    + (
        "The base layer (no revision applied) is the text of {a} (#{id_a}); the final layer "
        "(every revision applied) is the text of {b} (#{id_b}). Text only in {a} is a del, "
        "text only in {b} an add, a replacement a subst holding both; every del and add "
        "belongs to the one change #rev-{id_b}. White space directly inside subst is "
        "insignificant.",
    ),
    "apparatus": _COMMON
    + (
        "Parallel segmentation: text in which the witnesses agree is given once; where they "
        "differ, an app holds one rdg for each witness, named by @wit (an empty rdg: the "
        "witness has nothing there).",
    ),
}


def _inline(p: etree._Element, paragraph: list[_Reading], change: str) -> None:
    for r in paragraph:
        if not r.changed:
            _append_text(p, r.a)
            continue
        parent = _el(p, "subst") if r.a and r.b else p
        if r.a:
            _el(parent, "del", r.a, change=change)
        if r.b:
            _el(parent, "add", r.b, change=change)


def _apparatus(p: etree._Element, paragraph: list[_Reading], ids: tuple[str, str]) -> None:
    for r in paragraph:
        if not r.changed:
            _append_text(p, r.a)
            continue
        app = _el(p, "app")
        for text, ident in zip((r.a, r.b), ids, strict=True):
            rdg = _el(app, "rdg", wit=f"#{ident}")
            if text:
                rdg.text = text


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _indent(el: etree._Element, level: int = 0) -> None:
    """Indent element-only containers; never touch a paragraph's mixed content."""
    if el.tag in (_T + "p", _T + "witness", _T + "change", _T + "title"):
        return
    children = list(el)
    if not children:
        return
    inner = "\n" + "  " * (level + 1)
    el.text = inner
    for child in children:
        _indent(child, level + 1)
        child.tail = inner
    children[-1].tail = "\n" + "  " * level


def to_tei(diff: Diff, style: str = "inline", *, date: str | None = None) -> str:
    """The diff as a TEI P5 document (a string, ending in a newline).

    ``style`` is ``inline`` (revision markup: base layer ``a``, final layer
    ``b``) or ``apparatus`` (parallel segmentation). ``date`` (ISO 8601)
    goes into the header when given.

    >>> from revdiff.align import diff
    >>> from revdiff.tokenize import plain_witness
    >>> d = diff(plain_witness("one two\\n", "a.txt", "a"), plain_witness("one three\\n", "b.txt", "b"))
    >>> print(_body_xml(to_tei(d, "apparatus")))
    <p>one <app><rdg wit="#a">two</rdg><rdg wit="#b">three</rdg></app></p>
    """
    if style not in STYLES:
        raise RevdiffError(f"unknown TEI style {style!r}: {' or '.join(STYLES)}")
    _check_xml_chars(diff)
    ids = _witness_ids(diff.a, diff.b)
    root = etree.Element(_T + "TEI", nsmap={None: TEI_NS})  # type: ignore[dict-item]
    _header(root, diff, ids, style, date)
    text = _el(root, "text")
    lang = diff.b.lang or diff.a.lang
    if lang:
        text.set(_XML_LANG, lang)
    body = _el(text, "body")
    change = f"#rev-{ids[1]}"
    for paragraph in _paragraphs(diff):
        if not paragraph:
            continue
        p = _el(body, "p")
        if style == "inline":
            _inline(p, paragraph, change)
        else:
            _apparatus(p, paragraph, ids)
    if not len(body):
        _el(body, "p")  # body cannot be empty; an empty paragraph reads as no text
    _indent(root)
    xml: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return (
        xml.decode("utf-8").replace("<?xml version='1.0' encoding='UTF-8'?>", _DECLARATION) + "\n"
    )


_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def _body_xml(document: str) -> str:
    """The paragraphs of a written document, without namespace declarations (for doctests)."""
    body = document.split("<body>", 1)[1].split("</body>", 1)[0]
    return "\n".join(line.strip() for line in body.strip().splitlines())

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

Inline markup of the sources that is not a revision (``hi``, names, dates,
``pb``, ``lb``: ``Origin.markup``) is written again where its text is
written in one piece: see ``_Carried``.

>>> from revdiff.align import diff
>>> from revdiff.tokenize import plain_witness
>>> d = diff(plain_witness("a big dog\\n", "a.txt", "a"), plain_witness("a small dog\\n", "b.txt", "b"))
>>> print(_body_xml(to_tei(d)))
<p>a <subst><del change="#rev-b">big</del><add change="#rev-b">small</add></subst> dog</p>
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from lxml import etree

from .._version import __version__
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
    # Where a and b start in their witness's text: the markup there is carried.
    a_at: int = 0
    b_at: int = 0

    @property
    def shape(self) -> tuple[bool, bool, bool]:
        return (self.changed, bool(self.a), bool(self.b))


def _pieces(diff: Diff) -> Iterator[_Reading]:
    """The diff as readings, each token's trailing white space apart from its word.

    An equal segment can still differ in its surfaces (normalization ignored
    case, or the white space is a paragraph break on one side only); such a
    token is a change, since both texts must come back exactly.
    """
    at_a = list(accumulate(map(len, diff.a.texts), initial=0))  # where each token starts
    at_b = list(accumulate(map(len, diff.b.texts), initial=0))
    for s in diff.segments:
        if s.op is Op.EQUAL:
            for i, j in zip(range(s.a_start, s.a_end), range(s.b_start, s.b_end), strict=True):
                yield from _split(diff.a.texts[i], diff.b.texts[j], at_a[i], at_b[j])
        else:
            yield from _split(diff.a_text(s), diff.b_text(s), at_a[s.a_start], at_b[s.b_start])


def _split(a: str, b: str, a_at: int = 0, b_at: int = 0) -> Iterator[_Reading]:
    core_a, space_a = _cut(a)
    core_b, space_b = _cut(b)
    if core_a or core_b:
        yield _Reading(core_a, core_b, core_a != core_b, a_at, b_at)
    if space_a or space_b:
        yield _Reading(space_a, space_b, space_a != space_b, a_at + len(core_a), b_at + len(core_b))


def _runs(text: str, at: int) -> list[tuple[str, int]]:
    """``_BREAK.split(text)``, each run with where it starts (``text`` starting at ``at``)."""
    if "\n" not in text:
        return [(text, at)]
    runs = []
    start = 0
    for match in _BREAK.finditer(text):
        runs.append((text[start : match.start()], at + start))
        start = match.end()
    runs.append((text[start:], at + start))
    return runs


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
            reading = _Reading(
                last.a + reading.a,
                last.b + reading.b,
                reading.changed,
                last.a_at if last.a else reading.a_at,
                last.b_at if last.b else reading.b_at,
            )
        paragraph.append(reading)

    for r in _pieces(diff):
        a_runs = _runs(r.a, r.a_at)
        b_runs = _runs(r.b, r.b_at)
        if not r.changed and len(a_runs) == 1 and at_a == at_b:
            if r.a:  # the common case, kept as it is
                put(at_a, r)
        elif not r.changed:
            shift = r.b_at - r.a_at  # the same text: b's runs start this far from a's
            for k, (run, at) in enumerate(a_runs):
                if k:  # a break in both: together again, in a new paragraph
                    at_a = at_b = max(at_a, at_b) + 1
                if run and at_a == at_b:
                    put(at_a, _Reading(run, run, False, at, at + shift))
                elif run:
                    put(at_a, _Reading(run, "", True, at, 0))
                    put(at_b, _Reading("", run, True, 0, at + shift))
        elif len(a_runs) == 1 and len(b_runs) == 1 and at_a == at_b:
            put(at_a, r)
        else:
            for k, (run, at) in enumerate(a_runs):
                if k:
                    at_a = max(at_a + 1, at_b)
                if run:
                    put(at_a, _Reading(run, "", True, at, 0))
            for k, (run, at) in enumerate(b_runs):
                if k:
                    at_b = max(at_b + 1, at_a)
                if run:
                    put(at_b, _Reading("", run, True, 0, at))
    return [_trim(p) for p in paragraphs]


def _trim(paragraph: list[_Reading]) -> list[_Reading]:
    """Drop the white space that ends a paragraph: it is layout, for both sides."""
    while paragraph:
        last = paragraph[-1]
        a, b = last.a.rstrip(), last.b.rstrip()
        if a or b:
            paragraph[-1] = _Reading(a, b, last.changed, last.a_at, last.b_at)
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


def _inline(
    p: etree._Element, paragraph: list[_Reading], change: str, carried: _Carried | None = None
) -> None:
    for r in paragraph:
        if not r.changed:
            _write(p, r.a, carried.shared(r) if carried else ())
            continue
        parent = _el(p, "subst") if r.a and r.b else p
        if r.a:
            _write(_el(parent, "del", change=change), r.a, carried.a_side(r) if carried else ())
        if r.b:
            _write(_el(parent, "add", change=change), r.b, carried.b_side(r) if carried else ())


def _apparatus(
    p: etree._Element,
    paragraph: list[_Reading],
    ids: tuple[str, str],
    carried: _Carried | None = None,
) -> None:
    for r in paragraph:
        if not r.changed:
            _write(p, r.a, carried.shared(r) if carried else ())
            continue
        # Readings stay plain text (what apparatus tools compare): markup is
        # carried in the shared text only.
        app = _el(p, "app")
        for text, ident in zip((r.a, r.b), ids, strict=True):
            rdg = _el(app, "rdg", wit=f"#{ident}")
            if text:
                rdg.text = text


# Carried markup: the inline elements of the sources that are not revisions
# (Origin.markup: hi, names, dates, pb, lb...), written back around the text
# they held where that text is written in one piece: the shared text of an
# equal stretch (elements both witnesses have there, alike), or one side of
# a change in inline TEI (inside its del or add; an apparatus keeps its rdg
# plain text). An element whose text is cut by a change boundary is left out
# rather than split, so that no element is written that the source did not have. A milestone is a word boundary to the
# reader, so it is written only where the text already has one (break="no"
# joins a word: only inside a word of shared text, where it changes no layer).


@dataclass(frozen=True, slots=True)
class _Mark:
    """A carried element in a run of written text: from ``start`` to ``end``
    (a milestone stands at ``start``); ``order`` puts outer elements first."""

    start: int
    end: int
    tag: str
    attributes: tuple[tuple[str, str], ...]
    milestone: bool
    order: int

    @property
    def key(self) -> tuple[int, int, str, tuple[tuple[str, str], ...]]:
        return (self.start, self.end, self.tag, self.attributes)


@dataclass(frozen=True, slots=True)
class _Marked:
    """One witness's carried markup, placed in its text: elements by where they
    start (each over the whole of its text in the witness), milestones by
    where they stand."""

    text: str
    element_starts: tuple[int, ...]
    elements: tuple[_Mark, ...]
    milestone_starts: tuple[int, ...]
    milestones: tuple[_Mark, ...]

    @classmethod
    def of(cls, w: Witness) -> _Marked | None:
        """The markup of a witness, or None when it has none (plain text).

        >>> from revdiff.model import Markup, Origin
        >>> o = Origin(markup=(Markup("hi", (("rend", "b"),), 1, 0, 1),))
        >>> m = _Marked.of(Witness("a", "a", ("Нужно ", "так"), ("Нужно", "так"), (o, Origin())))
        >>> [(x.tag, x.start, x.end) for x in m.within(0, 9)]
        [('hi', 0, 1)]
        """
        if not any(o is not None and o.markup for o in w.origins):
            return None
        hulls: dict[int, _Mark] = {}
        milestones: list[_Mark] = []
        at = 0
        for text, o in zip(w.texts, w.origins, strict=True):
            if o is not None and o.markup:
                core = len(text.rstrip())
                for m in o.markup:
                    start, end = at + min(m.start, core), at + min(m.end, core)
                    if m.milestone:
                        milestones.append(_Mark(start, start, m.tag, m.attributes, True, m.id))
                    elif start < end:
                        seen = hulls.get(m.id)
                        if seen:  # the element's text runs on over several tokens
                            start, end = min(start, seen.start), max(end, seen.end)
                        hulls[m.id] = _Mark(start, end, m.tag, m.attributes, False, m.id)
            at += len(text)
        elements = sorted(hulls.values(), key=lambda m: (m.start, m.order))
        milestones.sort(key=lambda m: (m.start, m.order))
        return cls(
            w.text,
            tuple(m.start for m in elements),
            tuple(elements),
            tuple(m.start for m in milestones),
            tuple(milestones),
        )

    def within(self, start: int, end: int) -> list[_Mark]:
        """The elements wholly inside ``text[start:end]`` and the milestones in it,
        placed relative to ``start``."""
        found = [
            _Mark(m.start - start, m.end - start, m.tag, m.attributes, False, m.order)
            for m in self._between(self.element_starts, self.elements, start, end)
            if m.end <= end
        ]
        found += [
            _Mark(m.start - start, m.start - start, m.tag, m.attributes, True, m.order)
            for m in self._between(self.milestone_starts, self.milestones, start, end)
        ]
        return found

    @staticmethod
    def _between(
        starts: Sequence[int], marks: Sequence[_Mark], start: int, end: int
    ) -> Sequence[_Mark]:
        return marks[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def boundary(self, at: int) -> bool:
        """Whether the text has a word boundary before ``at`` already (so a milestone there,
        which the reader reads as one, changes nothing)."""
        return at == 0 or self.text[at - 1].isspace()


@dataclass(frozen=True, slots=True)
class _Carried:
    """The markup of both witnesses of a diff, and where each may be written."""

    a: _Marked | None
    b: _Marked | None

    def a_side(self, r: _Reading) -> list[_Mark]:
        return self._side(self.a, r.a, r.a_at)

    def b_side(self, r: _Reading) -> list[_Mark]:
        return self._side(self.b, r.b, r.b_at)

    @staticmethod
    def _side(marked: _Marked | None, text: str, at: int) -> list[_Mark]:
        """Inside a del, add or rdg: the milestone's word boundary must be there already,
        and never ``break="no"`` (the reader joins at it in every layer, shown or not)."""
        if marked is None or not text or marked.text[at : at + len(text)] != text:
            return []
        return [
            m
            for m in marked.within(at, at + len(text))
            if not m.milestone
            or (("break", "no") not in m.attributes and marked.boundary(at + m.start))
        ]

    def shared(self, r: _Reading) -> list[_Mark]:
        """In text both witnesses share: what both have there, alike."""
        a, b, text = self.a, self.b, r.a
        if a is None or b is None or not text:
            return []
        if (
            a.text[r.a_at : r.a_at + len(text)] != text
            or b.text[r.b_at : r.b_at + len(text)] != text
        ):
            return []
        in_b = {m.key for m in b.within(r.b_at, r.b_at + len(text))}
        kept = []
        for m in a.within(r.a_at, r.a_at + len(text)):
            if m.key not in in_b:
                continue
            if m.milestone and ("break", "no") in m.attributes:
                inside = 0 < m.start < len(text)
                if not inside or text[m.start - 1].isspace() or text[m.start].isspace():
                    continue
            elif m.milestone and not (
                a.boundary(r.a_at + m.start) and b.boundary(r.b_at + m.start)
            ):
                continue
            kept.append(m)
        return kept


def _write(parent: etree._Element, text: str, marks: Sequence[_Mark]) -> None:
    """Append ``text`` to ``parent`` with the marks around and in it.

    >>> p = etree.Element(_T + "p", nsmap={None: TEI_NS})
    >>> _write(p, "Нужно так", [_Mark(0, 1, "hi", (("rend", "bold"),), False, 1),
    ...                         _Mark(6, 6, "lb", (), True, 2)])
    >>> etree.tostring(p, encoding="unicode").split(">", 1)[1]
    '<hi rend="bold">Н</hi>ужно <lb/>так</p>'
    """
    if not marks:
        _append_text(parent, text)
        return
    stack = [(parent, len(text))]  # the open elements and where each ends
    done = 0

    def upto(at: int) -> None:
        nonlocal done
        if at > done:
            _append_text(stack[-1][0], text[done:at])
            done = at

    # At one place: a milestone before an element that opens there; outer elements first.
    for m in sorted(marks, key=lambda m: (m.start, not m.milestone, -m.end, m.order)):
        while len(stack) > 1 and stack[-1][1] <= m.start:
            upto(stack[-1][1])
            stack.pop()
        if not m.milestone and m.end > stack[-1][1]:
            continue  # it would cross an open element: never so in a source, but be safe
        upto(m.start)
        el = etree.SubElement(stack[-1][0], _T + m.tag)
        for name, value in m.attributes:
            el.set(_XML_LANG if name == "xml:lang" else name, value)
        if not m.milestone:
            stack.append((el, m.end))
    while len(stack) > 1:
        upto(stack[-1][1])
        stack.pop()
    upto(len(text))


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
    a_marked, b_marked = _Marked.of(diff.a), _Marked.of(diff.b)
    carried = _Carried(a_marked, b_marked) if a_marked or b_marked else None
    for paragraph in _paragraphs(diff):
        if not paragraph:
            continue
        p = _el(body, "p")
        if style == "inline":
            _inline(p, paragraph, change, carried)
        else:
            _apparatus(p, paragraph, ids, carried)
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


# ---------------------------------------------------------------------------
# Many witnesses: a collation as a parallel-segmentation apparatus

from typing import TYPE_CHECKING  # noqa: E402  (this section came later than the imports)

if TYPE_CHECKING:
    from ..model import Collation


def _closes(token: str, last: bool) -> bool:
    """Whether a token ends its witness's paragraph: a blank line after it, or no text after it."""
    return last or bool(_BREAK.search(token))


def _collation_blocks(collation: Collation) -> list[range]:
    """Runs of columns that no witness's paragraph crosses.

    A cut between two columns is safe when every witness's last token before
    it ends a paragraph (or the witness has none yet); cutting at every safe
    place keeps each witness's paragraphs whole inside one block.
    """
    count = [
        sum(1 for c in collation.columns if c[w] is not None)
        for w in range(len(collation.witnesses))
    ]
    seen = [0] * len(count)
    open_ = [False] * len(count)
    blocks: list[range] = []
    start = 0
    for c, column in enumerate(collation.columns):
        for w, i in enumerate(column):
            if i is not None:
                seen[w] += 1
                open_[w] = not _closes(collation.witnesses[w].texts[i], seen[w] == count[w])
        if not any(open_):
            blocks.append(range(start, c + 1))
            start = c + 1
    if start < len(collation.columns):
        blocks.append(range(start, len(collation.columns)))
    return blocks


def _collation_paragraphs(collation: Collation) -> Iterator[tuple[range, tuple[int, ...]]]:
    """Output paragraphs: a run of columns and the witnesses whose paragraph it is.

    Inside a block the witnesses that end paragraphs at the same columns share
    their paragraphs; a witness that breaks elsewhere gets paragraphs of its
    own (exact, not minimal, as with two witnesses: a ``p`` cannot stand in a
    ``rdg``). A witness with no text in a block is in none of its paragraphs.
    """
    witnesses = collation.witnesses
    for block in _collation_blocks(collation):
        groups: dict[tuple[int, ...], list[int]] = {}
        for w in range(len(witnesses)):
            present = [c for c in block if collation.columns[c][w] is not None]
            if not present:
                continue
            ends = tuple(
                c
                for c in present[:-1]
                if _BREAK.search(witnesses[w].texts[collation.columns[c][w]])  # type: ignore[index]
            )
            groups.setdefault(ends, []).append(w)
        for ends, members in groups.items():
            start = block.start
            for end in (*ends, block.stop - 1):
                yield range(start, end + 1), tuple(members)
                start = end + 1


def _collation_readings(
    collation: Collation, columns: range, members: tuple[int, ...]
) -> list[tuple[str, ...]]:
    """Each column as two readings per witness, its word and its white space (a paragraph's
    last white space dropped); witnesses not in ``members`` read nothing."""
    n = len(collation.witnesses)
    pieces: list[tuple[str, ...]] = []
    last = {w: max(c for c in columns if collation.columns[c][w] is not None) for w in members}
    for c in columns:
        words, spaces = [""] * n, [""] * n
        for w in members:
            text = collation.cell(c, w) or ""
            words[w], spaces[w] = _cut(text)
            if c == last[w]:
                spaces[w] = ""
            elif spaces[w]:
                spaces[w] = " "  # inside a paragraph any white space reads as one space
        pieces += [tuple(words), tuple(spaces)]
    return [p for p in pieces if any(p)]


def _collation_p(
    p: etree._Element,
    readings: list[tuple[str, ...]],
    ids: tuple[str, ...],
    members: tuple[int, ...],
) -> None:
    """A paragraph of the members; other witnesses, if any, read nothing in it.

    When some witnesses have no part in the paragraph, the whole of it is one
    ``rdg`` of its members beside an empty ``rdg`` of the others; the members'
    own variants are ``app``s nested in that ``rdg``, so the text they share is
    still written once.
    """
    if len(members) == len(ids):
        _collation_run(p, readings, ids, members)
        return
    app = _el(p, "app")
    _collation_run(
        _el(app, "rdg", wit=" ".join(f"#{ids[w]}" for w in members)), readings, ids, members
    )
    others = [f"#{ident}" for w, ident in enumerate(ids) if w not in members]
    _el(app, "rdg", wit=" ".join(others))


def _collation_run(
    parent: etree._Element,
    readings: list[tuple[str, ...]],
    ids: tuple[str, ...],
    members: tuple[int, ...],
) -> None:
    """Readings the members share as text; a run of differing ones as one ``app``."""
    run: list[tuple[str, ...]] = []

    def flush() -> None:
        if not run:
            return
        texts = {w: "".join(r[w] for r in run) for w in members}
        app = _el(parent, "app")
        for text in dict.fromkeys(texts.values()):  # one rdg per distinct reading
            wit = " ".join(f"#{ids[w]}" for w in members if texts[w] == text)
            rdg = _el(app, "rdg", wit=wit)
            if text:
                rdg.text = text
        run.clear()

    held: list[tuple[str, ...]] = []  # shared white space after a variant
    for r in readings:
        shared = len({r[w] for w in members}) == 1
        if shared and run and not r[members[0]].strip():
            held.append(r)  # a space between two variants joins them into one app
        elif shared:
            flush()
            for h in [*held, r]:
                _append_text(parent, h[members[0]])
            held.clear()
        else:
            run.extend(held)
            held.clear()
            run.append(r)
    flush()
    for h in held:
        _append_text(parent, h[members[0]])


def collation_ids(collation: Collation) -> tuple[str, ...]:
    """The ``xml:id`` of each witness in :func:`collation_to_tei`: its siglum made a name, unique."""
    ids: list[str] = []
    for n, w in enumerate(collation.witnesses):
        ident = base = _ncname(w.siglum, f"w{n + 1}")
        k = 1
        while ident in ids:
            k += 1
            ident = f"{base}-{k}"
        ids.append(ident)
    return tuple(ids)


def collation_to_tei(collation: Collation, date: str | None = None) -> str:
    """A collation of any number of witnesses as a parallel-segmentation apparatus (TEI P5).

    ``listWit`` has one ``witness`` per witness (siglum in ``@n``, file and
    layer); text all witnesses share is written once, and where they differ
    an ``app`` holds one ``rdg`` per distinct reading, naming its witnesses in
    ``@wit`` (an empty ``rdg``: those witnesses have nothing there). Keeping
    one witness's ``rdg`` in every ``app`` gives back its text exactly, for
    texts in the reader's normal form.

    >>> from revdiff.collation import collate
    >>> from revdiff.tokenize import plain_witness
    >>> ws = [plain_witness(t, s, s) for s, t in [("A", "The black cat"),
    ...       ("B", "The black and white cat"), ("C", "The black and shiny cat")]]
    >>> print(_body_xml(collation_to_tei(collate(ws))))
    <p>The black <app><rdg wit="#A"/><rdg wit="#B">and white </rdg><rdg wit="#C">and shiny </rdg></app>cat</p>
    """
    witnesses = collation.witnesses
    for w in witnesses:
        bad = _NOT_XML.search(w.text)
        if bad:
            raise RevdiffError(
                f"{w.source}: character U+{ord(bad.group()):04X} cannot be written in XML"
            )
    ids = collation_ids(collation)
    root = etree.Element(_T + "TEI", nsmap={None: TEI_NS})  # type: ignore[dict-item]
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    sigla = [w.siglum for w in witnesses]
    title = ", ".join(sigla[:-1]) + (" and " if len(sigla) > 1 else "") + sigla[-1]
    titles = {w.title for w in witnesses}
    if len(titles) == 1 and witnesses[0].title:
        title += f": {witnesses[0].title}"
    _el(_el(file_desc, "titleStmt"), "title", f"Collation of {title}")
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", f"revdiff {__version__}")
    if date:
        _el(publication, "date", date, when=date)
    list_wit = _el(_el(file_desc, "sourceDesc"), "listWit")
    for w, ident in zip(witnesses, ids, strict=True):
        _el(list_wit, "witness", _describe(w), xml_id=ident, n=w.siglum)
    encoding = _el(header, "encodingDesc")
    _el(encoding, "variantEncoding", method="parallel-segmentation", location="internal")
    decl = _el(encoding, "editorialDecl")
    for sentence in _COLLATION_EXPLANATION:
        _el(decl, "p", sentence)
    text = _el(root, "text")
    lang = next((w.lang for w in witnesses if w.lang), None)
    if lang:
        text.set(_XML_LANG, lang)
    body = _el(text, "body")
    for columns, members in _collation_paragraphs(collation):
        readings = _collation_readings(collation, columns, members)
        if readings:
            _collation_p(_el(body, "p"), readings, ids, members)
    if not len(body):
        _el(body, "p")  # body cannot be empty; an empty paragraph reads as no text
    _indent(root)
    xml: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return (
        xml.decode("utf-8").replace("<?xml version='1.0' encoding='UTF-8'?>", _DECLARATION) + "\n"
    )


_COLLATION_EXPLANATION = (
    f"Written by revdiff {__version__} from a collation of the witnesses listed in "
    "sourceDesc/listWit (progressive alignment of their words).",
    "Parallel segmentation: text in which all witnesses agree is given once; where they "
    "differ, an app holds one rdg for each distinct reading, naming its witnesses in @wit "
    "(an empty rdg: those witnesses have nothing there).",
    "Paragraphs are the paragraphs of the witnesses. Where witnesses break paragraphs at "
    "different places, each set of witnesses breaking alike has paragraphs of its own: "
    "such a paragraph is one app, an rdg of its witnesses (holding their own variants as "
    "nested apps) and an empty rdg of the others.",
)

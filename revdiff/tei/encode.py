"""A Markdown transcription to TEI P5: the markup the seed uses, read as revisions.

=========================  ====================================================
transcription              TEI
=========================  ====================================================
blank line                 a new ``p``
``# heading``              ``div`` with ``head`` (every level opens a new div)
``~~struck~~``             ``del rend="strikethrough"``
``*handwritten*``          ``add place="inline"``; a long passage (more than
                           :data:`LONG` words, or holding corrections of its own)
                           is base text in another hand: ``handShift``
``<sup>above</sup>``       ``add place="above"``
``~~a~~ *b*``              ``subst`` holding the ``del`` and the ``add``
                           (likewise ``~~a~~ <sup>b</sup>``)
``**bold**``               ``hi rend="bold"``
``✓``                      ``metamark function="tick" place="margin"``
two spaces, line end       ``lb`` (a hard line break)
``<https://...>``          ``ref``
``\\*``                     a literal ``*``
=========================  ====================================================

Every ``del`` and ``add`` gets ``@hand`` (the ``hand`` option, declared in a
``handNote``, as is the ``base_hand`` of the unmarked text). Every character
of the input is kept, as text or as the markup it stands for, or reported in
:attr:`Encoding.dropped` (the white space between the two halves of a
``subst``, HTML tags other than ``sup``, front matter keys that mean nothing
here). A marker without its closing partner is kept as text.

>>> e = transcribe("от ~~нас~~ *коммунистов* в случае", title="T", hand="stalin")
>>> print(e.xml.split("<body>")[1].split("</body>")[0].strip())
<p>от <subst><del rend="strikethrough" hand="#stalin">нас</del><add place="inline" hand="#stalin">коммунистов</add></subst> в случае</p>
>>> [(d.line, d.column, d.text) for d in e.dropped]
[(1, 11, ' ')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

from .._version import __version__
from ..errors import RevdiffError
from .build import Element, append_text, element, serialize, tei_root
from .names import NOT_XML as _NOT_XML

__all__ = ["encode", "transcribe", "Options", "Encoding", "Dropped", "LONG"]

LONG = 12
"""A handwritten passage of more words than this is a change of hand, not an addition."""

_NCNAME = re.compile(r"[^\W\d][\w.\-]*")


@dataclass(frozen=True, slots=True)
class Dropped:
    """Characters of the transcription that have no place in the TEI, and why."""

    line: int
    column: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: dropped {self.text!r}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Encoding:
    """The TEI document written, and what of the input it does not hold."""

    xml: str
    dropped: tuple[Dropped, ...] = ()


@dataclass
class _Node:
    """A piece of the parsed transcription (mutable only while it is being built)."""

    kind: str  # text, del, hw, sup, bold, lb, tick, ref
    start: int
    text: str = ""
    children: list[_Node] = field(default_factory=list)

    def words(self) -> int:
        return len(self.plain().split())

    def plain(self) -> str:
        return self.text + "".join(c.plain() for c in self.children)


_OPENERS = (("~~", "~~", "del"), ("**", "**", "bold"), ("*", "*", "hw"), ("<sup>", "</sup>", "sup"))
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^\s<>]+)>")
_HARD_BREAK = re.compile(r" {2,}\n")
_ESCAPABLE = "\\`*_{}[]()#+-.!~<>|"


class _Parser:
    """Inline markup of one block, with every skipped character accounted for."""

    def __init__(self, text: str, dropped: list[tuple[int, str, str]]) -> None:
        self.text = text
        self.dropped = dropped

    def parse(
        self, start: int, end: int, closer: str | None = None
    ) -> tuple[list[_Node], int, bool]:
        nodes: list[_Node] = []
        s, pos = self.text, start

        def literal(at: int, chars: str) -> None:
            if nodes and nodes[-1].kind == "text":
                nodes[-1].text += chars
            else:
                nodes.append(_Node("text", at, chars))

        while pos < end:
            if closer and s.startswith(closer, pos):
                return nodes, pos + len(closer), True
            opened = self._open(pos, end)
            if opened is not None:
                node, after = opened
                nodes.append(node)
                pos = after
                continue
            if s[pos] == "\\" and pos + 1 < end and s[pos + 1] in _ESCAPABLE:
                literal(pos + 1, s[pos + 1])
                pos += 2
                continue
            if s[pos] == "✓":
                nodes.append(_Node("tick", pos, "✓"))
                pos += 1
                continue
            hard = _HARD_BREAK.match(s, pos, end)
            if hard:
                literal(pos, "\n")
                nodes.append(_Node("lb", pos))
                pos = hard.end()
                continue
            link = _AUTOLINK.match(s, pos, end)
            if link:
                nodes.append(_Node("ref", pos, link.group(1)))
                pos = link.end()
                continue
            tag = _TAG.match(s, pos, end)
            if tag:
                self.dropped.append((pos, tag.group(), "an HTML tag revdiff does not read"))
                pos = tag.end()
                continue
            literal(pos, s[pos])
            pos += 1
        return nodes, pos, closer is None

    def _open(self, pos: int, end: int) -> tuple[_Node, int] | None:
        s = self.text
        for opener, closer, kind in _OPENERS:
            if not s.startswith(opener, pos):
                continue
            inner = pos + len(opener)
            # Emphasis must not open on white space ("a * b" is text), as in Markdown.
            if kind in ("hw", "bold", "del") and (inner >= end or s[inner].isspace()):
                return None
            if s.find(closer, inner, end) < 0:
                return None
            children, after, closed = self.parse(inner, end, closer)
            if not closed or not children:
                return None
            return _Node(kind, pos, children=children), after
        return None


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _front_matter(text: str) -> tuple[dict[str, str], int, list[tuple[int, str, str]]]:
    """``---`` lines at the very start: ``key: value`` pairs; title and source are read."""
    match = re.match(r"---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", text, re.DOTALL)
    if not match:
        return {}, 0, []
    values: dict[str, str] = {}
    dropped: list[tuple[int, str, str]] = []
    offset = match.start(1)
    for line in match.group(1).splitlines(keepends=True):
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("title", "source"):
            values[key.strip()] = value.strip().strip("\"'")
        elif line.strip():
            dropped.append((offset, line.rstrip("\n"), "front matter other than title and source"))
        offset += len(line)
    return values, match.end(), dropped


def transcribe(
    text: str,
    *,
    title: str | None = None,
    source: str | None = None,
    hand: str = "hand",
    base_hand: str = "base",
    lang: str | None = None,
) -> Encoding:
    """The transcription as a TEI document, with what was dropped (see the module)."""
    for name, value in (("hand", hand), ("base hand", base_hand)):
        if not _NCNAME.fullmatch(value):
            raise RevdiffError(f"{name} {value!r} cannot be an xml:id (letters, digits, . - _)")
    if hand == base_hand:
        raise RevdiffError(f"the hand and the base hand are both {hand!r}")
    bad = _NOT_XML.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise RevdiffError(
            f"line {line}: character U+{ord(bad.group()):04X} cannot be written in XML"
        )
    text = text.replace("\r\n", "\n")
    meta, body_start, raw_dropped = _front_matter(text)
    title = title or meta.get("title")
    source = source or meta.get("source")
    parser = _Parser(text, raw_dropped)
    blocks = _blocks(text, body_start)

    root = tei_root()
    first_head = next((b for b in blocks if b[0] == "head"), None)
    if not title and first_head is not None:
        title = text[first_head[1] : first_head[2]].strip().strip("*").strip()
    _header(root, title or "Untitled transcription", source, hand, base_hand)
    body = element(element(root, "text", **({"xml_lang": lang} if lang else {})), "body")
    container = body
    writer = _Writer(hand, base_hand, parser.dropped)
    for kind, start, end in blocks:
        nodes, _, _ = parser.parse(start, end)
        if kind == "head":
            container = element(body, "div")
            writer.write(element(container, "head"), nodes)
        else:
            writer.write(element(container, "p"), nodes)
    if not len(body):
        element(body, "p")
    document = serialize(root)
    starts = _line_starts(text)
    dropped = []
    for offset, chars, reason in sorted(parser.dropped):
        line = bisect.bisect_right(starts, offset)
        dropped.append(Dropped(line, offset - starts[line - 1] + 1, chars, reason))
    return Encoding(document, tuple(dropped))


class Options(TypedDict, total=False):
    """The keywords of :func:`transcribe` and :func:`encode`, all optional."""

    title: str | None  # the header's title (default: front matter, first heading)
    source: str | None  # the source the header describes (default: front matter)
    hand: str  # xml:id of the hand of the corrections
    base_hand: str  # xml:id of the hand of the unmarked text
    lang: str | None  # xml:lang of the text


def encode(text: str, **options: Unpack[Options]) -> str:
    """The transcription as a TEI document (what is dropped: :func:`transcribe`)."""
    return transcribe(text, **options).xml


def _blocks(text: str, start: int) -> list[tuple[str, int, int]]:
    """Paragraphs (runs of lines between blank lines) and heading lines, as offsets.

    A heading's ``#`` marks and the space after them are markup, so its block
    starts after them; a paragraph block keeps its inner line ends.
    """
    blocks: list[tuple[str, int, int]] = []
    paragraph: tuple[int, int] | None = None
    pos = start
    for line in text[start:].splitlines(keepends=True):
        content = line.rstrip("\n")
        heading = re.match(r"#{1,6}[ \t]+", content)
        if not content.strip() or heading:
            if paragraph:
                blocks.append(("p", *paragraph))
                paragraph = None
            if heading:
                blocks.append(("head", pos + heading.end(), pos + len(content.rstrip())))
        else:
            begin = pos + len(content) - len(content.lstrip())
            end = pos + len(content.rstrip())
            paragraph = (paragraph[0] if paragraph else begin, end)
        pos += len(line)
    if paragraph:
        blocks.append(("p", *paragraph))
    return [(k, s, e) for k, s, e in blocks if e > s]


class _Writer:
    def __init__(self, hand: str, base_hand: str, dropped: list[tuple[int, str, str]]) -> None:
        self.hand, self.base_hand, self.dropped = f"#{hand}", f"#{base_hand}", dropped

    def write(self, parent: Element, nodes: list[_Node]) -> None:
        i = 0
        while i < len(nodes):
            node = nodes[i]
            # ~~a~~ *b* (or ~~a~~ <sup>b</sup>): one replacement, the space between is layout.
            if node.kind == "del" and i + 1 < len(nodes):
                between = nodes[i + 1] if nodes[i + 1].kind == "text" else None
                after = i + 2 if between is not None else i + 1
                addition = nodes[after] if after < len(nodes) else between or node
                gap_ok = between is None or (between.text.isspace() and "\n" not in between.text)
                if gap_ok and self._is_addition(addition):
                    subst = element(parent, "subst")
                    self._one(subst, node)
                    self._one(subst, addition)
                    if between is not None:
                        self.dropped.append(
                            (
                                between.start,
                                between.text,
                                "white space between the halves of a subst",
                            )
                        )
                    i = after + 1
                    continue
            self._one(parent, node)
            i += 1

    def _is_addition(self, node: _Node) -> bool:
        return node.kind == "sup" or (node.kind == "hw" and not self._is_shift(node))

    def _is_shift(self, node: _Node) -> bool:
        nested = any(c.kind in ("del", "hw", "sup") for c in node.children)
        return node.kind == "hw" and (nested or node.words() > LONG)

    def _one(self, parent: Element, node: _Node) -> None:
        kind = node.kind
        if kind == "text":
            append_text(parent, node.text)
        elif kind == "lb":
            element(parent, "lb")
        elif kind == "tick":
            element(parent, "metamark", "✓", function="tick", place="margin")
        elif kind == "ref":
            element(parent, "ref", node.text, target=node.text)
        elif kind == "bold":
            self.write(element(parent, "hi", rend="bold"), node.children)
        elif kind == "del":
            self.write(element(parent, "del", rend="strikethrough", hand=self.hand), node.children)
        elif kind == "sup":
            self.write(element(parent, "add", place="above", hand=self.hand), node.children)
        elif self._is_shift(node):
            element(parent, "handShift", new=self.hand)
            self.write(parent, node.children)
            element(parent, "handShift", new=self.base_hand)
        else:
            self.write(element(parent, "add", place="inline", hand=self.hand), node.children)


def _header(root: Element, title: str, source: str | None, hand: str, base_hand: str) -> None:
    header = element(root, "teiHeader")
    file_desc = element(header, "fileDesc")
    element(element(file_desc, "titleStmt"), "title", title)
    element(
        element(file_desc, "publicationStmt"),
        "p",
        f"Encoded by revdiff {__version__} (revdiff encode).",
    )
    element(element(file_desc, "sourceDesc"), "p", source or "A Markdown transcription.")
    decl = element(element(header, "encodingDesc"), "editorialDecl")
    for sentence in _EXPLANATION:
        element(decl, "p", sentence.format(hand=hand, base=base_hand, long=LONG))
    notes = element(element(header, "profileDesc"), "handNotes")
    element(
        notes, "handNote", "The hand of the unmarked text of the transcription.", xml_id=base_hand
    )
    element(
        notes,
        "handNote",
        "The hand of the corrections: struck-through, handwritten and interlinear text.",
        xml_id=hand,
    )


_EXPLANATION = (
    "Converted from a Markdown transcription: blank lines separate paragraphs (p); a line "
    "starting with # is a heading (head, each opening a div); two spaces at the end of a line "
    "are a hard line break (lb).",
    '~~text~~ (struck through) is a del rend="strikethrough"; *text* (handwritten) is an add '
    'place="inline"; <sup>text</sup> (above the line) is an add place="above"; a deletion '
    "followed by an addition is a subst, the white space between them left out. A handwritten "
    "passage of more than {long} words, or one holding corrections of its own, is taken to be "
    'base text in another hand: handShift new="#{hand}" before it, new="#{base}" after it.',
    'Every del and add has hand="#{hand}". **text** is hi rend="bold"; a tick is a metamark '
    'function="tick" place="margin". Characters of the transcription that could not be '
    "encoded are reported by revdiff encode, not kept.",
)

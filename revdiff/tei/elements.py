"""What each TEI element is to the walk over a text: the names, grouped, and small helpers.

Which elements hold no running text, which make paragraphs, which are
containers whose white space is layout, which revisions, spans, milestones
and token boundaries, which inline elements are carried with the tokens
they hold (:class:`~revdiff.model.Markup`); and how an element's name,
pointers and carried attributes are read.
"""

from __future__ import annotations

from typing import cast

from lxml import etree

from .names import XML_LANG as _XML_LANG
from .names import T as _T

__all__ = [
    "EXCLUDED",
    "NOTE_EXCLUDED",
    "BLOCKS",
    "STAGE_AMONG",
    "PAGE_BLOCKS",
    "CONTAINERS",
    "REVISIONS",
    "SPANS",
    "MILESTONES",
    "TOKENS",
    "DIPLOMATIC",
    "NORMALIZED",
    "SILENT_NAMESPACES",
    "CARRIED",
    "local",
    "block_name",
    "ref",
    "line_of",
    "carried_attributes",
]

# Elements whose content is never running text.
EXCLUDED = frozenset(
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
        "listTranspose",
        "listWit",
        "desc",
    ]
)
# Inside a note, a stamp is the note's text (a note of type "stamp" holds one).
NOTE_EXCLUDED = EXCLUDED - {"stamp"}
# Elements that start and end a paragraph of running text (P4's numbered
# div1..div7, and numbered lg1, lg2 of some projects, count by their name
# without the number: see block_name).
BLOCKS = frozenset(
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
# A stage direction among these (between speeches, lines) is a block; inside a line, carried.
STAGE_AMONG = frozenset(
    ["sp", "lg", "body", "front", "back", "div", *(f"div{n}" for n in range(1, 8))]
)
# The pages and zones of a page-based transcription (sourceDoc) are read as
# paragraphs; their lines as lines (a word boundary at each end).
PAGE_BLOCKS = frozenset(["surface", "surfaceGrp", "zone"])
# Elements with element-only content: white space between their children is layout.
CONTAINERS = frozenset(["subst", "choice", "app", "rdgGrp"])
REVISIONS = frozenset(["add", "del", "restore"])
SPANS = frozenset(["addSpan", "delSpan", "undo", "redo"])
MILESTONES = frozenset(["pb", "lb", "cb"])
TOKENS = frozenset(["w", "pc"])
DIPLOMATIC = frozenset(["sic", "orig", "abbr"])
NORMALIZED = frozenset(["corr", "reg", "expan"])
# Namespaces whose elements hold no running text, so skipping them is no loss to report.
SILENT_NAMESPACES = frozenset(
    [
        "http://www.tei-c.org/ns/Examples",  # egXML: examples, not text
        "http://www.w3.org/2001/XInclude",
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1998/Math/MathML",
    ]
)

# Inline elements that are not revisions and are carried with the tokens they
# hold (Origin.markup), so that a diff written as TEI can keep them. Not ``ref``
# or ``ptr``: their pointers lead into the source, not into what is written.
CARRIED = frozenset(
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


_NAMES: dict[object, str | None] = {}  # a tag to its TEI name: the walk asks once per element


def local(el: etree._Element) -> str | None:
    """An element's TEI name (None for comments, PIs, entities and other namespaces)."""
    tag = el.tag
    try:
        return _NAMES[tag]
    except KeyError:
        pass
    name: str | None
    if not isinstance(tag, str):
        name = None
    elif tag.startswith(_T):
        name = tag[len(_T) :]
    else:
        name = None if tag.startswith("{") else tag
    if len(_NAMES) < 4096:  # tags are few; a hostile file's many names are not kept
        _NAMES[tag] = name
    return name


def block_name(name: str) -> bool:
    """Whether a TEI name makes paragraphs (``div2`` and ``lg1`` as ``div`` and ``lg``)."""
    return name in BLOCKS or name in PAGE_BLOCKS or name.rstrip("0123456789") in BLOCKS


def ref(value: str | None) -> str | None:
    """The first pointer of a TEI pointer attribute, without its ``#``."""
    if not value:
        return None
    first = value.split()[0]
    return first[1:] if first.startswith("#") else first


def line_of(el: etree._Element) -> int | None:
    """The element's line in its file, where lxml knows it.

    lxml-stubs type ``sourceline`` wrongly (as ``...``), hence the cast.
    """
    return cast("int | None", el.sourceline)


def carried_attributes(el: etree._Element) -> tuple[tuple[str, str], ...]:
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

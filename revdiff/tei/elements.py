"""What each TEI element is to the walk over a text (:mod:`revdiff.tei.read`): the
names, grouped: which hold no running text, which make paragraphs, which are
containers whose white space is layout, which are revisions, spans and readings,
which inline elements are carried with the tokens they hold."""

from __future__ import annotations

__all__ = [
    "EXCLUDED",
    "NOTE_EXCLUDED",
    "BLOCKS",
    "STAGE_AMONG",
    "PAGE_BLOCKS",
    "CONTAINERS",
    "REVISIONS",
    "SPANS",
    "DIPLOMATIC",
    "NORMALIZED",
    "CARRIED",
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
        "desc",
    ]
)
# Inside a note, a stamp is the note's text (a note of type "stamp" holds one).
NOTE_EXCLUDED = EXCLUDED - {"stamp"}
# Elements that start and end a paragraph of running text.
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
# Elements with element-only content: white space between their children is layout.
# The pages and zones of a page-based transcription (sourceDoc) are read as
# paragraphs; their lines as lines (a word boundary at each end).
PAGE_BLOCKS = frozenset(["surface", "surfaceGrp", "zone"])
CONTAINERS = frozenset(["subst", "choice", "app", "rdgGrp", "listWit"])
REVISIONS = frozenset(["add", "del", "restore"])
SPANS = frozenset(["addSpan", "delSpan"])
DIPLOMATIC = frozenset(["sic", "orig", "abbr"])
NORMALIZED = frozenset(["corr", "reg", "expan"])


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

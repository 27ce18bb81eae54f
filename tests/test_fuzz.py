"""Property tests of the TEI reader on generated documents with nested revisions.

Hypothesis builds a small tree of revisions (``del``, ``add``, ``subst``,
``restore`` around ``del``, ``addSpan``/``delSpan`` up to an ``anchor``, each
with or without a hand and a change) over texts of any Unicode (combining
marks, right-to-left, astral characters). The tree is written out as TEI and
read by revdiff; the texts revdiff reads for ``base``, ``final``, each
``change:`` and each ``hand:`` layer must be those of a reference model
computed here from the tree itself, never from revdiff's reader. The diff of
base and final must rebuild both sides.

The HTML view of that diff must parse with the sources' text as text: one
script (revdiff's own), no event-handler attribute.

A short run by default; ``REVDIFF_HYPOTHESIS_EXAMPLES=5000`` for a long one (see conftest.py).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revdiff.align import diff
from revdiff.model import Chunk
from revdiff.render import RenderOptions, render
from revdiff.tei import parse_tei, read_layer
from revdiff.tei.layers import layer_counts
from revdiff.tei.selection import LayerMasks, selection, visible

EXAMPLES = 100  # a long run scales it (REVDIFF_HYPOTHESIS_EXAMPLES)
HANDS = ("h1", "h2", "h3")
CHANGES = ("c1", "c2", "c3")  # in this order in listChange
TEI_NS = "http://www.tei-c.org/ns/1.0"

# -- the tree -------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Rev:
    """add, del, restore (around a del), addSpan, delSpan, or subst (a del then an add)."""

    kind: str
    children: tuple[object, ...]
    hand: str | None
    change: str | None


Node = Text | Rev

# Any character XML 1.0 allows, besides the layout characters: letters of
# every script, combining marks, right-to-left marks and letters, astral planes.
CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"
) | st.sampled_from(" \n\t\u0301\u05d0\u0627\u200f\U0001d538\U0001f600")
TEXTS = st.text(CHARS, min_size=1, max_size=8).map(Text)
ATTRS = st.tuples(st.none() | st.sampled_from(HANDS), st.none() | st.sampled_from(CHANGES))


def _rev(children: st.SearchStrategy[tuple[object, ...]]) -> st.SearchStrategy[Rev]:
    simple = st.builds(
        lambda kind, kids, attrs: Rev(kind, kids, *attrs),
        st.sampled_from(["add", "del", "addSpan", "delSpan"]),
        children,
        ATTRS,
    )
    restore = st.builds(
        lambda kids, a1, a2: Rev("restore", (Rev("del", kids, *a2),), *a1), children, ATTRS, ATTRS
    )
    subst = st.builds(
        lambda d, a, attrs, da, aa: Rev("subst", (Rev("del", d, *da), Rev("add", a, *aa)), *attrs),
        children,
        children,
        ATTRS,
        ATTRS,
        ATTRS,
    )
    return simple | restore | subst


NODES: st.SearchStrategy[object] = st.recursive(
    TEXTS, lambda inner: _rev(st.lists(inner, min_size=1, max_size=4).map(tuple)), max_leaves=25
)
PARAGRAPH = st.lists(NODES, min_size=1, max_size=6).map(tuple)

# -- writing it as TEI ------------------------------------------------------


def to_tei(paragraph: tuple[object, ...]) -> bytes:
    anchors = itertools.count(1)

    def attrs(node: Rev) -> str:
        out = f' hand="#{node.hand}"' if node.hand else ""
        return out + (f' change="#{node.change}"' if node.change else "")

    def write(node: object) -> str:
        if isinstance(node, Text):
            return escape(node.text)
        assert isinstance(node, Rev)
        inner = "".join(write(c) for c in node.children)
        if node.kind in ("addSpan", "delSpan"):
            anchor = f"a{next(anchors)}"
            return (
                f'<{node.kind} spanTo="#{anchor}"{attrs(node)}/>{inner}<anchor xml:id="{anchor}"/>'
            )
        return f"<{node.kind}{attrs(node)}>{inner}</{node.kind}>"

    hands = "".join(f'<handNote xml:id="{h}">{h}</handNote>' for h in HANDS)
    changes = "".join(f'<change xml:id="{c}">{c}</change>' for c in CHANGES)
    return (
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        "<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>"
        f"<profileDesc><handNotes>{hands}</handNotes></profileDesc>"
        f"<revisionDesc><listChange>{changes}</listChange></revisionDesc></teiHeader>"
        f"<text><body><p>{''.join(write(n) for n in paragraph)}</p></body></text></TEI>"
    ).encode()


# -- the reference model ------------------------------------------------------

ADDITIONS, DELETIONS = ("add", "addSpan"), ("del", "delSpan")


def layer_text(paragraph: tuple[object, ...], applied) -> str:  # type: ignore[no-untyped-def]
    """The text of a layer: ``applied(kind, hand, change)`` says whether a revision counts.

    A text shows when every addition around it is applied and every deletion
    around it is either not applied or inside an applied restore. A revision
    without hand or change takes those of the nearest element revision around
    it (a span, an empty element, has no content to pass them to).
    """
    out: list[str] = []

    def walk(
        node: object, shown: bool, restored: bool, hand: str | None, change: str | None
    ) -> None:
        if isinstance(node, Text):
            if shown:
                out.append(node.text)
            return
        assert isinstance(node, Rev)
        outer = hand, change
        hand, change = node.hand or hand, node.change or change
        on = applied(hand, change)
        if node.kind in ("addSpan", "delSpan"):
            hand, change = outer  # a span's range is not its content: it passes nothing on
        if node.kind in ADDITIONS and not on:
            shown = False
        if node.kind in DELETIONS and on and not restored:
            shown = False
        if node.kind == "restore" and on:
            restored = True
        for child in node.children:
            walk(child, shown, restored, hand, change)

    for node in paragraph:
        walk(node, True, False, None, None)
    return "".join(out)


def collapse(text: str) -> str:
    return " ".join(text.split())


def layers(paragraph: tuple[object, ...]) -> dict[str, object]:
    rules: dict[str, object] = {
        "base": lambda h, c: False,
        "final": lambda h, c: True,
    }
    for i, change in enumerate(CHANGES):
        rules[f"change:{change}"] = lambda h, c, upto=CHANGES[: i + 1]: c in upto
    for hand in HANDS:
        rules[f"hand:{hand}"] = lambda h, c, hand=hand: h == hand
    return rules


def uses_hand(paragraph: tuple[object, ...], hand: str) -> bool:
    def nodes(n: object) -> list[Rev]:
        return [n, *(x for c in n.children for x in nodes(c))] if isinstance(n, Rev) else []

    return any(r.hand == hand for n in paragraph for r in nodes(n))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PARAGRAPH)
def test_every_layer_agrees_with_the_reference_model(paragraph: tuple[object, ...]) -> None:
    doc = parse_tei(to_tei(paragraph), "fuzz.xml")
    for name, rule in layers(paragraph).items():
        if name.startswith("hand:") and name not in doc.layer_names():
            continue  # a hand layer exists only for a hand that revises (checked below)
        witness = read_layer(doc, name)
        assert witness.text == "".join(witness.texts)
        assert collapse(witness.text) == collapse(layer_text(paragraph, rule)), name
    # Counting every layer at once gives read_layer's counts; the masks that say
    # which layers show a chunk agree with visible(), layer by layer.
    names = doc.layer_names()
    assert layer_counts(doc) == tuple((name, len(read_layer(doc, name))) for name in names)
    chosen = [selection(doc, name) for name in names]
    masks = LayerMasks(doc, chosen, "diplomatic")
    for chunk in (item for item in doc.items if isinstance(item, Chunk)):
        shown = masks.chunk(chunk)
        for i, s in enumerate(chosen):
            assert bool(shown >> i & 1) == visible(chunk, s.applied, "diplomatic", s.witness)


@settings(max_examples=EXAMPLES, deadline=None)
@given(PARAGRAPH)
def test_the_diff_of_base_and_final_rebuilds_both(paragraph: tuple[object, ...]) -> None:
    doc = parse_tei(to_tei(paragraph), "fuzz.xml")
    a, b = read_layer(doc, "base"), read_layer(doc, "final")
    result = diff(a, b)
    assert "".join(result.a_text(s) for s in result.segments) == a.text
    assert "".join(result.b_text(s) for s in result.segments) == b.text
    page = _Tags()
    page.feed(render(result, "html", RenderOptions()))
    page.close()
    assert page.tags.count("script") == 1 and page.handlers == []
    shown = page.text
    assert all(t.strip() in shown for t in a.texts + b.texts)  # as text, not markup


class _Tags(HTMLParser):
    """The start tags, event-handler attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.pieces: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]
        self._skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style", "title") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.pieces.append(data)

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def test_the_reference_model_on_a_known_tree() -> None:
    # The model itself, on a tree whose layers are plain to read.
    tree = (
        Text("a "),
        Rev(
            "subst",
            (Rev("del", (Text("b"),), "h1", "c1"), Rev("add", (Text("c"),), "h1", "c1")),
            None,
            None,
        ),
        Text(" "),
        Rev("restore", (Rev("del", (Text("d"),), "h2", "c1"),), "h2", "c2"),
    )
    rules = layers(tree)
    assert layer_text(tree, rules["base"]) == "a b d"
    assert layer_text(tree, rules["change:c1"]) == "a c "
    assert layer_text(tree, rules["final"]) == "a c d"

"""The structure a TEI output gives its paragraphs: divisions, verse and drama.

Each token from TEI knows the block elements it stood in (``Origin.blocks``:
``div``, ``sp``, ``lg``, ``l``, ``head``...). :class:`Structure` writes each
output paragraph where its witness had it: inside the ``div``, ``lg`` and
``sp`` it stood in, as an ``l`` (with its ``@n``), ``head``, ``speaker``,
``stage`` or else a ``p``. Consecutive paragraphs of one element share it;
a paragraph of the other witness (text only one side has) joins the
element open at its place when that is the same kind with the same
attributes (the same ``div n="3"`` in both), so that a deletion does not cut
a division in two.

The output stays valid against tei_all where the two witnesses' structures
meet: a ``head`` or ``speaker`` that would not come first in its element is
written as a ``p`` (an ``l`` in an ``lg``); a ``p`` in an ``lg`` is an ``l``;
and what would follow a ``div`` in the same element, other than a ``div``,
goes into a ``div`` of its own. Only ``@n`` (and ``@type``/``@subtype`` of a
division or verse group, ``@part`` and ``@met`` of a line) are kept. Text
with no structure (a plain text) is written in ``p`` as before.

>>> from revdiff.model import Markup
>>> from revdiff.tei.build import tei_root, to_string
>>> body = tei_root("body")
>>> s = Structure(body)
>>> sp, l1, l2 = Markup("sp", (), 1), Markup("l", (("n", "1"),), 2), Markup("l", (("n", "2"),), 3)
>>> s.paragraph((sp, Markup("speaker", (), 4)), "b").text = "Helena."
>>> s.paragraph((sp, l1), "b").text = "Vom Strande"
>>> s.paragraph((sp, l2), "b").text = "Noch immer"
>>> print(to_string(body).split(">", 1)[1])
<sp><speaker>Helena.</speaker><l n="1">Vom Strande</l><l n="2">Noch immer</l></sp></body>
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Markup
from ...tei.build import Element, element

__all__ = ["Structure"]

_DIVS = frozenset(["div"] + [f"div{n}" for n in range(1, 8)])
_CONTAINERS = _DIVS | {"lg", "sp"}
_OWN = frozenset(["l", "head", "speaker", "stage"])  # paragraphs written as themselves
_FIRST = frozenset(["head", "speaker"])  # only as the first child of their element
_KEPT = {"l": ("n", "part", "met"), "lg": ("n", "type", "subtype")}


def _attributes(m: Markup) -> dict[str, str]:
    names = _KEPT.get(m.tag, ("n", "type", "subtype") if m.tag in _DIVS else ("n",))
    return {k: v for k, v in m.attributes if k in names}


@dataclass(slots=True)
class _Open:
    """An element open in the output, and what it came from."""

    element: Element
    side: str = ""  # the witness whose element it is ("a" or "b"), "" for the body
    mark: Markup | None = None
    children: int = 0
    has_div: bool = False
    after_div: Element | None = None  # the div that holds what follows a div here

    @property
    def tag(self) -> str:
        return self.mark.tag if self.mark else "body"

    def holds(self, m: Markup, side: str) -> bool:
        """Whether this is ``m``: the same element, or the other witness's of its kind."""
        if self.mark is None:
            return False
        if side == self.side:
            return self.mark.id == m.id
        return (self.mark.tag, _attributes(self.mark)) == (m.tag, _attributes(m))


class Structure:
    """The elements of an output's body, opened and closed as its paragraphs need."""

    def __init__(self, body: Element) -> None:
        self.open = [_Open(body)]

    def paragraph(self, blocks: Sequence[Markup], side: str) -> Element:
        """The element to write a paragraph into, whose tokens stood in ``blocks``
        (outermost first) in witness ``side``."""
        containers = [m for m in blocks if m.tag in _CONTAINERS]
        depth = 0  # how many of the containers are open already
        while (
            depth < len(containers)
            and depth + 1 < len(self.open)
            and self.open[depth + 1].holds(containers[depth], side)
        ):
            depth += 1
        del self.open[depth + 1 :]
        for m in containers[depth:]:
            parent = self._slot(m.tag in _DIVS)
            self.open.append(_Open(element(parent, m.tag, **_attributes(m)), side, m))
        inner = blocks[-1] if blocks and blocks[-1].tag in _OWN else None
        top = self.open[-1]
        tag = inner.tag if inner else "p"
        if tag in _FIRST and (top.children or (tag == "speaker") != (top.tag == "sp")):
            tag = "p"
        if tag == "p" and top.tag == "lg":
            tag = "l"
        attributes = _attributes(inner) if inner and inner.tag == tag else {}
        return element(self._slot(False), tag, **attributes)

    def _slot(self, div: bool) -> Element:
        """Where the next child of the innermost open element goes: in it, or, after
        a ``div`` there, a ``div`` of its own for what is not one."""
        top = self.open[-1]
        top.children += 1
        if div:
            top.after_div = None
            top.has_div = True
            return top.element
        if not top.has_div:
            return top.element
        if top.after_div is None:
            top.after_div = element(top.element, "div")
        return top.after_div

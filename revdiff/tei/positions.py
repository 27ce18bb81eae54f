"""Where elements stand in their source text: line and column, both from 1.

lxml gives an element its line (``sourceline``) but no column, and libxml2's
messages about a tree have column 0. :class:`Positions` finds each element's
start tag (and an attribute inside it) in the source text, in document
order, so that a message can say ``FILE:LINE:COL``. It is made only when a
message needs it: the reader's notices are rare, the validator's problems
are what it is for.
"""

from __future__ import annotations

import bisect
import re

from lxml import etree

__all__ = ["Positions", "source_text"]

# Comments, processing instructions, CDATA and the DOCTYPE can hold "<": blank them.
_OPAQUE = re.compile(
    r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.DOTALL
)
# "<" cannot stand unescaped in text or in an attribute value, so after
# blanking, each "<" not followed by "/" opens a start tag, in document order.
_START_TAG = re.compile(r"""<(?![/!?])[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")


def source_text(root: etree._Element, data: bytes) -> str:
    """The characters of the document ``root`` was parsed from (its ``data``)."""
    encoding = root.getroottree().docinfo.encoding or "utf-8"
    try:
        return data.decode(encoding, "replace").removeprefix("\ufeff")
    except LookupError:  # an encoding Python does not know by that name
        return data.decode("utf-8", "replace").removeprefix("\ufeff")


class Positions:
    """Line and column (both from 1) of each element's start tag and attributes.

    Where the tags found in the text and the elements of the tree do not
    pair up one to one (an entity that expands to elements), an element is
    placed at its line, column 1.
    """

    def __init__(self, root: etree._Element, text: str) -> None:
        blank = _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
        self._text = text
        self._tags = [(m.start(), m.end()) for m in _START_TAG.finditer(blank)]
        self._elements = list(root.getroottree().getroot().iter(etree.Element))
        self._index = {id(el): i for i, el in enumerate(self._elements)}
        self._usable = len(self._tags) == len(self._elements)
        self._lines = [0] + [m.end() for m in re.finditer("\n", text)]

    def order(self, el: etree._Element) -> int:
        """The element's place in document order (-1 if it is not in the tree)."""
        return self._index.get(id(el), -1)

    def _line_column(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._lines, offset)
        return line, offset - self._lines[line - 1] + 1

    def of(self, el: etree._Element, attribute: str | None = None) -> tuple[int, int]:
        """Where the element's start tag (or its ``attribute``) begins."""
        i = self._index.get(id(el))
        if i is None or not self._usable:
            line = el.sourceline
            return (line if isinstance(line, int) else 1), 1
        start, end = self._tags[i]
        if attribute:
            found = re.compile(rf"\s{re.escape(attribute)}\s*=").search(self._text, start, end)
            if found:
                return self._line_column(found.start() + 1)
        return self._line_column(start)

"""Writing TEI: the one small lxml builder that every writer of XML in revdiff uses.

The writers (:mod:`revdiff.tei.encode`, and the TEI outputs of
:mod:`revdiff.render.tei`) build a tree of TEI elements with :func:`element`
and :func:`append_text` and write it out with :func:`serialize`, so that lxml
stays inside :mod:`revdiff.tei` and every TEI file revdiff writes is laid
out alike: an XML declaration in double quotes, element-only containers
indented by two spaces, mixed content (a paragraph) never touched, a final
line end.

>>> root = tei_root()
>>> p = element(element(element(root, "text", xml_lang="ru"), "body"), "p", "Нужно ")
>>> _ = element(p, "hi", "так", rend="bold")
>>> append_text(p, " было")
>>> print(serialize(root), end="")
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <text xml:lang="ru">
    <body>
      <p>Нужно <hi rend="bold">так</hi> было</p>
    </body>
  </text>
</TEI>
"""

from __future__ import annotations

from typing import TypeAlias

from lxml import etree

from .names import TEI_NS, XML_ID, XML_LANG, T

__all__ = ["Element", "tei_root", "element", "append_text", "serialize", "to_string"]

Element: TypeAlias = etree._Element
"""An element of a tree being written (lxml's)."""

# Attribute names spelled as keywords (xml_id=) or as in XML (xml:lang).
_NAMES = {"xml_id": XML_ID, "xml:id": XML_ID, "xml_lang": XML_LANG, "xml:lang": XML_LANG}
# Elements whose content is (or may be) mixed: never indented inside.
_MIXED = frozenset(
    T + n for n in ("p", "head", "title", "handNote", "change", "witness", "l", "speaker", "stage")
)
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def tei_root(tag: str = "TEI") -> Element:
    """A new root element in the TEI namespace (the default namespace of the output)."""
    return etree.Element(T + tag, nsmap={None: TEI_NS})  # type: ignore[dict-item]


def element(parent: Element, tag: str, text: str | None = None, /, **attributes: str) -> Element:
    """A new TEI element ``tag`` at the end of ``parent``, with its text and attributes
    (in the order given; ``xml_id``/``xml:id`` and ``xml_lang``/``xml:lang`` are XML's)."""
    made = etree.SubElement(parent, T + tag)
    for name, value in attributes.items():
        made.set(_NAMES.get(name, name), value)
    if text is not None:
        made.text = text
    return made


def append_text(parent: Element, text: str) -> None:
    """Text at the end of ``parent``: after its last child, or as its text."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _indent(el: Element, level: int = 0) -> None:
    """Indent element-only containers; never touch mixed content."""
    if el.tag in _MIXED:
        return
    children = list(el)
    if not children or (el.text and el.text.strip()):
        return
    if any(c.tail and c.tail.strip() for c in children):  # text after a child: mixed too
        return
    inner = "\n" + "  " * (level + 1)
    el.text = inner
    for child in children:
        _indent(child, level + 1)
        child.tail = inner
    children[-1].tail = "\n" + "  " * level


def serialize(root: Element) -> str:
    """The document as a string: the XML declaration, the tree indented, a final line end."""
    _indent(root)
    xml: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return (
        xml.decode("utf-8").replace("<?xml version='1.0' encoding='UTF-8'?>", _DECLARATION) + "\n"
    )


def to_string(el: Element) -> str:
    """One element as XML, as it stands (for doctests and messages)."""
    return etree.tostring(el, encoding="unicode")

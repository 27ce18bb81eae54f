"""What every TEI output of revdiff shares: the header, the witnesses' ids, the checks.

Both writers (a diff, :mod:`revdiff.render.tei.diff`; a collation,
:mod:`revdiff.render.tei.collation`) write one ``TEI`` document: a
``teiHeader`` naming the witnesses in ``sourceDesc/listWit`` and saying in
``editorialDecl`` how the text was written, then a ``text`` of paragraphs.
The tree is built and written out by :mod:`revdiff.tei.build`, the one
place lxml is used for writing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...errors import RevdiffError
from ...model import Witness
from ...tei.build import Element, element, serialize, tei_root
from ...tei.names import NOT_XML

__all__ = ["BREAK", "cut", "ncname", "check_xml_chars", "document", "body", "finish", "body_xml"]

# White space with two line ends is a paragraph break (a blank line).
BREAK = re.compile(r"[^\S\n]*\n\s*\n\s*")
_TRAILING_SPACE = re.compile(r"\s*\Z")


def cut(text: str) -> tuple[str, str]:
    """A token's text and the white space after it."""
    match = _TRAILING_SPACE.search(text)
    start = match.start() if match else len(text)
    return text[:start], text[start:]


def ncname(text: str, fallback: str) -> str:
    """An xml:id made from a siglum: letters, digits, ``.``, ``-``, ``_`` only."""
    name = re.sub(r"[^\w.\-]+", "-", text).strip("-")
    if not name or not re.match(r"[^\W\d]", name):
        name = f"{fallback}-{name}" if name else fallback
    return name


def check_xml_chars(witnesses: Sequence[Witness]) -> None:
    """Refuse a witness with a character XML cannot hold at all."""
    for w in witnesses:
        bad = NOT_XML.search(w.text)
        if bad:
            raise RevdiffError(
                f"{w.source}: character U+{ord(bad.group()):04X} cannot be written in XML"
            )


def _describe(w: Witness) -> str:
    layer = f", layer {w.layer}" if w.layer else ""
    title = f" ({w.title})" if w.title else ""
    return f"{w.source}{layer}{title}"


def _title(witnesses: Sequence[Witness]) -> str:
    """The witnesses' sigla (``a, b and c``), and their title if they share one."""
    sigla = [w.siglum for w in witnesses]
    title = ", ".join(sigla[:-1]) + (" and " if len(sigla) > 1 else "") + sigla[-1]
    titles = {w.title for w in witnesses}
    if len(titles) == 1 and witnesses[0].title:
        title += f": {witnesses[0].title}"
    return title


def document(
    witnesses: Sequence[Witness],
    ids: Sequence[str],
    *,
    heading: str,
    sentences: Sequence[str],
    apparatus: bool,
    version: str,
    date: str | None,
) -> tuple[Element, Element]:
    """A TEI document's root and its ``teiHeader``: the title (``heading`` and the
    witnesses), revdiff and the date as publisher, one ``witness`` per witness
    (its ``ids``), the ``sentences`` of the editorial declaration, and for an
    ``apparatus`` the variant encoding."""
    root = tei_root()
    header = element(root, "teiHeader")
    file_desc = element(header, "fileDesc")
    element(element(file_desc, "titleStmt"), "title", f"{heading} {_title(witnesses)}")
    publication = element(file_desc, "publicationStmt")
    element(publication, "publisher", f"revdiff {version}")
    if date:
        element(publication, "date", date, when=date)
    list_wit = element(element(file_desc, "sourceDesc"), "listWit")
    for w, ident in zip(witnesses, ids, strict=True):
        element(list_wit, "witness", _describe(w), xml_id=ident, n=w.siglum)
    encoding = element(header, "encodingDesc")
    if apparatus:
        element(encoding, "variantEncoding", method="parallel-segmentation", location="internal")
    decl = element(encoding, "editorialDecl")
    for sentence in sentences:
        element(decl, "p", sentence)
    return root, header


def body(root: Element, witnesses: Sequence[Witness]) -> Element:
    """The document's ``text/body``, in the language of the first witness that has one."""
    lang = next((w.lang for w in witnesses if w.lang), None)
    text = element(root, "text", **({"xml_lang": lang} if lang else {}))
    return element(text, "body")


def finish(root: Element, body: Element) -> str:
    """The document written out; an empty body gets one empty paragraph (it cannot be empty,
    and an empty paragraph reads as no text)."""
    if not len(body):
        element(body, "p")
    return serialize(root)


def body_xml(document: str) -> str:
    """The paragraphs of a written document, without namespace declarations (for doctests)."""
    inside = document.split("<body>", 1)[1].split("</body>", 1)[0]
    return "\n".join(line.strip() for line in inside.strip().splitlines())

"""The diplomatic view of one TEI document: its text with every revision in place.

Where :func:`~revdiff.tei.read.read_layer` selects the chunks of one layer,
:func:`diplomatic` keeps them all and nests them again by the revisions they
stand in, so that a view can show a deletion struck through, an addition
above the line or in the margin, a substitution as a pair. Each run of text
also says in which layers it is visible, so a view can switch between the
diplomatic text and any layer without reading the TEI again.

Built from :attr:`TEIDocument.items` (the one walk of the text); a
substitution is a deletion immediately followed by an addition, which is what
``subst`` encodes and what a reader sees on the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Revision
from .read import (
    _BREAK,
    _JOIN,
    Metamark,
    TEIDocument,
    _applied_rule,
    _Chunk,
    _visible,
    layer_names,
)

__all__ = ["Run", "Group", "Subst", "FolioBreak", "Paragraph", "Diplomatic", "diplomatic"]

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Run:
    """Text as written, in the hand that wrote it, with the layers it is hidden in.

    ``hidden`` holds indices into :attr:`Diplomatic.layers`; ``reading`` is
    ``normalized`` for the editorial side of a ``choice`` (``corr``, ``reg``),
    which no diplomatic layer shows.
    """

    text: str
    hand: str | None
    hidden: tuple[int, ...]
    reading: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """The runs (and nested groups) inside one revision: an ``add``, ``del`` or ``restore``."""

    revision: Revision
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Subst:
    """A deletion and the addition written in its place."""

    deleted: Group
    added: Group


@dataclass(frozen=True, slots=True)
class FolioBreak:
    folio: str


Node = Run | Group | Subst | FolioBreak


@dataclass(frozen=True, slots=True)
class Paragraph:
    nodes: tuple[Node, ...]
    section: str | None
    marks: tuple[Metamark, ...] = ()


@dataclass(frozen=True, slots=True)
class Diplomatic:
    """A document's paragraphs; ``layers[0]`` is ``diplomatic``, the rest its layer names."""

    paragraphs: tuple[Paragraph, ...]
    layers: tuple[str, ...]


def _nest(runs: Sequence[tuple[Run | FolioBreak, tuple[Revision, ...]]]) -> tuple[Node, ...]:
    """Nest runs by their revision stacks: runs sharing a revision share its group."""
    root: list[Node] = []
    stack: list[tuple[Revision, list[Node]]] = []

    def close() -> None:
        revision, children = stack.pop()
        target = stack[-1][1] if stack else root
        target.append(Group(revision, _pair(children)))

    for run, revisions in runs:
        depth = 0
        while (
            depth < len(stack)
            and depth < len(revisions)
            and stack[depth][0].id == revisions[depth].id
        ):
            depth += 1
        while len(stack) > depth:
            close()
        for revision in revisions[depth:]:
            stack.append((revision, []))
        (stack[-1][1] if stack else root).append(run)
    while stack:
        close()
    return _pair(root)


def _pair(nodes: list[Node]) -> tuple[Node, ...]:
    """Join a deletion and the addition right after it into a substitution."""
    out: list[Node] = []
    for node in nodes:
        last = out[-1] if out else None
        if (
            isinstance(node, Group)
            and node.revision.is_addition
            and isinstance(last, Group)
            and last.revision.is_deletion
        ):
            out[-1] = Subst(last, node)
        else:
            out.append(node)
    return tuple(out)


def diplomatic(doc: TEIDocument, marks: Sequence[Metamark] = ()) -> Diplomatic:
    """All the text of ``doc`` with its revisions, paragraph by paragraph.

    ``marks`` (from :func:`~revdiff.tei.read.read_metamarks`) are put beside
    the paragraph they stand in, or the next one that has text.

    >>> from revdiff.tei import parse_tei
    >>> xml = '''<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
    ... <p>от <subst><del hand="#s">нас</del><add hand="#s">них</add></subst> в</p>
    ... </body></text></TEI>'''.encode()
    >>> view = diplomatic(parse_tei(xml, "t.xml"))
    >>> view.layers
    ('diplomatic', 'base', 'final', 'hand:s')
    >>> [type(n).__name__ for n in view.paragraphs[0].nodes]
    ['Run', 'Subst', 'Run']
    >>> view.paragraphs[0].nodes[1].added.children[0].hidden  # not in base
    (1,)
    """
    layers = ("diplomatic",) + layer_names(doc)
    rules = [_applied_rule(doc, name) for name in layers[1:]]
    paragraphs: list[Paragraph] = []
    current: list[tuple[Run | FolioBreak, tuple[Revision, ...]]] = []
    section: str | None = None
    folio: str | None = None
    pending_folio: str | None = None
    pending_marks = sorted(marks, key=lambda m: m.breaks)
    waiting: list[Metamark] = []
    breaks = 0

    def flush() -> None:
        nonlocal current
        while current and isinstance(current[-1][0], Run) and not current[-1][0].text.strip():
            current.pop()
        if current:
            last, revisions = current[-1]
            if isinstance(last, Run):
                current[-1] = (
                    Run(last.text.rstrip(), last.hand, last.hidden, last.reading),
                    revisions,
                )
            paragraphs.append(Paragraph(_nest(current), section, tuple(waiting)))
            waiting.clear()
        current = []

    def take_marks() -> None:
        while pending_marks and pending_marks[0].breaks <= breaks:
            waiting.append(pending_marks.pop(0))

    for item in doc.items:
        if item is _BREAK:
            flush()
            breaks += 1
            take_marks()
        elif item is _JOIN:
            # A line break inside a word: the word is read whole, as the layers read it.
            last, revisions = current[-1] if current else (None, ())
            if isinstance(last, Run):
                current[-1] = (
                    Run(last.text.rstrip(), last.hand, last.hidden, last.reading),
                    revisions,
                )
        elif isinstance(item, _Chunk):
            if item.folio != folio:
                folio = pending_folio = item.folio
            text = _SPACE.sub(" ", item.text)
            if not current and not text.strip():
                continue
            if not current or (
                isinstance(current[-1][0], Run) and current[-1][0].text.endswith(" ")
            ):
                text = text.lstrip() if not current else text
            if text.strip():
                if not current:
                    section = item.section
                if pending_folio is not None:
                    current.append((FolioBreak(pending_folio), ()))
                    pending_folio = None
            reading = item.readings[-1] if item.readings else None
            hidden = tuple(
                i + 1 for i, rule in enumerate(rules) if not _visible(item, rule, "diplomatic")
            )
            current.append((Run(text, item.hand, hidden, reading), item.revisions))
    flush()
    return Diplomatic(tuple(paragraphs), layers)

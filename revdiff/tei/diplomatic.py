"""The diplomatic view of one TEI document: its text with every revision in place.

Where :func:`~revdiff.tei.layers.read_layer` selects the chunks of one layer,
:func:`diplomatic` keeps them all and nests them again by the revisions they
stand in, so that a view can show a deletion struck through, an addition
above the line or in the margin, a substitution as a pair. Each run of text
also says in which layers it is visible, so a view can switch between the
diplomatic text and any layer without reading the TEI again.

Built from :attr:`TEIDocument.items` (the one walk of the text, which also
places the metamarks beside their paragraphs); a
substitution is a deletion immediately followed by an addition, which is what
``subst`` encodes and what a reader sees on the page.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence

from .. import model
from .._names import moved
from ..model import (
    Boundary,
    Chunk,
    Item,
    Metamark,
    Node,
    Reading,
    Revision,
    RevisionKind,
    TEIDocument,
)
from ..tokenize import joins
from .selection import LayerMasks, selection

__all__ = ["diplomatic"]

__getattr__ = moved(
    __name__,
    {
        name: f"revdiff.model.{name}"
        for name in ("Run", "Group", "Subst", "FolioBreak", "Node", "Paragraph", "Diplomatic")
    },
)

_SPACE = re.compile(r"\s+")


def _nest(
    runs: Sequence[tuple[Node, tuple[Revision, ...]]], orders: dict[str, int] | None = None
) -> tuple[Node, ...]:
    """Nest runs by their revision stacks: runs sharing a revision share its group
    (``orders``: the place in its transposition of each passage's revision)."""
    root: list[Node] = []
    stack: list[tuple[Revision, list[Node]]] = []
    orders = orders or {}

    def close() -> None:
        revision, children = stack.pop()
        target = stack[-1][1] if stack else root
        target.append(model.Group(revision, _pair(children), orders.get(revision.id, 0)))

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
            isinstance(node, model.Group)
            and node.revision.is_addition
            and isinstance(last, model.Group)
            and last.revision.is_deletion
        ):
            out[-1] = model.Subst(last, node)
        else:
            out.append(node)
    return tuple(out)


def diplomatic(doc: TEIDocument, marks: Sequence[Metamark] | None = None) -> model.Diplomatic:
    """All the text of ``doc`` with its revisions, paragraph by paragraph.

    The metamarks of the walk stand beside the paragraph they are in, or the
    next one that has text. (``marks``, deprecated, puts these marks there
    instead, each after the paragraph boundary its ``breaks`` counts.)

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
    if marks is not None:
        warnings.warn(
            "diplomatic(doc, marks) is deprecated: the marks come from the document's own walk",
            DeprecationWarning,
            stacklevel=2,
        )
    layers = ("diplomatic",) + doc.layer_names()
    # The layers that show each chunk, as the bits of one number (all layers at
    # once); the layers that hide it, as their indices, once per such number.
    masks = LayerMasks(doc, [selection(doc, name) for name in layers[1:]], Reading.DIPLOMATIC)
    hidden_by: dict[int, tuple[int, ...]] = {masks.all: ()}

    def hidden_in(chunk: Chunk) -> tuple[int, ...]:
        shown = masks.chunk(chunk)
        found = hidden_by.get(shown)
        if found is None:
            found = hidden_by[shown] = tuple(
                i + 1 for i in range(len(layers) - 1) if not shown >> i & 1
            )
        return found

    # The passages of transpositions: each a group of its own, numbered by where
    # the layers that apply the transposition read it.
    passages: dict[int, list[tuple[int, Revision]]] = {}
    orders: dict[str, int] = {}
    for t in doc.transpositions:
        reading_order = {segment: k for k, segment in enumerate(t.segments, 1)}
        for k, (start, stop) in enumerate(sorted(t.segments), 1):
            r = t.revision
            passage = Revision(f"{r.id}.{k}", RevisionKind.TRANSPOSE, r.hand, r.change, line=r.line)
            orders[passage.id] = reading_order[(start, stop)]
            passages.setdefault(start, []).append((stop, passage))
    notes: list[model.NoteText] = []
    paragraphs = _paragraphs(doc.items, hidden_in, marks, notes, passages=passages, orders=orders)
    return model.Diplomatic(paragraphs, layers, tuple(notes))


Hidden = Callable[[Chunk], tuple[int, ...]]


def _paragraphs(
    items: Sequence[Item],
    hidden_in: Hidden,
    marks: Sequence[Metamark] | None,
    notes: list[model.NoteText],
    page: tuple[str | None, str | None] = (None, None),
    passages: dict[int, list[tuple[int, Revision]]] | None = None,
    orders: dict[str, int] | None = None,
) -> tuple[model.Paragraph, ...]:
    """The paragraphs of a text's items (the document's, or a note's); each note met
    is numbered, added to ``notes`` and referred to where it stands. ``page`` is the
    folio and image the text begins on (a note's: where it stands); ``passages``,
    the passages of transpositions by the index of the item they start at (each
    with its end and the revision it is grouped by, ``orders`` its place)."""
    passages = dict(passages or {})
    open_passages: list[tuple[int, Revision]] = []
    cut = False  # a token boundary (w, pc) since the last text
    paragraphs: list[model.Paragraph] = []
    current: list[tuple[Node, tuple[Revision, ...]]] = []
    section: str | None = None
    verse: str | None = None
    pending_folio: model.FolioBreak | None = None
    pending_notes: list[model.NoteRef] = []  # notes between paragraphs: refer to them at the next
    given = marks is not None  # the deprecated way: marks placed by their count of breaks
    pending_marks = sorted(marks or (), key=lambda m: m.breaks)
    waiting: list[Metamark] = []
    breaks = 0

    def flush() -> None:
        nonlocal current
        while current and isinstance(current[-1][0], model.Run) and not current[-1][0].text.strip():
            current.pop()
        if current:
            last, revisions = current[-1]
            if isinstance(last, model.Run):
                current[-1] = (
                    model.Run(last.text.rstrip(), last.hand, last.hidden, last.reading),
                    revisions,
                )
            nodes = _nest(current, orders)
            paragraphs.append(model.Paragraph(nodes, section, tuple(waiting), verse))
            waiting.clear()
        current = []

    def take_marks() -> None:
        while pending_marks and pending_marks[0].breaks <= breaks:
            waiting.append(pending_marks.pop(0))

    paragraph, join, token = Boundary.PARAGRAPH, Boundary.JOIN, Boundary.TOKEN
    for index, item in enumerate(items):
        if passages or open_passages:
            open_passages = [(stop, r) for stop, r in open_passages if stop > index]
            open_passages += [(stop, r) for stop, r in passages.pop(index, ()) if stop > index]
        if item is paragraph:
            flush()
            breaks += 1
            take_marks()
            cut = False
        elif item is token:
            cut = True
        elif item is join:
            # A line break inside a word: the word is read whole, as the layers read it.
            last, revisions = current[-1] if current else (None, ())
            if isinstance(last, model.Run):
                current[-1] = (
                    model.Run(last.text.rstrip(), last.hand, last.hidden, last.reading),
                    revisions,
                )
        elif isinstance(item, Metamark):
            if not given:
                waiting.append(item)
        elif isinstance(item, model.Note):
            written = _paragraphs(item.items, hidden_in, None, notes, page)
            notes.append(model.NoteText(len(notes) + 1, item, written))
            ref = model.NoteRef(len(notes))
            if current:
                current.append((ref, ()))
            else:
                pending_notes.append(ref)
        elif isinstance(item, Chunk):
            if (item.folio, item.facs) != page:
                page = (item.folio, item.facs)
                pending_folio = model.FolioBreak(item.folio or "", item.facs)
            text = _SPACE.sub(" ", item.text)
            if not current and not text.strip():
                continue
            if not current or (
                isinstance(current[-1][0], model.Run) and current[-1][0].text.endswith(" ")
            ):
                text = text.lstrip() if not current else text
            if cut and text and current:
                before = current[-1][0]
                if isinstance(before, model.Run) and joins(before.text[-1:], text[:1]):
                    text = " " + text
            cut = False
            if text.strip():
                if not current:
                    section, verse = item.section, item.verse
                if pending_folio is not None:
                    current.append((pending_folio, ()))
                    pending_folio = None
                current.extend((ref, ()) for ref in pending_notes)
                pending_notes.clear()
            reading = item.readings[-1] if item.readings else None
            revisions = item.revisions
            if open_passages:
                revisions = tuple(r for _, r in open_passages) + revisions
            current.append((model.Run(text, item.hand, hidden_in(item), reading), revisions))
    flush()
    if pending_notes:  # notes after the last paragraph: referred to at its end
        refs = tuple(pending_notes)
        if paragraphs:
            last_paragraph = paragraphs[-1]
            nodes = last_paragraph.nodes + refs
            paragraphs[-1] = model.Paragraph(
                nodes, last_paragraph.section, last_paragraph.marks, last_paragraph.verse
            )
        else:
            paragraphs.append(model.Paragraph(refs, None))
    return tuple(paragraphs)

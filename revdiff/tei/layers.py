"""Layers: which chunks of a TEI document's text a layer shows, and their tokens.

Pure functions over the items of a :class:`~revdiff.model.TEIDocument` (the
reader's one walk, :mod:`revdiff.tei.read`); no XML is looked at here. A
layer is a selection of chunks:

``base``
    the text as first written: no revision applied (deletions kept, additions
    left out, a ``subst`` read as its deletion, a ``restore`` undone);
``final``
    every revision applied;
``change:ID``
    the revisions of the changes of ``listChange`` up to and including ID
    applied (the state after that change);
``hand:ID``
    only the revisions of that hand applied.

A chunk is visible in a layer when every addition around it is applied and
no deletion around it is (unless a ``restore`` around that deletion is
applied too, or an ``undo`` whose ``target`` points to the deletion or to an
element inside it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import accumulate, repeat

from ..errors import LayerError
from ..model import Boundary, Chunk, Markup, Origin, Revision, RevisionKind, TEIDocument, Witness
from ..tokenize import split_words

__all__ = ["applied_rule", "visible", "layer_names", "read_layer"]


def applied_rule(doc: TEIDocument, layer: str) -> Callable[[Revision], bool]:
    if layer == "base":
        return lambda r: False
    if layer == "final":
        return lambda r: True
    kind, _, ident = layer.partition(":")
    if kind == "hand" and ident in {h.id for h in doc.hands} | {r.hand for r in doc.revisions}:
        return lambda r: r.hand == ident
    change_ids = [c.id for c in doc.changes]
    if kind != "change":
        ident = layer
    if ident in change_ids:
        upto = frozenset(change_ids[: change_ids.index(ident) + 1])
        return lambda r: r.change in upto
    raise LayerError(
        f"{doc.source}: no layer {layer!r}; the layers there are: {', '.join(layer_names(doc))}"
    )


def layer_names(doc: TEIDocument) -> tuple[str, ...]:
    """The layers a TEI document offers: base, final, one per change, one per hand."""
    return doc.layer_names()


def visible(chunk: Chunk, applied: Callable[[Revision], bool], reading: str) -> bool:
    if any(r != reading for r in chunk.readings):
        return False
    for i, r in enumerate(chunk.revisions):
        if r.is_addition and not applied(r):
            return False
        if r.is_deletion and applied(r):
            restored = any(
                x.kind is RevisionKind.RESTORE and applied(x) for x in chunk.revisions[:i]
            ) or any(x.kind is RevisionKind.UNDO and applied(x) for x in chunk.revisions)
            if not restored:
                return False
    return True


def read_layer(
    doc: TEIDocument,
    layer: str = "final",
    *,
    siglum: str | None = None,
    reading: str = "diplomatic",
) -> Witness:
    """The witness of one layer of a TEI document.

    ``reading`` chooses within ``choice``: ``diplomatic`` (``sic``, ``orig``,
    ``abbr``) or ``normalized`` (``corr``, ``reg``, ``expan``).
    """
    if reading not in ("diplomatic", "normalized"):
        raise LayerError(f"unknown reading {reading!r}: diplomatic or normalized")
    applied = applied_rule(doc, layer)
    paragraph, join = Boundary.PARAGRAPH, Boundary.JOIN
    paragraphs: list[list[tuple[str, Chunk]]] = [[]]
    for item in doc.items:
        if item is paragraph:
            if paragraphs[-1]:
                paragraphs.append([])
        elif item is join:
            _strip_end(paragraphs[-1])  # the layout before a break inside a word
        elif isinstance(item, Chunk) and visible(item, applied, reading):
            paragraphs[-1].append((item.text, item))
    kept = [p for p in paragraphs if "".join(t for t, _ in p).strip()]
    texts, origins = _tokenize_paragraphs(kept)
    # A key per distinct surface (set and dict passes in C), shared by its tokens.
    key_of = {text: text.strip() for text in set(texts)}
    return Witness(
        siglum=siglum or doc.source,
        source=doc.source,
        texts=texts,
        keys=tuple(map(key_of.__getitem__, texts)),
        origins=origins,
        layer=layer,
        title=doc.title,
        lang=doc.lang,
    )


def _strip_end(paragraph: list[tuple[str, Chunk]]) -> None:
    while paragraph:
        text, chunk = paragraph[-1]
        stripped = text.rstrip()
        if stripped:
            paragraph[-1] = (stripped, chunk)
            return
        paragraph.pop()


_SPACE = re.compile(r"\s+")


def _tokenize_paragraphs(
    paragraphs: list[list[tuple[str, Chunk]]],
) -> tuple[tuple[str, ...], tuple[Origin | None, ...]]:
    """Collapse white space, split into tokens, give each token its origin.

    The paragraphs are split as one text, a blank line after each and a line
    end after the last, in one regex pass (no token crosses a blank line).
    A token takes the origin of the chunk its first character is in, unless
    it runs on into later chunks and one of those stands in a revision: then
    that chunk's (a word half added takes the addition's origin). Only the
    last token starting in a chunk can run on, so Python runs per chunk, not
    per token: the tokens starting in a chunk are found by bisection in their
    start offsets, and take the chunk's origin in bulk.

    >>> chunk = Chunk("", (), "57", None, None, 1)
    >>> added = Chunk("", (Revision("add-1", "add"),), "57", None, None, 1)
    >>> texts, origins = _tokenize_paragraphs(
    ...     [[("Н", chunk), ("ужно  ", added), (" было", chunk)], [("да", chunk)]]
    ... )
    >>> texts, [o.status for o in origins], [o.paragraph for o in origins]
    (('Нужно ', 'было\\n\\n', 'да\\n'), ['added', 'text', 'text'], [0, 0, 1])
    """
    lines: list[str] = []
    # Each non-empty piece of collapsed text: (start, end) in the whole text, its chunk, paragraph.
    pieces: list[tuple[int, int, Chunk, int]] = []
    offset = 0
    for number, paragraph in enumerate(paragraphs):
        parts: list[str] = []
        length = 0
        after_space = True  # a paragraph starts without white space, and no space follows one
        for text, chunk in paragraph:
            # Printable text holds no white space but the ASCII space: a
            # regex pass is needed only for other spaces or a double one.
            piece = text if text.isprintable() and "  " not in text else _SPACE.sub(" ", text)
            if after_space and piece.startswith(" "):
                piece = piece[1:]
            if piece:
                pieces.append((offset + length, offset + length + len(piece), chunk, number))
                parts.append(piece)
                length += len(piece)
                after_space = piece.endswith(" ")
        # The space cut off here may leave the last piece's end one past its
        # line: no token starts in white space, so no token is misplaced.
        line = "".join(parts).rstrip()
        lines.append(line)
        offset += len(line) + 2
    if not lines:
        return (), ()
    texts = split_words("\n\n".join(lines) + "\n")
    starts = list(accumulate(map(len, texts), initial=0))  # starts[k]: where token k starts
    # The tokens of a chunk share one origin object (made once per chunk, not per token).
    origins: list[Origin | None] = []
    low = 0
    for k, (_, end, chunk, number) in enumerate(pieces):
        high = bisect.bisect_left(starts, end, low, len(texts))  # tokens low..high-1 start here
        if high == low:
            continue
        origins.extend(repeat(_origin(chunk, number), high - low))
        last = high - 1
        visible_end = starts[last] + len(texts[last].rstrip())
        later = k + 1
        while not chunk.revisions and later < len(pieces) and pieces[later][0] < visible_end:
            # The token runs on into a later chunk: the first one in a revision gives its origin.
            if pieces[later][2].revisions:
                origins[last] = _origin(pieces[later][2], pieces[later][3])
                break
            later += 1
        low = high
    _carry_markup(pieces, starts, texts, origins)
    return tuple(texts), tuple(origins)


def _carry_markup(
    pieces: list[tuple[int, int, Chunk, int]],
    starts: list[int],
    texts: Sequence[str],
    origins: list[Origin | None],
) -> None:
    """Give each token the markup of the chunks it stands in (``Origin.markup``).

    ``pieces`` are the chunks' places in the text, ``starts`` the tokens'.
    A carried element covers the part of a token's visible text (without its
    trailing space) that its chunks cover; a milestone stands before the
    first token that ends after it: at its start, or inside it where a word
    runs across the milestone (``break="no"``). Tokens without markup keep
    their shared origin: plain text costs one test per chunk.

    >>> hi = Markup("hi", (("rend", "bold"),), 1)
    >>> pb = Markup("pb", (("n", "60"),), 2)
    >>> plain = Chunk("", (), None, None, None, 1)
    >>> pieces = [(0, 1, Chunk("", (), None, None, None, 1, (), (hi,)), 0), (1, 6, plain, 0),
    ...           (6, 10, Chunk("", (), None, None, None, 1, (), (pb,)), 0)]
    >>> origins = [Origin(), Origin()]
    >>> _carry_markup(pieces, [0, 6, 10], ["Нужно ", "было"], origins)
    >>> [[(m.tag, m.start, m.end) for m in o.markup] for o in origins]
    [[('hi', 0, 1)], [('pb', 0, 0)]]
    """
    on: dict[int, dict[int, Markup]] = {}  # token -> element number -> its markup there
    for start, end, chunk, _ in pieces:
        if not chunk.markup:
            continue
        first = max(0, bisect.bisect_right(starts, start) - 1)
        for m in chunk.markup:
            k = first
            if m.milestone:
                while k < len(texts) and starts[k] + len(texts[k].rstrip()) <= start:
                    k += 1
                if k < len(texts):
                    at = max(0, start - starts[k])
                    on.setdefault(k, {})[m.id] = replace(m, start=at, end=at)
                continue
            while k < len(texts) and starts[k] < end:
                low, high = max(start, starts[k]), min(end, starts[k] + len(texts[k].rstrip()))
                if low < high:
                    marks = on.setdefault(k, {})
                    seen = marks.get(m.id)  # the same element over several chunks of one word
                    low = min(low, starts[k] + seen.start) if seen else low
                    high = max(high, starts[k] + seen.end) if seen else high
                    marks[m.id] = replace(m, start=low - starts[k], end=high - starts[k])
                k += 1
    for k, marks in on.items():
        o = origins[k]
        if o is not None:
            origins[k] = replace(o, markup=tuple(marks.values()))


def _origin(chunk: Chunk, number: int) -> Origin:
    """The origin of the tokens of a chunk in paragraph ``number``: the one place one is made."""
    return Origin(
        folio=chunk.folio,
        section=chunk.section,
        paragraph=number,
        hand=chunk.revisions[-1].hand if chunk.revisions else chunk.hand,
        revision=chunk.revisions[-1] if chunk.revisions else None,
        line=chunk.line,
        blocks=chunk.blocks,
    )

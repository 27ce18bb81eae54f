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
``stage:N``
    the readings of each ``app`` at stage N of its ``varSeq`` (the last: ``final``);
``hand:ID``
    only the revisions of that hand applied;
``wit:ID``
    every revision applied, and in each ``app`` the reading of witness ID.

Which chunks a layer shows is :mod:`revdiff.tei.selection`'s; here they are
put in the order the layer reads them (:func:`arranged`: a transposition it
applies reorders its passages), joined into paragraphs and split into
tokens, each with its origin (:func:`read_layer`), or only counted
(:func:`layer_counts`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from itertools import accumulate, repeat

from ..errors import LayerError
from ..model import Boundary, Chunk, Item, Markup, Origin, Revision, TEIDocument, Witness
from ..tokenize import joins, split_words
from .selection import LayerMasks, Selection, Visibility, applied_rule, selection, visible

__all__ = [
    "applied_rule",
    "visible",
    "layer_names",
    "read_layer",
    "Selection",
    "selection",
    "arranged",
    "count_tokens",
    "layer_counts",
]


def arranged(doc: TEIDocument, applied: Callable[[Revision], bool]) -> Sequence[Item]:
    """The document's items in the order a layer reads them: each transposition it
    applies (and does not undo) puts its passages in the order its pointers give."""
    active = [
        t
        for t in doc.transpositions
        if applied(t.revision) and not (t.undone is not None and applied(t.undone))
    ]
    if not active:
        return doc.items
    slots = sorted(
        (slot, content)
        for t in active
        for slot, content in zip(sorted(t.segments), t.segments, strict=True)
    )
    items = doc.items
    out: list[Item] = []
    at = 0
    for (start, stop), (first, last) in slots:
        out.extend(items[at:start])
        out.extend(items[first:last])
        at = stop
    out.extend(items[at:])
    return out


def _paragraphs(
    items: Iterable[Item], shown: Callable[[Chunk], bool]
) -> list[list[tuple[str, Chunk]]]:
    """The text of the chunks shown, paragraph by paragraph, as (text, chunk) pairs.

    A break inside a word (``break="no"``) takes the layout before it away; a
    token boundary (a ``w`` or ``pc`` begins or ends) with no white space at
    it becomes a space where the characters on both sides would otherwise
    make one token.
    """
    paragraph, join, token = Boundary.PARAGRAPH, Boundary.JOIN, Boundary.TOKEN
    paragraphs: list[list[tuple[str, Chunk]]] = [[]]
    cut = False
    for item in items:
        if item is paragraph:
            if paragraphs[-1]:
                paragraphs.append([])
            cut = False
        elif item is join:
            _strip_end(paragraphs[-1])  # the layout before a break inside a word
        elif item is token:
            cut = True
        elif isinstance(item, Chunk) and shown(item):
            text = item.text
            if cut and text:
                current = paragraphs[-1]
                if current and joins(current[-1][0][-1:], text[:1]):
                    text = " " + text
                cut = False
            paragraphs[-1].append((text, item))
    return paragraphs


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
    chosen = selection(doc, layer)
    paragraphs = _paragraphs(arranged(doc, chosen.applied), Visibility(chosen, reading))
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
        notices=doc.notices,
    )


def count_tokens(doc: TEIDocument, layer: str = "final", *, reading: str = "diplomatic") -> int:
    """How many tokens :func:`read_layer` gives, without making them or their origins."""
    return dict(layer_counts(doc, (layer,), reading=reading))[layer]


def layer_names(doc: TEIDocument) -> tuple[str, ...]:
    """The layers a TEI document offers: base, final, one per change, per stage, per hand,
    per witness."""
    return doc.layer_names()


def layer_counts(
    doc: TEIDocument, layers: Sequence[str] | None = None, *, reading: str = "diplomatic"
) -> tuple[tuple[str, int], ...]:
    """Each layer's number of tokens (every layer of ``doc`` by default), as
    :func:`read_layer` would give them, the document walked once.

    A paragraph with no chunk that a layer could hide has the same tokens in
    every layer: counted once. A paragraph with such chunks is counted once
    for each group of layers that show the same of its chunks (the groups
    found from the chunks' :class:`LayerMasks`, whatever the number of
    layers). A layer that applies a transposition is counted in its own
    order of the items.
    """
    names = doc.layer_names() if layers is None else tuple(layers)
    chosen = [selection(doc, name) for name in names]
    masks = LayerMasks(doc, chosen, reading)
    items = doc.items
    totals = [0] * len(names)
    fixed: list[Item] = []  # the paragraphs no layer changes, counted at once
    by_group: dict[int, int] = {}  # a group of layers (bits) -> tokens they share
    start = 0
    for stop in [i for i, item in enumerate(items) if item is Boundary.PARAGRAPH] + [len(items)]:
        paragraph = items[start:stop]
        start = stop + 1
        shown = [masks.chunk(c) for c in paragraph if isinstance(c, Chunk)]
        if all(m == masks.all for m in shown):
            fixed.extend(paragraph)
            fixed.append(Boundary.PARAGRAPH)
            continue
        groups = [masks.all]  # split by what each chunk's mask says, as finely as needed
        for m in set(shown):
            groups = [part for g in groups for part in (g & m, g & ~m) if part]
        for group in groups:
            first = (group & -group).bit_length() - 1  # any layer of the group will do
            n = _count(paragraph, _ShownIn(masks, 1 << first))
            by_group[group] = by_group.get(group, 0) + n
    fixed_tokens = _count(fixed, _shown_all)
    for group, n in by_group.items():
        while group:
            low = group & -group
            totals[low.bit_length() - 1] += n
            group ^= low
    counts = []
    for name, layer, total in zip(names, chosen, totals, strict=True):
        order = arranged(doc, layer.applied)
        if order is not items:  # a transposition applies: the paragraphs are read in another order
            total = _count(order, Visibility(layer, reading)) - fixed_tokens
        counts.append((name, fixed_tokens + total))
    return tuple(counts)


class _ShownIn:
    """Whether a chunk is shown in the layer of one bit of :class:`LayerMasks`."""

    __slots__ = ("masks", "bit")

    def __init__(self, masks: LayerMasks, bit: int) -> None:
        self.masks, self.bit = masks, bit

    def __call__(self, chunk: Chunk) -> bool:
        return bool(self.masks.chunk(chunk) & self.bit)


def _shown_all(chunk: Chunk) -> bool:
    return True


def _count(items: Iterable[Item], shown: Callable[[Chunk], bool]) -> int:
    """The number of tokens of the chunks shown (as :func:`read_layer` would split them).

    White space is not collapsed first: how much of it stands between two
    tokens changes no token boundary, and no token crosses a blank line.
    """
    texts = ["".join(t for t, _ in p).strip() for p in _paragraphs(items, shown)]
    return len(split_words("\n\n".join(t for t in texts if t)))


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
        line, found = _collapse(paragraph)
        pieces.extend((offset + start, offset + end, chunk, number) for start, end, chunk in found)
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


def _collapse(paragraph: list[tuple[str, Chunk]]) -> tuple[str, list[tuple[int, int, Chunk]]]:
    """A paragraph's text with its white space collapsed, and where each chunk's piece is.

    >>> c = Chunk("", (), None, None, None, 1)
    >>> line, found = _collapse([(" a  b ", c), (" c", c)])
    >>> line, [(start, end) for start, end, _ in found]
    ('a b c', [(0, 4), (4, 5)])
    """
    parts: list[str] = []
    found: list[tuple[int, int, Chunk]] = []
    length = 0
    after_space = True  # a paragraph starts without white space, and no space follows one
    for text, chunk in paragraph:
        # Printable text holds no white space but the ASCII space: a
        # regex pass is needed only for other spaces or a double one.
        piece = text if text.isprintable() and "  " not in text else _SPACE.sub(" ", text)
        if after_space and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            found.append((length, length + len(piece), chunk))
            parts.append(piece)
            length += len(piece)
            after_space = piece.endswith(" ")
    # The space cut off here may leave the last piece's end one past its
    # line: no token starts in white space, so no token is misplaced.
    return "".join(parts).rstrip(), found


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

"""A collation as TEI P5: a parallel-segmentation apparatus of any number of witnesses.

Text all witnesses share is written once; where they differ, an ``app``
holds one ``rdg`` per distinct reading, naming its witnesses in ``@wit``.
A ``p`` cannot stand inside an ``rdg``, so where witnesses break paragraphs
in different places, the witnesses that break alike get paragraphs of their
own, in an ``app`` of their own (see :func:`_collation_p`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..._version import __version__
from ...model import Collation
from ...tei.build import Element, append_text, element
from ...tei.names import XML_ID
from .frame import BREAK, body, check_xml_chars, cut, document, finish, ncname

__all__ = ["collation_to_tei", "collation_ids"]

Pieces = list[tuple[tuple[str, ...], int]]  # per span: one text per witness, the span's index
Members = tuple[int, ...]  # the witnesses whose paragraph it is


@dataclass(slots=True, eq=False)
class _Mark:
    """A place of a moved passage: the ``rdg`` elements in which its ``reader`` reads it get
    ids (``name``, then ``name.2``, ...), for ``transpose`` to point to."""

    move: int
    reader: int
    name: str
    found: list[str] = field(default_factory=list)

    def ident(self, k: int) -> str:
        return self.name if not k else f"{self.name}.{k + 1}"


Marks = dict[int, _Mark]  # by span


def _closes(token: str, last: bool) -> bool:
    """Whether a token ends its witness's paragraph: a blank line after it, or no text after it."""
    return last or bool(BREAK.search(token))


def _collation_blocks(collation: Collation) -> list[range]:
    """Runs of columns that no witness's paragraph crosses.

    A cut between two columns is safe when every witness's last token before
    it ends a paragraph (or the witness has none yet); cutting at every safe
    place keeps each witness's paragraphs whole inside one block.
    """
    count = [
        sum(1 for c in collation.columns if c[w] is not None)
        for w in range(len(collation.witnesses))
    ]
    seen = [0] * len(count)
    open_ = [False] * len(count)
    blocks: list[range] = []
    start = 0
    for c, column in enumerate(collation.columns):
        for w, i in enumerate(column):
            if i is not None:
                seen[w] += 1
                open_[w] = not _closes(collation.witnesses[w].texts[i], seen[w] == count[w])
        if not any(open_):
            blocks.append(range(start, c + 1))
            start = c + 1
    if start < len(collation.columns):
        blocks.append(range(start, len(collation.columns)))
    return blocks


def _collation_paragraphs(collation: Collation) -> Iterator[tuple[range, tuple[int, ...]]]:
    """Output paragraphs: a run of columns and the witnesses whose paragraph it is.

    Inside a block the witnesses that end paragraphs at the same columns share
    their paragraphs; a witness that breaks elsewhere gets paragraphs of its
    own (exact, not minimal, as with two witnesses: a ``p`` cannot stand in a
    ``rdg``). A witness with no text in a block is in none of its paragraphs.
    """
    witnesses = collation.witnesses
    for block in _collation_blocks(collation):
        groups: dict[tuple[int, ...], list[int]] = {}
        for w in range(len(witnesses)):
            present = [c for c in block if collation.columns[c][w] is not None]
            if not present:
                continue
            ends = tuple(
                c
                for c in present[:-1]
                if BREAK.search(witnesses[w].texts[collation.columns[c][w]])  # type: ignore[index]
            )
            groups.setdefault(ends, []).append(w)
        for ends, members in groups.items():
            start = block.start
            for end in (*ends, block.stop - 1):
                yield range(start, end + 1), tuple(members)
                start = end + 1


def _collation_readings(
    collation: Collation, columns: range, members: Members, starts: list[int]
) -> Pieces:
    """The paragraph's part of each span: one text per witness (``""`` for witnesses not in
    ``members``), inside the paragraph any white space one space, the last one dropped."""
    n = len(collation.witnesses)
    table = collation.columns
    last = {w: max(c for c in columns if table[c][w] is not None) for w in members}
    pieces: Pieces = []
    for s in range(bisect_right(starts, columns.start) - 1, len(collation.spans)):
        span = collation.spans[s]
        if span.start >= columns.stop:
            break
        texts = [""] * n
        for w in members:
            parts = []
            for c in range(max(span.start, columns.start), min(span.stop, columns.stop)):
                if table[c][w] is not None:
                    word, space = cut(collation.cell(c, w) or "")
                    parts.append(word + ("" if c == last[w] else " " if space else ""))
            texts[w] = "".join(parts)
        pieces.append((tuple(texts), s))
    return pieces


def _collation_p(
    p: Element, pieces: Pieces, ids: tuple[str, ...], members: Members, marks: Marks
) -> None:
    """A paragraph of the members; other witnesses, if any, read nothing in it.

    When some witnesses have no part in the paragraph, the whole of it is one
    ``rdg`` of its members beside an empty ``rdg`` of the others; the members'
    own variants are ``app``s nested in that ``rdg``, so the text they share is
    still written once.
    """
    if len(members) == len(ids):
        _collation_run(p, pieces, ids, members, marks)
        return
    app = element(p, "app")
    rdg = element(app, "rdg", wit=" ".join(f"#{ids[w]}" for w in members))
    _collation_run(rdg, pieces, ids, members, marks)
    others = [f"#{ident}" for w, ident in enumerate(ids) if w not in members]
    element(app, "rdg", wit=" ".join(others))


def _collation_run(
    parent: Element, pieces: Pieces, ids: tuple[str, ...], members: Members, marks: Marks
) -> None:
    """Each span the members read alike as text; each other one as an ``app`` with one
    ``rdg`` per distinct reading (a white space all of them end in stands after it)."""
    for texts, span in pieces:
        readings = [texts[w] for w in members]
        if len(set(readings)) == 1:
            append_text(parent, readings[0])
            continue
        words = {cut(t)[0] for t in readings}
        if len(words) == 1 and span not in marks:  # only the white space after them differs
            append_text(parent, words.pop())
            texts = tuple(cut(t)[1] for t in texts)
            readings = [texts[w] for w in members]
        tails = {cut(t)[1] for t in readings}
        tail = tails.pop() if len(tails) == 1 and all(t.strip() for t in readings) else ""
        app = element(parent, "app")
        for text in dict.fromkeys(readings):  # one rdg per distinct reading
            wit = [w for w in members if texts[w] == text]
            rdg = element(app, "rdg", wit=" ".join(f"#{ids[w]}" for w in wit))
            mark = marks.get(span)
            if mark is not None and mark.reader in wit:
                ident = mark.ident(len(mark.found))
                rdg.set(XML_ID, ident)
                mark.found.append(ident)
            if text[: len(text) - len(tail)]:
                rdg.text = text[: len(text) - len(tail)]
        append_text(parent, tail)


def collation_ids(collation: Collation) -> tuple[str, ...]:
    """The ``xml:id`` of each witness in :func:`collation_to_tei`: its siglum made a name, unique."""
    ids: list[str] = []
    for n, w in enumerate(collation.witnesses):
        ident = base = ncname(w.siglum, f"w{n + 1}")
        k = 1
        while ident in ids:
            k += 1
            ident = f"{base}-{k}"
        ids.append(ident)
    return tuple(ids)


def collation_to_tei(
    collation: Collation, date: str | None = None, *, version: str = __version__
) -> str:
    """A collation of any number of witnesses as a parallel-segmentation apparatus (TEI P5).

    ``listWit`` has one ``witness`` per witness (siglum in ``@n``, file and
    layer); text all witnesses share is written once, and where they differ
    an ``app`` holds one ``rdg`` per distinct reading, naming its witnesses in
    ``@wit`` (an empty ``rdg``: those witnesses have nothing there). Keeping
    one witness's ``rdg`` in every ``app`` gives back its text exactly, for
    texts in the reader's normal form. ``date`` and the ``version`` of
    revdiff go into the header.

    >>> from revdiff.collation import collate
    >>> from revdiff.render.tei.frame import body_xml
    >>> from revdiff.tokenize import plain_witness
    >>> ws = [plain_witness(t, s, s) for s, t in [("A", "The black cat"),
    ...       ("B", "The black and white cat"), ("C", "The black and shiny cat")]]
    >>> print(body_xml(collation_to_tei(collate(ws))))
    <p>The black <app><rdg wit="#A"/><rdg wit="#B #C">and </rdg></app><app><rdg wit="#A"/><rdg wit="#B">white </rdg><rdg wit="#C">shiny </rdg></app>cat</p>
    """
    witnesses = collation.witnesses
    check_xml_chars(witnesses)
    ids = collation_ids(collation)
    marks = _marks(collation, ids)
    starts = collation.span_starts()
    root, header = document(
        witnesses,
        ids,
        heading="Collation of",
        sentences=[sentence.format(version=version) for sentence in _EXPLANATION],
        apparatus=True,
        version=version,
        date=date,
    )
    text_body = body(root, witnesses)
    for columns, members in _collation_paragraphs(collation):
        pieces = _collation_readings(collation, columns, members, starts)
        if pieces:
            _collation_p(element(text_body, "p"), pieces, ids, members, marks)
    _transpositions(header, marks)
    return finish(root, text_body)


def _marks(collation: Collation, ids: tuple[str, ...]) -> Marks:
    """Each span a moved passage stands in, with the mark of its place."""
    prefix = "move"
    while any(i.startswith(prefix) for i in ids):
        prefix = "_" + prefix
    marks: Marks = {}
    for n, move in enumerate(collation.moves, 1):
        for k, place in enumerate(move.places, 1):
            if place.witnesses:
                mark = _Mark(n, place.witnesses[0], f"{prefix}{n}-{k}")
                for s in collation.place_spans(place):
                    marks[s] = mark
    return marks


def _transpositions(header: Element, marks: Marks) -> None:
    """``profileDesc/listTranspose``: a ``transpose`` per move, a ``ptr`` to each place's
    readings, in the table's order."""
    by_move: dict[int, list[_Mark]] = {}
    for mark in dict.fromkeys(marks.values()):  # each place once, in the table's order
        if mark.found:
            by_move.setdefault(mark.move, []).append(mark)
    transposes = [places for places in by_move.values() if len(places) > 1]
    if not transposes:
        return
    listed = element(element(header, "profileDesc"), "listTranspose")
    for places in transposes:
        transpose = element(listed, "transpose")
        for mark in places:
            element(transpose, "ptr", target=" ".join(f"#{i}" for i in mark.found))


_EXPLANATION = (
    "Written by revdiff {version} from a collation of the witnesses listed in "
    "sourceDesc/listWit (progressive alignment of their words).",
    "Parallel segmentation: text in which all witnesses agree is given once; where they "
    "differ, an app holds one rdg for each distinct reading, naming its witnesses in @wit "
    "(an empty rdg: those witnesses have nothing there).",
    "Paragraphs are the paragraphs of the witnesses. Where witnesses break paragraphs at "
    "different places, each set of witnesses breaking alike has paragraphs of its own: "
    "such a paragraph is one app, an rdg of its witnesses (holding their own variants as "
    "nested apps) and an empty rdg of the others.",
)

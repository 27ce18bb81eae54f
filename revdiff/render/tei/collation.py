"""A collation as TEI P5: a parallel-segmentation apparatus of any number of witnesses.

Text all witnesses share is written once; where they differ, an ``app``
holds one ``rdg`` per distinct reading, naming its witnesses in ``@wit``.
A ``p`` cannot stand inside an ``rdg``, so where witnesses break paragraphs
in different places, the witnesses that break alike get paragraphs of their
own, in an ``app`` of their own (see :func:`_collation_p`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..._version import __version__
from ...model import Collation
from ...tei.build import Element, append_text, element
from .frame import BREAK, body, check_xml_chars, cut, document, finish, ncname

__all__ = ["collation_to_tei", "collation_ids"]

Readings = list[tuple[str, ...]]  # two per column (words, spaces), one string per witness
Members = tuple[int, ...]  # the witnesses whose paragraph it is


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


def _collation_readings(collation: Collation, columns: range, members: tuple[int, ...]) -> Readings:
    """Each column as two readings per witness, its word and its white space (a paragraph's
    last white space dropped); witnesses not in ``members`` read nothing."""
    n = len(collation.witnesses)
    pieces: list[tuple[str, ...]] = []
    last = {w: max(c for c in columns if collation.columns[c][w] is not None) for w in members}
    for c in columns:
        words, spaces = [""] * n, [""] * n
        for w in members:
            text = collation.cell(c, w) or ""
            words[w], spaces[w] = cut(text)
            if c == last[w]:
                spaces[w] = ""
            elif spaces[w]:
                spaces[w] = " "  # inside a paragraph any white space reads as one space
        pieces += [tuple(words), tuple(spaces)]
    return [p for p in pieces if any(p)]


def _collation_p(p: Element, readings: Readings, ids: tuple[str, ...], members: Members) -> None:
    """A paragraph of the members; other witnesses, if any, read nothing in it.

    When some witnesses have no part in the paragraph, the whole of it is one
    ``rdg`` of its members beside an empty ``rdg`` of the others; the members'
    own variants are ``app``s nested in that ``rdg``, so the text they share is
    still written once.
    """
    if len(members) == len(ids):
        _collation_run(p, readings, ids, members)
        return
    app = element(p, "app")
    _collation_run(
        element(app, "rdg", wit=" ".join(f"#{ids[w]}" for w in members)), readings, ids, members
    )
    others = [f"#{ident}" for w, ident in enumerate(ids) if w not in members]
    element(app, "rdg", wit=" ".join(others))


def _collation_run(
    parent: Element, readings: Readings, ids: tuple[str, ...], members: Members
) -> None:
    """Readings the members share as text; a run of differing ones as one ``app``."""
    run: list[tuple[str, ...]] = []

    def flush() -> None:
        if not run:
            return
        texts = {w: "".join(r[w] for r in run) for w in members}
        app = element(parent, "app")
        for text in dict.fromkeys(texts.values()):  # one rdg per distinct reading
            wit = " ".join(f"#{ids[w]}" for w in members if texts[w] == text)
            rdg = element(app, "rdg", wit=wit)
            if text:
                rdg.text = text
        run.clear()

    held: list[tuple[str, ...]] = []  # shared white space after a variant
    for r in readings:
        shared = len({r[w] for w in members}) == 1
        if shared and run and not r[members[0]].strip():
            held.append(r)  # a space between two variants joins them into one app
        elif shared:
            flush()
            for h in [*held, r]:
                append_text(parent, h[members[0]])
            held.clear()
        else:
            run.extend(held)
            held.clear()
            run.append(r)
    flush()
    for h in held:
        append_text(parent, h[members[0]])


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
    <p>The black <app><rdg wit="#A"/><rdg wit="#B">and white </rdg><rdg wit="#C">and shiny </rdg></app>cat</p>
    """
    witnesses = collation.witnesses
    check_xml_chars(witnesses)
    ids = collation_ids(collation)
    root, _ = document(
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
        readings = _collation_readings(collation, columns, members)
        if readings:
            _collation_p(element(text_body, "p"), readings, ids, members)
    return finish(root, text_body)


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

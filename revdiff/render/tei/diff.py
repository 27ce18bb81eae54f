"""A diff as TEI P5: revision markup (``inline``) or a parallel-segmentation apparatus.

``inline`` writes one text whose base layer is the diff's ``a`` and whose
final layer is its ``b``: what ``b`` lacks is a ``del``, what it adds an
``add``, a replacement a ``subst``; every ``del`` and ``add`` points with
``@change`` to the one ``change`` of ``listChange`` that turns ``a`` into
``b``. ``apparatus`` writes the text once where the witnesses agree and an
``app`` with one ``rdg`` per witness (``@wit``) where they differ.

Both read back exactly through :func:`revdiff.tei.layers.read_layer` (``base``
and ``final``; for the apparatus, each witness's readings) as long as the
witnesses' texts are in the reader's normal form: single spaces, no space at
the start or end of a paragraph, paragraphs separated by a blank line. Texts
read from TEI are always in that form; in a plain text, a run of spaces or a
single line end inside a paragraph reads back as one space.

Paragraph breaks cannot be revised in TEI's inline revision markup (``p``
cannot stand in ``add``), and the reader drops paragraphs that are empty in
a layer. So where a break is only in ``a`` or only in ``b``, the text of
the other side around it goes into its own paragraph: deleted in one ``p``,
added in another. Everything is still exact; only the markup is less
minimal there.

Inline markup of the sources that is not a revision (``hi``, names, dates,
``pb``, ``lb``: ``Origin.markup``) is written again where its text is
written in one piece: see :mod:`revdiff.render.tei.markup`.

A passage that moved (the diff's moves, ``--moves N``) is kept as a move.
Inline, it is written once, in ``a``'s place, as a ``seg``, and the text it
moved over as another, and a ``transpose`` (``profileDesc/listTranspose``,
with the change's ``@change``) puts them in ``b``'s order: the final layer
reads them so. (A move across a paragraph break, or whose passage or the
text it moved over does not end in a space, stays a deletion and an
addition.) In the apparatus, the two ``app`` elements of a move are typed
``transposition``, and the ``rdg`` that holds the passage in each points to
the other (``@corresp``).

>>> from revdiff.align import diff
>>> from revdiff.render.tei.frame import body_xml
>>> from revdiff.tokenize import plain_witness
>>> d = diff(plain_witness("a big dog\\n", "a.txt", "a"), plain_witness("a small dog\\n", "b.txt", "b"))
>>> print(body_xml(to_tei(d)))
<p>a <subst><del change="#rev-b">big</del><add change="#rev-b">small</add></subst> dog</p>
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from ..._version import __version__
from ...errors import RevdiffError
from ...model import Diff, Markup, Move, Op, Origin, Segment, Witness
from ...tei.build import Element, element
from ...tei.names import XML_ID, T
from .frame import BREAK, body, check_xml_chars, cut, document, finish, ncname
from .markup import Carried, Marked, Passage, write
from .structure import Structure

__all__ = ["to_tei", "STYLES"]

STYLES = ("inline", "apparatus")


@dataclass(frozen=True, slots=True)
class _Moved:
    """A move kept as a transposition in inline TEI.

    The diff is written as that of ``a`` and ``b`` with the move undone (its
    passage back in ``a``'s place); ``passage`` and ``over`` (the text it
    moved over) are token ranges of that ``b``, side by side; ``b`` itself
    reads ``over`` first when the passage moved on (``forward``).
    """

    number: int
    passage: tuple[int, int]
    over: tuple[int, int]
    forward: bool


def _kept_moves(diff: Diff) -> tuple[Diff, list[_Moved]]:
    """The diff with each move that can be a transposition undone in ``b``, and where
    the passages of those moves are; any other move stays a deletion and an addition."""
    segments = list(diff.segments)
    texts, origins = list(diff.b.texts), list(diff.b.origins)
    kept: list[_Moved] = []
    for number, move in enumerate(diff.moves, 1):
        undone = _undo(diff.a, list(texts), list(origins), segments, move, number, kept)
        if undone is not None:
            segments, texts, origins, moved = undone
            kept.append(moved)
    if not kept:
        return diff, []
    b = diff.b
    witness = Witness(
        b.siglum,
        b.source,
        tuple(texts),
        tuple(t.strip() for t in texts),
        tuple(origins),
        b.layer,
        b.title,
        b.lang,
        b.notices,
    )
    return Diff(diff.a, witness, tuple(segments)), kept


def _undo(
    a: Witness,
    texts: list[str],
    origins: list[Origin | None],
    segments: list[Segment],
    move: Move,
    number: int,
    kept: list[_Moved],
) -> tuple[list[Segment], list[str], list[Origin | None], _Moved] | None:
    """The segments, b's tokens and origins with ``move`` undone, or None where the move
    cannot be a transposition (it crosses a paragraph break, or its passage or the text
    it moves over does not end in a space, or it is not one deletion and one insertion,
    or it overlaps a move kept already: b's tokens move only within a move's stretch)."""
    deleted = inserted = None
    for k, s in enumerate(segments):
        if s.op is Op.DELETE and (s.a_start, s.a_end) == (move.a_start, move.a_end):
            deleted = k
        elif s.op is Op.INSERT and (s.b_start, s.b_end) == (move.b_start, move.b_end):
            inserted = k
    if deleted is None or inserted is None:
        return None
    passage = list(a.texts[move.a_start : move.a_end])
    if passage != texts[move.b_start : move.b_end] or not passage[-1].endswith(" "):
        return None
    forward = deleted < inserted  # the passage moved on, past the text between
    low, high = sorted((deleted, inserted))
    over_a = a.texts[segments[low].a_end : segments[high].a_start]
    over_b = texts[segments[low].b_end : segments[high].b_start]
    if not over_b or not over_b[-1].endswith(" "):
        return None
    if any("\n" in t for t in (*passage, *over_a, *over_b)):
        return None
    first = min(segments[low].b_start, segments[low].b_end)
    last = max(segments[high].b_start, segments[high].b_end)
    for other in kept:
        if min(other.passage[0], other.over[0]) < last and first < max(
            other.passage[1], other.over[1]
        ):
            return None
    length = move.a_end - move.a_start
    shift = length if forward else -length
    moved_texts, moved_origins = (
        texts[move.b_start : move.b_end],
        origins[move.b_start : move.b_end],
    )
    del texts[move.b_start : move.b_end]
    del origins[move.b_start : move.b_end]
    at = segments[deleted].b_start if forward else segments[deleted].b_start - length
    texts[at:at] = moved_texts
    origins[at:at] = moved_origins
    new: list[Segment] = []
    for k, s in enumerate(segments):
        if k == deleted:
            new.append(Segment(Op.EQUAL, s.a_start, s.a_end, at, at + length))
        elif low < k < high:
            new.append(Segment(s.op, s.a_start, s.a_end, s.b_start + shift, s.b_end + shift))
        elif k != inserted:
            new.append(s)
    stretch = (at + length, at + length + len(over_b)) if forward else (at - len(over_b), at)
    return new, texts, origins, _Moved(number, (at, at + length), stretch, forward)


def _pieces(diff: Diff, groups: dict[int, int] | None = None) -> Iterator[Passage]:
    """The diff as readings, each token's trailing white space apart from its word.

    An equal segment can still differ in its surfaces (normalization ignored
    case, or the white space is a paragraph break on one side only); such a
    token is a change, since both texts must come back exactly. ``groups``
    gives the readings of a segment (by its index) a group, or of a token of
    b (by ``-1 - index``): the passages of moves.
    """
    at_a = list(accumulate(map(len, diff.a.texts), initial=0))  # where each token starts
    at_b = list(accumulate(map(len, diff.b.texts), initial=0))
    groups = groups or {}
    for k, s in enumerate(diff.segments):
        if s.op is Op.EQUAL:
            for i, j in zip(range(s.a_start, s.a_end), range(s.b_start, s.b_end), strict=True):
                group = groups.get(k) or groups.get(-1 - j, 0)
                yield from _split(diff.a.texts[i], diff.b.texts[j], at_a[i], at_b[j], group)
        else:
            group = groups.get(k) or groups.get(-1 - s.b_start, 0)
            yield from _split(
                diff.a_text(s), diff.b_text(s), at_a[s.a_start], at_b[s.b_start], group
            )


def _split(a: str, b: str, a_at: int = 0, b_at: int = 0, group: int = 0) -> Iterator[Passage]:
    core_a, space_a = cut(a)
    core_b, space_b = cut(b)
    if core_a or core_b:
        yield Passage(core_a, core_b, core_a != core_b, a_at, b_at, group)
    if space_a or space_b:
        yield Passage(
            space_a, space_b, space_a != space_b, a_at + len(core_a), b_at + len(core_b), group
        )


def _runs(text: str, at: int) -> list[tuple[str, int]]:
    """``BREAK.split(text)``, each run with where it starts (``text`` starting at ``at``)."""
    if "\n" not in text:
        return [(text, at)]
    runs = []
    start = 0
    for match in BREAK.finditer(text):
        runs.append((text[start : match.start()], at + start))
        start = match.end()
    runs.append((text[start:], at + start))
    return runs


def _paragraphs(diff: Diff, groups: dict[int, int] | None = None) -> list[list[Passage]]:
    """Route the readings into output paragraphs.

    Every output paragraph must hold, in each of a and b, one whole paragraph
    or nothing. ``at_a`` and ``at_b`` are the output paragraphs that a's and
    b's current paragraphs go to; a break on both sides brings them together
    again in a new paragraph, a break on one side moves that side on, to the
    paragraph of the other side if that is ahead (it holds nothing of this
    side yet).
    """
    paragraphs: list[list[Passage]] = [[]]
    at_a = at_b = 0

    def put(index: int, reading: Passage) -> None:
        while len(paragraphs) <= index:
            paragraphs.append([])
        paragraph = paragraphs[index]
        # Runs of the same kind join; so do a change in a only and one in b only
        # (each side keeps its order), making one replacement of the two; never
        # across the edge of a moved passage.
        if (
            paragraph
            and paragraph[-1].group == reading.group
            and (
                paragraph[-1].shape == reading.shape
                or (
                    paragraph[-1].changed
                    and reading.changed
                    and not (paragraph[-1].a and reading.a)
                )
                and not (paragraph[-1].b and reading.b)
            )
        ):
            last = paragraph.pop()
            reading = Passage(
                last.a + reading.a,
                last.b + reading.b,
                reading.changed,
                last.a_at if last.a else reading.a_at,
                last.b_at if last.b else reading.b_at,
                reading.group,
            )
        paragraph.append(reading)

    for r in _pieces(diff, groups):
        a_runs = _runs(r.a, r.a_at)
        b_runs = _runs(r.b, r.b_at)
        if not r.changed and len(a_runs) == 1 and at_a == at_b:
            if r.a:  # the common case, kept as it is
                put(at_a, r)
        elif not r.changed:
            shift = r.b_at - r.a_at  # the same text: b's runs start this far from a's
            for k, (run, at) in enumerate(a_runs):
                if k:  # a break in both: together again, in a new paragraph
                    at_a = at_b = max(at_a, at_b) + 1
                if run and at_a == at_b:
                    put(at_a, Passage(run, run, False, at, at + shift, r.group))
                elif run:
                    put(at_a, Passage(run, "", True, at, 0, r.group))
                    put(at_b, Passage("", run, True, 0, at + shift, r.group))
        elif len(a_runs) == 1 and len(b_runs) == 1 and at_a == at_b:
            put(at_a, r)
        else:
            for k, (run, at) in enumerate(a_runs):
                if k:
                    at_a = max(at_a + 1, at_b)
                if run:
                    put(at_a, Passage(run, "", True, at, 0, r.group))
            for k, (run, at) in enumerate(b_runs):
                if k:
                    at_b = max(at_b + 1, at_a)
                if run:
                    put(at_b, Passage("", run, True, 0, at, r.group))
    return [_trim(p) for p in paragraphs]


def _trim(paragraph: list[Passage]) -> list[Passage]:
    """Drop the white space that ends a paragraph: it is layout, for both sides."""
    while paragraph:
        last = paragraph[-1]
        a, b = last.a.rstrip(), last.b.rstrip()
        if a or b:
            paragraph[-1] = Passage(a, b, last.changed, last.a_at, last.b_at, last.group)
            break
        paragraph.pop()
    return paragraph


class _Blocks:
    """The block elements an output paragraph stood in (``Origin.blocks``): b's at its
    first text of b, else a's at its first text of a; none for a plain text."""

    def __init__(self, a: Witness, b: Witness) -> None:
        self.sides = [
            (side, w, list(accumulate(map(len, w.texts), initial=0)) if w.origins else [])
            for side, w in (("b", b), ("a", a))
        ]

    def of(self, paragraph: list[Passage]) -> tuple[tuple[Markup, ...], str]:
        for side, w, starts in self.sides:
            first = next((r for r in paragraph if (r.b if side == "b" else r.a)), None)
            if first is None:
                continue
            origin = (
                w.origin(bisect.bisect_right(starts, first.b_at if side == "b" else first.a_at) - 1)
                if starts
                else None
            )
            return (origin.blocks if origin else ()), side
        return (), "b"


def _witness_ids(a: Witness, b: Witness) -> tuple[str, str]:
    id_a, id_b = ncname(a.siglum, "a"), ncname(b.siglum, "b")
    if id_a == id_b:
        id_a, id_b = f"{id_a}-a", f"{id_b}-b"
    return id_a, id_b


_COMMON = (
    "Written by revdiff {version} from a word-by-word comparison of {a} and {b}; "
    "the witnesses are listed in sourceDesc/listWit.",
    "Paragraphs are the paragraphs of the witnesses. Where a paragraph break is in only "
    "one witness, the text around it stands in separate paragraphs, once for each witness.",
)
_EXPLANATION = {
    "inline": _COMMON
    + (
        "The base layer (no revision applied) is the text of {a} (#{id_a}); the final layer "
        "(every revision applied) is the text of {b} (#{id_b}). Text only in {a} is a del, "
        "text only in {b} an add, a replacement a subst holding both; every del and add "
        "belongs to the one change #rev-{id_b}. White space directly inside subst is "
        "insignificant.",
    ),
    "apparatus": _COMMON
    + (
        "Parallel segmentation: text in which the witnesses agree is given once; where they "
        "differ, an app holds one rdg for each witness, named by @wit (an empty rdg: the "
        "witness has nothing there).",
    ),
}


def _inline(
    p: Element,
    paragraph: list[Passage],
    change: str,
    carried: Carried | None = None,
    segs: dict[int, str] | None = None,
) -> None:
    """Revision markup; the passages of a move (``segs``: group -> xml:id) in a seg each."""
    parent_of: dict[int, Element] = {}
    for r in paragraph:
        into = p
        if r.group and segs and r.group in segs:
            if r.group not in parent_of:
                parent_of[r.group] = element(p, "seg", xml_id=segs[r.group])
            into = parent_of[r.group]
        if not r.changed:
            write(into, r.a, carried.shared(r) if carried else ())
            continue
        parent = element(into, "subst") if r.a and r.b else into
        if r.a:
            write(element(parent, "del", change=change), r.a, carried.a_side(r) if carried else ())
        if r.b:
            write(element(parent, "add", change=change), r.b, carried.b_side(r) if carried else ())


def _apparatus(
    p: Element,
    paragraph: list[Passage],
    ids: tuple[str, str],
    carried: Carried | None = None,
    named: set[int] | None = None,
) -> None:
    """Parallel segmentation; the two apps of a move typed, their readings pointing to
    each other (``named``: the groups whose rdg has its xml:id already)."""
    named = set() if named is None else named
    for r in paragraph:
        if not r.changed:
            write(p, r.a, carried.shared(r) if carried else ())
            continue
        # Readings stay plain text (what apparatus tools compare): markup is
        # carried in the shared text only.
        app = element(p, "app", type="transposition") if r.group else element(p, "app")
        for side, (text, ident) in enumerate(zip((r.a, r.b), ids, strict=True)):
            rdg = element(app, "rdg", wit=f"#{ident}")
            if text:
                rdg.text = text
                move = (r.group + 1) // 2
                if r.group and r.group not in named:
                    named.add(r.group)
                    rdg.set(XML_ID, f"move{move}-{'ab'[side]}")
                    rdg.set("corresp", f"#move{move}-{'ba'[side]}")


def to_tei(
    diff: Diff, style: str = "inline", *, date: str | None = None, version: str = __version__
) -> str:
    """The diff as a TEI P5 document (a string, ending in a newline).

    ``style`` is ``inline`` (revision markup: base layer ``a``, final layer
    ``b``) or ``apparatus`` (parallel segmentation). ``date`` (ISO 8601)
    goes into the header when given, with the ``version`` of revdiff.

    >>> from revdiff.align import diff
    >>> from revdiff.render.tei.frame import body_xml
    >>> from revdiff.tokenize import plain_witness
    >>> d = diff(plain_witness("one two\\n", "a.txt", "a"), plain_witness("one three\\n", "b.txt", "b"))
    >>> print(body_xml(to_tei(d, "apparatus")))
    <p>one <app><rdg wit="#a">two</rdg><rdg wit="#b">three</rdg></app></p>
    """
    if style not in STYLES:
        raise RevdiffError(f"unknown TEI style {style!r}: {' or '.join(STYLES)}")
    a, b = diff.a, diff.b
    check_xml_chars((a, b))
    ids = _witness_ids(a, b)
    names = {"a": a.siglum, "b": b.siglum, "id_a": ids[0], "id_b": ids[1], "version": version}
    root, header = document(
        (a, b),
        ids,
        heading="Comparison of",
        sentences=[sentence.format(**names) for sentence in _EXPLANATION[style]],
        apparatus=style == "apparatus",
        version=version,
        date=date,
    )
    if style == "inline":
        changes = element(element(element(header, "profileDesc"), "creation"), "listChange")
        change = element(
            changes,
            "change",
            f"The revisions that turn {a.siglum} into {b.siglum}.",
            xml_id=f"rev-{ids[1]}",
        )
        if date:
            change.set("when", date)
    text_body = body(root, (b, a))  # in b's language, else a's
    change_ref = f"#rev-{ids[1]}"
    groups: dict[int, int] = {}
    segs: dict[int, str] = {}
    written = diff
    if style == "inline" and diff.moves:
        written, kept = _kept_moves(diff)
        for m in kept:
            for group, (start, stop), name in (
                (2 * m.number - 1, m.passage, f"move{m.number}"),
                (2 * m.number, m.over, f"move{m.number}-over"),
            ):
                groups.update((-1 - j, group) for j in range(start, stop))
                segs[group] = name
        if kept:
            profile = header.find(f"{T}profileDesc")
            listed = element(profile if profile is not None else header, "listTranspose")
            for m in kept:
                order = ("-over", "") if m.forward else ("", "-over")
                transpose = element(listed, "transpose", change=change_ref)
                for suffix in order:
                    element(transpose, "ptr", target=f"#move{m.number}{suffix}")
    elif diff.moves:  # the apparatus: each move's deletion and insertion, by segment
        for number, move in enumerate(diff.moves, 1):
            for k, s in enumerate(diff.segments):
                if s.op is Op.DELETE and (s.a_start, s.a_end) == (move.a_start, move.a_end):
                    groups[k] = 2 * number - 1
                elif s.op is Op.INSERT and (s.b_start, s.b_end) == (move.b_start, move.b_end):
                    groups[k] = 2 * number
    a_marked, b_marked = Marked.of(a), Marked.of(written.b)
    carried = Carried(a_marked, b_marked) if a_marked or b_marked else None
    structure = Structure(text_body)
    blocks = _Blocks(a, written.b)  # the passages' offsets in b are the written b's
    named: set[int] = set()
    for paragraph in _paragraphs(written, groups):
        if not paragraph:
            continue
        p = structure.paragraph(*blocks.of(paragraph))
        if style == "inline":
            _inline(p, paragraph, change_ref, carried, segs)
        else:
            _apparatus(p, paragraph, ids, carried, named)
    return finish(root, text_body)

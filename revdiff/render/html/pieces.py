"""A diff of two witnesses as streams of pieces: what the pair view lays out.

:func:`streams` walks the segments of a diff once and gives three streams of
:class:`Piece`: the inline view (B with A's deletions in place) and the two
sides of the side-by-side view. Besides text, deletions, insertions and the
spellings a normalization made equal, the streams hold markers: where a
paragraph ends (on one side, or on both: a row), where a verse line begins,
and, with a context (``-C N``), where unchanged text folds. A paragraph break
added or removed between shared words is a change of its own, a pilcrow. In a
word changed by a letter or two the letters that differ are marked
(:func:`refine_marks`); the two ends of a move are linked.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from enum import StrEnum

from ...model import Diff, Op, Segment, Witness
from ...refine import refine_replacement
from .fold import fold_span
from .page import BREAK

__all__ = ["PieceKind", "Piece", "refine_marks", "streams"]


class PieceKind(StrEnum):
    """What a piece of a two-witness view is."""

    TEXT = "text"  # the same on both sides
    QUIET = "quiet"  # equal on its key, different on its surface
    DEL = "del"
    INS = "ins"
    GAP = "gap"  # the other side has a change here, this one nothing
    BREAK = "break"  # a paragraph ends here
    ROW = "row"  # a paragraph ends here on both sides
    FOLD = "fold"  # unchanged text folded away begins here (on every side)
    UNFOLD = "unfold"  # and ends here
    CUT = "cut"  # at a paragraph's end or start: it runs on across a fold's edge
    VERSE = "verse"  # a verse line begins here; its text is the line's number (l/@n)


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of one side of a view.

    ``kind`` is ``text`` (the same on both sides), ``quiet`` (equal on its
    key, different on its surface: a difference normalization hides), ``del``,
    ``ins``, or ``gap`` (where the other side has a change and this one has
    nothing). ``change`` numbers the change from 1 (0: none); ``marks`` is the
    text in runs, True where a character-level refinement found the letters
    that differ; ``other`` is the other side's surface of a quiet piece.
    A del or ins that is one end of a transposition (``--moves``) has
    ``move``, the move's number from 1, and ``partner``, the change number
    of its other end.
    """

    kind: PieceKind
    text: str = ""
    change: int = 0
    marks: tuple[tuple[bool, str], ...] = ()
    other: str = ""
    op: str = ""  # of a change: delete, insert or replace
    move: int = 0
    partner: int = 0
    folded: int = 0  # of a fold: how many words it holds


PILCROW = "¶"  # a paragraph break added or removed between shared words
PARA = Piece(PieceKind.BREAK)  # a paragraph ends here
ROW = Piece(PieceKind.ROW)  # a paragraph ends here on both sides
UNFOLD = Piece(PieceKind.UNFOLD)
CUT = Piece(PieceKind.CUT)


def refine_marks(
    a: str, b: str
) -> tuple[tuple[tuple[bool, str], ...], tuple[tuple[bool, str], ...]] | None:
    """The letters that differ between the words of a replacement, or None when they are not close.

    Each pair of close words (sharing at least half the letters of the
    longer, so that ``финансовых``/``финансов`` is refined and ``года``/``г``
    is not) is refined: see :func:`revdiff.refine.refine_replacement`.

    >>> refine_marks("Объясняем", "Об'ясняем")
    (((False, 'Об'), (True, 'ъ'), (False, 'ясняем')), ((False, 'Об'), (True, "'"), (False, 'ясняем')))
    >>> refine_marks("года", "г") is None
    True
    """
    parts = refine_replacement(a, b)
    if parts is None:
        return None
    a_marks = tuple((op is not Op.EQUAL, x) for op, x, _ in parts if x)
    b_marks = tuple((op is not Op.EQUAL, y) for op, _, y in parts if y)
    return a_marks, b_marks


def _plain(text: str) -> tuple[tuple[bool, str], ...]:
    # A paragraph break inside a change is shown, not lost: a pilcrow.
    return ((False, text.replace(BREAK, " ¶ ")),)


def _text_pieces(text: str) -> list[Piece]:
    """Equal text as pieces: paragraph breaks become breaks, the layout goes."""
    out: list[Piece] = []
    parts = text.split(BREAK)
    for i, part in enumerate(parts):
        if i:
            if out and out[-1].kind is PieceKind.TEXT:
                out[-1] = Piece(PieceKind.TEXT, out[-1].text.rstrip())
            out.append(PARA)
            part = part.lstrip()
        part = part.replace("\n", " ")
        if part:
            out.append(Piece(PieceKind.TEXT, part))
    return out


def _change_pieces(
    kind: PieceKind,
    text: str,
    s: Segment,
    change: int,
    marks: tuple[tuple[bool, str], ...] | None,
    keep_break: bool,
    move: tuple[int, int] = (0, 0),
) -> list[Piece]:
    """A del or ins piece, its trailing space outside it, and its paragraph break after it."""
    body = text.rstrip()
    space = text[len(body) :]
    out = [
        Piece(
            kind, body, change, marks or _plain(body), op=s.op.value, move=move[0], partner=move[1]
        )
    ]
    if BREAK in space:
        out.append(PARA if keep_break else Piece(PieceKind.TEXT, " "))
    elif space:
        out.append(Piece(PieceKind.TEXT, " "))
    return out


def _quiet_marks(
    a: str, b: str
) -> tuple[tuple[tuple[bool, str], ...], tuple[tuple[bool, str], ...]]:
    refined = refine_marks(a, b)
    return refined if refined else (((True, a),), ((True, b),))


def _move_ends(diff: Diff) -> dict[int, tuple[int, int]]:
    """Each change (numbered from 1) that is one end of a move: (move number, the other end's change).

    :func:`revdiff.moves.find_moves` cuts the segments so that each end of a
    move is a whole deletion or a whole insertion.

    >>> from revdiff.align import diff
    >>> from revdiff.moves import find_moves
    >>> from revdiff.tokenize import plain_witness
    >>> a = plain_witness("ушли мы очень рады", "a", "A")
    >>> b = plain_witness("мы очень рады ушли", "b", "B")
    >>> _move_ends(find_moves(diff(a, b), 1))
    {1: (1, 2), 2: (1, 1)}
    """
    numbers: dict[tuple[Op, int, int], int] = {}
    change = 0
    for s in diff.segments:
        if s.op is not Op.EQUAL:
            change += 1
            numbers[(Op.DELETE, s.a_start, s.a_end)] = change
            numbers[(Op.INSERT, s.b_start, s.b_end)] = change
    ends: dict[int, tuple[int, int]] = {}
    for n, m in enumerate(diff.moves, 1):
        left = numbers.get((Op.DELETE, m.a_start, m.a_end), 0)
        went = numbers.get((Op.INSERT, m.b_start, m.b_end), 0)
        if left and went:
            ends[left] = (n, went)
            ends[went] = (n, left)
    return ends


def streams(
    diff: Diff, context: int | None = None, refine: bool = True
) -> tuple[list[Piece], list[Piece], list[Piece]]:
    """The inline stream and the two side-by-side streams of a diff, in one pass;
    with ``refine``, the letters that differ inside replaced words are marked.

    With a ``context``, the unchanged words farther than that from every change
    stand between a fold and an unfold marker, in all three streams alike.
    """
    inline: list[Piece] = []
    side_a: list[Piece] = []
    side_b: list[Piece] = []
    at, bt = diff.a.texts, diff.b.texts
    moved = _move_ends(diff) if diff.moves else {}
    lines = _line_starts(diff.a), _line_starts(diff.b)
    b_lines = sorted(lines[1])
    changed = [i for i, s in enumerate(diff.segments) if s.op is not Op.EQUAL]
    first_change, last_change = (changed[0], changed[-1]) if changed else (0, -1)
    change = 0
    for i, s in enumerate(diff.segments):
        if s.op is Op.EQUAL:
            span = None
            if context is not None:
                first, last = i < first_change or not changed, i > last_change
                span = fold_span(s.a_end - s.a_start, first, last, context)
                if span is not None and b_lines:
                    span = _whole_lines(span, s.b_start, b_lines, diff.b)
            if span is None:
                _equal(diff, s, inline, side_a, side_b, lines)
                continue
            start, end = span
            fold = Piece(PieceKind.FOLD, folded=end - start)
            for a0, a1, marker in (
                (s.a_start, s.a_start + start, fold),
                (s.a_start + start, s.a_start + end, UNFOLD),
                (s.a_start + end, s.a_end, None),
            ):
                if a1 > a0:  # an equal segment is as long on both sides
                    b0 = s.b_start + a0 - s.a_start
                    part = Segment(Op.EQUAL, a0, a1, b0, b0 + a1 - a0)
                    _equal(diff, part, inline, side_a, side_b, lines)
                if marker is not None:
                    for stream in (inline, side_a, side_b):
                        stream.append(marker)
            continue
        change += 1
        if s.is_break:
            _break(s, change, inline, side_a, side_b)
            continue
        move = moved.get(change, (0, 0))
        a_text, b_text = diff.a_text(s), diff.b_text(s)
        replaced = refine and s.op is Op.REPLACE
        refined = refine_marks(a_text.strip(), b_text.strip()) if replaced else None
        a_marks, b_marks = refined if refined else (None, None)
        if s.a_end > s.a_start and s.a_start in lines[0]:
            side_a.append(Piece(PieceKind.VERSE, lines[0][s.a_start]))
        if s.b_end > s.b_start and s.b_start in lines[1]:
            verse = Piece(PieceKind.VERSE, lines[1][s.b_start])
            side_b.append(verse)
            inline.append(verse)
        both_break = (
            s.a_end > s.a_start
            and s.b_end > s.b_start
            and at[s.a_end - 1].endswith(BREAK)
            and bt[s.b_end - 1].endswith(BREAK)
        )
        if a_text:
            # Inline follows B's paragraphs: a deleted paragraph end is a space.
            inline += _change_pieces(PieceKind.DEL, a_text, s, change, a_marks, False, move)
            if b_text and inline[-1].kind is PieceKind.TEXT:
                inline.pop()  # del and ins of one replacement stand together
            side_a += _change_pieces(
                PieceKind.DEL, a_text, s, change, a_marks, not both_break, move
            )
        else:
            side_a.append(Piece(PieceKind.GAP, "", change, op=s.op.value, move=move[0]))
        if b_text:
            inline += _change_pieces(PieceKind.INS, b_text, s, change, b_marks, True, move)
            side_b += _change_pieces(
                PieceKind.INS, b_text, s, change, b_marks, not both_break, move
            )
        else:
            side_b.append(Piece(PieceKind.GAP, "", change, op=s.op.value, move=move[0]))
        if both_break:
            for stream in (side_a, side_b):
                if stream[-1] is PARA:
                    stream.pop()
                stream.append(ROW)
    return inline, side_a, side_b


def _break(
    s: Segment, change: int, inline: list[Piece], side_a: list[Piece], side_b: list[Piece]
) -> None:
    """A paragraph break added or removed: a pilcrow on the side that has it, and
    inline, before the break that follows the word before it."""
    kind = PieceKind.INS if s.op is Op.INSERT else PieceKind.DEL
    mark = Piece(kind, PILCROW, change, _plain(PILCROW), op=s.op.value)
    gap = Piece(PieceKind.GAP, "", change, op=s.op.value)
    has, lacks = (side_b, side_a) if kind is PieceKind.INS else (side_a, side_b)
    for stream, piece in ((inline, mark), (has, mark), (lacks, gap)):
        at = len(stream)
        while at and stream[at - 1] in (PARA, ROW):
            at -= 1
        stream.insert(at, piece)


def _line_starts(w: Witness) -> dict[int, str]:
    """The tokens of a witness that begin a verse line, with the line's number (``l/@n``)."""
    starts: dict[int, str] = {}
    previous: str | None = None
    after_break = True
    for i, origin in enumerate(w.origins):
        verse = origin.verse if origin is not None else None
        if verse is not None and (after_break or verse != previous):
            starts[i] = verse
        previous = verse
        after_break = w.texts[i].endswith(BREAK)
    return starts


def _whole_lines(
    span: tuple[int, int], offset: int, lines: list[int], w: Witness
) -> tuple[int, int] | None:
    """A fold (``span``, counted from token ``offset``) narrowed so as to cut no verse line:
    it begins at the next line's start and ends at the start of the line it would cut.
    ``lines`` are the tokens that begin a line, in order."""
    start, end = offset + span[0], offset + span[1]

    def inside_a_line(i: int) -> bool:
        origin = w.origin(i) if i < len(w) else None
        at = bisect.bisect_left(lines, i)
        begins = at < len(lines) and lines[at] == i
        return origin is not None and origin.verse is not None and not begins

    if inside_a_line(start):
        after = bisect.bisect_left(lines, start)
        start = lines[after] if after < len(lines) else end
    if inside_a_line(end):
        before = bisect.bisect_right(lines, end) - 1
        end = lines[before] if before >= 0 else start
    return (start - offset, end - offset) if end > start else None


def _equal(
    diff: Diff,
    s: Segment,
    inline: list[Piece],
    side_a: list[Piece],
    side_b: list[Piece],
    lines: tuple[dict[int, str], dict[int, str]] = ({}, {}),
) -> None:
    """Equal tokens: runs of text, quiet pieces where surfaces differ, rows where both sides
    break, and where ``lines`` say a verse line begins, its number."""
    at, bt = diff.a.texts, diff.b.texts
    a_run: list[str] = []
    b_run: list[str] = []

    def flush() -> None:
        a_text, b_text = "".join(a_run), "".join(b_run)
        side_a.extend(_text_pieces(a_text))
        side_b.extend(_text_pieces(b_text))
        inline.extend(_text_pieces(b_text))
        a_run.clear()
        b_run.clear()

    a_lines, b_lines = lines
    verse = bool(a_lines or b_lines)
    # Slices, not one lookup per token: a plain text's tokens are held by line.
    pairs = zip(at[s.a_start : s.a_end], bt[s.b_start : s.b_end], strict=True)
    for k, (a_token, b_token) in enumerate(pairs):
        if verse and (s.a_start + k in a_lines or s.b_start + k in b_lines):
            flush()
            if s.a_start + k in a_lines:
                side_a.append(Piece(PieceKind.VERSE, a_lines[s.a_start + k]))
            if s.b_start + k in b_lines:
                line = Piece(PieceKind.VERSE, b_lines[s.b_start + k])
                side_b.append(line)
                inline.append(line)
        a_word, b_word = a_token.rstrip(), b_token.rstrip()
        if a_word != b_word:
            flush()
            a_marks, b_marks = _quiet_marks(a_word, b_word)
            side_a.append(Piece(PieceKind.QUIET, a_word, 0, a_marks, b_word))
            side_b.append(Piece(PieceKind.QUIET, b_word, 0, b_marks, a_word))
            inline.append(Piece(PieceKind.QUIET, b_word, 0, b_marks, a_word))
            a_run.append(a_token[len(a_word) :])
            b_run.append(b_token[len(b_word) :])
        else:
            a_run.append(a_token)
            b_run.append(b_token)
        if a_token.endswith(BREAK) and b_token.endswith(BREAK):
            flush()
            for stream in (side_a, side_b):
                while stream and stream[-1] is PARA:
                    stream.pop()
                stream.append(ROW)
    flush()

"""The view of two witnesses: a summary, B with A's changes inline, and A beside B.

:func:`render` is the ``html`` format of a diff. The side-by-side view is
aligned paragraph by paragraph (:func:`pair_rows`): a row wherever both
witnesses end a paragraph at the same place. In a word changed by a letter or
two the letters that differ are marked (:func:`refine_marks`); a spelling
that a normalization made equal is a quiet piece; the two ends of a move are
linked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ...model import Diff, Op, Segment
from ..options import RenderOptions
from .page import BREAK, SourceInfo, page

__all__ = ["PieceKind", "Piece", "Row", "refine_marks", "inline_paragraphs", "pair_rows", "render"]


class PieceKind(StrEnum):
    """What a piece of a two-witness view is."""

    TEXT = "text"  # the same on both sides
    QUIET = "quiet"  # equal on its key, different on its surface
    DEL = "del"
    INS = "ins"
    GAP = "gap"  # the other side has a change here, this one nothing
    BREAK = "break"  # a paragraph ends here
    ROW = "row"  # a paragraph ends here on both sides


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


Paragraph = tuple[Piece, ...]
Cell = tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the side-by-side view: paragraphs of A beside the paragraphs of B."""

    a: Cell
    b: Cell


_PARA = Piece(PieceKind.BREAK)  # a paragraph ends here
_ROW = Piece(PieceKind.ROW)  # a paragraph ends here on both sides


def refine_marks(
    a: str, b: str
) -> tuple[tuple[tuple[bool, str], ...], tuple[tuple[bool, str], ...]] | None:
    """The letters that differ between two spellings of a word, or None when they are not close.

    Close means one word each (no white space) sharing at least half the
    letters of the longer, so that ``финансовых``/``финансов`` is refined and
    ``года``/``г`` is not.

    >>> refine_marks("Объясняем", "Об'ясняем")
    (((False, 'Об'), (True, 'ъ'), (False, 'ясняем')), ((False, 'Об'), (True, "'"), (False, 'ясняем')))
    >>> refine_marks("года", "г") is None
    True
    """
    if not a or not b or any(c.isspace() for c in a + b):
        return None
    from ...align import refine

    parts = refine(a, b)
    same = sum(len(x) for op, x, _ in parts if op is Op.EQUAL)
    if same * 2 < max(len(a), len(b)) or same == len(a) == len(b):
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
            out.append(_PARA)
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
        out.append(_PARA if keep_break else Piece(PieceKind.TEXT, " "))
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


def _streams(diff: Diff) -> tuple[list[Piece], list[Piece], list[Piece]]:
    """The inline stream and the two side-by-side streams of a diff, in one pass."""
    inline: list[Piece] = []
    side_a: list[Piece] = []
    side_b: list[Piece] = []
    at, bt = diff.a.texts, diff.b.texts
    moved = _move_ends(diff) if diff.moves else {}
    change = 0
    for s in diff.segments:
        if s.op is Op.EQUAL:
            _equal(diff, s, inline, side_a, side_b)
            continue
        change += 1
        move = moved.get(change, (0, 0))
        a_text, b_text = diff.a_text(s), diff.b_text(s)
        refined = refine_marks(a_text.strip(), b_text.strip()) if s.op is Op.REPLACE else None
        a_marks, b_marks = refined if refined else (None, None)
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
                if stream[-1] is _PARA:
                    stream.pop()
                stream.append(_ROW)
    return inline, side_a, side_b


def _equal(
    diff: Diff, s: Segment, inline: list[Piece], side_a: list[Piece], side_b: list[Piece]
) -> None:
    """Equal tokens: runs of text, quiet pieces where surfaces differ, rows where both sides break."""
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

    # Slices, not one lookup per token: a plain text's tokens are held by line.
    for a_token, b_token in zip(at[s.a_start : s.a_end], bt[s.b_start : s.b_end], strict=True):
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
                while stream and stream[-1] is _PARA:
                    stream.pop()
                stream.append(_ROW)
    flush()


def _paragraphs(stream: Sequence[Piece]) -> tuple[Paragraph, ...]:
    out: list[Paragraph] = []
    current: list[Piece] = []
    for piece in stream:
        if piece is _PARA or piece is _ROW:
            if current:
                out.append(_trim(current))
            current = []
        else:
            current.append(piece)
    if current:
        out.append(_trim(current))
    return tuple(p for p in out if p)


def _trim(paragraph: list[Piece]) -> Paragraph:
    """Join neighbouring text; drop the layout at the ends of a paragraph."""
    pieces: list[Piece] = []
    for piece in paragraph:
        if piece.kind is PieceKind.TEXT and pieces and pieces[-1].kind is PieceKind.TEXT:
            pieces[-1] = Piece(PieceKind.TEXT, pieces[-1].text + piece.text)
        else:
            pieces.append(piece)
    while pieces and pieces[-1].kind is PieceKind.TEXT and not pieces[-1].text.strip():
        pieces.pop()
    if pieces and pieces[-1].kind is PieceKind.TEXT:
        pieces[-1] = Piece(PieceKind.TEXT, pieces[-1].text.rstrip())
    while pieces and pieces[0].kind is PieceKind.TEXT and not pieces[0].text.strip():
        pieces.pop(0)
    if pieces and pieces[0].kind is PieceKind.TEXT:
        pieces[0] = Piece(PieceKind.TEXT, pieces[0].text.lstrip())
    return tuple(pieces)


def inline_paragraphs(diff: Diff) -> tuple[Paragraph, ...]:
    """B's paragraphs with A's deletions in place: the inline view.

    >>> from revdiff.tokenize import plain_witness
    >>> from revdiff.align import diff
    >>> a = plain_witness("Мы очень рады.", "a", "A")
    >>> b = plain_witness("Мы рады.", "b", "B")
    >>> [(p.kind.value, p.text) for p in inline_paragraphs(diff(a, b))[0]]
    [('text', 'Мы '), ('del', 'очень'), ('text', ' рады.')]
    """
    return _paragraphs(_streams(diff)[0])


def pair_rows(diff: Diff) -> tuple[Row, ...]:
    """The side-by-side view: a row wherever both witnesses end a paragraph at the same place.

    >>> from revdiff.tokenize import plain_witness
    >>> from revdiff.align import diff
    >>> a = plain_witness("Один.\\n\\nДва.", "a", "A")
    >>> b = plain_witness("Один.\\n\\nДва и три.", "b", "B")
    >>> len(pair_rows(diff(a, b)))
    2
    """
    _, side_a, side_b = _streams(diff)
    rows: list[Row] = []

    def split(stream: list[Piece]) -> list[list[Piece]]:
        out: list[list[Piece]] = [[]]
        for piece in stream:
            if piece is _ROW:
                out.append([])
            else:
                out[-1].append(piece)
        return out

    for a, b in zip(split(side_a), split(side_b), strict=True):
        cell_a, cell_b = _paragraphs(a), _paragraphs(b)
        if cell_a or cell_b:
            rows.append(Row(cell_a, cell_b))
    return tuple(rows)


def _summary(diff: Diff) -> dict[str, int]:
    stats = diff.stats()
    words = {
        "changes": stats.changes,
        "insertions": stats.insertions,
        "deletions": stats.deletions,
        "replacements": stats.replacements,
        "words_a": stats.tokens_a,
        "words_b": stats.tokens_b,
        "words_deleted": stats.tokens_deleted,
        "words_inserted": stats.tokens_inserted,
        "normalized": stats.normalized,
        "moves": len(diff.moves),
    }
    return words


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "0.0"


def render(diff: Diff, options: RenderOptions) -> str:
    """A diff of two witnesses as one HTML page: inline and side by side."""
    summary = _summary(diff)
    context = {
        "view": "pair",
        "title": f"{diff.a.siglum} → {diff.b.siglum}",
        "lang": diff.b.lang or diff.a.lang,
        "sources": [("A", SourceInfo.of(diff.a)), ("B", SourceInfo.of(diff.b))],
        "a_lang": diff.a.lang,
        "b_lang": diff.b.lang,
        "summary": summary,
        "percent_a": _percent(summary["words_deleted"], summary["words_a"]),
        "percent_b": _percent(summary["words_inserted"], summary["words_b"]),
        "inline": inline_paragraphs(diff),
        "rows": pair_rows(diff),
    }
    return page("pair.html.j2", context, options)

"""The view of two witnesses: a summary, B with A's changes inline, and A beside B.

:func:`render` is the ``html`` format of a diff. The side-by-side view is
aligned paragraph by paragraph (:func:`pair_rows`): a row wherever both
witnesses end a paragraph at the same place. In a word changed by a letter or
two the letters that differ are marked (:func:`refine_marks`); a spelling
that a normalization made equal is a quiet piece; the two ends of a move are
linked; verse lines show their number every fifth line. With a context of N
words (``-C N``), unchanged text more than N words from a change folds into
an element that opens (:mod:`.fold`). The pieces come from :mod:`.pieces`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Diff
from ..options import RenderOptions
from .fold import Folded
from .page import HeatCell, SourceInfo, heat_levels, numbered, page
from .pieces import CUT, PARA, ROW, Piece, PieceKind, refine_marks, streams

__all__ = [
    "PieceKind",
    "Piece",
    "Row",
    "Fold",
    "refine_marks",
    "inline_paragraphs",
    "pair_rows",
    "render",
]


Paragraph = tuple[Piece, ...]
Cell = tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the side-by-side view: paragraphs of A beside the paragraphs of B.

    ``number`` counts the rows from 1 (``id="row-N"``), ``changed`` is the
    share of the row's words that a change touches (for the heat strip).
    """

    a: Cell
    b: Cell
    number: int = 0
    changed: float = 0.0


@dataclass(frozen=True, slots=True)
class Fold:
    """Unchanged text folded away: the paragraphs (inline) or rows (side by side) it holds."""

    folded: Folded
    blocks: tuple[Paragraph, ...] | tuple[Row, ...]


def _paragraphs(stream: Sequence[Piece]) -> tuple[Paragraph, ...]:
    out: list[Paragraph] = []
    current: list[Piece] = []
    for piece in stream:
        if piece is PARA or piece is ROW:
            if current:
                out.append(_trim(current))
            current = []
        else:
            current.append(piece)
    if current:
        out.append(_trim(current))
    # A verse line's number alone (its words fold) is no paragraph.
    return tuple(p for p in out if any(x.kind is not PieceKind.VERSE for x in p))


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


def _units(
    stream: Sequence[Piece], ends: frozenset[PieceKind]
) -> list[tuple[list[Piece], Piece | None]]:
    """The stream cut at the markers of ``ends``: each stretch with the marker that ends it."""
    out: list[tuple[list[Piece], Piece | None]] = []
    current: list[Piece] = []
    for piece in stream:
        if piece.kind in ends:
            out.append((current, piece))
            current = []
        else:
            current.append(piece)
    out.append((current, None))
    return out


def _runs_on(pieces: Sequence[Piece]) -> bool:
    """Whether a stretch ends inside a paragraph (not after a paragraph break)."""
    for piece in reversed(pieces):
        if piece.kind is PieceKind.TEXT and not piece.text.strip():
            continue
        return piece is not PARA
    return False


def _cut(paragraphs: tuple[Paragraph, ...], before: bool, after: bool) -> tuple[Paragraph, ...]:
    """Mark the first paragraph as running on from before a fold's edge, the last as running on after."""
    if not paragraphs:
        return paragraphs
    out = list(paragraphs)
    if before:
        out[0] = (CUT,) + out[0]
    if after:
        out[-1] = out[-1] + (CUT,)
    return tuple(out)


_FOLDS = frozenset([PieceKind.FOLD, PieceKind.UNFOLD])
ROWS = frozenset([PieceKind.ROW, PieceKind.FOLD, PieceKind.UNFOLD])


def inline_paragraphs(
    diff: Diff, context: int | None = None, refine: bool = True
) -> tuple[Paragraph | Fold, ...]:
    """B's paragraphs with A's deletions in place: the inline view.

    With a ``context`` of N words, the unchanged words farther than N from
    every change are folded (:class:`Fold`); a paragraph cut by a fold's edge
    has a ``cut`` piece at that end.

    >>> from revdiff.tokenize import plain_witness
    >>> from revdiff.align import diff
    >>> a = plain_witness("Мы очень рады.", "a", "A")
    >>> b = plain_witness("Мы рады.", "b", "B")
    >>> [(p.kind.value, p.text) for p in inline_paragraphs(diff(a, b))[0]]
    [('text', 'Мы '), ('del', 'очень'), ('text', ' рады.')]
    >>> folded = inline_paragraphs(diff(a, b), context=0)
    >>> [type(x).__name__ for x in folded], folded[0].folded.summary
    (['Fold', 'tuple', 'Fold'], '1 unchanged word')
    """
    blocks: list[Paragraph | Fold] = []
    inside: list[Paragraph] | None = None  # the paragraphs of the fold open here
    words = 0
    cut = False
    for pieces, end in _units(streams(diff, context, refine)[0], _FOLDS):
        runs_on = end is not None and _runs_on(pieces)
        paragraphs = _cut(_paragraphs(pieces), cut, runs_on)
        (blocks if inside is None else inside).extend(paragraphs)
        cut = runs_on
        if end is not None and end.kind is PieceKind.FOLD:
            inside, words = [], end.folded
        elif end is not None and inside is not None:
            blocks.append(Fold(Folded(words, len(inside)), tuple(inside)))
            inside = None
    return tuple(blocks)


def _words(cell: Cell) -> tuple[int, int]:
    """Words in a cell, and how many of them a change touches."""
    total = changed = 0
    for paragraph in cell:
        for piece in paragraph:
            n = len(piece.text.split())
            total += n
            if piece.kind is PieceKind.DEL or piece.kind is PieceKind.INS:
                changed += n
    return total, changed


def pair_rows(
    diff: Diff, context: int | None = None, refine: bool = True
) -> tuple[Row | Fold, ...]:
    """The side-by-side view: a row wherever both witnesses end a paragraph at the same place.

    With a ``context``, rows of unchanged text are folded as in :func:`inline_paragraphs`.

    >>> from revdiff.tokenize import plain_witness
    >>> from revdiff.align import diff
    >>> a = plain_witness("Один.\\n\\nДва.", "a", "A")
    >>> b = plain_witness("Один.\\n\\nДва и три.", "b", "B")
    >>> rows = pair_rows(diff(a, b))
    >>> len(rows), [r.number for r in rows], [f"{r.changed:.2f}" for r in rows]
    (2, [1, 2], ['0.00', '0.33'])
    """
    _, side_a, side_b = streams(diff, context, refine)
    blocks: list[Row | Fold] = []
    inside: list[Row] | None = None
    words = number = 0
    cut_a = cut_b = False
    for (a, end), (b, _) in zip(_units(side_a, ROWS), _units(side_b, ROWS), strict=True):
        at_fold = end is not None and end.kind in _FOLDS
        on_a, on_b = at_fold and _runs_on(a), at_fold and _runs_on(b)
        cell_a, cell_b = _cut(_paragraphs(a), cut_a, on_a), _cut(_paragraphs(b), cut_b, on_b)
        cut_a, cut_b = on_a, on_b
        if cell_a or cell_b:
            number += 1
            (total_a, changed_a), (total_b, changed_b) = _words(cell_a), _words(cell_b)
            total = total_a + total_b
            share = (changed_a + changed_b) / total if total else 0.0
            (blocks if inside is None else inside).append(Row(cell_a, cell_b, number, share))
        if end is not None and end.kind is PieceKind.FOLD:
            inside, words = [], end.folded
        elif end is not None and end.kind is PieceKind.UNFOLD and inside is not None:
            paragraphs = sum(max(len(r.a), len(r.b)) for r in inside)
            blocks.append(Fold(Folded(words, paragraphs), tuple(inside)))
            inside = None
    return tuple(blocks)


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


def _flat(blocks: Sequence[Row | Fold]) -> list[Row]:
    """The rows of the side-by-side view, folded or not, in order."""
    rows: list[Row] = []
    for block in blocks:
        if isinstance(block, Fold):
            rows.extend(r for r in block.blocks if isinstance(r, Row))
        else:
            rows.append(block)
    return rows


def _row_label(row: Row) -> str:
    """A row's label on the heat strip: its first verse line, or its number."""
    for cell in (row.b, row.a):
        for piece in cell[0] if cell else ():
            if piece.kind is PieceKind.VERSE:
                return f"v. {piece.text}"
            if piece.kind is not PieceKind.CUT:
                break
    return f"¶ {row.number}"


def _classes(paragraph: Paragraph) -> str:
    """A paragraph's classes: a verse line (``l``), cut by a fold's edge (``run-on``, ``runs-on``)."""
    kinds = [p.kind for p in paragraph]
    names = ["l"] if PieceKind.VERSE in kinds[:2] else []
    if kinds and kinds[0] is PieceKind.CUT:
        names.append("run-on")
    if kinds and kinds[-1] is PieceKind.CUT:
        names.append("runs-on")
    return " ".join(names)


def render(diff: Diff, options: RenderOptions) -> str:
    """A diff of two witnesses as one HTML page: inline and side by side.

    With ``options.context`` (``-C N``), unchanged text more than N words
    from a change is folded.
    """
    summary = _summary(diff)
    refine = options.refine is not False  # on unless --no-refine
    rows = pair_rows(diff, options.context, refine)
    flat = _flat(rows)
    levels = heat_levels([r.changed for r in flat])
    heat = [
        HeatCell(f"row-{r.number}", _row_label(r), level, f"{100 * r.changed:.0f}")
        for r, level in zip(flat, levels, strict=True)
    ]
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
        "inline": inline_paragraphs(diff, options.context, refine),
        "rows": rows,
        "heat": heat,
        "numbered": numbered,
        "classes": _classes,
        "context": options.context,
    }
    return page("pair.html.j2", context, options)

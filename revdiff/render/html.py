"""HTML views: one self-contained HTML5 file for a diff, a TEI document, or a synopsis.

- :func:`render` -- two witnesses (the ``html`` entry of ``FORMATTERS``): an
  inline view and a side-by-side view aligned paragraph by paragraph;
- :func:`render_document` -- one TEI document with every revision in place
  and a switch between the diplomatic text and its layers;
- :func:`render_synopsis` -- three or more witnesses in columns, aligned by
  section, with a heat strip of where they differ most.

The views are pure functions of their inputs: the data is shaped here into
small frozen records and written out by Jinja2 templates from
``revdiff/data`` with autoescaping on, so no text from a source can become
markup. The CSS and script are revdiff's own and go inline; the
Content-Security-Policy allows exactly them (by hash) and nothing else, so
the file fetches nothing, and reads the same with scripts off.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from ..model import Diff, Op, Revision, Segment, Witness
from .options import RenderOptions, build_date

__all__ = [
    "Piece",
    "Row",
    "build_date",  # kept here for callers of revdiff.render.html.build_date
    "pair_rows",
    "inline_paragraphs",
    "refine_marks",
    "render",
    "render_document",
    "render_synopsis",
    "synopsis_rows",
    "variant_links",
]

_BREAK = "\n\n"  # how a token ends its paragraph


# ---------------------------------------------------------------------------
# The environment: templates, CSS and script from revdiff/data


def _data(name: str) -> str:
    return (resources.files("revdiff") / "data" / name).read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: _data(name)),
        autoescape=True,  # every {{ }} is escaped, whatever the template
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _page(template: str, context: Mapping[str, object], extra_css: str = "") -> str:
    """Render a view with its CSS and script inline, allowed by hash and nothing else."""
    css = _data("revdiff.css") + extra_css
    js = _data("revdiff.js")
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(css)}; "
        f"script-src {_csp_hash(js)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    # Trusted: these are revdiff's own files, not source text.
    return (
        _environment()
        .get_template(template)
        .render(css=Markup(css), js=Markup(js), csp=Markup(csp), **context)
    )


def _stamp(options: RenderOptions) -> dict[str, str]:
    return {"version": options.version, "date": options.date}


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """How the header names a witness."""

    siglum: str
    title: str | None
    layer: str | None
    source: str
    lang: str | None
    tokens: int

    @classmethod
    def of(cls, w: Witness) -> SourceInfo:
        return cls(w.siglum, w.title, w.layer, w.source, w.lang, len(w))


# ---------------------------------------------------------------------------
# Two witnesses


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

    kind: str
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


_PARA = Piece("break")  # a paragraph ends here
_ROW = Piece("row")  # a paragraph ends here on both sides


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
    from ..align import refine

    parts = refine(a, b)
    same = sum(len(x) for op, x, _ in parts if op is Op.EQUAL)
    if same * 2 < max(len(a), len(b)) or same == len(a) == len(b):
        return None
    a_marks = tuple((op is not Op.EQUAL, x) for op, x, _ in parts if x)
    b_marks = tuple((op is not Op.EQUAL, y) for op, _, y in parts if y)
    return a_marks, b_marks


def _plain(text: str) -> tuple[tuple[bool, str], ...]:
    # A paragraph break inside a change is shown, not lost: a pilcrow.
    return ((False, text.replace(_BREAK, " ¶ ")),)


def _text_pieces(text: str) -> list[Piece]:
    """Equal text as pieces: paragraph breaks become breaks, the layout goes."""
    out: list[Piece] = []
    parts = text.split(_BREAK)
    for i, part in enumerate(parts):
        if i:
            if out and out[-1].kind == "text":
                out[-1] = Piece("text", out[-1].text.rstrip())
            out.append(_PARA)
            part = part.lstrip()
        part = part.replace("\n", " ")
        if part:
            out.append(Piece("text", part))
    return out


def _change_pieces(
    kind: str,
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
    if _BREAK in space:
        out.append(_PARA if keep_break else Piece("text", " "))
    elif space:
        out.append(Piece("text", " "))
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
            and at[s.a_end - 1].endswith(_BREAK)
            and bt[s.b_end - 1].endswith(_BREAK)
        )
        if a_text:
            # Inline follows B's paragraphs: a deleted paragraph end is a space.
            inline += _change_pieces("del", a_text, s, change, a_marks, False, move)
            if b_text and inline[-1].kind == "text":
                inline.pop()  # del and ins of one replacement stand together
            side_a += _change_pieces("del", a_text, s, change, a_marks, not both_break, move)
        else:
            side_a.append(Piece("gap", "", change, op=s.op.value, move=move[0]))
        if b_text:
            inline += _change_pieces("ins", b_text, s, change, b_marks, True, move)
            side_b += _change_pieces("ins", b_text, s, change, b_marks, not both_break, move)
        else:
            side_b.append(Piece("gap", "", change, op=s.op.value, move=move[0]))
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
            side_a.append(Piece("quiet", a_word, 0, a_marks, b_word))
            side_b.append(Piece("quiet", b_word, 0, b_marks, a_word))
            inline.append(Piece("quiet", b_word, 0, b_marks, a_word))
            a_run.append(a_token[len(a_word) :])
            b_run.append(b_token[len(b_word) :])
        else:
            a_run.append(a_token)
            b_run.append(b_token)
        if a_token.endswith(_BREAK) and b_token.endswith(_BREAK):
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
        if piece.kind == "text" and pieces and pieces[-1].kind == "text":
            pieces[-1] = Piece("text", pieces[-1].text + piece.text)
        else:
            pieces.append(piece)
    while pieces and pieces[-1].kind == "text" and not pieces[-1].text.strip():
        pieces.pop()
    if pieces and pieces[-1].kind == "text":
        pieces[-1] = Piece("text", pieces[-1].text.rstrip())
    while pieces and pieces[0].kind == "text" and not pieces[0].text.strip():
        pieces.pop(0)
    if pieces and pieces[0].kind == "text":
        pieces[0] = Piece("text", pieces[0].text.lstrip())
    return tuple(pieces)


def inline_paragraphs(diff: Diff) -> tuple[Paragraph, ...]:
    """B's paragraphs with A's deletions in place: the inline view.

    >>> from revdiff.tokenize import plain_witness
    >>> from revdiff.align import diff
    >>> a = plain_witness("Мы очень рады.", "a", "A")
    >>> b = plain_witness("Мы рады.", "b", "B")
    >>> [(p.kind, p.text) for p in inline_paragraphs(diff(a, b))[0]]
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
        **_stamp(options),
    }
    return _page("pair.html.j2", context)


# ---------------------------------------------------------------------------
# One TEI document

_PLACES = {
    "above": "above the line",
    "below": "below the line",
    "margin": "in the margin",
    "inline": "in the line",
    "unknown": "(place not recorded)",
}


def _main_hand(view: object, first: str | None) -> str | None:
    """The hand that wrote most of the text: other hands' text is shown apart.

    Text before any ``handShift`` has no hand of its own; it counts as the
    ``first`` hand the header lists.
    """
    counts: dict[str, int] = {}

    def visit(nodes: Sequence[object]) -> None:
        for n in nodes:
            hand = getattr(n, "hand", None) or first
            text = getattr(n, "text", None)
            if isinstance(text, str) and hand:
                counts[hand] = counts.get(hand, 0) + len(text)
            visit(getattr(n, "children", ()))
            for part in ("deleted", "added"):
                if hasattr(n, part):
                    visit((getattr(n, part),))

    for p in getattr(view, "paragraphs", ()):
        visit(p.nodes)
    return max(sorted(counts), key=lambda h: counts[h]) if counts else None


def render_document(
    view: object,
    info: SourceInfo,
    hands: Sequence[object] = (),
    changes: Sequence[object] = (),
    options: RenderOptions | None = None,
    layer: str | None = None,
) -> str:
    """One TEI document: the diplomatic text (a :class:`~revdiff.tei.diplomatic.Diplomatic`).

    ``layer`` is the layer shown first (by default the diplomatic text, which
    is also what shows with scripts off).
    """
    from ..model import Diplomatic, Run

    assert isinstance(view, Diplomatic)
    options = options or RenderOptions()
    start = view.layers.index(layer) if layer in view.layers else 0
    # One rule per layer: the runs hidden in that layer go when it is chosen.
    extra = "".join(
        f'\n.doc[data-layer="{i}"] .h{i}{{display:none}}' for i in range(1, len(view.layers))
    )
    hands_by_id = {h.id: h for h in hands}  # type: ignore[attr-defined]
    changes_by_id = {c.id: c for c in changes}  # type: ignore[attr-defined]

    def describe(r: Revision) -> str:
        what = {"del": "deletion", "delSpan": "deletion", "add": "addition", "addSpan": "addition"}
        parts = [what.get(r.kind, r.kind)]
        if r.is_addition and r.place:
            parts[0] += " " + _PLACES.get(r.place, f"({r.place})")
        parts.append(f"hand: {r.hand}" if r.hand else "hand: not recorded")
        if r.change:
            when = getattr(changes_by_id.get(r.change), "when", None)
            parts.append(f"change: {r.change}" + (f" ({when})" if when else ""))
        return " · ".join(parts)

    def run_classes(run: Run) -> str:
        names = [f"h{i}" for i in run.hidden]
        if run.reading == "normalized":
            names.append("corr")
        if (run.hand or first_hand) != main_hand:
            names.append("shift")
        return " ".join(names)

    first_hand = hands[0].id if hands else None  # type: ignore[attr-defined]
    main_hand = _main_hand(view, first_hand)
    context = {
        "view": "document",
        "kind": lambda n: type(n).__name__,
        "describe": describe,
        "run_classes": run_classes,
        "main_hand": main_hand,
        "first_hand": first_hand,
        "title": info.title or info.siglum,
        "lang": info.lang,
        "sources": [("", info)],
        "doc": view,
        "layers": view.layers,
        "start": start,
        "hands": hands_by_id,
        "changes": changes_by_id,
        **_stamp(options),
    }
    return _page("document.html.j2", context, extra)


# ---------------------------------------------------------------------------
# Three or more witnesses


@dataclass(frozen=True, slots=True)
class Column:
    """A witness in the synopsis; ``against`` is the siglum it is compared with, if any."""

    info: SourceInfo
    role: str  # base (compared with others), variant, translation (aligned by section only)
    against: str | None = None


@dataclass(frozen=True, slots=True)
class SynopsisRow:
    """A section across the witnesses: per witness its paragraphs of (link, text) runs.

    ``link`` is 0 where the text does not vary, else the number of the
    variant it belongs to (see :func:`variant_links`).
    """

    key: str
    label: str
    cells: tuple[tuple[tuple[tuple[int, str], ...], ...], ...]
    score: float  # the share of compared tokens in this row that vary
    level: int = 0  # 0..9 for the heat strip
    percent: str = "0"
    counts: tuple[int, ...] = field(default=())


def _section_keys(w: Witness) -> list[str]:
    """Each token's row: its section, or where it stands between sections."""
    keys: list[str] = []
    last: str | None = None
    for i in range(len(w)):
        origin = w.origin(i)
        section = origin.section if origin else None
        if section is not None:
            last = section
            keys.append("s:" + section)
        else:
            keys.append("after:" + last if last is not None else "start")
    return keys


def _label(key: str) -> str:
    if key == "start":
        return "Opening"
    kind, _, name = key.partition(":")
    return f"§ {name}" if kind == "s" else f"After § {name}"


def synopsis_rows(
    witnesses: Sequence[Witness],
) -> tuple[tuple[Column, ...], tuple[SynopsisRow, ...]]:
    """Columns and section rows of a synopsis, with the tokens that vary marked.

    Witnesses of one language are each compared with the first of that
    language; a witness alone in its language (a translation) is aligned by
    section only.
    """
    witnesses = [w.as_tuples() for w in witnesses]  # looked up token by token below
    first_of: dict[str | None, int] = {}
    for n, w in enumerate(witnesses):
        first_of.setdefault(w.lang, n)
    varies = variant_links(witnesses)
    compared = [False] * len(witnesses)
    columns: list[Column] = []
    for n, w in enumerate(witnesses):
        base = first_of[w.lang]
        peers = sum(1 for x in witnesses if x.lang == w.lang)
        if peers == 1:
            columns.append(Column(SourceInfo.of(w), "translation"))
            continue
        compared[n] = True
        if base == n:
            columns.append(Column(SourceInfo.of(w), "base"))
            continue
        columns.append(Column(SourceInfo.of(w), "variant", witnesses[base].siglum))
    keyed = [_section_keys(w) for w in witnesses]
    order: list[str] = []
    seen: set[str] = set()
    for keys in keyed:
        for k in keys:
            if k not in seen:
                seen.add(k)
                order.append(k)
    # "start" first, each "after" row after its section, as the texts run.
    if "start" in seen:
        order.remove("start")
        order.insert(0, "start")
    rows: list[SynopsisRow] = []
    for key in order:
        cells = []
        marked = total = 0
        counts = []
        for n, w in enumerate(witnesses):
            indices = [i for i, k in enumerate(keyed[n]) if k == key]
            cells.append(_cell(w, indices, varies[n]))
            counts.append(len(indices))
            if compared[n]:
                total += len(indices)
                marked += sum(1 for i in indices if varies[n][i])
        rows.append(
            SynopsisRow(
                key,
                _label(key),
                tuple(cells),
                marked / total if total else 0.0,
                counts=tuple(counts),
            )
        )
    top = max((r.score for r in rows), default=0.0)
    rows = [
        SynopsisRow(
            r.key,
            r.label,
            r.cells,
            r.score,
            min(9, max(1, math.ceil(9 * r.score / top))) if r.score else 0,
            f"{100 * r.score:.0f}",
            r.counts,
        )
        for r in rows
    ]
    return tuple(columns), tuple(rows)


def variant_links(witnesses: Sequence[Witness]) -> list[list[int]]:
    """For each token of each witness, the variant it belongs to (from 1), or 0 where it does not vary.

    Each witness is compared with the first witness of its language; each
    change of that diff is a stretch of the first witness (possibly empty:
    an insertion point) and a stretch of the other. Changes of different
    witnesses that cover the same words of the first witness (or the same
    insertion point) are one variant, so that a reading can be lit in every
    column at once. A witness alone in its language has no variants.

    >>> from revdiff.tokenize import plain_witness
    >>> ws = [plain_witness(t, s, s) for s, t in [("A", "the black cat sat"),
    ...       ("B", "the white cat sat"), ("C", "the grey cat sat down")]]
    >>> variant_links(ws)
    [[0, 1, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0, 2]]
    """
    from ..align import diff

    links = [[0] * len(w) for w in witnesses]
    first_of: dict[str | None, int] = {}
    for n, w in enumerate(witnesses):
        first_of.setdefault(w.lang, n)
    number = 0
    for lang, base in first_of.items():
        # The changes of this language's witnesses against its first: (witness, segment).
        stretches: list[tuple[int, Segment]] = []
        for n, w in enumerate(witnesses):
            if n != base and w.lang == lang:
                changes = diff(witnesses[base], w).segments
                stretches += [(n, s) for s in changes if s.op is not Op.EQUAL]
        roots = _joined([s for _, s in stretches])
        numbers: dict[int, int] = {}
        for (n, s), r in zip(stretches, roots, strict=True):
            if r not in numbers:
                number += 1
                numbers[r] = number
            for i in range(s.a_start, s.a_end):
                links[base][i] = numbers[r]
            for j in range(s.b_start, s.b_end):
                links[n][j] = numbers[r]
    return links


def _joined(changes: Sequence[Segment]) -> list[int]:
    """For each change of some witnesses against one base, a representative: one per variant.

    Changes are one variant when they cover a word of the base in common, or
    stand at the same insertion point, or one is inserted among the words
    the other changes.

    >>> from revdiff.model import Segment
    >>> _joined([Segment(Op.REPLACE, 1, 3, 1, 2), Segment(Op.INSERT, 2, 2, 2, 3),
    ...          Segment(Op.DELETE, 4, 5, 4, 4), Segment(Op.REPLACE, 2, 3, 2, 3)])
    [0, 0, 2, 0]
    """
    parent = list(range(len(changes)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def join(k: int, other: int) -> None:
        parent[root(k)] = root(other)

    covering: dict[int, int] = {}  # a base token: the first change over it
    for k, s in enumerate(changes):
        for i in range(s.a_start, s.a_end):
            if i in covering:
                join(k, covering[i])
            else:
                covering[i] = k
    points: dict[int, int] = {}  # an insertion point in the base: the first change there
    for k, s in enumerate(changes):
        if s.a_start != s.a_end:
            continue
        at = s.a_start
        if at in points:
            join(k, points[at])
        else:
            points[at] = k
        # An insertion among words another witness changes belongs to that change.
        inside = at - 1 in covering and at in covering
        if inside and root(covering[at - 1]) == root(covering[at]):
            join(k, covering[at])
    return [root(k) for k in range(len(changes))]


def _cell(
    w: Witness, indices: Sequence[int], varies: Sequence[int]
) -> tuple[tuple[tuple[int, str], ...], ...]:
    """A witness's tokens in one row, as paragraphs of runs, each with its variant or 0."""
    paragraphs: list[tuple[tuple[int, str], ...]] = []
    runs: list[tuple[int, str]] = []
    for i in indices:
        token = w.texts[i]
        flag = varies[i]
        word = token.rstrip()
        space = " " if token[len(word) :] and not token.endswith(_BREAK) else ""
        if runs and runs[-1][0] == flag:
            runs[-1] = (flag, runs[-1][1] + word + space)
        elif flag and runs:
            # The space before a variant belongs outside its mark.
            runs.append((flag, word + space))
        else:
            runs.append((flag, word + space))
        if token.endswith(_BREAK):
            paragraphs.append(_tidy(runs))
            runs = []
    if runs:
        paragraphs.append(_tidy(runs))
    return tuple(p for p in paragraphs if p)


def _tidy(runs: list[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """Move a marked run's trailing space outside the mark; strip the paragraph's end."""
    out: list[tuple[int, str]] = []
    for flag, text in runs:
        if flag and text.endswith(" "):
            out.append((flag, text[:-1]))
            out.append((0, " "))
        else:
            out.append((flag, text))
    merged: list[tuple[int, str]] = []
    for flag, text in out:
        if merged and merged[-1][0] == flag:
            merged[-1] = (flag, merged[-1][1] + text)
        else:
            merged.append((flag, text))
    if merged:
        merged[-1] = (merged[-1][0], merged[-1][1].rstrip())
    return tuple((f, t) for f, t in merged if t)


def render_synopsis(witnesses: Sequence[Witness], options: RenderOptions | None = None) -> str:
    """Three or more witnesses side by side, aligned by section, with a heat strip."""
    options = options or RenderOptions()
    columns, rows = synopsis_rows(witnesses)
    context = {
        "view": "synopsis",
        "title": " · ".join(w.siglum for w in witnesses),
        "lang": witnesses[0].lang if witnesses else None,
        "sources": [(str(n + 1), c.info) for n, c in enumerate(columns)],
        "columns": columns,
        "rows": rows,
        **_stamp(options),
    }
    return _page("synopsis.html.j2", context)


# ---------------------------------------------------------------------------
# A collation: the alignment table of many witnesses


@dataclass(frozen=True, slots=True)
class AlignedColumn:
    """A column of the alignment table as shown.

    ``kind`` is ``same`` (a run of columns every witness reads alike, shown
    once across all rows: ``cells`` holds that one text), ``variant`` (the
    witnesses differ, or some have a gap: one cell per witness, None for a
    gap), ``quiet`` (equal once normalized, spelled differently: one cell
    per witness) or ``layout`` (the same words, a paragraph ending after it
    in some witnesses only). ``number`` is the first collation column it stands for,
    from 1; a cell's trailing ``¶`` marks the end of that witness's paragraph.
    """

    kind: str
    number: int
    cells: tuple[str | None, ...]


def _shown(text: str | None) -> str | None:
    if text is None:
        return None
    word = " ".join(text.split())
    return word + " ¶" if _BREAK in text else word


def collation_columns(collation: object) -> tuple[AlignedColumn, ...]:
    """The table's columns: runs where the witnesses read alike joined, the others one by one.

    >>> from revdiff.collation import collate
    >>> from revdiff.tokenize import plain_witness
    >>> ws = [plain_witness(t, s, s) for s, t in [("A", "The black cat"),
    ...       ("B", "The black and white cat"), ("C", "The black and shiny cat")]]
    >>> [(c.kind, c.cells) for c in collation_columns(collate(ws))]
    [('same', ('The black',)), ('variant', (None, 'and', 'and')), ('variant', (None, 'white', 'shiny')), ('same', ('cat',))]
    """
    from ..model import Collation

    assert isinstance(collation, Collation)
    n = len(collation.witnesses)
    out: list[AlignedColumn] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            text = "".join(collation.cell(c, 0) or "" for c in run)
            paragraphs = [" ".join(p.split()) for p in text.split(_BREAK)]
            shown = " ¶ ".join(p for p in paragraphs if p) + (" ¶" if not paragraphs[-1] else "")
            out.append(AlignedColumn("same", run[0] + 1, (shown,)))
            run.clear()

    for c in range(len(collation.columns)):
        cells = tuple(collation.cell(c, w) for w in range(n))
        if collation.agrees(c) and len(set(cells)) == 1:
            run.append(c)
            continue
        flush()
        if not collation.agrees(c):
            kind = "variant"
        elif len({(t or "").strip() for t in cells}) == 1:
            kind = "layout"  # the same words; only where a paragraph ends differs
        else:
            kind = "quiet"
        out.append(AlignedColumn(kind, c + 1, tuple(_shown(t) for t in cells)))
    flush()
    return tuple(out)


def _strips(columns: Sequence[AlignedColumn], width: int) -> list[tuple[AlignedColumn, ...]]:
    """Columns cut into strips of about ``width`` characters, one table each."""
    strips: list[tuple[AlignedColumn, ...]] = []
    current: list[AlignedColumn] = []
    used = 0
    for column in columns:
        # A long shared passage wraps inside its cell: count it as at most 40 characters.
        size = min(40, max(len(t or "—") for t in column.cells)) + 2
        if current and used + size > width:
            strips.append(tuple(current))
            current, used = [], 0
        current.append(column)
        used += size
    if current:
        strips.append(tuple(current))
    return strips


def render_collation(
    collation: object, options: RenderOptions | None = None, width: int = 90
) -> str:
    """A collation (:class:`revdiff.collation.Collation`) as one page: the alignment table.

    One row per witness, in strips of columns; text all witnesses read alike
    stands once across the rows, each column where they differ is highlighted
    and a gap is marked.
    """
    from ..model import Collation

    assert isinstance(collation, Collation)
    options = options or RenderOptions()
    columns = collation_columns(collation)
    witnesses = collation.witnesses
    gaps = sum(1 for c in collation.columns for i in c if i is None)
    summary = {
        "witnesses": len(witnesses),
        "columns": len(collation.columns),
        "variant": sum(1 for c in columns if c.kind == "variant"),
        "quiet": sum(1 for c in columns if c.kind == "quiet"),
        "gaps": gaps,
    }
    context = {
        "view": "collation",
        "title": "Collation of " + " · ".join(w.siglum for w in witnesses),
        "lang": next((w.lang for w in witnesses if w.lang), None),
        "sources": [(str(n + 1), SourceInfo.of(w)) for n, w in enumerate(witnesses)],
        "sigla": [w.siglum for w in witnesses],
        "langs": [w.lang for w in witnesses],
        "strips": _strips(columns, width),
        "summary": summary,
        **_stamp(options),
    }
    return _page("collation.html.j2", context, _data("collation.css"))


# ---------------------------------------------------------------------------
# A trace: where each correction of a draft went in a later witness

_STATUS_WORDS = {
    "adopted": "the target has the corrected reading",
    "rejected": "the target has the reading from before the correction",
    "other": "the target reads something else there",
    "absent": "the target lacks the passage",
}


def _trace_tip(entry: object, target: str) -> str:
    from ..model import TraceEntry

    assert isinstance(entry, TraceEntry)
    parts = [entry.status.value, entry.kind]
    if entry.hand:
        parts.append(f"hand: {entry.hand}")
    if entry.change:
        parts.append(f"change: {entry.change}")
    reads = f"«{entry.target}»" if entry.target else "nothing"
    return " · ".join(parts) + f" — {target} reads {reads}"


def render_trace(
    trace: object,
    view: object,
    draft: SourceInfo,
    target: SourceInfo,
    options: RenderOptions | None = None,
) -> str:
    """A trace (:class:`revdiff.tracing.Trace`) as one page: the draft's diplomatic text
    (a :class:`~revdiff.tei.diplomatic.Diplomatic`) with each correction coloured by what
    the target did with it, the target's reading on hover and focus; then the corrections
    in a table, the differences introduced in copying, and the counts.
    """
    from ..model import Diplomatic, Status, Trace

    assert isinstance(trace, Trace) and isinstance(view, Diplomatic)
    options = options or RenderOptions()
    by_revision = {}
    for entry in trace.entries:
        if entry.status is not Status.COPY:
            for rev in entry.revisions:
                by_revision[rev] = entry
    counts = trace.counts()

    def entry_of(node: object) -> object:
        """The trace entry of a correction node (a Group, or a Subst by either half)."""
        revisions = [getattr(node, "revision", None)]
        for half in ("deleted", "added"):
            revisions.append(getattr(getattr(node, half, None), "revision", None))
        for r in revisions:
            if r is not None and r.id in by_revision:
                return by_revision[r.id]
        return None

    context = {
        "view": "trace",
        "title": f"{draft.siglum} → {target.siglum}: where each correction went",
        "lang": draft.lang,
        "sources": [("Draft", draft), ("Target", target)],
        "target_siglum": target.siglum,
        "kind": lambda n: type(n).__name__,
        "entry_of": entry_of,
        "tip": lambda e: _trace_tip(e, target.siglum),
        "doc": view,
        "statuses": _STATUS_WORDS,
        "corrections": [e for e in trace.entries if e.status is not Status.COPY],
        "copies": [e for e in trace.entries if e.status is Status.COPY],
        "counts": counts,
        **_stamp(options),
    }
    return _page("trace.html.j2", context, _data("trace.css"))

"""Values for a terminal: a diff in the manner of ``git diff --word-diff`` and ``wdiff``;
a trace (:func:`render_trace`) and the layers of a document (:func:`render_layers`).

Without colour, deletions read ``[-…-]`` and insertions ``{+…+}``; with colour
(only on a terminal, or when asked for) they are red and green and the
brackets go, as in ``git diff --word-diff=color``. The text shown between
changes is B's. A paragraph break added between words both texts share reads
``{+¶+}``, one removed ``[-¶-]``, before the white space B has there. With
``refine`` (``--refine``), a replaced word shows the letters that differ
inside it: ``Об[-ъ-]{+'+}ясняем``.

With a context of N words, only the changes and N words on either side are
shown, in hunks headed by where they start on each side: the paragraph, or
in verse the line's number (``@@ -v. 6439 f. 04 +v. 6439 f. 04 @@``), with
the folio for TEI.

With ``show_normalized``, a word that a normalization made equal (``-n
hard-sign``, ``-i``, ...) but that is spelled differently shows both
spellings, A's then B's, as ``{=Объясняем|Об'ясняем=}`` (dim, without the
brackets, in colour): not a change, so it does not alter the exit status.
"""

from __future__ import annotations

from ..model import Diff, LayerTable, Op, Segment, TraceEntry, TraceView, Witness
from ..refine import refine_replacement
from .options import RenderOptions
from .terminal import visible, visible_diff

_RED, _GREEN, _DIM, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[m"
PILCROW = "¶"  # a paragraph break added or removed


def _split_space(text: str) -> tuple[str, str]:
    body = text.rstrip()
    return body, text[len(body) :]


def _deleted(text: str, color: bool) -> str:
    return f"{_RED}{text}{_RESET}" if color else f"[-{text}-]"


def _inserted(text: str, color: bool) -> str:
    return f"{_GREEN}{text}{_RESET}" if color else f"{{+{text}+}}"


def _change(diff: Diff, s: Segment, color: bool, refine: bool = False) -> str:
    old, old_space = _split_space(diff.a_text(s))
    new, new_space = _split_space(diff.b_text(s))
    if s.op is Op.DELETE:
        # A deleted paragraph end must not leave a paragraph break in B's text.
        return _deleted(old, color) + (old_space if "\n" not in old_space else " ")
    if s.op is Op.INSERT:
        return _inserted(new, color) + new_space
    parts = refine_replacement(old, new) if refine else None
    if parts:  # the letters that differ inside the words: Об[-ъ-]{+'+}ясняем
        return "".join(_part(op, x, y, color) for op, x, y in parts) + new_space
    return _deleted(old, color) + _inserted(new, color) + new_space


def _part(op: Op, a: str, b: str, color: bool) -> str:
    if op is Op.EQUAL:
        return b
    return (_deleted(a, color) if a else "") + (_inserted(b, color) if b else "")


def _moved(diff: Diff, s: Segment, color: bool) -> str | None:
    """A moved passage (``--moves``): ``[~1 text~]`` where it left, ``{~1 text~}`` where it went."""
    for n, m in enumerate(diff.moves, 1):
        if s.op is Op.DELETE and (s.a_start, s.a_end) == (m.a_start, m.a_end):
            body, space = _split_space(diff.a_text(s))
            mark = f"\x1b[33m⟨{n}⟩{body}{_RESET}" if color else f"[~{n} {body}~]"
            return mark + (space if "\n" not in space else " ")
        if s.op is Op.INSERT and (s.b_start, s.b_end) == (m.b_start, m.b_end):
            body, space = _split_space(diff.b_text(s))
            return (f"\x1b[33m⟨{n}⟩{body}{_RESET}" if color else f"{{~{n} {body}~}}") + space
    return None


def _normalized(diff: Diff, s: Segment, color: bool) -> str:
    """An equal segment, each word spelled differently in A and B shown with both spellings."""
    out: list[str] = []
    a_tokens, b_tokens = diff.a.texts[s.a_start : s.a_end], diff.b.texts[s.b_start : s.b_end]
    for a_token, b_token in zip(a_tokens, b_tokens, strict=True):
        a_word, _ = _split_space(a_token)
        b_word, b_space = _split_space(b_token)
        if a_word == b_word:
            out.append(b_token)
        elif color:
            out.append(f"{_DIM}{a_word}|{b_word}{_RESET}{b_space}")
        else:
            out.append(f"{{={a_word}|{b_word}=}}{b_space}")
    return "".join(out)


def _append(
    out: list[str],
    diff: Diff,
    s: Segment,
    color: bool,
    show_normalized: bool = False,
    refine: bool = False,
) -> None:
    """Add a segment to the output, a deletion glued where A glued it ("Китая[-)-]")."""
    if s.op is Op.EQUAL:
        out.append(_normalized(diff, s, color) if show_normalized else diff.b_text(s))
        return
    if s.is_break:  # glued to the word before it, ahead of B's white space there
        mark = _deleted(PILCROW, color) if s.op is Op.DELETE else _inserted(PILCROW, color)
        last = out.pop() if out else ""
        body = last.rstrip()
        out.append(body + mark + last[len(body) :])
        return
    moved = _moved(diff, s, color) if diff.moves else None
    if moved is not None:
        out.append(moved)
        return
    glued = (
        s.op is Op.DELETE and s.a_start > 0 and diff.a.texts[s.a_start - 1][-1:].isspace() is False
    )
    if glued and out:
        last = out[-1]
        body = last.rstrip()
        out[-1] = body + _deleted(diff.a_text(s).rstrip(), color) + last[len(body) :]
        return
    if s.op is Op.DELETE and out and out[-1].endswith("\n\n"):
        # A whole paragraph deleted keeps its own paragraph break.
        old, old_space = _split_space(diff.a_text(s))
        out.append(_deleted(old, color) + old_space)
        return
    out.append(_change(diff, s, color, refine))


def render(diff: Diff, options: RenderOptions) -> str:
    diff = visible_diff(diff)  # for a terminal: a text's control characters shown, not obeyed
    refine = bool(options.refine)
    if options.context is None:
        out: list[str] = []
        for s in diff.segments:
            _append(out, diff, s, options.color, options.show_normalized, refine)
        text = "".join(out)
        return text if text.endswith("\n") or not text else text + "\n"
    return _hunks(diff, options.context, options.color, options.show_normalized, refine)


def _paragraphs(w: Witness) -> list[int]:
    """The paragraph number (from 1) of each token."""
    numbers, n = [], 1
    for t in w.texts:
        numbers.append(n)
        if "\n\n" in t:
            n += 1
    return numbers


def _where(w: Witness, numbers: list[int], index: int) -> str:
    """Where a hunk starts, as an editor cites it: the verse (``v. 6439``, from
    ``l/@n``) or else the paragraph (``¶3``), and the folio where known."""
    if not len(w):
        return "¶0"
    index = min(index, len(w) - 1)
    origin = w.origin(index)
    folio = f" f. {origin.folio}" if origin and origin.folio else ""
    verse = origin.verse if origin else None
    return f"v. {verse}{folio}" if verse else f"¶{numbers[index]}{folio}"


def _hunks(
    diff: Diff, context: int, color: bool, show_normalized: bool = False, refine: bool = False
) -> str:
    segments = diff.segments
    changed = [i for i, s in enumerate(segments) if s.op is not Op.EQUAL]
    if not changed:
        return ""
    a_numbers, b_numbers = _paragraphs(diff.a), _paragraphs(diff.b)
    # Group changes whose equal stretch between them is short enough to show whole.
    groups: list[list[int]] = [[changed[0]]]
    for i in changed[1:]:
        between = segments[groups[-1][-1] + 1 : i]
        gap = sum(s.b_end - s.b_start for s in between)
        if gap <= 2 * context:
            groups[-1].append(i)
        else:
            groups.append([i])
    out: list[str] = []
    for group in groups:
        first = segments[group[0]]
        head = (
            f"@@ -{_where(diff.a, a_numbers, first.a_start)} "
            f"+{_where(diff.b, b_numbers, first.b_start)} @@"
        )
        body: list[str] = []
        if group[0] > 0:
            before = segments[group[0] - 1]
            start = max(before.b_start, before.b_end - context)
            body.append(("…" if start > 0 else "") + "".join(diff.b.texts[start : before.b_end]))
        for s in segments[group[0] : group[-1] + 1]:
            _append(body, diff, s, color, show_normalized, refine)
        if group[-1] + 1 < len(segments):
            after = segments[group[-1] + 1]
            end = min(after.b_end, after.b_start + context)
            tail = "".join(diff.b.texts[after.b_start : end]).rstrip()
            body.append(tail + ("…" if end < len(diff.b) else ""))
        out.append(head + "\n" + "".join(body).strip("\n") + "\n")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# A trace, and the layers of a document


def _located(e: TraceEntry) -> str:
    parts = []
    if e.folio:
        parts.append(f"f. {e.folio}")
    if e.section:
        parts.append(f"section {e.section}")
    if e.line is not None:
        parts.append(f"line {e.line}")
    return ", ".join(parts)


def render_trace(view: TraceView, options: RenderOptions) -> str:
    """One block per entry, then the counts: for reading in a terminal."""
    result = view.trace
    out = [f"{result.draft} -> {result.target}", ""]
    for e in result.entries:
        head = f"{e.status.value:<9}{e.kind:<8}{_located(e)}"
        if e.hand or e.change:
            head += f"  [hand {e.hand or '-'}, change {e.change or '-'}]"
        out.append(head)
        if e.kind != "copy" or e.base != e.final:
            out.append(f"  base:   {e.base or '∅'}")
        out.append(f"  final:  {e.final or '∅'}")
        out.append(f"  target: {e.target or '∅'}")
    counts = result.counts()
    out.append("")
    out.append("counts: " + ", ".join(f"{n} {s}" for s, n in counts["status"].items()))
    for name, table in (("hand", counts["hand"]), ("change", counts["change"])):
        for key, by_status in table.items():
            row = ", ".join(f"{n} {s}" for s, n in by_status.items())
            out.append(f"  {name} {key}: {row}")
    return visible("\n".join(out) + "\n")


def render_layers(table: LayerTable, options: RenderOptions) -> str:
    """The layers of a document with their token counts, then its hands and changes."""
    doc = table.document
    out = [f"{table.source}: {doc.title or '(no title)'}", "", "layers:"]
    width = max(len(n) for n, _ in table.tokens)
    out += [f"  {n:<{width}}  {c:>7} tokens" for n, c in table.tokens]
    if doc.hands:
        out += ["", "hands:"] + [f"  {h.id}: {h.description}" for h in doc.hands]
    if doc.changes:
        out += ["", "changes:"] + [
            f"  {c.id}{' (' + c.when + ')' if c.when else ''}: {c.description}" for c in doc.changes
        ]
    return visible("\n".join(out) + "\n")

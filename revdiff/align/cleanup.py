"""The clean-up of an alignment: small equal runs between changes folded into one
replacement, read as the page reads (a word broken at a line's end is one word)."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Op, Segment, Witness


def merge_small_equalities(
    segments: tuple[Segment, ...], a: Witness | None = None, b: Witness | None = None
) -> tuple[Segment, ...]:
    """Fold an equal run into the changes around it when it is shorter than both.

    diff-match-patch's own semantic clean-up folds an equality as long as the
    edits beside it, which on words swallows a lone shared word ("Мао" between
    two changed words); here only a strictly shorter run is folded, so that a
    rewritten phrase becomes one replacement and a single changed word stays
    single.

    >>> from revdiff.align import align_raw
    >>> x, y = "x a y".split(), "p q a r s".split()
    >>> [s.op.value for s in merge_small_equalities(align_raw(x, y))]
    ['replace']
    >>> [s.op.value for s in merge_small_equalities(align_raw("m a n".split(), "p a q".split()))]
    ['replace', 'equal', 'replace']

    Given the witnesses the segments align (``a`` and ``b``), their surfaces
    say how a page was laid out. A change is as wide as the words a reader
    sees on its wider side: a word broken by a hyphen at a line's end (three
    tokens) is one, so that a word broken differently in each text is a
    single changed word, and the word beside it is not folded into it. And a
    hyphen that ends a line in both texts is left standing: the line break
    the two pages share. Texts wrapped on their own (transcriptions of
    printed pages) differ in every line end after a change; folded, those
    would make one replacement of lines that differ word by word.

    >>> from revdiff.tokenize import plain_witness
    >>> wa = plain_witness("hy-\\nphen a wo-\\nrd. the end", "a", "a")
    >>> wb = plain_witness("hyphen a word. the end", "b", "b")
    >>> [s.op.value for s in merge_small_equalities(align_raw(wa.keys, wb.keys))]
    ['replace', 'equal']
    >>> [s.op.value for s in merge_small_equalities(align_raw(wa.keys, wb.keys), wa, wb)]
    ['replace', 'equal', 'replace', 'equal']
    """
    out: list[Segment] = []
    equal, replace = Op.EQUAL, Op.REPLACE  # looked up once, not per segment
    words_a = _words(a) if a is not None else None
    words_b = _words(b) if b is not None else None

    def width(s: Segment) -> int:
        return max(s.a_end - s.a_start, s.b_end - s.b_start)

    def words(s: Segment) -> int:
        a_words = words_a(s.a_start, s.a_end) if words_a else s.a_end - s.a_start
        b_words = words_b(s.b_start, s.b_end) if words_b else s.b_end - s.b_start
        return max(a_words, b_words)

    def shared_line_end(e: Segment) -> bool:
        return (
            a is not None
            and b is not None
            and e.a_end - e.a_start == 1
            and _BROKEN_LINE_END.fullmatch(a.span(e.a_start, e.a_end)) is not None
            and _BROKEN_LINE_END.fullmatch(b.span(e.b_start, e.b_end)) is not None
        )

    for segment in segments:
        if out and (segment.op is equal) is (out[-1].op is equal):
            p = out.pop()  # two equal runs, or two changes, side by side: one segment
            op = equal if segment.op is equal else replace
            segment = Segment(op, p.a_start, segment.a_end, p.b_start, segment.b_end)
        out.append(segment)
        # A folded run can make the run before it foldable too: check back.
        while len(out) >= 3 and out[-1].op is not equal and out[-2].op is equal:
            p, e, n = out[-3], out[-2], out[-1]
            size = e.a_end - e.a_start
            if p.op is equal or not (size < width(p) and size < width(n)):
                break
            # Words are never more than tokens: read only where tokens would fold.
            if (words_a or words_b) and not (size < words(p) and size < words(n)):
                break
            if shared_line_end(e):
                break
            del out[-3:]
            out.append(Segment(replace, p.a_start, n.a_end, p.b_start, n.b_end))
    return tuple(out)


_HYPHENS = "-\u2010\u00ad\u00ac\u2e17"
"""Marks that break a word at a line's end: hyphens (and the soft hyphen), and the
¬ and ⸗ of transcriptions of German print."""

_LINE_END_HYPHEN = re.compile(rf"(?<=\w)[{_HYPHENS}][^\S\n]*\n[^\S\n]*(?=\w)")
_BROKEN_LINE_END = re.compile(rf"[{_HYPHENS}][^\S\n]*\n[^\S\n]*")


def _words(witness: Witness) -> Callable[[int, int], int]:
    """How many words tokens start..stop of the witness are to a reader: a word
    broken by a hyphen at a line's end (not a paragraph's) counted once.

    >>> from revdiff.tokenize import plain_witness
    >>> w = plain_witness("a hyph-\\nenated word-\\n\\nnext", "a", "a")
    >>> len(w), _words(w)(0, len(w))
    (7, 5)
    """

    def words(start: int, stop: int) -> int:
        if stop - start < 3:
            return stop - start
        return stop - start - 2 * len(_LINE_END_HYPHEN.findall(witness.span(start, stop)))

    return words

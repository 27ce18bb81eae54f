"""Two token streams to a :class:`~revdiff.model.Diff`; the only user of diff-match-patch.

Each distinct key is mapped to one code point and diff-match-patch diffs the
two strings of code points (the library's own recipe for word diffs). Its
time-out is switched off: with the default one second, a long diff silently
degrades to "delete everything, insert everything", so the result would
depend on the machine's speed. A semantic clean-up then merges a zigzag of
small edits into one replacement, so that a rewritten phrase reads as one
change (:func:`merge_small_equalities`).

>>> from revdiff.tokenize import plain_witness
>>> a = plain_witness("не сбегут от нас в случае", "a", "a")
>>> b = plain_witness("не сбегут от коммунистов в случае", "b", "b")
>>> [(s.op.value, d.a_text(s), d.b_text(s)) for d in [diff(a, b)] for s in d.segments]
[('equal', 'не сбегут от ', 'не сбегут от '), ('replace', 'нас ', 'коммунистов '), ('equal', 'в случае', 'в случае')]
"""

from __future__ import annotations

from collections.abc import Sequence

from diff_match_patch import diff_match_patch

from .errors import RevdiffError
from .model import Diff, Op, Segment, Witness

__all__ = ["diff", "align", "refine"]

_DELETE, _EQUAL, _INSERT = (
    diff_match_patch.DIFF_DELETE,
    diff_match_patch.DIFF_EQUAL,
    diff_match_patch.DIFF_INSERT,
)
_SURROGATES = range(0xD800, 0xE000)
_MAX_KEYS = 0x110000 - len(_SURROGATES) - 1


def _engine() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # never let the machine's speed decide the diff
    return dmp


def _encode(a: Sequence[str], b: Sequence[str]) -> tuple[str, str]:
    """Map each distinct key to one code point (surrogates skipped)."""
    codes: dict[str, str] = {}

    def code(key: str) -> str:
        c = codes.get(key)
        if c is None:
            n = len(codes) + 1
            if n >= _SURROGATES.start:
                n += len(_SURROGATES)
            if n > 0x10FFFF:
                raise RevdiffError(f"too many distinct tokens to align (more than {_MAX_KEYS})")
            c = codes[key] = chr(n)
        return c

    return "".join(map(code, a)), "".join(map(code, b))


def align(a: Sequence[str], b: Sequence[str]) -> tuple[Segment, ...]:
    """Segments aligning two sequences of keys, equal runs and changes in order."""
    a_codes, b_codes = _encode(a, b)
    dmp = _engine()
    edits = dmp.diff_main(a_codes, b_codes, False)
    return merge_small_equalities(_segments(edits))


def merge_small_equalities(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Fold an equal run into the changes around it when it is shorter than both.

    diff-match-patch's own semantic clean-up folds an equality as long as the
    edits beside it, which on words swallows a lone shared word ("Мао" between
    two changed words); here only a strictly shorter run is folded, so that a
    rewritten phrase becomes one replacement and a single changed word stays
    single.

    >>> a, b = "x a y".split(), "p q a r s".split()
    >>> [s.op.value for s in merge_small_equalities(align_raw(a, b))]
    ['replace']
    >>> [s.op.value for s in merge_small_equalities(align_raw("m a n".split(), "p a q".split()))]
    ['replace', 'equal', 'replace']
    """
    out: list[Segment] = []

    def width(s: Segment) -> int:
        return max(s.a_end - s.a_start, s.b_end - s.b_start)

    for segment in segments:
        if segment.op is Op.EQUAL and out and out[-1].op is Op.EQUAL:
            p = out.pop()
            segment = Segment(Op.EQUAL, p.a_start, segment.a_end, p.b_start, segment.b_end)
        elif segment.op is not Op.EQUAL and out and out[-1].op is not Op.EQUAL:
            p = out.pop()
            segment = Segment(Op.REPLACE, p.a_start, segment.a_end, p.b_start, segment.b_end)
        out.append(segment)
        # A folded run can make the run before it foldable too: check back.
        while len(out) >= 3 and out[-1].op is not Op.EQUAL and out[-2].op is Op.EQUAL:
            p, e, n = out[-3], out[-2], out[-1]
            size = e.a_end - e.a_start
            if p.op is Op.EQUAL or not (size < width(p) and size < width(n)):
                break
            del out[-3:]
            out.append(Segment(Op.REPLACE, p.a_start, n.a_end, p.b_start, n.b_end))
    return tuple(out)


def align_raw(a: Sequence[str], b: Sequence[str]) -> tuple[Segment, ...]:
    """The minimal alignment diff-match-patch finds, before any clean-up."""
    a_codes, b_codes = _encode(a, b)
    return _segments(_engine().diff_main(a_codes, b_codes, False))


def _segments(edits: list[tuple[int, str]]) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    i = j = 0
    deleted = inserted = 0

    def flush() -> None:
        nonlocal i, j, deleted, inserted
        if deleted and inserted:
            op = Op.REPLACE
        elif deleted:
            op = Op.DELETE
        elif inserted:
            op = Op.INSERT
        else:
            return
        segments.append(Segment(op, i, i + deleted, j, j + inserted))
        i, j = i + deleted, j + inserted
        deleted = inserted = 0

    for kind, text in edits:
        if kind == _EQUAL:
            flush()
            segments.append(Segment(Op.EQUAL, i, i + len(text), j, j + len(text)))
            i, j = i + len(text), j + len(text)
        elif kind == _DELETE:
            deleted += len(text)
        else:
            inserted += len(text)
    flush()
    return tuple(_merge_equal(segments))


def _merge_equal(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for s in segments:
        if merged and s.op is Op.EQUAL and merged[-1].op is Op.EQUAL:
            p = merged[-1]
            merged[-1] = Segment(Op.EQUAL, p.a_start, s.a_end, p.b_start, s.b_end)
        elif s.a_start != s.a_end or s.b_start != s.b_end:
            merged.append(s)
    return merged


def diff(a: Witness, b: Witness) -> Diff:
    """Align two witnesses on their keys."""
    return Diff(a, b, align(a.keys, b.keys))


def refine(a: str, b: str) -> list[tuple[Op, str, str]]:
    """A character-level diff of two short texts, for showing how a replaced word differs.

    >>> refine("Объясняем", "Об'ясняем")
    [(<Op.EQUAL: 'equal'>, 'Об', 'Об'), (<Op.REPLACE: 'replace'>, 'ъ', "'"), (<Op.EQUAL: 'equal'>, 'ясняем', 'ясняем')]
    """
    dmp = _engine()
    edits = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(edits)
    out: list[tuple[Op, str, str]] = []
    for s in _segments(edits):
        out.append((s.op, a[s.a_start : s.a_end], b[s.b_start : s.b_end]))
    return out

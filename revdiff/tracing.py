"""Where each correction of a draft went: what a later witness reads at its place.

A *correction* is one act of revision in the draft's TEI: a ``del``, an
``add``, a ``restore``, an ``addSpan``/``delSpan``, or a ``del`` and ``add``
standing side by side (a ``subst``), which is one correction with a reading
before and a reading after. For each correction, :func:`trace` finds what the
target reads at that place and says whether the target

``adopted``
    the corrected reading (the draft's final layer),
``rejected``
    the reading before the correction (the draft's base layer),
``other``
    something else, or
``absent``
    nothing there: the target lacks the passage around the correction;

and every difference between the draft's final layer and the target that no
correction explains is a ``copy`` entry: introduced in copying.

How: the draft's base layer (B) and final layer (F) are aligned with each
other and each with the target (T). A correction's tokens are the tokens of B
and F whose origin is one of its revisions, widened to the B/F change that
holds them (so the base "некоторое" against the final "не большее" is one
correction, though "не" was never struck). *Anchors* are the tokens all three
texts share at one place (equal in all three alignments); a correction is
looked for only in the stretch between the anchors around it. There B's and
F's tokens are merged into one sequence, each token labelled with its
correction and side (base or final), corrections in document order, and T's
stretch is aligned with that sequence. The target adopted a correction when
it has all of the final side and none of the base side, rejected it in the
opposite case; a deletion whose words are gone is adopted and an addition
that is missing rejected, unless other words stand in the place (``other``).
A partial match is judged by its similarity to each side (a corrected
sentence copied without its parentheses is still adopted, and the
parentheses are a copy difference). A correction whose neighbours the target
lacks too is ``absent``.

Corrections in notes (office annotations, archival notes) stand outside the
running text; the draft's layers do not hold them, so they are left out.

>>> from revdiff.tei import parse_tei
>>> from revdiff.tokenize import plain_witness
>>> tei = (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>not from '
...        b'<subst><del hand="#s">us</del><add hand="#s">them</add></subst> at all'
...        b'</p></body></text></TEI>')
>>> result = trace(parse_tei(tei, "d.xml"), plain_witness("not from them at all", "t", "t"))
>>> [(e.status.value, e.base, e.final, e.target) for e in result.entries]
[('adopted', 'us', 'them', 'them')]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import replace

from . import model
from ._names import moved
from .align import align_raw, diff
from .model import (
    Chunk,
    CorrectionKind,
    Diff,
    Op,
    Revision,
    RevisionKind,
    Segment,
    TEIDocument,
    Witness,
)
from .slide import slide
from .tei.layers import read_layer
from .tokenize import Normalizer, normalize

__all__ = ["corrections", "trace"]

__getattr__ = moved(
    __name__,
    {name: f"revdiff.model.{name}" for name in ("Status", "Correction", "TraceEntry", "Trace")},
)


def corrections(doc: TEIDocument) -> tuple[model.Correction, ...]:
    """The corrections of a TEI document's running text, in document order.

    A deletion and an addition that follow each other with nothing between
    (the two halves of a ``subst``) make one correction.
    """
    groups: list[list[Revision]] = []
    where: dict[str, int] = {}
    previous: Revision | None = None
    for item in doc.items:
        if not isinstance(item, Chunk):  # a boundary or a metamark: no revisions
            continue
        revisions = item.revisions
        current = revisions[-1] if revisions else None
        restore = next((r for r in revisions if r.kind is RevisionKind.RESTORE), None)
        if restore is not None and current is not None and current.id not in where:
            # A restore and the deletion it undoes are one correction: the restore.
            if restore.id not in where:
                where[restore.id] = len(groups)
                groups.append([restore])
            if current is not restore:
                where[current.id] = where[restore.id]
                groups[where[current.id]].append(current)
        if current is not None and current.id not in where:
            if (
                previous is not None
                and previous.id in where
                and len(groups[where[previous.id]]) == 1
                and {previous.kind, current.kind} == {RevisionKind.ADD, RevisionKind.DEL}
            ):
                where[current.id] = where[previous.id]
                groups[where[current.id]].append(current)
            else:
                where[current.id] = len(groups)
                groups.append([current])
        previous = current
    return tuple(model.Correction(tuple(g)) for g in groups)


def _text(w: Witness, start: int, end: int) -> str:
    return " ".join("".join(w.texts[start:end]).split())


def _map_range(segments: Sequence[Segment], start: int, end: int) -> tuple[int, int, list[int]]:
    """The b range that stands against a[start:end], and the changed segments it takes in.

    Equal tokens map one to one; a changed segment inside the range (or, for
    an empty range, an insertion at its place or a change around it) maps as
    a whole.
    """
    lo: int | None = None
    hi: int | None = None
    touched: list[int] = []

    def take(b0: int, b1: int) -> None:
        nonlocal lo, hi
        lo = b0 if lo is None else min(lo, b0)
        hi = b1 if hi is None else max(hi, b1)

    for k, s in enumerate(segments):
        if start < end:
            if s.a_end <= start and not (s.a_start == s.a_end == start):
                continue
            if s.a_start >= end:
                break
            if s.op is Op.EQUAL:
                take(
                    s.b_start + max(start, s.a_start) - s.a_start,
                    s.b_start + min(end, s.a_end) - s.a_start,
                )
            elif s.a_start < s.a_end or start < s.a_start < end:
                take(s.b_start, s.b_end)
                touched.append(k)
        elif s.op is not Op.EQUAL and (
            s.a_start == s.a_end == start or s.a_start < start < s.a_end
        ):
            take(s.b_start, s.b_end)
            touched.append(k)
    if lo is None or hi is None:
        point = _map_point(segments, start)
        return point, point, touched
    return lo, hi, touched


def _map_point(segments: Sequence[Segment], index: int) -> int:
    """Where the boundary before a[index] falls in b."""
    for s in segments:
        if s.a_start <= index < s.a_end or (s.a_start == index and s.op is not Op.INSERT):
            if s.op is Op.EQUAL:
                return s.b_start + index - s.a_start
            return s.b_start
    return segments[-1].b_end if segments else 0


def _indices(w: Witness, ids: frozenset[str]) -> list[int]:
    return [
        i
        for i, o in enumerate(w.origins)
        if o is not None and o.revision is not None and o.revision.id in ids
    ]


def _in_deletion(segments: Sequence[Segment], index: int, size: int) -> bool | None:
    """Whether a[index] lies in a deleted stretch; None when there is no such token."""
    if index < 0 or index >= size:
        return None
    for s in segments:
        if s.a_start <= index < s.a_end:
            return s.op is Op.DELETE
    return None


def _locate(
    c: model.Correction, base: Witness, final: Witness, base_final: Diff
) -> tuple[int, int, int, int] | None:
    """The correction's range in the base and in the final layer (None: it holds no token).

    Its own tokens, widened to each base/final change that holds them and no
    other correction's tokens.
    """
    ids = c.ids
    in_base, in_final = _indices(base, ids), _indices(final, ids)
    b_lo = min(in_base, default=None)
    b_hi = max(in_base, default=-1) + 1
    f_lo = min(in_final, default=None)
    f_hi = max(in_final, default=-1) + 1
    for s in base_final.segments:
        if s.op is Op.EQUAL:
            continue
        own = any(b_lo is not None and b_lo <= i < b_hi for i in range(s.a_start, s.a_end)) or any(
            f_lo is not None and f_lo <= j < f_hi for j in range(s.b_start, s.b_end)
        )
        if not own:
            continue
        revised = {
            o.revision.id
            for w, r in ((base, range(s.a_start, s.a_end)), (final, range(s.b_start, s.b_end)))
            for o in (w.origin(i) for i in r)
            if o is not None and o.revision is not None
        }
        if revised <= ids:
            b_lo = s.a_start if b_lo is None else min(b_lo, s.a_start)
            b_hi = max(b_hi, s.a_end)
            f_lo = s.b_start if f_lo is None else min(f_lo, s.b_start)
            f_hi = max(f_hi, s.b_end)
    if b_lo is None and f_lo is None:
        return None
    if b_lo is None:
        assert f_lo is not None
        b_lo = b_hi = _map_point(_swap(base_final.segments), f_lo)
    if f_lo is None:
        f_lo = f_hi = _map_point(base_final.segments, b_lo)
    return b_lo, max(b_hi, b_lo), f_lo, max(f_hi, f_lo)


def _revised(w: Witness) -> list[bool]:
    """For each token, whether a revision wrote or struck it."""
    return [o is not None and o.revision is not None for o in w.origins] or [False] * len(w)


def _on_revisions(d: Diff, base: Witness, final: Witness) -> Diff:
    """The base/final diff with each deletion or insertion slid onto the words a revision marks.

    Where a word is struck and written again beside it (``x <del>of</del> of
    y``), the diff may delete either "of"; it must delete the struck one, or
    the correction would hold no token of any change.
    """
    segments = slide(d.segments, base.keys, final.keys, _revised(base), _revised(final))
    return d if segments == d.segments else replace(d, segments=segments)


def _swap(segments: Iterable[Segment]) -> tuple[Segment, ...]:
    flip = {Op.DELETE: Op.INSERT, Op.INSERT: Op.DELETE}
    return tuple(
        Segment(flip.get(s.op, s.op), s.b_start, s.b_end, s.a_start, s.a_end) for s in segments
    )


def trace(
    draft: TEIDocument,
    target: Witness,
    *,
    normalizer: Normalizer | None = None,
    reading: str = "diplomatic",
) -> model.Trace:
    """Trace every correction of ``draft`` into ``target``.

    ``normalizer`` says which differences do not count, on both sides (to
    trace into a source, ``path[#layer]``, see :func:`revdiff.api.trace`).
    """
    if isinstance(draft, str) or isinstance(target, str):
        raise TypeError("trace() takes a document and a witness; revdiff.trace reads sources")
    doc = draft
    base = read_layer(doc, "base", reading=reading)  # B
    final = read_layer(doc, "final", reading=reading)  # F
    if normalizer is not None:
        base, final = normalize(base, normalizer), normalize(final, normalizer)
        target = normalize(target, normalizer)
    base_final = _on_revisions(diff(base, final), base, final)
    final_target = diff(final, target).segments
    base_target = diff(base, target).segments
    anchors = _Anchors(base_final.segments, final_target, base_target, len(base), len(final))
    explained: set[int] = set()
    entries: list[tuple[int, model.TraceEntry]] = []
    located = [(c, _locate(c, base, final, base_final)) for c in corrections(doc)]
    owner_b: list[int] = [-1] * len(base)
    owner_f: list[int] = [-1] * len(final)
    for n, (_, where) in enumerate(located):
        if where is not None:
            b0, b1, f0, f1 = where
            owner_b[b0:b1] = [n] * (b1 - b0)
            owner_f[f0:f1] = [n] * (f1 - f0)
    unions: dict[tuple[int, ...], tuple[list[tuple[int, str]], list[tuple[int, int]]]] = {}
    place = 0  # corrections are listed in document order, copies placed among them
    for n, (c, where) in enumerate(located):
        if where is None:  # an addition of white space only, say
            continue
        b0, b1, f0, f1 = where
        place = max(place, f0)
        # Before a restore its text was struck out: the base layer, which applies
        # no revision, shows it, but the reading the restore undid is nothing.
        before = "" if c.kind is RevisionKind.RESTORE else _text(base, b0, b1)
        # The stretch between the nearest tokens all three texts share; the
        # correction's place in the target is looked for only inside it.
        region = anchors.around(b0, b1, f0, f1, len(target))
        if region not in unions:
            unions[region] = _union_matches(
                region, base, final, target, base_final, owner_b, owner_f
            )
        union, matches = unions[region]
        tl = region[2]
        status, t0, t1 = _judge(n, union, matches, region[5] - tl)
        t0, t1 = tl + t0, tl + t1
        if (
            t0 == t1
            and status is not model.Status.ADOPTED
            and _context_lost(final_target, f0, f1, final)
        ):
            status = model.Status.ABSENT
        if status in (model.Status.REJECTED, model.Status.OTHER):
            explained.update(_overlapping(final_target, f0, f1, t0, t1))
        origin = final.origin(f0) if f0 < f1 else base.origin(b0) if b0 < b1 else None
        entries.append(
            (
                place,
                model.TraceEntry(
                    status=status,
                    kind=c.kind,
                    hand=c.hand,
                    change=c.change,
                    base=before,
                    final=_text(final, f0, f1),
                    target=_text(target, t0, t1),
                    revisions=tuple(r.id for r in c.revisions),
                    line=c.revisions[0].line,
                    folio=origin.folio if origin else None,
                    section=origin.section if origin else None,
                ),
            )
        )
    for k, s in enumerate(final_target):
        if s.op is Op.EQUAL or k in explained:
            continue
        u0, u1, _ = _map_range(_swap(base_final.segments), s.a_start, s.a_end)
        at = s.a_start if s.a_start < s.a_end else max(s.a_start - 1, 0)
        origin = final.origin(at) if len(final) else None
        entries.append(
            (
                s.a_start,
                model.TraceEntry(
                    status=model.Status.COPY,
                    kind=CorrectionKind.COPY,
                    hand=None,
                    change=None,
                    base=_text(base, u0, u1),
                    final=_text(final, s.a_start, s.a_end),
                    target=_text(target, s.b_start, s.b_end),
                    line=origin.line if origin else None,
                    folio=origin.folio if origin else None,
                    section=origin.section if origin else None,
                ),
            )
        )
    # In the draft's order; at one place, the correction before the copying difference.
    ordered = sorted(
        enumerate(entries), key=lambda e: (e[1][0], e[1][1].status is model.Status.COPY, e[0])
    )
    return model.Trace(final.source, target.source, tuple(e for _, (_, e) in ordered))


def _context_lost(segments: Sequence[Segment], start: int, end: int, final: Witness) -> bool:
    """Whether the target lacks the passage around final[start:end], not only the correction."""
    sides = [_in_deletion(segments, start - 1, len(final)), _in_deletion(segments, end, len(final))]
    known = [s for s in sides if s is not None]
    return bool(known) and all(known)


def _overlapping(segments: Sequence[Segment], f0: int, f1: int, t0: int, t1: int) -> list[int]:
    """The changed segments that touch a[f0:f1] (or its place) or b[t0:t1]."""
    out = []
    for k, s in enumerate(segments):
        if s.op is Op.EQUAL:
            continue
        on_a = (s.a_start < f1 and f0 < s.a_end) or (
            f0 == f1
            and s.a_start <= f0 <= s.a_end
            and (s.a_start == s.a_end or s.a_start < f0 < s.a_end)
        )
        on_b = s.b_start < t1 and t0 < s.b_end
        if on_a or on_b:
            out.append(k)
    return out


class _Anchors:
    """Tokens that base, final and target all share, at one place in each: the fixed points.

    A final token is an anchor when the final/target alignment has it equal
    to a target token, the base/final alignment equal to a base token, and
    the base/target alignment that base token equal to the same target token.
    """

    def __init__(
        self,
        base_final: Sequence[Segment],
        final_target: Sequence[Segment],
        base_target: Sequence[Segment],
        base_size: int,
        final_size: int,
    ) -> None:
        f_to_b = _equal_map(_swap(base_final), final_size)
        f_to_t = _equal_map(final_target, final_size)
        b_to_t = _equal_map(base_target, base_size)
        self.f_to_b, self.f_to_t = f_to_b, f_to_t
        self.indices = [
            i
            for i in range(final_size)
            if f_to_t[i] >= 0 and f_to_b[i] >= 0 and b_to_t[f_to_b[i]] == f_to_t[i]
        ]
        self.base_size, self.final_size = base_size, final_size

    def around(
        self, b0: int, b1: int, f0: int, f1: int, target_size: int
    ) -> tuple[int, int, int, int, int, int]:
        """(final, base, target) starts and ends of the stretch between the anchors around."""
        k = bisect.bisect_left(self.indices, f0) - 1
        while k >= 0 and self.f_to_b[self.indices[k]] >= b0:
            k -= 1
        if k >= 0:
            left = self.indices[k]
            fl, bl, tl = left + 1, self.f_to_b[left] + 1, self.f_to_t[left] + 1
        else:
            fl = bl = tl = 0
        k = bisect.bisect_left(self.indices, f1)
        while k < len(self.indices) and self.f_to_b[self.indices[k]] < b1:
            k += 1
        if k < len(self.indices):
            right = self.indices[k]
            fr, br, tr = right, self.f_to_b[right], self.f_to_t[right]
        else:
            fr, br, tr = self.final_size, self.base_size, target_size
        return fl, bl, tl, fr, br, tr


def _equal_map(segments: Sequence[Segment], size: int) -> list[int]:
    """For each a token, the b token an equal segment pairs it with, or -1."""
    out = [-1] * size
    for s in segments:
        if s.op is Op.EQUAL:
            for k in range(s.a_end - s.a_start):
                out[s.a_start + k] = s.b_start + k
    return out


def _union_matches(
    region: tuple[int, ...],
    base: Witness,
    final: Witness,
    target: Witness,
    base_final: Diff,
    owner_b: list[int],
    owner_f: list[int],
) -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    """The region's base and final tokens merged in one sequence, and its matches in the target.

    Each token of the union is (correction, side): the correction that owns
    it (-1 for none) and ``base`` or ``final`` (a token both layers share is
    ``final``: a restored word). The matches are (union index, target index)
    pairs, target indices counted from the region's start.
    """
    fl, bl, tl, fr, br, tr = region
    union: list[tuple[int, str]] = []
    keys: list[str] = []
    for s in base_final.segments:
        a0, a1 = max(s.a_start, bl), min(s.a_end, br)
        c0, c1 = max(s.b_start, fl), min(s.b_end, fr)
        if s.op is Op.EQUAL:
            for j in range(c0, c1):
                union.append((owner_f[j], "final"))
                keys.append(final.keys[j])
            continue
        # A change holding several corrections: their tokens in document order
        # (an addition before a deletion stays before it), each base side first.
        changed: list[tuple[int, int, int, str]] = []  # (correction, order, owner, side)
        for side, owners, r in (
            ("base", owner_b, range(a0, a1)),
            ("final", owner_f, range(c0, c1)),
        ):
            last = -1
            for i in r:
                last = owners[i] if owners[i] >= 0 else last
                changed.append((last, len(changed), owners[i], side))
        sides = {"base": (base, a0), "final": (final, c0 - (a1 - a0))}
        for _, k, owner, side in sorted(changed):
            witness, offset = sides[side]
            union.append((owner, side))
            keys.append(witness.keys[offset + k])
    # A word of a correction that repeats beside it is the one the target lacks
    # (a struck word written again: the target read the final layer).
    owned = [owner >= 0 for owner, _ in union]
    stretch = target.keys[tl:tr]
    aligned = slide(align_raw(keys, stretch), keys, stretch, owned)
    matches = [
        (s.a_start + k, s.b_start + k)
        for s in aligned
        if s.op is Op.EQUAL
        for k in range(s.a_end - s.a_start)
    ]
    return union, matches


def _judge(
    n: int, union: list[tuple[int, str]], matches: list[tuple[int, int]], size: int
) -> tuple[model.Status, int, int]:
    """The status of correction ``n`` and the target range that reads at its place.

    The correction's tokens in the union are its base side and its final
    side; the target adopted it when it has all of the final side and none of
    the base side, rejected it in the opposite case. A deletion whose words
    the target lacks is adopted, an addition it lacks rejected, unless the
    target has other words in just that place.
    """
    own = [u for u, (owner, _) in enumerate(union) if owner == n]
    base_side = {u for u in own if union[u][1] == "base"}
    final_side = {u for u in own if union[u][1] == "final"}
    u_lo, u_hi = min(own), max(own) + 1
    before = [(u, t) for u, t in matches if u < u_lo]
    after = [(u, t) for u, t in matches if u >= u_hi]
    pu, pt = before[-1] if before else (-1, -1)
    nu, nt = after[0] if after else (len(union), size)
    inside = [(u, t) for u, t in matches if u_lo <= u < u_hi]
    matched_base = sum(1 for u, _ in inside if u in base_side)
    matched_final = sum(1 for u, _ in inside if u in final_side)
    only_this = all(union[u][0] == n for u in range(pu + 1, nu))
    matched_t = {t for _, t in matches}
    stranger = any(t not in matched_t for t in range(pt + 1, nt))
    if inside:
        t0, t1 = min(t for _, t in inside), max(t for _, t in inside) + 1
        if only_this:
            t0, t1 = pt + 1, nt
    elif only_this or stranger:
        t0, t1 = pt + 1, nt
    else:
        t0 = t1 = pt + 1
    # Other words in the target where the correction stands (alone or with its
    # neighbours): a rewritten passage, not a word left out.
    if matched_final == len(final_side) and not matched_base and (final_side or not stranger):
        return model.Status.ADOPTED, t0, t1
    if matched_base == len(base_side) and not matched_final and (base_side or not stranger):
        return model.Status.REJECTED, t0, t1
    reading = t1 - t0
    to_final = 2 * matched_final / (len(final_side) + reading) if final_side else 0.0
    to_base = 2 * matched_base / (len(base_side) + reading) if base_side else 0.0
    if to_final >= 0.5 and to_final > to_base:
        return model.Status.ADOPTED, t0, t1
    if to_base >= 0.5 and to_base > to_final:
        return model.Status.REJECTED, t0, t1
    return model.Status.OTHER, t0, t1

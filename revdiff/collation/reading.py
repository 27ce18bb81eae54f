"""What is read off a finished collation table: its spans (segmentation) and its
transpositions (the moves found as witnesses joined, as places in the table).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Place, Transposition
from .table import Column, Table

__all__ = ["spans_of", "transpositions_of"]


def _signature(column: Column, keys: Sequence[str]) -> tuple[int, ...]:
    """How a column divides the witnesses into readings: equal keys one reading, a gap one."""
    seen: dict[str | None, int] = {}
    found = [None if i is None else k[i] for k, i in zip(keys, column, strict=True)]
    return tuple([seen.setdefault(key, len(seen)) for key in found])


def spans_of(
    columns: Sequence[Column],
    keys: Sequence[str],
    agrees: Sequence[bool],
    cuts: set[int],
) -> tuple[range, ...]:
    """Segmentation: runs of adjacent columns that divide the witnesses alike, cut at ``cuts``
    (where a moved passage starts or ends)."""
    agreed = (0,) * len(keys)
    spans: list[range] = []
    start, last = 0, None
    for p in range(len(columns)):
        signature = agreed if agrees[p] else _signature(columns[p], keys)
        if p and (signature != last or p in cuts):
            spans.append(range(start, p))
            start = p
        last = signature
    if columns:
        spans.append(range(start, len(columns)))
    return tuple(spans)


def transpositions_of(
    table: Table,
    columns: Sequence[Column],
    keys: Sequence[str],
    majority: Sequence[str],
) -> tuple[Transposition, ...]:
    """The moves found as witnesses joined, as places in the finished table; moves that
    share a place are one transposition."""
    if not table.moved:
        return ()
    position = {c: p for p, c in enumerate(table.order)}
    ranges: list[range] = []  # two per move: where the table had it, where the witness had it
    for pair in table.moved:
        for ids in pair:
            at = sorted(position[c] for c in ids)
            ranges.append(range(at[0], at[-1] + 1))
    # The two places of a move are one transposition, and so are places that overlap: each
    # range is in one group, and two groups joined move the smaller's ranges to the larger.
    group = list(range(len(ranges)))
    members: dict[int, list[int]] = {k: [k] for k in range(len(ranges))}

    def unite(k: int, other: int) -> None:
        big, small = group[k], group[other]
        if big == small:
            return
        if len(members[big]) < len(members[small]):
            big, small = small, big
        for m in members[small]:
            group[m] = big
        members[big] += members.pop(small)

    for k in range(0, len(ranges), 2):
        unite(k, k + 1)
    by_start = sorted(range(len(ranges)), key=lambda k: ranges[k].start)
    reach = -1
    for before, k in zip([-1, *by_start], by_start, strict=False):
        if before >= 0 and ranges[k].start < reach:
            unite(k, before)
        reach = max(reach, ranges[k].stop)
    groups = [[ranges[k] for k in sorted(held)] for held in members.values()]
    out: list[Transposition] = []
    for held in groups:
        places = []
        for r in _merged(held):
            readers = tuple(w for w in range(len(keys)) if _reads(columns, keys, majority, r, w))
            places.append(Place(r, readers))
        if len(places) > 1:
            out.append(Transposition(tuple(places)))
    return tuple(sorted(out, key=lambda m: m.places[0].columns.start))


def _merged(ranges: list[range]) -> list[range]:
    """Ranges that overlap joined, in order."""
    out: list[range] = []
    for r in sorted(ranges, key=lambda r: r.start):
        if out and r.start < out[-1].stop:
            out[-1] = range(out[-1].start, max(out[-1].stop, r.stop))
        else:
            out.append(r)
    return out


def _reads(
    columns: Sequence[Column],
    keys: Sequence[str],
    majority: Sequence[str],
    place: range,
    w: int,
) -> bool:
    """Whether the witness reads the passage at the place: the column's key in at least
    half of its columns (a word changed inside the passage does not take it away)."""
    same = 0
    for p in place:
        i = columns[p][w]
        if i is not None and keys[w][i] == majority[p]:
            same += 1
    return 2 * same >= len(place) and same > 0

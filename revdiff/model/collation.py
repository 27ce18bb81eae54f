"""A collation: many witnesses in one alignment table (made by :func:`revdiff.collation.collate`).

A :class:`Collation` holds the table twice over, cheaply: ``columns``, one
token of each witness a column (the alignment itself), and ``spans``, the
columns as they are shown, each a run of adjacent columns merged by
segmentation (CollateX's word: where the same witnesses differ, or all
agree, over several columns, the run is one column). Its ``moves`` are the
passages the witnesses read at different places of the table
(:class:`Transposition`, each standing at two or more :class:`Place`\\ s).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import is_not, itemgetter

from .witness import LineTokens, Witness

__all__ = ["Collation", "Place", "Transposition"]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a transposed passage stands: a run of the table's columns, and the witnesses
    (by index) that read the passage there."""

    columns: range
    witnesses: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Transposition:
    """A passage that some witnesses read in one place and others in another (a move).

    ``places`` are in the table's order, two or more: the passage has the same
    keys at each. A witness reads it at one place (or at none, if it lacks it).
    """

    places: tuple[Place, ...]


@dataclass(frozen=True, slots=True)
class Collation:
    """Witnesses and the columns aligning them.

    ``columns[c][w]`` is a token index of witness ``w`` or None (a gap); each
    witness's tokens appear once each, in order. ``spans`` cut the columns
    into the runs that are shown as one column each, in order and without a
    gap (given as ``()``: one column each, no segmentation). ``moves`` are the
    transpositions found (none unless asked for). ``agreed`` says of each span
    whether every witness reads it alike (:meth:`span_agrees`): made from the
    columns when not given (the collation knows it already and gives it).
    """

    witnesses: tuple[Witness, ...]
    columns: tuple[tuple[int | None, ...], ...]
    spans: tuple[range, ...] = ()
    moves: tuple[Transposition, ...] = ()
    agreed: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        if not self.spans:
            object.__setattr__(
                self, "spans", tuple(range(c, c + 1) for c in range(len(self.columns)))
            )
        if not self.agreed:
            agreed = tuple(all(map(self.agrees, s)) for s in self.spans)
            object.__setattr__(self, "agreed", agreed)
        if len(self.agreed) != len(self.spans):
            raise ValueError("a collation says of each of its spans whether it agrees")
        ends = [0, *(e for s in self.spans for e in (s.start, s.stop)), len(self.columns)]
        if ends[::2] != ends[1::2] or any(not s for s in self.spans):
            raise ValueError("a collation's spans cut its columns into runs, in order")

    def cell(self, column: int, witness: int) -> str | None:
        """The witness's surface text in the column (with its trailing white space), or None."""
        index = self.columns[column][witness]
        return None if index is None else self.witnesses[witness].texts[index]

    def rows(self) -> list[tuple[str | None, ...]]:
        """One row per witness: each column's token, stripped, or None."""
        return [
            tuple(
                None if c[w] is None else self.witnesses[w].texts[c[w]].strip()  # type: ignore[index]
                for c in self.columns
            )
            for w in range(len(self.witnesses))
        ]

    def agrees(self, column: int) -> bool:
        """Whether every witness has a token in the column, all with one key."""
        keys = {
            None if i is None else self.witnesses[w].keys[i]
            for w, i in enumerate(self.columns[column])
        }
        return None not in keys and len(keys) == 1

    def span_agrees(self, span: int) -> bool:
        """Whether every column of the span agrees (:meth:`agrees`)."""
        return self.agreed[span]

    def _span_counts(self) -> list[tuple[int, ...]]:
        """How many tokens each witness has in each span (an agreeing span: all of them)."""
        columns, n = self.columns, len(self.witnesses)
        out: list[tuple[int, ...]] = []
        for span, agreed in zip(self.spans, self.agreed, strict=True):
            if agreed:
                out.append((len(span),) * n)
            elif len(span) == 1:
                out.append(tuple(map(is_not, columns[span.start], repeat(None))))
            else:
                present = (map(is_not, columns[c], repeat(None)) for c in span)
                out.append(tuple(map(sum, zip(*present, strict=True))))
        return out

    def token_ranges(self, witness: int) -> list[tuple[int, int]]:
        """Each span's tokens of the witness, as (start, stop): empty where it has none."""
        return self._ranges(self._span_counts(), witness)

    @staticmethod
    def _ranges(counts: list[tuple[int, ...]], witness: int) -> list[tuple[int, int]]:
        ends = list(accumulate(map(itemgetter(witness), counts), initial=0))
        return list(zip(ends, ends[1:], strict=False))

    def readings(self) -> list[tuple[str | None, ...]]:
        """Each span's text in each witness (with its trailing white space), None where the
        witness has no token in it: the cells of the table as shown, made at once."""
        counts = self._span_counts()
        by_witness = []
        for w, witness in enumerate(self.witnesses):
            # Where each span starts in the witness's text: the spans tile it.
            ends = list(accumulate(map(itemgetter(w), counts), initial=0))
            texts = witness.texts
            if isinstance(texts, LineTokens):
                text, at = texts.text, texts.chars_at(ends)
            else:
                text = "".join(texts)
                at = list(map(list(accumulate(map(len, texts), initial=0)).__getitem__, ends))
            # A token's text is never empty: an empty text is an empty range, a gap.
            cells = map(text.__getitem__, map(slice, at, at[1:]))
            by_witness.append([t or None for t in cells])
        return list(zip(*by_witness, strict=True))

    def move_text(self, move: Transposition) -> str:
        """The passage a transposition moves, as its first witness at its first place reads it."""
        place = move.places[0]
        w = place.witnesses[0]
        found = [i for c in place.columns if (i := self.columns[c][w]) is not None]
        return self.witnesses[w].span(found[0], found[-1] + 1) if found else ""

    def span_of(self, column: int) -> int:
        """The span that holds the column."""
        return bisect_right(self.span_starts(), column) - 1

    def span_starts(self) -> list[int]:
        """Where each span starts: ``bisect_right(starts, column) - 1`` is the column's span."""
        return [s.start for s in self.spans]

    def place_spans(self, place: Place) -> range:
        """The spans (the columns as shown) a place stands in."""
        starts = self.span_starts()
        first = bisect_right(starts, place.columns.start) - 1
        return range(first, bisect_right(starts, place.columns.stop - 1))

    def witnesses_as_dicts(self) -> list[dict[str, object]]:
        """Each witness's siglum, source, layer and number of tokens."""
        return [
            {"siglum": w.siglum, "source": w.source, "layer": w.layer, "tokens": len(w)}
            for w in self.witnesses
        ]

    def moves_as_dicts(self) -> list[dict[str, object]]:
        """Each move, numbered from 1: its text, and each place as a run of the shown
        columns (``start``, ``end``: span indices) and the indices of its witnesses."""
        out: list[dict[str, object]] = []
        for n, m in enumerate(self.moves, 1):
            places = []
            for p in m.places:
                spans = self.place_spans(p)
                columns = {"start": spans.start, "end": spans.stop}
                places.append({"columns": columns, "witnesses": list(p.witnesses)})
            out.append({"move": n, "text": self.move_text(m), "places": places})
        return out

    def as_dict(self) -> dict[str, object]:
        """The JSON of ``revdiff collate -f json``: the witnesses, the shown columns' cells,
        and the moves if any were found (:meth:`moves_as_dicts`)."""
        out: dict[str, object] = {
            "witnesses": self.witnesses_as_dicts(),
            "columns": [list(cells) for cells in self.readings()],
        }
        if self.moves:
            out["moves"] = self.moves_as_dicts()
        return out

"""The growing table of a progressive collation: columns, their counts, each witness's row.

See :mod:`revdiff.collation` for what joining a witness does.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

from .. import model
from ..align import align_codes
from ..model import Op
from ..moves import transpositions

__all__ = ["Column", "Table", "fine"]

# A replacement larger than this (columns times tokens) is not aligned finely.
FINE_LIMIT = 250_000

# Until the table holds this many witnesses, a witness is aligned with every column; from
# then on, with the columns of two tokens or more (see Table.add). So the table of three
# witnesses is that of a plain progressive alignment.
ALL_SHOWN = 3

Column = tuple[int | None, ...]


class Table:
    """The growing table.

    Columns are numbered as they are made and keep their number; ``order``
    lists them as they stand. ``key`` is each column's most common key (ties:
    the key that came first). What a column holds is counted without a step
    per token that agrees with it: ``born`` is the witness (by join) that
    made it, ``gaps`` how many witnesses since have had no token there, so it
    holds ``joined - born - gaps`` tokens; for the few columns holding more
    than one key, ``others`` counts each key but the most common one (which
    has the rest) and ``arrival`` lists the keys in the order they came.
    ``shown`` is the key the aligner sees of each column, ``""`` for one left
    out (holding one token: its gaps are not counted, it holds one). ``rows``
    gives, witness by witness in the order they joined, the column of each
    token. ``moved`` holds the columns of the two places of each move found
    as witnesses joined.
    """

    __slots__ = (
        "order",
        "key",
        "born",
        "gaps",
        "others",
        "arrival",
        "joined",
        "rows",
        "moved",
        "decode",
        "shown",
    )

    def __init__(self, first: str, decode: dict[str, str]) -> None:
        self.order = list(range(len(first)))
        self.key = list(first)
        self.born = [0] * len(first)
        self.gaps = [0] * len(first)
        self.others: dict[int, dict[str, int]] = {}
        self.arrival: dict[int, list[str]] = {}
        self.joined = 1
        self.rows: list[list[int]] = [list(self.order)]
        self.moved: list[tuple[list[int], list[int]]] = []
        self.decode = decode  # code point to key, for the moves (which count words)
        self.shown = list(first)  # the key the aligner sees, "" for a column left out

    def _join(self, c: int, k: str) -> None:
        """A token with key ``k``, of the witness joining now, joins column ``c``."""
        if not self.shown[c]:  # left out: it held one token, whatever its gaps say
            self.gaps[c] = self.joined - self.born[c] - 1
        key = self.key[c]
        if k == key:
            self.shown[c] = key  # two tokens or more: shown
            return  # the most common key's count is what the others leave
        others = self.others.get(c)
        if others is None:
            others = self.others[c] = {}
            self.arrival[c] = [key]
        if k not in self.arrival[c]:
            self.arrival[c].append(k)
        n = others[k] = others.get(k, 0) + 1
        # The tokens it holds, this one included, less those of the other keys.
        best = self.joined + 1 - self.born[c] - self.gaps[c] - sum(others.values())
        if n > best or (n == best and self.arrival[c].index(k) < self.arrival[c].index(key)):
            del others[k]
            others[key] = best
            self.key[c] = k
        self.shown[c] = self.key[c]  # two tokens or more: shown

    def _new(self, k: str) -> int:
        self.shown.append(k if self.joined + 1 < ALL_SHOWN else "")
        self.key.append(k)
        self.born.append(self.joined)
        self.gaps.append(0)
        return len(self.key) - 1

    def _keys_of(self, c: int) -> Sequence[str]:
        return self.arrival.get(c) or (self.key[c],)

    def add(self, b: str, min_words: int) -> None:
        """Join a witness (its keys' code points) to the table, finding its moves if
        ``min_words``.

        The witness is aligned with the columns that hold two tokens or more
        (all of them while the table holds fewer than :data:`ALL_SHOWN`
        witnesses): a column of one
        witness's own token (an insertion nobody else has) rarely meets a
        later witness, and each would be a change to align. Where the
        witness has tokens the shown columns lack, the columns there, those
        left out too, are aligned with them again (:meth:`_realign`), so a
        word one earlier witness added joins its column when another has it.
        """
        order, shown = self.order, self.shown
        representative = "".join(map(shown.__getitem__, order))
        segments = align_codes(representative, b)
        found: tuple[model.Move, ...] = ()
        if min_words:
            a_keys, b_keys = (list(map(self.decode.__getitem__, s)) for s in (representative, b))
            segments, found = transpositions(a_keys, b_keys, segments, min_words)
        # Made after the alignment: a long list made before it would be young, and looked
        # through by the garbage collector each time the aligner's segments set it off.
        ids: list[int] = order  # the shown columns, in order
        positions: Sequence[int] = range(len(order))  # where they stand
        if len(representative) < len(order):
            flags = list(map(bool, map(shown.__getitem__, order)))
            ids = list(compress(order, flags))
            positions = list(compress(positions, flags))
        row = [0] * len(b)
        out: list[int] = []
        at = 0  # the table's next position not placed yet
        for s in segments:
            a0, a1, b0, b1 = s.a_start, s.a_end, s.b_start, s.b_end
            if s.op is Op.EQUAL:  # nothing to count: slices only (see _join for the left out)
                start, stop = positions[a0], positions[a1 - 1] + 1
                if at < start:  # left out, before the first shown column
                    self._fill(order[at:start], b, b0, b0, row, out)
                out += order[start:stop]
                row[b0:b1] = ids[a0:a1]
                at = stop
                continue
            # The segment's columns and those left out up to the next shown column.
            stop = positions[a1] if a1 < len(positions) else len(order)
            if stop - at > a1 - a0 and b0 < b1:
                self._realign(order[at:stop], b, b0, b1, row, out)
            else:
                self._fill(order[at:stop], b, b0, b1, row, out)
            at = stop
        if at < len(order):
            self._fill(order[at:], b, len(b), len(b), row, out)
        self.order = out
        self.rows.append(row)
        self.joined += 1
        if self.joined == ALL_SHOWN:  # from now on, only columns of two tokens or more
            moved = {c for pair in self.moved for place in pair for c in place}
            for c in out:
                if self.joined - self.born[c] - self.gaps[c] == 1 and c not in moved:
                    shown[c] = ""
        for m in found:  # both places of a move stay shown, for a witness that moved it again
            here, there = list(ids[m.a_start : m.a_end]), row[m.b_start : m.b_end]
            for c in here + there:
                shown[c] = self.key[c]
            self.moved.append((here, there))

    def _realign(
        self, columns: list[int], b: str, b0: int, b1: int, row: list[int], out: list[int]
    ) -> None:
        """Tokens ``b[b0:b1]`` against the columns standing where they do, some of which the
        aligner was not shown: aligned with all of them now."""
        keys = "".join(map(self.key.__getitem__, columns))
        for s in align_codes(keys, b[b0:b1]):
            if s.op is Op.EQUAL:
                for n in range(s.a_end - s.a_start):
                    row[b0 + s.b_start + n] = columns[s.a_start + n]
                    self._join(columns[s.a_start + n], b[b0 + s.b_start + n])
                out += columns[s.a_start : s.a_end]
            else:
                cut = columns[s.a_start : s.a_end]
                self._fill(cut, b, b0 + s.b_start, b0 + s.b_end, row, out)

    def _fill(
        self, columns: list[int], b: str, b0: int, b1: int, row: list[int], out: list[int]
    ) -> None:
        """Tokens ``b[b0:b1]`` replacing the columns: a token joins a column holding its key
        (the finer alignment, :func:`fine`); between those, the tokens fill the columns from
        the left, and any left over make columns of their own."""
        gaps = self.gaps
        matches = fine(list(map(self._keys_of, columns)), b[b0:b1]) if b0 < b1 else []
        x = y = 0
        for mx, my in [*matches, (len(columns), b1 - b0)]:
            filled = min(mx - x, my - y)
            for n in range(filled):
                row[b0 + y + n] = columns[x + n]
                self._join(columns[x + n], b[b0 + y + n])
            for c in columns[x + filled : mx]:
                gaps[c] += 1
            out += columns[x:mx]
            for j in range(b0 + y + filled, b0 + my):
                row[j] = self._new(b[j])
                out.append(row[j])
            if mx < len(columns):
                row[b0 + my] = columns[mx]
                self._join(columns[mx], b[b0 + my])
                out.append(columns[mx])
            x, y = mx + 1, my + 1

    def agrees(self) -> list[bool]:
        """Of each column as it stands, whether it holds one key and a token of every witness."""
        born, gaps, others = self.born, self.gaps, self.others
        return [not born[c] and not gaps[c] and c not in others for c in self.order]

    def columns(self, joined: Sequence[int]) -> tuple[Column, ...]:
        """The table as columns of token indices, witnesses in the order given
        (``joined``: the order they joined in)."""
        position = dict(zip(self.order, range(len(self.order)), strict=True))
        # One int object per token index, shared by every witness's cells.
        numbers = list(range(max(map(len, self.rows))))
        by_witness: list[list[int | None]] = [[] for _ in joined]
        for row, w in zip(self.rows, joined, strict=True):
            at = dict(zip(map(position.__getitem__, row), numbers, strict=False))
            by_witness[w] = list(map(at.get, range(len(self.order))))
        return tuple(zip(*by_witness, strict=True))


def fine(sets: list[Sequence[str]], tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Matches (column, token) of a longest common subsequence, a token matching any key
    of a column (``sets``: each column's keys)."""
    n, m = len(sets), len(tokens)
    if not n or not m or n * m > FINE_LIMIT:
        return []
    # lengths[x][y]: the longest match of columns[x:] and tokens[y:].
    lengths = [[0] * (m + 1) for _ in range(n + 1)]
    for x in range(n - 1, -1, -1):
        row, below = lengths[x], lengths[x + 1]
        for y in range(m - 1, -1, -1):
            if tokens[y] in sets[x]:
                row[y] = below[y + 1] + 1
            else:
                row[y] = max(below[y], row[y + 1])
    matches: list[tuple[int, int]] = []
    x = y = 0
    while x < n and y < m:
        if tokens[y] in sets[x] and lengths[x][y] == lengths[x + 1][y + 1] + 1:
            matches.append((x, y))
            x, y = x + 1, y + 1
        elif lengths[x + 1][y] >= lengths[x][y + 1]:
            x += 1
        else:
            y += 1
    return matches

"""Many witnesses at once: an alignment table, one row per witness, columns of aligned tokens.

Progressive alignment against a growing table. The first witness makes one
column per token. Each later witness is aligned with the table's sequence of
columns, each column standing for the key most of its tokens have (ties: the
earliest witness's), by the pairwise aligner (:func:`revdiff.align.align_codes`).
Where the two agree, the witness's token joins the column; where the table
has columns the witness lacks, the witness has a gap there; where the witness
has tokens the table lacks, they make new columns. Where a stretch of columns
stands against a stretch of the witness's tokens (a replacement), a second,
finer alignment matches a token to a column holding any token with its key
(not only the column's majority key); between those matches, the witness's
tokens fill the stretch's columns from the left, as variant readings (the
"white"/"shiny" column of CollateX's "black cat" example), and any tokens
left over make new columns.

The cost grows with the number of witnesses times their length: each column
keeps its count of each key up to date as tokens join it (most columns hold
one key, and only a count), a witness's row is one list of column numbers,
written once and never copied, and the join order comes from counts made
once per witness (:func:`guide_order`).

Identical witnesses get identical rows, and where the witnesses agree the
order they are given in does not change what is aligned with what (a
property the tests check).

Two things are read off the table at the end. *Segmentation*: adjacent
columns in which the witnesses fall into the same readings (all agree; or
the same witnesses differ, a gap being a reading of its own) are one span,
shown as one column. *Moves* (``moves=N``): when a witness joins, a passage
of N words or more that the table has in one place and the witness in
another, with the same keys (as :func:`revdiff.moves.find_moves` finds them
in a diff), is kept apart in columns of its own at each place and reported
as a :class:`~revdiff.model.Transposition`; a passage moved again by a
later witness is one transposition with a third place.

>>> from revdiff.tokenize import plain_witness
>>> ws = [plain_witness(t, s, s) for s, t in [("A", "The black cat"),
...       ("B", "The black and white cat"), ("C", "The black and shiny cat")]]
>>> for row in collate(ws).rows(): print(row)
('The', 'black', None, None, 'cat')
('The', 'black', 'and', 'white', 'cat')
('The', 'black', 'and', 'shiny', 'cat')
>>> [tuple(s) for s in collate(ws).spans]
[(0, 1), (2,), (3,), (4,)]
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, compress

from . import model
from ._names import moved
from .align import Codes, align_codes
from .errors import RevdiffError
from .model import LineKeys, Op, Place, Transposition, Witness
from .moves import transpositions
from .tokenize import Normalizer, normalize

__all__ = ["collate", "guide_order"]

__getattr__ = moved(__name__, {"Collation": "revdiff.model.Collation"})

# A replacement larger than this (columns times tokens) is not aligned finely.
_FINE_LIMIT = 250_000

# Until the table holds this many witnesses, a witness is aligned with every column; from
# then on, with the columns of two tokens or more (see _Table.add). So the table of three
# witnesses is that of a plain progressive alignment.
_ALL_SHOWN = 3

Column = tuple[int | None, ...]


def collate(
    witnesses: Sequence[Witness],
    *,
    normalizer: Normalizer | None = None,
    segment: bool = True,
    moves: int = 0,
) -> model.Collation:
    """Align any number of witnesses in one table (to collate sources, ``path[#layer]``,
    see :func:`revdiff.api.collate`).

    ``normalizer`` says which differences do not count (the keys tokens are
    compared on); the table shows each witness's own surfaces. ``segment``
    merges adjacent columns in which the same witnesses differ (or all
    agree) into one span; False leaves one token a column. ``moves``: a
    passage of that many words or more read at different places is a
    transposition (0, the default: none are looked for).
    """
    if any(isinstance(w, str) for w in witnesses):
        raise TypeError("collate() takes witnesses; revdiff.collate reads sources (paths)")
    read = tuple(normalize(w, normalizer) if normalizer else w for w in witnesses)
    if not read:
        raise RevdiffError("nothing to collate: give at least one witness")
    with _collector_paused():
        keys, decode, counts = _coded(read)
        order = _guide_order(keys, counts)
        table = _Table(keys[order[0]], decode)
        for k in order[1:]:
            table.add(keys[k], moves)
        columns = table.columns(order)
        majority = [table.key[c] for c in table.order]
        places = _transpositions(table, columns, keys, majority)
        agrees = table.agrees()
        cuts = {e for m in places for p in m.places for e in (p.columns.start, p.columns.stop)}
        if segment:
            spans = _spans(columns, keys, agrees, cuts)
        else:
            spans = tuple(range(c, c + 1) for c in range(len(columns)))
        agreed = tuple(all(agrees[c] for c in s) for s in spans)
        return model.Collation(read, columns, spans, places, agreed)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the table is built.

    The table is a few long lists and the aligner makes many small objects,
    none of them in a cycle: reference counting frees all of it. Left
    running, the collector would look through the long lists each time the
    small objects set it off, a cost that grows with the table (a tenth of
    the time of twenty witnesses). It runs again afterwards, as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Lines(dict[str, tuple[str, ...]]):
    """A plain text's line to the keys of its tokens, each line split and each surface keyed
    once, for every witness with this key function (copies of a text share most lines)."""

    __slots__ = ("split", "key", "words")

    def __init__(self, split: Callable[[str], list[str]], key: Callable[[str], str]) -> None:
        super().__init__()
        self.split = split
        self.key = key
        self.words: dict[str, str] = {}

    def keys_of(self, tokens: Iterable[str]) -> tuple[str, ...]:
        words = self.words
        return tuple([words[t] if t in words else words.setdefault(t, self.key(t)) for t in tokens])

    def __missing__(self, line: str) -> tuple[str, ...]:
        made = self[line] = self.keys_of(self.split(line))
        return made


def _coded(
    witnesses: Sequence[Witness],
) -> tuple[list[str], dict[str, str], list[Counter[str]]]:
    """Each witness's keys as a string of code points, one character a key; the key of
    each code point; and each witness's count of each key.

    The table compares, counts and aligns one character per token, and the
    aligner gets strings it need not code again (:func:`revdiff.align.align_codes`).
    Codes are given in the keys' sorted order, so that two witnesses' code
    strings compare as their keys do. A plain text's keys are made line by
    line, a line shared by several witnesses once.
    """
    memos: dict[Callable[[str], str], _Lines] = {}
    pieces: list[list[tuple[str, ...]]] = []
    for w in witnesses:
        keys = w.keys
        if isinstance(keys, LineKeys) and keys.surfaces.lines:
            surfaces = keys.surfaces
            try:
                lines = memos.setdefault(keys.key, _Lines(surfaces.split, keys.key))
            except TypeError:  # an unhashable key function: a memo of its own
                lines = _Lines(surfaces.split, keys.key)
            # The first line's tokens may not be what split gives (white space before them).
            first = lines.keys_of(surfaces.tokens_of(0))
            pieces.append([first, *map(lines.__getitem__, surfaces.lines[1:])])
        else:
            pieces.append([tuple(keys)])
    distinct = set().union(*(lines.words.values() for lines in memos.values()))
    for parts in pieces:
        if len(parts) == 1:
            distinct.update(parts[0])
    codes = Codes()
    for key in sorted(distinct):
        codes[key]  # noqa: B018  (given its code, in order)
    by_line: dict[tuple[str, ...], str] = {}

    def code_of(part: tuple[str, ...]) -> str:
        found = by_line.get(part)
        if found is None:
            found = by_line[part] = "".join(map(codes.__getitem__, part))
        return found

    coded = ["".join(map(code_of, parts)) for parts in pieces]
    # Counted over the keys themselves (each distinct key one object, its hash kept), not
    # over the code strings, whose characters would each be made anew.
    counts = [Counter(chain.from_iterable(parts)) for parts in pieces]
    return coded, {code: key for key, code in codes.items()}, counts


class _Table:
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
        self.shown.append(k if self.joined + 1 < _ALL_SHOWN else "")
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
        (all of them while the table holds fewer than :data:`_ALL_SHOWN`
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
        if self.joined == _ALL_SHOWN:  # from now on, only columns of two tokens or more
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
        (the finer alignment, :func:`_fine`); between those, the tokens fill the columns from
        the left, and any left over make columns of their own."""
        gaps = self.gaps
        matches = _fine(list(map(self._keys_of, columns)), b[b0:b1]) if b0 < b1 else []
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


def _fine(sets: list[Sequence[str]], tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Matches (column, token) of a longest common subsequence, a token matching any key
    of a column (``sets``: each column's keys)."""
    n, m = len(sets), len(tokens)
    if not n or not m or n * m > _FINE_LIMIT:
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


def _signature(column: Column, keys: Sequence[str]) -> tuple[int, ...]:
    """How a column divides the witnesses into readings: equal keys one reading, a gap one."""
    seen: dict[str | None, int] = {}
    found = [None if i is None else k[i] for k, i in zip(keys, column, strict=True)]
    return tuple([seen.setdefault(key, len(seen)) for key in found])


def _spans(
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


def _transpositions(
    table: _Table,
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
    # The two places of a move are one transposition, and so are places that overlap.
    parent = list(range(len(ranges)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for k in range(0, len(ranges), 2):
        parent[root(k)] = root(k + 1)
    by_start = sorted(range(len(ranges)), key=lambda k: ranges[k].start)
    reach = -1
    for before, k in zip([-1, *by_start], by_start, strict=False):
        if before >= 0 and ranges[k].start < reach:
            parent[root(k)] = root(before)
        reach = max(reach, ranges[k].stop)
    groups: dict[int, list[range]] = defaultdict(list)
    for k, r in enumerate(ranges):
        groups[root(k)].append(r)
    out: list[Transposition] = []
    for members in groups.values():
        places = []
        for r in _merged(members):
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


def guide_order(keys: Sequence[Sequence[str]]) -> list[int]:
    """The order witnesses join the table in: the most central first, then the closest
    to the table.

    Two witnesses share the tokens their keys have in common (counted as
    multisets). The first is the witness that shares most with all the
    others; then, each time, the one that shares most with the table as it
    stands (its keys, each as often as the witness in it that has it most),
    ties to the more central, then to the smaller sequence of keys, and only
    between identical witnesses to the one given first. So the order, and
    with it the table, depends on the witnesses, not on the order they were
    given in. Aligning close witnesses first also keeps two different words
    from sharing a column before a witness that has both comes in.

    Each witness's keys are counted once; a key's count in the table is
    raised only when a witness with more of it joins, and only the
    witnesses having that key are told. Nothing is counted pair by pair.

    >>> guide_order([("a", "b"), ("a", "x", "y"), ("a", "x", "y")])
    [1, 2, 0]
    """
    return _guide_order(keys, [Counter(k) for k in keys])


def _guide_order(keys: Sequence[Sequence[str]], counts: Sequence[Counter[str]]) -> list[int]:
    """:func:`guide_order`, each witness's keys counted already."""
    n = len(keys)
    if n <= 2:
        return sorted(range(n), key=lambda k: (keys[k], k))
    holders: dict[str, list[tuple[int, int]]] = defaultdict(list)  # (count, witness)
    for w, found in enumerate(counts):
        for key, c in found.items():
            holders[key].append((c, w))
    # central[w]: the sum over the other witnesses v of what w and v share,
    # made key by key: in ascending order of count, a witness shares its own
    # count with each witness after it and theirs with each before it.
    central = [0] * n
    for having in holders.values():
        having.sort()
        below = 0
        for p, (c, w) in enumerate(having):
            central[w] += below + c * (len(having) - 1 - p)
            below += c
    rest = set(range(n))
    table: dict[str, int] = {}
    close = [0] * n

    def enter(w: int) -> None:
        rest.discard(w)
        for key, c in counts[w].items():
            before = table.get(key, 0)
            if c > before:
                table[key] = c
                for theirs, v in holders[key]:
                    if v in rest:
                        close[v] += min(theirs, c) - min(theirs, before)

    order = [min(range(n), key=lambda k: (-central[k], keys[k], k))]
    enter(order[0])
    while rest:
        order.append(min(rest, key=lambda k: (-close[k], -central[k], keys[k], k)))
        enter(order[-1])
    return order

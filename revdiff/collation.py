"""Many witnesses at once: an alignment table, one row per witness, columns of aligned tokens.

Progressive alignment against a growing table. The first witness makes one
column per token. Each later witness is aligned with the table's sequence of
columns, each column standing for the key most of its tokens have (ties: the
earliest witness's), by the pairwise aligner (:func:`revdiff.align.align_raw`).
Where the two agree, the witness's token joins the column; where the table
has columns the witness lacks, the witness has a gap there; where the witness
has tokens the table lacks, they make new columns. Where a stretch of columns
stands against a stretch of the witness's tokens (a replacement), a second,
finer alignment matches a token to a column holding any token with its key
(not only the column's majority key); between those matches, the witness's
tokens fill the stretch's columns from the left, as variant readings (the
"white"/"shiny" column of CollateX's "black cat" example), and any tokens
left over make new columns.

Identical witnesses get identical rows, and where the witnesses agree the
order they are given in does not change what is aligned with what (a
property the tests check).

>>> from revdiff.tokenize import plain_witness
>>> ws = [plain_witness(t, s, s) for s, t in [("A", "The black cat"),
...       ("B", "The black and white cat"), ("C", "The black and shiny cat")]]
>>> for row in collate(ws).rows(): print(row)
('The', 'black', None, None, 'cat')
('The', 'black', 'and', 'white', 'cat')
('The', 'black', 'and', 'shiny', 'cat')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from . import model
from ._names import moved
from .align import align_raw
from .errors import RevdiffError
from .model import Op, Witness
from .tokenize import Normalizer, normalize

__all__ = ["collate", "guide_order"]

__getattr__ = moved(__name__, {"Collation": "revdiff.model.Collation"})

# A replacement larger than this (columns times tokens) is not aligned finely.
_FINE_LIMIT = 250_000


def _majority(column: list[int | None], keys: Sequence[tuple[str, ...]]) -> str:
    found = [keys[w][i] for w, i in enumerate(column) if i is not None]
    if len(found) == 1 or len(set(found)) == 1:
        return found[0]
    counts = Counter(found)
    best = max(counts.values())
    return next(k for k in found if counts[k] == best)


def _fine(
    columns: list[list[int | None]],
    keys: Sequence[tuple[str, ...]],
    tokens: Sequence[str],
) -> list[tuple[int, int]]:
    """Matches (column, token) of a longest common subsequence, a token matching any key
    of a column."""
    n, m = len(columns), len(tokens)
    if not n or not m or n * m > _FINE_LIMIT:
        return []
    sets = [{keys[w][i] for w, i in enumerate(c) if i is not None} for c in columns]
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


def _fill(
    out: list[list[int | None]],
    columns: list[list[int | None]],
    token_indices: range,
    width: int,
) -> None:
    """Columns and tokens with no match between them: tokens fill columns from the left."""
    for k, column in enumerate(columns):
        out.append(column + [token_indices[k] if k < len(token_indices) else None])
    for t in token_indices[len(columns) :]:
        out.append([None] * width + [t])


def _add(
    table: list[list[int | None]], keys: Sequence[tuple[str, ...]], witness: tuple[str, ...]
) -> list[list[int | None]]:
    width = len(keys) - 1  # the witnesses already in the table
    representative = [_majority(c, keys) for c in table]
    out: list[list[int | None]] = []
    for s in align_raw(representative, witness):
        if s.op is Op.EQUAL:
            for k in range(s.a_end - s.a_start):
                out.append(table[s.a_start + k] + [s.b_start + k])
            continue
        columns = table[s.a_start : s.a_end]
        matches = _fine(columns, keys, witness[s.b_start : s.b_end])
        x = y = 0
        for mx, my in [*matches, (len(columns), s.b_end - s.b_start)]:
            _fill(out, columns[x:mx], range(s.b_start + y, s.b_start + my), width)
            if mx < len(columns):
                out.append(columns[mx] + [s.b_start + my])
            x, y = mx + 1, my + 1
    return out


def collate(
    witnesses: Sequence[Witness], *, normalizer: Normalizer | None = None
) -> model.Collation:
    """Align any number of witnesses in one table (to collate sources, ``path[#layer]``,
    see :func:`revdiff.api.collate`).

    ``normalizer`` says which differences do not count (the keys tokens are
    compared on); the table shows each witness's own surfaces.
    """
    if any(isinstance(w, str) for w in witnesses):
        raise TypeError("collate() takes witnesses; revdiff.collate reads sources (paths)")
    # A table looks its tokens up one by one: tuples, not lines.
    read = [(normalize(w, normalizer) if normalizer else w).as_tuples() for w in witnesses]
    if not read:
        raise RevdiffError("nothing to collate: give at least one witness")
    order = guide_order([tuple(w.keys) for w in read])
    keys = [tuple(read[k].keys) for k in order]
    table: list[list[int | None]] = [[i] for i in range(len(keys[0]))]
    for n in range(1, len(keys)):
        table = _add(table, keys[: n + 1], keys[n])
    # Back to the order the witnesses were given in.
    position = {k: n for n, k in enumerate(order)}
    columns = tuple(tuple(c[position[w]] for w in range(len(read))) for c in table)
    return model.Collation(tuple(read), columns)


def guide_order(keys: Sequence[tuple[str, ...]]) -> list[int]:
    """The order witnesses join the table in: the closest first, then the closest to those.

    Closeness is the number of tokens two witnesses share (their keys counted
    as multisets); ties go to the smaller sequence of keys, and only between
    identical witnesses to the one given first. So the order, and with it the
    table, depends on the witnesses, not on the order they were given in.
    Aligning close witnesses first also keeps two different words from
    sharing a column before a witness that has both comes in.

    >>> guide_order([("a", "b"), ("a", "x", "y"), ("a", "x", "y")])
    [1, 2, 0]
    """
    if len(keys) <= 2:
        return sorted(range(len(keys)), key=lambda k: (keys[k], k))
    counts = [Counter(k) for k in keys]
    shared = [
        [sum((counts[i] & counts[j]).values()) if i != j else 0 for j in range(len(keys))]
        for i in range(len(keys))
    ]
    first = min(range(len(keys)), key=lambda k: (-sum(shared[k]), keys[k], k))
    order = [first]
    rest = set(range(len(keys))) - {first}
    while rest:
        nearest = min(rest, key=lambda k: (-max(shared[k][j] for j in order), keys[k], k))
        order.append(nearest)
        rest.remove(nearest)
    return order

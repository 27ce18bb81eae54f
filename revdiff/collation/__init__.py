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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from .. import model
from .._names import moved
from ..errors import RevdiffError
from ..model import Witness
from ..tokenize import Normalizer, normalize
from .coding import coded
from .order import guide_order, guide_order_counted
from .reading import spans_of, transpositions_of
from .table import Table

__all__ = ["collate", "guide_order"]

__getattr__ = moved(__name__, {"Collation": "revdiff.model.Collation"})


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
        keys, decode, counts = coded(read)
        order = guide_order_counted(keys, counts)
        table = Table(keys[order[0]], decode)
        for k in order[1:]:
            table.add(keys[k], moves)
        columns = table.columns(order)
        majority = [table.key[c] for c in table.order]
        places = transpositions_of(table, columns, keys, majority)
        agrees = table.agrees()
        cuts = {e for m in places for p in m.places for e in (p.columns.start, p.columns.stop)}
        if segment:
            spans = spans_of(columns, keys, agrees, cuts)
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

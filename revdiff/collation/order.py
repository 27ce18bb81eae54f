"""The order witnesses join a collation's table in (:func:`guide_order`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

__all__ = ["guide_order", "guide_order_counted"]


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
    return guide_order_counted(keys, [Counter(k) for k in keys])


def guide_order_counted(keys: Sequence[Sequence[str]], counts: Sequence[Counter[str]]) -> list[int]:
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

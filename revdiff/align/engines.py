"""The engines that compare, and the blocks they give: diff-match-patch (the only
importer of it), its optional C++ build, and revdiff's optional C loops.

The two optional engines are switches read at each call: setting
``revdiff.align.engines.accelerator`` or ``.speedups`` to None (or the same
names on :mod:`revdiff.align`) turns them off, and the tests compare both paths.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain

from diff_match_patch import diff_match_patch

from ..errors import RevdiffError
from ..model import Op, Segment

__all__ = [
    "accelerator",
    "speedups",
    "ENGINE",
    "Block",
    "Codes",
    "new_engine",
    "dmp_blocks",
    "coded",
    "equal_blocks",
    "join_blocks",
    "to_segments",
]

_DELETE, _EQUAL, _INSERT = (
    diff_match_patch.DIFF_DELETE,
    diff_match_patch.DIFF_EQUAL,
    diff_match_patch.DIFF_INSERT,
)
_SURROGATES = range(0xD800, 0xE000)
_MAX_KEYS = 0x110000 - len(_SURROGATES) - 1


# A matching block: a[i : i + n] equals b[j : j + n], as (i, j, n).
Block = tuple[int, int, int]


def new_engine() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # never let the machine's speed decide the diff
    return dmp


ENGINE = new_engine()  # holds settings only: one serves every call

try:
    # Optional (pip install 'revdiff[fast]'): the C++ build of the same
    # library, several times faster. Its diffs are the same, which the tests
    # check on random inputs; set this to None for the pure-Python path.
    import fast_diff_match_patch as accelerator
except ImportError:  # pragma: no cover - the pure-Python path
    accelerator = None

try:
    # Optional: revdiff's own loops in C (setup.py builds them where it can):
    # the unique keys, their longest run in order, the runs, the common ends
    # of two stretches of lines, with the same results as the Python they
    # stand for, which the tests check; set this to None for the Python.
    from .. import _speedups as speedups
except ImportError:  # pragma: no cover - no C compiler where revdiff was installed
    speedups = None  # type: ignore[assignment]


class Codes(dict[str, str]):
    """Key to code point, the next free one given to each new key (surrogates skipped).

    Its ``__getitem__`` is a dict lookup in C; Python runs once per distinct key.

    >>> code = Codes().__getitem__
    >>> "".join(map(code, ["x", "y", "x"])), "".join(map(code, ["y", "z"]))
    ('\\x01\\x02\\x01', '\\x02\\x03')
    """

    __slots__ = ()

    def __missing__(self, key: str) -> str:
        n = len(self) + 1
        if n >= _SURROGATES.start:
            n += len(_SURROGATES)
        if n > 0x10FFFF:
            raise RevdiffError(f"too many distinct tokens to align (more than {_MAX_KEYS})")
        code = self[key] = chr(n)
        return code


def dmp_blocks(
    a: Sequence[str], b: Sequence[str], i: int, j: int, code: Callable[[str], str]
) -> list[Block]:
    """The equal runs of a minimal diff-match-patch diff of a and b (at i and j)."""
    if len(a) == 1 or len(b) == 1:
        # One token against several: it is either among them or not (what
        # diff-match-patch would find, without its per-call overhead).
        one, many = (a, b) if len(a) == 1 else (b, a)
        if one[0] not in many:
            return []
        at = many.index(one[0])
        return [(i, j + at, 1)] if len(a) == 1 else [(i + at, j, 1)]
    sa, sb = coded(a, code), coded(b, code)
    blocks: list[Block] = []
    if accelerator is not None:
        for op, n in accelerator.diff(sa, sb, timelimit=0, checklines=False, cleanup="No"):
            if op == "=":
                blocks.append((i, j, n))
                i, j = i + n, j + n
            elif op == "-":
                i += n
            else:
                j += n
        return blocks
    return equal_blocks(ENGINE.diff_main(sa, sb, False), i, j)


def coded(keys: Sequence[str], code: Callable[[str], str]) -> str:
    """The code points of keys (a str of them is already that)."""
    return keys if isinstance(keys, str) else "".join(map(code, keys))


def equal_blocks(edits: list[tuple[int, str]], i: int = 0, j: int = 0) -> list[Block]:
    """The equal runs of diff-match-patch's edits, as (i, j, length) from i and j."""
    blocks: list[Block] = []
    for kind, text in edits:
        if kind == _EQUAL:
            blocks.append((i, j, len(text)))
            i, j = i + len(text), j + len(text)
        elif kind == _DELETE:
            i += len(text)
        else:
            j += len(text)
    return blocks


def join_blocks(blocks: list[Block]) -> list[Block]:
    """Blocks sorted and adjacent ones joined, so that no two equal segments touch."""
    blocks.sort()
    joined: list[Block] = []
    for i, j, n in blocks:
        if joined:
            pi, pj, pn = joined[-1]
            if pi + pn == i and pj + pn == j:
                joined[-1] = (pi, pj, pn + n)
                continue
        joined.append((i, j, n))
    return joined


def to_segments(blocks: list[Block], a_len: int, b_len: int) -> tuple[Segment, ...]:
    """Equal segments for the blocks, one change segment for each gap between them."""
    segments: list[Segment] = []
    equal, replace, delete, insert = Op.EQUAL, Op.REPLACE, Op.DELETE, Op.INSERT  # looked up once
    x = y = 0
    for i, j, n in chain(blocks, [(a_len, b_len, 0)]):
        if x < i or y < j:
            op = replace if x < i and y < j else delete if x < i else insert
            segments.append(Segment(op, x, i, y, j))
        if n:
            segments.append(Segment(equal, i, i + n, j, j + n))
        x, y = i + n, j + n
    return tuple(segments)

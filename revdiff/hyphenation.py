"""Words broken by a hyphen at a line's end, made whole again (``-n hyphenation``).

A page-based transcription keeps the page's lines: "diffi-" ends one, "culty"
begins the next. :func:`join_hyphenated` makes the two one token, whose
surface keeps the hyphen and the line end and whose key is the word whole, so
that it is compared with the word written in one piece elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from .chars import WORDISH
from .model import Origin

__all__ = ["HYPHENS", "breaks_before", "join_hyphenated"]

HYPHENS = "-\u00ad\u2010\u2011\u00ac\u2e17="
"""The marks a word broken at a line's end may end its first part with (``-``, soft
hyphen, hyphen, non-breaking hyphen, ``¬``, the double oblique hyphen ``⸗``, ``=``)."""
_LINE_BREAKS = frozenset(["lb", "cb", "pb"])


def breaks_before(origin: Origin | None) -> int | None:
    """Where in its token a line of the source begins (a TEI lb, cb or pb), if it does."""
    if origin is None:
        return None
    for m in origin.markup:
        if m.milestone and m.tag in _LINE_BREAKS:
            return m.start
    return None


def join_hyphenated(
    texts: Sequence[str], origins: Sequence[Origin | None]
) -> tuple[list[str], list[str], list[Origin | None]]:
    """The tokens, each word broken by a hyphen at a line's end made one token, and
    each token's text to key: the word whole.

    The surface keeps the hyphen and the line end (``diffi-\\nculty``); the
    key is the word whole (``difficulty``; ``Nord-Amerika`` where the second
    part begins with a capital, as a compound keeps its hyphen). A line's end
    is one line end in the hyphen's white space (not a blank line), or a TEI
    line, column or page break before the second part (``lb``; with
    ``break="no"``, inside one token).

    >>> texts = ["diffi", "-\\n", "culty ", "and ", "Nord", "-\\n", "Amerika\\n"]
    >>> join_hyphenated(texts, [])[:2]
    (['diffi-\\nculty ', 'and ', 'Nord-\\nAmerika\\n'], ['difficulty', 'and', 'Nord-Amerika'])
    """
    out_texts: list[str] = []
    keys: list[str] = []
    out_origins: list[Origin | None] = []
    n = len(texts)
    i = 0
    while i < n:
        text, origin = texts[i], origins[i] if origins else None
        key = text.strip()
        inside = breaks_before(origin)  # a break="no" inside the token, after a hyphen?
        offset = len(text) - len(text.lstrip())
        at = (inside or 0) - 1 - offset  # where the hyphen would stand in the key
        if inside and 0 < at < len(key) - 1 and key[at] in HYPHENS:
            rest = key[at + 1 :]
            key = key[:at] + (rest if rest[:1].islower() else "-" + rest)
        elif (
            i + 2 < n
            and text == key  # a word, the hyphen right after it
            and WORDISH.match(text[-1:] or " ")
            and len(texts[i + 1].strip()) == 1
            and texts[i + 1].strip() in HYPHENS
            and WORDISH.match(texts[i + 2][:1] or " ")
        ):
            space = texts[i + 1][1:]
            if space.count("\n") == 1 or (
                space and breaks_before(origins[i + 2] if origins else None) == 0
            ):
                second = texts[i + 2].strip()
                out_texts.append(text + texts[i + 1] + texts[i + 2])
                keys.append(key + (second if second[:1].islower() else "-" + second))
                out_origins.append(origin)
                i += 3
                continue
        out_texts.append(text)
        keys.append(key)
        out_origins.append(origin)
        i += 1
    return out_texts, keys, out_origins

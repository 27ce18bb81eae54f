"""The classes of characters tokens are made of, and how two texts meet.

The tokenizer's regexes (:mod:`revdiff.tokenize`), the C loops it configures,
the joining of hyphenated words (:mod:`revdiff.hyphenation`) and the TEI
reader's word boundaries all take their characters from here.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MARKS", "JOINERS", "MARK_CLASS", "WORD_CHAR", "WORDISH", "MARK", "joins", "code_point"]

# The one definition the regexes of revdiff.tokenize and the C loops
# (revdiff._speedups, given them at import) both use.
# A word character is re's \w (str.isalnum, or "_") or a combining mark: marks
# are not \w in Python's re, but they stand inside words (stress marks).
MARKS = (
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)
"""Ranges of code points (first, last) of the combining marks a word may hold."""
JOINERS = "'\u2019\u02bc-\u2010\u2011"
"""An apostrophe or a hyphen: part of a word when a word character stands on both sides."""


def code_point(c: int) -> str:
    """A code point as a regex escape (the pattern stays readable: no bare combining marks)."""
    return f"\\u{c:04x}" if c <= 0xFFFF else f"\\U{c:08x}"


MARK_CLASS = "".join(f"{code_point(first)}-{code_point(last)}" for first, last in MARKS)
"""The combining marks, as the inside of a regex's character class."""
WORD_CHAR = rf"[\w{MARK_CLASS}]"
"""A word character, as a regex (a combining mark is one too)."""
WORDISH = re.compile(rf"[\w{MARK_CLASS}{re.escape(JOINERS)}]")
"""A character that can stand in a word: a word character or a joiner."""
MARK = re.compile(f"[{MARK_CLASS}]")
"""A combining mark."""


def joins(before: str, after: str) -> bool:
    """Whether a token boundary between a text ending in ``before`` and one starting
    with ``after`` is written as a space: where they would otherwise run into one
    token, and after a punctuation mark that does not open (a stop, a comma, a
    middle dot) before a word, as text is written.

    >>> joins("a", "b"), joins("a", ","), joins(".", "b"), joins("(", "b"), joins(".", "\u0301")
    (True, False, True, False, True)
    """
    if not before or not after or before.isspace() or after.isspace():
        return False
    if MARK.match(after):
        return True
    if not WORDISH.match(after):
        return False  # punctuation after a word or a mark stands close to it
    return bool(WORDISH.match(before)) or unicodedata.category(before) not in ("Ps", "Pi")

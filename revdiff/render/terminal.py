"""What reaches a terminal: the text of a source shown, never obeyed.

A plain text, a file name or an error message can hold escape sequences
(``ESC[2J`` clears the screen, OSC 8 makes a link, a lone carriage return
writes over what the line said). Everything revdiff prints for a terminal
(the ``text`` and ``unified`` formats, the tables of traces, layers and
batches, every message) goes through :func:`visible`, which writes each
control character as its escape: ``\\x1b``. JSON, TEI and HTML carry the
characters as data, unchanged.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Diff, Witness

__all__ = ["visible", "visible_diff"]

# C0 controls but tab and line feed, DEL, C1 controls (U+009B is an 8-bit CSI),
# and a carriage return that does not end a line (CRLF stays as it is).
_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def visible(text: str) -> str:
    """``text`` with its control characters escaped (tab, line ends and the rest kept).

    >>> print(visible("a\\x1b[2Jb\\tc\\r\\nd\\re\\x9b"))
    a\\x1b[2Jb	c
    d\\x0de\\x9b
    """
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


def _visible_witness(w: Witness) -> Witness:
    if not _CONTROL.search(w.text):
        return w
    return replace(w, texts=tuple(visible(t) for t in w.texts), keys=tuple(w.keys))


def visible_diff(diff: Diff) -> Diff:
    """The diff with its witnesses' texts escaped for a terminal (segments unchanged)."""
    a, b = _visible_witness(diff.a), _visible_witness(diff.b)
    return diff if a is diff.a and b is diff.b else replace(diff, a=a, b=b)

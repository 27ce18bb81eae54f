"""What a reader assumed where a file was not as it should be: a :class:`Notice`.

The reader is lenient where a file can still be read (TEI without its
namespace, TEI P4, an ``xml:id`` used twice, a span whose anchor is missing),
and says so: each assumption is a notice, returned with what was read (a
:class:`~revdiff.model.TEIDocument`, a :class:`~revdiff.model.Witness`), never
printed by the library. The command line prints each one on standard error.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Finding", "Notice"]


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """Something found in a file, and where (line and column from 1): ``FILE:LINE:COL: …``."""

    file: str
    line: int = 1
    column: int = 1  # 1 where only the line is known
    message: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True, slots=True, order=True)
class Notice(Finding):
    """One thing a reader assumed, and where.

    >>> print(Notice("a.xml", 3, 7, 'no anchor "x": the delSpan is read as empty'))
    a.xml:3:7: warning: no anchor "x": the delSpan is read as empty
    """

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: warning: {self.message}"

"""Errors that revdiff reports to its user, each with an exit status.

The CLI prints ``revdiff: <message>`` on one line and exits with ``exit_code``;
library callers catch :class:`RevdiffError`.
"""

from __future__ import annotations

__all__ = [
    "RevdiffError",
    "InputError",
    "NotXMLError",
    "XMLError",
    "NotTEIError",
    "LayerError",
    "OutputError",
    "SiglumError",
]


class RevdiffError(Exception):
    """Something revdiff cannot do with the input it was given (exit 2, like diff(1))."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())  # always one line


class InputError(RevdiffError):
    """An input cannot be read: missing, a directory, no permission, bad encoding."""


class NotXMLError(InputError):
    """A TEI document was asked for, and the input is not XML (a plain text)."""


class XMLError(RevdiffError):
    """An input is not well-formed XML; names the file, line and column."""

    def __init__(self, source: str, line: int, column: int, reason: str) -> None:
        super().__init__(f"{source}:{line}:{column}: malformed XML: {reason}")
        self.source, self.line, self.column = source, line, column


class NotTEIError(RevdiffError):
    """An input is XML, but not TEI."""


class LayerError(RevdiffError):
    """A layer was asked for that the source does not have."""


class OutputError(RevdiffError):
    """An output cannot be written, or would overwrite an input."""


class SiglumError(RevdiffError):
    """The sigla given (``--siglum``) do not fit the sources: too many, empty, or twice."""

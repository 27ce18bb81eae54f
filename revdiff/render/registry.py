"""Every output revdiff writes, in one table: what is rendered, by format name.

Each subject (a :class:`~revdiff.model.Diff`, a
:class:`~revdiff.model.Collation`, a trace, a TEI document, a synopsis of
witnesses, a document's layers) has its :class:`Formats`: for each format
name, the renderer (``module:function``, imported only when that format is
asked for, so the CLI starts fast) and the extension of a file in that
format. The CLI takes every ``--format`` choice from here, and ``revdiff
batch`` its file extensions. A renderer is ``(value, RenderOptions) -> str``.

To add an output (a CSV table of a collation, say), write its renderer in a
module of :mod:`revdiff.render` (``render/csv.py``: ``render_collation``)
and add one line to :data:`FORMATS` below (``Format(Subject.COLLATION, "csv",
"revdiff.render.csv:render_collation", "csv")``): ``revdiff collate --format
csv`` then offers it.

>>> COLLATION.names
('table', 'json', 'tei', 'html')
>>> DIFF.extension("unified"), REGISTRY[Subject.TRACE].extension("text")
('diff', 'txt')
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from ..model import Collation, Diff, DocumentView, LayerTable, TraceView, Witness
from .options import RenderOptions

__all__ = [
    "Subject",
    "Format",
    "FORMATS",
    "Formats",
    "DIFF",
    "COLLATION",
    "TRACE",
    "DOCUMENT",
    "SYNOPSIS",
    "LAYERS",
    "REGISTRY",
    "FORMATTERS",
    "renderer",
    "render",
]

T = TypeVar("T")


class Subject(StrEnum):
    """What is rendered."""

    DIFF = "diff"  # two witnesses aligned (revdiff diff, html A B, batch)
    COLLATION = "collation"  # many witnesses in one table (revdiff collate)
    TRACE = "trace"  # where each correction of a draft went (revdiff trace)
    DOCUMENT = "document"  # one TEI document, every revision in place (revdiff html FILE)
    SYNOPSIS = "synopsis"  # three or more witnesses side by side (revdiff html A B C)
    LAYERS = "layers"  # the layers a TEI document offers (revdiff layers)


@dataclass(frozen=True, slots=True)
class Format:
    """One output format of a subject: its name, its renderer, a file's extension."""

    subject: Subject
    name: str
    target: str  # module:function
    extension: str


class Formats(Generic[T]):
    """The formats a subject can be rendered in, in the order the CLI offers them."""

    def __init__(self, subject: Subject) -> None:
        self.subject = subject
        self.formats = {f.name: f for f in FORMATS if f.subject is subject}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.formats)

    def extension(self, name: str) -> str:
        return self.formats[name].extension

    def renderer(self, name: str) -> Callable[[T, RenderOptions], str]:
        module, _, function = self.formats[name].target.partition(":")
        found: Callable[[T, RenderOptions], str] = getattr(
            importlib.import_module(module), function
        )
        return found

    def render(self, value: T, name: str, options: RenderOptions | None = None) -> str:
        return self.renderer(name)(value, options or RenderOptions())

    def __repr__(self) -> str:
        return f"Formats({self.subject.value}: {', '.join(self.names)})"


FORMATS: tuple[Format, ...] = (
    # what is rendered, the format's name, its renderer, the extension of a file in it
    Format(Subject.DIFF, "text", "revdiff.render.text:render", "txt"),
    Format(Subject.DIFF, "unified", "revdiff.render.unified:render", "diff"),
    Format(Subject.DIFF, "json", "revdiff.render.json:render", "json"),
    Format(Subject.DIFF, "html", "revdiff.render.html:render", "html"),
    Format(Subject.DIFF, "tei", "revdiff.render.tei:render", "xml"),
    Format(Subject.COLLATION, "table", "revdiff.render.table:render_collation", "txt"),
    Format(Subject.COLLATION, "json", "revdiff.render.json:render_collation", "json"),
    Format(Subject.COLLATION, "tei", "revdiff.render.tei:render_collation", "xml"),
    Format(Subject.COLLATION, "html", "revdiff.render.html.collation:render", "html"),
    Format(Subject.TRACE, "text", "revdiff.render.text:render_trace", "txt"),
    Format(Subject.TRACE, "json", "revdiff.render.json:render_trace", "json"),
    Format(Subject.TRACE, "html", "revdiff.render.html.trace:render", "html"),
    Format(Subject.DOCUMENT, "html", "revdiff.render.html.document:render", "html"),
    Format(Subject.SYNOPSIS, "html", "revdiff.render.html.synopsis:render", "html"),
    Format(Subject.LAYERS, "text", "revdiff.render.text:render_layers", "txt"),
    Format(Subject.LAYERS, "json", "revdiff.render.json:render_layers", "json"),
)
"""Every output: the one table the registry is (the CLI offers a subject's formats in
this order)."""

# Each subject's formats, typed by the value rendered.
DIFF = Formats[Diff](Subject.DIFF)
COLLATION = Formats[Collation](Subject.COLLATION)
TRACE = Formats[TraceView](Subject.TRACE)
DOCUMENT = Formats[DocumentView](Subject.DOCUMENT)
SYNOPSIS = Formats[Sequence[Witness]](Subject.SYNOPSIS)
LAYERS = Formats[LayerTable](Subject.LAYERS)

REGISTRY: dict[Subject, Formats[Any]] = {
    f.subject: f for f in (DIFF, COLLATION, TRACE, DOCUMENT, SYNOPSIS, LAYERS)
}

FORMATTERS: dict[str, str] = {f.name: f.target for f in DIFF.formats.values()}
"""The formats of a diff, ``name -> module:function`` (``DIFF``, as it was first published)."""

Renderer = Callable[[Diff, RenderOptions], str]


def renderer(name: str) -> Renderer:
    """The renderer of a diff in format ``name``."""
    return DIFF.renderer(name)


def render(diff: Diff, name: str = "text", options: RenderOptions | None = None) -> str:
    """A diff in format ``name``."""
    return DIFF.render(diff, name, options)

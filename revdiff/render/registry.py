"""Every output revdiff writes, in one table: what is rendered, by format name.

Each subject (a :class:`~revdiff.model.Diff`, a
:class:`~revdiff.model.Collation`, a trace, a TEI document, a synopsis of
witnesses, a document's layers) has its :class:`Formats`: for each format
name, the renderer (``module:function``, imported only when that format is
asked for, so the CLI starts fast) and the extension of a file in that
format. The CLI takes every ``--format`` choice from here, and ``revdiff
batch`` its file extensions. A renderer is ``(value, RenderOptions) -> str``.

To add an output (a CSV table of a collation, say), write its renderer in a
module of :mod:`revdiff.render` and add one :class:`Format` line to its
subject below: ``revdiff collate --format csv`` then offers it.

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

    name: str
    target: str  # module:function
    extension: str


class Formats(Generic[T]):
    """The formats a subject can be rendered in, in the order the CLI offers them."""

    def __init__(self, subject: Subject, formats: Sequence[Format]) -> None:
        self.subject = subject
        self.formats = {f.name: f for f in formats}

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


DIFF = Formats[Diff](
    Subject.DIFF,
    [
        Format("text", "revdiff.render.text:render", "txt"),
        Format("unified", "revdiff.render.unified:render", "diff"),
        Format("json", "revdiff.render.json:render", "json"),
        Format("html", "revdiff.render.html:render", "html"),
        Format("tei", "revdiff.render.tei:render", "xml"),
    ],
)
COLLATION = Formats[Collation](
    Subject.COLLATION,
    [
        Format("table", "revdiff.render.table:render_collation", "txt"),
        Format("json", "revdiff.render.json:render_collation", "json"),
        Format("tei", "revdiff.render.tei:render_collation", "xml"),
        Format("html", "revdiff.render.html.collation:render", "html"),
    ],
)
TRACE = Formats[TraceView](
    Subject.TRACE,
    [
        Format("text", "revdiff.render.text:render_trace", "txt"),
        Format("json", "revdiff.render.json:render_trace", "json"),
        Format("html", "revdiff.render.html.trace:render", "html"),
    ],
)
DOCUMENT = Formats[DocumentView](
    Subject.DOCUMENT, [Format("html", "revdiff.render.html.document:render", "html")]
)
SYNOPSIS = Formats[Sequence[Witness]](
    Subject.SYNOPSIS, [Format("html", "revdiff.render.html.synopsis:render", "html")]
)
LAYERS = Formats[LayerTable](
    Subject.LAYERS,
    [
        Format("text", "revdiff.render.text:render_layers", "txt"),
        Format("json", "revdiff.render.json:render_layers", "json"),
    ],
)

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

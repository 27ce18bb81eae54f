"""Renderers: one function per format, ``Diff -> str``, looked up by format name.

``FORMATTERS`` maps each format to ``module:function``; the module is imported
only when that format is asked for, so the CLI starts fast and its
``--format`` choices come from this one table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..model import Diff
from .options import RenderOptions, build_date

__all__ = ["FORMATTERS", "RenderOptions", "build_date", "renderer", "render"]


FORMATTERS: dict[str, str] = {
    "text": "revdiff.render.text:render",
    "unified": "revdiff.render.unified:render",
    "json": "revdiff.render.json:render",
    "html": "revdiff.render.html:render",
    "tei": "revdiff.render.tei:render",
}

Renderer = Callable[[Diff, RenderOptions], str]


def renderer(name: str) -> Renderer:
    module, _, function = FORMATTERS[name].partition(":")
    found: Renderer = getattr(importlib.import_module(module), function)
    return found


def render(diff: Diff, name: str = "text", options: RenderOptions | None = None) -> str:
    return renderer(name)(diff, options or RenderOptions())

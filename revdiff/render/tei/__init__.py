"""TEI P5 outputs: a diff as revision markup or an apparatus, a collation as an apparatus.

- :mod:`revdiff.render.tei.diff`: ``to_tei`` (``--format tei`` of ``diff``);
- :mod:`revdiff.render.tei.collation`: ``collation_to_tei`` (``collate -f tei``);
- :mod:`revdiff.render.tei.frame`: the header and checks both share;
- :mod:`revdiff.render.tei.markup`: the sources' inline markup, written again.

The tree is built with :mod:`revdiff.tei.build`, so lxml stays inside
:mod:`revdiff.tei`. :func:`render` and :func:`render_collation` are the
entries of the format registry: the style, the date and the version come
from the options.
"""

from __future__ import annotations

from ...model import Collation, Diff
from ..options import RenderOptions
from .collation import collation_ids, collation_to_tei
from .diff import STYLES, to_tei

__all__ = ["STYLES", "to_tei", "collation_ids", "collation_to_tei", "render", "render_collation"]


def render(diff: Diff, options: RenderOptions) -> str:
    return to_tei(diff, options.tei_style, date=options.date, version=options.version)


def render_collation(collation: Collation, options: RenderOptions) -> str:
    return collation_to_tei(collation, date=options.date, version=options.version)

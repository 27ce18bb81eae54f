"""The diff as TEI P5 (``--format tei``): a thin bridge to :mod:`revdiff.tei.write`.

lxml stays inside :mod:`revdiff.tei`; this module only picks the style, the
date and the version (from the options).
"""

from __future__ import annotations

from ..model import Diff
from .options import RenderOptions


def render(diff: Diff, options: RenderOptions) -> str:
    from ..tei.write import to_tei

    return to_tei(diff, options.tei_style, date=options.date)

"""The diff as TEI P5 (``--format tei``): a thin bridge to :mod:`revdiff.tei.write`.

lxml stays inside :mod:`revdiff.tei`; this module only picks the style and
the date (``options.date``, else ``SOURCE_DATE_EPOCH``, else today, in UTC).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from ..model import Diff
from . import RenderOptions


def _date(options: RenderOptions) -> str:
    if options.date:
        return options.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.date().isoformat()


def render(diff: Diff, options: RenderOptions) -> str:
    from ..tei.write import to_tei

    return to_tei(diff, options.tei_style, date=_date(options))

"""What every renderer is given besides the value it renders: :class:`RenderOptions`.

The version and the date a view or a TEI header prints arrive here, set by
the CLI; :func:`build_date` is the one place ``SOURCE_DATE_EPOCH`` is read.
A renderer reads neither the environment nor the package's version itself.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from .._version import __version__

__all__ = ["RenderOptions", "build_date"]


def build_date(environ: Mapping[str, str] = os.environ) -> str:
    """Today's date (UTC), or the date of ``SOURCE_DATE_EPOCH`` when set, for reproducible builds.

    >>> build_date({"SOURCE_DATE_EPOCH": "0"})
    '1970-01-01'
    """
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    else:
        moment = datetime.datetime.now(tz=datetime.UTC)
    return moment.date().isoformat()


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How a value is rendered; the defaults are what the CLI sets (this version, today)."""

    color: bool = False
    context: int | None = None  # words of context around each change; None: the whole text
    version: str = __version__  # the revdiff a view or a TEI header names
    date: str = field(default_factory=build_date)  # ISO 8601, in views and TEI headers
    tei_style: str = "inline"  # --format tei: inline (revision markup) or apparatus
    show_normalized: bool = False  # text: show spellings that a normalization made equal
    base: int | None = (
        None  # a synopsis: the witness (index) the others of its language are compared with
    )
    # Mark the letters that differ inside replaced words (--refine); None: the
    # format's own default, on for the HTML pair view only.
    refine: bool | None = None

"""Moved: the TEI outputs of diffs and collations are :mod:`revdiff.render.tei`'s.

The old names still work here, with a DeprecationWarning.
"""

from .._names import moved

__getattr__ = moved(
    __name__,
    {
        name: f"revdiff.render.tei.{name}"
        for name in ("to_tei", "STYLES", "collation_to_tei", "collation_ids")
    },
)

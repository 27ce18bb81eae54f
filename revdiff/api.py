"""The library's entry points that read sources (``revdiff.read``)."""

from __future__ import annotations

from .model import Witness
from .sources import load_witness, parse_spec
from .tokenize import Normalizer

__all__ = ["read"]


def read(
    source: str,
    *,
    normalizer: Normalizer | None = None,
    by: str = "word",
    reading: str = "diplomatic",
) -> Witness:
    """Read ``path[#layer]`` (or ``-``) into a witness; a TEI file without a layer is ``final``."""
    return load_witness(parse_spec(source), normalizer=normalizer, by=by, reading=reading)

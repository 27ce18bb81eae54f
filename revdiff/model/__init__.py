"""The small immutable types that flow through revdiff: stdlib only, no I/O.

- :mod:`revdiff.model.witness`: a text as tokens (:class:`Witness`, its
  :class:`Origin` and :class:`Revision`, a plain text held by line in
  :class:`LineTokens`) and two texts aligned (:class:`Diff`, :class:`Segment`,
  :class:`Move`).
"""

from .witness import (
    MILESTONES,
    Diff,
    LineKeys,
    LineTokens,
    Markup,
    Move,
    Op,
    Origin,
    Revision,
    Segment,
    Stats,
    Token,
    Witness,
)

__all__ = [
    "MILESTONES",
    "Op",
    "Revision",
    "Markup",
    "Origin",
    "Token",
    "LineTokens",
    "LineKeys",
    "Witness",
    "Segment",
    "Diff",
    "Stats",
    "Move",
]

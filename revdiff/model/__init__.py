"""The small immutable types that flow through revdiff: stdlib only, no I/O.

- :mod:`revdiff.model.witness`: a text as tokens (:class:`Witness`, its
  :class:`Origin` and :class:`Revision`, a plain text held by line in
  :class:`LineTokens`) and two texts aligned (:class:`Diff`, :class:`Segment`,
  :class:`Move`).
- :mod:`revdiff.model.document`: a TEI document as read (:class:`TEIDocument`,
  the items of its text) and its diplomatic view (:class:`Diplomatic`).
- :mod:`revdiff.model.collation`: many witnesses in one table (:class:`Collation`).
- :mod:`revdiff.model.trace`: where each correction of a draft went
  (:class:`Trace`, its :class:`TraceEntry` and :class:`Status`).
"""

from .collation import Collation
from .document import (
    Boundary,
    Change,
    Chunk,
    Diplomatic,
    DocumentView,
    FolioBreak,
    Group,
    Hand,
    Item,
    LayerTable,
    Metamark,
    Node,
    Paragraph,
    Reading,
    Run,
    Subst,
    TEIDocument,
)
from .trace import Correction, CorrectionKind, Status, Trace, TraceEntry, TraceView
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
    RevisionKind,
    Segment,
    Stats,
    Token,
    Witness,
)

__all__ = [
    "MILESTONES",
    "Op",
    "RevisionKind",
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
    "Hand",
    "Change",
    "Reading",
    "Boundary",
    "Chunk",
    "Metamark",
    "Item",
    "TEIDocument",
    "Run",
    "Group",
    "Subst",
    "FolioBreak",
    "Node",
    "Paragraph",
    "Diplomatic",
    "DocumentView",
    "LayerTable",
    "Collation",
    "Status",
    "CorrectionKind",
    "Correction",
    "TraceEntry",
    "Trace",
    "TraceView",
]

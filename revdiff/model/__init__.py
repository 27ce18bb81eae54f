"""The small immutable types that flow through revdiff: stdlib only, no I/O.

- :mod:`revdiff.model.witness`: a text as tokens (:class:`Witness`, its
  :class:`Origin` and :class:`Revision`, a plain text held by line in
  :class:`LineTokens`);
- :mod:`revdiff.model.diff`: two texts aligned (:class:`Diff`, :class:`Segment`,
  :class:`Move`);
- :mod:`revdiff.model.document`: a TEI document as read (:class:`TEIDocument`,
  the items of its text) and its diplomatic view (:class:`Diplomatic`);
- :mod:`revdiff.model.collation`: many witnesses in one table (:class:`Collation`);
- :mod:`revdiff.model.trace`: where each correction of a draft went
  (:class:`Trace`, its :class:`TraceEntry` and :class:`Status`);
- :mod:`revdiff.model.notice`: what a reader assumed where a file was not as
  it should be (:class:`Notice`).
"""

from . import collation, diff, document, notice, trace, witness
from .collation import *  # noqa: F403
from .diff import *  # noqa: F403
from .document import *  # noqa: F403
from .notice import *  # noqa: F403
from .trace import *  # noqa: F403
from .witness import *  # noqa: F403
from .witness import MILESTONES

__all__ = ["MILESTONES"]
__all__ += witness.__all__
__all__ += diff.__all__
__all__ += document.__all__
__all__ += collation.__all__
__all__ += trace.__all__
__all__ += notice.__all__

"""A trace: what a later witness reads where each correction of a draft stands
(made by :func:`revdiff.tracing.trace`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import TypedDict

from .document import DocumentView
from .witness import Revision, RevisionKind, Witness

__all__ = [
    "Status",
    "CorrectionKind",
    "Correction",
    "TraceEntry",
    "TraceCounts",
    "Trace",
    "TraceView",
]


class Status(StrEnum):
    """What the target did with a correction; ``copy`` for a difference no correction explains."""

    ADOPTED = "adopted"
    REJECTED = "rejected"
    OTHER = "other"
    ABSENT = "absent"
    COPY = "copy"


class CorrectionKind(StrEnum):
    """The kinds of trace entry that are not one revision's element: a ``subst`` (a
    deletion and the addition beside it) and a ``copy`` difference."""

    SUBST = "subst"
    COPY = "copy"


Kind = RevisionKind | CorrectionKind
"""What a trace entry is: a correction named by its revision's element, or one of
:class:`CorrectionKind`."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction: its revisions (a ``subst`` has two), in document order."""

    revisions: tuple[Revision, ...]

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.revisions)

    @property
    def kind(self) -> Kind:
        kinds = {r.kind for r in self.revisions}
        if RevisionKind.RESTORE in kinds:
            return RevisionKind.RESTORE
        if len(self.revisions) > 1 and {RevisionKind.ADD, RevisionKind.DEL} <= kinds:
            return CorrectionKind.SUBST
        return self.revisions[0].kind

    @property
    def hand(self) -> str | None:
        # The hand of the corrected reading: the one who wrote the addition.
        return next((r.hand for r in (*self.added, *self.revisions) if r.hand), None)

    @property
    def change(self) -> str | None:
        return next((r.change for r in (*self.added, *self.revisions) if r.change), None)

    @property
    def added(self) -> tuple[Revision, ...]:
        return tuple(r for r in self.revisions if r.is_addition or r.kind is RevisionKind.RESTORE)


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One correction (or one copying difference) and what the target reads there.

    ``base``, ``final`` and ``target`` are the readings as text (white space
    collapsed); ``line`` is the correction's line in the draft's source,
    ``folio`` and ``section`` where it stands.
    """

    status: Status
    kind: Kind
    hand: str | None
    change: str | None
    base: str
    final: str
    target: str
    revisions: tuple[str, ...] = ()
    line: int | None = None
    folio: str | None = None
    section: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "status": self.status.value,
            "kind": self.kind,
            "hand": self.hand,
            "change": self.change,
            "base": self.base,
            "final": self.final,
            "target": self.target,
            "revisions": list(self.revisions),
            "location": {"line": self.line, "folio": self.folio, "section": self.section},
        }


class TraceCounts(TypedDict):
    """A trace's entries counted: by status, and its corrections by hand and by change."""

    status: dict[str, int]
    hand: dict[str, dict[str, int]]
    change: dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True)
class Trace:
    """The entries of a trace, in the draft's order, and the witnesses compared."""

    draft: str
    target: str
    entries: tuple[TraceEntry, ...]

    def counts(self) -> TraceCounts:
        """Entries by status; corrections by hand and by change, each by status."""
        by_status = Counter(e.status.value for e in self.entries)
        by_hand: dict[str, Counter[str]] = {}
        by_change: dict[str, Counter[str]] = {}
        for e in self.entries:
            if e.status is Status.COPY:
                continue
            by_hand.setdefault(e.hand or "(none)", Counter())[e.status.value] += 1
            by_change.setdefault(e.change or "(none)", Counter())[e.status.value] += 1
        return {
            "status": {s.value: by_status.get(s.value, 0) for s in Status},
            "hand": {h: dict(sorted(c.items())) for h, c in sorted(by_hand.items())},
            "change": {h: dict(sorted(c.items())) for h, c in sorted(by_change.items())},
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "draft": self.draft,
            "target": self.target,
            "entries": [e.as_dict() for e in self.entries],
            "counts": self.counts(),
        }


@dataclass(frozen=True, slots=True)
class TraceView:
    """A trace with what its views show besides: the draft whole, and the target."""

    trace: Trace
    draft: DocumentView
    target: Witness

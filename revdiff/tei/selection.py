"""What a layer selects: the revisions it applies, the witness it follows, and which chunks it shows.

Pure functions over a :class:`~revdiff.model.TEIDocument`; no XML is looked
at here. A layer (:func:`selection`) applies some revisions (none in
``base``, all in ``final``, those of the changes up to one, of one hand, of
the stages up to one) and follows a witness of the apparatus (``wit:ID``) or
its lemma. A chunk is visible (:func:`visible`) when every addition around it
is applied and no deletion around it is (unless a ``restore`` around that
deletion is applied too, or an ``undo`` that points to the deletion or an
element inside it, and no ``redo`` after it), and it stands in the reading
of each ``choice`` and ``app`` that the layer reads.

:class:`LayerMasks` answers the same question for many layers at once: which
of them show a chunk, as the bits of one integer, worked out from the
structure of the layers (a change applies in every later change layer; a
hand in its own layer) rather than layer by layer, so that a view of every
layer (``revdiff html``, ``revdiff layers``) costs little more than one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import LayerError
from ..model import Chunk, Revision, RevisionKind, TEIDocument

__all__ = ["Selection", "selection", "applied_rule", "visible", "Visibility", "LayerMasks"]

_RESTORE, _UNDO, _REDO = RevisionKind.RESTORE, RevisionKind.UNDO, RevisionKind.REDO


@dataclass(frozen=True, slots=True)
class Selection:
    """What a layer reads: the revisions it applies, and the witness of an apparatus
    it follows (None: the lemma). ``kind`` and ``key`` say how it was made
    (``change`` and the change's id, ...), so that many layers can be worked
    out at once (:class:`LayerMasks`)."""

    name: str
    applied: Callable[[Revision], bool]
    witness: str | None = None
    kind: str = "other"
    key: str | None = None


def _all(r: Revision) -> bool:
    return True


def _none(r: Revision) -> bool:
    return False


def selection(doc: TEIDocument, layer: str) -> Selection:
    """The selection a layer of ``doc`` makes, or :class:`~revdiff.errors.LayerError`."""
    if layer == "base":
        return Selection(layer, _none, kind="base")
    if layer == "final":
        return Selection(layer, _all, kind="final")
    kind, _, ident = layer.partition(":")
    if kind == "wit" and ident in doc.witnesses:
        return Selection(layer, _all, ident, kind="wit", key=ident)
    if kind == "stage" and ident in doc.stages:
        upto = frozenset(doc.stages[: doc.stages.index(ident) + 1])
        last = ident == doc.stages[-1]
        return Selection(
            layer,
            lambda r: r.stage in upto if r.stage is not None else last,
            kind="stage",
            key=ident,
        )
    if kind == "hand" and ident in {h.id for h in doc.hands} | {r.hand for r in doc.revisions}:
        return Selection(layer, lambda r: r.hand == ident, kind="hand", key=ident)
    change_ids = [c.id for c in doc.changes]
    if kind != "change":
        ident = layer
    if ident in change_ids:
        upto = frozenset(change_ids[: change_ids.index(ident) + 1])
        return Selection(layer, lambda r: r.change in upto, kind="change", key=ident)
    raise LayerError(
        f"{doc.source}: no layer {layer!r}; the layers there are: {', '.join(doc.layer_names())}"
    )


def applied_rule(doc: TEIDocument, layer: str) -> Callable[[Revision], bool]:
    """Which revisions the layer applies (see :func:`selection`, which also says which
    witness of an apparatus it reads)."""
    return selection(doc, layer).applied


def visible(
    chunk: Chunk, applied: Callable[[Revision], bool], reading: str, witness: str | None = None
) -> bool:
    """Whether a layer that applies ``applied``, reads ``reading`` in ``choice`` and
    follows ``witness`` in an apparatus (None: the lemma) shows the chunk."""
    if chunk.readings and any(r != reading for r in chunk.readings):
        return False
    if chunk.variants:
        if witness is None:
            if not all(v.lemma for v in chunk.variants):
                return False
        elif not all(witness in v.witnesses for v in chunk.variants):
            return False
    revisions = chunk.revisions
    for i, r in enumerate(revisions):
        if r.is_addition:
            if not applied(r):
                return False
        elif r.is_deletion and applied(r):
            restored = any(x.kind is _RESTORE and applied(x) for x in revisions[:i]) or (
                any(x.kind is _UNDO and applied(x) for x in revisions)
                and not any(x.kind is _REDO and applied(x) for x in revisions)
            )
            if not restored:
                return False
    return True


class Visibility:
    """Whether each chunk is shown in one selection, worked out once per kind of chunk.

    Chunks that stand in no revision, ``choice`` or ``app`` are shown in every
    layer; the others share their tuples of revisions, readings and variants
    with the other chunks of the same element, so the answer is kept by
    those tuples (by identity: the document holds them).
    """

    __slots__ = ("applied", "reading", "witness", "memo")

    def __init__(self, chosen: Selection, reading: str) -> None:
        self.applied = chosen.applied
        self.reading = reading
        self.witness = chosen.witness
        self.memo: dict[tuple[int, int, int], bool] = {}

    def __call__(self, chunk: Chunk) -> bool:
        revisions, readings, variants = chunk.revisions, chunk.readings, chunk.variants
        if not (revisions or readings or variants):
            return True
        key = (id(revisions), id(readings), id(variants))
        shown = self.memo.get(key)
        if shown is None:
            shown = self.memo[key] = visible(chunk, self.applied, self.reading, self.witness)
        return shown


class LayerMasks:
    """Which of several layers show each chunk: bit ``i`` of :meth:`chunk` for ``selections[i]``.

    A revision's mask (:meth:`revision`) comes from the layers' structure: a
    change is applied in its own change layer and every later one, a hand
    in its own layer, a stage in its own and every later stage layer (a
    revision of no stage in the last), every revision in ``final`` and the
    witness layers. A chunk's mask then follows from its revisions as
    :func:`visible` does, with bit operations: the cost of a chunk does not
    grow with the number of layers.
    """

    def __init__(self, doc: TEIDocument, selections: Sequence[Selection], reading: str) -> None:
        self.selections = tuple(selections)
        self.reading = reading
        self.all = (1 << len(self.selections)) - 1
        self._every = 0  # layers that apply every revision
        self._by_change: dict[str | None, int] = {}
        self._by_hand: dict[str | None, int] = {}
        self._by_stage: dict[str | None, int] = {}
        self._others: list[tuple[int, Selection]] = []
        self.lemma = 0  # layers that read the lemma of an apparatus
        self._witnesses: list[tuple[int, str]] = []
        changes = [c.id for c in doc.changes]
        stages = list(doc.stages)
        for i, s in enumerate(self.selections):
            bit = 1 << i
            if s.witness is None:
                self.lemma |= bit
            else:
                self._witnesses.append((bit, s.witness))
            if s.kind in ("final", "wit"):
                self._every |= bit
            elif s.kind == "change" and s.key in changes:
                for c in changes[: changes.index(s.key) + 1]:
                    self._by_change[c] = self._by_change.get(c, 0) | bit
            elif s.kind == "hand":
                self._by_hand[s.key] = self._by_hand.get(s.key, 0) | bit
            elif s.kind == "stage" and s.key in stages:
                for t in stages[: stages.index(s.key) + 1]:
                    self._by_stage[t] = self._by_stage.get(t, 0) | bit
                if s.key == stages[-1]:
                    self._by_stage[None] = self._by_stage.get(None, 0) | bit
            elif s.kind != "base":
                self._others.append((bit, s))
        self._revisions: dict[int, int] = {}
        self._chunks: dict[tuple[int, int, int], int] = {}

    def revision(self, r: Revision) -> int:
        """The layers that apply ``r``."""
        found = self._revisions.get(id(r))
        if found is None:
            found = (
                self._every
                | self._by_change.get(r.change, 0)
                | self._by_hand.get(r.hand, 0)
                | self._by_stage.get(r.stage, 0)
            )
            for bit, s in self._others:
                if s.applied(r):
                    found |= bit
            self._revisions[id(r)] = found
        return found

    def chunk(self, chunk: Chunk) -> int:
        """The layers that show ``chunk``."""
        revisions, readings, variants = chunk.revisions, chunk.readings, chunk.variants
        if not (revisions or readings or variants):
            return self.all
        key = (id(revisions), id(readings), id(variants))
        found = self._chunks.get(key)
        if found is None:
            found = self._chunks[key] = self._shown(chunk)
        return found

    def _shown(self, chunk: Chunk) -> int:
        if chunk.readings and any(r != self.reading for r in chunk.readings):
            return 0
        shown = self.all
        if chunk.variants:
            shown = self.lemma if all(v.lemma for v in chunk.variants) else 0
            for bit, witness in self._witnesses:
                if all(witness in v.witnesses for v in chunk.variants):
                    shown |= bit
        revisions = chunk.revisions
        mask = self.revision
        undone = renewed = 0
        for x in revisions:
            if x.kind is _UNDO:
                undone |= mask(x)
            elif x.kind is _REDO:
                renewed |= mask(x)
        undone &= ~renewed
        restored = 0  # the layers that apply a restore around the revisions so far
        for r in revisions:
            if r.is_addition:
                shown &= mask(r)
            elif r.is_deletion:
                shown &= ~mask(r) | restored | undone
            elif r.kind is _RESTORE:
                restored |= mask(r)
        return shown & self.all

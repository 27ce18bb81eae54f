"""What the readings of an ``app`` stand for: witnesses, or revisions in order.

An ``app`` is read in one of three ways, by what its readings say:

- **stages**: readings with ``@varSeq`` (the Whitman Archive's drafts) are
  written one after the other, in the order of their ``varSeq``; each
  reading after the first is an addition at its stage and a deletion, at
  the same stage, of the readings before it. A layer ``stage:N`` reads each
  ``app`` at stage N (``base`` the first, ``final`` the last). Inside a
  reading, an addition is made at the reading's stage and a deletion at the
  next one (when the reading was replaced: ``<rdg varSeq="1"><del
  type="overwrite">``); revisions outside staged readings are applied in the
  last stage only.
- **corrections**: readings typed ``orig`` and ``corr`` (IGNTP's scribal
  corrections, ``<rdg type="orig" hand="p.m.">``, ``<rdg type="corr"
  hand="G">``) are the first hand's text and its correctors' readings, in
  document order: ``base`` reads the ``orig``, ``final`` the last ``corr``, and
  ``hand:X`` the reading of corrector X.
- **witnesses**: otherwise (parallel segmentation: ``lem`` and ``rdg @wit``),
  each reading is read by its witnesses (``wit:ID`` layers), and the layers
  that name no witness read the ``lem`` (or, without one, the first ``rdg``).

The walk (:class:`revdiff.tei.walk.Walk`) calls :func:`read_app` for each
``app`` and walks each reading with the revisions or the
:class:`~revdiff.model.Variant` it gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from lxml import etree

from ..model import Revision, RevisionKind, Variant
from .names import XML_ID as _XML_ID
from .names import T as _T


class Walk(Protocol):
    """What an apparatus needs of the walk that meets it (:class:`.walk.Walk`); named
    here, not imported, so that the walk may call this module without a circle."""

    stages: set[str]
    witnesses: tuple[str, ...]

    def name(self, kind: str) -> str: ...

    def revision(
        self,
        el: etree._Element,
        kind: RevisionKind,
        *,
        ident: str | None = ...,
        stage: str | None = ...,
    ) -> Revision: ...


__all__ = ["readings_of", "read_app", "stage_order", "witness_ids"]

_READINGS = frozenset([_T + "lem", _T + "rdg"])
_CORRECTIONS = frozenset(["orig", "corr"])


def readings_of(children: list[etree._Element]) -> list[etree._Element]:
    """The ``lem`` and ``rdg`` of an ``app``'s children, those in a ``rdgGrp`` too, in order."""
    found: list[etree._Element] = []
    for c in children:
        if c.tag in _READINGS:
            found.append(c)
        elif c.tag == _T + "rdgGrp":
            found.extend(readings_of(list(c)))
    return found


def _sigla(value: str | None) -> list[str]:
    return [s[1:] if s.startswith("#") else s for s in (value or "").split()]


def stage_order(value: str) -> tuple[int, int, str]:
    """How ``varSeq`` values sort: numbers as numbers, before anything else.

    >>> sorted(["10", "2", "b"], key=stage_order)
    ['2', '10', 'b']
    """
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def witness_ids(root: etree._Element) -> tuple[str, ...]:
    """The witnesses of a document's apparatus, in order: those ``listWit`` declares
    (their ``xml:id``, else their ``n``), then any other siglum a ``@wit`` names."""
    found: dict[str, None] = {}
    for w in root.iter(_T + "witness"):
        ident = w.get(_XML_ID) or w.get("n")
        if ident:
            found.setdefault(ident.strip(), None)
    for name in ("lem", "rdg"):
        for r in root.iter(_T + name):
            for siglum in _sigla(r.get("wit")):
                found.setdefault(siglum, None)
    return tuple(found)


Staged = tuple[str | None, str | None] | None
"""For a reading of stages: its own stage and the next (None: not a staged reading)."""


def read_app(
    app: etree._Element, readings: list[etree._Element], walk: Walk
) -> Iterator[tuple[etree._Element, tuple[Revision, ...], Variant | None, Staged]]:
    """Each reading of ``app`` with the revisions it stands in, or its variant, and its stages."""
    staged = [r for r in readings if r.get("varSeq") is not None]
    if staged:
        ordered = sorted(staged, key=lambda r: stage_order(r.get("varSeq", "").strip()))
        ordered += [r for r in readings if r.get("varSeq") is None]
        yield from _in_order(app, ordered, walk, staged=True)
    elif any(r.get("type") in _CORRECTIONS for r in readings if r.tag == _T + "rdg"):
        yield from _in_order(app, readings, walk, staged=False)
    else:
        yield from _by_witness(readings, walk)


def _in_order(
    app: etree._Element, readings: list[etree._Element], walk: Walk, *, staged: bool
) -> Iterator[tuple[etree._Element, tuple[Revision, ...], Variant | None, Staged]]:
    """Readings written one after the other: each after the first adds itself and
    deletes those before it (by its hand, at its stage)."""
    base = app.get(_XML_ID) or walk.name("app")
    if staged:
        walk.stages.update(v.strip() for r in readings if (v := r.get("varSeq")) and v.strip())
    added: list[Revision | None] = [None]
    replacing: list[Revision | None] = [None]
    stages = [(r.get("varSeq") or "").strip() or None for r in readings] if staged else []
    for i, r in enumerate(readings[1:], 1):
        stage = stages[i] if staged else None
        ident = r.get(_XML_ID) or f"{base}.{i}"
        added.append(walk.revision(r, RevisionKind.ADD, ident=ident, stage=stage))
        replacing.append(walk.revision(r, RevisionKind.DEL, ident=f"{ident}.over", stage=stage))
    for i, r in enumerate(readings):
        extra = tuple(x for x in [added[i], *replacing[i + 1 :]] if x is not None)
        own = (stages[i], stages[i + 1] if i + 1 < len(stages) else None) if staged else None
        yield r, extra, None, own


def _by_witness(
    readings: list[etree._Element], walk: Walk
) -> Iterator[tuple[etree._Element, tuple[Revision, ...], Variant | None, Staged]]:
    rdgs = [r for r in readings if r.tag == _T + "rdg"]
    has_lem = len(rdgs) < len(readings)
    named: set[str] = set()
    for r in rdgs:
        named.update(_sigla(r.get("wit")))
    for r in readings:
        is_lem = r.tag == _T + "lem"
        wit = r.get("wit")
        if is_lem and wit is None:  # the lemma without @wit: every witness no rdg names
            witnesses = frozenset(w for w in walk.witnesses if w not in named)
        else:
            witnesses = frozenset(_sigla(wit))
        lemma = is_lem or (not has_lem and r is rdgs[0])
        yield r, (), Variant(lemma, witnesses), None

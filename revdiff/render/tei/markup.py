"""Carried markup: the inline elements of the sources that are not revisions
(Origin.markup: hi, names, dates, pb, lb, gap...), written back around the text
they held where that text is written in one piece: the shared text of an
equal stretch (elements both witnesses have there, alike), or one side of
a change in inline TEI (inside its del or add; an apparatus keeps its rdg
plain text). An element whose text is cut by a change boundary is left out
rather than split, so that no element is written that the source did not have. A milestone is a word boundary to the
reader, so it is written only where the text already has one (break="no"
joins a word: only inside a word of shared text, where it changes no layer).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Witness
from ...tei.build import Element, append_text, element

__all__ = ["Passage", "Mark", "Marked", "Carried", "write"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of text in one output paragraph: the same in a and b, or changed."""

    a: str
    b: str
    changed: bool
    # Where a and b start in their witness's text: the markup there is carried.
    a_at: int = 0
    b_at: int = 0
    # The passage of a moved stretch it belongs to (0: none; see render.tei.diff).
    group: int = 0

    @property
    def shape(self) -> tuple[bool, bool, bool]:
        return (self.changed, bool(self.a), bool(self.b))


@dataclass(frozen=True, slots=True)
class Mark:
    """A carried element in a run of written text: from ``start`` to ``end``
    (a milestone stands at ``start``); ``order`` puts outer elements first."""

    start: int
    end: int
    tag: str
    attributes: tuple[tuple[str, str], ...]
    milestone: bool
    order: int

    @property
    def key(self) -> tuple[int, int, str, tuple[tuple[str, str], ...]]:
        return (self.start, self.end, self.tag, self.attributes)


@dataclass(frozen=True, slots=True)
class Marked:
    """One witness's carried markup, placed in its text: elements by where they
    start (each over the whole of its text in the witness), milestones by
    where they stand."""

    text: str
    element_starts: tuple[int, ...]
    elements: tuple[Mark, ...]
    milestone_starts: tuple[int, ...]
    milestones: tuple[Mark, ...]

    @classmethod
    def of(cls, w: Witness) -> Marked | None:
        """The markup of a witness, or None when it has none (plain text).

        >>> from revdiff.model import Markup, Origin
        >>> o = Origin(markup=(Markup("hi", (("rend", "b"),), 1, 0, 1),))
        >>> m = Marked.of(Witness("a", "a", ("Нужно ", "так"), ("Нужно", "так"), (o, Origin())))
        >>> [(x.tag, x.start, x.end) for x in m.within(0, 9)]
        [('hi', 0, 1)]
        """
        if not any(o is not None and o.markup for o in w.origins):
            return None
        hulls: dict[int, Mark] = {}
        milestones: list[Mark] = []
        at = 0
        for text, o in zip(w.texts, w.origins, strict=True):
            if o is not None and o.markup:
                core = len(text.rstrip())
                for m in o.markup:
                    start, end = at + min(m.start, core), at + min(m.end, core)
                    if m.milestone:
                        milestones.append(Mark(start, start, m.tag, m.attributes, True, m.id))
                    elif start < end:
                        seen = hulls.get(m.id)
                        if seen:  # the element's text runs on over several tokens
                            start, end = min(start, seen.start), max(end, seen.end)
                        hulls[m.id] = Mark(start, end, m.tag, m.attributes, False, m.id)
            at += len(text)
        elements = sorted(hulls.values(), key=lambda m: (m.start, m.order))
        milestones.sort(key=lambda m: (m.start, m.order))
        return cls(
            w.text,
            tuple(m.start for m in elements),
            tuple(elements),
            tuple(m.start for m in milestones),
            tuple(milestones),
        )

    def within(self, start: int, end: int) -> list[Mark]:
        """The elements wholly inside ``text[start:end]`` and the milestones in it,
        placed relative to ``start``."""
        found = [
            Mark(m.start - start, m.end - start, m.tag, m.attributes, False, m.order)
            for m in self._between(self.element_starts, self.elements, start, end)
            if m.end <= end
        ]
        found += [
            Mark(m.start - start, m.start - start, m.tag, m.attributes, True, m.order)
            for m in self._between(self.milestone_starts, self.milestones, start, end)
        ]
        return found

    @staticmethod
    def _between(
        starts: Sequence[int], marks: Sequence[Mark], start: int, end: int
    ) -> Sequence[Mark]:
        return marks[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def boundary(self, at: int) -> bool:
        """Whether the text has a word boundary before ``at`` already (so a milestone there,
        which the reader reads as one, changes nothing)."""
        return at == 0 or self.text[at - 1].isspace()


@dataclass(frozen=True, slots=True)
class Carried:
    """The markup of both witnesses of a diff, and where each may be written."""

    a: Marked | None
    b: Marked | None

    def a_side(self, r: Passage) -> list[Mark]:
        return self._side(self.a, r.a, r.a_at)

    def b_side(self, r: Passage) -> list[Mark]:
        return self._side(self.b, r.b, r.b_at)

    @staticmethod
    def _side(marked: Marked | None, text: str, at: int) -> list[Mark]:
        """Inside a del, add or rdg: the milestone's word boundary must be there already,
        and never ``break="no"`` (the reader joins at it in every layer, shown or not)."""
        if marked is None or not text or marked.text[at : at + len(text)] != text:
            return []
        return [
            m
            for m in marked.within(at, at + len(text))
            if not m.milestone
            or (("break", "no") not in m.attributes and marked.boundary(at + m.start))
        ]

    def shared(self, r: Passage) -> list[Mark]:
        """In text both witnesses share: what both have there, alike."""
        a, b, text = self.a, self.b, r.a
        if a is None or b is None or not text:
            return []
        if (
            a.text[r.a_at : r.a_at + len(text)] != text
            or b.text[r.b_at : r.b_at + len(text)] != text
        ):
            return []
        in_b = {m.key for m in b.within(r.b_at, r.b_at + len(text))}
        kept = []
        for m in a.within(r.a_at, r.a_at + len(text)):
            if m.key not in in_b:
                continue
            if m.milestone and ("break", "no") in m.attributes:
                inside = 0 < m.start < len(text)
                if not inside or text[m.start - 1].isspace() or text[m.start].isspace():
                    continue
            elif m.milestone and not (
                a.boundary(r.a_at + m.start) and b.boundary(r.b_at + m.start)
            ):
                continue
            kept.append(m)
        return kept


def write(parent: Element, text: str, marks: Sequence[Mark]) -> None:
    """Append ``text`` to ``parent`` with the marks around and in it.

    >>> from revdiff.tei.build import tei_root, to_string
    >>> p = tei_root("p")
    >>> write(p, "Нужно так", [Mark(0, 1, "hi", (("rend", "bold"),), False, 1),
    ...                        Mark(6, 6, "lb", (), True, 2)])
    >>> to_string(p).split(">", 1)[1]
    '<hi rend="bold">Н</hi>ужно <lb/>так</p>'

    A ``gap`` stands for the ``[…]`` the reader read in its place, and is written empty.
    """
    if not marks:
        append_text(parent, text)
        return
    stack = [(parent, len(text))]  # the open elements and where each ends
    done = 0

    def upto(at: int) -> None:
        nonlocal done
        if at > done:
            append_text(stack[-1][0], text[done:at])
            done = at

    # At one place: a milestone before an element that opens there; outer elements first.
    for m in sorted(marks, key=lambda m: (m.start, not m.milestone, -m.end, m.order)):
        while len(stack) > 1 and stack[-1][1] <= m.start:
            upto(stack[-1][1])
            stack.pop()
        if not m.milestone and m.end > stack[-1][1]:
            continue  # it would cross an open element: never so in a source, but be safe
        upto(m.start)
        el = element(stack[-1][0], m.tag, **dict(m.attributes))
        if m.tag == "gap":  # the reader's […] for it: the gap is empty again
            done = max(done, m.end)
        elif not m.milestone:
            stack.append((el, m.end))
    while len(stack) > 1:
        upto(stack[-1][1])
        stack.pop()
    upto(len(text))

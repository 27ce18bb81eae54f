"""Unchanged text folded away (``-C N``): which stretch of an unchanged run folds.

The pair and document views fold what the text format leaves out with the
same ``-C N``: every word more than N words from the nearest change. An
unchanged run between two changes keeps N words after the first and N before
the second, so it folds only when it is longer than 2N words; a run before the
first change or after the last keeps only the N words next to the change; a
text with no change at all folds whole. The views put the folded words in a
``<details>`` element whose summary says how much it holds.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Folded", "fold_span"]


def fold_span(length: int, first: bool, last: bool, context: int) -> tuple[int, int] | None:
    """The stretch ``(start, end)`` of an unchanged run of ``length`` words that folds, or None.

    ``first``: no change stands before the run; ``last``: none after it.

    >>> fold_span(10, False, False, 3)  # between two changes: 3 words kept on each side
    (3, 7)
    >>> fold_span(6, False, False, 3) is None  # no longer than 2N: shown whole
    True
    >>> fold_span(10, True, False, 3)  # before the first change
    (0, 7)
    >>> fold_span(10, True, True, 3)  # no change at all
    (0, 10)
    """
    start = 0 if first else context
    end = length if last else length - context
    return (start, end) if end > start else None


@dataclass(frozen=True, slots=True)
class Folded:
    """What a fold's summary says: how many unchanged words, over how many paragraphs,
    and the folios that begin inside it."""

    words: int
    paragraphs: int = 1
    folios: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """The summary line of the fold.

        >>> Folded(1).summary, Folded(1200, 3, ("60", "61")).summary
        ('1 unchanged word', '1,200 unchanged words in 3 paragraphs, ff. 60–61')
        """
        text = f"{self.words:,} unchanged word{'s' if self.words != 1 else ''}"
        if self.paragraphs > 1:
            text += f" in {self.paragraphs:,} paragraphs"
        if len(self.folios) == 1:
            text += f", f. {self.folios[0]}"
        elif self.folios:
            text += f", ff. {self.folios[0]}–{self.folios[-1]}"
        return text

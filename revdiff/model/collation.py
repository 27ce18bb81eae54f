"""A collation: many witnesses in one alignment table (made by :func:`revdiff.collation.collate`)."""

from __future__ import annotations

from dataclasses import dataclass

from .witness import Witness

__all__ = ["Collation"]


@dataclass(frozen=True, slots=True)
class Collation:
    """Witnesses and the columns aligning them: ``columns[c][w]`` is a token index of
    witness ``w`` or None (a gap). Each witness's tokens appear once each, in order."""

    witnesses: tuple[Witness, ...]
    columns: tuple[tuple[int | None, ...], ...]

    def cell(self, column: int, witness: int) -> str | None:
        """The witness's surface text in the column (with its trailing white space), or None."""
        index = self.columns[column][witness]
        return None if index is None else self.witnesses[witness].texts[index]

    def rows(self) -> list[tuple[str | None, ...]]:
        """One row per witness: each column's token, stripped, or None."""
        return [
            tuple(
                None if c[w] is None else self.witnesses[w].texts[c[w]].strip()  # type: ignore[index]
                for c in self.columns
            )
            for w in range(len(self.witnesses))
        ]

    def agrees(self, column: int) -> bool:
        """Whether every witness has a token in the column, all with one key."""
        keys = {
            None if i is None else self.witnesses[w].keys[i]
            for w, i in enumerate(self.columns[column])
        }
        return None not in keys and len(keys) == 1

    def as_dict(self) -> dict[str, object]:
        return {
            "witnesses": [
                {"siglum": w.siglum, "source": w.source, "layer": w.layer} for w in self.witnesses
            ],
            "columns": [
                [self.cell(c, w) for w in range(len(self.witnesses))]
                for c in range(len(self.columns))
            ],
        }

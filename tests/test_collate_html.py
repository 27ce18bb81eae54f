"""revdiff collate --format html: the alignment table of many witnesses, in Chromium too.

The golden file is ``tests/cases/html/collation/`` (run by test_render_html's
``test_golden``, with the case's ``command``).
"""

from __future__ import annotations

import os
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_browser import Opened, browser  # noqa: F401  (the fixture, shared)

from conftest import ROOT
from revdiff.api import collate
from revdiff.cli import cli
from revdiff.model import Collation
from revdiff.render import RenderOptions
from revdiff.render.html import collation_columns, render_collation
from revdiff.render.html.collation import AlignedColumn, ColumnKind
from revdiff.tokenize import plain_witness

FIXED = RenderOptions(version="0.0.0", date="2000-01-01")
SEED = ["tei/draft.xml#base", "tei/draft.xml#final", "tei/telegram.xml"]
PASSAGE = "the black cat sat on the mat"
LONG = "one two three four five six seven eight nine ten eleven twelve"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)"]


def differing(collation: Collation) -> set[int]:
    """The collation's shown columns (spans, from 1) where the witnesses do not all read the
    same key, or a moved passage stands."""
    moved = {s for m in collation.moves for p in m.places for s in collation.place_spans(p)}
    return {
        s + 1 for s in range(len(collation.spans)) if not collation.span_agrees(s) or s in moved
    }


class Tags(HTMLParser):
    """The tags of a page, the numbered columns of its tables, its cells and gaps."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.variant_cols: set[str] = set()
        self.variant_cells = 0
        self.gaps = 0
        self.moved: dict[str, int] = {}  # data-move: how many cells

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "th" and "variant" in classes:
            self.variant_cols.add(found.get("data-col") or "")
        if tag == "td" and "variant" in classes:
            self.variant_cells += 1
        if tag == "td" and (found.get("title") or "").startswith("gap:"):
            self.gaps += 1
        if tag == "td" and found.get("data-move"):
            self.moved[found["data-move"] or ""] = self.moved.get(found["data-move"] or "", 0) + 1


def shown(column: AlignedColumn, w: int) -> str:
    """What a column shows of witness ``w`` (a folded run opened), ¶ marks taken out."""
    if column.kind is ColumnKind.SAME:
        fold = column.fold
        text = column.cells[0] or "" if fold is None else f"{fold.head} {fold.middle} {fold.tail}"
    else:
        text = column.cells[w] or ""
    return " ".join(word for word in text.split() if word != "¶")


def hostile_collation() -> Collation:
    texts = [
        f"Текст {HOSTILE[0]} и {HOSTILE[2]}.\n",
        f"Текст {HOSTILE[1]} и {HOSTILE[2]}.\n",
        "Текст и.\n",
    ]
    ws = [
        replace(plain_witness(t, f"{h}.txt", h), title=h)
        for t, h in zip(texts, HOSTILE, strict=True)
    ]
    return collate(ws)


def test_page_shows_each_variant_column_and_gap() -> None:
    result = collate([str(ROOT / s) for s in SEED])
    page = Tags()
    page.feed(render_collation(result, FIXED))
    assert page.variant_cols == {str(c) for c in differing(result)}
    assert page.variant_cells == len(result.witnesses) * len(differing(result))
    cells = result.readings()
    assert page.gaps == sum(1 for s in differing(result) for t in cells[s - 1] if t is None)


def test_rows_hold_every_word_of_their_witness() -> None:
    long = " ".join(f"w{k}" for k in range(60))
    ws = [
        plain_witness(t, s, s)
        for s, t in [
            ("A", f"The black cat. {long}\n\nNext."),
            ("B", f"The black and white cat. {long} Next."),
        ]
    ]
    result = collate(ws)
    columns = collation_columns(result)
    assert any(c.fold is not None for c in columns)
    for w, witness in enumerate(result.witnesses):
        words = " ".join(shown(c, w) for c in columns).split()
        assert "".join(words) == "".join(witness.text.split())


def test_the_fox_is_five_columns_and_long_runs_fold() -> None:
    texts = [
        "the quick brown fox jumps over the dog",
        "the very slow red fox jumps over the dog",
        "the quick brown fox leaps over the dog",
    ]
    ws = [plain_witness(t, s, s) for s, t in zip("ABC", texts, strict=True)]
    columns = collation_columns(collate(ws))
    assert [c.kind.value for c in columns] == ["same", "variant", "same", "variant", "same"]
    assert columns[1].cells == ("quick brown", "very slow red", "quick brown")
    assert [c.number for c in columns] == [1, 2, 3, 4, 5]
    # A run longer than twice the context folds, keeping the context on each side.
    run = " ".join(f"w{k}" for k in range(50))
    ws = [plain_witness(f"{t} {run}", s, s) for s, t in zip("ABC", texts, strict=True)]
    (last,) = [c for c in collation_columns(collate(ws), context=4) if c.fold is not None]
    assert last.fold is not None
    assert last.fold.head == "over the dog w0" and last.fold.tail == "w46 w47 w48 w49"
    assert last.fold.words == 53 - 8
    page = render_collation(collate(ws), FIXED)
    assert page.count("<details>") == 1 and "… 33 words</summary>" in page


def test_without_segmentation_a_column_is_a_token() -> None:
    texts = [
        "the quick brown fox jumps over the dog",
        "the very slow red fox jumps over the dog",
        "the quick brown fox leaps over the dog",
    ]
    ws = [plain_witness(t, s, s) for s, t in zip("ABC", texts, strict=True)]
    columns = collation_columns(collate(ws, segment=False))
    assert [c.number for c in columns] == list(range(1, 10))
    assert all(len((t or "").split()) <= 1 for c in columns for t in c.cells)
    assert columns[3].cells == (None, "red", None)
    page = Tags()
    page.feed(render_collation(collate(ws, segment=False), FIXED))
    assert page.variant_cols == {"2", "3", "4", "6"} and page.gaps == 2


def test_moves_are_marked_and_listed() -> None:
    texts = [f"{PASSAGE}. {LONG}.", f"{LONG}. {PASSAGE}.", f"{PASSAGE}. {LONG}."]
    ws = [plain_witness(t, s, s) for s, t in zip(("W1", "W2", "W3"), texts, strict=True)]
    result = collate(ws, moves=3)
    (move,) = result.moves
    page = Tags()
    out = render_collation(result, FIXED)
    page.feed(out)
    readers = sum(len(p.witnesses) for p in move.places)
    spans = [len(result.place_spans(p)) for p in move.places]
    assert page.moved == {
        "1": sum(n * len(p.witnesses) for n, p in zip(spans, move.places, strict=True))
    }
    assert readers == 3
    for place in move.places:
        number = result.place_spans(place).start + 1
        assert f'id="col-{number}"' in out and f'href="#col-{number}"' in out


def test_hostile_text_sigla_and_titles_are_escaped() -> None:
    out = render_collation(hostile_collation(), FIXED)
    page = Tags()
    page.feed(out)
    assert page.tags.count("script") == 1  # revdiff's own
    assert "img" not in page.tags
    assert HOSTILE[0] not in out and HOSTILE[1] not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out  # the siglum, as text


def test_cli_collate_html(tmp_path: Path) -> None:
    out = tmp_path / "c.html"
    args = ["collate", *(str(ROOT / s) for s in SEED), "--format", "html"]
    env = {"SOURCE_DATE_EPOCH": "0"}
    result = CliRunner().invoke(cli, [*args, "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(cli, args, env=env)
    assert again.output == out.read_text(encoding="utf-8")
    assert '<time datetime="1970-01-01">' in again.output


# --- in Chromium ----------------------------------------------------------------------


def write(tmp_path: Path, name: str, *sources: str) -> Path:
    out = tmp_path / name
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(
            cli,
            ["collate", *sources, "--format", "html", "-o", str(out)],
            env={"SOURCE_DATE_EPOCH": "0"},
        )
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.browser
def test_collation_in_the_browser(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    expected = differing(collate([str(ROOT / s) for s in SEED]))
    page = Opened(browser, write(tmp_path, "collation.html", *SEED))
    p = page.page
    try:
        highlighted = p.evaluate(
            """() => Array.from(document.querySelectorAll('table.align')).flatMap(table => {
                 const heads = Array.from(table.tHead.rows[0].cells);
                 return heads.filter((th, k) => th.dataset.col && Array.from(table.tBodies[0]
                   .rows).every(tr => getComputedStyle(tr.cells[k] || th).backgroundColor
                   !== 'rgba(0, 0, 0, 0)')).map(th => Number(th.dataset.col));
               })"""
        )
        assert set(highlighted) == expected
        # One row per witness in every strip.
        for table in p.locator("table.align").all():
            assert table.locator("tbody tr").count() == len(SEED)
        page.shot("collation")
        page.check_clean()
    finally:
        page.close()


@pytest.mark.browser
def test_hostile_collation_shows_as_text(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    for n, text in enumerate(
        [f"Текст {HOSTILE[0]} и.\n", f"Текст {HOSTILE[1]} и {HOSTILE[2]}.\n", "Текст и.\n"]
    ):
        (tmp_path / f"w{n}.txt").write_text(text, encoding="utf-8")
    sources = [str(tmp_path / f"w{n}.txt") for n in range(3)]
    page = Opened(browser, write(tmp_path, "hostile.html", *sources))
    p = page.page
    try:
        shown = " ".join(p.locator("table.align").first.inner_text().split())
        assert "script" in shown and "onerror" in shown
        assert p.locator("img").count() == 0
        assert p.locator("script").count() == 1  # revdiff's own
        page.shot("collation-hostile")
        page.check_clean()
    finally:
        page.close()


@pytest.mark.browser
def test_moves_light_up_together_and_folds_open(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    run = " ".join(f"w{k}" for k in range(40))
    texts = [
        f"{PASSAGE}. {LONG}. {run}.",
        f"{LONG}. {PASSAGE}. {run}.",
        f"{PASSAGE}. {LONG}. {run}.",
    ]
    for n, text in enumerate(texts, 1):
        (tmp_path / f"W{n}.txt").write_text(text + "\n", encoding="utf-8")
    out = tmp_path / "moves.html"
    sources = [str(tmp_path / f"W{n}.txt") for n in range(1, 4)]
    result = CliRunner().invoke(
        cli, ["collate", *sources, "-f", "html", "--moves", "3", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = Opened(browser, out)
    p = page.page
    try:
        cells = p.locator("td[data-move='1']")
        assert cells.count() == 3  # W1 and W3 at one place, W2 at the other
        cells.first.hover()
        assert p.locator("td[data-move='1'].lit").count() == 3
        assert p.locator("th[data-move='1'].lit").count() == 2  # both places' headers
        folded = p.locator("td.same details").last
        assert not folded.evaluate("d => d.open")
        assert "w20" not in p.locator("table.align").last.inner_text()
        folded.locator("summary").click()
        assert "w20" in p.locator("table.align").last.inner_text()
        page.shot("collation-moves")
        page.check_clean()
    finally:
        page.close()

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
from revdiff.tokenize import plain_witness

FIXED = RenderOptions(version="0.0.0", date="2000-01-01")
SEED = ["tei/draft.xml#base", "tei/draft.xml#final", "tei/telegram.xml"]
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)"]


def differing(collation: Collation) -> set[int]:
    """The collation's columns (from 1) where the witnesses do not all read the same key."""
    return {c + 1 for c in range(len(collation.columns)) if not collation.agrees(c)}


class Tags(HTMLParser):
    """The tags of a page and the data-col of its highlighted cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.variant_cols: set[str] = set()
        self.variant_cells = 0
        self.gaps = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "td" and found.get("class") == "variant":
            self.variant_cols.add(found.get("data-col") or "")
            self.variant_cells += 1
        if tag == "span" and (found.get("title") or "").startswith("gap:"):  # not the legend's
            self.gaps += 1


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
    assert page.gaps == sum(1 for c in result.columns for i in c if i is None)


def test_rows_hold_every_word_of_their_witness() -> None:
    ws = [
        plain_witness(t, s, s)
        for s, t in [("A", "The black cat.\n\nNext."), ("B", "The black and white cat")]
    ]
    result = collate(ws)
    columns = collation_columns(result)
    for w, witness in enumerate(result.witnesses):
        cells = [c.cells[0] if c.kind == "same" else c.cells[w] for c in columns]
        shown = " ".join(c for c in cells if c).replace(" ¶", "").split()
        assert "".join(shown) == "".join(witness.text.split())


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
            """() => Array.from(new Set(Array.from(document.querySelectorAll('td.variant'))
                 .filter(td => getComputedStyle(td).backgroundColor !== 'rgba(0, 0, 0, 0)')
                 .map(td => Number(td.dataset.col))))"""
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

"""The HTML views in a real browser: Debian's headless Chromium, driven by Playwright.

Each view is written by the CLI, opened from a file:// URL and checked for
console errors, network requests, the del/ins elements the diff calls for,
the hover link between the two sides, the layer switch, and hostile source
text. A screenshot of each view goes to ``tests/artifacts/`` (gitignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import ROOT, TEI_DIR, require
from revdiff.align import diff
from revdiff.api import compare, load_witness
from revdiff.cli import cli
from revdiff.model import Op
from revdiff.sources import parse_spec
from revdiff.tei import parse_tei, read_layer

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require(CHROMIUM.exists(), f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright package is not installed")
        raise
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Opened:
    """A page with what it logged and asked for."""

    def __init__(self, browser: Any, path: Path, width: int = 1200, scripts: bool = True) -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=scripts
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def check_clean(self) -> None:
        assert self.errors == []
        assert self.requests == [self.url]  # the page itself, nothing else
        assert self.dialogs == []

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)

    def close(self) -> None:
        self.context.close()


def write(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(
            cli, ["html", *args, "-o", str(out)], env={"SOURCE_DATE_EPOCH": "0"}
        )
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return out


def test_two_sources(browser: Any, tmp_path: Path) -> None:
    a, b = "tei/draft.xml#final", "tei/telegram.xml"
    d = compare(str(ROOT / a), str(ROOT / b))  # the words aligned, and the breaks found
    deleting = sum(1 for s in d.segments if s.op in (Op.DELETE, Op.REPLACE))
    inserting = sum(1 for s in d.segments if s.op in (Op.INSERT, Op.REPLACE))
    page = Opened(browser, write(tmp_path, "pair.html", a, b))
    p = page.page
    try:
        for view in ("#inline", "#side"):
            assert p.locator(f"{view} del").count() == deleting
            assert p.locator(f"{view} ins").count() == inserting
        page.shot("pair-inline")
        p.click("button[data-show=side]")
        assert p.locator("#inline").is_hidden() and p.locator("#side").is_visible()
        # Hovering a change on one side lights up its counterpart on the other.
        first = next(i for i, s in enumerate(d.segments, 1) if s.op is Op.REPLACE)
        number = sum(1 for s in d.segments[:first] if s.op is not Op.EQUAL)
        counterpart = p.locator(f"#b-{number}")
        assert "lit" not in (counterpart.get_attribute("class") or "")
        p.hover(f"#a-{number}")
        assert "lit" in (counterpart.get_attribute("class") or "")
        p.mouse.move(0, 0)
        assert "lit" not in (counterpart.get_attribute("class") or "")
        # n and p walk the changes of the view in sight.
        p.keyboard.press("n")
        p.keyboard.press("n")
        focused = p.evaluate("document.activeElement.closest('[data-change]').dataset.change")
        assert focused == "2"
        p.keyboard.press("p")
        assert p.evaluate("document.activeElement.closest('[data-change]').dataset.change") == "1"
        assert "lit" in (p.locator("#b-1").get_attribute("class") or "")  # focus lights it too
        page.shot("pair-side")
        page.check_clean()
    finally:
        page.close()


def test_moves_light_both_ends(browser: Any, tmp_path: Path) -> None:
    from revdiff.moves import find_moves
    from revdiff.tokenize import plain_witness

    a = "Мы получили вашу телеграмму. Положение на фронте тяжёлое. Просим хлеб.\n\nКонец.\n"
    b = "Положение на фронте тяжёлое. Мы получили вашу телеграмму. Просим хлеб сейчас.\n\nКонец.\n"
    (tmp_path / "a.txt").write_text(a, encoding="utf-8")
    (tmp_path / "b.txt").write_text(b, encoding="utf-8")
    d = find_moves(diff(plain_witness(a, "a", "a"), plain_witness(b, "b", "b")), 3)
    path = write(
        tmp_path, "moves.html", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--moves", "3"
    )
    page = Opened(browser, path)
    p = page.page
    try:
        for view in ("#inline", "#side"):
            assert p.locator(f"{view} .moved").count() == 2 * len(d.moves)
            assert p.locator(f"{view} .move-tag").count() == 2 * len(d.moves)
        p.click("button[data-show=side]")
        for n in range(1, len(d.moves) + 1):
            left = p.locator(f"#side del.moved[data-move='{n}']")
            went = p.locator(f"#side ins.moved[data-move='{n}']")
            for here, there in ((left, went), (went, left)):
                assert "lit" not in (there.get_attribute("class") or "")
                here.hover()
                assert "lit" in (there.get_attribute("class") or "")
                p.mouse.move(0, 0)
                assert "lit" not in (there.get_attribute("class") or "")
        # Keyboard focus on one end (inline) lights the other end too.
        p.click("button[data-show=inline]")
        p.locator("#inline .change[data-move='1']").first.focus()
        assert p.locator("#inline .moved.lit").count() == 2
        page.shot("pair-moves")
        page.check_clean()
    finally:
        page.close()


def test_two_sources_at_phone_width_and_without_scripts(browser: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "pair.html", "tei/draft.xml#base", "tei/draft.xml#final")
    page = Opened(browser, path, width=390, scripts=False)
    p = page.page
    try:
        # Without scripts both views show and the toolbar (which needs them) does not.
        assert p.locator("#inline").is_visible() and p.locator("#side").is_visible()
        assert p.locator(".toolbar").is_hidden()
        # Nothing wider than the screen: prose wraps.
        assert p.evaluate("document.documentElement.scrollWidth") <= 390
        page.shot("pair-phone-noscript")
        page.check_clean()
    finally:
        page.close()


def visible_text(p: Any) -> str:
    """The text of the document view as shown, without folio numbers, headings and marks."""
    text: str = p.evaluate(
        """() => {
          const doc = document.querySelector('.doc');
          // Ask the live nodes what is hidden (the notes follow the text: not in it).
          return Array.from(doc.querySelectorAll('p')).filter(p => !p.closest('.notes')).map(para => {
            const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
            let out = '';
            while (walker.nextNode()) {
              const n = walker.currentNode;
              const el = n.parentElement;
              if (el.closest('.folio, .metamark, .vn, .note-ref')) continue;
              if (!el.checkVisibility()) continue;  // hidden, or in a closed fold
              out += n.textContent;
            }
            return out;
          }).join(' ');
        }"""
    )
    return " ".join(text.split())


def test_one_document_and_its_layers(browser: Any, tmp_path: Path) -> None:
    page = Opened(browser, write(tmp_path, "draft.html", "tei/draft.xml"))
    p = page.page
    doc = parse_tei((TEI_DIR / "draft.xml").read_bytes(), "tei/draft.xml")
    try:
        page.shot("document-diplomatic")
        diplomatic = visible_text(p)
        seen = {}
        for layer in ("base", "final"):
            p.select_option("#layer", str(doc.layer_names().index(layer) + 1))
            seen[layer] = visible_text(p)
            assert seen[layer] == " ".join(read_layer(doc, layer).text.split())
            page.shot(f"document-{layer}")
        assert seen["base"] != seen["final"] != diplomatic
        # Hand and change of a correction show on keyboard focus, not only on hover.
        p.select_option("#layer", "0")
        first = p.locator(".doc del.rev").first
        first.focus()
        tip = p.evaluate("getComputedStyle(document.activeElement, '::after').content")
        assert "hand: stalin" in tip and "change: stalin-corrections" in tip
        page.check_clean()
    finally:
        page.close()


def test_document_without_scripts_shows_the_diplomatic_text(browser: Any, tmp_path: Path) -> None:
    page = Opened(browser, write(tmp_path, "draft.html", "tei/draft.xml"), scripts=False)
    try:
        assert page.page.locator(".doc del.rev").first.is_visible()
        assert page.page.locator(".doc ins.rev").first.is_visible()
        page.check_clean()
    finally:
        page.close()


def test_synopsis(browser: Any, tmp_path: Path) -> None:
    specs = ["tei/draft.xml#base", "tei/draft.xml#final", "tei/telegram.xml", "tei/translation.xml"]
    page = Opened(browser, write(tmp_path, "synopsis.html", *specs))
    p = page.page
    try:
        assert p.locator("table.synopsis thead th").count() == len(specs) + 1
        assert p.locator("td[lang=en]").count() == p.locator("table.synopsis tbody tr").count()
        assert p.locator("td.translation mark").count() == 0
        assert p.locator("td.variant mark").count() > 0
        assert p.locator(".heat a").count() == p.locator("table.synopsis tbody tr").count()
        page.shot("synopsis")
        page.check_clean()
    finally:
        page.close()


def test_synopsis_variant_lights_the_other_columns(browser: Any, tmp_path: Path) -> None:
    from revdiff.render.html import variant_links

    specs = ["tei/draft.xml#base", "tei/draft.xml#final", "tei/telegram.xml", "tei/translation.xml"]
    witnesses = [load_witness(parse_spec(str(ROOT / s))) for s in specs]
    links = variant_links(witnesses)
    # A replacement in the telegram's diff with the base that the final layer shares:
    # its variant stands in three columns.
    link = next(
        links[2][s.b_start]
        for s in diff(witnesses[0], witnesses[2]).segments
        if s.op is Op.REPLACE and links[2][s.b_start] in links[1]
    )
    page = Opened(browser, write(tmp_path, "synopsis.html", *specs))
    p = page.page
    try:
        row = p.locator("table.synopsis tbody tr", has=p.locator(f"mark[data-link='{link}']")).first
        cells = row.locator("td")
        variant = cells.nth(2).locator(f"mark[data-link='{link}']").first
        base = cells.nth(0).locator(f"mark[data-link='{link}']").first
        assert "lit" not in (base.get_attribute("class") or "")
        variant.hover()
        assert "lit" in (base.get_attribute("class") or "")
        # Every column holding this variant lights up, and nothing else.
        marked = [cells.nth(n).locator(f"mark[data-link='{link}']").count() for n in range(4)]
        lit = [cells.nth(n).locator("mark.lit").count() for n in range(4)]
        assert lit == marked and marked[3] == 0 and all(marked[:3])
        p.mouse.move(0, 0)
        assert p.locator("mark.lit").count() == 0
        # Keyboard focus does the same, from the base column this time.
        base.focus()
        assert "lit" in (variant.get_attribute("class") or "")
        page.shot("synopsis-lit")
        page.check_clean()
    finally:
        page.close()


HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)"]


def test_hostile_text_shows_as_text(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        f"Текст {HOSTILE[0]} и {HOSTILE[2]}.\n\nВторой абзац.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(
        f"Текст {HOSTILE[1]} и {HOSTILE[2]}.\n\nВторой абзац {HOSTILE[0]}.\n", encoding="utf-8"
    )
    path = write(tmp_path, "hostile.html", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    page = Opened(browser, path)
    p = page.page
    try:
        p.click("button[data-show=side]")
        # The gap mark (where the other side has a change) is not source text.
        a_text = p.locator("#side .cell.a").first.inner_text().replace("‸", "")
        b_text = p.locator("#side .cell.b").first.inner_text().replace("‸", "")
        assert HOSTILE[0] in a_text and HOSTILE[2] in a_text
        assert HOSTILE[1] in b_text
        assert p.locator("img").count() == 0
        assert p.locator("script").count() == 1  # revdiff's own
        for link in p.locator("a").all():
            assert (link.get_attribute("href") or "#").startswith("#")
        # Hover and click over everything: nothing runs.
        for change in p.locator("#side [data-change]").all():
            change.hover()
        page.shot("hostile")
        page.check_clean()
    finally:
        page.close()

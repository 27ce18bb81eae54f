"""The views on a real manuscript, in Chromium: folding (-C N), the layer switch,
notes, verse numbers, the synopsis by aligned blocks and its base, the heat
strips, facsimile links; and a screenshot of every view, on the seed and on
files of ../shared/corpus, in ``tests/artifacts/``.

Every page is checked to stay self-contained (no request but the page, no
console error) and to print sensibly.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_browser import ARTIFACTS, Opened, browser, visible_text  # noqa: F401  (the fixture, shared)

from conftest import ROOT, TEI_DIR, require
from revdiff.api import compare
from revdiff.cli import cli
from revdiff.model import Op
from revdiff.tei import parse_tei, read_layer

pytestmark = pytest.mark.browser

CORPUS = ROOT.parent / "shared" / "corpus"
FAUST = CORPUS / "faust_391347.xml"
SEED_PAIR = ("tei/draft.xml#base", "tei/telegram.xml")


def corpus(name: str) -> str:
    path = CORPUS / name
    require(path.exists(), f"{path} not found (the corpus beside the checkout)")
    return str(path)


def made(tmp_path: Path, name: str, *args: str) -> Path:
    """Run ``revdiff ARGS -o FILE`` in the checkout; the file written."""
    out = tmp_path / name
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, [*args, "-o", str(out)], env={"SOURCE_DATE_EPOCH": "0"})
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1), result.output
    return out


def small_shot(p: Any, name: str) -> None:
    """A small screenshot (the README's, copied to docs/ from tests/artifacts/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(
        path=str(ARTIFACTS / f"{name}.png"), clip={"x": 0, "y": 0, "width": 860, "height": 520}
    )


def hidden(p: Any, selector: str) -> list[bool]:
    """For each element the selector finds: whether it is out of sight (hidden, or folded)."""
    found: list[bool] = p.eval_on_selector_all(
        selector, "els => els.map(e => !e.checkVisibility())"
    )
    return found


# --- 1. folding ---------------------------------------------------------------


@pytest.mark.parametrize("case", ["seed", "faust"])
def test_folds_hide_unchanged_text_and_changes_stay_in_reach(
    browser: Any,  # noqa: F811
    tmp_path: Path,
    case: str,
) -> None:
    a, b = SEED_PAIR if case == "seed" else (f"{corpus(FAUST.name)}#base", f"{FAUST}#final")
    d = compare(str(ROOT / a), str(ROOT / b))  # the words aligned, and the breaks found
    changes = sum(1 for s in d.segments if s.op is not Op.EQUAL)
    page = Opened(browser, made(tmp_path, "pair.html", "html", a, b, "-C", "3"))
    p = page.page
    try:
        folds = p.locator("#inline details.fold")
        assert folds.count() > 0
        assert all(hidden(p, "#inline details.fold > p"))  # closed: their text is out of sight
        summaries = p.locator("#inline details.fold > summary").all_inner_texts()
        assert all(
            re.fullmatch(r"[\d,]+ unchanged words?( in [\d,]+ paragraphs)?", s) for s in summaries
        )
        assert not any(hidden(p, "#inline [data-stop]"))  # no change is ever folded
        # n walks every change, each in sight.
        p.keyboard.press("n")
        for _ in range(min(changes, 40) - 1):
            assert p.evaluate("document.activeElement.closest('[data-stop]').checkVisibility()")
            p.keyboard.press("n")
        assert p.locator(".position").inner_text() == f"Change {min(changes, 40)} of {changes}"
        page.shot(f"pair-folded-{case}")
        if case == "faust":
            p.locator("#inline details.fold").nth(3).scroll_into_view_if_needed()
            small_shot(p, "readme-pair-folded")
        # Print shows what is open: a closed fold prints its summary, an open one its text.
        p.emulate_media(media="print")
        assert all(hidden(p, "#inline details.fold > p"))
        assert not any(hidden(p, "#inline details.fold > summary"))
        p.emulate_media(media="screen")
        p.click("button[data-folds=open]")
        assert folds.evaluate_all("fs => fs.every(f => f.open)")
        p.emulate_media(media="print")
        assert not any(hidden(p, "#inline details.fold > p"))
        p.emulate_media(media="screen")
        p.click("button[data-folds=close]")
        assert folds.evaluate_all("fs => fs.every(f => !f.open)")
        # Side by side: the same folds, of rows.
        p.click("button[data-show=side]")
        assert p.locator("#side details.fold").count() == folds.count()
        page.shot(f"pair-folded-side-{case}")
        page.check_clean()
    finally:
        page.close()


def test_the_document_view_folds_too(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page = Opened(browser, made(tmp_path, "draft.html", "html", "tei/draft.xml", "-C", "4"))
    p = page.page
    try:
        assert p.locator(".doc details.fold").count() > 0
        assert all(hidden(p, ".doc details.fold > p"))
        assert not any(hidden(p, ".doc del.rev, .doc ins.rev"))
        page.shot("document-folded-seed")
        page.check_clean()
    finally:
        page.close()


# --- 2. the layer switch ------------------------------------------------------


def test_the_layer_switch_scales(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    doc = parse_tei(Path(corpus(FAUST.name)).read_bytes(), FAUST.name)
    names = ("diplomatic",) + doc.layer_names()
    page = Opened(browser, made(tmp_path, "faust.html", "html", str(FAUST)))
    p = page.page
    try:
        assert p.locator("input[type=radio]").count() <= 12
        assert p.locator("#layer option").count() == len(names)
        # The list: each layer shows what that layer reads.
        for layer in ("base", "final"):
            p.select_option("#layer", str(names.index(layer)))
            assert visible_text(p) == " ".join(read_layer(doc, layer).text.split())
        # The slider steps through the stages, in listChange order.
        stage = doc.changes[len(doc.changes) // 2]
        p.eval_on_selector(
            "#stage",
            "(s, v) => { s.value = v; s.dispatchEvent(new Event('input')); }",
            str(1 + len(doc.changes) // 2),
        )
        assert p.locator("#layer").input_value() == str(names.index(f"change:{stage.id}"))
        assert p.locator(".stage-name").inner_text().split(". ", 1)[1].startswith(stage.id)
        assert visible_text(p) == " ".join(read_layer(doc, f"change:{stage.id}").text.split())
        page.shot("document-stages-faust")
        page.check_clean()
    finally:
        page.close()


# --- 3. notes -----------------------------------------------------------------


def test_the_seeds_notes_show_with_their_deletion(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    doc = parse_tei((TEI_DIR / "draft.xml").read_bytes(), "draft.xml")
    names = ("diplomatic",) + doc.layer_names()
    page = Opened(browser, made(tmp_path, "draft.html", "html", "tei/draft.xml"))
    p = page.page
    try:
        notes = p.locator(".notes li")
        assert notes.count() == 5 and p.locator(".notes").is_visible()
        struck = p.locator(".notes del.rev", has_text="О подлинном верно:")
        assert "line-through" in struck.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert p.locator(".notes", has_text="Копию послал тов. Поскребышеву").count() == 1
        page.page.locator("#notes-title").scroll_into_view_if_needed()
        page.shot("document-notes-seed")
        p.select_option("#layer", str(names.index("final")))
        assert hidden(p, ".notes del.rev > span") == [True]  # the office struck it
        p.select_option("#layer", str(names.index("base")))
        assert hidden(p, ".notes del.rev > span") == [False]
        # A reference in the text leads to its note and back.
        p.click("#note-ref-3")
        assert p.evaluate("location.hash") == "#note-3"
        # In print, the hands and changes open; the notes print with the text.
        p.emulate_media(media="print")
        assert not any(hidden(p, ".legend details dl"))
        assert not any(hidden(p, ".notes li"))
        page.check_clean()
    finally:
        page.close()


# --- 4. verse -----------------------------------------------------------------


def test_every_fifth_verse_line_is_numbered(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page = Opened(browser, made(tmp_path, "faust.html", "html", corpus(FAUST.name)))
    p = page.page
    try:
        shown = p.eval_on_selector_all(
            ".doc p.l",
            "ps => ps.map(p => [p.dataset.n, p.querySelector('.vn')?.textContent ?? null])",
        )
        assert len(shown) > 700
        for n, number in shown:
            assert (number == n) == (n.isdigit() and int(n) % 5 == 0)
        assert not any(hidden(p, ".doc .vn"))
        p.locator(".doc p.l[data-n='8550']").scroll_into_view_if_needed()
        page.shot("document-verse-faust")
        small_shot(p, "readme-document-verse")
        page.check_clean()
    finally:
        page.close()


def test_the_pair_view_numbers_verse_lines_too(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page = Opened(
        browser, made(tmp_path, "p.html", "html", f"{corpus(FAUST.name)}#base", f"{FAUST}#final")
    )
    p = page.page
    try:
        numbers = p.locator("#inline .vn").all_inner_texts()
        assert numbers and all(int(n) % 5 == 0 for n in numbers)
        page.check_clean()
    finally:
        page.close()


# --- 5. the synopsis, the heat strips -----------------------------------------


def test_the_synopsis_by_aligned_blocks_and_its_base(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    specs = [f"{corpus(FAUST.name)}#base", f"{FAUST}#change:phase1800", f"{FAUST}#final"]
    page = Opened(browser, made(tmp_path, "synopsis.html", "html", *specs))
    p = page.page
    try:
        rows = p.locator("table.synopsis tbody tr")
        assert rows.count() > 10
        assert p.locator(".heat a").count() == rows.count()
        ids = rows.evaluate_all("rs => rs.map(r => r.id)")
        assert ids == [f"row-{n}" for n in range(1, rows.count() + 1)]
        assert p.locator("thead th.base .siglum").inner_text().endswith("#base")
        before = p.locator("mark.on").count()
        page.shot("synopsis-faust")
        p.select_option("#base", "2")  # compare with the final layer
        assert p.locator("thead th.base .siglum").inner_text().endswith("#final")
        assert p.locator("td.base").count() == rows.count()
        assert p.locator("thead th.variant .against").first.inner_text().endswith("#final")
        after = p.locator("mark.on").count()
        assert after > 0 and (after != before or p.locator("td.base mark.on").count() > 0)
        # A variant under the new base lights in every column that has it.
        mark = p.locator("td:nth-child(2) mark.on").first
        link = mark.get_attribute("data-link")
        mark.hover()
        lit = p.locator(f"mark.lit[data-link='{link}']").count()
        assert lit == p.locator(f"mark[data-link='{link}']").count() >= 2
        page.shot("synopsis-faust-against-final")
        page.check_clean()
    finally:
        page.close()


def test_the_seed_synopsis_against_the_telegram(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    specs = ["tei/draft.xml#base", "tei/draft.xml#final", "tei/telegram.xml", "tei/translation.xml"]
    page = Opened(browser, made(tmp_path, "s.html", "html", *specs, "--base", "3"))
    p = page.page
    try:
        assert p.locator("thead th.base .siglum").inner_text() == "telegram"
        assert p.locator("#base").input_value() == "2"
        assert p.locator("td.translation mark").count() == 0
        page.shot("synopsis-seed-against-telegram")
        page.check_clean()
    finally:
        page.close()


def test_the_pair_heat_strip_leads_to_its_rows(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page = Opened(browser, made(tmp_path, "pair.html", "html", *SEED_PAIR))
    p = page.page
    try:
        cells = p.locator(".heat a")
        assert cells.count() == p.locator("#side .row:not(.head)").count()
        hottest = max(
            range(cells.count()), key=lambda n: int(cells.nth(n).get_attribute("class")[4:])
        )
        target = cells.nth(hottest).get_attribute("href")
        cells.nth(hottest).click()
        assert p.locator("#side").is_visible() and p.locator("#inline").is_hidden()
        assert p.locator(target).evaluate(  # the row is in sight
            "r => { const b = r.getBoundingClientRect(); return b.bottom > 0 && b.top < innerHeight; }"
        )
        page.check_clean()
    finally:
        page.close()


# --- 10. facsimiles -------------------------------------------------------------


def test_folio_marks_link_to_their_images_and_load_nothing(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page = Opened(
        browser, made(tmp_path, "sga.html", "html", corpus("sga_ox-ms_abinger_c56-0108.xml"))
    )
    p = page.page
    try:
        links = p.locator("a.folio")
        assert links.count() >= 1
        href = links.first.get_attribute("href")
        assert href and href.startswith("https://iiif.bodleian.ox.ac.uk/")
        assert links.first.get_attribute("rel") == "noopener noreferrer"
        assert p.locator("img").count() == 0
        csp = p.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
        assert csp and "default-src 'none'" in csp and "img-src 'none'" in csp
        page.shot("document-facsimile-sga")
        page.check_clean()  # the image was not asked for: nothing was fetched
    finally:
        page.close()


# --- 12. every view, on the seed and on a real manuscript -----------------------


VIEWS = {
    "seed-document": ("html", "tei/draft.xml"),
    "seed-pair": ("html", "tei/draft.xml#base", "tei/draft.xml#final"),
    "seed-synopsis": (
        "html",
        "tei/draft.xml#base",
        "tei/draft.xml#final",
        "tei/telegram.xml",
        "tei/translation.xml",
    ),
    "seed-collation": (
        "collate",
        "--format",
        "html",
        "tei/draft.xml#base",
        "tei/draft.xml#final",
        "tei/telegram.xml",
    ),
    "seed-trace": ("trace", "--format", "html", "tei/draft.xml", "tei/telegram.xml"),
    "whitman-document": ("html", "CORPUS/whitman_loc.00013.xml"),
    "whitman-pair": (
        "html",
        "CORPUS/whitman_loc.00013.xml#base",
        "CORPUS/whitman_loc.00013.xml#final",
        "-C",
        "5",
    ),
    "faust-document": ("html", "CORPUS/faust_391347.xml", "-C", "5"),
    "faust-pair": ("html", "CORPUS/faust_391347.xml#base", "CORPUS/faust_391347.xml#final"),
    "faust-collation": (
        "collate",
        "--format",
        "html",
        "CORPUS/faust_G-30_03.xml#base",
        "CORPUS/faust_G-30_03.xml#final",
        "CORPUS/faust_391347_0029.xml",
    ),
    "faust-trace": (
        "trace",
        "--format",
        "html",
        "CORPUS/faust_391347.xml",
        "CORPUS/faust_391347.xml#final",
    ),
    "sga-synopsis": (
        "html",
        "CORPUS/sga_ox-ms_abinger_c57-0166.xml#base",
        "CORPUS/sga_ox-ms_abinger_c57-0166.xml#hand:pbs",
        "CORPUS/sga_ox-ms_abinger_c57-0166.xml#final",
    ),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_view_loads_clean_and_is_shot(browser: Any, tmp_path: Path, name: str) -> None:  # noqa: F811
    args = [a.replace("CORPUS/", str(CORPUS) + "/") for a in VIEWS[name]]
    if any("CORPUS/" in a for a in VIEWS[name]):
        require(CORPUS.is_dir(), f"{CORPUS} not found (the corpus beside the checkout)")
    page = Opened(browser, made(tmp_path, f"{name}.html", *args))
    try:
        assert page.page.locator("main").inner_text().strip()
        page.shot(f"view-{name}")
        page.page.emulate_media(media="print")
        assert page.page.locator(".toolbar").is_hidden()  # print keeps the text, not the controls
        page.check_clean()
    finally:
        page.close()

"""Breaks and refinement in a real browser (issue 14, 8 and 9): the pair view shows
a paragraph break added or removed as a pilcrow change, n/p stop at it, and marks
the letters that differ inside each of several adjacent replaced words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_browser import Opened, browser, write  # noqa: F401  (the module's browser fixture)

from conftest import ROOT
from revdiff.api import compare
from revdiff.model import Op

pytestmark = pytest.mark.browser


def test_breaks_are_pilcrow_changes(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    a, b = "tei/draft.xml#final", "tei/telegram.xml"
    d = compare(str(ROOT / a), str(ROOT / b))
    changes = [s for s in d.segments if s.op is not Op.EQUAL]  # numbered from 1 in the page
    breaks = {n: s.op for n, s in enumerate(changes, 1) if s.is_break}
    assert list(breaks.values()).count(Op.INSERT) == 4  # the telegram's new paragraphs
    page = Opened(browser, write(tmp_path, "breaks.html", a, b))
    p = page.page
    try:
        for n, op in breaks.items():
            tag = "ins" if op is Op.INSERT else "del"
            mark = p.locator(f"#inline {tag}[data-change='{n}']")
            assert mark.inner_text() == "¶" and mark.is_visible()
            # Side by side, on the side that has the break; a gap on the other.
            side, other = ("b", "a") if op is Op.INSERT else ("a", "b")
            assert p.locator(f"#side #{side}-{n}").inner_text() == "¶"
            assert p.locator(f"#side #{other}-{n}").get_attribute("class") == "gap"
        # The pilcrow of an added break ends the paragraph before the new one.
        first = min(n for n, op in breaks.items() if op is Op.INSERT)
        before = p.evaluate(
            "n => document.querySelector(`#inline ins[data-change='${n}']`)"
            ".closest('p').textContent.trim().slice(-12)",
            first,
        )
        assert before.endswith("центрами.¶")
        summary = p.locator("dt:text('Changes') + dd").inner_text()
        assert int(summary) == len(changes)
        # n walks onto a break like any other change.
        for _ in range(first):
            p.keyboard.press("n")
        focused = p.evaluate("document.activeElement.closest('[data-change]').dataset.change")
        assert focused == str(first)
        page.shot("pair-breaks")
        page.check_clean()
    finally:
        page.close()


def test_adjacent_one_letter_changes_are_each_refined(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Мы видим кот пёс дом у реки.\n", encoding="utf-8")
    b.write_text("Мы видим кит пес дым у реки.\n", encoding="utf-8")
    pages = {
        "on": write(tmp_path, "refined.html", str(a), str(b)),
        "off": write(tmp_path, "plain.html", "--no-refine", str(a), str(b)),
    }
    page = Opened(browser, pages["on"])
    p = page.page
    try:
        for view in ("#inline", "#side"):
            assert p.locator(f"{view} del mark").all_inner_texts() == ["о", "ё", "о"]
            assert p.locator(f"{view} ins mark").all_inner_texts() == ["и", "е", "ы"]
        assert p.locator("#inline del").inner_text() == "кот пёс дом"
        assert p.locator(".position").inner_text() == "1 change"
        page.shot("pair-refined")
        page.check_clean()
    finally:
        page.close()
    plain = Opened(browser, pages["off"])
    try:
        assert plain.page.locator("#inline del mark, #inline ins mark").count() == 0
        assert plain.page.locator("#inline del").inner_text() == "кот пёс дом"
        plain.check_clean()
    finally:
        plain.close()

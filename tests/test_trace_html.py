"""revdiff trace --format html: the draft with each correction coloured by its status.

The golden file is ``tests/cases/html/trace/`` (run by test_render_html's
``test_golden``, with the case's ``command``).
"""

from __future__ import annotations

import os
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_browser import Opened, browser  # noqa: F401  (the fixture, shared)

from conftest import ROOT, TEI_DIR
from revdiff.api import trace
from revdiff.cli import cli
from revdiff.model import Status, Trace
from revdiff.render import RenderOptions
from revdiff.render.html import SourceInfo, render_trace
from revdiff.tei import parse_tei
from revdiff.tei.diplomatic import diplomatic
from revdiff.tokenize import plain_witness

DRAFT = str(TEI_DIR / "draft.xml")
TELEGRAM = str(TEI_DIR / "telegram.xml")
FIXED = RenderOptions(version="0.0.0", date="2000-01-01")


class Statuses(HTMLParser):
    """The data-status of the coloured corrections in the text, and of the table rows."""

    def __init__(self) -> None:
        super().__init__()
        self.in_text: Counter[str] = Counter()
        self.rows: Counter[str] = Counter()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        status = found.get("data-status")
        if status and tag == "span":
            self.in_text[status] += 1
        elif status and tag == "tr":
            self.rows[status] += 1


def expected(result: Trace) -> Counter[str]:
    return Counter(e.status.value for e in result.entries)


def test_every_correction_is_coloured_once_and_listed() -> None:
    doc = parse_tei(Path(DRAFT).read_bytes(), DRAFT)
    result = trace(doc, TELEGRAM)
    info = SourceInfo("draft", doc.title, None, DRAFT, doc.lang, 0)
    page = Statuses()
    page.feed(render_trace(result, diplomatic(doc), info, info, FIXED))
    corrections = expected(result) - Counter({"copy": expected(result)["copy"]})
    assert page.in_text == corrections
    assert page.rows == expected(result)


def test_hostile_readings_are_escaped() -> None:
    body = '<p>a <subst><del>&lt;script&gt;x</del><add>"&gt;&lt;img src=y&gt;</add></subst> b</p>'
    data = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>' + body + "</body></text></TEI>"
    ).encode()
    doc = parse_tei(data, "d.xml")
    target = plain_witness('a "><img src=y> b <script>z\n', "t.txt", "<script>t")
    result = trace(doc, target)
    info = SourceInfo("d", None, None, "d.xml", None, 0)
    out = render_trace(result, diplomatic(doc), info, SourceInfo.of(target), FIXED)
    page = Statuses()
    page.feed(out)
    assert page.tags.count("script") == 1 and "img" not in page.tags
    assert page.in_text == Counter({"adopted": 1})


def cli_write(tmp_path: Path) -> Path:
    out = tmp_path / "trace.html"
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        args = ["trace", "tei/draft.xml", "tei/telegram.xml", "--format", "html", "-o", str(out)]
        result = CliRunner().invoke(cli, args, env={"SOURCE_DATE_EPOCH": "0"})
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.browser
def test_trace_in_the_browser(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    result = trace(DRAFT, TELEGRAM)
    page = Opened(browser, cli_write(tmp_path))
    p = page.page
    try:
        shown = Counter(
            p.evaluate(
                "Array.from(document.querySelectorAll('.doc .traced')).map(e => e.dataset.status)"
            )
        )
        assert shown == expected(result) - Counter({"copy": expected(result)["copy"]})
        # The target's reading shows on keyboard focus.
        rejected = next(e for e in result.entries if e.status is Status.REJECTED)
        p.locator(".doc .traced[data-status=rejected]").first.focus()
        tip = p.evaluate(
            "getComputedStyle(document.activeElement, '::after').getPropertyValue('content')"
        )
        assert f"«{rejected.target}»" in tip
        page.shot("trace")
        page.check_clean()
    finally:
        page.close()

"""Hostile values from the sources in the HTML views, in a real browser.

Every field that revdiff copies from a source into a page (the title,
hands and their notes, changes and their dates, ``@n`` of divisions and
pages, ``@place``, ``xml:id``, pointers, and the file names that become
sigla) carries markup, script or a URL. The page must show them as text:
no dialog, no element or attribute they would create, no request but the
page itself, and a Content-Security-Policy that forbids any other load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_browser import Opened, browser, write  # noqa: F401  (browser is a fixture)

pytestmark = pytest.mark.browser

# Each value runs script if it ever becomes markup or a URL (a dialog opens).
TITLE = '<script>alert("title")</script>'
HAND_NOTE = '<img src=x onerror=alert("handNote")>'
CHANGE = '<svg onload=alert("change")>'
WHEN = "\"><svg onload=alert('when')>"
DIV_N = "<img src=x onerror=alert('div-n')>"
PB_N = "javascript:alert('pb-n')"
HAND_REF = "h1\" onmouseover=\"alert('hand')"
PLACE = '"><b onmouseover=alert("place")>place'
CHANGE_REF = "c1><script>alert('change-ref')</script>"
FILE_NAME = 'x"><img src=x onerror=alert("file")>'


def attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def hostile_tei(folder: Path) -> Path:
    path = folder / f"{FILE_NAME}.xml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
 <teiHeader><fileDesc><titleStmt><title>{attribute(TITLE)}</title></titleStmt>
 <publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>
 <profileDesc><handNotes><handNote xml:id="h1">{attribute(HAND_NOTE)}</handNote></handNotes></profileDesc>
 <revisionDesc><listChange><change xml:id="c1" when="{attribute(WHEN)}">{attribute(CHANGE)}</change></listChange></revisionDesc>
 </teiHeader>
 <text><body>
  <div type="section" n="{attribute(DIV_N)}">
   <pb n="{attribute(PB_N)}"/>
   <p>Start <del hand="#{attribute(HAND_REF)}" change="#c1" xml:id="javascript-alert">gone</del>
    <add hand="#h1" change="#{attribute(CHANGE_REF)}" place="{attribute(PLACE)}">new</add> end.</p>
  </div>
 </body></text>
</TEI>
""",
        encoding="utf-8",
    )
    return path


def assert_inert(page: Opened) -> None:
    """Nothing the sources hold became markup, script or a URL."""
    p = page.page
    for selector in ("img", "svg[onload]", "b[onmouseover]", "iframe", "object", "embed", "base"):
        assert p.locator(selector).count() == 0, selector
    assert p.locator("script").count() == 1  # revdiff's own
    handlers = p.evaluate(
        """() => [...document.querySelectorAll('*')].flatMap(e =>
            [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"""
    )
    assert handlers == []
    urls = p.evaluate(
        """() => [...document.querySelectorAll('[href],[src],[action],[formaction]')].map(e =>
            e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || '')"""
    )
    assert all(u.startswith("#") for u in urls), urls
    csp = p.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content") or ""
    assert "default-src 'none'" in csp
    for node in p.locator("[data-change], del, ins, .rev").all()[:50]:
        if node.is_visible():  # a hidden view's nodes cannot be hovered
            node.hover()
    page.check_clean()  # no console error, no request but the page, no dialog


def test_one_hostile_document(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    source = hostile_tei(tmp_path)
    page = Opened(browser, write(tmp_path, "one.html", str(source)))
    try:
        for button in page.page.locator("button").all():
            if button.is_visible():
                button.click()
        assert_inert(page)
        html = page.page.content()
        text = page.page.evaluate("() => document.documentElement.textContent")
        for value in (TITLE, HAND_NOTE, CHANGE, PB_N):
            assert value in text or value in page.page.title(), value
        assert "alert" in html  # the values are there, as text
    finally:
        page.close()


@pytest.mark.parametrize("layers", [("base", "final"), ("base", "change:c1")])
def test_a_diff_of_hostile_layers(browser: Any, tmp_path: Path, layers: tuple[str, str]) -> None:  # noqa: F811
    source = hostile_tei(tmp_path)
    a, b = (f"{source}#{layer}" for layer in layers)
    page = Opened(browser, write(tmp_path, "two.html", a, b))
    try:
        assert_inert(page)
        text = page.page.evaluate("() => document.documentElement.textContent")
        assert FILE_NAME in text  # the siglum, shown as text
    finally:
        page.close()


def test_hostile_file_names_as_sigla(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    a = tmp_path / f"{FILE_NAME}.txt"
    b = tmp_path / "<svg onload=alert('b')>.txt"
    a.write_text("one two three\n", encoding="utf-8")
    b.write_text("one four three\n", encoding="utf-8")
    page = Opened(browser, write(tmp_path, "names.html", str(a), str(b)))
    try:
        assert_inert(page)
        text = page.page.evaluate("() => document.documentElement.textContent")
        assert FILE_NAME in text and "<svg onload=alert('b')>" in text
    finally:
        page.close()


def test_a_place_value_cannot_hide_the_text(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    # Taken as classes, "h2" and "hidden" would hide the addition in the final
    # layer (a layer's rule hides .h2): "We will not pay" would read "We will pay".
    from hostile_files import tei
    from test_browser import visible_text

    source = tmp_path / "place.xml"
    source.write_text(
        tei('<p>We will <add place="above h2 hidden">not</add> pay.</p><p>A <del>b</del> c.</p>')
    )
    page = Opened(browser, write(tmp_path, "place.html", str(source)))
    p = page.page
    try:
        for n in range(p.locator("input[name=layer]").count()):
            p.check(f"input[name=layer] >> nth={n}")
            label = p.locator("input[name=layer]").nth(n).evaluate("e => e.labels[0].textContent")
            shown = visible_text(p)
            if "base" in label:
                assert shown.startswith("We will pay."), (label, shown)
            else:
                assert shown.startswith("We will not pay."), (label, shown)
        page.check_clean()
    finally:
        page.close()

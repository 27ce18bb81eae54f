"""The HTML views: golden files, the shape of the views, escaping, the CLI.

Golden cases live in ``tests/cases/html/<case>/``: the inputs, ``args`` (the
arguments of ``revdiff html``, run inside the case's directory) and
``expected.html``. After a deliberate change to the views, regenerate them
with::

    REVDIFF_UPDATE_GOLDEN=1 python3 -m pytest tests/test_render_html.py -p no:cacheprovider

and read the diff of ``expected.html`` before committing it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import TEI_DIR
from revdiff.align import diff
from revdiff.api import load_witness
from revdiff.cli import cli
from revdiff.model import Group, Op, Run, Subst
from revdiff.moves import find_moves
from revdiff.render import FORMATTERS, RenderOptions, html, render
from revdiff.sources import parse_spec, read_bytes
from revdiff.tei import parse_tei, read_layer
from revdiff.tei.diplomatic import diplomatic
from revdiff.tokenize import Normalizer, plain_witness

CASES = Path(__file__).parent / "cases" / "html"
UPDATE = os.environ.get("REVDIFF_UPDATE_GOLDEN") == "1"
FIXED = RenderOptions(version="0.0.0", date="2000-01-01")


def run_cli(args: list[str], cwd: Path, **env: str):  # type: ignore[no-untyped-def]
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, args, env={"SOURCE_DATE_EPOCH": "0", **env})
    finally:
        os.chdir(old)


# --- golden files ----------------------------------------------------------


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_golden(case: str, tmp_path: Path) -> None:
    directory = CASES / case
    out = tmp_path / "out.html"
    args = shlex.split((directory / "args").read_text(encoding="utf-8"))
    # The command is `revdiff html` unless the case names another (`collate --format html`).
    command = directory / "command"
    name = shlex.split(command.read_text(encoding="utf-8")) if command.exists() else ["html"]
    result = run_cli([*name, *args, "-o", str(out)], directory)
    assert result.exit_code == 0, result.output
    produced = out.read_text(encoding="utf-8")
    expected_path = directory / "expected.html"
    if UPDATE:
        expected_path.write_text(produced, encoding="utf-8")
    assert expected_path.exists(), f"no {expected_path}; run with REVDIFF_UPDATE_GOLDEN=1"
    assert produced == expected_path.read_text(encoding="utf-8")


def test_output_is_the_same_twice(tmp_path: Path) -> None:
    directory = CASES / "synopsis"
    args = shlex.split((directory / "args").read_text(encoding="utf-8"))
    outs = []
    for name in ("one.html", "two.html"):
        assert run_cli(["html", *args, "-o", str(tmp_path / name)], directory).exit_code == 0
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]


# --- the two-witness view --------------------------------------------------


def pair(a: str, b: str, normalizer: Normalizer | None = None):  # type: ignore[no-untyped-def]
    from revdiff.tokenize import normalize

    wa, wb = plain_witness(a, "a.txt", "A"), plain_witness(b, "b.txt", "B")
    if normalizer:
        wa, wb = normalize(wa, normalizer), normalize(wb, normalizer)
    return diff(wa, wb)


def count(markup: str, tag: str) -> int:
    return len(re.findall(rf"<{tag}[\s>]", markup))


def test_html_is_a_formatter() -> None:
    assert FORMATTERS["html"] == "revdiff.render.html:render"


def test_del_and_ins_match_the_segments_in_each_view() -> None:
    d = diff(
        load_witness(parse_spec(str(TEI_DIR / "draft.xml#final"))),
        load_witness(parse_spec(str(TEI_DIR / "telegram.xml"))),
    )
    page = render(d, "html", FIXED)
    deleting = sum(1 for s in d.segments if s.op in (Op.DELETE, Op.REPLACE))
    inserting = sum(1 for s in d.segments if s.op in (Op.INSERT, Op.REPLACE))
    main = page.split("<main>")[1]
    inline, side = main.split('<section id="side"')
    assert (count(inline, "del"), count(inline, "ins")) == (deleting, inserting)
    assert (count(side, "del"), count(side, "ins")) == (deleting, inserting)


def test_inline_view_rebuilds_both_texts() -> None:
    a = "Мы очень рады.\n\nОбъясняем это.\n\nКонец."
    b = "Мы рады, товарищи.\n\nОб'ясняем это тем.\n\nКонец."
    d = pair(a, b)
    paragraphs = html.inline_paragraphs(d)
    old = " ".join("".join(p.text for p in par if p.kind != "ins") for par in paragraphs)
    new = " ".join("".join(p.text for p in par if p.kind != "del") for par in paragraphs)
    # Spacing follows B, so compare the letters and marks.
    assert "".join(old.split()) == "".join(a.split())
    assert "".join(new.split()) == "".join(b.split())
    assert len(paragraphs) == b.count("\n\n") + 1  # B's paragraphs


def test_side_by_side_rows_follow_the_shared_paragraph_ends() -> None:
    a = "Один.\n\nДва. Три.\n\nЧетыре."
    b = "Один.\n\nДва.\n\nТри.\n\nЧетыре."
    rows = html.pair_rows(pair(a, b))
    # A paragraph end both sides share starts a row; B's extra one stays in its cell.
    assert len(rows) == a.count("\n\n") + 1
    assert [len(r.b) for r in rows] == [1, 2, 1]
    for side, text in (("a", a), ("b", b)):
        shown = " ".join(
            p.text for r in rows for par in getattr(r, side) for p in par if p.kind != "gap"
        )
        assert shown.split() == text.split()


def test_refinement_marks_the_letters_that_differ() -> None:
    a_marks, b_marks = html.refine_marks("Объясняем", "Об'ясняем") or ((), ())
    assert [t for m, t in a_marks if m] == ["ъ"]
    assert [t for m, t in b_marks if m] == ["'"]
    assert "".join(t for _, t in a_marks) == "Объясняем"
    assert html.refine_marks("нас", "коммунистов") is None
    page = render(pair("Объясняем это.", "Об'ясняем это."), "html", FIXED)
    assert '<del data-change="1">Об<mark>ъ</mark>ясняем</del>' in page


def test_normalized_differences_are_shown_quietly() -> None:
    d = pair("Объясняем это.", "Об'ясняем это.", Normalizer(tables=("hard-sign",)))
    assert not d.changed
    page = render(d, "html", FIXED)
    main = page.split("<main>")[1]
    assert count(main, "del") == count(main, "ins") == 0
    assert main.count('class="quiet"') == 3 * d.stats().normalized  # inline, A, B
    assert "Об<mark>&#39;</mark>ясняем" in main and "Об<mark>ъ</mark>ясняем" in main


MOVED_A = "Мы получили вашу телеграмму. Положение на фронте тяжёлое. Просим хлеб.\n\nКонец."
MOVED_B = "Положение на фронте тяжёлое. Мы получили вашу телеграмму. Просим хлеб сейчас.\n\nКонец."


def views(page: str) -> tuple[str, str]:
    """The inline view and the side-by-side view of a pair page."""
    main = page.split("<main>")[1]
    inline, side = main.split('<section id="side"')
    return inline, side


def test_moves_are_marked_at_both_ends() -> None:
    d = find_moves(pair(MOVED_A, MOVED_B), 3)
    assert d.moves  # the transposed sentence is found: what this test is about
    page = render(d, "html", FIXED)
    for view in views(page):
        # Each move: its deletion and its insertion, each framed and labelled with its number.
        assert view.count('class="moved"') == 2 * len(d.moves)
        for n, m in enumerate(d.moves, 1):
            assert view.count(f">moved from here ({n})</span>") == 1
            assert view.count(f">moved here ({n})</span>") == 1
            left = "".join(d.a.texts[m.a_start : m.a_end]).strip()
            went = "".join(d.b.texts[m.b_start : m.b_end]).strip()
            tags = re.findall(rf'<(del|ins) [^>]*data-move="{n}"[^>]*>(?:<a [^>]*>)?([^<]*)<', view)
            assert sorted(tags) == [("del", left), ("ins", went)]
    # The other changes are ordinary ones, and del/ins still match the segments.
    inline, side = views(page)
    deleting = sum(1 for s in d.segments if s.op in (Op.DELETE, Op.REPLACE))
    inserting = sum(1 for s in d.segments if s.op in (Op.INSERT, Op.REPLACE))
    assert (count(side, "del"), count(side, "ins")) == (deleting, inserting)
    assert f"<dt>Moves</dt><dd>{len(d.moves)}</dd>" in page
    # Without --moves, nothing is marked as moved.
    plain = render(pair(MOVED_A, MOVED_B), "html", FIXED)
    assert "moved" not in plain.split("<main>")[1] and "<dt>Moves</dt>" not in plain


def test_html_moves_option(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(MOVED_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(MOVED_B, encoding="utf-8")
    result = run_cli(["html", "a.txt", "b.txt", "--moves", "3", "-o", "m.html"], tmp_path)
    assert result.exit_code == 0, result.output
    expected = render(find_moves(pair(MOVED_A, MOVED_B), 3), "html", FIXED)
    produced = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert views(produced)[1].count('class="moved"') == views(expected)[1].count('class="moved"')
    result = run_cli(
        ["diff", "a.txt", "b.txt", "--moves", "3", "-f", "html", "-o", "d.html"], tmp_path
    )
    assert result.exit_code == 1  # they differ
    assert views((tmp_path / "d.html").read_text(encoding="utf-8")) == views(produced)
    result = run_cli(["html", "a.txt", "b.txt", "a.txt", "--moves", "3"], tmp_path)
    assert result.exit_code == 2 and "--moves" in result.output


def test_source_text_is_escaped() -> None:
    hostile = '<script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1)'
    page = render(pair("Слово.", hostile), "html", FIXED)
    body = page.split("<main>")[1]
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in body
    assert not re.search(r'href="javascript:', page)


def test_csp_allows_only_the_inline_style_and_script() -> None:
    page = render(pair("a b", "a c"), "html", FIXED)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and "default-src 'none'" in csp.group(1)
    assert "unsafe-inline" not in csp.group(1)
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.S)
        assert len(blocks) == 1
        digest = base64.b64encode(hashlib.sha256(blocks[0].encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp.group(1)
    # Nothing to fetch: no src attributes, no links leaving the page.
    assert " src=" not in page
    assert not re.findall(r'href="(?!#)', page)


def test_header_names_sources_version_and_date() -> None:
    d = diff(
        load_witness(parse_spec(str(TEI_DIR / "draft.xml#base"))),
        load_witness(parse_spec(str(TEI_DIR / "draft.xml#final"))),
    )
    page = render(d, "html", RenderOptions(version="9.9", date="1999-12-31"))
    for w in (d.a, d.b):
        assert w.siglum in page and w.source in page and str(w.layer) in page
    assert "revdiff 9.9" in page and '<time datetime="1999-12-31">' in page
    assert f'<html lang="{d.b.lang}">' in page


def test_build_date_follows_source_date_epoch() -> None:
    assert html.build_date({"SOURCE_DATE_EPOCH": str(86400 * 365)}) == "1971-01-01"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", html.build_date({}))


def test_print_css_keeps_deletions_and_insertions_apart() -> None:
    page = render(pair("a b", "a c"), "html", FIXED)
    printing = page.split("@media print")[1]
    assert "del{" in printing and "line-through" in printing
    assert "ins{" in printing and "underline" in printing


# --- the document view -----------------------------------------------------


def draft():  # type: ignore[no-untyped-def]
    spec = parse_spec(str(TEI_DIR / "draft.xml"))
    data = read_bytes(spec)
    doc = parse_tei(data, spec.name)
    return doc, doc.metamarks


def flatten(nodes):  # type: ignore[no-untyped-def]
    for n in nodes:
        if isinstance(n, Run):
            yield n
        elif isinstance(n, Group):
            yield from flatten(n.children)
        elif isinstance(n, Subst):
            yield from flatten((n.deleted, n.added))


@pytest.mark.parametrize("layer", ["base", "final", "change:stalin-corrections"])
def test_diplomatic_runs_give_each_layer(layer: str) -> None:
    doc, marks = draft()
    view = diplomatic(doc)
    index = view.layers.index(layer)
    words = []
    for paragraph in view.paragraphs:
        words.append(
            "".join(
                r.text
                for r in flatten(paragraph.nodes)
                if index not in r.hidden and r.reading != "normalized"
            )
        )
    assert " ".join(" ".join(words).split()) == " ".join(read_layer(doc, layer).text.split())


def test_diplomatic_keeps_substitutions_folios_and_marks() -> None:
    doc, marks = draft()
    view = diplomatic(doc)
    substs = [n for p in view.paragraphs for n in p.nodes if isinstance(n, Subst)]
    encoded = etree.parse(str(TEI_DIR / "draft.xml")).iterfind(
        ".//{http://www.tei-c.org/ns/1.0}text//{http://www.tei-c.org/ns/1.0}subst"
    )
    assert len(substs) == len(list(encoded))
    assert all(s.deleted.revision.is_deletion and s.added.revision.is_addition for s in substs)
    folios = [n.folio for p in view.paragraphs for n in p.nodes if type(n).__name__ == "FolioBreak"]
    assert folios == ["59", "60", "61"]
    marked = [p for p in view.paragraphs if p.marks]
    assert [m.text for p in marked for m in p.marks] == [m.text for m in marks]
    assert "Вы выигрываете" in "".join(r.text for r in flatten(marked[0].nodes))


_PAGES = (
    "<surface n='1r'>"
    "<zone><line>First zone here.</line></zone>"
    "<zone><metamark function='tick' place='margin'>✓</metamark><line>Second zone here.</line></zone>"
    "<zone><line>Third zone here.</line></zone>"
    "</surface>"
)
PAGE_BASED = {
    # A page-based transcription: a sourceDoc and no text.
    "sourceDoc": '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
    "<title>Pages</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/>"
    f"</sourceDesc></fileDesc></teiHeader><sourceDoc>{_PAGES}</sourceDoc></TEI>",
    # A page alone (a fragment).
    "surface": _PAGES.replace("<surface ", '<surface xmlns="http://www.tei-c.org/ns/1.0" ', 1),
}


@pytest.mark.parametrize("kind", sorted(PAGE_BASED))
def test_page_based_metamark_stands_beside_its_zone(kind: str, tmp_path: Path) -> None:
    """The tick in the second zone of a surface stands beside that zone's paragraph."""
    source = tmp_path / "pages.xml"
    source.write_text(PAGE_BASED[kind], encoding="utf-8")
    out = tmp_path / "pages.html"
    result = run_cli(["html", str(source), "-o", str(out)], tmp_path)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    paragraphs = re.findall(r"<p>(.*?)</p>", page.split('class="doc prose"', 1)[1])
    zones = [re.findall(r"(\w+) zone here", p) for p in paragraphs]
    assert zones == [["First"], ["Second"], ["Third"]]
    assert ['class="metamark"' in p for p in paragraphs] == [False, True, False]
    doc = parse_tei(PAGE_BASED[kind].encode(), "pages.xml")
    (mark,) = doc.metamarks
    assert (mark.text, mark.function) == ("✓", "tick")
    assert [p.marks for p in diplomatic(doc).paragraphs] == [(), (mark,), ()]


def test_document_page_shows_places_hands_and_layers(tmp_path: Path) -> None:
    out = tmp_path / "draft.html"
    result = run_cli(["html", "tei/draft.xml", "-o", str(out)], TEI_DIR.parent)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    doc, _ = draft()
    assert 'class="rev place-above"' in page and 'class="rev place-unknown"' in page
    assert "hand: stalin · change: stalin-corrections (1949-02-04)" in page
    # Every layer is in the switch, in the document's order: a list, not a radio per layer.
    options = re.findall(r'<option value="(\d+)"', page)
    assert options == [str(i) for i in range(len(doc.layer_names()) + 1)]
    assert 'type="radio"' not in page
    assert "(1949-02-04)" in page.split('id="layer"')[1].split("</select>")[0]
    assert 'data-layer="0"' in page  # the diplomatic text, which shows with scripts off
    assert 'class="folio" id="folio-60"' in page
    assert 'class="metamark"' in page


# --- the synopsis -----------------------------------------------------------


def test_synopsis_rows_and_variants() -> None:
    specs = ["draft.xml#base", "draft.xml#final", "telegram.xml", "translation.xml"]
    witnesses = [load_witness(parse_spec(str(TEI_DIR / s))) for s in specs]
    columns, rows = html.synopsis_rows(witnesses)
    assert [c.role for c in columns] == ["base", "variant", "variant", "translation"]
    sections = [r.key for r in rows if r.key.startswith("s:")]
    assert sections == ["s:1", "s:2", "s:3", "s:4"]
    assert rows[0].key == "start"
    # Every token of every witness is in exactly one row.
    for n, w in enumerate(witnesses):
        assert sum(r.counts[n] for r in rows) == len(w)
    # What is marked in the telegram's column is what its diff with the base changes.
    d = diff(witnesses[0], witnesses[2])
    changed = "".join(
        "".join(w.strip() for w in witnesses[2].texts[s.b_start : s.b_end])
        for s in d.segments
        if s.op is not Op.EQUAL
    )
    marked = "".join(x.text for r in rows for p in r.cells[2] for x in p if x.link)
    assert "".join(marked.split()) == changed
    assert not any(x.link or x.links for r in rows for p in r.cells[3] for x in p)  # translation
    assert max(r.level for r in rows) == 9


def test_variant_links_follow_each_diff_with_the_first_witness() -> None:
    specs = ["draft.xml#base", "draft.xml#final", "telegram.xml", "translation.xml"]
    witnesses = [load_witness(parse_spec(str(TEI_DIR / s))) for s in specs]
    links = html.variant_links(witnesses)
    assert not any(links[3])  # the translation, alone in its language
    for n in (1, 2):
        for s in diff(witnesses[0], witnesses[n]).segments:
            mine = set(links[n][s.b_start : s.b_end])
            base = set(links[0][s.a_start : s.a_end])
            if s.op is Op.EQUAL:
                assert mine == {0} or not mine  # what agrees with the base is no variant
            else:
                # One change is one variant, the same number on both sides.
                assert len(mine | base) == 1 and 0 not in mine | base
    # The synopsis marks carry the same numbers: each row's runs, in token order.
    _, rows = html.synopsis_rows(witnesses)
    shown = {x.link for r in rows for cell in r.cells for p in cell for x in p if x.link}
    assert shown == {x for per in links for x in per if x}


# --- the command ------------------------------------------------------------


def test_diff_format_html_writes_a_page(tmp_path: Path) -> None:
    out = tmp_path / "d.html"
    result = run_cli(
        ["diff", "tei/draft.xml#base", "tei/draft.xml#final", "-f", "html", "-o", str(out)],
        TEI_DIR.parent,
    )
    assert result.exit_code == 1  # they differ
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_html_errors_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("plain", encoding="utf-8")
    result = run_cli(["html", "a.txt"], tmp_path)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("revdiff: a.txt:")
    result = run_cli(["html", "tei/draft.xml#nope"], TEI_DIR.parent)
    assert result.exit_code == 2 and "no layer 'nope'" in result.output


def test_html_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")
    result = run_cli(["html", "a.txt", "b.txt", "-o", "a.txt"], tmp_path)
    assert result.exit_code == 2
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "a"

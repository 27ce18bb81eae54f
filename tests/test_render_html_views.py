"""The views on a real manuscript: folding (-C N), the layer switch, notes, verse
numbers, the synopsis by aligned blocks and its base, the heat strips, facsimiles.

The seed and files of ../shared/corpus (read once per session); the browser
checks of the same are in test_browser_views.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from test_render_html import run_cli

from conftest import ROOT, TEI_DIR, require
from revdiff.align import diff
from revdiff.api import load_witness
from revdiff.model import Diff, Diplomatic, FolioBreak, Group, NoteRef, Run, Subst, Witness
from revdiff.render import RenderOptions, text
from revdiff.render.html import document, pair, synopsis
from revdiff.render.html.pieces import PieceKind
from revdiff.sources import parse_spec
from revdiff.tei import parse_tei, read_layer
from revdiff.tei.diplomatic import diplomatic
from revdiff.tokenize import plain_witness

CORPUS = ROOT.parent / "shared" / "corpus"
FAUST = CORPUS / "faust_391347.xml"


def seed(spec: str) -> Witness:
    return load_witness(parse_spec(str(TEI_DIR / spec)))


@pytest.fixture(scope="session")
def faust() -> dict[str, Witness]:
    """Three layers of the Faust fair copy, read once."""
    require(FAUST.exists(), f"{FAUST} not found (the corpus beside the checkout)")
    return {
        layer: load_witness(parse_spec(f"{FAUST}#{layer}"))
        for layer in ("base", "change:phase1800", "final")
    }


@pytest.fixture(scope="session")
def faust_view() -> Diplomatic:
    require(FAUST.exists(), f"{FAUST} not found (the corpus beside the checkout)")
    return diplomatic(parse_tei(FAUST.read_bytes(), FAUST.name))


# --- folding: the pair view -------------------------------------------------


def _inline_words(blocks: Sequence[object], folded: bool | None = None) -> list[str]:
    """The words of the inline view: outside the folds, inside them, or all (None)."""
    words: list[str] = []
    shown = (PieceKind.TEXT, PieceKind.DEL, PieceKind.INS, PieceKind.QUIET)
    for block in blocks:
        inside = isinstance(block, pair.Fold)
        paragraphs = block.blocks if isinstance(block, pair.Fold) else (block,)
        if folded is not None and inside != folded:
            continue
        for paragraph in paragraphs:
            for p in paragraph:  # type: ignore[attr-defined]
                if p.kind in shown:
                    words += p.text.split()
    return words


def _text_context_words(d: Diff, context: int) -> list[str]:
    """The words the text format shows with the same -C: its hunks without their markers."""
    out = text.render(d, RenderOptions(context=context))
    body = "\n".join(line for line in out.splitlines() if not line.startswith("@@"))
    return re.sub(r"\[-|-\]|\{\+|\+\}|…", " ", body).split()


@pytest.mark.parametrize("context", [0, 1, 3, 8])
def test_the_pair_view_folds_what_the_text_format_leaves_out(context: int) -> None:
    d = diff(seed("draft.xml#base"), seed("telegram.xml"))
    blocks = pair.inline_paragraphs(d, context)
    whole = "".join(_inline_words(pair.inline_paragraphs(d)))
    shown = "".join(_inline_words(blocks, folded=False))
    assert shown == "".join(_text_context_words(d, context))
    assert "".join(_inline_words(blocks)) == whole  # folding loses nothing, moves nothing
    folds = [b for b in blocks if isinstance(b, pair.Fold)]
    assert folds and all(f.folded.words > 0 for f in folds)
    for f in folds:  # a fold holds unchanged text only, and says how much
        kinds = {p.kind for paragraph in f.blocks for p in paragraph}  # type: ignore[union-attr]
        assert not kinds & {PieceKind.DEL, PieceKind.INS, PieceKind.GAP}


def test_side_by_side_folds_match_the_inline_folds() -> None:
    d = diff(seed("draft.xml#base"), seed("draft.xml#final"))
    inline = [b.folded for b in pair.inline_paragraphs(d, 2) if isinstance(b, pair.Fold)]
    side = [b.folded.words for b in pair.pair_rows(d, 2) if isinstance(b, pair.Fold)]
    assert [f.words for f in inline] == side
    rows = [
        r for b in pair.pair_rows(d, 2) for r in (b.blocks if isinstance(b, pair.Fold) else (b,))
    ]
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))  # type: ignore[union-attr]


def test_without_a_change_everything_folds() -> None:
    w = plain_witness("Один два три.\n\nЧетыре пять.\n", "a", "A")
    (fold,) = pair.inline_paragraphs(diff(w, w), 3)
    assert isinstance(fold, pair.Fold) and fold.folded.words == len(w)


def test_verse_folds_whole_lines_and_lines_show_their_numbers(faust: dict[str, Witness]) -> None:
    d = diff(faust["base"], faust["final"])
    blocks = pair.inline_paragraphs(d, 3)
    for block in blocks:
        paragraphs = block.blocks if isinstance(block, pair.Fold) else (block,)
        for paragraph in paragraphs:
            kinds = [p.kind for p in paragraph]  # type: ignore[union-attr]
            if PieceKind.VERSE in kinds:  # a verse line is never cut by a fold (prose may be)
                assert PieceKind.CUT not in kinds
    numbers = [
        p.text
        for block in blocks
        if not isinstance(block, pair.Fold)
        for p in block
        if p.kind is PieceKind.VERSE
    ]
    origins = {d.b.origin(i).verse for i in range(len(d.b))}  # type: ignore[union-attr]
    assert numbers and set(numbers) <= origins


def test_the_pair_page_has_a_heat_strip_linking_its_rows(tmp_path: Path) -> None:
    out = tmp_path / "pair.html"
    result = run_cli(
        ["html", "tei/draft.xml#base", "tei/draft.xml#final", "-C", "3", "-o", str(out)], ROOT
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    rows = re.findall(r'<div class="row" id="(row-\d+)"', page)
    strip = page.split('<nav class="heat')[1].split("</nav>")[0]
    assert re.findall(r'href="#(row-\d+)"', strip) == rows
    d = diff(seed("draft.xml#base"), seed("draft.xml#final"))
    folds = [
        b for b in pair.inline_paragraphs(d, 3) + pair.pair_rows(d, 3) if isinstance(b, pair.Fold)
    ]
    assert page.count('<details class="fold">') == len(folds) > 0


# --- folding: the document view ---------------------------------------------


def _texts(parts: Iterator[document.Part]) -> str:
    def visit(nodes: Sequence[object]) -> Iterator[str]:
        for n in nodes:
            if isinstance(n, Run):
                yield n.text
            elif isinstance(n, Group):
                yield from visit(n.children)
            elif isinstance(n, Subst):
                yield from visit((n.deleted, n.added))

    return " ".join("".join(visit(part.paragraph.nodes)) for part in parts)


def _parts(blocks: Sequence[object], folded: bool | None = None) -> Iterator[document.Part]:
    for b in blocks:
        if isinstance(b, document.Fold):
            if folded is not False:
                yield from b.parts
        elif folded is not True:
            yield b  # type: ignore[misc]


@pytest.mark.parametrize("context", [0, 2, 5])
def test_the_document_view_folds_only_unrevised_text(context: int, faust_view: Diplomatic) -> None:
    for view in (diplomatic(parse_tei((TEI_DIR / "draft.xml").read_bytes(), "d")), faust_view):
        blocks = document.document_blocks(view.paragraphs, context)
        whole = _texts(_parts(document.document_blocks(view.paragraphs)))
        letters = "".join(_texts(_parts(blocks)).split())
        assert letters == "".join(whole.split())  # nothing lost, nothing moved
        for part in _parts(blocks, folded=True):
            assert all(isinstance(n, Run | FolioBreak | NoteRef) for n in part.paragraph.nodes)
            assert all(not n.hidden for n in part.paragraph.nodes if isinstance(n, Run))
        folds = [b for b in blocks if isinstance(b, document.Fold)]
        assert folds
        for f in folds:
            assert f.folded.words == len(_texts(iter(f.parts)).split())
        if view is faust_view:  # verse: no line is cut
            assert not any(p.run_on or p.runs_on for p in _parts(blocks) if p.paragraph.verse)


def test_every_fifth_line_is_numbered_in_the_document_page(tmp_path: Path) -> None:
    require(FAUST.exists(), f"{FAUST} not found")
    out = tmp_path / "faust.html"
    assert run_cli(["html", str(FAUST), "-o", str(out)], ROOT).exit_code == 0
    page = out.read_text(encoding="utf-8")
    lines = re.findall(
        r'<p class="l[^"]*" data-n="([^"]+)">(<span class="vn">([^<]+)</span>)?', page
    )
    assert len(lines) > 700
    for n, _, shown in lines:
        assert (shown == n) == (n.isdigit() and int(n) % 5 == 0)


# --- the layer switch -------------------------------------------------------


def test_the_layer_switch_scales_to_the_faust_stages(tmp_path: Path) -> None:
    require(FAUST.exists(), f"{FAUST} not found")
    doc = parse_tei(FAUST.read_bytes(), FAUST.name)
    out = tmp_path / "faust.html"
    assert run_cli(["html", str(FAUST), "-o", str(out)], ROOT).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('type="radio"') <= 12
    toolbar = page.split('<select id="layer"')[1].split("</select>")[0]
    values = re.findall(r'<option value="(\d+)"', toolbar)
    assert values == [str(i) for i in range(len(doc.layer_names()) + 1)]
    changes = toolbar.split("<optgroup")[1]
    labels = re.findall(r"<option value=\"\d+\">\d+\. ([^ <:]+)", changes)
    assert labels == [c.id for c in doc.changes]  # in listChange order
    dated = [c for c in doc.changes if c.when]
    assert all(f"{c.id} ({c.when})" in changes for c in dated)
    stage = re.search(
        r'<input type="range" id="stage" min="0" max="(\d+)"[^>]*data-layers="([^"]+)"', page
    )
    assert stage and int(stage[1]) == len(doc.changes)  # base, then each change
    names = ("diplomatic",) + doc.layer_names()
    assert [names[int(i)] for i in stage[2].split()] == ["base"] + [
        f"change:{c.id}" for c in doc.changes
    ]


# --- notes ------------------------------------------------------------------


def test_the_seeds_notes_follow_the_text_with_their_deletion(tmp_path: Path) -> None:
    out = tmp_path / "draft.html"
    assert run_cli(["html", "tei/draft.xml", "-o", str(out)], ROOT).exit_code == 0
    page = out.read_text(encoding="utf-8")
    notes = page.split('<section class="notes"')[1].split("</section>")[0]
    assert notes.count('<li id="note-') == 5
    assert re.search(r'<del class="rev"[^>]*>(<span[^>]*>)?О подлинном верно:', notes)
    assert "Копию послал тов. Поскребышеву" in notes
    for n in range(1, 6):
        assert f'href="#note-{n}" id="note-ref-{n}"' in page and f'href="#note-ref-{n}"' in notes


# --- the synopsis -----------------------------------------------------------


def test_without_sections_rows_are_the_blocks_the_collation_aligns(
    faust: dict[str, Witness],
) -> None:
    witnesses = list(faust.values())
    _, rows = synopsis.synopsis_rows(witnesses)
    assert len(rows) > 10 and all(r.key.startswith("r:") for r in rows)
    for n, w in enumerate(witnesses):
        assert sum(r.counts[n] for r in rows) == len(w)  # every token in one row
    assert any(r.label.startswith("vv. ") for r in rows)  # verse groups
    assert len({r.level for r in rows}) > 2


def _sections(numbers: str) -> Witness:
    body = "".join(f'<div n="{n}"><p>Text {n}.</p></div>' for n in numbers)
    xml = f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>{body}</body></text></TEI>'
    return read_layer(parse_tei(xml.encode(), numbers), "final", siglum=numbers)


def test_a_section_only_in_a_later_witness_stands_where_it_falls() -> None:
    _, rows = synopsis.synopsis_rows([_sections("13"), _sections("123"), _sections("1243")])
    assert [r.key for r in rows] == ["s:1", "s:2", "s:4", "s:3"]
    _, rows = synopsis.synopsis_rows([_sections("14"), _sections("1234"), _sections("134")])
    assert [r.key for r in rows] == ["s:1", "s:2", "s:3", "s:4"]


def test_the_base_can_be_any_witness_of_its_language() -> None:
    specs = ["draft.xml#base", "draft.xml#final", "telegram.xml", "translation.xml"]
    witnesses = [seed(s) for s in specs]
    for base in (0, 2):
        links = synopsis.variant_links(witnesses, base)
        for n in (0, 1, 2):
            if n == base:
                continue
            for s in diff(witnesses[base], witnesses[n]).segments:
                mine = set(links[n][s.b_start : s.b_end])
                assert (mine <= {0}) == (s.op.value == "equal") or not mine
        columns, rows = synopsis.synopsis_rows(witnesses, base)
        assert [c.role.value for c in columns][base] == "base"
        for n, w in enumerate(witnesses):  # marked as variant_links marks, variant by variant
            stretches = [x for r in rows for p in r.cells[n] for x in p]
            marked = "".join(x.text for x in stretches if x.link)
            assert "".join(marked.split()) == "".join(
                t.strip() for t, link in zip(w.texts, links[n], strict=True) if link
            )
            assert len({x.link for x in stretches if x.link}) == len({x for x in links[n] if x})
        # Every stretch knows its variant against every base of its language.
        bases = {b for r in rows for cell in r.cells for p in cell for x in p for b, _ in x.links}
        assert bases == {0, 1, 2}


def test_base_on_the_command_line(tmp_path: Path) -> None:
    specs = ["tei/draft.xml#base", "tei/draft.xml#final", "tei/telegram.xml", "tei/translation.xml"]
    pages = {}
    for given in ("3", "telegram"):
        out = tmp_path / f"{given}.html"
        assert run_cli(["html", *specs, "--base", given, "-o", str(out)], ROOT).exit_code == 0
        pages[given] = out.read_text(encoding="utf-8")
    assert pages["3"] == pages["telegram"]
    assert re.search(
        r'<th scope="col" class="base"[^>]*><span class="siglum">telegram<', pages["3"]
    )
    for bad in ("4", "9", "nobody"):
        result = run_cli(["html", *specs, "--base", bad, "-o", str(tmp_path / "x.html")], ROOT)
        assert result.exit_code == 2 and "--base" in result.output
    result = run_cli(["html", *specs[:2], "--base", "1", "-o", str(tmp_path / "y.html")], ROOT)
    assert result.exit_code == 2 and not (tmp_path / "y.html").exists()


# --- facsimiles -------------------------------------------------------------


def test_folio_marks_link_to_their_images_and_the_policy_stays(tmp_path: Path) -> None:
    page_file = CORPUS / "sga_ox-ms_abinger_c56-0108.xml"
    require(page_file.exists(), f"{page_file} not found")
    out = tmp_path / "sga.html"
    assert run_cli(["html", str(page_file), "-o", str(out)], ROOT).exit_code == 0
    page = out.read_text(encoding="utf-8")
    links = re.findall(r'<a class="folio" href="([^"]+)" rel="noopener noreferrer"', page)
    assert links and all(u.startswith("https://iiif.bodleian.ox.ac.uk/") for u in links)
    assert "img-src 'none'" in page and "<img" not in page


HOSTILE_TEI = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>
</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<facsimile><surface xml:id="s"><graphic url='" onmouseover="alert(1)'/></surface></facsimile>
<text><body><pb n="&lt;b&gt;1" facs="javascript:alert(1)"/><lg><l n='"&gt;&lt;img src=x onerror=alert(1)&gt;'>Zeile
<note type='"&gt;&lt;script&gt;alert(1)&lt;/script&gt;' hand="#&lt;i&gt;">Notiz <del>weg</del></note></l>
<l n="5"><pb n="2" facs="#s"/>zwei</l></lg></body></text></TEI>"""


def test_hostile_notes_verse_numbers_and_images_stay_text(tmp_path: Path) -> None:
    source = tmp_path / "hostile.xml"
    source.write_text(HOSTILE_TEI, encoding="utf-8")
    out = tmp_path / "hostile.html"
    assert run_cli(["html", str(source), "-C", "0", "-o", str(out)], ROOT).exit_code == 0
    page = out.read_text(encoding="utf-8")
    body = page.split("<body", 1)[1].split("<script>", 1)[0]
    assert "<img" not in body and "<script" not in body and "<b>" not in body
    assert "javascript:" not in body and "onmouseover" not in body  # neither address is linked
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # the note's type, shown as text
    assert 'data-n="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"' in body


def test_diff_as_html_folds_with_its_context_too(tmp_path: Path) -> None:
    args = ["tei/draft.xml#base", "tei/draft.xml#final", "-C", "3", "-o"]
    by_html, by_diff = tmp_path / "html.html", tmp_path / "diff.html"
    assert run_cli(["html", *args, str(by_html)], ROOT).exit_code == 0
    assert run_cli(["diff", "-f", "html", *args, str(by_diff)], ROOT).exit_code == 1
    assert by_diff.read_text(encoding="utf-8") == by_html.read_text(encoding="utf-8")
    assert '<details class="fold">' in by_html.read_text(encoding="utf-8")

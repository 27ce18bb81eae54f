"""Verse and drama: hunk headers cite l/@n (with the folio), and TEI output keeps
div, head, lg, l @n, sp, speaker, stage and gap, valid against tei_all."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import ROOT, TEI_DIR, require
from revdiff import api
from revdiff.cli import cli
from revdiff.render import RenderOptions, render
from revdiff.tei.layers import read_layer
from revdiff.tei.read import parse_tei

CORPUS = ROOT.parent / "shared" / "corpus"
FAUST, FAUST_G30 = CORPUS / "faust_391347.xml", CORPUS / "faust_G-30_03.xml"
T = "{http://www.tei-c.org/ns/1.0}"

DRAMA = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A scene</title>
</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>
<profileDesc><creation><listChange><change xml:id="c1"/></listChange></creation></profileDesc>
</teiHeader><text><body><pb n="12r"/><div type="act" n="3"><head>Act three</head>
<sp who="#helena"><speaker>Helena.</speaker>
<lg type="stanza"><l n="8489">Vom Strande komm ich, wo wir <del change="#c1">erst</del> gelandet sind,</l>
<l n="8490">Noch immer <stage>(leise)</stage> trunken von der <gap reason="illegible" quantity="1" unit="chars"/>oge</l></lg>
<stage n="after_8490">(Sie geht ab)</stage></sp>
<sp><speaker>Chor.</speaker><l n="8491">Bewegen, die vom <add change="#c1">phrygischen</add> Gefild uns her</l></sp>
</div></body></text></TEI>"""


def _tei(tmp_path: Path) -> str:
    path = tmp_path / "scene.xml"
    path.write_text(DRAMA, encoding="utf-8")
    return str(path)


def _reads_back(out: str, a: str, b: str) -> None:
    doc = parse_tei(out.encode(), "out.xml")
    assert read_layer(doc, "base").text == api.read(a).text
    assert read_layer(doc, "final").text == api.read(b).text


def test_hunk_headers_cite_the_verse_and_the_folio(tmp_path: Path) -> None:
    scene = _tei(tmp_path)
    out = CliRunner().invoke(cli, ["diff", "-C", "1", f"{scene}#base", f"{scene}#final"]).output
    assert out.splitlines()[0] == "@@ -v. 8489 f. 12r +v. 8489 f. 12r @@"
    assert "@@ -v. 8491 f. 12r +v. 8491 f. 12r @@" in out
    seed = CliRunner().invoke(
        cli, ["diff", "-C", "1", f"{TEI_DIR / 'draft.xml'}#base", f"{TEI_DIR / 'draft.xml'}#final"]
    )
    assert seed.output.startswith("@@ -¶")  # no verse: the paragraph, as before


def test_tei_output_keeps_the_structure(tmp_path: Path, assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    scene = _tei(tmp_path)
    a, b = f"{scene}#base", f"{scene}#final"
    for style in ("inline", "apparatus"):
        out = render(api.compare(a, b), "tei", RenderOptions(tei_style=style))
        assert_valid_tei(out)
        body = etree.fromstring(out.encode()).find(f"{T}text/{T}body")
        assert body is not None
        (div,) = body.findall(f"{T}div")
        assert (
            div.get("type"),
            div.get("n"),
            div[0].tag,
            "".join(map(str, div[0].itertext())),
        ) == (
            "act",
            "3",
            f"{T}head",
            "Act three",
        )
        speeches = div.findall(f"{T}sp")
        assert [sp.findtext(f"{T}speaker") for sp in speeches] == ["Helena.", "Chor."]
        stanza = speeches[0].find(f"{T}lg")
        assert stanza is not None and stanza.get("type") == "stanza"
        lines = [line.get("n") for line in div.iter(f"{T}l")]
        assert lines == ["8489", "8490", "8491"]
        stages = [s.text for s in div.iter(f"{T}stage")]
        assert stages == ["(leise)", "(Sie geht ab)"]
        assert speeches[0][-1].tag == f"{T}stage"  # the direction between speeches' lines
        (gap,) = div.iter(f"{T}gap")
        assert (gap.get("reason"), gap.text) == ("illegible", None)
        assert "[…]" not in out
        if style == "inline":
            _reads_back(out, a, b)


def test_a_plain_text_is_still_paragraphs(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("One line.\n\nTwo.\n", encoding="utf-8")
    b.write_text("One line.\n\nThree.\n", encoding="utf-8")
    out = render(api.compare(str(a), str(b)), "tei", RenderOptions())
    body = etree.fromstring(out.encode()).find(f"{T}text/{T}body")
    assert body is not None and [c.tag for c in body] == [f"{T}p", f"{T}p"]


def test_the_seed_keeps_its_sections(assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    draft = TEI_DIR / "draft.xml"
    out = render(api.compare(f"{draft}#base", f"{draft}#final"), "tei", RenderOptions())
    assert_valid_tei(out)
    sections = etree.fromstring(out.encode()).iter(f"{T}div")
    assert [d.get("n") for d in sections if d.get("type") == "section"] == ["1", "2", "3", "4"]
    _reads_back(out, f"{draft}#base", f"{draft}#final")


@pytest.mark.parametrize(
    ("a", "b"),
    [(f"{FAUST}#base", f"{FAUST}#final"), (f"{FAUST}#base", f"{FAUST_G30}#final")],
    ids=["fair-copy-layers", "two-manuscripts"],
)
def test_the_faust_fair_copy(a: str, b: str, assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    require(
        FAUST.is_file() and FAUST_G30.is_file(), f"the corpus is not beside the checkout ({CORPUS})"
    )
    d = api.compare(a, b)
    out = render(d, "tei", RenderOptions())
    assert_valid_tei(out)
    _reads_back(out, a, b)
    root = etree.fromstring(out.encode())
    numbered = [line.get("n") for line in root.iter(f"{T}l") if line.get("n")]
    assert "8489" in numbered and len(numbered) > 100
    assert any(True for _ in root.iter(f"{T}speaker"))
    if b.endswith(f"{FAUST.name}#final"):
        assert any(True for _ in root.iter(f"{T}stage")) and any(True for _ in root.iter(f"{T}gap"))
        # l n="8492" holds a subst on the folio pb n="03" opens.
        text = render(d, "text", RenderOptions(context=2))
        assert "@@ -v. 8492 f. 03 +v. 8492 f. 03 @@" in text

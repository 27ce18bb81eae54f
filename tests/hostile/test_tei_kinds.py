"""TEI of the kinds other projects publish: page-based transcriptions, deep nesting, spans
across pages, restore, mod/retrace/undo, foreign namespaces, files of several megabytes.

Each ``tests/cases/tei_kinds/NAME.xml`` comes with ``NAME.LAYER.txt`` files (a
``-`` in the file name for the ``:`` of the layer): the text revdiff must
read for that layer. The fixtures are written for revdiff after the
structures of the TEI Guidelines (chapter 11, "Representation of Primary
Sources"); none is copied from an edition.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_files import TEI_NS, tei

from revdiff.api import load_document, load_witness
from revdiff.cli import cli
from revdiff.model import Origin
from revdiff.sources import parse_spec
from revdiff.tei import parse_tei, read_layer

CASES = Path(__file__).resolve().parents[1] / "cases" / "tei_kinds"
EXPECTED = sorted(CASES.glob("*.*.txt"))
# Fragments and foreign vocabularies are not valid TEI documents, by design.
NOT_VALID = {"surface-root.xml", "foreign-namespaces.xml"}


def case(expected: Path) -> tuple[Path, str]:
    name, layer, _ = expected.name.rsplit(".", 2)
    return CASES / f"{name}.xml", layer.replace("-", ":", 1)


def test_there_are_cases_for_each_kind() -> None:
    assert {case(e)[0].name for e in EXPECTED} == {p.name for p in CASES.glob("*.xml")}


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name)
def test_each_layer_reads_as_expected(expected: Path) -> None:
    source, layer = case(expected)
    result = CliRunner().invoke(cli, ["text", f"{source}#{layer}"], catch_exceptions=False)
    # Only the annotations in another namespace are skipped with their text, and said to be.
    warned = "skipped with the text in them" if source.name == "foreign-namespaces.xml" else None
    assert result.exit_code == 0
    assert [warned in line for line in result.stderr.splitlines()] == ([True] if warned else [])
    assert result.stdout == expected.read_text(encoding="utf-8")


@pytest.mark.schema
@pytest.mark.parametrize(
    "source", sorted(p for p in CASES.glob("*.xml") if p.name not in NOT_VALID), ids=str
)
def test_the_fixtures_are_valid_tei(source: Path, assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    assert_valid_tei(source)


def test_a_surface_gives_its_n_as_the_folio_of_its_words() -> None:
    witness = load_witness(parse_spec(str(CASES / "sourcedoc.xml")))
    doc = load_document(parse_spec(str(CASES / "sourcedoc.xml")))
    assert doc.title == "A page-based transcription"
    folios = {t.strip(): o.folio for t, o in zip(witness.texts, witness.origins, strict=True) if o}
    assert (folios["Dear"], folios["Yours"]) == ("1r", "1v")


def test_a_span_across_a_page_break_keeps_each_word_on_its_page() -> None:
    path = CASES / "spans-across-pages.xml"

    def origins(layer: str) -> dict[str, Origin]:
        witness = load_witness(parse_spec(f"{path}#{layer}"))
        return {t.strip(): o for t, o in zip(witness.texts, witness.origins, strict=True) if o}

    base, final = origins("base"), origins("final")
    assert (base["struck"].folio, base["runs"].folio) == ("1", "2")
    assert (final["foot"].folio, final["three"].folio) == ("2", "3")
    assert base["struck"].revision and base["runs"].revision
    assert base["struck"].revision.kind == base["runs"].revision.kind == "delSpan"
    assert final["three"].revision and final["three"].revision.kind == "addSpan"


def test_the_text_wins_over_a_source_doc_beside_it() -> None:
    # A file with both a page-based transcription and a text: the text is read.
    data = tei("<p>the text</p>").replace(
        "<text>", "<sourceDoc><surface><line>the pages</line></surface></sourceDoc><text>"
    )
    assert read_layer(parse_tei(data.encode(), "t.xml")).text == "the text\n"


def test_a_line_ends_a_word_but_text_inside_a_line_does_not() -> None:
    data = f'<surface xmlns="{TEI_NS}"><line>ab<del>c</del>d</line><line>e</line></surface>'
    doc = parse_tei(data.encode(), "t.xml")
    assert (read_layer(doc, "base").text, read_layer(doc, "final").text) == ("abcd e\n", "abd e\n")
    data = f'<surface xmlns="{TEI_NS}"><zone>f<line>g</line>h</zone></surface>'
    assert read_layer(parse_tei(data.encode(), "t.xml")).text == "f g h\n"


def test_undo_depends_on_its_change() -> None:
    doc = load_document(parse_spec(str(CASES / "mod-retrace-undo.xml")))
    s2, s3 = read_layer(doc, "change:s2").text, read_layer(doc, "change:s3").text
    assert "Also word." in s2 and "Also this word." in s3
    assert s3 == read_layer(doc, "final").text


def test_a_file_of_several_megabytes(tmp_path: Path) -> None:
    # A page-based transcription generated page by page: each page's words
    # are known, so the layers' texts are too.
    pages = 30_000
    surface = (
        '<surface n="{n}"><zone><line>page {n} <del>old{n}</del><add>new{n}</add></line>'
        "<line>ends <hi>here</hi></line></zone></surface>"
    )
    body = "".join(surface.format(n=n) for n in range(pages))
    path = tmp_path / "big.xml"
    path.write_text(f'<sourceDoc xmlns="{TEI_NS}">{body}</sourceDoc>', encoding="utf-8")
    assert path.stat().st_size > 2 * 1024 * 1024
    doc = load_document(parse_spec(str(path)))
    base, final = read_layer(doc, "base"), read_layer(doc, "final")
    assert base.text == "\n\n".join(f"page {n} old{n} ends here" for n in range(pages)) + "\n"
    assert final.text == "\n\n".join(f"page {n} new{n} ends here" for n in range(pages)) + "\n"

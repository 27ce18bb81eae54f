"""The walk over a TEI text (revdiff.tei.walk, read): token boundaries, spans, lenient reading.

Each kind of file is written here, small; the real ones are in test_corpus.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import TEI_NS, tei
from revdiff.cli import cli
from revdiff.errors import NotTEIError
from revdiff.model import Chunk
from revdiff.tei import parse_tei, read_layer
from revdiff.tei.validate import validate


def text(data: bytes, layer: str = "final") -> str:
    return read_layer(parse_tei(data, "t.xml"), layer).text


# -- w and pc ---------------------------------------------------------------------


def test_w_and_pc_are_token_boundaries_without_white_space() -> None:
    data = tei("<p><w>απο</w><w>του</w><pc>·</pc><w>θεου</w><pc>.</pc></p>")
    witness = read_layer(parse_tei(data, "t.xml"))
    assert witness.keys == ("απο", "του", "·", "θεου", ".")
    assert witness.text == "απο του· θεου.\n"  # a space where words would run together


def test_a_break_inside_a_w_still_joins_and_white_space_between_ws_is_kept() -> None:
    data = tei('<p><w>con\n<lb break="no"/>seruo</w> <w>tuo</w>\n<lb/><w>sicut</w></p>')
    assert text(data) == "conseruo tuo sicut\n"


def test_w_boundaries_hold_in_each_layer() -> None:
    data = tei("<p><w>a</w><w><del>b</del><add>c</add></w><w>d</w></p>")
    assert (text(data, "base"), text(data, "final")) == ("a b d\n", "a c d\n")


# -- spans ---------------------------------------------------------------------------


def test_a_span_whose_anchor_is_missing_covers_nothing_and_says_where(tmp_path: Path) -> None:
    path = tmp_path / "span.xml"
    path.write_bytes(tei('<p>kept <delSpan spanTo="#nowhere"/>all of this\n  is kept</p>'))
    result = CliRunner().invoke(cli, ["text", f"{path}#final"])
    assert (result.exit_code, result.stdout) == (0, "kept all of this is kept\n")
    (warning,) = result.stderr.splitlines()
    column = tei("").index(b"<body>") + len(b"<body><p>kept ") + 1
    assert warning.startswith(f"revdiff: {path}:1:{column}: warning: ")
    assert 'no element of the text has xml:id="nowhere"' in warning
    assert "read as empty" in warning


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('<p>a <anchor xml:id="x"/>b <delSpan spanTo="#x"/>c</p>', "comes before it"),
        ('<p>a <addSpan xml:id="x" spanTo="#x"/>b c</p>', "points to itself"),
        ("<p>a <delSpan/>b c</p>", "without @spanTo"),
    ],
)
def test_a_span_that_cannot_end_is_read_as_empty_with_a_notice(body: str, words: str) -> None:
    doc = parse_tei(tei(body), "t.xml")
    assert read_layer(doc, "final").text == read_layer(doc, "base").text == "a b c\n"
    (notice,) = doc.notices
    assert words in notice.message and notice.line == 1 and notice.column > 1


def spans(count: int, anchor: bool = True) -> bytes:
    opened = "".join(f'<delSpan spanTo="#end"/>w{i} ' for i in range(count))
    end = '<anchor xml:id="end"/>' if anchor else ""
    return tei(f"<p>{opened}{end}after</p>")


def test_spans_open_together_cost_one_revision_per_chunk() -> None:
    # Work grows linearly: each chunk holds one revision for all the open
    # delSpans of one kind, hand and change (they would otherwise be n).
    for count in (100, 1000):
        doc = parse_tei(spans(count), "t.xml")
        chunks = [item for item in doc.items if isinstance(item, Chunk)]
        assert sum(len(c.revisions) for c in chunks) == count  # one per "wN " chunk
        assert max(len(c.revisions) for c in chunks) == 1
        assert read_layer(doc, "final").text == "after\n"
        assert len(read_layer(doc, "base")) == count + 1


def test_unclosed_spans_keep_no_revision_and_drop_no_text() -> None:
    doc = parse_tei(spans(500, anchor=False), "t.xml")
    assert all(not item.revisions for item in doc.items if isinstance(item, Chunk))
    assert len(doc.notices) == 500
    assert len(read_layer(doc, "final")) == 501


def test_spans_of_different_hands_stay_apart_and_close_at_their_own_anchors() -> None:
    body = (
        '<p>a <delSpan hand="#h1" spanTo="#one"/>b <delSpan hand="#h2" spanTo="#two"/>c '
        '<anchor xml:id="one"/>d <anchor xml:id="two"/>e</p>'
    )
    doc = parse_tei(tei(body), "t.xml")
    assert read_layer(doc, "hand:h1").text == "a d e\n"
    assert read_layer(doc, "hand:h2").text == "a b e\n"
    assert read_layer(doc, "final").text == "a e\n"


def test_a_spanned_undo_cancels_the_deletions_in_its_range() -> None:
    body = (
        '<p>a <del change="#c1">b</del> <undo change="#c2" spanTo="#u"/><del change="#c1">c</del>'
        ' <anchor xml:id="u"/>d</p>'
    )
    header = (
        '<profileDesc><creation><listChange><change xml:id="c1"/><change xml:id="c2"/>'
        "</listChange></creation></profileDesc>"
    )
    doc = parse_tei(tei(body, header), "t.xml")
    assert read_layer(doc, "change:c1").text == "a d\n"
    assert read_layer(doc, "final").text == "a c d\n"


# -- lenient reading -------------------------------------------------------------------


def test_tei_without_its_namespace_is_read_with_one_notice() -> None:
    doc = parse_tei(
        b"<!-- a licence -->\n<text><s>A <del>big</del><add>small</add> dog</s></text>", "h.xml"
    )
    assert read_layer(doc, "base").text == "A big dog\n"
    assert read_layer(doc, "final").text == "A small dog\n"
    (notice,) = doc.notices
    assert (notice.line, notice.column) == (2, 1) and "without its namespace" in notice.message


def test_tei_p4_is_read_with_its_ids_and_languages() -> None:
    data = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE TEI.2 SYSTEM "x.dtd">'
        b'<TEI.2 lang="en"><text><body><div1><lg1><l>a <delSpan spanTo="#e"/>b '
        b'<anchor id="e"/>c</l></lg1></div1></body></text></TEI.2>'
    )
    doc = parse_tei(data, "p4.xml")
    assert (doc.lang, read_layer(doc).text) == ("en", "a c\n")
    assert [n.message.split(":")[0] for n in doc.notices] == ["TEI P4 (root <TEI.2>)"]


def test_a_fragment_is_read_from_its_root_and_examples_are_not_text() -> None:
    data = (
        f'<div xmlns="{TEI_NS}" xmlns:eg="http://www.tei-c.org/ns/Examples"><head>Apparatus</head>'
        "<p>Use <gi>app</gi>:</p><eg:egXML><eg:p>an <eg:app>example</eg:app></eg:p></eg:egXML>"
        "</div>"
    ).encode()
    doc = parse_tei(data, "chapter.xml")
    assert read_layer(doc).text == "Apparatus\n\nUse app:\n"
    assert doc.notices == ()  # examples are skipped without a word: they are not text


def test_xml_that_is_not_tei_at_all_is_still_refused() -> None:
    with pytest.raises(NotTEIError, match="the root element is html"):
        parse_tei(b"<html><body><p>x</p></body></html>", "page.html")


def test_a_duplicate_id_is_a_notice_for_the_reader_and_an_error_for_validate() -> None:
    body = (
        '<p>a <delSpan spanTo="#d1"/>b <anchor xml:id="d1"/>c <delSpan spanTo="#d1"/>d '
        '<anchor xml:id="d1"/>e</p>'
    )
    data = tei(body)
    doc = parse_tei(data, "t.xml")
    assert read_layer(doc).text == "a c e\n"  # each span ends at the first d1 after it
    (notice,) = doc.notices
    assert 'xml:id="d1" is used again' in notice.message
    assert "a span" in notice.message and "the first one" in notice.message
    problems = [str(p) for p in validate(data, schema=False, source="t.xml")]
    assert any('xml:id="d1" is used again' in p for p in problems)


def test_elements_of_another_namespace_with_text_are_said_to_be_skipped() -> None:
    data = tei('<p xmlns:f="urn:x">a <f:ins>lost</f:ins> b <f:mark/>c</p>')
    doc = parse_tei(data, "t.xml")
    assert read_layer(doc).text == "a b c\n"
    (notice,) = doc.notices
    assert "1 element of namespace urn:x skipped with the text in them" in notice.message

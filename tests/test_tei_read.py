"""The layer rules of revdiff.tei.read, each on a small inline TEI document."""

from __future__ import annotations

import pytest

from revdiff.errors import InputError, LayerError, NotTEIError, XMLError
from revdiff.tei import layer_names, parse_tei, read_layer

HEADER = """<teiHeader><fileDesc><titleStmt><title>A test</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>
<profileDesc><creation><listChange ordered="true">
 <change xml:id="c1" when="1949-02-03">first</change>
 <change xml:id="c2">second</change>
</listChange></creation></profileDesc>
<encodingDesc><p/></encodingDesc>
</teiHeader>"""


def doc(body: str, header: str = HEADER):  # type: ignore[no-untyped-def]
    xml = f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{header}<text><body>{body}</body></text></TEI>'
    return parse_tei(xml.encode(), "test.xml")


def text(body: str, layer: str = "final", **kw: str) -> str:
    return read_layer(doc(body), layer, **kw).text


def test_subst_base_is_its_deletion_final_its_addition() -> None:
    body = "<p>не сбегут от <subst><del>нас</del><add>коммунистов</add></subst> в случае</p>"
    assert text(body, "base") == "не сбегут от нас в случае\n"
    assert text(body, "final") == "не сбегут от коммунистов в случае\n"


def test_add_inside_del_is_in_neither_base_nor_final_but_in_the_stage_between() -> None:
    body = '<p>a <del change="#c2">b <add change="#c1">c</add></del> d</p>'
    assert text(body, "base") == "a b d\n"
    assert text(body, "change:c1") == "a b c d\n"
    assert text(body, "final") == "a d\n"


def test_del_inside_add() -> None:
    body = '<p>a <add change="#c1">b <del change="#c2">c</del></add> d</p>'
    assert text(body, "base") == "a d\n"
    assert text(body, "change:c1") == "a b c d\n"
    assert text(body, "final") == "a b d\n"


def test_restore_undoes_its_deletion_in_final_only_when_applied() -> None:
    body = '<p>a <restore change="#c2"><del change="#c1">b</del></restore> c</p>'
    assert text(body, "base") == "a b c\n"
    assert text(body, "change:c1") == "a c\n"
    assert text(body, "final") == "a b c\n"


def test_delspan_and_addspan_reach_their_anchor_across_paragraphs() -> None:
    body = (
        '<p>one <delSpan spanTo="#e1"/>two</p><p>three<anchor xml:id="e1"/> four '
        '<addSpan spanTo="#e2"/>five<anchor xml:id="e2"/> six</p>'
    )
    assert text(body, "base") == "one two\n\nthree four six\n"
    assert text(body, "final") == "one\n\nfour five six\n"


def test_lb_break_no_joins_a_word_and_ignores_layout_around_it() -> None:
    body = '<p>не<lb break="no"/>\n   которое и <lb/>ещё</p>'
    assert text(body) == "некоторое и ещё\n"


def test_lb_break_no_keeps_a_space_written_inside_the_addition() -> None:
    # The draft's "не-~~которое~~ большее": one word before, two after.
    body = '<p>не<lb break="no" rend="hyphen"/><subst><del>которое</del><add> большее</add></subst> количество</p>'
    assert text(body, "base") == "некоторое количество\n"
    assert text(body, "final") == "не большее количество\n"


def test_lb_without_break_is_a_word_boundary() -> None:
    assert text("<p>one<lb/>two</p>") == "one two\n"


@pytest.mark.parametrize(
    ("pair", "diplomatic", "normalized"),
    [
        ("<sic>ФИЛИПШОВ</sic><corr>ФИЛИППОВ</corr>", "ФИЛИПШОВ", "ФИЛИППОВ"),
        ("<orig>Об'ясняем</orig><reg>Объясняем</reg>", "Об'ясняем", "Объясняем"),
        ("<abbr>т.п.</abbr><expan>тому подобное</expan>", "т.п.", "тому подобное"),
        ("<corr>right</corr><sic>wrong</sic>", "wrong", "right"),
    ],
)
def test_choice_diplomatic_by_default_normalized_on_request(
    pair: str, diplomatic: str, normalized: str
) -> None:
    body = f"<p>x <choice>\n  {pair}\n</choice> y</p>"
    assert text(body) == f"x {diplomatic} y\n"
    assert text(body, reading="normalized") == f"x {normalized} y\n"


def test_app_reads_its_lemma() -> None:
    assert text("<p>a <app><lem>b</lem><rdg>c</rdg></app> d</p>") == "a b d\n"


@pytest.mark.parametrize(
    "excluded",
    [
        "<note>a note</note>",
        '<fw type="folNum">57</fw>',
        '<metamark function="tick">✓</metamark>',
        "<figure><figDesc>a stamp</figDesc></figure>",
    ],
)
def test_notes_fw_metamarks_and_figures_stay_out_of_the_text(excluded: str) -> None:
    assert text(f"<p>a {excluded} b</p>") == "a b\n"
    assert text(f"<p>a{excluded}b</p>") == "ab\n"


def test_gap_unclear_and_supplied_stay_visible() -> None:
    body = '<p>a <gap reason="illegible"/> b <unclear>c</unclear> <supplied>d</supplied></p>'
    assert text(body) == "a […] b c d\n"


def test_white_space_between_inline_elements_is_a_word_boundary_and_none_is_none() -> None:
    assert (
        text('<p><hi rend="bold">Н</hi>ужно <hi>a</hi> <hi>b</hi><hi>c</hi></p>') == "Нужно a bc\n"
    )


def test_white_space_inside_element_only_containers_is_layout() -> None:
    body = "<p>x<subst>\n  <del>a</del>\n  <add>b</add>\n</subst>y</p>"
    assert text(body, "base") == "xay\n"
    assert text(body, "final") == "xby\n"


def test_blocks_make_paragraphs_and_empty_ones_vanish() -> None:
    body = "<head>Title</head><div n='1'><p>one\n two</p><p> </p><p>three</p></div>"
    assert text(body) == "Title\n\none two\n\nthree\n"


def test_hand_layer_applies_only_that_hands_revisions() -> None:
    body = (
        '<p>a <del hand="#stalin">b</del> <add hand="#clerk">c</add> '
        '<subst hand="#stalin"><del>d</del><add>e</add></subst></p>'
    )
    d = doc(body)
    assert "hand:stalin" in layer_names(d) and "hand:clerk" in layer_names(d)
    assert read_layer(d, "hand:stalin").text == "a e\n"
    assert read_layer(d, "hand:clerk").text == "a b c d\n"


def test_change_layer_is_the_state_after_that_change() -> None:
    body = '<p><del change="#c1">a</del> <add change="#c2">b</add> c</p>'
    assert text(body, "change:c1") == "c\n"
    assert text(body, "change:c2") == "b c\n"
    assert text(body, "c1") == "c\n"  # a change's id alone names its layer too


def test_origins_record_folio_section_hand_and_revision() -> None:
    body = (
        '<pb n="59"/><div n="3"><p>typed <pb n="60"/><handShift new="#stalin"/>written '
        '<add hand="#stalin" change="#c1" place="above">added</add></p></div>'
    )
    w = read_layer(doc(body), "final")
    typed, written, added = (w.origin(i) for i in range(3))
    assert (typed.folio, typed.section, typed.hand, typed.status) == ("59", "3", None, "text")
    assert (written.folio, written.hand, written.status) == ("60", "stalin", "text")
    assert added.status == "added" and added.revision is not None
    assert (added.revision.hand, added.revision.change, added.revision.place) == (
        "stalin",
        "c1",
        "above",
    )


def test_a_word_half_deleted_takes_the_revision_as_its_origin() -> None:
    w = read_layer(doc('<p>не<lb break="no"/><del>которое</del></p>'), "base")
    assert w.texts == ("некоторое\n",)
    assert w.origin(0).status == "deleted"


def test_unknown_layer_names_the_layers_there_are() -> None:
    with pytest.raises(LayerError, match=r"no layer 'draft'.*base, final, change:c1, change:c2"):
        read_layer(doc("<p>a</p>"), "draft")


def test_malformed_xml_names_file_line_and_column() -> None:
    with pytest.raises(XMLError) as e:
        parse_tei(b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><p>a</text>', "bad.xml")
    assert e.value.message.startswith("bad.xml:2:")


def test_xml_that_is_not_tei_is_refused() -> None:
    with pytest.raises(NotTEIError, match="not TEI P5: the root element is html"):
        parse_tei(b"<html><body/></html>", "page.html")


def test_internal_entities_are_expanded() -> None:
    # XML requires even a non-validating parser to expand them; libxml2 refuses
    # amplification itself (tests/hostile has the bombs and the external ones).
    xml = (
        b'<!DOCTYPE TEI [<!ENTITY e "EXPANDED"><!ENTITY et "&amp;">]>'
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>a &e; &et; b</p></body></text></TEI>'
    )
    assert read_layer(parse_tei(xml, "e.xml")).text == "a EXPANDED & b\n"


def test_an_external_entity_is_refused_naming_it() -> None:
    xml = (
        b'<!DOCTYPE TEI [<!ENTITY x SYSTEM "x.txt">]>'
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>a &x; b</p></body></text></TEI>'
    )
    with pytest.raises(InputError, match=r"e.xml:1:\d+: refused: the entity &x; is external"):
        parse_tei(xml, "e.xml")

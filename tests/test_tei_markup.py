"""Inline markup that is not a revision (hi, names, dates, pb, lb), carried from
the sources into ``revdiff diff --format tei`` where its text is written in one piece."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import TEI_DIR
from revdiff.align import diff
from revdiff.cli import cli
from revdiff.model import Diff, Witness
from revdiff.render.tei import to_tei
from revdiff.tei import parse_tei, read_layer
from revdiff.tokenize import Normalizer, normalize

T = "http://www.tei-c.org/ns/1.0"
NS = {"t": T}


def tei(body: str) -> bytes:
    return (
        f'<TEI xmlns="{T}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        "<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>"
        f"</fileDesc></teiHeader><text><body>{body}</body></text></TEI>"
    ).encode()


def witness(body: str, layer: str = "final", name: str = "x.xml") -> Witness:
    return read_layer(parse_tei(tei(body), name), layer, siglum=name.split(".")[0])


def layers(xml: str) -> tuple[str, str]:
    doc = parse_tei(xml.encode(), "out.xml")
    return read_layer(doc, "base").text, read_layer(doc, "final").text


def round_trip(d: Diff, assert_valid_tei) -> str:  # type: ignore[no-untyped-def]
    out = to_tei(d)
    assert_valid_tei(out)
    assert layers(out) == (d.a.text, d.b.text)
    return out


def body_of(xml: str) -> str:
    """The body's markup without namespace declarations, for substring checks."""
    return xml.split("<body>", 1)[1].split("</body>", 1)[0]


# --- the seed ---------------------------------------------------------------------


def running_elements(path: Path, tag: str) -> list[etree._Element]:
    """The elements ``tag`` of a TEI file's running text (not in a note)."""
    root = etree.parse(str(path)).getroot()
    body = root.find(".//t:text", NS)
    assert body is not None
    return [
        el
        for el in body.iter(f"{{{T}}}{tag}")
        if not any(a.tag == f"{{{T}}}note" for a in el.iterancestors())
    ]


def test_the_seed_draft_keeps_its_initials_folios_and_line_breaks(  # type: ignore[no-untyped-def]
    tmp_path: Path, assert_valid_tei, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    draft = TEI_DIR / "draft.xml"
    out = tmp_path / "out.xml"
    args = ["diff", f"{draft}#base", f"{draft}#final", "--format", "tei", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert_valid_tei(out)
    xml = out.read_text(encoding="utf-8")
    source = parse_tei(draft.read_bytes(), str(draft))
    assert layers(xml) == (read_layer(source, "base").text, read_layer(source, "final").text)
    written = body_of(xml)
    # Every bold initial, with the rest of its word (or the next word) after it.
    initials = running_elements(draft, "hi")
    assert initials
    for hi in initials:
        tail = hi.tail or ""
        after = (" " if tail[:1].isspace() else "") + tail.split()[0]
        assert f'<hi rend="{hi.get("rend")}">{hi.text}</hi>{after}' in written
    # Every folio break, with its number, in the order of the source.
    folios = [pb.get("n") for pb in running_elements(draft, "pb")]
    assert len(folios) >= 3
    assert re.findall(r'<pb n="([^"]+)"/>', written) == folios
    # Every line break that is a word boundary (break="no" ones stand in a
    # deleted word, where a join would change the other layer).
    breaks = [lb for lb in running_elements(draft, "lb") if lb.get("break") != "no"]
    assert breaks
    assert written.count("<lb/>") == len(breaks)
    for lb in breaks:
        assert f"<lb/>{(lb.tail or '').split()[0]}" in written
    # The dateline's date, whole, in the shared text.
    for date in running_elements(draft, "date"):
        assert f'<date when="{date.get("when")}">{date.text}</date>' in written


def test_the_apparatus_carries_markup_in_the_shared_text(  # type: ignore[no-untyped-def]
    assert_valid_tei,
) -> None:
    draft = TEI_DIR / "draft.xml"
    source = parse_tei(draft.read_bytes(), str(draft))
    out = to_tei(diff(read_layer(source, "base"), read_layer(source, "final")), "apparatus")
    assert_valid_tei(out)
    written = body_of(out)
    assert re.findall(r'<pb n="([^"]+)"/>', written) == [
        pb.get("n") for pb in running_elements(draft, "pb")
    ]
    for rdg in etree.fromstring(out.encode()).iter(f"{{{T}}}rdg"):
        assert len(rdg) == 0  # readings stay plain text


# --- a small pair -------------------------------------------------------------------

NAME = "Мао Цзе-дуну"
A = (
    f'<p><hi rend="bold">Н</hi>ужно передать <persName>{NAME}</persName> об '
    '<hi rend="italic">этой важной</hi> телеграмме<pb n="2"/>сегодня же, '
    "по<lb break='no'/>жалуйста.</p>"
)
B = A.replace("этой важной", 'этой <hi rend="underline">срочной</hi>')


def test_markup_in_an_equal_stretch_survives_and_markup_across_a_change_does_not(  # type: ignore[no-untyped-def]
    assert_valid_tei,
) -> None:
    a, b = witness(A, name="a.xml"), witness(B, name="b.xml")
    out = body_of(round_trip(diff(a, b), assert_valid_tei))
    assert '<hi rend="bold">Н</hi>ужно' in out
    assert f"<persName>{NAME}</persName>" in out
    # The italic hi holds "этой" (equal) and the changed word: not carried, not split.
    assert 'rend="italic"' not in out
    assert "этой" in out
    # A hi wholly inside the change goes into its side of the subst.
    assert re.search(r'<add [^>]*><hi rend="underline">срочной</hi></add>', out)
    assert re.search(r"<del [^>]*>важной</del>", out)


def test_a_folio_break_stays_a_word_boundary_and_a_joining_break_joins(  # type: ignore[no-untyped-def]
    assert_valid_tei,
) -> None:
    a, b = witness(A, name="a.xml"), witness(B, name="b.xml")
    # The source has no space at the pb: the reader makes it a word boundary.
    assert "телеграмме сегодня" in a.text and "пожалуйста" in a.text
    out = body_of(round_trip(diff(a, b), assert_valid_tei))
    assert 'телеграмме <pb n="2"/>сегодня' in out
    assert 'по<lb break="no"/>жалуйста' in out


def test_a_joining_break_inside_a_change_is_not_written(assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    # In a del, lb break="no" would still join in the final layer, where the del is not read.
    a = witness("<p>мы можем при<lb break='no'/>нять людей.</p>", name="a.xml")
    b = witness("<p>мы можем взять людей.</p>", name="b.xml")
    out = body_of(round_trip(diff(a, b), assert_valid_tei))
    assert "<lb" not in out
    assert "принять" in out


def test_markup_only_one_witness_has_is_not_put_in_shared_text(  # type: ignore[no-untyped-def]
    assert_valid_tei,
) -> None:
    a = witness(f"<p>Передайте <persName>{NAME}</persName> это.</p>", name="a.xml")
    b = witness(f"<p>Передайте {NAME} это.</p>", name="b.xml")
    out = body_of(round_trip(diff(a, b), assert_valid_tei))
    assert "persName" not in out


def test_pointers_and_ids_are_not_carried(assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    body = (
        '<p><persName xml:id="m" ref="#mao">Мао</persName> <foreign xml:lang="en">cable</foreign> '
        '<pb n="3" facs="#f3"/>да.</p>'
    )
    a, b = witness(body, name="a.xml"), witness(body.replace("да.", "нет."), name="b.xml")
    out = body_of(round_trip(diff(a, b), assert_valid_tei))
    assert "<persName>Мао</persName>" in out
    assert '<foreign xml:lang="en">cable</foreign>' in out
    assert '<pb n="3"/>' in out
    assert "#mao" not in out and "#f3" not in out and 'xml:id="m"' not in out


# --- the reader ---------------------------------------------------------------------


def test_plain_tei_text_has_no_markup_in_its_origins() -> None:
    w = witness("<p>Передайте Мао <del>Дзе</del><add>Цзе</add>-дуну содержание.</p>")
    assert w.origins and all(o is not None and o.markup == () for o in w.origins)


def test_the_reader_places_markup_in_the_tokens() -> None:
    w = witness(A)
    marks = {
        t.strip(): [(m.tag, m.start, m.end) for m in o.markup]
        for t, o in zip(w.texts, w.origins, strict=True)
        if o is not None and o.markup
    }
    first, rest = NAME.split()
    assert marks["Нужно"] == [("hi", 0, 1)]
    assert marks[first] == [("persName", 0, len(first))]
    assert marks[rest] == [("persName", 0, len(rest))]
    assert marks["сегодня"] == [("pb", 0, 0)]
    assert marks["пожалуйста."[:-1]] == [("lb", len("по"), len("по"))]


def test_a_milestone_between_paragraphs_stands_before_the_next_word() -> None:
    w = witness('<div><pb n="59"/><p>Первое.</p><pb n="60"/><p>Второе.</p></div>')
    marks = [
        (t.strip(), [m.attributes for m in o.markup])
        for t, o in zip(w.texts, w.origins, strict=True)
        if o is not None and o.markup
    ]
    assert marks == [("Первое", [(("n", "59"),)]), ("Второе", [(("n", "60"),)])]


# --- any marked-up pair -------------------------------------------------------------

WORDS = ["не", "сбегут", "от", "нас", "коммунистов", "the", "big", "dog", "Да", "a"]
word = st.sampled_from(WORDS)
glue = st.sampled_from([" ", " ", "\n  ", ""])


@st.composite
def inline(draw: st.DrawFn, depth: int = 0) -> str:
    """A run of words with inline markup: initials, names, breaks, revisions."""
    kinds = ["word", "initial", "name", "lb", "pb", "join", "punct"]
    if depth < 2:
        kinds += ["hi", "del", "add", "subst"]
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(kinds))
        w = draw(word)
        if kind == "word":
            part = w
        elif kind == "punct":
            part = draw(st.sampled_from([",", ".", "—", "("]))
        elif kind == "initial":
            part = f'<hi rend="bold">{w[0]}</hi>{w[1:]}'
        elif kind == "name":
            part = f'<persName ref="#p" xml:id="ID">{w} {draw(word)}</persName>'
        elif kind == "lb":
            part = "<lb/>"
        elif kind == "pb":
            part = f'<pb n="{draw(st.integers(1, 9))}"/>'
        elif kind == "join":
            cut = draw(st.integers(1, max(1, len(w) - 1)))
            part = f'{w[:cut]}<lb break="no"/>{w[cut:]}'
        elif kind == "hi":
            part = f'<hi rend="italic">{draw(inline(depth + 1))}</hi>'
        elif kind == "del":
            part = f"<del>{draw(inline(depth + 1))}</del>"
        elif kind == "add":
            part = f"<add>{draw(inline(depth + 1))}</add>"
        else:
            part = f"<subst><del>{draw(inline(depth + 1))}</del><add>{draw(inline(depth + 1))}</add></subst>"
        parts.append(part + draw(glue))
    return "".join(parts)


@st.composite
def bodies(draw: st.DrawFn) -> str:
    body = "".join(f"<p>{draw(inline())}</p>" for _ in range(draw(st.integers(1, 3))))
    numbers = iter(range(len(body)))
    return re.sub('xml:id="ID"', lambda _: f'xml:id="n{next(numbers)}"', body)  # unique ids


normalizers = st.sampled_from([None, Normalizer(ignore_punctuation=True)])


@settings(max_examples=150, deadline=None)
@given(body=bodies(), other=bodies(), normalizer=normalizers)
def test_marked_up_sources_round_trip_exactly_and_validate(  # type: ignore[no-untyped-def]
    body: str, other: str, normalizer: Normalizer | None, assert_valid_tei
) -> None:
    """Two layers of one file, and two different files: the inline TEI carries
    their markup, validates, and gives back both texts exactly."""
    for a, b in [
        (witness(body, "base", "a.xml"), witness(body, "final", "b.xml")),
        (witness(body, "final", "a.xml"), witness(other, "final", "b.xml")),
    ]:
        if normalizer:
            a, b = normalize(a, normalizer), normalize(b, normalizer)
        round_trip(diff(a, b), assert_valid_tei)

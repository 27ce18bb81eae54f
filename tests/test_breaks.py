"""Breaks are changes: a paragraph or verse-line break added or removed between
shared words is a segment of its own, and every output still rebuilds both texts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TEI_DIR
from revdiff import api
from revdiff.align import diff
from revdiff.breaks import find_breaks, paragraph_ends
from revdiff.cli import cli
from revdiff.model import Op
from revdiff.render import RenderOptions, render
from revdiff.tokenize import plain_witness

DRAFT, TELEGRAM = str(TEI_DIR / "draft.xml"), str(TEI_DIR / "telegram.xml")


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_paragraph_split_is_a_difference(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("First part. Second part.\n", encoding="utf-8")
    b.write_text("First part.\n\nSecond part.\n", encoding="utf-8")
    added = _run("diff", str(a), str(b))
    assert added.exit_code == 1
    assert added.output == "First part.{+¶+}\n\nSecond part.\n"
    removed = _run("diff", str(b), str(a))
    assert removed.exit_code == 1
    assert removed.output == "First part.[-¶-] Second part.\n"
    stats = json.loads(_run("diff", "-f", "json", str(a), str(b)).output)["stats"]
    assert (stats["breaks_added"], stats["breaks_removed"], stats["insertions"]) == (1, 0, 0)
    unified = _run("diff", "-f", "unified", str(b), str(a)).output.splitlines()
    assert unified[unified.index(" .") + 1] == "-¶"
    # Only the white space inside a paragraph differs: no difference.
    b.write_text("First part.\nSecond   part.\n", encoding="utf-8")
    assert _run("diff", str(a), str(b)).exit_code == 0


def test_a_paragraph_deleted_whole_takes_its_break_with_it() -> None:
    a = plain_witness("One.\n\nTwo goes.\n\nThree.", "a", "a")
    b = plain_witness("One.\n\nThree.", "b", "b")
    d = diff(a, b)
    assert find_breaks(d) == d


def test_a_break_inside_an_insertion_stands_where_it_is() -> None:
    a = plain_witness("Kept here.", "a", "a")
    b = plain_witness("Kept here, and more.\n\nA new one.", "b", "b")
    d = find_breaks(diff(a, b))
    out = render(d, "text", RenderOptions())
    assert out == "Kept here{+, and more.+}{+¶+}\n\n{+A new one+}.\n"
    assert [s.op for s in d.segments if s.is_break] == [Op.INSERT]


def test_the_seed_draft_corrections_add_no_break() -> None:
    words = diff(api.read(f"{DRAFT}#base"), api.read(f"{DRAFT}#final"))
    assert api.compare(f"{DRAFT}#base", f"{DRAFT}#final") == words


def test_the_telegram_s_new_paragraphs_are_found() -> None:
    d = api.compare(f"{DRAFT}#final", TELEGRAM)
    found = [(s.op, d.b.texts[s.b_start].strip()) for s in d.segments if s.is_break]
    # The paragraphs the cipher copy starts where the draft runs on (READING.md
    # names the first two: bold initials in the draft), and one it joins.
    added = [w for op, w in found if op is Op.INSERT]
    assert added == ["Нужно", "По", "Сила", "Конечно"]
    assert [w for op, w in found if op is Op.DELETE] == ["Вы"]
    assert d.stats().breaks_added == 4


def test_a_verse_line_joined_is_a_difference(tmp_path: Path) -> None:
    verse = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>'
        "</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>"
        "</fileDesc></teiHeader><text><body><lg>{}</lg></body></text></TEI>"
    )
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    a.write_text(verse.format('<l n="1">Habe nun, ach!</l><l n="2">Philosophie,</l>'), "utf-8")
    b.write_text(verse.format('<l n="1">Habe nun, ach! Philosophie,</l>'), "utf-8")
    result = _run("diff", str(a), str(b))
    assert result.exit_code == 1
    assert "ach![-¶-] Philosophie" in result.output


WORDS = st.sampled_from(["a", "b", "c", "dog", ",", "."])
BREAK = st.sampled_from([" ", " ", " ", "\n", "\n\n", "\n \n", "\n\n\n"])


def _text(words: list[str], spaces: list[str]) -> str:
    return "".join(w + s for w, s in zip(words, spaces, strict=False)) + "\n"


def _rebuilds(d) -> None:  # type: ignore[no-untyped-def]
    a_at = b_at = 0
    for s in d.segments:
        assert (s.a_start, s.b_start) == (a_at, b_at), "segments tile both sides"
        a_at, b_at = s.a_end, s.b_end
        if s.a_start == s.a_end and s.b_start == s.b_end:
            assert s.is_break
    assert "".join(d.a_text(s) for s in d.segments) == d.a.text
    assert "".join(d.b_text(s) for s in d.segments) == d.b.text


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_same_words_differ_exactly_in_their_breaks(data: st.DataObject) -> None:
    words = data.draw(st.lists(WORDS, min_size=1, max_size=30))
    spaces_a = data.draw(st.lists(BREAK, min_size=len(words), max_size=len(words)))
    spaces_b = data.draw(st.lists(BREAK, min_size=len(words), max_size=len(words)))
    a = plain_witness(_text(words, spaces_a), "a", "a")
    b = plain_witness(_text(words, spaces_b), "b", "b")
    d = find_breaks(diff(a, b))
    _rebuilds(d)
    # The reference: where each text has a blank line between two of the words.
    breaks_a = {k for k, s in enumerate(spaces_a[:-1]) if s.count("\n") >= 2}
    breaks_b = {k for k, s in enumerate(spaces_b[:-1]) if s.count("\n") >= 2}
    assert set(paragraph_ends(a)) == breaks_a and set(paragraph_ends(b)) == breaks_b
    added = {s.b_start - 1 for s in d.segments if s.is_break and s.op is Op.INSERT}
    removed = {s.a_start - 1 for s in d.segments if s.is_break and s.op is Op.DELETE}
    assert (added, removed) == (breaks_b - breaks_a, breaks_a - breaks_b)
    assert d.changed == (breaks_a != breaks_b)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(WORDS, BREAK), max_size=30), st.lists(st.tuples(WORDS, BREAK), max_size=30)
)
def test_every_output_rebuilds_both_texts(
    a_parts: list[tuple[str, str]], b_parts: list[tuple[str, str]]
) -> None:
    a = plain_witness("".join(w + s for w, s in a_parts) + "x", "a", "a")
    b = plain_witness("".join(w + s for w, s in b_parts) + "x", "b", "b")
    d = find_breaks(diff(a, b))
    _rebuilds(d)
    document = json.loads(render(d, "json", RenderOptions()))
    assert "".join(s["a"] for s in document["segments"]) == a.text
    assert "".join(s["b"] for s in document["segments"]) == b.text
    assert sum(1 for s in document["segments"] if s.get("break")) == (
        document["stats"]["breaks_added"] + document["stats"]["breaks_removed"]
    )
    # Between two pairs of shared words, one side breaks and the other does not.
    for s in d.segments:
        if s.is_break and s.op is Op.INSERT:
            assert d.b.texts[s.b_start - 1].count("\n") >= 2
        elif s.is_break:
            assert d.a.texts[s.a_start - 1].count("\n") >= 2


def test_breaks_are_found_once() -> None:
    a = plain_witness("One two. Three.\n\nFour", "a", "a")
    b = plain_witness("One two.\n\nThree. Four", "b", "b")
    once = find_breaks(diff(a, b))
    assert [s.op for s in once.segments if s.is_break] == [Op.INSERT, Op.DELETE]
    assert find_breaks(once) == once

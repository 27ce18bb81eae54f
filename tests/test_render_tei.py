"""revdiff.render.tei (to_tei): a diff as TEI, read back exactly through revdiff's own reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import TEI_DIR
from revdiff.align import diff
from revdiff.cli import cli
from revdiff.errors import RevdiffError
from revdiff.model import Diff
from revdiff.render.tei import to_tei
from revdiff.tei import parse_tei, read_layer
from revdiff.tokenize import Normalizer, normalize, plain_witness

NS = {"t": "http://www.tei-c.org/ns/1.0"}


def normal_form(text: str) -> str:
    """The reader's normal form: single spaces, no space at a paragraph's ends,
    paragraphs separated by a blank line, a final line end (nothing for no text)."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    kept = [p for p in paragraphs if p]
    return "\n\n".join(kept) + "\n" if kept else ""


def make_diff(a: str, b: str, normalizer: Normalizer | None = None, by: str = "word") -> Diff:
    wa = plain_witness(a, "a.txt", "a", by=by)
    wb = plain_witness(b, "b.txt", "b", by=by)
    if normalizer:
        wa, wb = normalize(wa, normalizer), normalize(wb, normalizer)
    return diff(wa, wb)


def layers(xml: str) -> tuple[str, str]:
    doc = parse_tei(xml.encode(), "out.xml")
    return read_layer(doc, "base").text, read_layer(doc, "final").text


def witness_text(xml: str, wit: str) -> str:
    """The text of one witness of an apparatus: each app replaced by that witness's rdg."""
    root = etree.fromstring(xml.encode())
    for app in root.iter(f"{{{NS['t']}}}app"):
        rdgs = [r for r in app if f"#{wit}" in (r.get("wit") or "").split()]
        assert len(rdgs) == 1, "each app has exactly one reading per witness"
        reading = (rdgs[0].text or "") + (app.tail or "")
        previous = app.getprevious()
        parent = app.getparent()
        if previous is not None:
            previous.tail = (previous.tail or "") + reading
        else:
            parent.text = (parent.text or "") + reading
        parent.remove(app)
    doc = parse_tei(etree.tostring(root), "out.xml")
    return read_layer(doc, "final").text


# Words shared between A and B make equal runs; random words make changes.
LETTERS = "abcdeéxyzABCабвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЖЯ"
PUNCTUATION = ".,;:!?-–—\"'«»()[]<>&✓"
VOCABULARY = [
    "не",
    "сбегут",
    "от",
    "нас",
    "коммунистов",
    "the",
    "big",
    "dog",
    "a",
    "Не",
    "-",
    ",",
    ".",
]
word = st.sampled_from(VOCABULARY) | st.text(
    LETTERS + PUNCTUATION + "0123456789\u0301", min_size=1, max_size=7
)
separator = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", " \n\n ", "\n\n\n", "\t"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(word, max_size=25))
    seps = draw(st.lists(separator, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


normalizers = st.sampled_from(
    [None, Normalizer(ignore_case=True), Normalizer(ignore_punctuation=True)]
)


# Found by Hypothesis on Python 3.11.2 (possessive quantifiers, CPython gh-106052).
@example(a="не не ", b="не 0'\n\nне ", normalizer=None)
@example(a="", b="не 0'\n\nне ", normalizer=None)
@settings(max_examples=200, deadline=None)
@given(a=texts(), b=texts(), normalizer=normalizers)
def test_inline_tei_validates_and_gives_back_a_and_b_exactly(  # type: ignore[no-untyped-def]
    a: str, b: str, normalizer: Normalizer | None, assert_valid_tei
) -> None:
    """Any two texts (Latin, Cyrillic, punctuation, spaces, line and paragraph
    breaks) are first put in the reader's normal form (:func:`normal_form`):
    the reader collapses white space, so a run of spaces or a single line end
    inside a paragraph cannot come back as such. Normalization of the keys
    (case, punctuation) must not matter: the surfaces come back."""
    a, b = normal_form(a), normal_form(b)
    out = to_tei(make_diff(a, b, normalizer))
    assert_valid_tei(out)
    assert layers(out) == (a, b)


@settings(max_examples=200, deadline=None)
@given(a=texts(), b=texts())
def test_apparatus_validates_and_gives_back_each_witness(  # type: ignore[no-untyped-def]
    a: str, b: str, assert_valid_tei
) -> None:
    """Texts in the reader's normal form, as above; each witness is read by
    keeping its own rdg in every app."""
    a, b = normal_form(a), normal_form(b)
    out = to_tei(make_diff(a, b), "apparatus")
    assert_valid_tei(out)
    assert witness_text(out, "a") == a
    assert witness_text(out, "b") == b
    # Without choosing, revdiff's reader takes the first rdg: witness a.
    assert layers(out)[1] == a


def test_char_diff_round_trips(assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    a, b = "не сбегут от нас.\n\nDa.\n", "не сбегут от них, да.\n"
    out = to_tei(make_diff(a, b, by="char"))
    assert_valid_tei(out)
    assert layers(out) == (a, b)


def test_replacement_is_a_subst_and_every_revision_points_to_the_change(  # type: ignore[no-untyped-def]
    assert_valid_tei,
) -> None:
    out = to_tei(make_diff("не сбегут от нас в случае\n", "не сбегут от коммунистов в случае\n"))
    assert_valid_tei(out)
    root = etree.fromstring(out.encode())
    (subst,) = root.iterfind(".//t:subst", NS)
    assert [c.tag.split("}")[1] for c in subst] == ["del", "add"]
    assert [c.text for c in subst] == ["нас", "коммунистов"]
    (change,) = root.iterfind(".//t:listChange/t:change", NS)
    ident = change.get("{http://www.w3.org/XML/1998/namespace}id")
    revisions = root.findall(".//t:del", NS) + root.findall(".//t:add", NS)
    assert revisions and all(r.get("change") == f"#{ident}" for r in revisions)
    sigla = [w.get("n") for w in root.iterfind(".//t:listWit/t:witness", NS)]
    assert sigla == ["a", "b"]


def test_a_break_in_one_side_only_puts_the_text_in_separate_paragraphs(  # type: ignore[no-untyped-def]
    assert_valid_tei,
) -> None:
    a, b = "one two three\n", "one two\n\nthree\n"
    out = to_tei(make_diff(a, b))
    assert_valid_tei(out)
    assert layers(out) == (a, b)
    paragraphs = etree.fromstring(out.encode()).findall(".//t:body/t:p", NS)
    assert len(paragraphs) == 2


def test_identical_and_empty_texts(assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    for a, b in [("same\n", "same\n"), ("", ""), ("", "new\n"), ("old\n", "")]:
        out = to_tei(make_diff(a, b))
        assert_valid_tei(out)
        assert layers(out) == (a, b)
    assert "<del" not in to_tei(make_diff("same\n", "same\n"))


def test_same_input_same_bytes() -> None:
    d = make_diff("a b c\n", "a c d\n")
    assert to_tei(d, date="2020-01-01") == to_tei(d, date="2020-01-01")
    assert 'when="2020-01-01"' in to_tei(d, date="2020-01-01")


def test_control_characters_and_unknown_styles_are_errors() -> None:
    with pytest.raises(RevdiffError, match="U\\+0001"):
        to_tei(make_diff("a\x01\n", "b\n"))
    with pytest.raises(RevdiffError, match="style"):
        to_tei(make_diff("a\n", "b\n"), "sideways")


@pytest.mark.parametrize("style", ["inline", "apparatus"])
def test_cli_diff_format_tei_of_the_draft_layers(  # type: ignore[no-untyped-def]
    style: str, tmp_path: Path, assert_valid_tei, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    runner = CliRunner()
    draft = TEI_DIR / "draft.xml"
    out = tmp_path / "out.xml"
    args = ["diff", f"{draft}#base", f"{draft}#final", "--format", "tei", "--tei-style", style]
    result = runner.invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 1, result.output  # the layers differ
    assert_valid_tei(out)
    assert 'when="1970-01-01"' in out.read_text(encoding="utf-8")
    source = parse_tei(draft.read_bytes(), str(draft))
    expected_a = read_layer(source, "base").text
    expected_b = read_layer(source, "final").text
    xml = out.read_text(encoding="utf-8")
    if style == "inline":
        for layer, expected in [("base", expected_a), ("final", expected_b)]:
            shown = runner.invoke(cli, ["text", f"{out}#{layer}"])
            assert shown.exit_code == 0
            assert shown.output == expected
    else:
        assert witness_text(xml, "draft-base") == expected_a
        assert witness_text(xml, "draft-final") == expected_b
    # Byte for byte the same on a second run.
    again = runner.invoke(cli, [*args])
    assert again.output == xml


MOVES = [
    # (a, b): a passage moved on, one moved back, two moves, one across a paragraph break
    ("one two three four five six seven eight.\n", "one five six seven two three four eight.\n"),
    ("one two three four five six seven eight.\n", "one six seven two three four five eight.\n"),
    (
        "a b c d e f g h i j k l m n o p.\n",
        "a e f g b c d h m n o i j k l p.\n",
    ),
    (
        "one two three four.\n\nfive six seven eight.\n",
        "one four.\n\nfive two three six seven eight.\n",
    ),
]


@pytest.mark.parametrize(("a_text", "b_text"), MOVES)
def test_a_move_is_kept_as_a_transposition_and_reads_back(
    a_text: str, b_text: str, assert_valid_tei
) -> None:  # type: ignore[no-untyped-def]
    from revdiff.moves import find_moves
    from revdiff.tei import parse_tei

    d = find_moves(diff(plain_witness(a_text, "a", "a"), plain_witness(b_text, "b", "b")), 2)
    assert d.moves
    inline, apparatus = to_tei(d, "inline"), to_tei(d, "apparatus")
    doc = parse_tei(inline.encode(), "inline.xml")
    assert read_layer(doc, "base").text == a_text
    assert read_layer(doc, "final").text == b_text
    crossing = "\n\n" in a_text and "two three" in a_text.split("\n\n")[0]
    assert ("<transpose" in inline) == (not crossing) and len(doc.transpositions) == (
        0 if crossing else len(d.moves)
    )
    app = parse_tei(apparatus.encode(), "app.xml")
    assert (read_layer(app, "wit:a").text, read_layer(app, "wit:b").text) == (a_text, b_text)
    assert apparatus.count('type="transposition"') >= 2 and 'corresp="#move1-b"' in apparatus
    assert_valid_tei(inline)
    assert_valid_tei(apparatus)

"""revdiff collate --format tei: a parallel-segmentation apparatus of many witnesses.

Each witness is read back by keeping, in every ``app``, only the ``rdg`` that
names it (an XPath over ``@wit``), and then reading the document with
revdiff's own reader, which takes the one ``rdg`` left in each ``app``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import TEI_DIR
from revdiff.api import collate, load_witness
from revdiff.cli import cli
from revdiff.model import Collation
from revdiff.render.tei import collation_ids, collation_to_tei
from revdiff.sources import parse_spec
from revdiff.tei import parse_tei, read_layer
from revdiff.tokenize import plain_witness

NS = {"t": "http://www.tei-c.org/ns/1.0"}
SEED = [
    f"{TEI_DIR / 'draft.xml'}#base",
    f"{TEI_DIR / 'draft.xml'}#final",
    str(TEI_DIR / "telegram.xml"),
]


def witness_text(xml: str, ident: str) -> str:
    """One witness's text: every rdg not naming it removed, then read by revdiff's reader."""
    root = etree.fromstring(xml.encode())
    mine = f"contains(concat(' ', normalize-space(@wit), ' '), ' #{ident} ')"
    # Outer rdgs first (document order), so that a removed rdg takes its nested apps with it.
    for rdg in root.xpath(f"//t:rdg[not({mine})]", namespaces=NS):
        parent = rdg.getparent()
        if parent is not None:
            parent.remove(rdg)
    for app in root.xpath("//t:app", namespaces=NS):
        assert len(app.xpath(f"t:rdg[{mine}]", namespaces=NS)) == len(app) == 1, (
            "each app the witness reaches has exactly one rdg naming it"
        )
    return read_layer(parse_tei(etree.tostring(root), "out.xml"), "final").text


def check_round_trip(collation: Collation, assert_valid_tei) -> str:  # type: ignore[no-untyped-def]
    xml = collation_to_tei(collation, date="1970-01-01")
    assert_valid_tei(xml)
    root = etree.fromstring(xml.encode())
    ids = collation_ids(collation)
    listed = root.xpath("//t:listWit/t:witness", namespaces=NS)
    assert [w.get("{http://www.w3.org/XML/1998/namespace}id") for w in listed] == list(ids)
    assert [w.get("n") for w in listed] == [w.siglum for w in collation.witnesses]
    for ident, witness in zip(ids, collation.witnesses, strict=True):
        assert witness_text(xml, ident) == witness.text
    return xml


def differing_columns(collation: Collation) -> int:
    return sum(1 for c in range(len(collation.columns)) if not collation.agrees(c))


def test_seed_three_witnesses_round_trip(assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    result = collate(SEED)
    xml = check_round_trip(result, assert_valid_tei)
    root = etree.fromstring(xml.encode())
    # Every app stands where the witnesses differ: no rdg repeats a reading of its app.
    for app in root.xpath("//t:app", namespaces=NS):
        readings = [etree.tostring(r, method="c14n").split(b">", 1)[1] for r in app]
        assert len(set(readings)) == len(readings)
    # Stalin's "не большее" (final) against the typed "некоторое" (base), in one app; the
    # space both are followed by stands after it.
    pair = root.xpath("//t:app[t:rdg[@wit='#draft-final']='не большее']", namespaces=NS)
    assert len(pair) == 1
    assert pair[0].xpath("string(t:rdg[@wit='#draft-base'])", namespaces=NS) == "некоторое"
    assert pair[0].tail.startswith(" ")


def test_agreeing_text_is_written_once() -> None:
    ws = [plain_witness(t, s, s) for s, t in [("A", "one two three"), ("B", "one two three")]]
    xml = collation_to_tei(collate(ws))
    assert "<app" not in xml
    assert xml.count("one two three") == 1


def test_witnesses_absent_from_a_paragraph_read_nothing(assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    ws = [
        plain_witness(t, s, s)
        for s, t in [("A", "x y z.\n\nq r.\n"), ("B", "x y z. q r.\n"), ("C", "x y w.\n\nq r.\n")]
    ]
    check_round_trip(collate(ws), assert_valid_tei)


# Small shared vocabulary, so that random witnesses align in places.
word = st.sampled_from(["a", "b", "c", "Мы", "рады", ",", ".", "—", "<&>", "ё"])
separator = st.sampled_from([" ", " ", " ", "\n\n"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(word, max_size=18))
    seps = draw(st.lists(separator, min_size=len(words), max_size=len(words)))
    raw = "".join(w + s for w, s in zip(words, seps, strict=True))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw)]
    kept = [p for p in paragraphs if p]
    return "\n\n".join(kept) + "\n" if kept else ""


@settings(max_examples=150, deadline=None)
@given(
    sources=st.lists(texts(), min_size=3, max_size=3),
    segment=st.booleans(),
    moves=st.sampled_from([0, 0, 2]),
)
def test_three_random_witnesses_round_trip(
    sources: list[str],
    segment: bool,
    moves: int,
    assert_valid_tei,  # type: ignore[no-untyped-def]
) -> None:
    ws = [plain_witness(t, f"{s}.txt", s) for s, t in zip("ABC", sources, strict=True)]
    check_round_trip(collate(ws, segment=segment, moves=moves), assert_valid_tei)


FOX = [
    "the quick brown fox jumps over the dog",
    "the very slow red fox jumps over the dog",
    "the quick brown fox leaps over the dog",
]


def test_the_fox_has_two_apps_and_one_a_token_without_segmentation(assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    ws = [plain_witness(t + "\n", s, s) for s, t in zip("ABC", FOX, strict=True)]
    xml = check_round_trip(collate(ws), assert_valid_tei)
    root = etree.fromstring(xml.encode())
    apps = root.xpath("//t:app", namespaces=NS)
    readings = [[(r.get("wit"), r.text) for r in app] for app in apps]
    assert readings == [
        [("#A #C", "quick brown"), ("#B", "very slow red")],
        [("#A #B", "jumps"), ("#C", "leaps")],
    ]
    xml = check_round_trip(collate(ws, segment=False), assert_valid_tei)
    apps = etree.fromstring(xml.encode()).xpath("//t:app", namespaces=NS)
    assert [len(" ".join(app.itertext()).split()) for app in apps] == [2, 2, 1, 2]


PASSAGE = "the black cat sat on the mat"
LONG_A = "one two three four five six seven eight nine ten eleven twelve"
LONG_B = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"


def test_a_transposition_points_to_its_places(assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    texts = [
        f"{PASSAGE}. {LONG_A}. {LONG_B}.",
        f"{LONG_A}. {PASSAGE}. {LONG_B}.",
        f"{LONG_A}. {LONG_B}. {PASSAGE}.",
    ]
    ws = [plain_witness(t + "\n", s, s) for s, t in zip(("W1", "W2", "W3"), texts, strict=True)]
    result = collate(ws, moves=3)
    xml = check_round_trip(result, assert_valid_tei)
    root = etree.fromstring(xml.encode())
    (transpose,) = root.xpath("//t:profileDesc/t:listTranspose/t:transpose", namespaces=NS)
    pointed = []
    for ptr in transpose.xpath("t:ptr", namespaces=NS):
        targets = [t.removeprefix("#") for t in ptr.get("target").split()]
        rdgs = [root.xpath(f"//t:rdg[@xml:id='{t}']", namespaces=NS)[0] for t in targets]
        pointed.append((rdgs[0].get("wit"), "".join("".join(r.itertext()) for r in rdgs)))
    assert [wit for wit, _ in pointed] == ["#W1", "#W2", "#W3"]  # in the table's order
    assert all(text.startswith(PASSAGE) for _, text in pointed)
    plain = collation_to_tei(collate(ws))
    assert "listTranspose" not in plain


def test_cli_collate_tei(tmp_path: Path, assert_valid_tei, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    runner = CliRunner()
    out = tmp_path / "c.xml"
    result = runner.invoke(cli, ["collate", *SEED, "--format", "tei", "-o", str(out)])
    assert result.exit_code == 0, result.output
    xml = out.read_text(encoding="utf-8")
    assert_valid_tei(xml)
    assert 'when="1970-01-01"' in xml
    for spec, ident in zip(SEED, ["draft-base", "draft-final", "telegram"], strict=True):
        assert witness_text(xml, ident) == load_witness(parse_spec(spec)).text
    again = runner.invoke(cli, ["collate", *SEED, "--format", "tei"])
    assert again.output == xml

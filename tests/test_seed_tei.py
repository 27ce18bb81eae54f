"""The TEI encodings of the seed in tei/: valid, complete, and answering the seed's questions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from conftest import SEED, TEI_DIR
from revdiff.align import diff
from revdiff.api import load_document, load_witness
from revdiff.model import Op
from revdiff.sources import parse_spec
from revdiff.tei import read_layer
from revdiff.tokenize import Normalizer

FILES = sorted(TEI_DIR.glob("*.xml"))


def test_the_three_witnesses_are_there() -> None:
    assert [f.name for f in FILES] == ["draft.xml", "telegram.xml", "translation.xml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_valid_against_tei_all(path: Path, assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    assert_valid_tei(path)


def test_the_seed_is_copied_byte_for_byte() -> None:
    shared = SEED.parent.parent.parent / "shared" / "seeds" / SEED.name
    if shared.exists():
        assert SEED.read_bytes() == shared.read_bytes()
    assert SEED.stat().st_size > 0


def test_no_word_of_the_seed_is_lost() -> None:
    """Every word from the translation's heading (line 31) to the last note (156) is encoded."""
    lines = SEED.read_text(encoding="utf-8").splitlines()[30:156]
    seed_words = set(re.findall(r"\w+", re.sub(r"</?sup>", " ", "\n".join(lines))))
    encoded = " ".join(" ".join(etree.parse(str(f)).getroot().itertext()) for f in FILES)
    missing = sorted(w for w in seed_words if w not in encoded)
    assert not missing


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_four_sections_in_every_witness(path: Path) -> None:
    witness = load_witness(parse_spec(str(path)))
    sections = {o.section for o in witness.origins if o is not None and o.section}
    assert sections == {"1", "2", "3", "4"}


def _draft():  # type: ignore[no-untyped-def]
    return load_document(parse_spec(str(TEI_DIR / "draft.xml")))


def test_base_against_final_shows_stalins_corrections_and_nothing_else() -> None:
    doc = _draft()
    d = diff(read_layer(doc, "base"), read_layer(doc, "final"))
    touched = set()
    for s in d.segments:
        if s.op is Op.EQUAL:
            continue
        origins = [d.a.origin(i) for i in range(s.a_start, s.a_end)]
        origins += [d.b.origin(j) for j in range(s.b_start, s.b_end)]
        revisions = [o.revision for o in origins if o is not None and o.revision is not None]
        # A change may hold unrevised text ("не" of "не-которое"), never only that.
        assert revisions, d.a_text(s) + " / " + d.b_text(s)
        assert {r.hand for r in revisions} == {"stalin"}
        touched.update(r.id for r in revisions)
    stalins = {r.id for r in doc.revisions if r.hand == "stalin" and r.kind in ("add", "del")}
    assert touched == stalins


def test_the_corrections_of_reading_md_are_in_the_draft() -> None:
    doc = _draft()
    d = diff(read_layer(doc, "base"), read_layer(doc, "final"))
    changes = {
        (d.a_text(s).strip(), d.b_text(s).strip()) for s in d.segments if s.op is not Op.EQUAL
    }
    assert ("нас", "коммунистов") in changes
    assert ("из числа", "") in changes
    assert ("некоторое", "не большее") in changes
    assert any(b.startswith("(Основу независимости Китая)") for _, b in changes)
    assert ("наших", "русских кадрах и интеллигенции совершенных") in changes


def test_base_reads_nekotoroe_as_one_word() -> None:
    base = read_layer(_draft(), "base")
    assert "некоторое" in base.keys
    assert " некоторое количество" in base.text


def test_final_against_telegram_shows_the_copying_differences() -> None:
    doc = _draft()
    telegram = load_witness(parse_spec(str(TEI_DIR / "telegram.xml")))
    d = diff(read_layer(doc, "final"), telegram)
    replaced = [(d.a_text(s), d.b_text(s)) for s in d.segments if s.op is Op.REPLACE]
    for old, new in [
        ("Передайте", "Передай"),
        ("Дзе-дуну", "Цзе-дуну"),
        ("Объясняем", "Об'ясняем"),
        ("финансовых", "финансов"),
        ("не большее", "некоторое"),
    ]:
        assert any(old in a and new in b for a, b in replaced), (old, new)


def test_the_hard_sign_table_hides_the_typewriter_apostrophe_but_counts_it() -> None:
    normalizer = Normalizer(tables=("hard-sign",))
    draft = load_witness(parse_spec(str(TEI_DIR / "draft.xml")), normalizer=normalizer)
    telegram = load_witness(parse_spec(str(TEI_DIR / "telegram.xml")), normalizer=normalizer)
    d = diff(draft, telegram)
    assert not any("Объясняем" in d.a_text(s) for s in d.segments if s.op is not Op.EQUAL)
    assert d.stats().normalized >= 1

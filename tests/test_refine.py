"""Character refinement everywhere: --refine marks the letters that differ inside
replaced words in text, JSON and HTML; each of several adjacent ones is refined."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TEI_DIR
from revdiff.cli import cli
from revdiff.model import Op
from revdiff.refine import refine_replacement

DRAFT, TELEGRAM = str(TEI_DIR / "draft.xml"), str(TEI_DIR / "telegram.xml")


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def letters(tmp_path: Path) -> tuple[str, str]:
    """Three adjacent words, each changed by one letter: one replacement to the aligner."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Мы видим кот пёс дом у реки.\n", encoding="utf-8")
    b.write_text("Мы видим кит пес дым у реки.\n", encoding="utf-8")
    return str(a), str(b)


def test_text_marks_the_letters_with_refine() -> None:
    out = _run("diff", "--refine", f"{DRAFT}#final", TELEGRAM).output
    assert "Об[-ъ-]{+'+}ясняем" in out
    assert "Об[-ъ-]" not in _run("diff", f"{DRAFT}#final", TELEGRAM).output  # off by default


def test_each_of_several_adjacent_one_letter_changes_is_refined(letters: tuple[str, str]) -> None:
    text = _run("diff", "--refine", *letters).output
    assert text == "Мы видим к[-о-]{+и+}т п[-ё-]{+е+}с д[-о-]{+ы+}м у реки.\n"
    document = json.loads(_run("diff", "-f", "json", "--refine", *letters).output)
    (replaced,) = [s for s in document["segments"] if s["op"] == "replace"]
    changed = [(c["a"], c["b"]) for c in replaced["chars"] if c["op"] != "equal"]
    assert changed == [("о", "и"), ("ё", "е"), ("о", "ы")]
    assert "".join(c["a"] for c in replaced["chars"]) == replaced["a"]
    assert "".join(c["b"] for c in replaced["chars"]) == replaced["b"]
    plain = json.loads(_run("diff", "-f", "json", *letters).output)
    assert all("chars" not in s for s in plain["segments"])


def test_the_html_pair_view_refines_unless_told_not_to(
    letters: tuple[str, str], tmp_path: Path
) -> None:
    on, off = tmp_path / "on.html", tmp_path / "off.html"
    assert _run("html", *letters, "-o", str(on)).exit_code == 0
    assert _run("html", "--no-refine", *letters, "-o", str(off)).exit_code == 0
    page = on.read_text(encoding="utf-8")
    assert "к<mark>о</mark>т п<mark>ё</mark>с д<mark>о</mark>м" in page
    assert "к<mark>и</mark>т п<mark>е</mark>с д<mark>ы</mark>м" in page
    plain = off.read_text(encoding="utf-8")
    assert ">кот пёс дом<" in plain and "<mark>о</mark>" not in plain


def test_words_not_close_are_not_refined() -> None:
    assert refine_replacement("года", "г") is None
    assert refine_replacement("Наша сила", "Сила русских коммунистов") is None
    parts = refine_replacement("финансовых года", "финансов г")
    assert parts is not None
    assert [(op, a, b) for op, a, b in parts if op is not Op.EQUAL] == [
        (Op.DELETE, "ых", ""),
        (Op.REPLACE, "года", "г"),
    ]


WORD = st.text(alphabet="абвгдеёъ'-,.", min_size=1, max_size=8)
SPACE = st.sampled_from([" ", "  ", "\n", "\n\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORD, WORD, SPACE), min_size=1, max_size=6))
def test_the_parts_rebuild_both_sides(words: list[tuple[str, str, SPACE]]) -> None:  # type: ignore[valid-type]
    a = "".join(x + s for x, _, s in words)
    b = "".join(y + s for _, y, s in words)
    parts = refine_replacement(a, b)
    if parts is None:
        return
    assert "".join(x for _, x, _ in parts) == a
    assert "".join(y for _, _, y in parts) == b
    assert any(op is not Op.EQUAL for op, _, _ in parts)
    for (op, x, y), (next_op, _, _) in zip(parts, parts[1:], strict=False):
        assert op is not next_op, "neighbouring parts that do the same are one"
        assert op is not Op.EQUAL or x == y

"""revdiff diff --show-normalized: a difference only a normalization hides is still shown."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from conftest import TEI_DIR
from revdiff.align import diff
from revdiff.api import load_witness
from revdiff.cli import cli
from revdiff.sources import parse_spec
from revdiff.tokenize import Normalizer

DRAFT = str(TEI_DIR / "draft.xml")
TELEGRAM = str(TEI_DIR / "telegram.xml")
MARK = re.compile(r"\{=([^|]*)\|(.*?)=\}")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *args])
    return result.exit_code, result.output


def test_seed_hard_sign_shows_both_spellings() -> None:
    code, out = run(DRAFT, TELEGRAM, "-n", "hard-sign", "--show-normalized", "--color", "never")
    assert code == 1  # the texts differ elsewhere
    assert "{=Объясняем|Об'ясняем=}" in out
    # One mark per token the normalization made equal, as the diff counts them.
    normalizer = Normalizer(tables=("hard-sign",))
    a, b = (load_witness(parse_spec(s), normalizer=normalizer) for s in (DRAFT, TELEGRAM))
    marks = MARK.findall(out)
    assert len(marks) == diff(a, b).stats().normalized
    assert all(x != y for x, y in marks)


def test_without_the_flag_only_b_is_shown_and_without_the_table_it_is_a_change() -> None:
    _, quiet = run(DRAFT, TELEGRAM, "-n", "hard-sign", "--color", "never")
    assert "{=" not in quiet and "Об'ясняем" in quiet and "Объясняем" not in quiet
    _, plain = run(DRAFT, TELEGRAM, "--show-normalized", "--color", "never")
    assert "[-Объясняем-]{+Об'ясняем+}" in plain


def test_still_no_difference_for_the_exit_status(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Мы рады. ТЧК\n", encoding="utf-8")
    b.write_text("мы рады. тчк\n", encoding="utf-8")
    code, out = run(str(a), str(b), "-i", "--show-normalized", "--color", "never")
    assert code == 0
    assert out == "{=Мы|мы=} рады. {=ТЧК|тчк=}\n"
    code, out = run(str(a), str(b), "-i", "--show-normalized", "--color", "always")
    assert code == 0
    assert out == "\x1b[2mМы|мы\x1b[m рады. \x1b[2mТЧК|тчк\x1b[m\n"

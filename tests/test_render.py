"""Golden files for the text, unified and JSON renderers.

Each case in tests/cases/diff/<name>/ holds a.txt and b.txt and the expected
output of each format as expected.<format>. To regenerate after a deliberate
change, run with REVDIFF_UPDATE_GOLDEN=1 and review the diff of the files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revdiff.align import diff
from revdiff.api import load_witness
from revdiff.breaks import find_breaks
from revdiff.render import RenderOptions, render
from revdiff.sources import parse_spec

CASES = sorted((Path(__file__).parent / "cases" / "diff").iterdir())
FORMATS = {
    "text": RenderOptions(),
    "text-color": RenderOptions(color=True),
    "text-context": RenderOptions(context=3),
    "unified": RenderOptions(),
    "json": RenderOptions(),
}


def _diff(case: Path):  # type: ignore[no-untyped-def]
    # Read with relative paths (the tests chdir into the case), so that the
    # golden output does not depend on where the checkout is.
    return find_breaks(diff(load_witness(parse_spec("a.txt")), load_witness(parse_spec("b.txt"))))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_golden(case: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    d = _diff(case)
    out = render(d, fmt.split("-")[0], FORMATS[fmt])
    expected = case / f"expected.{fmt}"
    if os.environ.get("REVDIFF_UPDATE_GOLDEN"):
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_json_segments_rebuild_both_texts(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    data = json.loads(render(_diff(case), "json"))
    assert list(data) == ["a", "b", "segments", "stats"]
    assert "".join(s["a"] for s in data["segments"]) == (case / "a.txt").read_text(encoding="utf-8")
    assert "".join(s["b"] for s in data["segments"]) == (case / "b.txt").read_text(encoding="utf-8")
    assert {s["op"] for s in data["segments"]} <= {"equal", "delete", "insert", "replace"}


def test_text_marks_deletions_and_insertions_like_wdiff(monkeypatch: pytest.MonkeyPatch) -> None:
    case = next(c for c in CASES if c.name == "stalin-corrections")
    monkeypatch.chdir(case)
    out = render(_diff(case), "text")
    assert "от [-нас-]{+коммунистов+} в случае" in out
    assert "\x1b[" not in out


def test_colour_drops_the_brackets_like_git(monkeypatch: pytest.MonkeyPatch) -> None:
    case = next(c for c in CASES if c.name == "stalin-corrections")
    monkeypatch.chdir(case)
    out = render(_diff(case), "text", RenderOptions(color=True))
    assert "\x1b[31mнас\x1b[m\x1b[32mкоммунистов\x1b[m" in out
    assert "[-" not in out


@given(st.text(max_size=60) | st.text(alphabet='ab я"\\\n\t\r\x00\x1f\u2028\u00ad ', max_size=60))
@settings(max_examples=2000)
def test_json_strings_are_json_dumps_strings(text: str) -> None:
    from revdiff.render.json import _string

    assert _string(text) == json.dumps(text, ensure_ascii=False)
    assert json.loads(_string(text)) == text

"""revdiff.moves: a passage that moved is a transposition, not a deletion and an insertion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from revdiff.align import diff
from revdiff.cli import cli
from revdiff.model import Diff, Op
from revdiff.moves import find_moves, words
from revdiff.tokenize import plain_witness


def _diff(a: str, b: str) -> Diff:
    return diff(plain_witness(a, "a", "a"), plain_witness(b, "b", "b"))


def _check_invariants(d: Diff) -> None:
    """The cut diff still rebuilds both texts; each move is a whole deletion and insertion."""
    assert "".join(d.a_text(s) for s in d.segments) == d.a.text
    assert "".join(d.b_text(s) for s in d.segments) == d.b.text
    deletions = {(s.a_start, s.a_end) for s in d.segments if s.op is Op.DELETE}
    insertions = {(s.b_start, s.b_end) for s in d.segments if s.op is Op.INSERT}
    seen_a: set[int] = set()
    seen_b: set[int] = set()
    for m in d.moves:
        assert d.a.keys[m.a_start : m.a_end] == d.b.keys[m.b_start : m.b_end]
        assert (m.a_start, m.a_end) in deletions and (m.b_start, m.b_end) in insertions
        a_range, b_range = set(range(m.a_start, m.a_end)), set(range(m.b_start, m.b_end))
        assert not (a_range & seen_a) and not (b_range & seen_b)
        seen_a |= a_range
        seen_b |= b_range


def test_a_moved_passage_is_one_move() -> None:
    a = "one two three four five six seven eight nine ten"
    b = "one two six seven eight three four five nine ten"
    d = find_moves(_diff(a, b), 2)
    _check_invariants(d)
    assert len(d.moves) == 1
    m = d.moves[0]
    moved = "".join(d.a.texts[m.a_start : m.a_end]).split()
    assert " ".join(moved) in a and " ".join(moved) in b
    assert words(d.a.keys[m.a_start : m.a_end]) >= 2
    # Every change of the diff is the move: nothing is left as a plain deletion.
    assert all(s.op is Op.EQUAL or s in _move_segments(d) for s in d.segments)


def _move_segments(d: Diff) -> set[object]:
    out: set[object] = set()
    for s in d.segments:
        for m in d.moves:
            if (s.op is Op.DELETE and (s.a_start, s.a_end) == (m.a_start, m.a_end)) or (
                s.op is Op.INSERT and (s.b_start, s.b_end) == (m.b_start, m.b_end)
            ):
                out.add(s)
    return out


def test_minimum_length_is_respected() -> None:
    a = "one two three four five six seven eight nine ten"
    b = "one two six seven eight three four five nine ten"
    plain = _diff(a, b)
    moved = [s for s in plain.segments if s.op is Op.DELETE]
    length = max(s.a_end - s.a_start for s in moved)
    assert find_moves(plain, length).moves
    assert not find_moves(plain, length + 1).moves
    assert find_moves(plain, 0) == plain


def test_punctuation_moves_but_does_not_count() -> None:
    a, b = "x , y , z a b c d e f g", "a b c d e f g x , y , z"
    d = find_moves(_diff(a, b), 3)
    _check_invariants(d)
    assert len(d.moves) == 1
    m = d.moves[0]
    assert d.a.keys[m.a_start : m.a_end] == ("x", ",", "y", ",", "z")
    assert not find_moves(_diff(a, b), 4).moves


def test_a_passage_moved_inside_a_replacement() -> None:
    a = "alpha beta gamma delta epsilon zeta"
    b = "alpha QQ delta epsilon RR beta gamma zeta"
    d = find_moves(_diff(a, b), 2)
    _check_invariants(d)
    assert [d.a.keys[m.a_start : m.a_end] for m in d.moves] == [("beta", "gamma")]


VOCABULARY = [f"w{i}" for i in range(60)]


@given(
    st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=30),
    st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=30),
    st.integers(min_value=1, max_value=4),
)
def test_invariants_on_any_pair(a: list[str], b: list[str], n: int) -> None:
    _check_invariants(find_moves(_diff(" ".join(a), " ".join(b)), n))


@given(
    st.permutations(VOCABULARY[:24]),
    st.integers(min_value=0, max_value=23),
    st.integers(min_value=2, max_value=6),
    st.integers(min_value=0, max_value=24),
    st.integers(min_value=2, max_value=4),
)
def test_a_transposition_is_found(
    text: list[str], start: int, length: int, to: int, n: int
) -> None:
    """Words all distinct: a passage of n+ words moved leaves no plain deletion or insertion."""
    passage = text[start : start + length]
    rest = text[:start] + text[start + length :]
    to = min(to, len(rest))
    moved = rest[:to] + passage + rest[to:]
    d = find_moves(_diff(" ".join(text), " ".join(moved)), n)
    _check_invariants(d)
    changed = [s for s in d.segments if s.op is not Op.EQUAL]
    if changed and all(
        (s.a_end - s.a_start) >= n or (s.b_end - s.b_start) >= n for s in _diff_changes(d)
    ):
        assert d.moves
        assert set(changed) <= _move_segments(d)


def _diff_changes(d: Diff) -> list[object]:
    plain = diff(d.a, d.b)
    return [s for s in plain.segments if s.op is not Op.EQUAL]


def test_cli_moves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    with open("a.txt", "w", encoding="utf-8") as f:
        f.write("one two three four five six seven eight nine ten\n")
    with open("b.txt", "w", encoding="utf-8") as f:
        f.write("one two six seven eight three four five nine ten\n")
    plain = runner.invoke(cli, ["diff", "a.txt", "b.txt"])
    assert plain.exit_code == 1 and "[-" in plain.stdout and "[~" not in plain.stdout
    text = runner.invoke(cli, ["diff", "a.txt", "b.txt", "--moves", "2"])
    assert text.exit_code == 1
    assert "[~1 " in text.stdout and "{~1 " in text.stdout and "[-" not in text.stdout
    js = runner.invoke(cli, ["diff", "a.txt", "b.txt", "--moves", "2", "-f", "json"])
    document = json.loads(js.stdout)
    assert len(document["moves"]) == 1
    m = document["moves"][0]
    a_words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    assert m["text"].split() == a_words[m["a"]["start"] : m["a"]["end"]]
    off = runner.invoke(cli, ["diff", "a.txt", "b.txt", "--moves", "0", "-f", "json"])
    assert "moves" not in json.loads(off.stdout)

"""revdiff._speedups, the optional C loops, against the Python they stand for.

Each function must give exactly what its Python counterpart gives: the
lines of tokenize._LINE and the token counts of tokenize._TOKEN,
align._unique_pairs, align._longest_increasing, align._runs; common_tokens
and chars_at what the tokens themselves say.
Where the extension is not built the tests skip (and fail under CI=true, which
builds it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require
from revdiff import align, tokenize

speedups = tokenize.speedups


@pytest.fixture(autouse=True)
def _built() -> None:
    require(speedups is not None, "revdiff._speedups is not built (no C compiler at install?)")


# Characters the tokenizer tells apart: letters (Latin, Cyrillic, others),
# digits, underscore, joiners, punctuation, combining marks, white space of
# every kind, and anything else Unicode has.
tricky = st.sampled_from(
    list("ab аяЁё1_9 ,.;«»\"'’ʼ-‐‑—()\n\t\r\x0b\x0c\x1c\x85\u00a0\u2028\u3000")
    + ["\u0301", "\u0483", "\u1ab0", "\u1dc0", "\u20d0", "\ufe20", "\u0400", "\u0482", "\u04ff"]
    + ["\u00b2", "\u2167", "\u0660", "\U0001d7ce", "\U0001f600", "\u00aa", "\u02b0"]
)
texts = st.lists(st.text(tricky, max_size=40) | st.text(max_size=20), max_size=8).map("".join)


@given(texts)
@settings(max_examples=2000)
def test_lines_and_counts_are_the_regex_ones(text: str) -> None:
    lines, counts = speedups.split_lines(text)
    assert lines == tokenize._pieces(tokenize._LINE.findall(text))
    assert counts == [len(tokenize._TOKEN.findall(line)) for line in lines]


@given(st.lists(st.text(tricky, max_size=400), max_size=4).map("\n".join))
@settings(max_examples=500)
def test_long_lines_are_cut_where_the_regex_path_cuts_them(text: str) -> None:
    lines, counts = speedups.split_lines(text)
    assert lines == tokenize._pieces(tokenize._LINE.findall(text))
    assert counts == [len(tokenize._TOKEN.findall(line)) for line in lines]
    assert "".join(lines) == (text if text.strip() else "")


def test_the_c_and_python_cuts_use_the_same_numbers() -> None:
    source = (Path(tokenize.__file__).parent / "_speedups.c").read_text(encoding="utf-8")
    assert f"#define LONG_LINE {tokenize.LONG_LINE}\n" in source
    assert f"#define CUT_EVERY {tokenize.CUT_EVERY}\n" in source


def test_every_character_is_told_apart_as_the_regex_does() -> None:
    # Each code point between two letters and before a space: a word character
    # joins the word, a joiner joins it only between letters, others stand apart.
    for c in range(0x3000):
        if not 0xD800 <= c < 0xE000:
            text = f"a{chr(c)}b {chr(c)} \n"
            lines, counts = speedups.split_lines(text)
            assert counts == [len(tokenize._TOKEN.findall(line)) for line in lines], hex(c)


def test_split_lines_refuses_what_is_not_str() -> None:
    with pytest.raises(TypeError):
        speedups.split_lines(b"a")  # type: ignore[arg-type]
    assert speedups.split_lines(" \n\t") == ([], [])


keys = st.lists(st.sampled_from("abcdefghij"), max_size=40)


@given(keys, keys)
@settings(max_examples=1000)
def test_unique_pairs_are_the_python_ones(a: list[str], b: list[str]) -> None:
    expected = _python(align._unique_pairs, a, b)
    assert speedups.unique_pairs(a, b) == expected
    assert speedups.unique_pairs(tuple(a), tuple(b)) == expected


@given(st.lists(st.integers(0, 10_000), unique=True, max_size=60))
@settings(max_examples=1000)
def test_longest_increasing_is_the_python_one(values: list[int]) -> None:
    assert speedups.longest_increasing(values) == _python(align._longest_increasing, values)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=40))
@settings(max_examples=1000)
def test_runs_are_the_python_ones(steps: list[tuple[int, int]]) -> None:
    starts_a, starts_b, i, j = [], [], 0, 0
    for di, dj in steps:  # increasing on both sides, sometimes by one on both
        i, j = i + di + 1, j + dj + 1
        starts_a.append(i)
        starts_b.append(j)
    assert speedups.runs(starts_a, starts_b) == _python(align._runs, starts_a, starts_b)


def _python(function, *args):  # type: ignore[no-untyped-def]
    saved, align.speedups = align.speedups, None
    try:
        return function(*args)
    finally:
        align.speedups = saved


def test_tokenizing_and_aligning_without_the_speedups_gives_the_same_diff() -> None:
    from test_lines import _pair

    from revdiff.align import diff
    from revdiff.tokenize import TokenCache, plain_witness

    text_a, text_b = _pair(5, 2000, 80)

    def run() -> tuple:  # type: ignore[type-arg]
        cache = TokenCache()
        a = plain_witness(text_a, "a", "a", cache=cache)
        b = plain_witness(text_b, "b", "b", cache=cache)
        return a.texts.starts, b.texts.starts, diff(a, b).segments  # type: ignore[attr-defined]

    with_c = run()
    saved = tokenize.speedups, align.speedups
    tokenize.speedups = align.speedups = None
    try:
        assert run() == with_c
    finally:
        tokenize.speedups, align.speedups = saved


visible_lines = st.lists(
    st.text(tricky, min_size=1, max_size=30).filter(lambda t: not t[0].isspace()), max_size=4
)


@given(visible_lines, visible_lines, st.data())
@settings(max_examples=1000)
def test_common_tokens_and_token_starts_are_what_the_tokens_say(
    lines_a: list[str], lines_b: list[str], data: st.DataObject
) -> None:
    lines_b = [
        data.draw(st.sampled_from(lines_a)) if lines_a and k % 2 else line
        for k, line in enumerate(lines_b)
    ]
    keys_a = [t.strip() for line in lines_a for t in tokenize.split_line(line)]
    keys_b = [t.strip() for line in lines_b for t in tokenize.split_line(line)]
    prefix, suffix = align._common_ends(tuple(keys_a), tuple(keys_b))
    assert speedups.common_tokens(lines_a, lines_b) == (len(keys_a), len(keys_b), prefix, suffix)
    # Where each token of a line starts, the line alone (a first line may
    # start with white space: it belongs to the first token).
    for line in [*lines_a, "  " + (lines_a[0] if lines_a else "x")]:
        tokens = tokenize.split_line(line)
        held = ((line,), (0, len(tokens)), (0, len(line)))
        indices = list(range(len(tokens) + 1))
        assert speedups.chars_at(*held, indices) == [len("".join(tokens[:k])) for k in indices]


@given(texts, st.lists(st.integers(0, 400), max_size=30))
@settings(max_examples=1000)
def test_chars_at_is_where_the_tokens_start_in_any_order(text: str, picks: list[int]) -> None:
    held = tokenize.line_tokens(text)
    if held is None:
        return
    tokens = tokenize.split_words(text)
    indices = [k % (len(tokens) + 1) for k in picks]  # in any order, some repeated
    where = [len("".join(tokens[:k])) for k in indices]
    assert speedups.chars_at(held.lines, held.starts, held.offsets, indices) == where
    assert [held.char_at(k) for k in indices] == where


def test_a_text_of_one_long_line_is_looked_into_once() -> None:
    # Ends in order along one long line: each looked up from the one before.
    text = "слово " * 200_000 + "конец\n"
    held = tokenize.line_tokens(text)
    assert held is not None and len(held.lines) == 1
    indices = list(range(0, 200_001, 7))
    assert speedups.chars_at(held.lines, held.starts, held.offsets, indices) == [
        6 * k for k in indices
    ]

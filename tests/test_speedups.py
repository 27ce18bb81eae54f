"""revdiff._speedups, the optional C loops, against the Python they stand for.

Where the extension is built, its token rule is the only one revdiff uses, so
it must give exactly what the regexes of revdiff.tokenize give: the lines of
tokenize._LINE cut by tokenize._pieces, their counts, the tokens of
tokenize._TOKEN, where each token starts (chars_at) and the common ends of two
stretches of lines (common_tokens); on random texts and on every code point,
astral planes included. Its generic loops must give what align's Python gives
(_unique_pairs, _longest_increasing, _runs).
Where the extension is not built the tests skip (and fail under CI=true, which
builds it).
"""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
import types
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import require
from revdiff import align, tokenize
from revdiff.align import anchors, lines

speedups = tokenize.speedups


@pytest.fixture(autouse=True)
def _built() -> None:
    require(speedups is not None, "revdiff._speedups is not built (no C compiler at install?)")


# -- the regexes' answers, the reference ------------------------------------------


def regex_words(text: str) -> list[str]:
    return tokenize._tokens(tokenize._TOKEN, text)


def regex_lines(text: str) -> tuple[list[str], list[int]]:
    return tokenize._counted_lines(text, tokenize.TokenCache())


def regex_starts(text: str) -> list[int]:
    """Where each token of a text starts, and its length, by the regex."""
    starts = [0]
    for token in regex_words(text):
        starts.append(starts[-1] + len(token))
    return starts


# Characters the tokenizer tells apart: letters (Latin, Cyrillic, others),
# digits, underscore, joiners, punctuation, combining marks, white space of
# every kind, and anything else Unicode has.
tricky = st.sampled_from(
    list("ab аяЁё1_9 ,.;«»\"'’ʼ-‐‑—()\n\t\r\x0b\x0c\x1c\x85\u00a0\u2028\u3000")
    + ["\u0301", "\u0483", "\u1ab0", "\u1dc0", "\u20d0", "\ufe20", "\u0400", "\u0482", "\u04ff"]
    + ["\u00b2", "\u2167", "\u0660", "\U0001d7ce", "\U0001f600", "\u00aa", "\u02b0"]
    + ["\U00010400", "\U0001e944", "\U000e0100", "\U00020000", "\ud800", "\U0010ffff"]
)
texts = st.lists(st.text(tricky, max_size=40) | st.text(max_size=20), max_size=8).map("".join)


# Found by Hypothesis on Python 3.11.2, whose possessive quantifiers kept half
# a match (the regex then made "1‐" one token, the C loops two).
@example("1\u2010;")
@example("x-\ny z")
@example(" 1")
@given(texts)
@settings(max_examples=2000)
def test_lines_counts_and_tokens_are_the_regex_ones(text: str) -> None:
    lines, counts = speedups.split_lines(text)
    assert (lines, counts) == regex_lines(text)
    assert speedups.split_words(text) == regex_words(text)
    held = tokenize.line_tokens(text)
    assert held is None or (held.lines, list(held)) == (tuple(lines), regex_words(text))


@example("1';")
@given(st.lists(st.text(tricky, max_size=400), max_size=4).map("\n".join))
@settings(max_examples=500)
def test_long_lines_are_cut_where_the_regex_path_cuts_them(text: str) -> None:
    lines, counts = speedups.split_lines(text)
    assert (lines, counts) == regex_lines(text)
    assert "".join(lines) == (text if text.strip() else "")


def every_code_point() -> Iterator[str]:
    """Each code point of Unicode (surrogates too: a str may hold them), in a
    text that shows how the tokenizer classes it, a plane at a time. Between two
    letters, a word character or a joiner joins them, white space ends the
    first word, anything else stands apart; after a full stop a combining mark
    joins it; twice over, word characters join each other and joiners do not.
    A line each, so that only the code point tells how a line is cut."""
    for plane in range(17):
        chars = map(chr, range(plane << 16, (plane + 1) << 16))
        yield "".join(f"a{c}b.{c}{c} \n" for c in chars)


def test_every_code_point_is_told_apart_as_the_regex_does() -> None:
    for k, text in enumerate(every_code_point()):
        assert speedups.split_words(text) == regex_words(text), f"plane {k}"
        assert speedups.split_lines(text) == regex_lines(text), f"plane {k}"


def test_white_space_and_joiners_at_a_texts_ends_are_as_the_regex_says() -> None:
    # Leading white space joins the first token; a joiner at the end joins nothing.
    spaces = [c for c in map(chr, range(0x110000)) if c.isspace()]
    for c in spaces + list(tokenize.JOINERS):
        for text in (f"{c}a", f"a{c}", c, f"{c}{c}", f"{c}.{c}"):
            assert speedups.split_words(text) == regex_words(text), hex(ord(c))
            assert speedups.split_lines(text) == regex_lines(text), hex(ord(c))


def test_the_rule_is_the_one_tokenize_gives() -> None:
    # Given other marks, joiners and numbers, the C loops follow them: none is
    # written in the C source.
    try:
        speedups.configure(((0x61, 0x61),), "x", 8, 4)  # "a" a mark, "x" a joiner
        assert speedups.split_words(".a bxb") == [".a ", "bxb"]
        text = "bb cc dd ee ff gg hh\n"  # 21 characters: over 8, a long line
        cuts = [t for t in speedups.split_words(text)[:-1] if sum(map(ord, t.strip())) % 4 == 0]
        lines, counts = speedups.split_lines(text)
        assert len(lines) == len(cuts) + 1 > 1 and sum(counts) == 7
    finally:
        speedups.configure(tokenize.MARKS, tokenize.JOINERS, tokenize.LONG_LINE, tokenize.CUT_EVERY)
    assert speedups.split_words(".a bxb") == regex_words(".a bxb") == [".", "a ", "bxb"]


def test_a_rule_the_c_loops_cannot_hold_is_refused() -> None:
    rule = (tokenize.MARKS, tokenize.JOINERS, tokenize.LONG_LINE)
    with pytest.raises(ValueError, match="power of two"):
        speedups.configure(*rule, 10)
    with pytest.raises(ValueError, match="mark range"):
        speedups.configure(((5, 4),), *rule[1:], 16)
    with pytest.raises(TypeError):
        speedups.configure(tokenize.MARKS, None, 256, 16)  # type: ignore[arg-type]
    # Refused before anything changed: the rule is still tokenize's.
    assert speedups.split_words("мо\u0301локо-да") == ["мо\u0301локо-да"]


def test_the_c_loops_refuse_to_tokenize_before_they_are_given_the_rule() -> None:
    script = (
        "import importlib.util, sys\n"
        "spec = importlib.util.find_spec('revdiff._speedups')\n"
        "s = importlib.util.module_from_spec(spec); spec.loader.exec_module(s)\n"
        "assert 'revdiff.tokenize' not in sys.modules\n"
        "print(s.longest_increasing([3, 1, 2]))\n"
        "s.split_words('a')\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.stdout == "[1, 2]\n"
    assert "RuntimeError: revdiff._speedups has no token rule yet" in run.stderr


def test_split_lines_and_split_words_refuse_what_is_not_str() -> None:
    with pytest.raises(TypeError):
        speedups.split_lines(b"a")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        speedups.split_words(b"a")  # type: ignore[arg-type]
    assert speedups.split_lines(" \n\t") == ([], [])
    assert speedups.split_words(" \n\t") == [" \n\t"] == regex_words(" \n\t")


def test_equal_tokens_are_one_string() -> None:
    tokens = speedups.split_words("да, да, да")
    assert tokens == ["да", ", ", "да", ", ", "да"]
    assert tokens[0] is tokens[2] is tokens[4] and tokens[1] is tokens[3]


# -- one tokenizer per run ----------------------------------------------------------


@contextmanager
def regex_tokenizer() -> Iterator[None]:
    """The regexes, as on a machine without a C compiler, for tokenizing only."""
    saved = tokenize.speedups
    tokenize.speedups = None
    try:
        yield
    finally:
        tokenize.speedups = saved


def test_a_text_held_by_line_is_split_by_the_tokenizer_that_counted_it() -> None:
    text = "x-\ny z\n"
    held = tokenize.line_tokens(text)
    with regex_tokenizer():
        by_regex = tokenize.line_tokens(text)
    assert held is not None and by_regex is not None
    assert held.split is speedups.split_words and by_regex.split is tokenize._split_line_regex
    assert tuple(held) == tuple(by_regex) == ("x", "-\n", "y ", "z\n")


def test_the_aligner_compares_lines_in_c_only_where_c_counted_them() -> None:
    from test_lines import _pair

    from revdiff.align import diff
    from revdiff.tokenize import plain_witness

    calls: list[int] = []

    def common_tokens(*lines: list[str]) -> tuple[int, int, int, int]:
        calls.append(1)
        return speedups.common_tokens(*lines)

    spy = types.SimpleNamespace(
        **{name: getattr(speedups, name) for name in dir(speedups) if not name.startswith("_")}
    )
    spy.common_tokens = common_tokens
    text_a, text_b = _pair(3, 2000, 80)
    saved = align.speedups
    align.speedups = spy  # type: ignore[assignment]
    try:
        with regex_tokenizer():
            by_regex = diff(plain_witness(text_a, "a", "a"), plain_witness(text_b, "b", "b"))
        assert not calls
        in_c = diff(plain_witness(text_a, "a", "a"), plain_witness(text_b, "b", "b"))
        assert calls
    finally:
        align.speedups = saved
    assert in_c.segments == by_regex.segments


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


# -- where tokens start, common ends ---------------------------------------------

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
    keys_a = [t.strip() for line in lines_a for t in regex_words(line)]
    keys_b = [t.strip() for line in lines_b for t in regex_words(line)]
    prefix, suffix = lines.common_ends(tuple(keys_a), tuple(keys_b))
    assert speedups.common_tokens(lines_a, lines_b) == (len(keys_a), len(keys_b), prefix, suffix)
    # Where each token of a line starts, the line alone (a first line may
    # start with white space: it belongs to the first token, in chars_at and
    # in common_tokens).
    for line in [*lines_a, "  " + (lines_a[0] if lines_a else "x")]:
        starts = regex_starts(line)
        held = ((line,), (0, len(starts) - 1), (0, len(line)))
        assert speedups.chars_at(*held, range(len(starts))) == starts
        assert speedups.common_tokens([line], lines_a[:1])[0] == len(starts) - 1


def test_common_tokens_of_the_line_found_on_3_11_2() -> None:
    # Hypothesis found it there (lines_b=['1-;']): three tokens, the regex said two.
    assert speedups.common_tokens([], ["1-;"]) == (0, 3, 0, 0)
    assert len(regex_words("1-;")) == 3


@example("1\u2010;", [1])
@given(texts, st.lists(st.integers(0, 400), max_size=30))
@settings(max_examples=1000)
def test_chars_at_is_where_the_tokens_start_in_any_order(text: str, picks: list[int]) -> None:
    held = tokenize.line_tokens(text)
    if held is None:
        return
    starts = regex_starts(text)
    indices = [k % len(starts) for k in picks]  # in any order, some repeated
    where = [starts[k] for k in indices]
    assert speedups.chars_at(held.lines, held.starts, held.offsets, indices) == where
    assert [held.char_at(k) for k in indices] == where


def test_a_text_of_one_long_line_is_looked_into_once() -> None:
    # Ends in order along one long line: each looked up from the one before.
    text = "слово " * 200_000 + "конец\n"
    held = tokenize.line_tokens(text)
    assert held is not None
    indices = list(range(0, 200_001, 7))
    assert speedups.chars_at(held.lines, held.starts, held.offsets, indices) == [
        6 * k for k in indices
    ]
    one = ((text,), (0, 200_001), (0, len(text)))  # and held as one line
    assert speedups.chars_at(*one, indices) == [6 * k for k in indices]


def test_a_failed_allocation_frees_what_was_allocated() -> None:
    # common_tokens grows its buffer of tokens as it goes; each allocation in
    # turn is made to fail, many times over: what was allocated before must
    # be freed, not leaked.
    try:
        import _testcapi
    except ImportError:
        _testcapi = None
    require(_testcapi is not None, "CPython's _testcapi is not installed")
    lines = ["a " * 300 + "\n"]  # 301 tokens: the buffer grows from 64 three times
    failed = 0
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for start in range(12):
            for _ in range(50):
                _testcapi.set_nomemory(start, start + 1)
                try:
                    speedups.common_tokens(lines, lines)
                except MemoryError:
                    failed += 1
                finally:
                    _testcapi.remove_mem_hooks()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert failed >= 8 * 50  # the first buffer and three growths, on each side
    assert grown < 16_000, f"{grown} bytes not freed"


# -- the generic loops ---------------------------------------------------------------

keys = st.lists(st.sampled_from("abcdefghij"), max_size=40)


@given(keys, keys)
@settings(max_examples=1000)
def test_unique_pairs_are_the_python_ones(a: list[str], b: list[str]) -> None:
    expected = _python(anchors.unique_pairs, a, b)
    assert speedups.unique_pairs(a, b) == expected
    assert speedups.unique_pairs(tuple(a), tuple(b)) == expected


@given(st.lists(st.integers(0, 10_000), unique=True, max_size=60))
@settings(max_examples=1000)
def test_longest_increasing_is_the_python_one(values: list[int]) -> None:
    assert speedups.longest_increasing(values) == _python(anchors.longest_increasing, values)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=40))
@settings(max_examples=1000)
def test_runs_are_the_python_ones(steps: list[tuple[int, int]]) -> None:
    starts_a, starts_b, i, j = [], [], 0, 0
    for di, dj in steps:  # increasing on both sides, sometimes by one on both
        i, j = i + di + 1, j + dj + 1
        starts_a.append(i)
        starts_b.append(j)
    assert speedups.runs(starts_a, starts_b) == _python(anchors.matched_runs, starts_a, starts_b)


def _python(function, *args):  # type: ignore[no-untyped-def]
    saved, align.speedups = align.speedups, None
    try:
        return function(*args)
    finally:
        align.speedups = saved

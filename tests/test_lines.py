"""Long texts held line by line (model.LineTokens, tokenize.line_tokens) and the
aligner's line-first path (align.lines.line_blocks): the same tokens as split_words,
the same text back, diffs that rebuild both sides, and on every layout (texts
wrapped on their own with hyphens, a paragraph or a sentence to a line, one
line) as few changed words as a minimal alignment of the words alone."""

from __future__ import annotations

import importlib.util
import random
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_align import minimal_edits

from conftest import ROOT, require
from revdiff import align as align_module
from revdiff import tokenize
from revdiff.align import DIRECT_LIMIT, align, align_raw, diff, merge_small_equalities
from revdiff.model import LineKeys, LineTokens, Op, Witness
from revdiff.tokenize import (
    Normalizer,
    TokenCache,
    _counts,
    line_tokens,
    normalize,
    plain_witness,
    split_line,
    split_words,
)

# Every kind of character the tokenizer treats apart: letters of two
# scripts, digits and underscore, joiners, punctuation, a combining accent,
# and white space of several kinds.
texts = st.text(alphabet="ab аб1_ ,.'-\u2019\u00ab\n\n\t\u0301\u00a0  ", max_size=300)


# Found by Hypothesis on Python 3.11.2 (possessive quantifiers, CPython gh-106052).
@example("1\u2019.")
@example("x-\ny z")
@given(texts)
@settings(max_examples=400)
def test_line_tokens_are_split_words_tokens(text: str) -> None:
    held = line_tokens(text)
    words = split_words(text)
    if held is None:
        assert not text.strip()
        return
    assert "".join(held.lines) == held.text == text
    assert tuple(held) == tuple(words) and len(held) == len(words)
    assert held[:] == tuple(words)
    for k, line in enumerate(held.lines):  # a token never spans two lines
        assert held.tokens_of(k) == split_line(line)
        assert held.starts[k + 1] - held.starts[k] == len(split_line(line))
        assert not line[0].isspace() or k == 0


@given(texts)
@settings(max_examples=400)
def test_counting_a_line_finds_as_many_tokens_as_splitting_it(text: str) -> None:
    held = line_tokens(text)
    if held is None:
        return
    rest = list(held.lines[1:])  # the first may start with white space, counted apart
    assert _counts(rest) == [len(split_line(line)) for line in rest]


@given(texts, st.data())
@settings(max_examples=300)
def test_spans_and_lookups_match_the_tokens(text: str, data: st.DataObject) -> None:
    held = line_tokens(text)
    if held is None:
        return
    words = split_words(text)
    start = data.draw(st.integers(0, len(words)))
    stop = data.draw(st.integers(start, len(words)))
    assert held.span(start, stop) == "".join(words[start:stop])
    assert held[start:stop] == tuple(words[start:stop])
    if start < len(words):
        assert held[start] == words[start] and held[-1] == words[-1]
    ranges = [(0, start), (start, stop), (stop, stop), (stop, len(words))]
    w = plain_witness(text, "t", "t")
    assert w.spans(ranges) == ["".join(words[x:y]) for x, y in ranges]


def test_a_line_two_texts_share_is_counted_once_and_is_one_string(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The regex's way (without the C speed-up, which counts every line anew).
    monkeypatch.setattr(tokenize, "speedups", None)
    cache = TokenCache()
    a = plain_witness("да да да\nнет, не так\n", "a", "a", cache=cache)
    b = plain_witness("нет, не так\nда да да\n", "b", "b", cache=cache)
    assert isinstance(a.texts, LineTokens) and isinstance(b.texts, LineTokens)
    assert b.texts.lines[0] is a.texts.lines[1] and b.texts.lines[1] is a.texts.lines[0]
    assert len(cache) == 2
    assert tuple(b.texts) == tuple(split_words(b.text))


def test_a_plain_witness_keys_its_tokens_by_line_and_normalizes_them() -> None:
    w = plain_witness("Об'ясняем это\nДа.\n", "a", "a")
    assert isinstance(w.keys, LineKeys)
    assert tuple(w.keys) == ("Об'ясняем", "это", "Да", ".")
    folded = normalize(w, Normalizer(ignore_case=True, tables=("hard-sign",)))
    assert isinstance(folded.keys, LineKeys)
    assert tuple(folded.keys) == ("объясняем", "это", "да", ".")
    # Ignoring punctuation joins tokens across lines: the witness is held in tuples.
    merged = normalize(w, Normalizer(ignore_punctuation=True))
    assert isinstance(merged.texts, tuple) and merged.text == w.text
    assert w.as_tuples().texts == tuple(w.texts) and w.as_tuples() == w.as_tuples()


# Texts like a novel's: lines of words from a small vocabulary (so that most
# words repeat and some lines do too), and a second version with words
# replaced, deleted, inserted and lines moved.
VOCABULARY = ["мы", "вы", "они", "да", "нет", "так", "где", "когда", "здесь", "там", "сюда", "туда"]


def _version(rng: random.Random, lines: list[list[str]], edits: int) -> list[list[str]]:
    out = [list(line) for line in lines]
    for _ in range(edits):
        line = out[rng.randrange(len(out))]
        kind = rng.randrange(4)
        if kind == 0 and line:
            line[rng.randrange(len(line))] = rng.choice(VOCABULARY)
        elif kind == 1 and len(line) > 1:
            del line[rng.randrange(len(line))]
        elif kind == 2:
            line.insert(rng.randrange(len(line) + 1), rng.choice(VOCABULARY))
        elif len(out) > 1:
            out.insert(rng.randrange(len(out)), out.pop(rng.randrange(len(out))))
    return out


def _text(lines: list[list[str]]) -> str:
    return "".join(
        " ".join(line) + ("\n\n" if k % 5 == 4 else "\n") for k, line in enumerate(lines)
    )


def _pair(seed: int, n_lines: int, edits: int) -> tuple[str, str]:
    rng = random.Random(seed)
    lines = [[rng.choice(VOCABULARY) for _ in range(rng.randint(1, 12))] for _ in range(n_lines)]
    return _text(lines), _text(_version(rng, lines, edits))


def _edits(segments: tuple) -> int:  # type: ignore[type-arg]
    return sum(
        (s.a_end - s.a_start) + (s.b_end - s.b_start) for s in segments if s.op is not Op.EQUAL
    )


@given(st.integers(0, 10_000), st.integers(1, 1200), st.integers(0, 60))
@settings(max_examples=60, deadline=None)
def test_the_line_first_diff_rebuilds_both_texts(seed: int, n_lines: int, edits: int) -> None:
    text_a, text_b = _pair(seed, n_lines, edits)
    cache = TokenCache()
    a, b = (
        plain_witness(text_a, "a", "a", cache=cache),
        plain_witness(text_b, "b", "b", cache=cache),
    )
    result = diff(a, b)
    assert "".join(x for x, _ in result.texts()) == text_a
    assert "".join(y for _, y in result.texts()) == text_b
    keys_a, keys_b = tuple(a.keys), tuple(b.keys)
    for s in result.segments:
        if s.op is Op.EQUAL:
            assert keys_a[s.a_start : s.a_end] == keys_b[s.b_start : s.b_end]
    if len(a) + len(b) <= DIRECT_LIMIT:  # a page: word by word, as with tuples
        assert result.segments == diff(a.as_tuples(), b.as_tuples()).segments


def test_a_page_is_aligned_word_by_word_as_before() -> None:
    # Up to DIRECT_LIMIT tokens the lines make no difference: the minimal diff.
    text_a, text_b = _pair(7, 40, 12)
    a, b = plain_witness(text_a, "a", "a"), plain_witness(text_b, "b", "b")
    assert len(a) + len(b) <= DIRECT_LIMIT
    assert diff(a, b).segments == align(tuple(a.keys), tuple(b.keys))


def test_on_a_long_text_lines_first_find_a_diff_as_small_as_words_alone() -> None:
    # Lines mostly unique, as in prose: anchoring on lines loses nothing.
    rng = random.Random(3)
    words = [f"w{n}" for n in range(4000)] + VOCABULARY * 50
    lines = [[rng.choice(words) for _ in range(rng.randint(5, 15))] for _ in range(3000)]
    text_a, text_b = _text(lines), _text(_version(rng, lines, 300))
    cache = TokenCache()
    a, b = (
        plain_witness(text_a, "a", "a", cache=cache),
        plain_witness(text_b, "b", "b", cache=cache),
    )
    assert len(a) + len(b) > DIRECT_LIMIT
    by_lines = align_raw(a.keys, b.keys)
    by_words = align_raw(tuple(a.keys), tuple(b.keys))
    assert _edits(by_lines) == _edits(by_words) > 0


def test_ignoring_case_makes_lines_that_differ_only_in_case_equal() -> None:
    text_a, _ = _pair(11, 600, 0)
    text_b = text_a.replace("да", "ДА")
    normalizer = Normalizer(ignore_case=True)
    a = normalize(plain_witness(text_a, "a", "a"), normalizer)
    b = normalize(plain_witness(text_b, "b", "b"), normalizer)
    assert len(a) + len(b) > DIRECT_LIMIT and text_a != text_b
    result = diff(a, b)
    assert not result.changed and result.stats().normalized == text_a.count("да")


def test_texts_of_one_line_or_of_long_paragraphs_rebuild_and_are_held_in_pieces() -> None:
    # The same words as lines, as paragraphs of a few lines each, as one line;
    # words enough that some of them cut a long line (see tokenize.CUT_EVERY).
    rng = random.Random(9)
    words = [f"w{n}" for n in range(3000)]
    lines = [[rng.choice(words) for _ in range(rng.randint(5, 15))] for _ in range(1500)]
    text_a, text_b = _text(lines), _text(_version(rng, lines, 60))

    def paragraphs(t: str) -> str:
        return "\n\n".join(p.replace("\n", " ") for p in t.split("\n\n"))

    for a_text, b_text in [
        (text_a, text_b),
        (paragraphs(text_a), paragraphs(text_b)),
        (text_a.replace("\n", " "), text_b.replace("\n", " ")),
    ]:
        a, b = plain_witness(a_text, "a", "a"), plain_witness(b_text, "b", "b")
        result = diff(a, b)
        assert "".join(x for x, _ in result.texts()) == a_text
        assert "".join(y for _, y in result.texts()) == b_text
    # A text of one long line is held in pieces cut where its words say, the
    # same way in both versions: most pieces are shared, and matched whole.
    pieces_a, pieces_b = a.texts.lines, b.texts.lines  # type: ignore[attr-defined]
    assert len(pieces_a) > 100 and len(set(pieces_a) & set(pieces_b)) > len(pieces_a) // 2


# The benchmark's texts (benchmarks/texts.py): the same words laid out four
# ways, the second version edited (words replaced, deleted, inserted,
# sentences moved to other paragraphs and within their own), each version
# laid out on its own.
_spec = importlib.util.spec_from_file_location("bench_texts", ROOT / "benchmarks" / "texts.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def _witnesses(texts: tuple[str, str]) -> tuple[Witness, Witness]:
    cache = TokenCache()
    return plain_witness(texts[0], "a", "a", cache=cache), plain_witness(
        texts[1], "b", "b", cache=cache
    )


@pytest.mark.parametrize("layout", bench.LAYOUTS)
def test_every_layout_changes_as_few_words_as_the_words_aligned_alone(layout: str) -> None:
    # The reference: diff-match-patch on the keys alone, no lines, no
    # anchors, no time-out (Myers' algorithm, minimal); in C++, or a text of
    # this size would take minutes.
    require(align_module.accelerator is not None, "fast-diff-match-patch is not installed")
    a, b = _witnesses(bench.make_layout(30_000, layout, seed=15))
    assert len(a) + len(b) > 10 * DIRECT_LIMIT  # well past a page: the lines come first
    keys_a, keys_b = tuple(a.keys), tuple(b.keys)
    minimal = _edits(align_raw(keys_a, keys_b, direct_limit=sys.maxsize))
    raw = _edits(align_raw(a.keys, b.keys))
    shown = _edits(diff(a, b).segments)  # after the clean-up, as the CLI counts them
    assert 0 < minimal <= raw <= shown <= 1.01 * minimal, (minimal, raw, shown)


@given(
    st.sampled_from(bench.LAYOUTS),
    st.integers(20, 4000),
    st.integers(0, 10**6),
    st.sampled_from([0, 64, 512, DIRECT_LIMIT]),
)
@settings(max_examples=80, deadline=None)
def test_every_layout_rebuilds_both_texts(layout: str, words: int, seed: int, limit: int) -> None:
    text_a, text_b = bench.make_layout(words, layout, seed=seed)
    a, b = _witnesses((text_a, text_b))
    segments = merge_small_equalities(align_raw(a.keys, b.keys, direct_limit=limit), a, b)
    keys_a, keys_b = tuple(a.keys), tuple(b.keys)
    x = y = 0
    for s in segments:
        assert (s.a_start, s.b_start) == (x, y)
        if s.op is Op.EQUAL:
            assert keys_a[s.a_start : s.a_end] == keys_b[s.b_start : s.b_end]
        x, y = s.a_end, s.b_end
    assert (x, y) == (len(a), len(b))
    assert "".join(a.spans([(s.a_start, s.a_end) for s in segments])) == text_a
    assert "".join(b.spans([(s.b_start, s.b_end) for s in segments])) == text_b


def test_a_line_kept_between_a_sentence_and_its_edited_move_is_left_to_the_words() -> None:
    # Short shared lines, with a long sentence moved past them and edited on
    # the way: no line crosses them (the moved one is no longer the same
    # line), but its words do; aligned whole, the longer sentence stays.
    rng = random.Random(4)
    context = [[f"c{n}{k}" for k in range(rng.randint(4, 9))] for n in range(40)]
    moved = [f"m{k}" for k in range(15)]
    edited = moved[:7] + ["new"] + moved[7:]
    short = [["s1", "s2"], ["s3", "s4"]]
    a = context + [moved] + short + context[::-1]
    b = context + short + [edited] + context[::-1]
    wa, wb = _witnesses((_text(a), _text(b)))
    minimal = minimal_edits(list(wa.keys), list(wb.keys))
    assert _edits(align_raw(wa.keys, wb.keys, direct_limit=64)) == minimal == 2 * 4 + 1

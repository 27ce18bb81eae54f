"""The aligner: exact (against a longest-common-subsequence reference), well formed, invertible.

Speed is measured by ``benchmarks/run.py``, never asserted here.
"""

from __future__ import annotations

import importlib.util
import random
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_speedups import texts as speedup_texts

from conftest import ROOT, require
from revdiff import align as align_module
from revdiff import tokenize
from revdiff.align import (
    DIRECT_LIMIT,
    align,
    align_raw,
    diff,
    engines,
    lines,
    merge_small_equalities,
    refine,
)
from revdiff.align import anchors as anchoring
from revdiff.model import LineKeys, Op, Segment
from revdiff.tokenize import plain_witness, split_chars, split_words

# Small alphabets force repeated tokens, where alignments can go wrong.
tokens = st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=24)
wide_tokens = st.lists(st.sampled_from([f"w{n}" for n in range(12)]), max_size=30)


def lcs_length(a: list[str], b: list[str]) -> int:
    """The reference: the classic O(nm) dynamic programme."""
    previous = [0] * (len(b) + 1)
    for x in a:
        row = [0]
        for j, y in enumerate(b):
            row.append(previous[j] + 1 if x == y else max(previous[j + 1], row[j]))
        previous = row
    return previous[-1]


def minimal_edits(a: list[str], b: list[str]) -> int:
    """Tokens deleted plus tokens inserted by a minimal diff."""
    return len(a) + len(b) - 2 * lcs_length(a, b)


def edits(segments: tuple[Segment, ...]) -> int:
    return sum(
        (s.a_end - s.a_start) + (s.b_end - s.b_start) for s in segments if s.op is not Op.EQUAL
    )


def check_well_formed(segments: tuple[Segment, ...], a: list[str], b: list[str]) -> None:
    """Segments cover both sides in order, equal ones are equal, ops fit their ranges."""
    i = j = 0
    for s in segments:
        assert (s.a_start, s.b_start) == (i, j)
        assert s.a_start <= s.a_end and s.b_start <= s.b_end
        if s.op is Op.EQUAL:
            assert a[s.a_start : s.a_end] == b[s.b_start : s.b_end]
            assert s.a_end > s.a_start
        elif s.op is Op.DELETE:
            assert s.a_end > s.a_start and s.b_end == s.b_start
        elif s.op is Op.INSERT:
            assert s.a_end == s.a_start and s.b_end > s.b_start
        else:
            assert s.a_end > s.a_start and s.b_end > s.b_start
        i, j = s.a_end, s.b_end
    assert (i, j) == (len(a), len(b))
    # The a sides rebuild A, the b sides rebuild B.
    assert [x for s in segments for x in a[s.a_start : s.a_end]] == a
    assert [y for s in segments for y in b[s.b_start : s.b_end]] == b
    for left, right in zip(segments, segments[1:], strict=False):
        assert not (left.op is Op.EQUAL and right.op is Op.EQUAL), "two equal segments touch"
        assert not (left.op is not Op.EQUAL and right.op is not Op.EQUAL), "two changes touch"


@given(tokens, tokens)
def test_align_raw_is_minimal_on_a_page(a: list[str], b: list[str]) -> None:
    segments = align_raw(a, b)
    check_well_formed(segments, a, b)
    assert edits(segments) == minimal_edits(a, b)


@given(wide_tokens, wide_tokens)
def test_align_raw_is_minimal_with_a_wider_alphabet(a: list[str], b: list[str]) -> None:
    assert edits(align_raw(a, b)) == minimal_edits(a, b)


@given(tokens, tokens)
def test_anchored_alignment_is_well_formed_and_never_below_minimal(
    a: list[str], b: list[str]
) -> None:
    segments = align_raw(a, b, direct_limit=0)  # anchor at every size
    check_well_formed(segments, a, b)
    assert edits(segments) >= minimal_edits(a, b)


@st.composite
def shared_tokens_unique(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Two sides on which every shared token occurs once on each side."""
    pool = draw(st.lists(st.integers(0, 60), unique=True, max_size=30))
    a = [f"t{n}" for n in draw(st.permutations(pool))]
    b = [f"t{n}" for n in draw(st.permutations(pool)) if draw(st.booleans())]
    b += [f"only-b{n}" for n in range(draw(st.integers(0, 3)))]
    return a, draw(st.permutations(b))


@given(shared_tokens_unique())
def test_anchored_alignment_is_minimal_when_shared_tokens_are_unique(
    sides: tuple[list[str], list[str]],
) -> None:
    # The longest increasing subsequence of unique matches is then a longest
    # common subsequence: the docstring's claim.
    a, b = sides
    assert edits(align_raw(a, b, direct_limit=0)) == minimal_edits(a, b)


def test_anchoring_can_be_non_minimal_as_documented() -> None:
    a, b = ["x", "y", "y", "y"], ["y", "y", "y", "x"]
    assert edits(align_raw(a, b)) == minimal_edits(a, b)
    assert edits(align_raw(a, b, direct_limit=0)) > minimal_edits(a, b)


@given(tokens, tokens)
def test_align_cleans_up_a_minimal_alignment(a: list[str], b: list[str]) -> None:
    raw = align_raw(a, b)
    segments = align(a, b)
    check_well_formed(segments, a, b)
    assert segments == merge_small_equalities(raw)
    # Folding equal runs into changes only ever adds edits.
    assert edits(segments) >= edits(raw) == minimal_edits(a, b)


@given(tokens, tokens)
def test_merge_small_equalities_keeps_runs_at_least_as_long_as_a_neighbour(
    a: list[str], b: list[str]
) -> None:
    segments = align(a, b)

    def width(s: Segment) -> int:
        return max(s.a_end - s.a_start, s.b_end - s.b_start)

    for left, middle, right in zip(segments, segments[1:], segments[2:], strict=False):
        if middle.op is Op.EQUAL:
            assert width(middle) >= min(width(left), width(right))


@settings(max_examples=30)
@given(st.integers(0, 2**32), st.integers(1, 6))
def test_long_inputs_are_anchored_and_stay_well_formed(seed: int, changes: int) -> None:
    # Past DIRECT_LIMIT the anchored path runs; a few edits keep the diff small.
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(3000)]
    a = rng.choices(vocabulary, k=DIRECT_LIMIT)
    b = list(a)
    for _ in range(changes):
        at = rng.randrange(len(b))
        if rng.random() < 0.5:
            del b[at]
        else:
            b.insert(at, rng.choice(["new", "w1", "w2"]))
    segments = align_raw(a, b)
    check_well_formed(segments, a, b)
    # The anchors (unchanged tokens unique to both sides) lie on the path of
    # the edits made, and between them the diff is minimal: no more edits
    # than were made.
    assert edits(segments) <= changes


@settings(max_examples=20)
@given(st.integers(0, 2**32), st.integers(1, 6))
def test_long_inputs_without_unique_tokens_are_anchored_on_runs(seed: int, changes: int) -> None:
    # Three letters, as with --by char: no token is unique, runs of 8 or 32 are.
    rng = random.Random(seed)
    a = rng.choices(["a", "b", "c"], k=DIRECT_LIMIT)
    b = list(a)
    for _ in range(changes):
        at = rng.randrange(len(b))
        if rng.random() < 0.5:
            del b[at]
        else:
            b.insert(at, rng.choice(["a", "b", "c"]))
    segments = align_raw(a, b)
    check_well_formed(segments, a, b)
    # A run made by an edit can match a run elsewhere, so no bound from the
    # edits made; never fewer edits than the minimal (unanchored) diff.
    assert edits(segments) >= edits(align_raw(a, b, direct_limit=10**9))


def test_sampled_run_anchors_still_find_runs() -> None:
    original = anchoring._SAMPLE_OVER
    try:
        anchoring._SAMPLE_OVER = 0
        a = list("abcdefghijklmnopqrstuvwxyz")
        anchors = anchoring._gram_anchors(a, [*a[:3], "!", *a[3:]], str)
    finally:
        anchoring._SAMPLE_OVER = original
    # Runs counted start at letters whose code point is a multiple of 8 (h, p),
    # and lie one further on in b, after the inserted token.
    starts = [i for i, c in enumerate(a) if ord(c) % 8 == 0 and i + 8 <= len(a)]
    assert starts and anchors == [(i, i + 1, 8) for i in starts]


@given(
    st.lists(st.sampled_from("abcdefghij"), max_size=80),
    st.lists(st.sampled_from("abcdefghij"), max_size=80),
)
def test_run_anchors_are_equal_runs_in_order_without_overlap(a: list[str], b: list[str]) -> None:
    original = anchoring._SAMPLE_OVER
    try:
        for sample_over in (original, 0):  # every run counted; runs sampled by first key
            anchoring._SAMPLE_OVER = sample_over
            anchors = anchoring._gram_anchors(a, b, engines.Codes().__getitem__)
            for p, q, n in anchors:
                assert a[p : p + n] == b[q : q + n] and n > 0
                # Unique on both sides, as an anchor must be.
                assert sum(a[i : i + n] == a[p : p + n] for i in range(len(a))) == 1
                assert sum(b[j : j + n] == b[q : q + n] for j in range(len(b))) == 1
            for (p, q, n), (p2, q2, _) in zip(anchors, anchors[1:], strict=False):
                assert p2 >= p + n and q2 >= q + n
    finally:
        anchoring._SAMPLE_OVER = original


def test_more_keys_than_the_basic_plane_skip_surrogates() -> None:
    code = engines.Codes().__getitem__
    points = [ord(code(f"k{n}")) for n in range(0xD800 + 10)]
    assert len(set(points)) == len(points)
    assert not any(0xD800 <= p < 0xE000 for p in points)
    # And a diff-match-patch stretch with such code points is still right.
    a = [f"k{n}" for n in range(0xD800 + 10)]
    b = a[:-5] + ["changed"] + a[-4:]
    segments = align_raw(a, b, direct_limit=10**9)
    check_well_formed(segments, a, b)
    assert edits(segments) == 2


@settings(max_examples=25)
@given(st.integers(0, 2**32), st.integers(2, 40))
def test_a_repeated_text_is_aligned_copy_by_copy(seed: int, copies: int) -> None:
    # The same passage many times over, edited the same way in each copy: no
    # key and no run is unique, so the anchors pair each key's k-th
    # occurrence on one side with its k-th on the other.
    rng = random.Random(seed)
    passage = [f"w{n}" for n in range(30)] + rng.choices(["и", "в", "не", ","], k=30)
    rng.shuffle(passage)
    edited = list(passage)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(edited))
        if rng.random() < 0.5:
            del edited[at]
        else:
            edited.insert(at, rng.choice(["новое", "w1", "и"]))
    a, b = passage * copies, edited * copies
    segments = align_raw(a, b, direct_limit=0)  # anchor at every size
    check_well_formed(segments, a, b)
    assert anchoring._anchors(a, b) == [] or copies == 1
    assert edits(segments) == copies * minimal_edits(passage, edited)


@given(
    st.lists(st.sampled_from("xyzq"), max_size=40), st.lists(st.sampled_from("xyzq"), max_size=40)
)
def test_rank_anchors_pair_the_kth_occurrences_of_equally_common_keys(
    a: list[str], b: list[str]
) -> None:
    anchors = anchoring._rank_anchors(a, b)
    for (p, q, _), (p2, q2, _) in zip(anchors, anchors[1:], strict=False):
        assert p2 > p and q2 > q  # in order on both sides
    for p, q, n in anchors:
        key = a[p]
        assert n == 1 and b[q] == key and a.count(key) == b.count(key)
        assert a[:p].count(key) == b[:q].count(key)  # the k-th with the k-th


@settings(max_examples=60)
@given(st.lists(st.sampled_from("xy"), max_size=60), st.lists(st.sampled_from("xy"), max_size=60))
def test_windows_are_deterministic_and_rebuild_both_sides(a: list[str], b: list[str]) -> None:
    # With a tiny window, any stretch with no anchor at any level is cut
    # into windows: never below minimal, the same result on every call.
    original = anchoring.WINDOW
    try:
        anchoring.WINDOW = 8
        segments = align_raw(a, b, direct_limit=0)
        assert align_raw(a, b, direct_limit=0) == segments
    finally:
        anchoring.WINDOW = original
    check_well_formed(segments, a, b)
    assert edits(segments) >= minimal_edits(a, b)


def test_a_long_stretch_with_nothing_to_anchor_on_is_aligned_in_windows() -> None:
    # Periodic sides with every count different: no unique key, no unique
    # run, no key equally common on both sides (and no common prefix or suffix).
    a, b = ["x", "y"] * 1500, ["y", "x", "x"] * 1000
    assert not anchoring._anchors(a, b) and not anchoring._rank_anchors(a, b)
    assert not anchoring._gram_anchors(a, b, engines.Codes().__getitem__)
    assert len(a) + len(b) > anchoring.WINDOW
    segments = align_raw(a, b)
    check_well_formed(segments, a, b)
    assert segments == align_raw(a, b)
    # Window by window: each window pair is diffed whole, so the blocks are
    # exactly those of the windows.
    windows = -(-(len(a) + len(b)) // anchoring.WINDOW)
    expected = []
    for k in range(windows):
        a0, a1 = len(a) * k // windows, len(a) * (k + 1) // windows
        b0, b1 = len(b) * k // windows, len(b) * (k + 1) // windows
        window = align_raw(a[a0:a1], b[b0:b1], direct_limit=10**9)
        assert edits(window) == minimal_edits(a[a0:a1], b[b0:b1])
        expected += [s for s in window if s.op is Op.EQUAL]
    found = [s for s in segments if s.op is Op.EQUAL]
    assert sum(s.a_end - s.a_start for s in found) == sum(s.a_end - s.a_start for s in expected)


# Found by Hypothesis on Python 3.11.2 (possessive quantifiers, CPython gh-106052).
@example("а-\nа", "")
@example("", "а-\nа")
@given(st.text(alphabet="аб вг,.\n'ё-", max_size=60), st.text(alphabet="аб вг,.\n'ё-", max_size=60))
def test_diff_rebuilds_both_texts(a: str, b: str) -> None:
    wa, wb = plain_witness(a, "a", "a"), plain_witness(b, "b", "b")
    d = diff(wa, wb)
    assert "".join(d.a_text(s) for s in d.segments) == a
    assert "".join(d.b_text(s) for s in d.segments) == b
    check_well_formed(d.segments, list(wa.keys), list(wb.keys))


@given(st.text(alphabet="abcъ'", max_size=20), st.text(alphabet="abcъ'", max_size=20))
def test_refine_rebuilds_both_strings(a: str, b: str) -> None:
    parts = refine(a, b)
    assert "".join(x for _, x, _ in parts) == a
    assert "".join(y for _, _, y in parts) == b


# The hot path's tokenizing: bulk, chunked, shared strings, same tokens.

texts = st.text(alphabet="ab аб,.'-\u2019\n\t\u0301\u00a0", max_size=200)


# The tokenizer's original pattern, as a reference: one call, no chunks.
_M = tokenize._MARKS
REFERENCE_WORDS = re.compile(
    rf"\s*(?:[\w{_M}]+(?:['\u2019\u02bc\-\u2010\u2011][\w{_M}]+)*|[^\w\s{_M}][{_M}]*|[{_M}]+)\s*|\s+"
)
REFERENCE_CHARS = re.compile(r"\s*\S\s*|\s+", flags=re.DOTALL)


def reference_split(pattern: re.Pattern[str], text: str) -> list[str]:
    found = pattern.findall(text)
    if len(found) > 1 and not found[0].strip():
        found[1:2] = [found[0] + found[1]]
        del found[0]
    return found


# Found by Hypothesis on Python 3.11.2 (possessive quantifiers, CPython gh-106052).
@example("a-.")
@given(texts)
def test_chunked_tokenizing_finds_the_same_tokens(text: str) -> None:
    original = tokenize._CHUNK
    for chunk in (3, original):  # cut as often as possible, and as usual
        tokenize._CHUNK = chunk
        try:
            assert split_words(text) == reference_split(REFERENCE_WORDS, text)
            assert split_chars(text) == reference_split(REFERENCE_CHARS, text)
        finally:
            tokenize._CHUNK = original
    assert "".join(split_words(text)) == text
    assert "".join(split_chars(text)) == text


def test_equal_tokens_share_one_string() -> None:
    words = split_words("слово и слово и слово")
    assert words[0] == words[2] and words[0] is words[2]


@pytest.mark.parametrize("by", ["word", "char"])
def test_plain_witness_keys_are_surfaces_without_white_space(by: str) -> None:
    text = "Об'ясняем  это,\nт.е. да\n\n"
    w = plain_witness(text, "a", "a", by=by)
    assert w.keys == tuple(t.strip() for t in w.texts)
    assert w.text == text


# The optional accelerator (fast-diff-match-patch, the C++ build of the same
# library): used when installed, only because its diffs are the same.

ACCELERATOR = align_module.accelerator
needs_accelerator = "fast-diff-match-patch (pip install '.[fast]') is not installed"


def both_paths(a: list[str], b: list[str], **options: int) -> tuple[object, object]:
    """align_raw with the accelerator and without it."""
    try:
        fast = align_raw(a, b, **options)
        align_module.accelerator = None
        slow = align_raw(a, b, **options)
    finally:
        align_module.accelerator = ACCELERATOR
    return fast, slow


@given(
    st.lists(st.sampled_from("abcdefg"), max_size=80),
    st.lists(st.sampled_from("abcdefg"), max_size=80),
)
def test_the_accelerator_gives_the_same_segments(a: list[str], b: list[str]) -> None:
    require(ACCELERATOR is not None, needs_accelerator)
    for direct_limit in (DIRECT_LIMIT, 0):
        fast, slow = both_paths(a, b, direct_limit=direct_limit)
        assert fast == slow


@given(st.lists(st.integers(0, 40), max_size=60), st.lists(st.integers(0, 40), max_size=60))
def test_the_accelerator_agrees_on_astral_code_points(a: list[int], b: list[int]) -> None:
    # Past 65,536 distinct keys the code points leave the basic plane.
    require(ACCELERATOR is not None, needs_accelerator)
    ka, kb = tuple(map(str, a)), tuple(map(str, b))

    def code(key: str) -> str:
        return chr(0x10000 + int(key) * 0x3FFF)  # up to U+A0FD7: astral, no surrogates

    fast = engines.dmp_blocks(ka, kb, 0, 0, code)
    try:
        align_module.accelerator = None
        slow = engines.dmp_blocks(ka, kb, 0, 0, code)
    finally:
        align_module.accelerator = ACCELERATOR
    assert fast == slow


@pytest.mark.parametrize("script", ["cyrillic", "latin"])
def test_the_accelerator_agrees_on_the_benchmark_texts(script: str) -> None:
    require(ACCELERATOR is not None, needs_accelerator)
    spec = importlib.util.spec_from_file_location("bench_texts", ROOT / "benchmarks" / "texts.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    a_text, b_text = bench.make_pair(100_000, script)
    a, b = list(split_words(a_text)), list(split_words(b_text))
    fast, slow = both_paths([t.strip() for t in a], [t.strip() for t in b])
    assert fast == slow


# revdiff.align's own C loops (revdiff._speedups, its last section), each
# against the Python it stands for.
speedups = align_module.speedups
needs_speedups = "revdiff._speedups is not built (no C compiler at install?)"


@given(speedup_texts, st.lists(st.integers(0, 400), max_size=12))
@settings(max_examples=500)
def test_token_codes_in_c_are_the_codes_of_the_keys(text: str, picks: list[int]) -> None:
    require(speedups is not None, needs_speedups)
    w = plain_witness(text, "a", "a")
    if not isinstance(w.keys, LineKeys):  # white space only: no lines
        return
    ends = sorted(p % (len(w) + 1) for p in picks)
    ranges = list(zip(ends[::2], ends[1::2], strict=False))
    c_codes, python_codes = engines.Codes(), engines.Codes()
    with_c = lines._token_codes(w.keys, ranges, c_codes)
    try:
        align_module.speedups = None
        without = lines._token_codes(w.keys, ranges, python_codes)
    finally:
        align_module.speedups = speedups
    assert with_c == without and c_codes == python_codes
    keys = tuple(w.keys)
    assert with_c == ["".join(map(c_codes.__getitem__, keys[x:y])) for x, y in ranges]


def test_token_codes_in_c_refuse_what_is_not_bounds_or_codes() -> None:
    require(speedups is not None, needs_speedups)
    assert speedups is not None
    with pytest.raises(ValueError):
        speedups.token_codes("a b", [0], {})
    with pytest.raises(ValueError):
        speedups.token_codes("a b", [0, 9], {})
    with pytest.raises(ValueError):
        speedups.token_codes("a b", [0, 3], {"a": "xy", "b": "z"})
    with pytest.raises(TypeError):
        speedups.token_codes(b"a b", [0, 3], {})  # type: ignore[arg-type]


@given(
    st.text(alphabet="abcde\u0100\U00010000", max_size=40),
    st.text(alphabet="abcdf\u0100", max_size=40),
)
@settings(max_examples=500)
def test_unique_codes_in_c_are_the_unique_pairs(a: str, b: str) -> None:
    require(speedups is not None, needs_speedups)
    assert speedups is not None
    try:
        align_module.speedups = None
        expected = anchoring.unique_pairs(a, b)
    finally:
        align_module.speedups = speedups
    assert speedups.unique_codes(a, b) == expected == anchoring.unique_pairs(a, b)


def test_a_swap_near_its_anchors_keeps_the_longer_passage() -> None:
    # A long passage with one rare word swapped with a short one of three:
    # the longest run of rare words in order keeps the short one, a minimal
    # diff the long one; a crossing this small is aligned whole.
    context = [f"c{n}" for n in range(60)]
    long = ["x", "y"] * 10 + ["rare"]
    short = ["p", "q", "r"]
    a = context + long + short + context[::-1]
    b = context + short + long + context[::-1]
    segments = align_raw(a, b, direct_limit=64)
    check_well_formed(segments, a, b)
    assert len(a) + len(b) > 64 and len(long + short) * 2 <= 64
    assert edits(segments) == minimal_edits(a, b) == 2 * len(short)
    # Without that (no crossing is small enough), the rare words decide.
    assert edits(align_raw(a, b, direct_limit=0)) == 2 * len(long)


def test_a_word_hyphenated_at_a_line_end_is_one_changed_word() -> None:
    # The same words wrapped on their own, each broken differently (with two
    # different marks, so that no hyphen can be matched): "three" between them
    # is shared, and the broken words are one word each, not three tokens.
    a = plain_witness("one two mountain three val\u00ac\nley four\n", "a", "a")
    b = plain_witness("one two moun-\ntain three valley four\n", "b", "b")
    raw = align_raw(a.keys, b.keys)
    result = diff(a, b)
    assert edits(result.segments) == edits(raw) == 8
    assert [result.a_text(s) for s in result.segments if s.op is Op.EQUAL][1] == "three "
    # Counted in tokens, the two changes are wider than "three", which goes.
    assert edits(merge_small_equalities(raw)) == edits(raw) + 2


def test_a_hyphen_that_ends_a_line_in_both_texts_stays() -> None:
    a = plain_witness("x ennkl-\nhpo opjrpwevtg y\n", "a", "a")
    b = plain_witness("x ennklhpo opjrp-\nwevtg y\n", "b", "b")
    raw = align_raw(a.keys, b.keys)
    result = diff(a, b)
    assert [result.a_text(s) for s in result.segments if s.op is Op.EQUAL] == ["x ", "-\n", "y\n"]
    assert edits(result.segments) == edits(raw) < edits(merge_small_equalities(raw))
    assert "".join(x for x, _ in result.texts()) == a.text
    assert "".join(y for _, y in result.texts()) == b.text

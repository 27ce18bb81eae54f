"""Whole-witness diffs: both sides rebuild, changes are grouped, options count."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from revdiff.align import diff, refine
from revdiff.model import Op
from revdiff.tokenize import Normalizer, normalize, plain_witness

WORDS = st.sampled_from(
    [
        "не",
        "сбегут",
        "от",
        "нас",
        "коммунистов",
        "в",
        "случае",
        "the",
        "black",
        "cat",
        "and",
        "white",
        "Об'ясняем",
        "Объясняем",
        ",",
        ".",
        "—",
        "\n\n",
    ]
    + ["\n\n", "ёлка", "елка", "Нужно", "нужно"]
)
TEXTS = st.lists(WORDS, max_size=60).map(" ".join)
UNICODE = st.text(max_size=120)


def _rebuilds(a_text: str, b_text: str, normalizer: Normalizer) -> None:
    a = normalize(plain_witness(a_text, "a", "a"), normalizer)
    b = normalize(plain_witness(b_text, "b", "b"), normalizer)
    d = diff(a, b)
    assert "".join(d.a_text(s) for s in d.segments) == a_text
    assert "".join(d.b_text(s) for s in d.segments) == b_text
    for s in d.segments:
        if s.op is Op.EQUAL:
            assert d.a.keys[s.a_start : s.a_end] == d.b.keys[s.b_start : s.b_end]
    for left, right in zip(d.segments, d.segments[1:], strict=False):
        assert (left.op is Op.EQUAL) != (right.op is Op.EQUAL), "runs must alternate"


@settings(max_examples=400, deadline=None)
@given(TEXTS, TEXTS, st.booleans(), st.booleans())
def test_the_a_sides_rebuild_a_and_the_b_sides_rebuild_b(
    a: str, b: str, case: bool, punctuation: bool
) -> None:
    _rebuilds(a, b, Normalizer(case, punctuation, ("yo", "hard-sign")))


@settings(max_examples=300, deadline=None)
@given(UNICODE, UNICODE)
def test_rebuilds_any_unicode(a: str, b: str) -> None:
    _rebuilds(a, b, Normalizer())


def test_identical_texts_have_one_equal_segment() -> None:
    w = plain_witness("a b c", "a", "a")
    d = diff(w, w)
    assert [s.op for s in d.segments] == [Op.EQUAL] and not d.changed


def test_a_rewritten_phrase_is_one_replacement() -> None:
    a = plain_witness("Наша сила состоит в наших кадрах", "a", "a")
    b = plain_witness("Сила русских коммунистов состоит в том, что", "b", "b")
    d = diff(a, b)
    assert [s.op for s in d.segments].count(Op.REPLACE) == 1


def test_a_lone_shared_word_between_two_changes_stays_equal() -> None:
    a = plain_witness("Передайте Мао Дзе-дуну", "a", "a")
    b = plain_witness("Передай Мао Цзе-дуну", "b", "b")
    assert [s.op for s in diff(a, b).segments] == [Op.REPLACE, Op.EQUAL, Op.REPLACE]


def test_the_timeout_never_decides() -> None:
    # With diff-match-patch's default one-second time-out, a long diff can come
    # back as "delete all, insert all"; ours must find the shared words.
    words = [f"w{i}" for i in range(20000)]
    a = plain_witness(" ".join(words), "a", "a")
    b = plain_witness(" ".join(words[::-1][:100] + words), "b", "b")
    d = diff(a, b)
    assert d.stats().tokens_deleted == 0


def test_refine_shows_the_letter_that_differs() -> None:
    parts = refine("Объясняем", "Об'ясняем")
    assert [(op, a, b) for op, a, b in parts if op is not Op.EQUAL] == [(Op.REPLACE, "ъ", "'")]
    assert "".join(a for _, a, _ in parts) == "Объясняем"

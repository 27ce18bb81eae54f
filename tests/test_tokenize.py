"""Tokens rebuild their text; keys compare what a normalizer says counts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revdiff.tokenize import Normalizer, normalize, plain_witness, split_chars, split_words

TEXTS = st.text(
    alphabet=st.sampled_from(
        list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕЁabcXYZ ,.;:!?'’-—«»()\n\t\u0301")
    ),
    max_size=200,
)


@settings(max_examples=300)
@given(TEXTS)
def test_word_tokens_rebuild_the_text(text: str) -> None:
    assert "".join(split_words(text)) == text


@settings(max_examples=300)
@given(TEXTS)
def test_char_tokens_rebuild_the_text(text: str) -> None:
    assert "".join(split_chars(text)) == text


@settings(max_examples=300)
@given(TEXTS, st.booleans(), st.booleans())
def test_normalizing_keeps_the_surface(text: str, case: bool, punctuation: bool) -> None:
    w = plain_witness(text, "t", "t")
    n = normalize(w, Normalizer(case, punctuation, ("yo", "hard-sign")))
    assert n.text == text
    assert len(n.keys) == len(n.texts)


def test_words_keep_inner_apostrophes_hyphens_and_stress_marks() -> None:
    assert split_words("Об'ясняем Дзе-дуну мо\u0301локо") == [
        "Об'ясняем ",
        "Дзе-дуну ",
        "мо\u0301локо",
    ]


def test_punctuation_is_a_token_of_its_own() -> None:
    assert split_words("крепости. (Основу") == ["крепости", ". ", "(", "Основу"]


@pytest.mark.parametrize(
    ("normalizer", "a", "b"),
    [
        (Normalizer(tables=("hard-sign",)), "Об'ясняем", "Объясняем"),
        (Normalizer(tables=("yo",)), "ещё", "еще"),
        (Normalizer(ignore_case=True), "Нужно", "нужно"),
        (Normalizer(ignore_punctuation=True), "кадров,", "кадров"),
    ],
)
def test_normalizers_make_variants_equal(normalizer: Normalizer, a: str, b: str) -> None:
    assert normalizer.key(a) == normalizer.key(b)
    assert Normalizer().key(a) != Normalizer().key(b)


def test_the_apostrophe_is_a_hard_sign_only_between_consonant_and_vowel() -> None:
    assert Normalizer(tables=("hard-sign",)).key("д'Артаньян") == "д'Артаньян"


def test_ignoring_punctuation_joins_it_to_the_word_before() -> None:
    w = normalize(plain_witness("« Да , нет .", "t", "t"), Normalizer(ignore_punctuation=True))
    assert w.texts == ("« Да , ", "нет .")
    assert w.keys == ("Да", "нет")


def test_unknown_table_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown normalization table"):
        Normalizer(tables=("nope",))

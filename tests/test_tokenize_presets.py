"""The normalization presets for Russian archival texts, and that a hidden difference stays visible."""

from __future__ import annotations

import unicodedata

import pytest
from click.testing import CliRunner

from revdiff.align import diff
from revdiff.cli import cli
from revdiff.model import Op
from revdiff.tokenize import TABLES, Normalizer, normalize, plain_witness


def _key(text: str, *tables: str) -> str:
    return Normalizer(tables=tables).key(text)


@pytest.mark.parametrize(
    ("table", "variant", "modern"),
    [
        ("yo", "ещё", "еще"),
        ("hard-sign", "Об'ясняем", "Объясняем"),
        ("hard-sign", "под\u2019езд", "подъезд"),
        ("old-orthography", "вѣра", "вера"),
        ("old-orthography", "Россія", "Россия"),
        ("old-orthography", "ѳеатръ", "феатр"),
        ("old-orthography", "мѵро", "миро"),
        ("old-orthography", "миръ", "мир"),
        ("old-orthography", "какъ-то", "как-то"),
        ("stress", "усло\u0301вие", "условие"),
        ("stress", "го\u0300род", "город"),
        ("quotes-dashes", "«", '"'),
        ("quotes-dashes", "„", '"'),
        ("quotes-dashes", "—", "-"),
        ("quotes-dashes", "–", "-"),
        ("quotes-dashes", "Дзе\u2011дуну", "Дзе-дуну"),
        ("telegram", "ЗПТ", ","),
        ("telegram", "ТЧК", "."),
        ("telegram", "STOP", "."),
        ("telegram", "ПЕРЕДАЙ", _key("Передай", "telegram")),
    ],
)
def test_preset_maps_variant_to_modern(table: str, variant: str, modern: str) -> None:
    assert table in TABLES
    assert _key(variant, table) == _key(modern, table)
    assert _key(variant) != _key(modern)  # without the preset they differ


@pytest.mark.parametrize(
    ("table", "word"),
    [
        ("old-orthography", "объём"),  # a hard sign inside a word is modern spelling too
        ("old-orthography", "подъезд"),
        ("stress", "йод"),  # й is not a stressed и
        ("stress", "ёлка"),  # nor ё a stressed е
        ("quotes-dashes", "Об'ясняем"),  # an apostrophe inside a word stays
        ("telegram", "точка"),  # only the telegram words, not their dictionary names
    ],
)
def test_preset_leaves_other_spellings_alone(table: str, word: str) -> None:
    key = _key(word, table)
    if table == "telegram":
        assert key == word.casefold()
    else:
        assert unicodedata.normalize("NFC", key) == unicodedata.normalize("NFC", word)


def test_a_difference_a_preset_hides_is_still_reported_as_normalized() -> None:
    a = plain_witness("Міръ вѣка", "a", "a")
    b = plain_witness("Мир века", "b", "b")
    n = Normalizer(tables=("old-orthography",))
    d = diff(normalize(a, n), normalize(b, n))
    assert [s.op for s in d.segments] == [Op.EQUAL]
    # The equal segment keeps both surfaces, and the statistics count the hidden variants.
    assert d.a_text(d.segments[0]) == a.text and d.b_text(d.segments[0]) == b.text
    assert d.stats().normalized == 2


def test_telegram_text_against_a_typed_draft() -> None:
    draft = plain_witness("Передай Мао содержание, это важно.", "a", "a")
    telegram = plain_witness("ПЕРЕДАЙ МАО СОДЕРЖАНИЕ ЗПТ ЭТО ВАЖНО ТЧК", "b", "b")
    n = Normalizer(tables=("telegram",))
    d = diff(normalize(draft, n), normalize(telegram, n))
    assert not d.changed
    assert d.stats().normalized == len(draft)


def test_cli_offers_every_preset(tmp_path) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("«Вѣра» — усло\u0301вие\n", encoding="utf-8")
    b.write_text('"Вера" - условие\n', encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["diff", str(a), str(b)]).exit_code == 1
    options = ["-n", "old-orthography", "-n", "stress", "-n", "quotes-dashes"]
    result = runner.invoke(cli, ["diff", str(a), str(b), *options])
    assert result.exit_code == 0, result.output

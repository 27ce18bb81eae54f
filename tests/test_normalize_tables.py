"""Normalization tables: -n FILE (a TSV of from<TAB>to, on keys only, with the
presets), and the latin and long-s presets, on our texts and on the Faust fair copy."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, require
from revdiff import api
from revdiff.align import diff
from revdiff.cli import cli
from revdiff.errors import InputError
from revdiff.normalize import TABLES, Normalizer, Replacements, normalize
from revdiff.tokenize import plain_witness

FAUST = ROOT.parent / "shared" / "corpus" / "faust_391347.xml"


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_latin_preset() -> None:
    latin = Normalizer(tables=("latin",))
    pairs = [("uita", "vita"), ("Iesus", "Jesus"), ("ſic", "sic"), ("æternum", "aeternum")]
    pairs += [("cœlum", "coelum"), ("Æneas", "Aeneas"), ("ﬅat", "stat")]
    for a, b in pairs:
        assert latin.key(a) == latin.key(b), (a, b)
    assert latin.key("uita") != latin.key("uitam")
    long_s = Normalizer(tables=("long-s",))
    assert long_s.key("ſic") == long_s.key("sic")
    assert long_s.key("uita") != long_s.key("vita"), "long-s is long s alone"


def test_a_table_file_of_characters_and_strings(tmp_path: Path) -> None:
    table = _write(tmp_path / "t.tsv", "# our spellings\r\nv\tu\r\n\r\nmihi\tmichi\r\n-\t\r\n")
    a = _write(tmp_path / "a.txt", "vox mihi bene-dicta\n")
    b = _write(tmp_path / "b.txt", "uox michi benedicta\n")
    assert _run("diff", a, b).exit_code == 1
    same = _run("diff", "-n", table, a, b)
    assert (same.exit_code, same.output) == (0, "uox michi benedicta\n")  # B's surface shown
    shown = _run("diff", "-n", table, "--show-normalized", a, b).output
    assert shown == "{=vox|uox=} {=mihi|michi=} {=bene-dicta|benedicta=}\n"


def test_a_table_combines_with_presets_in_order(tmp_path: Path) -> None:
    table = _write(tmp_path / "t.tsv", "ae\tæ\n")
    a = _write(tmp_path / "a.txt", "Vniuerſitas uitae\n")
    b = _write(tmp_path / "b.txt", "Uniuersitas vitæ\n")
    assert _run("diff", "-n", "long-s", a, b).exit_code == 1
    assert _run("diff", "-n", "latin", "-n", table, a, b).exit_code == 0
    # Without case (-i), the user's table is without case too.
    upper = _write(tmp_path / "u.txt", "UITAE\n")
    lower = _write(tmp_path / "l.txt", "uitæ\n")
    assert _run("diff", "-n", table, upper, lower).exit_code == 1
    assert _run("diff", "-i", "-n", table, upper, lower).exit_code == 0


def test_the_longest_match_wins_in_one_pass() -> None:
    t = Replacements((("a", "b"), ("ab", "x"), ("b", "a")))
    assert t.apply("abab ba") == "xx ab"
    assert Normalizer(tables=(t,)).key("ab ") == "x"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("v u\n", "t.tsv:1: not a replacement"),
        ("# ok\nv\tu\tx\n", "t.tsv:2: not a replacement"),
        ("\tu\n", "t.tsv:1: '' cannot be in a key"),
        ("a b\tu\n", "t.tsv:1: 'a b' cannot be in a key"),
        ("v\tu\nv\tw\n", "t.tsv:2: 'v' is replaced already, on line 1"),
        ("# nothing\n\n", "t.tsv: no replacements"),
    ],
)
def test_a_bad_table_is_one_line_naming_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    table = _write(tmp_path / "t.tsv", text)
    a = _write(tmp_path / "a.txt", "x\n")
    result = CliRunner().invoke(cli, ["diff", "-n", table, a, a])
    assert result.exit_code == 2
    assert result.output.startswith(f"revdiff: {tmp_path / 't.tsv'}")
    assert message in result.output and result.output.count("\n") == 1
    with pytest.raises(InputError):
        Replacements.parse(text, "t.tsv")


def test_an_unknown_table_is_named(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.txt", "x\n")
    result = CliRunner().invoke(cli, ["diff", "-n", "gothic", a, a])
    assert result.exit_code == 2
    assert "-n gothic: no normalization table or file" in result.output
    assert all(name in result.output for name in TABLES)


def test_a_normalizer_with_a_table_goes_to_batch_workers(tmp_path: Path) -> None:
    n = Normalizer(True, False, ("latin", api.load_table(_write(tmp_path / "t.tsv", "ae\tæ\n"))))
    assert pickle.loads(pickle.dumps(n)) == n
    assert pickle.loads(pickle.dumps(n)).key("VITAE") == n.key("uitæ")


def test_long_s_on_the_faust_fair_copy() -> None:
    """The fair copy writes ſ throughout; a modern spelling of it is the same text under long-s."""
    require(FAUST.is_file(), f"the corpus is not beside the checkout ({FAUST})")
    witness = api.read(f"{FAUST}#final")
    assert "ſ" in witness.text
    modern = plain_witness(witness.text.replace("ſ", "s"), "modern", "modern")
    table = Normalizer(tables=("long-s",))
    assert diff(plain_witness(witness.text, "f", "f"), modern).changed
    assert not diff(
        normalize(plain_witness(witness.text, "f", "f"), table), normalize(modern, table)
    ).changed

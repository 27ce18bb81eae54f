"""revdiff.collation: many witnesses in one table; CollateX's cases; order independence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TEI_DIR
from revdiff.api import collate
from revdiff.cli import cli
from revdiff.model import Collation, Witness
from revdiff.tokenize import Normalizer, plain_witness

CASES = Path(__file__).resolve().parent / "cases" / "collatex"
_NOT_WITNESSES = {"collatex.txt", "command.txt"}


def _case_witnesses(case: Path) -> list[Witness]:
    files = sorted(f for f in case.glob("*.txt") if f.name not in _NOT_WITNESSES)
    return [plain_witness(f.read_text(encoding="utf-8").strip(), f.name, f.stem) for f in files]


def _structure(c: Collation) -> list[frozenset[tuple[str, int]]]:
    """The columns as sets of (siglum, token index): what is aligned with what."""
    return [
        frozenset((c.witnesses[w].siglum, i) for w, i in enumerate(col) if i is not None)
        for col in c.columns
    ]


def _check_rows_rebuild(c: Collation) -> None:
    for w, witness in enumerate(c.witnesses):
        assert "".join(c.cell(k, w) or "" for k in range(len(c.columns))) == witness.text
        indices = [col[w] for col in c.columns if col[w] is not None]
        assert indices == list(range(len(witness)))
    assert all(any(i is not None for i in col) for col in c.columns)


# --- CollateX's own examples ----------------------------------------------------------

COLLATEX_CASES = sorted(p for p in CASES.iterdir() if p.is_dir())


def test_there_are_collatex_cases() -> None:
    assert len(COLLATEX_CASES) >= 4
    for case in COLLATEX_CASES:
        assert (case / "collatex.json").is_file() and (case / "command.txt").is_file()


@pytest.mark.parametrize("case", COLLATEX_CASES, ids=lambda p: p.name)
def test_agrees_with_collatex(case: Path) -> None:
    recorded = json.loads((case / "collatex.json").read_text(encoding="utf-8"))
    witnesses = _case_witnesses(case)
    assert [w.siglum for w in witnesses] == recorded["witnesses"]
    result = collate(witnesses)
    _check_rows_rebuild(result)
    assert [list(row) for row in result.rows()] == recorded["table"]


# --- the table ------------------------------------------------------------------------


def test_layers_of_one_tei_file_are_witnesses() -> None:
    draft = str(TEI_DIR / "draft.xml")
    result = collate([f"{draft}#base", f"{draft}#final", str(TEI_DIR / "telegram.xml")])
    _check_rows_rebuild(result)
    rows = result.rows()
    column = next(k for k, cell in enumerate(rows[0]) if cell == "нас")
    assert rows[1][column] == "коммунистов" and rows[2][column] == "коммунистов"
    # The industrialization sentence: not in the base layer, in the final one and the telegram.
    column = next(k for k, cell in enumerate(rows[1]) if cell == "индустриализировать")
    assert rows[0][column] is None and rows[2][column] == "индустриализировать"


def test_normalization_puts_spelling_variants_in_one_column() -> None:
    a = plain_witness("Объясняем это тем", "a", "a")
    b = plain_witness("Об'ясняем это тем", "b", "b")
    plain = collate([a, b])
    assert ["Объясняем", "Об'ясняем"] in [list(r) for r in zip(*plain.rows(), strict=True)]
    hard_sign = collate([a, b], normalizer=Normalizer(tables=("hard-sign",)))
    assert all(hard_sign.agrees(k) for k in range(len(hard_sign.columns)))
    assert hard_sign.rows() == plain.rows()  # the table shows each witness's own surfaces


def test_one_witness() -> None:
    w = plain_witness("just one", "a", "a")
    assert collate([w]).rows() == [("just", "one")]


# --- order independence ---------------------------------------------------------------

BASE = [f"w{i}" for i in range(20)]


@st.composite
def _edited(draw: st.DrawFn, tag: str) -> list[str]:
    """The base text with substitutions, deletions and insertions of this witness's own words."""
    out: list[str] = []
    for k, word in enumerate(BASE):
        edit = draw(st.sampled_from(["keep", "keep", "keep", "sub", "del", "ins"]))
        if edit == "keep":
            out.append(word)
        elif edit == "sub":
            out.extend(f"{tag}{k}x{n}" for n in range(draw(st.integers(1, 2))))
        elif edit == "ins":
            out.extend([f"{tag}{k}i", word])
    return out


@settings(max_examples=100, deadline=None)
@given(
    st.tuples(_edited("a"), _edited("b"), _edited("c"), _edited("d")),
    st.permutations(range(4)),
)
def test_where_witnesses_agree_order_does_not_matter(
    texts: tuple[list[str], ...], order: list[int]
) -> None:
    witnesses = [plain_witness(" ".join(t), s, s) for s, t in zip("ABCD", texts, strict=True)]
    given_order = collate(witnesses)
    permuted = collate([witnesses[k] for k in order])
    _check_rows_rebuild(permuted)

    def agreements(c: Collation) -> set[frozenset[tuple[str, int]]]:
        # Tokens with one key that share a column: the agreements among witnesses.
        out = set()
        for col in c.columns:
            by_key: dict[str, set[tuple[str, int]]] = {}
            for w, i in enumerate(col):
                if i is not None:
                    by_key.setdefault(c.witnesses[w].keys[i], set()).add((c.witnesses[w].siglum, i))
            out |= {frozenset(v) for v in by_key.values() if len(v) > 1}
        return out

    assert agreements(given_order) == agreements(permuted)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=1, max_size=15),
    st.lists(st.sampled_from(["a", "b", "c", "x", "y"]), min_size=0, max_size=15),
    st.permutations(range(4)),
)
def test_permuting_identical_witnesses_keeps_the_columns(
    same: list[str], other: list[str], order: list[int]
) -> None:
    """Three identical witnesses and one other: any order gives the same columns."""
    witnesses = [plain_witness(" ".join(same), s, s) for s in "ABC"]
    witnesses.append(plain_witness(" ".join(other), "D", "D"))
    permuted = [witnesses[k] for k in order]
    first, second = collate(witnesses), collate(permuted)
    assert sorted(_structure(first), key=sorted) == sorted(_structure(second), key=sorted)
    rows = dict(zip("ABCD", first.rows(), strict=True))
    assert rows["A"] == rows["B"] == rows["C"]


# --- the command ----------------------------------------------------------------------


def test_cli_json() -> None:
    draft = str(TEI_DIR / "draft.xml")
    sources = [f"{draft}#base", f"{draft}#final", str(TEI_DIR / "telegram.xml")]
    result = CliRunner().invoke(cli, ["collate", *sources, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [w["siglum"] for w in document["witnesses"]] == ["draft#base", "draft#final", "telegram"]
    assert all(len(col) == 3 for col in document["columns"])
    expected = collate(sources)
    assert document["columns"] == expected.as_dict()["columns"]
    for w in range(3):
        assert "".join(col[w] or "" for col in document["columns"]) == expected.witnesses[w].text


def test_cli_table() -> None:
    case = CASES / "black-cat"
    files = [str(f) for f in sorted(case.glob("?.txt"))]
    result = CliRunner().invoke(cli, ["collate", *files])
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line]
    assert [line.split(" | ")[0].strip() for line in lines] == ["A", "B", "C"]
    assert "white" in lines[1] and "shiny" in lines[2]


def test_cli_duplicate_sigla_are_told_apart() -> None:
    telegram = str(TEI_DIR / "telegram.xml")
    result = CliRunner().invoke(cli, ["collate", telegram, telegram, "-f", "json"])
    sigla = [w["siglum"] for w in json.loads(result.stdout)["witnesses"]]
    assert len(set(sigla)) == 2


def test_cli_errors(tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["collate", str(tmp_path / "none.txt")])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("revdiff: ") and missing.stderr.count("\n") == 1
    assert CliRunner().invoke(cli, ["collate"]).exit_code == 2


def test_public_api_is_callable_after_the_module_is_imported() -> None:
    import revdiff
    import revdiff.collation as module

    sources = [str(TEI_DIR / "telegram.xml"), str(TEI_DIR / "draft.xml")]
    assert revdiff.collate(sources) == module.collate([revdiff.read(s) for s in sources])

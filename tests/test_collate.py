"""revdiff.collation: many witnesses in one table; CollateX's cases; order independence."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TEI_DIR
from revdiff.api import collate
from revdiff.cli import cli
from revdiff.collation import guide_order
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


# --- segmentation ---------------------------------------------------------------------

FOX = [
    ("A", "the quick brown fox jumps over the dog"),
    ("B", "the very slow red fox jumps over the dog"),
    ("C", "the quick brown fox leaps over the dog"),
]


def _fox() -> list[Witness]:
    return [plain_witness(t, s, s) for s, t in FOX]


def _check_spans(c: Collation) -> None:
    """Spans cut the columns in order; each witness's cells rebuild it; adjacent spans divide
    the witnesses differently, unless a move starts or ends between them."""
    assert [e for s in c.spans for e in (s.start, s.stop)][1:-1:2] == [s.start for s in c.spans][1:]
    for w, witness in enumerate(c.witnesses):
        assert "".join(cells[w] or "" for cells in c.readings()) == witness.text
    cuts = {e for m in c.moves for p in m.places for e in (p.columns.start, p.columns.stop)}

    def divides(column: int) -> tuple[int, ...]:
        seen: dict[str | None, int] = {}
        keys = [
            None if i is None else c.witnesses[w].keys[i] for w, i in enumerate(c.columns[column])
        ]
        return tuple(seen.setdefault(k, len(seen)) for k in keys)

    for s in c.spans:
        assert len({divides(k) for k in s}) == 1
    for left, right in zip(c.spans, c.spans[1:], strict=False):
        assert divides(left.start) != divides(right.start) or right.start in cuts
    for s, agreed in enumerate(c.agreed):
        assert agreed == all(c.agrees(k) for k in c.spans[s])


def test_the_fox_makes_five_columns() -> None:
    result = collate(_fox())
    _check_spans(result)
    cells = [[(t or "").strip() for t in cells] for cells in result.readings()]
    assert cells == [
        ["the"] * 3,
        ["quick brown", "very slow red", "quick brown"],
        ["fox"] * 3,
        ["jumps", "jumps", "leaps"],
        ["over the dog"] * 3,
    ]


def test_without_segmentation_a_column_holds_one_token() -> None:
    result = collate(_fox(), segment=False)
    assert result.spans == tuple(range(k, k + 1) for k in range(len(result.columns)))
    assert len(result.readings()) == len(result.columns) == 9
    for cells in result.readings():
        assert all(t is None or len(t.split()) == 1 for t in cells)


def test_cli_segments_by_default(tmp_path: Path) -> None:
    files = []
    for siglum, text in FOX:
        (tmp_path / f"{siglum}.txt").write_text(text + "\n", encoding="utf-8")
        files.append(str(tmp_path / f"{siglum}.txt"))
    columns = {}
    for flag in ([], ["--no-segment"]):
        result = CliRunner().invoke(cli, ["collate", *files, "-f", "json", *flag])
        assert result.exit_code == 0, result.output
        columns[bool(flag)] = json.loads(result.stdout)["columns"]
    assert len(columns[False]) == 5 and len(columns[True]) == 9
    table = CliRunner().invoke(cli, ["collate", *files]).stdout
    assert [line.count(" | ") for line in table.splitlines() if line] == [5, 5, 5]
    rows = [[cell.strip() for cell in line.split(" | ")] for line in table.splitlines() if line]
    assert [row[2] for row in rows] == ["quick brown", "very slow red", "quick brown"]


@settings(max_examples=100, deadline=None)
@given(st.tuples(_edited("a"), _edited("b"), _edited("c")))
def test_spans_divide_the_witnesses_alike(texts: tuple[list[str], ...]) -> None:
    witnesses = [plain_witness(" ".join(t), s, s) for s, t in zip("ABC", texts, strict=True)]
    _check_spans(collate(witnesses))
    _check_spans(collate(witnesses, moves=2))


# --- moves ----------------------------------------------------------------------------

LONG_A = "one two three four five six seven eight nine ten eleven twelve"
LONG_B = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"
PASSAGE = "the black cat sat on the mat"


def test_a_passage_at_three_places_is_one_transposition() -> None:
    texts = [
        f"{PASSAGE}. {LONG_A}. {LONG_B}.",
        f"{LONG_A}. {PASSAGE}. {LONG_B}.",
        f"{LONG_A}. {LONG_B}. {PASSAGE}.",
    ]
    ws = [plain_witness(t, s, s) for s, t in zip(("W1", "W2", "W3"), texts, strict=True)]
    assert collate(ws).moves == ()  # not looked for unless asked
    result = collate(ws, moves=3)
    _check_rows_rebuild(result)
    _check_spans(result)
    assert len(result.moves) == 1
    move = result.moves[0]
    assert [p.witnesses for p in move.places] == [(0,), (1,), (2,)]
    assert result.move_text(move).startswith(PASSAGE)
    for place in move.places:
        (w,) = place.witnesses
        read = "".join(result.cell(k, w) or "" for k in place.columns)
        assert read.startswith(PASSAGE) and len(read.split()) <= len(PASSAGE.split()) + 1
        others = [v for v in range(3) if v != w]
        assert all(result.columns[k][v] is None for k in place.columns for v in others)


def test_a_passage_two_witnesses_moved_alike() -> None:
    texts = [
        f"{PASSAGE}. {LONG_A}.",
        f"{PASSAGE}. {LONG_A}.",
        f"{LONG_A}. {PASSAGE}.",
        f"{LONG_A}. {PASSAGE}.",
    ]
    ws = [plain_witness(t, f"W{n}", f"W{n}") for n, t in enumerate(texts, 1)]
    result = collate(ws, moves=3)
    assert len(result.moves) == 1
    places = result.moves[0].places
    assert sorted(p.witnesses for p in places) == [(0, 1), (2, 3)]


def test_moves_in_json_and_table(tmp_path: Path) -> None:
    files = []
    for n, text in enumerate(
        [f"{PASSAGE}. {LONG_A}.", f"{LONG_A}. {PASSAGE}.", f"{PASSAGE}. {LONG_A}."], 1
    ):
        (tmp_path / f"W{n}.txt").write_text(text + "\n", encoding="utf-8")
        files.append(str(tmp_path / f"W{n}.txt"))
    result = CliRunner().invoke(cli, ["collate", *files, "-f", "json", "--moves", "3"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    (move,) = document["moves"]
    assert move["move"] == 1
    for place in move["places"]:
        start, end = place["columns"]["start"], place["columns"]["end"]
        for w in place["witnesses"]:
            text = "".join(cells[w] or "" for cells in document["columns"][start:end])
            assert text.split() == move["text"].split()
    assert sorted(len(p["witnesses"]) for p in move["places"]) == [1, 2]
    plain = CliRunner().invoke(cli, ["collate", *files, "-f", "json"])
    assert "moves" not in json.loads(plain.stdout)
    table = CliRunner().invoke(cli, ["collate", *files, "--moves", "3"]).stdout
    rows = [line for line in table.splitlines() if line.startswith("W")]
    marked = [line for line in rows if f"~1 {' '.join(move['text'].split())}~" in line]
    assert len(marked) == 3  # each witness's row, at the place it reads the passage
    footer = table.rstrip().splitlines()[-1]
    assert footer.startswith("~1 ") and footer.endswith("read in 2 places: W1, W3 | W2")


# --- the table's bookkeeping ----------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdxy"), max_size=12), min_size=2, max_size=6))
def test_each_column_stands_for_its_most_common_key(texts: list[list[str]]) -> None:
    """The counts kept as witnesses join give what counting the table afresh gives: each
    column's most common key, ties to the key that came first."""
    from revdiff.collation.table import Table

    # One character a key, as the table holds them (their code points).
    table = Table("".join(texts[0]), {k: k for k in "abcdxy"})
    for joined, keys in enumerate(texts[1:], 2):
        table.add("".join(keys), 0)
        for c in table.order:
            found = [texts[w][row.index(c)] for w, row in enumerate(table.rows) if c in row]
            counts = {k: found.count(k) for k in found}  # in the order the keys came
            assert table.key[c] == max(counts, key=counts.__getitem__)
            if table.shown[c]:  # a column left out holds one token (its gaps are not kept)
                assert table.shown[c] == table.key[c]
                assert joined - table.born[c] - table.gaps[c] == len(found)
            else:
                assert len(found) == 1 and joined >= 3


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from("abcxyz"), max_size=10).map(tuple), min_size=1, max_size=7),
    st.randoms(use_true_random=False),
)
def test_the_join_order_depends_on_the_witnesses_only(
    keys: list[tuple[str, ...]], rng: random.Random
) -> None:
    order = guide_order(keys)
    assert sorted(order) == list(range(len(keys)))
    shuffled = list(range(len(keys)))
    rng.shuffle(shuffled)
    again = guide_order([keys[k] for k in shuffled])
    assert [keys[shuffled[k]] for k in again] == [keys[k] for k in order]

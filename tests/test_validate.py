"""revdiff.tei.validate and ``revdiff validate``: tei_all, then the pointers.

The planted problems are in tests/cases/validate/; where each should be
reported is found in the fixture's own text (the attribute or element that is
wrong), not typed in here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, TEI_DIR, require
from conftest import schema_path as find_schema
from revdiff.align import diff
from revdiff.api import validate
from revdiff.cli import cli
from revdiff.render.tei import to_tei
from revdiff.tei.validate import Problem, SchemaError, schema_path
from revdiff.tokenize import plain_witness

CASES = ROOT / "tests" / "cases" / "validate"

# fixture, the text the problem is reported at, what the message says
PLANTED = [
    ("dangling_hand.xml", 'hand="#nobody"', 'no handNote has xml:id="nobody"'),
    ("missing_anchor.xml", 'spanTo="#gone"', 'no anchor has xml:id="gone"'),
    ("anchor_before.xml", 'spanTo="#end"', "an anchor before it"),
    ("broken_wit.xml", 'wit="#C"', 'no witness has xml:id="C"'),
    ("broken_change.xml", 'change="#c2"', 'no change has xml:id="c2"'),
    ("subst_without_add.xml", "<subst>", "subst holds no addition (add)"),
    ("schema_error.xml", 'colour="red"', "tei_all: Invalid attribute colour"),
]


def rng() -> Path:
    path = find_schema()
    require(path is not None, "tei_all.rng not found (see ../shared/tei/README.md)")
    assert path is not None
    return path


def where(path: Path, needle: str) -> tuple[int, int]:
    """Line and column (from 1) of the only occurrence of ``needle`` in the file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(needle) == 1
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


@pytest.mark.parametrize("name", ["draft.xml", "telegram.xml", "translation.xml"])
def test_the_seed_encodings_are_valid(name: str, tei_schema) -> None:  # type: ignore[no-untyped-def]
    assert validate(TEI_DIR / name, tei_schema) == []


def test_the_valid_fixture_is_valid(tei_schema, assert_valid_tei) -> None:  # type: ignore[no-untyped-def]
    assert_valid_tei(CASES / "valid.xml")
    assert validate(CASES / "valid.xml", tei_schema) == []


@pytest.mark.parametrize(("name", "needle", "message"), PLANTED)
def test_a_planted_problem_is_reported_with_file_line_and_column(  # type: ignore[no-untyped-def]
    name: str, needle: str, message: str, tei_schema
) -> None:
    path = CASES / name
    problems = validate(path, tei_schema)
    line, column = where(path, needle)
    assert len(problems) == 1, problems
    (problem,) = problems
    assert (problem.file, problem.line, problem.column) == (str(path), line, column)
    assert message in problem.message
    assert str(problem).startswith(f"{path}:{line}:{column}: ")


def test_malformed_xml_is_one_problem_at_its_place() -> None:
    data = b"<TEI>\n  <text><p>unclosed</text>\n</TEI>"
    (problem,) = validate(data, schema=False, source="bad.xml")
    assert problem.file == "bad.xml"
    assert problem.line == 2
    assert "malformed XML" in problem.message


def test_the_tei_revdiff_writes_has_no_pointer_problems(tei_schema) -> None:  # type: ignore[no-untyped-def]
    d = diff(
        plain_witness("не сбегут от нас\n\nДа.\n", "a.txt", "a"),
        plain_witness("не сбегут от коммунистов. Да.\n", "b.txt", "b"),
    )
    for style in ("inline", "apparatus"):
        assert validate(to_tei(d, style).encode(), tei_schema) == []


def test_cli_exit_status_and_messages() -> None:
    runner = CliRunner()
    schema = str(rng())
    ok = runner.invoke(cli, ["validate", "--schema", schema, str(TEI_DIR / "draft.xml")])
    assert (ok.exit_code, ok.output) == (0, "")

    bad = CASES / "dangling_hand.xml"
    result = runner.invoke(
        cli, ["validate", "--schema", schema, str(bad), str(CASES / "valid.xml")]
    )
    line, column = where(bad, 'hand="#nobody"')
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{bad}:{line}:{column}: @hand=")
    assert result.stdout.count("\n") == 1

    missing = runner.invoke(cli, ["validate", "--schema", schema, "nowhere.xml", str(bad)])
    assert missing.exit_code == 2
    assert "revdiff: nowhere.xml: no such file" in missing.stderr
    assert f"{bad}:{line}:{column}:" in missing.stdout  # the other files are still checked

    no_schema = runner.invoke(cli, ["validate", "--schema", "nowhere.rng", str(bad)])
    assert no_schema.exit_code == 2
    assert no_schema.stderr.startswith("revdiff: nowhere.rng: no such schema file")
    assert "Traceback" not in no_schema.output


def test_schema_comes_from_the_option_the_environment_or_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = rng()
    monkeypatch.delenv("REVDIFF_TEI_RNG", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with pytest.raises(SchemaError, match="REVDIFF_TEI_RNG"):
        schema_path(fetch=False)  # an empty cache, and no download in tests
    cached = tmp_path / "cache" / "revdiff" / "tei_all.rng"
    cached.parent.mkdir(parents=True)
    shutil.copy(found, cached)
    assert schema_path(fetch=False) == cached
    cached.write_text("<not-the-schema/>")  # a cached copy with the wrong sha256 is not used
    with pytest.raises(SchemaError):
        schema_path(fetch=False)
    monkeypatch.setenv("REVDIFF_TEI_RNG", str(found))
    assert schema_path(fetch=False) == found
    assert schema_path(found) == found
    with pytest.raises(SchemaError, match="--schema"):
        schema_path(tmp_path / "missing.rng")


def test_problems_sort_and_print_as_file_line_column() -> None:
    p = Problem("f.xml", 3, 7, "m")
    assert str(p) == "f.xml:3:7: m"


def test_a_malformed_file_is_reported_without_looking_for_a_schema(tmp_path: Path) -> None:
    (problem,) = validate(b"<TEI><text></TEI>", tmp_path / "no-such.rng", source="bad.xml")
    assert problem.file == "bad.xml" and "mismatch" in problem.message


@pytest.mark.schema
def test_jing_is_given_nothing_to_fetch(tmp_path: Path) -> None:
    # jing reads the DTD a DOCTYPE names and processes xi:include: the copy it
    # is given names neither, and every problem keeps its line and column.
    jing = shutil.which("jing")
    require(jing is not None, "jing is not installed (.ci/run installs it)")
    secret = tmp_path / "secret.txt"
    secret.write_text("THE-SECRET", encoding="utf-8")
    dtd = tmp_path / "x.dtd"
    dtd.write_text('<!ATTLIST p fromdtd CDATA "FROM-THE-DTD">', encoding="utf-8")
    valid = (CASES / "valid.xml").read_text(encoding="utf-8")
    head, _, rest = valid.partition("<TEI")
    head = head.replace('encoding="UTF-8"', 'encoding="utf-8"')
    include = (
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret}" parse="text"/>'
    )
    document = f'{head}<!DOCTYPE TEI SYSTEM "{dtd}">\n<TEI{rest}'.replace(
        "</body>", f"<p>{include}</p></body>", 1
    )
    problems = validate(document.encode(), rng(), source="t.xml")
    said = " ".join(p.message for p in problems)
    assert "THE-SECRET" not in said and "FROM-THE-DTD" not in said and "fromdtd" not in said
    (problem,) = problems  # the include is an element tei_all does not allow, where it stands
    line = document[: document.index("<xi:include")].count("\n") + 1
    assert problem.line == line and "include" in problem.message

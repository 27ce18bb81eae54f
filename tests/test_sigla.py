"""Sigla: --siglum NAME, one per source in order, for diff, html, collate and trace;
without it, the file's stem and the layer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import TEI_DIR
from revdiff import api
from revdiff.cli import cli
from revdiff.errors import SiglumError

DRAFT, TELEGRAM = str(TEI_DIR / "draft.xml"), str(TEI_DIR / "telegram.xml")


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _rows(table: str) -> list[str]:
    return [line.split(" | ")[0].strip() for line in table.splitlines() if " | " in line]


def test_the_default_is_the_stem_and_the_layer(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "very" / "long" / "path"
    deep.mkdir(parents=True)
    copy = deep / "2H_textual_HUGE.xml"
    copy.write_bytes(Path(DRAFT).read_bytes())
    table = _run("collate", f"{copy}#base", f"{copy}#final", TELEGRAM).output
    assert set(_rows(table)) == {"2H_textual_HUGE#base", "2H_textual_HUGE#final", "telegram"}


def test_diff_names_its_sources() -> None:
    document = json.loads(
        _run("diff", "-f", "json", "--siglum", "D", "--siglum", "T", DRAFT, TELEGRAM).output
    )
    assert (document["a"]["siglum"], document["b"]["siglum"]) == ("D", "T")
    tei = _run("diff", "-f", "tei", "--siglum", "D", "--siglum", "T", DRAFT, TELEGRAM).output
    assert '<witness xml:id="D" n="D">' in tei and '<witness xml:id="T" n="T">' in tei
    one = json.loads(_run("diff", "-f", "json", "--siglum", "D", DRAFT, TELEGRAM).output)
    assert (one["a"]["siglum"], one["b"]["siglum"]) == ("D", "telegram")  # the rest: defaults


def test_html_names_every_view(tmp_path: Path) -> None:
    pages = {}
    for name, args in {
        "document": [DRAFT, "--siglum", "Dr"],
        "pair": [f"{DRAFT}#final", TELEGRAM, "--siglum", "Dr", "--siglum", "Tg"],
        "synopsis": [f"{DRAFT}#base", f"{DRAFT}#final", TELEGRAM]
        + ["--siglum", "B", "--siglum", "F", "--siglum", "T"],
    }.items():
        out = tmp_path / f"{name}.html"
        assert _run("html", *args, "-o", str(out)).exit_code == 0
        pages[name] = out.read_text(encoding="utf-8")
    assert '<td class="siglum">Dr</td>' in pages["document"]
    assert "<title>Dr → Tg</title>" in pages["pair"]
    assert "<title>B · F · T</title>" in pages["synopsis"]


def test_collate_and_trace_name_their_witnesses() -> None:
    table = _run("collate", f"{DRAFT}#base", TELEGRAM, "--siglum", "D1", "--siglum", "T").output
    assert _rows(table)[:2] == ["D1", "T"]
    page = _run("trace", DRAFT, TELEGRAM, "-f", "html", "--siglum", "D", "--siglum", "T").output
    assert "<title>D → T: where each correction went</title>" in page
    assert api.collate([DRAFT, TELEGRAM], sigla=["x"]).witnesses[0].siglum == "x"


@pytest.mark.parametrize(
    ("sigla", "message"),
    [
        (["A", "B", "C"], "3 sigla for 2 sources"),
        (["A", "A"], "--siglum A: given twice"),
        (["", "B"], "--siglum '': a siglum cannot be empty"),
    ],
)
def test_sigla_that_do_not_fit_are_refused(sigla: list[str], message: str) -> None:
    args = [a for s in sigla for a in ("--siglum", s)]
    for command in (["diff"], ["collate"], ["trace"], ["html", "-o", "never.html"]):
        result = CliRunner().invoke(cli, [*command, DRAFT, TELEGRAM, *args])
        assert result.exit_code == 2, command
        assert result.output.startswith(f"revdiff: {message}")
        assert result.output.count("\n") == 1
    assert not Path("never.html").exists()
    with pytest.raises(SiglumError):
        api.read_all([DRAFT, TELEGRAM], sigla=sigla)

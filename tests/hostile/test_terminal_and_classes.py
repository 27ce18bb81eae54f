"""Content stays content: what a source says is shown, never obeyed.

On a terminal, a control character from a text or a file name (``ESC[2J``
clears the screen, OSC 8 makes a link) is printed as its escape, ``\\x1b``,
in the ``text`` and ``unified`` formats, the tables, and every message; JSON
and TEI keep it as data. In HTML, an attribute value reaches a class only
through revdiff's own table of names.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hostile_files import tei

from revdiff.cli import cli

CLEAR = "\x1b[2J"
LINK = "\x1b]8;;https://example.org/\x07click\x1b]8;;\x07"
C1 = "\x9b31m"  # an 8-bit CSI
OVERWRITE = "safe\rEVIL"  # a carriage return that does not end a line


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_no_control(text: str) -> None:
    bad = [c for c in text if (ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F]
    assert bad == [], repr(text)


@pytest.fixture
def texts(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(f"one {CLEAR} two {OVERWRITE} three\n", encoding="utf-8")
    b.write_text(f"one {LINK} two {C1} three\n", encoding="utf-8")
    return a, b


@pytest.mark.parametrize("format_", ["text", "unified"])
@pytest.mark.parametrize("color", ["never", "always"])
def test_diff_for_a_terminal_shows_controls_escaped(
    texts: tuple[Path, Path], format_: str, color: str
) -> None:
    a, b = texts
    result = run("diff", str(a), str(b), "-f", format_, "--color", color)
    assert result.exit_code == 1
    out = result.stdout
    if color == "always" and format_ == "text":  # revdiff's own colours stay, nothing else
        out = out.replace("\x1b[31m", "").replace("\x1b[32m", "").replace("\x1b[m", "")
    assert_no_control(out)
    # Each control shown where it stood (tokens may part what follows it); a
    # carriage return is white space, which the unified format's lines drop.
    for shown in ("\\x1b", "\\x07", "\\x9b") + (("\\x0d",) if format_ == "text" else ()):
        assert shown in out


def test_json_and_tei_keep_the_characters(texts: tuple[Path, Path]) -> None:
    a, b = texts
    data = json.loads(run("diff", str(a), str(b), "-f", "json").stdout)
    joined = "".join(s["a"] for s in data["segments"]) + "".join(s["b"] for s in data["segments"])
    assert CLEAR in joined and LINK in joined and C1 in joined and OVERWRITE in joined


def test_text_of_a_source_and_its_layers_table(tmp_path: Path) -> None:
    plain = tmp_path / "p.txt"
    plain.write_text(f"a {CLEAR} b\n", encoding="utf-8")
    out = run("text", str(plain)).stdout
    assert out == "a \\x1b[2J b\n"
    doc = tmp_path / "d.xml"  # XML cannot hold C0 controls, but C1 ones it can
    doc.write_text(tei("<p>x y</p>").replace("<title>t</title>", f"<title>t{C1}</title>"))
    out = run("layers", str(doc)).stdout
    assert "t\\x9b31m" in out
    assert_no_control(out)


def test_file_names_in_messages_are_escaped(tmp_path: Path) -> None:
    name = tmp_path / f"evil{CLEAR}.txt"
    result = run("text", str(name))  # no such file: the message names it
    assert result.exit_code == 2
    assert "evil\\x1b[2J.txt: no such file" in result.stderr
    assert_no_control(result.stderr)


def test_file_names_in_a_diff_header_are_escaped(tmp_path: Path) -> None:
    a, b = tmp_path / f"a{CLEAR}.txt", tmp_path / "b.txt"
    a.write_text("x y\n")
    b.write_text("x z\n")
    out = run("diff", str(a), str(b), "-f", "unified").stdout
    assert "a\\x1b[2J.txt" in out.splitlines()[0]
    assert_no_control(out)


def test_collation_table_and_trace_are_escaped(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(f"x {CLEAR} y\n")
    b.write_text("x z y\n")
    out = run("collate", str(a), str(b)).stdout
    assert "\\x1b" in out
    assert_no_control(out)
    draft = tmp_path / "d.xml"
    draft.write_text(tei(f"<p>x <del>y{C1}</del> z</p>"))
    out = run("trace", str(draft), str(b)).stdout
    assert "\\x9b31m" in out
    assert_no_control(out)


HIDDEN_PLACE = tei(
    '<p>We will <add place="above h2 hidden">not</add> pay.</p><p>A <del>b</del> c.</p>'
)


def test_an_attribute_value_never_becomes_a_class(tmp_path: Path) -> None:
    doc = tmp_path / "d.xml"
    doc.write_text(HIDDEN_PLACE)
    out = tmp_path / "d.html"
    assert run("html", str(doc), "-o", str(out)).exit_code == 0
    page = out.read_text()
    classes = {c for found in _class_attributes(page) for c in found.split()}
    assert "hidden" not in classes and "above" not in classes
    assert '<ins class="rev place-above" tabindex="0"' in page
    # The value itself is shown, as data, in the addition's description.
    assert "addition (above h2 hidden)" in page


def _class_attributes(page: str) -> list[str]:
    import re

    return re.findall(r'class="([^"]*)"', page)

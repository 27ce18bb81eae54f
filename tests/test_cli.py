"""The command line: exit codes as diff(1), one-line errors, colour only when wanted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, TEI_DIR
from revdiff.cli import cli

DRAFT = str(TEI_DIR / "draft.xml")
TELEGRAM = str(TEI_DIR / "telegram.xml")


def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def texts(tmp_path: Path) -> tuple[str, str]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("не сбегут от нас в случае\n", encoding="utf-8")
    b.write_text("не сбегут от коммунистов в случае\n", encoding="utf-8")
    return str(a), str(b)


def test_exit_0_when_equal_1_when_different(texts: tuple[str, str]) -> None:
    a, b = texts
    same = run("diff", a, a)
    assert (same.exit_code, same.stdout) == (0, "не сбегут от нас в случае\n")
    different = run("diff", a, b)
    assert different.exit_code == 1
    assert different.stdout == "не сбегут от [-нас-]{+коммунистов+} в случае\n"


def test_the_draft_layers_diff_shows_the_corrections() -> None:
    result = run("diff", DRAFT + "#base", DRAFT + "#final", "--color", "never")
    assert result.exit_code == 1
    assert "от [-нас-]{+коммунистов+} в случае" in result.stdout
    assert "[-из числа-]" in result.stdout
    assert "[-некоторое-]{+не большее+}" in result.stdout


def test_text_of_the_base_layer_reads_nekotoroe_as_one_word() -> None:
    result = run("text", DRAFT + "#base")
    assert result.exit_code == 0
    assert "в свои школы некоторое количество" in result.stdout
    paragraphs = result.stdout.split("\n\n")
    assert paragraphs[0] == "АНДРЕЕВУ." and len(paragraphs) > 5


def test_a_tei_file_without_a_layer_means_final() -> None:
    assert run("text", DRAFT).stdout == run("text", DRAFT + "#final").stdout


def test_layers_lists_layers_hands_changes_and_counts() -> None:
    result = run("layers", DRAFT, "--json")
    data = json.loads(result.stdout)
    names = [layer["name"] for layer in data["layers"]]
    assert names[:2] == ["base", "final"] and "change:stalin-corrections" in names
    assert "hand:stalin" in names
    assert {h["id"] for h in data["hands"]} >= {"typist", "stalin"}
    assert all(layer["tokens"] > 0 for layer in data["layers"])
    table = run("layers", DRAFT).stdout
    assert "hand:stalin" in table and "stalin-corrections" in table


def test_json_format_rebuilds_both_sides(texts: tuple[str, str]) -> None:
    a, b = texts
    data = json.loads(run("diff", a, b, "--format", "json").stdout)
    assert "".join(s["a"] for s in data["segments"]) == Path(a).read_text(encoding="utf-8")
    assert "".join(s["b"] for s in data["segments"]) == Path(b).read_text(encoding="utf-8")
    assert data["stats"]["replacements"] == 1


def test_standard_input_is_dash(texts: tuple[str, str]) -> None:
    a, b = texts
    result = run("diff", "-", b, input=Path(a).read_bytes())
    assert result.exit_code == 1 and "[-нас-]" in result.stdout


def test_both_sides_from_standard_input_is_a_usage_error(texts: tuple[str, str]) -> None:
    result = run("diff", "-", "-", input=b"x")
    assert result.exit_code == 2


def test_normalization_options_can_make_texts_equal(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Объясняем, ещё Нужно\n", encoding="utf-8")
    b.write_text("Об'ясняем ЕЩЕ нужно.\n", encoding="utf-8")
    assert run("diff", str(a), str(b)).exit_code == 1
    assert run("diff", str(a), str(b), "-n", "hard-sign", "-n", "yo", "-i", "-p").exit_code == 0


def test_by_char(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Объясняем\n", encoding="utf-8")
    b.write_text("Об'ясняем\n", encoding="utf-8")
    assert run("diff", str(a), str(b), "--by", "char").stdout == "Об[-ъ-]{+'+}ясняем\n"


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["diff", "{tmp}/missing.txt", DRAFT], "{tmp}/missing.txt: no such file"),
        (None, ["diff", "{tmp}", DRAFT], "{tmp}: is a directory, not a file"),
        ("bad.xml", ["diff", "{tmp}/bad.xml", DRAFT], "{tmp}/bad.xml:2:"),
        ("other.xml", ["diff", "{tmp}/other.xml", DRAFT], "{tmp}/other.xml:1:1: not TEI P5"),
        ("latin1.txt", ["diff", "{tmp}/latin1.txt", DRAFT], "{tmp}/latin1.txt: not valid UTF-8"),
        (
            None,
            ["diff", DRAFT + "#nolayer", DRAFT],
            "no layer 'nolayer'; the layers there are: base, final",
        ),
        ("plain.txt", ["diff", "{tmp}/plain.txt#base", DRAFT], "plain text has no layers"),
        (None, ["text", DRAFT + "#hand:nobody"], "no layer 'hand:nobody'"),
    ],
)
def test_errors_are_one_line_naming_the_file_with_exit_2(
    tmp_path: Path, setup: str | None, args: list[str], message: str
) -> None:
    fixtures = {
        "bad.xml": b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><p>unclosed</text></TEI>',
        "other.xml": b"<html><body>not TEI</body></html>",
        "latin1.txt": "Объясняем".encode("cp1251"),
        "plain.txt": b"plain words\n",
    }
    if setup:
        (tmp_path / setup).write_bytes(fixtures[setup])
    result = run(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("revdiff: ")
    assert message.replace("{tmp}", str(tmp_path)) in lines[0]


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<TEI><unclosed></TEI>")
    proc = subprocess.run(
        [sys.executable, "-m", "revdiff", "diff", str(bad), DRAFT],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def _colour_run(*extra: str, env: dict[str, str] | None = None, tty: bool = True) -> str:
    """Run revdiff under a pseudo-terminal (or not) and return what it printed."""
    import pty

    if not tty:
        proc = subprocess.run(
            [sys.executable, "-m", "revdiff", "diff", DRAFT + "#base", DRAFT + "#final", *extra],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
        )
        return proc.stdout
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "revdiff", "diff", DRAFT + "#base", DRAFT + "#final", *extra],
        stdout=secondary,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert "\x1b[31m" in _colour_run(env=env)
    assert "\x1b[" not in _colour_run(env=env, tty=False)
    assert "\x1b[" not in _colour_run(env={**env, "NO_COLOR": "1"})
    assert "\x1b[31m" in _colour_run("--color", "always", env=env, tty=False)
    assert "\x1b[" not in _colour_run("--color", "never", env=env)


def test_version_and_module_entry_point() -> None:
    from revdiff import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "revdiff", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_output_file_is_written_and_never_over_an_input(
    texts: tuple[str, str], tmp_path: Path
) -> None:
    a, b = texts
    out = tmp_path / "out.json"
    assert run("diff", a, b, "-f", "json", "-o", str(out)).exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["stats"]["replacements"] == 1
    before = Path(a).read_bytes()
    result = run("diff", a, b, "-o", a, "--force")
    assert result.exit_code == 2 and "refusing to write over an input file" in result.stderr
    assert Path(a).read_bytes() == before

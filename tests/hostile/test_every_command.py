"""No traceback, ever: every command over real TEI and crafted inputs ends 0, 1 or 2
with at most one line on stderr.

The real TEI is every file of ``../shared/corpus/`` (read from there, never
copied here; under ``CI=true`` a missing corpus fails). The crafted inputs
are the broken and odd files of the attack suite, and the cases that once
crashed a command. Warnings (``revdiff: warning: ...``) are lines too, and
allowed; a traceback, an exit status 1 from a crash, or two lines of error
are not. An error revdiff did not expect is one line, ``revdiff: internal
error in COMMAND: ... (please report)``, and exit status 2; Ctrl-C is 130.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hostile_files import ROOT, tei
from test_hostile_inputs import CASES

from conftest import require, schema_path
from revdiff.cli import cli

CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.xml")) if CORPUS.is_dir() else []

# Inputs that once ended in a traceback (issue 11), beside the attack suite's.
CRAFTED: dict[str, bytes] = {
    "repeated-deletion.xml": tei("<p>x <del>of</del> of y</p>").encode(),
    "repeated-addition.xml": tei("<p>x <add>of</add> of y</p>").encode(),
    "namespaced.xml": tei(
        '<p f:n="1"><f:zone>a</f:zone> <hi f:rend="x">b</hi></p>',
        namespaces=' xmlns:f="http://example.org/project"',
    ).encode(),
    **{name: data for name, (data, _, _) in CASES.items()},
}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))  # exceptions caught: a traceback is a failure


def _report(line: str) -> bool:
    """A line that reports and is not an error: a warning, or what encode could not encode."""
    return (
        line.startswith("revdiff: warning:") or re.search(r":\d+:\d+: dropped ", line) is not None
    )


def assert_clean(result: Result, what: str) -> None:
    """Exit 0, 1 or 2; no exception escaped; stderr at most one line besides warnings."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        what,
        repr(result.exception),
    )
    assert result.exit_code in (0, 1, 2), (what, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr, (what, result.stderr)
    lines = [line for line in result.stderr.splitlines() if not _report(line)]
    assert len(lines) <= 1, (what, result.stderr)
    if result.exit_code == 2:  # trouble is said, in revdiff's words
        assert lines and lines[0].startswith("revdiff: "), (what, result.stderr)
        assert "internal error" not in lines[0], (what, lines[0])


def every_command(path: Path, out: Path) -> None:
    """Run each command (and each format) over one file: base and final layers, the file itself."""
    f, base = str(path), f"{path}#base"
    runs: list[tuple[str, ...]] = [
        ("text", f),
        ("text", base, "--reading", "normalized"),
        ("layers", f),
        ("layers", "--json", f),
        *(("diff", base, f, "-f", fmt) for fmt in ("text", "unified", "json", "tei")),
        ("diff", base, f, "-f", "tei", "--tei-style", "apparatus"),
        ("diff", base, f, "-C", "2", "--moves", "3", "-i", "-p"),
        ("diff", base, f, "-f", "html", "-o", str(out / "diff.html"), "--force"),
        ("html", f, "-o", str(out / "one.html"), "--force"),
        ("html", base, f, f, "-o", str(out / "three.html"), "--force"),
        ("trace", f, base),
        ("trace", f, f, "-f", "json"),
        ("trace", f, base, "-f", "html", "-o", str(out / "trace.html"), "--force"),
        ("collate", base, f, f),
        ("collate", base, f, "-f", "tei"),
        ("encode", f, "-o", str(out / "encoded.xml"), "--force"),
    ]
    for args in runs:
        assert_clean(run(*args), f"{path.name}: revdiff {' '.join(args[:1])} {args[1:]}")


def test_the_corpus_is_there() -> None:
    require(bool(CORPUS_FILES), f"the corpus of real TEI is not at {CORPUS}")


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_command_over_a_real_file(name: str, tmp_path: Path) -> None:
    every_command(CORPUS / name, tmp_path)


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_every_command_over_a_crafted_file(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(CRAFTED[name])
    out = tmp_path / "out"
    out.mkdir()
    every_command(path, out)


def test_validate_reports_every_file_and_goes_on_past_a_bad_one(tmp_path: Path) -> None:
    schema = schema_path()
    require(schema is not None, "tei_all.rng not found (set REVDIFF_TEI_RNG)")
    require(bool(CORPUS_FILES), f"the corpus of real TEI is not at {CORPUS}")
    crafted = []
    for name in ("namespaced.xml", "repeated-deletion.xml", "binary.bin", "malformed.xml"):
        (tmp_path / name).write_bytes(CRAFTED[name])
        crafted.append(str(tmp_path / name))
    files = [str(CORPUS / n) for n in CORPUS_FILES] + crafted + [str(tmp_path / "missing.xml")]
    result = run("validate", "--schema", str(schema), *files)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2  # a file could not be read: trouble, after all were checked
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    # Every file has its verdict: problems on stdout, or a line on stderr, or valid.
    said = result.stdout + result.stderr
    assert f"{tmp_path / 'namespaced.xml'}:3:" in result.stdout  # the project's element
    assert f"{tmp_path / 'binary.bin'}:1:1: malformed XML" in result.stdout
    assert f"{tmp_path / 'missing.xml'}: no such file" in result.stderr
    assert f"{tmp_path / 'malformed.xml'}:1:" in said
    assert f"{tmp_path / 'repeated-deletion.xml'}" not in said  # valid
    for line in result.stderr.splitlines():
        assert line.startswith("revdiff: "), line


def test_validate_goes_on_past_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import revdiff.api

    real = revdiff.api.validate
    first, second = tmp_path / "first.xml", tmp_path / "second.xml"
    first.write_bytes(CRAFTED["repeated-deletion.xml"])
    second.write_bytes(CRAFTED["namespaced.xml"])

    def broken_on_first(document: object, *args: object, **kwargs: object) -> object:
        if str(document) == str(first):
            raise IndexError("list index out of range")
        return real(document, False)  # type: ignore[arg-type]

    checker = sys.modules["revdiff.tei.validate"]  # the package's name "validate" is the function
    monkeypatch.setattr(revdiff.api, "validate", broken_on_first)
    monkeypatch.setattr(checker, "schema_path", lambda given: None)
    result = run("validate", str(first), str(second))
    assert result.exit_code == 2
    assert result.stderr == (
        f"revdiff: internal error in validate: {first}: IndexError: list index out of range "
        "(please report)\n"
    )
    assert result.stdout == ""  # the second was checked (pointers only): no problem


COMMAND_LINES = {
    "diff": ("diff", "{a}", "{b}"),
    "text": ("text", "{a}"),
    "layers": ("layers", "{a}"),
    "validate": ("validate", "--schema", "{a}", "{a}"),
    "encode": ("encode", "{b}"),
    "html": ("html", "{a}", "-o", "{out}"),
    "trace": ("trace", "{a}", "{b}"),
    "collate": ("collate", "{a}", "{b}"),
    "batch": ("batch", "{dir}", "{dir}", "-o", "{outdir}", "-j", "1"),
}


def _command_line(command: str, tmp_path: Path) -> list[str]:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    a, b = folder / "a.xml", folder / "b.txt"
    a.write_bytes(CRAFTED["repeated-deletion.xml"])
    b.write_text("x of y\n")
    values = {"a": a, "b": b, "out": tmp_path / "o.html", "dir": folder, "outdir": tmp_path / "o"}
    return [part.format(**values) for part in COMMAND_LINES[command]]


@pytest.mark.parametrize("error", [MemoryError(), IndexError("list index out of range")])
@pytest.mark.parametrize("command", sorted(COMMAND_LINES))
def test_an_unexpected_error_is_one_line_and_exit_2(
    command: str, error: Exception, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import revdiff.api
    import revdiff.sources

    def fail(*args: object, **kwargs: object) -> bytes:
        raise error

    # Every command reads its inputs through read_bytes.
    monkeypatch.setattr(revdiff.sources, "read_bytes", fail)
    monkeypatch.setattr(revdiff.api, "read_bytes", fail)
    if command == "validate":
        monkeypatch.setattr(revdiff.api, "validate", fail)
    result = run(*_command_line(command, tmp_path))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, (result.exit_code, result.output)
    what = type(error).__name__ + (f": {error}" if str(error) else "")
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("revdiff: internal error in "), result.stderr
    assert lines[0].endswith(f"{what} (please report)"), lines[0]
    assert f"internal error in {command}:" in lines[0]


PATCHED = """
import sys, time
import revdiff.api, revdiff.sources
def fail(*args, **kwargs):
    {action}
revdiff.api.read_bytes = revdiff.sources.read_bytes = fail
sys.argv = ["revdiff", *sys.argv[1:]]
from revdiff.cli import run
run()
"""


def _real_run(action: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", PATCHED.format(action=action), *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_an_unexpected_error_in_a_real_process(tmp_path: Path) -> None:
    proc = _real_run("raise MemoryError", "diff", "a.txt", "b.txt")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert err == "revdiff: internal error in diff: MemoryError (please report)\n"


@pytest.mark.parametrize("command", ["diff", "text", "collate"])
def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path, command: str) -> None:
    # The command is reading (held in read_bytes) when Ctrl-C comes.
    args = [command, "a.txt"] + (["b.txt"] if command != "text" else [])
    proc = _real_run("sys.stderr.write('reading\\n'); sys.stderr.flush(); time.sleep(60)", *args)
    assert proc.stderr is not None
    try:
        assert proc.stderr.readline() == "reading\n"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert "Traceback" not in err and "Aborted" not in err, err


def test_batch_over_the_corpus(tmp_path: Path) -> None:
    require(bool(CORPUS_FILES), f"the corpus of real TEI is not at {CORPUS}")
    out = tmp_path / "out"
    args = ["batch", str(CORPUS), str(CORPUS), "-o", str(out), "--a-layer", "base", "-j", "2"]
    result = run(*args, "-f", "json")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 2) and "Traceback" not in result.stderr
    failed = [line for line in result.stdout.splitlines() if "  failed  " in line]
    lines = result.stderr.splitlines()
    assert len(lines) == len(failed), result.stderr  # one line for each item that failed
    for line in lines:
        assert line.startswith("revdiff: ") and "internal error" not in line, line
    assert result.stdout.splitlines()[-1].endswith(f"{len(failed)} failed")
    said_written = [line for line in result.stdout.splitlines() if "  written  " in line]
    assert len(said_written) + len(failed) == len(list(CORPUS.iterdir()))  # every file an item
    assert len([p for p in out.iterdir() if p.suffix == ".json"]) == len(said_written)

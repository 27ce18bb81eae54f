"""Nothing lost: outputs are written atomically, never over an input, never over a file unasked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hostile_files import ROOT, tei

import revdiff.cli.common as common
from revdiff.cli import cli
from revdiff.cli.common import write_output
from revdiff.errors import OutputError

OLD = "the old output, which must survive\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.xml", tmp_path / "b.txt"
    a.write_text(tei("<p>one <del>two</del><add>three</add></p>"), encoding="utf-8")
    b.write_text("one four\n", encoding="utf-8")
    return a, b


def leftovers(folder: Path) -> list[str]:
    """Temporary files write_output may have left (``.NAME.*.tmp``)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("failure", [OSError(28, os.strerror(28)), KeyboardInterrupt()])
def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    target = tmp_path / "out.txt"
    target.write_text(OLD, encoding="utf-8")

    def interrupted(fd: int) -> None:  # the data is written, not yet in place
        raise failure

    monkeypatch.setattr(common.os, "fsync", interrupted)
    expected = OutputError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected):
        write_output(str(target), "the new output\n" * 1000, force=True)
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_a_failed_rename_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"

    def refuse(src: str, dst: object) -> None:
        raise OSError(13, os.strerror(13))

    monkeypatch.setattr(common.os, "replace", refuse)
    with pytest.raises(OutputError, match=os.strerror(13)):
        write_output(str(target), "new\n")
    assert not target.exists() and leftovers(tmp_path) == []


def test_a_killed_run_leaves_the_old_file_whole(tmp_path: Path) -> None:
    # A real process killed (SIGKILL: no clean-up runs) while it writes: the
    # target is the old file or the new one, never a mix.
    target = tmp_path / "out.txt"
    target.write_text(OLD, encoding="utf-8")
    script = (
        "import os, sys\n"
        "from revdiff.cli import common\n"
        "real = os.fsync\n"
        "def stop(fd):\n"
        "    os.kill(os.getpid(), 9)\n"
        "common.os.fsync = stop\n"
        f"common.write_output({str(target)!r}, 'new\\n' * 100000, force=True)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == OLD


def test_output_is_written_when_new(sources: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = sources
    out = tmp_path / "new" / "diff.txt"
    result = run("diff", str(a), str(b), "-o", str(out), "--color", "never")
    assert result.exit_code == 1 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == run("diff", str(a), str(b), "--color", "never").stdout
    assert leftovers(out.parent) == []


def test_an_existing_file_is_kept_without_force(sources: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = sources
    out = tmp_path / "diff.txt"
    out.write_text(OLD, encoding="utf-8")
    result = run("diff", str(a), str(b), "-o", str(out))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"revdiff: {out}: exists; use --force to replace it\n"
    assert out.read_text(encoding="utf-8") == OLD
    assert run("diff", str(a), str(b), "-o", str(out), "--force").exit_code == 1
    assert out.read_text(encoding="utf-8") != OLD


@pytest.mark.parametrize("alias", ["same", "symlink", "hardlink", "dotted"])
def test_an_input_is_never_overwritten_even_with_force(
    sources: tuple[Path, Path], tmp_path: Path, alias: str
) -> None:
    a, b = sources
    before = a.read_bytes()
    if alias == "same":
        out = a
    elif alias == "symlink":
        out = tmp_path / "link.xml"
        out.symlink_to(a)
    elif alias == "hardlink":
        out = tmp_path / "hard.xml"
        os.link(a, out)
    else:
        out = tmp_path / "." / a.name
    for layer in ("", "#base"):
        result = run("diff", f"{a}{layer}", str(b), "-o", str(out), "--force")
        assert result.exit_code == 2 and result.stdout == ""
        assert "refusing to write over an input file" in result.stderr
        assert a.read_bytes() == before


def test_an_output_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    # (click refuses -o DIRECTORY already, as a usage error; write_output too.)
    with pytest.raises(OutputError, match="is a directory"):
        write_output(str(tmp_path), "new\n", force=True)
    assert leftovers(tmp_path) == []


def test_write_output_refuses_an_existing_file_by_default(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text(OLD, encoding="utf-8")
    with pytest.raises(OutputError, match="exists"):
        write_output(str(target), "new\n")
    assert target.read_text(encoding="utf-8") == OLD

"""Nothing lost: outputs are written atomically, never over an input, never over a file unasked."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hostile_files import ROOT, tei

import revdiff.cli.common as common
from conftest import require
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


# -o FILE --force: what is at FILE decides what is written


def test_force_writes_through_a_symlink_and_keeps_the_link(
    sources: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = sources
    real = tmp_path / "real.txt"
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    result = CliRunner().invoke(cli, ["diff", str(a), str(b), "-o", str(link), "--force"])
    assert result.exit_code == 1, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") != OLD
    assert leftovers(tmp_path) == []


def _socket_at(path: Path) -> Path:
    import socket

    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()
    return path


@pytest.mark.parametrize("kind", ["fifo", "socket", "device", "directory"])
def test_force_never_replaces_what_is_not_a_regular_file(
    sources: tuple[Path, Path], tmp_path: Path, kind: str
) -> None:
    a, b = sources
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif kind == "socket":
        target = _socket_at(tmp_path / "sock")
    elif kind == "device":
        # A null device of its own: never /dev/null itself, which a faulty rename
        # (as root) would replace for the whole machine.
        target = tmp_path / "null"
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            require(False, "making a device node needs root (CI runs as root)")
    else:
        target = tmp_path / "folder"
        target.mkdir()
    before = os.lstat(target).st_mode
    link = tmp_path / "to-it"
    link.symlink_to(target)
    for path in (target, link):  # directly, and through a symlink
        result = CliRunner().invoke(cli, ["diff", str(a), str(b), "-o", str(path), "--force"])
        assert result.exit_code == 2, (kind, result.output)
        assert "is a" in result.stderr, result.stderr
        if kind != "directory":  # that one click's own check of -o refuses, in its words
            assert result.stderr.count("\n") == 1, result.stderr
    assert os.lstat(target).st_mode == before
    assert leftovers(tmp_path) == []


def test_force_keeps_the_mode_of_the_file_it_replaces(
    sources: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = sources
    target = tmp_path / "private.txt"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o600)
    assert run("diff", str(a), str(b), "-o", str(target), "--force").exit_code == 1
    assert target.read_text(encoding="utf-8") != OLD
    assert target.stat().st_mode & 0o7777 == 0o600


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_file_gets_the_mode_the_umask_allows(
    sources: tuple[Path, Path], tmp_path: Path, umask: int
) -> None:
    a, b = sources
    target = tmp_path / f"new-{umask:o}.txt"
    old = os.umask(umask)
    try:
        assert run("diff", str(a), str(b), "-o", str(target)).exit_code == 1
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o7777 == 0o666 & ~umask


# A signal during a single write: the temporary file goes, the old file stays

SLOW_WRITE = """
import os, sys, time
from revdiff.cli import common
def slow(fd):  # the data is in the temporary file, not yet in place
    sys.stderr.write("writing\\n")
    sys.stderr.flush()
    time.sleep(60)
common.os.fsync = slow
sys.argv = ["revdiff", *sys.argv[1:]]
from revdiff.cli import run
run()
"""


@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)],
)
def test_a_signal_during_a_write_removes_the_temporary_file(
    sources: tuple[Path, Path], tmp_path: Path, signum: int, code: int
) -> None:
    a, b = sources
    out = tmp_path / "out"
    out.mkdir()
    target = out / "big.json"
    target.write_text(OLD, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITE, "diff", str(a), str(b), "-f", "json"]
        + ["-o", str(target), "--force"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    try:
        assert proc.stderr.readline() == "writing\n"
        assert len(leftovers(out)) == 1  # the temporary file, being written
        proc.send_signal(signum)
        rest = proc.stderr.read()
        assert proc.wait(timeout=10) == code
    finally:
        proc.kill()
    assert "Traceback" not in rest and rest == "", rest
    assert leftovers(out) == []
    assert target.read_text(encoding="utf-8") == OLD

"""``revdiff batch`` replaces nothing it was not asked to, and stops when told to.

- Outputs stay inside the output folder; none may be a source of the run:
  refused with exit 2 before any work.
- An existing file the batch did not write (not in its record, or changed
  since) is left alone unless ``--force``.
- Ctrl-C or SIGTERM stop a run within 2 s: finished outputs stay, no partial
  or temporary file, a summary, exit 130 or 143. Workers die with their
  parent, even one killed with SIGKILL. These run real processes and send
  real signals.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import ROOT
from revdiff.batch import RECORD
from revdiff.cli import cli


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "A", tmp_path / "B"
    for folder, text in ((a, "one two three\n"), (b, "one four three\n")):
        folder.mkdir()
        (folder / "doc.txt").write_text(text, encoding="utf-8")
        (folder / "other.txt").write_text(text.upper(), encoding="utf-8")
    return a, b


def assert_refused_before_work(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("revdiff: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert result.stdout == ""  # no summary: nothing was done


def test_an_output_folder_that_is_a_source_folder_is_refused(pair: tuple[Path, Path]) -> None:
    a, b = pair
    before = files(a)
    result = invoke(str(a), str(b), "-o", str(a), "--a-layer", "base")
    assert_refused_before_work(result, "doc.txt", "is a source of this batch")
    assert files(a) == before  # the user's own files, untouched


def test_a_manifest_output_that_is_another_lines_source_is_refused(tmp_path: Path) -> None:
    for name in ("x.txt", "y.txt", "z.txt"):
        (tmp_path / name).write_text(f"{name} text\n", encoding="utf-8")
    manifest = tmp_path / "m.tsv"
    # The first line is fine on its own; the second writes over the first's source.
    manifest.write_text("x.txt\ty.txt\tout/xy.txt\ny.txt\tz.txt\tx.txt\n", encoding="utf-8")
    before = files(tmp_path)
    result = invoke("--manifest", str(manifest))
    assert_refused_before_work(result, "x.txt", "is a source of this batch")
    assert files(tmp_path) == before and not (tmp_path / "out").exists()


def test_a_manifest_cannot_name_itself_or_the_record(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x\n", encoding="utf-8")
    manifest = tmp_path / "m.tsv"
    manifest.write_text("x.txt\tx.txt\tm.tsv\n", encoding="utf-8")
    assert_refused_before_work(invoke("--manifest", str(manifest)), "is a source")
    manifest.write_text(f"x.txt\tx.txt\t{RECORD}\n", encoding="utf-8")
    assert_refused_before_work(invoke("--manifest", str(manifest)), "not inside the output folder")


@pytest.mark.parametrize("output", ["../escaped.txt", "sub/../../escaped.txt", "ABSOLUTE"])
def test_a_manifest_output_outside_the_output_folder_is_refused(
    tmp_path: Path, output: str
) -> None:
    output = str(tmp_path / "escaped.txt") if output == "ABSOLUTE" else output
    work = tmp_path / "work"
    work.mkdir()
    (work / "x.txt").write_text("x\n", encoding="utf-8")
    manifest = work / "m.tsv"
    manifest.write_text(f"x.txt\tx.txt\tfine.txt\nx.txt\tx.txt\t{output}\n", encoding="utf-8")
    result = invoke("--manifest", str(manifest), "-o", str(work / "out"))
    assert_refused_before_work(result, "m.tsv:2:", "not inside the output folder")
    assert not (tmp_path / "escaped.txt").exists() and not (work / "out").exists()


def test_a_symlink_in_the_output_folder_cannot_lead_outside(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = pair
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "doc.txt").symlink_to(elsewhere / "doc.txt")
    result = invoke(str(a), str(b), "-o", str(out), "--force")
    assert_refused_before_work(result, "doc.txt", "outside the output folder")
    assert list(elsewhere.iterdir()) == []


def test_a_hard_link_to_a_source_is_refused(pair: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = pair
    out = tmp_path / "out"
    out.mkdir()
    os.link(b / "doc.txt", out / "doc.txt")
    result = invoke(str(a), str(b), "-o", str(out), "--force")
    assert_refused_before_work(result, "doc.txt", "is a source of this batch")
    assert (b / "doc.txt").read_text(encoding="utf-8") == "one four three\n"


def test_a_file_the_batch_did_not_write_is_left_alone(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = pair
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "doc.txt"
    mine.write_text("my own notes\n", encoding="utf-8")
    result = invoke(str(a), str(b), "-o", str(out), "-j", "1")
    assert result.exit_code == 2
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    assert (out / "other.txt").is_file()  # the other item is done
    assert result.stdout.splitlines()[-1] == "1 written, 0 up to date, 0 failed, 1 not replaced"
    assert result.stderr == (
        f"revdiff: {mine}: exists, and this batch did not write it; left alone "
        "(--force replaces it)\n"
    )
    # Once the batch's own, a later run redoes it when due, and leaves it when up to date.
    forced = invoke(str(a), str(b), "-o", str(out), "-j", "1", "--force")
    assert forced.exit_code == 0 and mine.read_text(encoding="utf-8") != "my own notes\n"
    again = invoke(str(a), str(b), "-o", str(out), "-j", "1")
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == "0 written, 2 up to date, 0 failed"


def test_an_output_edited_since_the_batch_wrote_it_is_left_alone(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = pair
    out = tmp_path / "out"
    assert invoke(str(a), str(b), "-o", str(out), "-j", "1").exit_code == 0
    edited = out / "doc.txt"
    edited.write_text("corrected by hand, and longer than before\n", encoding="utf-8")
    later = time.time_ns() - 10**9
    os.utime(a / "doc.txt", ns=(later + 5 * 10**9, later + 5 * 10**9))  # the input is newer
    result = invoke(str(a), str(b), "-o", str(out), "-j", "1")
    assert result.exit_code == 2
    assert edited.read_text(encoding="utf-8") == "corrected by hand, and longer than before\n"


# Signals: real processes, real signals

VOCABULARY = [f"w{i}" for i in range(300)]


def slow_batch(tmp_path: Path, quick: int = 2, slow: int = 3) -> tuple[Path, Path, Path]:
    """Folders with ``quick`` pairs done at once and ``slow`` pairs of seconds each."""
    a, b, out = tmp_path / "A", tmp_path / "B", tmp_path / "out"
    a.mkdir()
    b.mkdir()
    r = random.Random(7)
    for n in range(quick):
        (a / f"a{n}.txt").write_text("one two three\n", encoding="utf-8")
        (b / f"a{n}.txt").write_text("one four three\n", encoding="utf-8")
    for n in range(slow):  # unrelated texts of 200,000 words: seconds to align
        for folder in (a, b):
            words = " ".join(r.choice(VOCABULARY) for _ in range(200_000))
            (folder / f"z{n}.txt").write_text(words + "\n", encoding="utf-8")
    return a, b, out


def start(a: Path, b: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "revdiff", "batch", str(a), str(b), "-o", str(out), "-f", "json"]
        + ["-j", "2", *extra],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell job has
    )


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition: object, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def working(proc: subprocess.Popen[bytes], out: Path, quick: int) -> set[int]:
    """Wait until the quick outputs are written and two workers are at the slow ones."""
    wait_for(lambda: all((out / f"a{n}.json").exists() for n in range(quick)))
    wait_for(lambda: len(descendants(proc.pid)) >= 2)  # the two workers
    time.sleep(0.5)  # the slow items under way
    return descendants(proc.pid)


@pytest.mark.parametrize(
    ("signum", "code", "group"),
    [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, False), (signal.SIGHUP, 129, False)],
)
def test_a_signal_stops_a_batch_within_two_seconds(
    tmp_path: Path, signum: int, code: int, group: bool
) -> None:
    a, b, out = slow_batch(tmp_path)
    proc = start(a, b, out)
    try:
        workers = working(proc, out, 2)
        sent = time.monotonic()
        if group:  # Ctrl-C: the terminal signals the whole foreground group
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == code, stderr
    assert took < 2.0, took
    assert stderr == b"", stderr.decode()  # no traceback, no complaint from a worker
    summary = stdout.decode().splitlines()
    assert (
        summary[-1].startswith("2 written, 0 up to date, 0 failed, ") and "stopped" in summary[-1]
    )
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert written[:2] == ["a0.json", "a1.json"]
    for name in written:  # whole outputs only, none half-written
        json.loads((out / name).read_text(encoding="utf-8"))
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    wait_for(lambda: not any(alive(w) for w in workers), 5.0)


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    a, b, out = slow_batch(tmp_path)
    proc = start(a, b, out)
    try:
        workers = working(proc, out, 2)
        assert workers
        os.kill(proc.pid, signal.SIGKILL)  # no clean-up of its own
        proc.wait(timeout=10)
        # No worker holds the pipes open: both reach their end.
        assert proc.stdout is not None and proc.stderr is not None
        deadline = time.monotonic() + 5
        for stream in (proc.stdout, proc.stderr):
            ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, "a worker still holds the batch's pipe"
            stream.read()
        wait_for(lambda: not any(alive(w) for w in workers), 5.0)
    finally:
        for w in descendants(proc.pid):
            os.kill(w, signal.SIGKILL)
        proc.stdout and proc.stdout.close()
        proc.stderr and proc.stderr.close()


def test_a_worker_killed_fails_its_items_and_the_batch_ends(tmp_path: Path) -> None:
    # The kernel's OOM killer, say: the items left fail, each on one line; no traceback.
    a, b, out = slow_batch(tmp_path)
    proc = start(a, b, out)
    try:
        workers = working(proc, out, 2)
        os.kill(max(workers), signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 2, stderr
    assert b"Traceback" not in stderr
    lines = stderr.decode().splitlines()
    assert lines and all(line.startswith("revdiff: ") for line in lines), lines
    assert any("worker process died" in line for line in lines), lines
    summary = stdout.decode().splitlines()[-1]
    assert summary.startswith("2 written, 0 up to date, ") and summary.endswith(
        f"{len(lines)} failed"
    )

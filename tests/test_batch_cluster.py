"""``revdiff batch --scheduler``: the items on a real Dask cluster, here on loopback.

A scheduler and two worker processes (``LocalCluster(processes=True)``) do
the work; the outputs must be the same, byte for byte, as a local run's, and
up-to-date outputs are skipped, failures counted and the exit status set as
locally. A scheduler that cannot be reached is one line and exit 2, and
nothing is done on this machine instead.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from test_batch import TEXTS
from test_batch_safety import slow_batch, wait_for

from conftest import ROOT, TEI_DIR, require
from revdiff.cli import cli


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    try:
        from distributed import LocalCluster
    except ImportError:
        require(False, "distributed is not installed (pip install -e '.[test]')")
        raise
    cluster: Any = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=50,
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "A", tmp_path / "B"
    a.mkdir()
    b.mkdir()
    for name, (text_a, text_b) in TEXTS.items():
        (a / name).write_text(text_a, encoding="utf-8")
        (b / name).write_text(text_b, encoding="utf-8")
    for layer_file in ("draft.xml",):  # a TEI file too: its layers, read on the workers
        (a / layer_file).write_bytes((TEI_DIR / layer_file).read_bytes())
        (b / layer_file).write_bytes((TEI_DIR / "telegram.xml").read_bytes())
    return a, b


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


@pytest.mark.parametrize("format_", ["json", "html", "tei"])
def test_the_cluster_writes_what_a_local_run_writes(
    scheduler: str, folders: tuple[Path, Path], tmp_path: Path, format_: str
) -> None:
    a, b = folders
    local, remote = tmp_path / "local", tmp_path / "dasks"  # names of one length: one layout
    common = ["-f", format_, "--a-layer", "base"]
    here = invoke(str(a), str(b), "-o", str(local), *common, "-j", "1")
    there = invoke(str(a), str(b), "-o", str(remote), *common, "--scheduler", scheduler)
    assert here.exit_code == there.exit_code == 0, there.output
    assert outputs(remote) == outputs(local) and len(outputs(local)) == 4
    # The same summary, but for the folder's name.
    assert there.stdout.replace(str(remote), "OUT") == here.stdout.replace(str(local), "OUT")


def test_resume_failures_and_exit_status_as_locally(
    scheduler: str, folders: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = folders
    out = tmp_path / "out"
    first = invoke(str(a), str(b), "-o", str(out), "--scheduler", scheduler)
    assert first.stdout.splitlines()[-1] == "4 written, 0 up to date, 0 failed"
    again = invoke(str(a), str(b), "-o", str(out), "--scheduler", scheduler)
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == "0 written, 4 up to date, 0 failed"
    (a / "broken.xml").write_text("<TEI><text>", encoding="utf-8")
    (b / "broken.xml").write_text("<TEI><text></text></TEI>", encoding="utf-8")
    third = invoke(str(a), str(b), "-o", str(out), "--scheduler", scheduler, "-f", "json")
    assert third.exit_code == 2
    assert third.stdout.splitlines()[-1] == "4 written, 0 up to date, 1 failed"
    errors = third.stderr.splitlines()
    assert len(errors) == 1 and "broken.xml:1:" in errors[0] and "malformed XML" in errors[0]
    document = json.loads((out / "one.json").read_text(encoding="utf-8"))
    assert "".join(s["b"] for s in document["segments"]) == TEXTS["one.txt"][1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_an_unreachable_scheduler_is_one_line_and_exit_2(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    # Without distributed the message names the extra to install instead.
    require(importlib.util.find_spec("distributed") is not None, "distributed is not installed")
    a, b = folders
    out = tmp_path / "out"
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    result = invoke(
        str(a), str(b), "-o", str(out), "--scheduler", address, "--scheduler-timeout", "2"
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"revdiff: cannot reach the Dask scheduler at {address}: ")
    assert result.stdout == "" and not out.exists()  # never a quiet run on this machine


def test_jobs_and_a_scheduler_together_are_refused(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = folders
    result = CliRunner().invoke(
        cli, ["batch", str(a), str(b), "-o", str(tmp_path / "o"), "-j", "2", "--scheduler", "x"]
    )
    assert result.exit_code == 2 and "not both" in result.stderr
    assert not (tmp_path / "o").exists()


def test_ctrl_c_stops_a_batch_on_the_cluster_as_locally(scheduler: str, tmp_path: Path) -> None:
    a, b, out = slow_batch(tmp_path, quick=2, slow=1)
    proc = subprocess.Popen(
        [sys.executable, "-m", "revdiff", "batch", str(a), str(b), "-o", str(out), "-f", "json"]
        + ["--scheduler", scheduler],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_for(lambda: all((out / f"a{n}.json").exists() for n in range(2)))
        time.sleep(0.5)  # the slow item under way on a worker
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole group
        stdout, stderr = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        # Dask cannot interrupt a task under way: the slow item runs on to its end on
        # its worker (its result dropped). Restart the workers, for the tests after.
        from distributed import Client

        with Client(scheduler, set_as_default=False) as client:
            client.restart()
    assert proc.returncode == 130, stderr
    assert took < 2.0, took
    assert stderr == b"", stderr.decode()
    assert (
        stdout.decode().splitlines()[-1].startswith("2 written, 0 up to date, 0 failed, 1 stopped")
    )
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "a0.json",
        "a1.json",
    ]

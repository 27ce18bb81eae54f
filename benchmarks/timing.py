"""Measuring: commands timed in child processes, in turn, with their peak memory;
the edits each tool reports and the minimal reference they are held against."""

from __future__ import annotations

import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float  # wall
    peak_mb: float | None
    status: int
    cpu: float | None = None  # user + system: what contention for the cores does not inflate


@dataclass(frozen=True, slots=True)
class Timing:
    """The runs of one measure: the fastest and the median wall time, the median CPU
    time, the highest peak."""

    runs: tuple[Run, ...]

    @property
    def min(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float | None:
        cpu = [r.cpu for r in self.runs if r.cpu is not None]
        return statistics.median(cpu) if cpu else None

    @property
    def peak_mb(self) -> float | None:
        peaks = [r.peak_mb for r in self.runs if r.peak_mb is not None]
        return max(peaks) if peaks else None


def paired_ratio(x: Timing, y: Timing) -> tuple[float, float]:
    """x's time over y's, run by run (the k-th run of each, taken in the same round):
    the lowest and the median."""
    ratios = [r.seconds / s.seconds for r, s in zip(x.runs, y.runs, strict=True)]
    return min(ratios), statistics.median(ratios)


CHILD_ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
}
# An installed revdiff has its bytecode compiled (pip does it); so does the
# checkout's once a child has run, unless the environment forbids writing it.


def run_child(argv: Sequence[str], cwd: Path | None = None) -> Run:
    """Run a command, its output thrown away; wall time and the child's peak memory.

    The peak is measured by /usr/bin/time where it exists: a child forked
    from this process would count this process's own memory as its peak
    (Linux keeps the high-water mark across exec).
    """
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        errors_file = Path(scratch) / "errors"
        wrapped = list(argv)
        if TIME:
            wrapped = [TIME, "-f", "%M %U %S", "-o", str(peak_file), *argv]
        with errors_file.open("wb") as errors:
            start = time.perf_counter()
            process = subprocess.Popen(
                wrapped, cwd=cwd, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=errors
            )
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # diff(1)'s "no differences" and "differences"
            message = errors_file.read_text(errors="replace")
            raise RuntimeError(f"{' '.join(argv)}: exit {code}: {message}")
        if TIME:  # the last line: time(1) may first say "Command exited with non-zero status"
            peak_kb, user, system = map(float, peak_file.read_text().splitlines()[-1].split())
        else:
            peak_kb, user, system = usage.ru_maxrss, usage.ru_utime, usage.ru_stime
    return Run(seconds, peak_kb / 1024, code, user + system)  # Linux: KiB


def timed(argv: Sequence[str], repeat: int, cwd: Path | None = None) -> Timing:
    return Timing(tuple(run_child(argv, cwd) for _ in range(repeat)))


def interleaved(commands: dict[str, Sequence[str]], repeat: int) -> dict[str, Timing]:
    """Each command run once a round, in turn, for ``repeat`` rounds (A B C A B C ...).

    On a shared machine the load drifts; commands timed in turn see the same
    drift, so the ratio of two taken in the same round holds where the
    times themselves do not (see :func:`paired_ratio`).
    """
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            runs[name].append(run_child(argv))
    return {name: Timing(tuple(r)) for name, r in runs.items()}


def timed_call(call: Callable[[], object], repeat: int) -> Timing:
    """Wall and CPU seconds of a call in this process (no peak: it is this process's)."""
    runs = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        runs.append(Run(time.perf_counter() - start, None, 0, time.process_time() - start_cpu))
    return Timing(tuple(runs))


def revdiff_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "revdiff", *args]


def git_cmd(a: Path, b: Path) -> list[str]:
    return ["git", "diff", "--no-index", "--word-diff=porcelain", str(a), str(b)]


def git_edits(a: Path, b: Path) -> int:
    """Words on git's porcelain ``-`` and ``+`` lines (after the hunk header)."""
    out = subprocess.run(git_cmd(a, b), capture_output=True, text=True, check=False).stdout
    count, in_hunk = 0, False
    for line in out.split("\n"):
        if line.startswith("@@"):
            in_hunk = True
        elif line.startswith("diff --git"):
            in_hunk = False
        elif in_hunk and line[:1] in ("-", "+"):
            count += len(line[1:].split())
    return count


def wdiff_edits(a: Path, b: Path) -> int:
    out = subprocess.run(["wdiff", str(a), str(b)], capture_output=True, text=True).stdout
    marked = re.findall(r"\[-(.*?)-\]|\{\+(.*?)\+\}", out, flags=re.DOTALL)
    return sum(len((d or i).split()) for d, i in marked)


DIFFLIB_CHILD = """
import difflib, sys
a = open(sys.argv[1], encoding="utf-8").read().split()
b = open(sys.argv[2], encoding="utf-8").read().split()
m = difflib.SequenceMatcher(None, a, b, autojunk=False)
print(sum((i2 - i1) + (j2 - j1) for op, i1, i2, j1, j2 in m.get_opcodes() if op != "equal"))
"""


def speedups_built() -> bool:
    from revdiff import tokenize

    return tokenize.speedups is not None


@contextlib.contextmanager
def without_speedups() -> Iterator[None]:
    """revdiff's Python path in this process: its optional C loops set aside."""
    from revdiff import align, tokenize

    saved = tokenize.speedups, align.speedups
    tokenize.speedups = align.speedups = None
    try:
        yield
    finally:
        tokenize.speedups, align.speedups = saved


def changed(segments: Sequence[object]) -> int:
    """Tokens deleted plus tokens inserted by an alignment's segments."""
    from revdiff.model import Op, Segment

    return sum(
        (s.a_end - s.a_start) + (s.b_end - s.b_start)
        for s in segments
        if isinstance(s, Segment) and s.op is not Op.EQUAL
    )


def revdiff_edits(a: Path, b: Path, cli: bool = True) -> tuple[int, int]:
    """Edits in revdiff's JSON output (cleaned up; -1 without ``cli``), and of the raw alignment."""
    import revdiff
    from revdiff.align import align_raw

    cleaned = -1
    if cli:
        out = subprocess.run(
            revdiff_cmd("diff", str(a), str(b), "--format", "json"),
            capture_output=True,
            check=False,
            env=CHILD_ENV,
        ).stdout
        stats = json.loads(out)["stats"]
        cleaned = stats["tokens_deleted"] + stats["tokens_inserted"]
    wa, wb = revdiff.read(str(a)), revdiff.read(str(b))
    return cleaned, changed(align_raw(wa.keys, wb.keys))


def minimal_edits(a: Sequence[str], b: Sequence[str]) -> int | None:
    """Tokens deleted plus inserted by a minimal alignment of two sequences of keys.

    diff-match-patch on the keys alone, as one stretch: no lines, no
    anchors, no time-out, so Myers' algorithm, whose diff is minimal. Only
    with fast-diff-match-patch (C++): in Python a million words would take
    hours. None without it.
    """
    from revdiff import align

    if align.accelerator is None:
        return None
    return changed(align.align_raw(tuple(a), tuple(b), direct_limit=sys.maxsize))


def minimal_references(a: Path, b: Path) -> tuple[int | None, int | None]:
    """The minimal edits of revdiff's tokens (their keys), and of words split at white space
    (git's and wdiff's words)."""
    import revdiff

    wa, wb = revdiff.read(str(a)), revdiff.read(str(b))
    tokens = minimal_edits(wa.keys, wb.keys)
    del wa, wb
    text_a, text_b = a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")
    return tokens, minimal_edits(text_a.split(), text_b.split())

"""How fast and how exact revdiff is, beside git, wdiff and difflib, in one run.

    python benchmarks/run.py                      # 1k, 10k, 100k, 1M words
    python benchmarks/run.py --sizes 1k,10k --quick

The script generates pairs of texts (Cyrillic and Latin; seeded, so every
run compares the same texts), then times, side by side and as medians:

- ``revdiff diff A B --format json`` end to end: a child process started with
  ``sys.executable -m revdiff``, its output thrown away;
- the library call alone, in this process: ``revdiff.read`` of both files and
  ``revdiff.diff``; and again with revdiff's optional C loops
  (``revdiff._speedups``) set aside, the Python path a machine without a C
  compiler runs ("lib, no C");
- ``git diff --no-index --word-diff=porcelain``; ``wdiff`` (where installed);
  difflib's ``SequenceMatcher`` (autojunk off) on words, at the sizes where it
  ends in reasonable time (others are shown as skipped).

and prints, for each, the median time, its ratio to git and to wdiff, the
edits it found and the peak memory of the child process (``ru_maxrss``).
The children may write their bytecode (an installed revdiff has it compiled),
even where PYTHONDONTWRITEBYTECODE is set for this process.

Counting edits. An edit count is words deleted plus words inserted, the way
git's porcelain output shows them: the words of its ``-`` and ``+`` lines.
git's word diff splits on white space, while revdiff makes a punctuation mark
a token of its own; so that the two counts mean the same thing, the generated
texts have no punctuation: sentences are lines, paragraphs are separated by a
blank line, and every edit is a whole word (a word replaced, deleted or
inserted, or a whole sentence moved to another paragraph), about 1% of the
words. Each tool's count comes from its own output: revdiff's from its JSON
statistics (after its clean-up, which folds short equal runs between changes
into one replacement and so can only count more) and, for the library row,
from :func:`revdiff.align.align_raw` (the alignment before that clean-up,
the one to compare with git); wdiff's from its ``[-...-]`` and ``{+...+}``
marks; difflib's from its opcodes. Equal counts show that the diffs are
equally small (git's, revdiff's and difflib's are minimal on these texts).

It also times the CLI's start-up (``revdiff --version``; ``revdiff diff
tei/draft.xml#base tei/draft.xml#final``), an HTML view of a 100k-word pair,
a 3-witness collation of 100k words, reading a generated 10 MB TEI file
(paragraphs with del, add and subst) into its base and final layers, the
diff of those two layers end to end, and the same diff on the seed draft
repeated to 10 MB (no word unique: the aligner's hardest case), and ends
with the targets of issue 6, met or not.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import re
import shutil
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

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
SCRIPTS = {"cyrillic": "абвгдежзийклмнопрстуфхцчшщыэюя", "latin": "abcdefghijklmnopqrstuvwxyz"}
DIFFLIB_MAX_WORDS = 10_000
TIME = (
    "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
)  # SequenceMatcher is quadratic on repeated words: minutes at 100k


# --- texts ------------------------------------------------------------------


def _vocabulary(letters: str, size: int, rng: random.Random) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choice(letters) for _ in range(rng.randint(1, 10)))] = None
    return list(words)


def make_pair(words: int, script: str, seed: int = 6, variant: int = 0) -> tuple[str, str]:
    """Two versions of a text of ``words`` words, the second with about 1% of its words edited.

    Words follow Zipf's law over a vocabulary of a tenth of the text's length
    (so frequent words repeat a lot and rare ones occur once, as in prose);
    sentences of 5 to 20 words are lines, six make a paragraph. The edits:
    whole sentences moved to another paragraph (a fifth of the edited words),
    words replaced (two fifths), deleted and inserted (a fifth each).
    ``variant`` gives another second version of the same first one.
    """
    rng = random.Random(f"{seed}-{script}-{words}")
    vocabulary = _vocabulary(SCRIPTS[script], max(1000, min(60_000, words // 10)), rng)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    stream = rng.choices(vocabulary, cum_weights=weights, k=words)
    sentences: list[list[str]] = []
    i = 0
    while i < len(stream):
        n = rng.randint(5, 20)
        sentences.append(stream[i : i + n])
        i += n
    a = [sentences[k : k + 6] for k in range(0, len(sentences), 6)]
    b = [[list(s) for s in p] for p in a]
    rng = random.Random(f"{seed}-{script}-{words}-edits-{variant}")
    budget = max(10, words // 100)

    def sentence() -> list[str]:
        paragraph = b[rng.randrange(len(b))]
        return paragraph[rng.randrange(len(paragraph))]

    moved = 0
    while moved < budget // 5:
        source = b[rng.randrange(len(b))]
        if len(source) < 2:
            continue
        s = source.pop(rng.randrange(len(source)))
        target = b[rng.randrange(len(b))]
        target.insert(rng.randrange(len(target) + 1), s)
        moved += 2 * len(s)
    for _ in range(budget * 2 // 5):
        s = sentence()
        s[rng.randrange(len(s))] = rng.choice(vocabulary)
    for _ in range(budget // 5):
        s = sentence()
        if len(s) > 1:
            del s[rng.randrange(len(s))]
    for _ in range(budget // 5):
        s = sentence()
        s.insert(rng.randrange(len(s) + 1), rng.choice(vocabulary))

    def text(paragraphs: list[list[list[str]]]) -> str:
        return "\n\n".join("\n".join(" ".join(s) for s in p) for p in paragraphs if p) + "\n"

    return text(a), text(b)


def make_tei(target_bytes: int, seed: int = 6) -> str:
    """A TEI document of about ``target_bytes``: paragraphs with del, add and subst."""
    rng = random.Random(f"{seed}-tei")
    vocabulary = _vocabulary(SCRIPTS["cyrillic"], 20_000, rng)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ru"><teiHeader><fileDesc>'
        "<titleStmt><title>Benchmark</title></titleStmt>"
        "<publicationStmt><p>Generated by benchmarks/run.py</p></publicationStmt>"
        "<sourceDesc><p>Random words.</p></sourceDesc></fileDesc></teiHeader>\n"
        '<text><body><div type="section" n="1">\n'
    )
    parts = [head]
    size = len(head.encode())
    while size < target_bytes:
        words = rng.choices(vocabulary, cum_weights=weights, k=rng.randint(40, 120))
        out: list[str] = []
        for w in words:
            r = rng.random()
            if r < 0.01:
                out.append(f"<del>{w}</del>")
            elif r < 0.02:
                out.append(f"<add>{w}</add>")
            elif r < 0.03:
                out.append(f"<subst><del>{w}</del><add>{rng.choice(vocabulary)}</add></subst>")
            else:
                out.append(w)
        paragraph = "<p>" + " ".join(out) + "</p>\n"
        parts.append(paragraph)
        size += len(paragraph.encode())
    parts.append("</div></body></text></TEI>\n")
    return "".join(parts)


def make_repeated_tei(target_bytes: int) -> str:
    """The seed draft's body repeated to about ``target_bytes``, its ``xml:id`` made unique.

    Every word occurs in every copy, so no word and no run of words is
    unique: the hardest case for an anchored aligner (its base and final
    layers took minutes to diff before rank anchors).
    """
    draft = (ROOT / "tei" / "draft.xml").read_text(encoding="utf-8")
    start = draft.index("<body>") + len("<body>")
    end = draft.index("</body>")
    body = draft[start:end]
    ids = re.findall(r'xml:id="([^"]+)"', body)

    def copy(k: int) -> str:
        text = body
        for i in ids:
            text = text.replace(f'xml:id="{i}"', f'xml:id="{i}-{k}"')
            text = text.replace(f'"#{i}"', f'"#{i}-{k}"')
        return text

    copies = max(1, target_bytes // len(body.encode()))
    return draft[:start] + "".join(copy(k) for k in range(copies)) + draft[end:]


# --- measuring --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float  # wall
    peak_mb: float | None
    status: int
    cpu: float | None = None  # user + system: what contention for the cores does not inflate


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


def median_run(argv: Sequence[str], repeat: int, cwd: Path | None = None) -> Run:
    runs = [run_child(argv, cwd) for _ in range(repeat)]
    return Run(
        statistics.median(r.seconds for r in runs),
        max(r.peak_mb or 0 for r in runs),
        runs[0].status,
        statistics.median(r.cpu or 0 for r in runs),
    )


def median_call(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of a call in this process."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), statistics.median(cpu)


def revdiff_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "revdiff", *args]


def git_edits(a: Path, b: Path) -> int:
    """Words on git's porcelain ``-`` and ``+`` lines (after the hunk header)."""
    out = subprocess.run(
        ["git", "diff", "--no-index", "--word-diff=porcelain", str(a), str(b)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
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


def revdiff_edits(a: Path, b: Path, cli: bool = True) -> tuple[int, int]:
    """Edits in revdiff's JSON output (cleaned up; -1 without ``cli``), and of the raw alignment."""
    import revdiff
    from revdiff.align import align_raw
    from revdiff.model import Op

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
    raw = sum(
        (s.a_end - s.a_start) + (s.b_end - s.b_start)
        for s in align_raw(wa.keys, wb.keys)
        if s.op is not Op.EQUAL
    )
    return cleaned, raw


# --- the run ----------------------------------------------------------------


@dataclass
class Row:
    size: str
    script: str
    tool: str
    seconds: float | None
    edits: str
    peak_mb: float | None
    note: str = ""
    cpu: float | None = None


def fmt_s(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def fmt_ratio(x: float | None, base: float | None) -> str:
    return "-" if x is None or not base else f"{x / base:.2f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k,100k,1m", help="comma-separated: 1k,10k,100k,1m")
    parser.add_argument("--scripts", default="cyrillic,latin")
    parser.add_argument("--quick", action="store_true", help="one run per measure, not five")
    parser.add_argument("--repeat", type=int, default=None, help="runs per measure (median)")
    parser.add_argument(
        "--keep", type=Path, default=None, help="write the texts here and keep them"
    )
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 5)
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}: one of {', '.join(SIZES)}")
    scripts = [s.strip() for s in args.scripts.split(",")]
    have_wdiff = shutil.which("wdiff") is not None
    have_git = shutil.which("git") is not None

    import revdiff

    work = args.keep or Path(tempfile.mkdtemp(prefix="revdiff-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"revdiff {revdiff.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(
        "revdiff's C loops (revdiff._speedups): "
        + ("built" if speedups_built() else "not built: the Python path throughout")
    )
    print(f"medians of {repeat} run(s); texts in {work}\n", flush=True)

    rows: list[Row] = []
    results: dict[tuple[str, str, str], Row] = {}
    for size in sizes:
        for script in scripts:
            a_text, b_text = make_pair(SIZES[size], script)
            a, b = work / f"{script}-{size}-a.txt", work / f"{script}-{size}-b.txt"
            a.write_text(a_text, encoding="utf-8")
            b.write_text(b_text, encoding="utf-8")
            del a_text, b_text
            reps = repeat if SIZES[size] < 1_000_000 else max(1, min(repeat, 3))

            def add(row: Row) -> None:
                rows.append(row)
                results[(row.size, row.script, row.tool)] = row
                print(
                    f"  {row.size:>5} {row.script:<8} {row.tool:<16} {fmt_s(row.seconds):>8} s"
                    f"  edits {row.edits}",
                    flush=True,
                )

            cleaned, raw = revdiff_edits(a, b)
            e2e = median_run(revdiff_cmd("diff", str(a), str(b), "--format", "json"), reps)
            add(
                Row(
                    size,
                    script,
                    "revdiff (CLI)",
                    e2e.seconds,
                    str(cleaned),
                    e2e.peak_mb,
                    cpu=e2e.cpu,
                )
            )

            def library(a: Path = a, b: Path = b) -> None:
                revdiff.diff(revdiff.read(str(a)), revdiff.read(str(b)))

            wall, cpu = median_call(library, reps)
            add(Row(size, script, "revdiff (library)", wall, str(raw), None, cpu=cpu))
            if speedups_built():
                with without_speedups():
                    wall, cpu = median_call(library, reps)
                    _, raw_python = revdiff_edits(a, b, cli=False)
                add(Row(size, script, "revdiff (lib, no C)", wall, str(raw_python), None, cpu=cpu))
            if have_git:
                run = median_run(
                    ["git", "diff", "--no-index", "--word-diff=porcelain", str(a), str(b)], reps
                )
                add(
                    Row(
                        size,
                        script,
                        "git word-diff",
                        run.seconds,
                        str(git_edits(a, b)),
                        run.peak_mb,
                        cpu=run.cpu,
                    )
                )
            if have_wdiff:
                run = median_run(["wdiff", str(a), str(b)], reps)
                edits = str(wdiff_edits(a, b))
                add(Row(size, script, "wdiff", run.seconds, edits, run.peak_mb, cpu=run.cpu))
            if SIZES[size] <= DIFFLIB_MAX_WORDS:
                argv = [sys.executable, "-c", DIFFLIB_CHILD, str(a), str(b)]
                run = median_run(argv, reps)
                edits = subprocess.run(argv, capture_output=True, text=True, check=False)
                edits = edits.stdout.strip()
                add(Row(size, script, "difflib", run.seconds, edits, run.peak_mb, cpu=run.cpu))
            else:
                add(Row(size, script, "difflib", None, "skipped", None, "skipped"))

    print("\n" + table(rows, results))
    print(extras(work, repeat, results, sizes, scripts))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def table(rows: list[Row], results: dict[tuple[str, str, str], Row]) -> str:
    header = (
        "words",
        "script",
        "tool",
        "median s",
        "vs git",
        "vs wdiff",
        "cpu s",
        "cpu vs git",
        "edits",
        "peak MB",
    )
    lines = [header]
    for r in rows:
        git = results.get((r.size, r.script, "git word-diff"))
        wdiff = results.get((r.size, r.script, "wdiff"))
        lines.append(
            (
                r.size,
                r.script,
                r.tool,
                r.note or fmt_s(r.seconds),
                fmt_ratio(r.seconds, git.seconds if git else None),
                fmt_ratio(r.seconds, wdiff.seconds if wdiff else None),
                fmt_s(r.cpu),
                fmt_ratio(r.cpu, git.cpu if git else None),
                r.edits,
                "-" if r.peak_mb is None else f"{r.peak_mb:.0f}",
            )
        )
    widths = [max(len(line[k]) for line in lines) for k in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append(
            "| "
            + " | ".join(
                c.ljust(w) if k < 3 else c.rjust(w)
                for k, (c, w) in enumerate(zip(line, widths, strict=True))
            )
            + " |"
        )
        if n == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def extras(
    work: Path,
    repeat: int,
    results: dict[tuple[str, str, str], Row],
    sizes: list[str],
    scripts: list[str],
) -> str:
    from revdiff.cli import COMMANDS
    from revdiff.render import FORMATTERS

    lines = ["", "| other measure | median s | cpu s | peak MB |", "|---|---|---|---|"]

    def line(name: str, run: Run | None, note: str = "") -> None:
        if run is None:
            lines.append(f"| {name} | {note or 'n/a'} | - | - |")
        else:
            peak = "-" if run.peak_mb is None else f"{run.peak_mb:.0f}"
            lines.append(f"| {name} | {run.seconds:.3f} | {fmt_s(run.cpu)} | {peak} |")

    line("revdiff --version", median_run(revdiff_cmd("--version"), repeat))
    draft = median_run(
        revdiff_cmd("diff", "tei/draft.xml#base", "tei/draft.xml#final"), repeat, cwd=ROOT
    )
    line("revdiff diff tei/draft.xml#base tei/draft.xml#final", draft)

    a100, b100 = make_pair(100_000, "cyrillic")
    a, b = work / "x-100k-a.txt", work / "x-100k-b.txt"
    a.write_text(a100, encoding="utf-8")
    b.write_text(b100, encoding="utf-8")
    if "html" in FORMATTERS:
        html = work / "x.html"
        line(
            "revdiff diff A B --format html -o x.html (100k words)",
            median_run(
                revdiff_cmd("diff", str(a), str(b), "--format", "html", "-o", str(html), "--force"),
                repeat,
            ),
        )
    else:
        line("revdiff diff A B --format html (100k words)", None, "n/a (no html format)")
    if "collate" in COMMANDS:
        c = work / "x-100k-c.txt"
        c.write_text(make_pair(100_000, "cyrillic", variant=1)[1], encoding="utf-8")
        line(
            "revdiff collate A B C --format json (3 x 100k words)",
            median_run(revdiff_cmd("collate", str(a), str(b), str(c), "--format", "json"), repeat),
        )
    else:
        line("revdiff collate (3 x 100k words)", None, "n/a (no collate command)")

    tei = work / "x-10mb.xml"
    tei.write_text(make_tei(10 * 1024 * 1024), encoding="utf-8")
    reader = (
        "import sys; from revdiff.sources import load_document, parse_spec; "
        "from revdiff.tei import read_layer; doc = load_document(parse_spec(sys.argv[1])); "
        "[read_layer(doc, layer) for layer in ('base', 'final')]"
    )
    line(
        f"read a {tei.stat().st_size / 2**20:.0f} MB TEI file into its base and final layers",
        median_run([sys.executable, "-c", reader, str(tei)], repeat, cwd=ROOT),
    )
    tei_diff = median_run(
        revdiff_cmd("diff", f"{tei}#base", f"{tei}#final", "--format", "json"), repeat
    )
    line(
        f"revdiff diff X#base X#final --format json ({tei.stat().st_size / 2**20:.0f} MB TEI)",
        tei_diff,
    )
    repeated = work / "x-10mb-repeated.xml"
    repeated.write_text(make_repeated_tei(10 * 1024 * 1024), encoding="utf-8")
    line(
        f"the same, on the seed draft repeated to {repeated.stat().st_size / 2**20:.0f} MB",
        median_run(
            revdiff_cmd("diff", f"{repeated}#base", f"{repeated}#final", "--format", "json"), repeat
        ),
    )

    # The targets of issue 6.
    lines += ["", "| target | measured | met |", "|---|---|---|"]

    def target(name: str, measured: str, met: bool | None) -> None:
        verdict = "not measured" if met is None else ("yes" if met else "NO")
        lines.append(f"| {name} | {measured} | {verdict} |")

    for script in scripts:
        cli = results.get(("1m", script, "revdiff (CLI)"))
        git = results.get(("1m", script, "git word-diff"))
        wdiff = results.get(("1m", script, "wdiff"))
        library = results.get(("1m", script, "revdiff (library)"))
        if cli and cli.seconds and wdiff and wdiff.seconds:
            target(
                f"1M words ({script}), end to end: faster than wdiff",
                f"{cli.seconds:.2f} s vs {wdiff.seconds:.2f} s",
                cli.seconds < wdiff.seconds,
            )
        if cli and cli.seconds and git and git.seconds:
            target(
                f"1M words ({script}), end to end: within 4x of git",
                f"{cli.seconds / git.seconds:.1f}x",
                cli.seconds <= 4 * git.seconds,
            )
        if library and git:
            target(
                f"1M words ({script}): git's edit count",
                f"{library.edits} (raw; CLI after clean-up {cli.edits if cli else '-'}) vs {git.edits}",
                library.edits == git.edits,
            )
        if cli and cli.peak_mb:
            target(
                f"1M words ({script}): peak memory under 300 MB",
                f"{cli.peak_mb:.0f} MB",
                cli.peak_mb < 300,
            )
        hundred = results.get(("100k", script, "revdiff (CLI)"))
        if hundred and hundred.seconds:
            target(
                f"100k words ({script}), end to end: under 0.3 s",
                f"{hundred.seconds:.3f} s",
                hundred.seconds < 0.3,
            )
    target(
        "revdiff diff tei/draft.xml#base tei/draft.xml#final: under 0.25 s",
        f"{draft.seconds:.3f} s",
        draft.seconds < 0.25,
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

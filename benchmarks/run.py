"""How fast and how exact revdiff is, beside git, wdiff and difflib, in one run.

    python benchmarks/run.py                      # 1k, 10k, 100k, 1M words; layouts at 100k, 1M
    python benchmarks/run.py --sizes 1k,10k --quick

The script generates pairs of texts (seeded, so every run compares the same
texts), about 1% of the words edited in the second:

- Cyrillic and Latin, a sentence to a line and no punctuation, so that every
  word is a token to git and to revdiff alike (``--sizes``, ``--scripts``);
- Latin with full stops, laid out four ways (``--layouts``, at
  ``--layout-sizes``): wrapped at 72 columns with hyphens at line ends, each
  version wrapped on its own (as transcriptions of printed pages are, so an
  edit moves every line end after it in its paragraph); a paragraph to a
  line; a sentence to a line; the whole text on one line. Their edits also
  move sentences within their paragraphs.

For each pair it times ``revdiff diff A B --format json`` end to end (a
child process, ``sys.executable -m revdiff``, its output thrown away),
``git diff --no-index --word-diff=porcelain`` and ``wdiff`` *in turn*: one
run of each, round after round (A B C A B C ...), after a first run of each
that counts its edits. On a shared machine the load drifts; tools timed in
turn see the same drift, so their ratio taken round by round (the median,
and the lowest) holds where their times do not. It prints each tool's
fastest and median time, those ratios, its CPU time and peak memory (of the
child, by /usr/bin/time). Then the library call alone, in this process
(``revdiff.read`` of both files and ``revdiff.diff``; for the scripts also
with revdiff's C loops set aside, "lib, no C"), and difflib's
``SequenceMatcher`` (autojunk off) on words up to 10k words.

Counting edits. An edit count is words deleted plus words inserted, each
tool in its own words: git's the words of its porcelain ``-`` and ``+``
lines, wdiff's those in its ``[-...-]`` and ``{+...+}`` marks, split at white
space; revdiff's its tokens (a punctuation mark is one, and a word broken at
a line's end three: its two parts and the hyphen), from its JSON statistics
(after its clean-up, which folds short equal runs between changes into one
replacement and so can only count more) and, for the library row, of
:func:`revdiff.align.align_raw` (the alignment before that clean-up). Each
count is set beside the *minimal* one for the same words: diff-match-patch on
the words alone, as one stretch, no lines, no anchors, no time-out (Myers'
algorithm, minimal; only where fast-diff-match-patch is installed, since in
Python a million words would take hours), and the excess over it. On the
Cyrillic and Latin pairs revdiff's, git's and the minimal counts agree.

It also times the CLI's start-up (``revdiff --version``; ``revdiff diff
tei/draft.xml#base tei/draft.xml#final``), an HTML view of a 100k-word pair,
a 3-witness collation of 100k words, reading a generated 10 MB TEI file
(paragraphs with del, add and subst) into its base and final layers, the
diff of those two layers end to end, and the same diff on the seed draft
repeated to 10 MB (no word unique: the aligner's hardest case), and ends
with the targets of issues 6 and 15, met or not. ``--quick`` runs each once,
and the layouts at 100k only.
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


Paragraphs = list[list[list[str]]]  # paragraphs of sentences of words


def make_versions(
    words: int, script: str, seed: int = 6, variant: int = 0, reorder: bool = False
) -> tuple[Paragraphs, Paragraphs]:
    """Two versions of a text of ``words`` words, the second with about 1% of its words edited.

    Words follow Zipf's law over a vocabulary of a tenth of the text's length
    (so frequent words repeat a lot and rare ones occur once, as in prose);
    sentences have 5 to 20 words, six make a paragraph. The edits: whole
    sentences moved to another paragraph (a fifth of the edited words),
    words replaced (two fifths), deleted and inserted (a fifth each).
    ``variant`` gives another second version of the same first one.
    ``reorder`` adds, after those, sentences moved within their paragraph
    (as many words again as moved to another paragraph): crossings near
    each other, where anchoring on the wrong side of one costs edits.
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
    while moved < budget // 5 and len(b) > 1:
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
    moved = 0
    while reorder and moved < budget // 5 and any(len(p) > 2 for p in b):
        paragraph = b[rng.randrange(len(b))]
        if len(paragraph) < 3:
            continue
        s = paragraph.pop(rng.randrange(len(paragraph)))
        paragraph.insert(rng.randrange(len(paragraph) + 1), s)
        moved += 2 * len(s)
    return a, [p for p in b if p]


def make_pair(words: int, script: str, seed: int = 6, variant: int = 0) -> tuple[str, str]:
    """Two versions (:func:`make_versions`) with a sentence to a line and no punctuation.

    Paragraphs are separated by a blank line. Every word is a token to git
    and to revdiff alike, so that their edit counts can be compared.
    """

    def text(paragraphs: Paragraphs) -> str:
        return "\n\n".join("\n".join(" ".join(s) for s in p) for p in paragraphs) + "\n"

    a, b = make_versions(words, script, seed, variant)
    return text(a), text(b)


LAYOUTS = ("wrapped", "paragraph", "sentence", "one-line")
"""How :func:`make_layout` lays the words out: see there."""

WRAP = 72
"""The width of the wrapped layout, in characters."""


def make_layout(words: int, layout: str, seed: int = 6) -> tuple[str, str]:
    """Two versions (:func:`make_versions`, Latin, reordered), sentences ending in a full stop, laid out as:

    - ``wrapped``: each paragraph wrapped at :data:`WRAP` columns, a word
      that does not fit broken with a hyphen at the line's end where at
      least three of its letters fit and three are left (as in a
      transcription of a printed page); paragraphs separated by a blank
      line. Each version is wrapped on its own, so an edit moves the line
      ends after it in its paragraph, and a word broken on one side is
      whole, or broken elsewhere, on the other.
    - ``paragraph``: a paragraph to a line.
    - ``sentence``: a sentence to a line, paragraphs separated by a blank line.
    - ``one-line``: the whole text on one line.
    """
    a, b = make_versions(words, "latin", seed, reorder=True)

    def sentences(paragraph: list[list[str]]) -> list[str]:
        return [" ".join(s) + "." for s in paragraph]

    def text(paragraphs: Paragraphs) -> str:
        if layout == "wrapped":
            return "\n\n".join(wrap(" ".join(sentences(p))) for p in paragraphs) + "\n"
        if layout == "paragraph":
            return "\n".join(" ".join(sentences(p)) for p in paragraphs) + "\n"
        if layout == "sentence":
            return "\n\n".join("\n".join(sentences(p)) for p in paragraphs) + "\n"
        if layout == "one-line":
            return " ".join(" ".join(sentences(p)) for p in paragraphs) + "\n"
        raise ValueError(f"unknown layout {layout!r}: one of {', '.join(LAYOUTS)}")

    return text(a), text(b)


def wrap(paragraph: str, width: int = WRAP) -> str:
    """A paragraph's words in lines of at most ``width`` characters, long words hyphenated.

    >>> print(wrap("the quick brown fox jumps over the lazy dog", 12))
    the quick
    brown fox
    jumps over
    the lazy dog
    >>> print(wrap("a wonderful extraordinary day", 12))
    a wonderful
    extraordin-
    ary day
    """
    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        while True:
            room = width - len(line) - (1 if line else 0)
            if len(word) <= room:
                line = f"{line} {word}" if line else word
                break
            cut = min(room - 1, len(word) - 3)  # letters before the hyphen
            if cut >= 3 and word[:cut].isalpha():
                lines.append(f"{line} {word[:cut]}-" if line else f"{word[:cut]}-")
                word = word[cut:]
            elif line:
                lines.append(line)
            else:  # a word longer than a line: on a line of its own
                line = word
                break
            line = ""
    if line:
        lines.append(line)
    return "\n".join(lines)


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


# --- the run ----------------------------------------------------------------


@dataclass
class Row:
    size: str
    text: str  # the script (a sentence to a line, no punctuation) or the layout
    tool: str
    timing: Timing | None
    edits: int | None  # words deleted plus inserted, in the tool's own words
    minimal: int | None = None  # the same, by a minimal alignment of the same words
    note: str = ""
    paired: bool = False  # timed in turn with git and wdiff


def fmt_s(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def fmt_ratio(row: Row, base: Row | None) -> str:
    """Run by run where both were timed in turn (median, and lowest in brackets); else
    the ratio of the medians, marked with a *."""
    if row.timing is None or base is None or base.timing is None or row is base:
        return "-"
    if row.paired and base.paired:
        low, median = paired_ratio(row.timing, base.timing)
        return f"{median:.2f}x ({low:.2f})"
    return f"{row.timing.median / base.timing.median:.2f}x*"


def fmt_excess(row: Row) -> str:
    if row.edits is None or not row.minimal:
        return "-"
    return f"{100 * (row.edits - row.minimal) / row.minimal:+.2f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k,100k,1m", help="comma-separated: 1k,10k,100k,1m")
    parser.add_argument("--scripts", default="cyrillic,latin")
    parser.add_argument(
        "--layouts", default=",".join(LAYOUTS), help=f"comma-separated: {','.join(LAYOUTS)}"
    )
    parser.add_argument(
        "--layout-sizes",
        default=None,
        help="sizes of the laid-out texts (default 100k,1m; with --quick, 100k)",
    )
    parser.add_argument("--quick", action="store_true", help="one run per measure, not five")
    parser.add_argument("--repeat", type=int, default=None, help="runs per measure (at least 1)")
    parser.add_argument(
        "--keep", type=Path, default=None, help="write the texts here and keep them"
    )
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat or (1 if args.quick else 5))

    def size_list(value: str) -> list[str]:
        sizes = [s.strip().lower() for s in value.split(",") if s.strip()]
        unknown = [s for s in sizes if s not in SIZES]
        if unknown:
            parser.error(f"unknown size {unknown[0]!r}: one of {', '.join(SIZES)}")
        return sizes

    sizes = size_list(args.sizes)
    layout_sizes = size_list(args.layout_sizes or ("100k" if args.quick else "100k,1m"))
    scripts = [s.strip() for s in args.scripts.split(",") if s.strip()]
    layouts = [s.strip() for s in args.layouts.split(",") if s.strip()]
    if set(layouts) - set(LAYOUTS):
        parser.error(f"unknown layout: one of {', '.join(LAYOUTS)}")
    have_wdiff = shutil.which("wdiff") is not None
    have_git = shutil.which("git") is not None

    import revdiff
    from revdiff import align

    work = args.keep or Path(tempfile.mkdtemp(prefix="revdiff-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"revdiff {revdiff.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(
        "revdiff's C loops (revdiff._speedups): "
        + ("built" if speedups_built() else "not built: the Python path throughout")
    )
    if align.accelerator is None:
        print("fast-diff-match-patch not installed: no minimal reference")
    print(f"{repeat} timed run(s) of each, after one that counts the edits; texts in {work}\n")

    rows: list[Row] = []
    results: dict[tuple[str, str, str], Row] = {}

    def add(row: Row) -> None:
        rows.append(row)
        results[(row.size, row.text, row.tool)] = row
        timing = row.timing
        print(
            f"  {row.size:>5} {row.text:<9} {row.tool:<19}"
            f" {fmt_s(timing.min if timing else None):>8} s"
            f" {fmt_s(timing.median if timing else None):>8} s"
            f"  edits {'-' if row.edits is None else row.edits}"
            f" (minimal {'-' if row.minimal is None else row.minimal})",
            flush=True,
        )

    def compare(size: str, text: str, a: Path, b: Path, library: bool) -> None:
        """revdiff, git and wdiff on one pair, timed in turn; revdiff's library call too."""
        minimal_tokens, minimal_words = minimal_references(a, b)
        cleaned, raw = revdiff_edits(a, b)  # also the warm-up: files read, bytecode written
        commands: dict[str, Sequence[str]] = {
            "revdiff (CLI)": revdiff_cmd("diff", str(a), str(b), "--format", "json")
        }
        edits = {"revdiff (CLI)": cleaned}
        if have_git:
            commands["git word-diff"] = git_cmd(a, b)
            edits["git word-diff"] = git_edits(a, b)
        if have_wdiff:
            commands["wdiff"] = ["wdiff", str(a), str(b)]
            edits["wdiff"] = wdiff_edits(a, b)
        timings = interleaved(commands, repeat)
        for tool, timing in timings.items():
            minimal = minimal_tokens if tool.startswith("revdiff") else minimal_words
            add(Row(size, text, tool, timing, edits[tool], minimal, paired=True))

        def call(a: Path = a, b: Path = b) -> None:
            revdiff.diff(revdiff.read(str(a)), revdiff.read(str(b)))

        add(Row(size, text, "revdiff (library)", timed_call(call, repeat), raw, minimal_tokens))
        if library and speedups_built():
            with without_speedups():
                timing = timed_call(call, repeat)
                _, raw_python = revdiff_edits(a, b, cli=False)
            add(Row(size, text, "revdiff (lib, no C)", timing, raw_python, minimal_tokens))
        if library and SIZES[size] <= DIFFLIB_MAX_WORDS:
            argv = [sys.executable, "-c", DIFFLIB_CHILD, str(a), str(b)]
            out = subprocess.run(argv, capture_output=True, text=True, check=False)
            timing = timed(argv, repeat)
            add(Row(size, text, "difflib", timing, int(out.stdout), minimal_words))
        elif library:
            add(Row(size, text, "difflib", None, None, note="skipped"))

    def write_pair(name: str, texts: tuple[str, str]) -> tuple[Path, Path]:
        a, b = work / f"{name}-a.txt", work / f"{name}-b.txt"
        a.write_text(texts[0], encoding="utf-8")
        b.write_text(texts[1], encoding="utf-8")
        return a, b

    for size in sizes:
        for script in scripts:
            a, b = write_pair(f"{script}-{size}", make_pair(SIZES[size], script))
            compare(size, script, a, b, library=True)
    for size in layout_sizes:
        for layout in layouts:
            a, b = write_pair(f"{layout}-{size}", make_layout(SIZES[size], layout))
            compare(size, layout, a, b, library=False)

    print("\n" + table(rows, results))
    print(
        "\nmin s and median s: wall time of the fastest and the median run. vs git, vs wdiff:"
        " run by run, the tools taken in turn in each round: the median ratio (the lowest in"
        " brackets); * the ratio of medians, for a measure taken apart. edits: words deleted"
        " plus inserted, each tool in its own words (revdiff's tokens, a punctuation mark"
        " one; git's and wdiff's split at white space; the CLI's after its clean-up, the"
        " library's its raw alignment); minimal: the same words aligned minimally"
        " (diff-match-patch on the words alone: no lines, no anchors, no time-out)."
    )
    print(extras(work, repeat, results, sizes, scripts, layout_sizes, layouts))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def table(rows: list[Row], results: dict[tuple[str, str, str], Row]) -> str:
    header = (
        "words",
        "text",
        "tool",
        "min s",
        "median s",
        "vs git",
        "vs wdiff",
        "cpu s",
        "edits",
        "minimal",
        "excess",
        "peak MB",
    )
    lines = [header]
    for r in rows:
        git = results.get((r.size, r.text, "git word-diff"))
        wdiff = results.get((r.size, r.text, "wdiff"))
        timing = r.timing
        lines.append(
            (
                r.size,
                r.text,
                r.tool,
                r.note or fmt_s(timing.min if timing else None),
                r.note or fmt_s(timing.median if timing else None),
                fmt_ratio(r, git),
                fmt_ratio(r, wdiff),
                fmt_s(timing.cpu if timing else None),
                "-" if r.edits is None else str(r.edits),
                "-" if r.minimal is None else str(r.minimal),
                fmt_excess(r),
                "-" if timing is None or timing.peak_mb is None else f"{timing.peak_mb:.0f}",
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
    layout_sizes: list[str],
    layouts: list[str],
) -> str:
    from revdiff.cli import COMMANDS
    from revdiff.render import FORMATTERS

    lines = [
        "",
        "| other measure | min s | median s | cpu s | peak MB |",
        "|---|---|---|---|---|",
    ]

    def line(name: str, run: Timing | None, note: str = "") -> None:
        if run is None:
            lines.append(f"| {name} | {note or 'n/a'} | - | - | - |")
        else:
            peak = "-" if run.peak_mb is None else f"{run.peak_mb:.0f}"
            lines.append(
                f"| {name} | {run.min:.3f} | {run.median:.3f} | {fmt_s(run.cpu)} | {peak} |"
            )

    line("revdiff --version", timed(revdiff_cmd("--version"), repeat))
    draft = timed(
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
            timed(
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
            timed(revdiff_cmd("collate", str(a), str(b), str(c), "--format", "json"), repeat),
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
        timed([sys.executable, "-c", reader, str(tei)], repeat, cwd=ROOT),
    )
    tei_diff = timed(revdiff_cmd("diff", f"{tei}#base", f"{tei}#final", "--format", "json"), repeat)
    line(
        f"revdiff diff X#base X#final --format json ({tei.stat().st_size / 2**20:.0f} MB TEI)",
        tei_diff,
    )
    repeated = work / "x-10mb-repeated.xml"
    repeated.write_text(make_repeated_tei(10 * 1024 * 1024), encoding="utf-8")
    line(
        f"the same, on the seed draft repeated to {repeated.stat().st_size / 2**20:.0f} MB",
        timed(
            revdiff_cmd("diff", f"{repeated}#base", f"{repeated}#final", "--format", "json"), repeat
        ),
    )

    # The targets of issues 6 and 15.
    lines += ["", "| target | measured | met |", "|---|---|---|"]

    def target(name: str, measured: str, met: bool | None) -> None:
        verdict = "not measured" if met is None else ("yes" if met else "NO")
        lines.append(f"| {name} | {measured} | {verdict} |")

    def faster(text: str, label: str) -> None:
        cli = results.get(("1m", text, "revdiff (CLI)"))
        wdiff = results.get(("1m", text, "wdiff"))
        if cli and cli.timing and wdiff and wdiff.timing:
            low, median = paired_ratio(cli.timing, wdiff.timing)
            target(
                f"1M words ({label}), end to end: faster than wdiff",
                f"{median:.2f}x wdiff's time, run by run (lowest {low:.2f}x)",
                median < 1,
            )

    for script in scripts:
        cli = results.get(("1m", script, "revdiff (CLI)"))
        git = results.get(("1m", script, "git word-diff"))
        library = results.get(("1m", script, "revdiff (library)"))
        faster(script, script)
        if cli and cli.timing and git and git.timing:
            _, median = paired_ratio(cli.timing, git.timing)
            target(
                f"1M words ({script}), end to end: within 4x of git",
                f"{median:.1f}x, run by run",
                median <= 4,
            )
        if library and git:
            target(
                f"1M words ({script}): git's edit count",
                f"{library.edits} (raw; CLI after clean-up {cli.edits if cli else '-'})"
                f" vs {git.edits}",
                library.edits == git.edits,
            )
        if cli and cli.timing and cli.timing.peak_mb:
            target(
                f"1M words ({script}): peak memory under 300 MB",
                f"{cli.timing.peak_mb:.0f} MB",
                cli.timing.peak_mb < 300,
            )
        hundred = results.get(("100k", script, "revdiff (CLI)"))
        if hundred and hundred.timing:
            target(
                f"100k words ({script}), end to end: under 0.3 s",
                f"{hundred.timing.median:.3f} s",
                hundred.timing.median < 0.3,
            )
    target(
        "revdiff diff tei/draft.xml#base tei/draft.xml#final: under 0.25 s",
        f"{draft.median:.3f} s",
        draft.median < 0.25,
    )
    for layout in layouts:
        faster(layout, f"{layout} layout")
        for size in layout_sizes:
            for tool, what in (("revdiff (CLI)", "the CLI's"), ("revdiff (library)", "raw")):
                row = results.get((size, layout, tool))
                if row and row.edits is not None:
                    excess = fmt_excess(row)
                    target(
                        f"{size.replace('m', 'M')} words ({layout} layout): {what} edits within 1% of minimal",
                        f"{row.edits} vs {row.minimal if row.minimal else '-'} ({excess})",
                        None if not row.minimal else row.edits <= 1.01 * row.minimal,
                    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

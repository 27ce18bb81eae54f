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
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from texts import LAYOUTS, SIZES, make_layout, make_pair, make_repeated_tei, make_tei
from timing import (
    DIFFLIB_CHILD,
    Timing,
    git_cmd,
    git_edits,
    interleaved,
    minimal_references,
    paired_ratio,
    revdiff_cmd,
    revdiff_edits,
    speedups_built,
    timed,
    timed_call,
    wdiff_edits,
    without_speedups,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DIFFLIB_MAX_WORDS = 10_000  # SequenceMatcher is quadratic on repeated words: minutes at 100k


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
        "import sys; from revdiff.api import load_document; from revdiff.sources import parse_spec; "
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

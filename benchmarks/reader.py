"""How fast revdiff reads a much-revised manuscript, beside its own plain reading and jing.

    python benchmarks/reader.py [--corpus ../shared/corpus] [--rounds 5] [--mb 1.2]

It builds, deterministically, a TEI manuscript of about 1.2 MB from the
Faust-Edition's textual transcript of "2 III H.1" (``faust_391347.xml`` in
the corpus beside the checkout; the corpus is never copied into the
repository): the body written out again and again, each copy's ``xml:id``
values and the pointers to them given the copy's number, and the header's
changes written twice (each copy of the body pointing at one set, in turn),
so that the file has about 90 change stages, a few hundred additions,
deletions and substitutions per copy, spans, a transposition and its undoing.

Then it times, end to end (a child process each, output thrown away), one
command after the other, round after round (A B C ... A B C ...), so that a
shared machine's drift falls on all alike, and prints each one's median
and, round by round, its ratio to ``revdiff text F#base`` (the median of
the rounds' ratios):

- ``revdiff text F#base`` (the yardstick: read, walk, one layer's tokens);
- ``revdiff layers F`` (every layer's count of tokens; target: 3x);
- ``revdiff html F`` (the document view with every layer; target: 4x);
- ``revdiff diff F#base F#final`` (two layers of one file, parsed once);
- ``revdiff validate F --schema tei_all.rng`` against ``jing tei_all.rng F``
  (target: 2x jing), where jing and the schema are found.

It also counts, in this process, how often a two-layer diff parses its file
(target: once), and reads 20,000 unclosed ``delSpan``s and 40,000 (target:
under 1 s, and twice the spans taking about twice the time).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAUST = "faust_391347.xml"
_ID = re.compile(r'xml:id="([^"]+)"')
_POINTERS = re.compile(r'(\s(?:target|spanTo|change|corresp|new|hand|f:at)=")([^"]*)"')


def manuscript(corpus: Path, target_bytes: int = 1_200_000) -> str:
    """The Faust transcript's body written out until the file is ``target_bytes`` long.

    Copy k's ids end in ``_k``, and its pointers to them too; its
    ``@change`` points at the header's changes of set ``a`` (even k) or
    ``b`` (odd k), each set a copy of the header's ``listChange`` with its
    ids ending in ``_a`` or ``_b``. The header's transpositions are written
    once per copy, pointing into it.
    """
    text = (corpus / FAUST).read_text(encoding="utf-8")
    start = text.index("<body>") + len("<body>")
    end = text.index("</body>")
    head, body, tail = text[:start], text[start:end], text[end:]
    changes_at = head.index("<listChange>")
    changes_end = head.index("</creation>")
    changes = head[changes_at:changes_end]
    change_ids = set(_ID.findall(changes))
    transposes_at = head.index("<listTranspose>")
    transposes_end = head.index("</listTranspose>") + len("</listTranspose>")
    transposes = head[transposes_at:transposes_end]
    body_ids = set(_ID.findall(body)) | set(_ID.findall(transposes))

    def suffixed(chunk: str, mine: str, changes_of: str) -> str:
        def pointer(value: str) -> str:
            out = []
            for p in value.split():
                name = p[1:] if p.startswith("#") else None
                if name in change_ids:
                    p = f"#{name}_{changes_of}"
                elif name in body_ids:
                    p = f"#{name}_{mine}"
                out.append(p)
            return " ".join(out)

        chunk = _POINTERS.sub(lambda m: f'{m[1]}{pointer(m[2])}"', chunk)
        return _ID.sub(lambda m: f'xml:id="{m[1]}_{mine}"', chunk)

    copies = max(1, round((target_bytes - len(head) - len(tail)) / len(body)))
    new_changes = "".join(
        _ID.sub(lambda m, s=s: f'xml:id="{m[1]}_{s}"', changes) for s in ("a", "b")
    )
    new_transposes = (
        "<listTranspose>"
        + "".join(
            suffixed(transposes, str(k), "ab"[k % 2])
            .removeprefix("<listTranspose>")
            .removesuffix("</listTranspose>")
            for k in range(copies)
        )
        + "</listTranspose>"
    )
    head = (
        head[:changes_at]
        + new_changes
        + head[changes_end:transposes_at]
        + new_transposes
        + head[transposes_end:]
    )
    # The header's ids outside listChange and listTranspose (hands, ...) stay as they are.
    bodies = "".join(suffixed(body, str(k), "ab"[k % 2]) for k in range(copies))
    return head + bodies + tail


def unclosed_spans(count: int) -> bytes:
    """A TEI file whose ``count`` delSpans all point at one anchor at its end."""
    spans = "".join(f'<delSpan spanTo="#end"/>w{i} ' for i in range(count))
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t'
        "</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/>"
        f'</sourceDesc></fileDesc></teiHeader><text><body><p>{spans}<anchor xml:id="end"/>'
        "</p></body></text></TEI>"
    ).encode()


def revdiff(*args: str) -> list[str]:
    return [sys.executable, "-m", "revdiff", *args]


def run_once(argv: Sequence[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise SystemExit(f"{' '.join(argv)}: exit {done.returncode}: {message}")
    return took


def interleaved(commands: dict[str, list[str]], rounds: int) -> dict[str, list[float]]:
    """Each command once per round, in turn; the first round warms the caches and is dropped."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(rounds + 1):
        for name, argv in commands.items():
            took = run_once(argv)
            if round_:
                times[name].append(took)
    return times


def parses_of_a_two_layer_diff(path: Path) -> int:
    """How many times ``revdiff.compare(F#base, F#final)`` parses F."""
    from revdiff import api
    from revdiff.tei import read as tei_read

    calls = 0
    real = tei_read.parse_xml

    def counting(data: bytes, source: str) -> object:
        nonlocal calls
        calls += 1
        return real(data, source)

    tei_read.parse_xml = counting  # type: ignore[assignment]
    try:
        api.compare(f"{path}#base", f"{path}#final")
    finally:
        tei_read.parse_xml = real
    return calls


def time_spans(count: int) -> float:
    from revdiff.tei import parse_tei, read_layer

    data = unclosed_spans(count)
    start = time.perf_counter()
    read_layer(parse_tei(data, "spans.xml"), "final")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument(
        "--schema", type=Path, default=ROOT.parent / "shared" / "tei" / "tei_all.rng"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--mb", type=float, default=1.2)
    parser.add_argument("--jing", default=shutil.which("jing"))
    args = parser.parse_args(argv)
    if not (args.corpus / FAUST).is_file():
        raise SystemExit(f"{args.corpus / FAUST}: not found (give --corpus)")
    with tempfile.TemporaryDirectory(prefix="revdiff-reader-") as tmp:
        path = Path(tmp) / "manuscript.xml"
        path.write_text(manuscript(args.corpus, int(args.mb * 1_000_000)), encoding="utf-8")
        size = path.stat().st_size
        from revdiff import api

        table = api.layers(str(path))
        print(
            f"manuscript: {size / 1e6:.2f} MB, {len(table.tokens)} layers "
            f"({len(table.document.changes)} changes), "
            f"{dict(table.tokens)['base']} tokens in base, {dict(table.tokens)['final']} in final"
        )
        commands = {
            "text F#base": revdiff("text", f"{path}#base"),
            "layers F": revdiff("layers", str(path)),
            "html F": revdiff("html", str(path), "-o", str(Path(tmp) / "out.html"), "--force"),
            "diff F#base F#final": revdiff("diff", f"{path}#base", f"{path}#final"),
        }
        targets = {"layers F": 3.0, "html F": 4.0}
        if args.schema.is_file():
            commands["validate F"] = revdiff("validate", "--schema", str(args.schema), str(path))
            if args.jing:
                commands["jing F"] = [args.jing, str(args.schema), str(path)]
        times = interleaved(commands, args.rounds)
        base = times["text F#base"]
        print("\n| command | median | ratio (median of rounds) | target |")
        print("|---|---:|---:|---|")
        for name, runs in times.items():
            yardstick, target = base, targets.get(name)
            if name == "validate F" and "jing F" in times:
                yardstick, target = times["jing F"], 2.0
            ratio = statistics.median(x / y for x, y in zip(runs, yardstick, strict=True))
            over = "jing F" if yardstick is not base else "text F#base"
            verdict = (
                ""
                if target is None
                else f"≤ {target:g}× {over}: {'met' if ratio <= target else 'NOT met'}"
            )
            print(f"| {name} | {statistics.median(runs):.2f} s | {ratio:.2f}× {over} | {verdict} |")
        parses = parses_of_a_two_layer_diff(path)
        print(
            f"\na two-layer diff parses its file {parses} time{'s' * (parses != 1)} (target: once)"
        )
    small, large = time_spans(20_000), time_spans(40_000)
    print(
        f"20,000 unclosed delSpans read in {small:.2f} s (target: under 1 s); "
        f"40,000 in {large:.2f} s ({large / small:.1f}× the time for twice the spans)"
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())

"""How collation grows with the number of witnesses: 3, 10 and 20 of 100,000 words.

    python benchmarks/collate.py                          # 3, 10, 20 x 100,000 words
    python benchmarks/collate.py --witnesses 3,5 --words 10000 --repeat 3

Generates one base text (seeded: every run collates the same texts) and
from it each witness, with about 1% of its words changed (a word replaced,
deleted or inserted) and one 12-word sentence moved elsewhere, as copies of
one text differ. For each number of witnesses it times ``revdiff collate
... --format json`` end to end (a child process, its output thrown away;
peak memory by /usr/bin/time) and the library call
:func:`revdiff.collation.collate` alone (tokenizing excluded, in this
process). The commands run in turn, one round after another (3 10 20 3 10
20 ...), so that each one's time over the first one's, taken round by round,
holds on a shared machine where the times themselves drift. Prints, per
row: the columns, the fastest and the median wall time, the median CPU
time, the peak, and the time over the first row's (the median of the
rounds' ratios).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

from timing import ROOT, Run, Timing, interleaved, revdiff_cmd, timed_call

sys.path.insert(0, str(ROOT))

from revdiff.collation import collate  # noqa: E402
from revdiff.tokenize import plain_witness  # noqa: E402

SYLLABLES = ["ка", "ро", "ми", "ст", "но", "ле", "ва", "ти", "пра", "до", "ше", "ку", "за", "ин"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def base_text(rng: random.Random, words: int) -> list[str]:
    lexicon = vocabulary(rng, 5000)
    weights = [1 / (rank + 1) for rank in range(len(lexicon))]  # Zipf-like, as in prose
    return rng.choices(lexicon, weights=weights, k=words)


def sentences_of(words: list[str]) -> list[list[str]]:
    return [words[i : i + 12] for i in range(0, len(words), 12)]


def witness_of(base: list[list[str]], rng: random.Random, tag: str) -> list[list[str]]:
    """The base's sentences with about 1% of the words changed and one sentence moved."""
    out: list[list[str]] = []
    for sentence in base:
        copy: list[str] = []
        for word in sentence:
            roll = rng.random()
            if roll < 0.004:
                copy.append(f"{tag}{rng.randrange(10**6)}")  # replaced
            elif roll < 0.007:
                continue  # deleted
            elif roll < 0.010:
                copy.extend([word, f"{tag}{rng.randrange(10**6)}"])  # inserted
            else:
                copy.append(word)
        out.append(copy)
    moved = out.pop(rng.randrange(len(out)))
    out.insert(rng.randrange(len(out)), moved)
    return out


def as_text(sentences: list[list[str]]) -> str:
    lines = [" ".join(words) + "." for words in sentences]
    paragraphs = ["\n".join(lines[i : i + 8]) for i in range(0, len(lines), 8)]
    return "\n\n".join(paragraphs) + "\n"


def witness_texts(count: int, words: int) -> list[str]:
    """``count`` witnesses of about ``words`` words: the same for every run and every count
    (the first three of ten are the three of three)."""
    rng = random.Random(20260127)
    base = sentences_of(base_text(rng, words))
    return [as_text(witness_of(base, rng, _tag(k))) for k in range(count)]


def _tag(k: int) -> str:
    return chr(ord("A") + k % 26) * (1 + k // 26)


def write_witnesses(texts: list[str], folder: Path) -> list[str]:
    paths = []
    for k, text in enumerate(texts):
        path = folder / f"w{k + 1:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def _ratios(rows: dict[int, Timing], first: int) -> dict[int, float]:
    """Each row's time over the first row's, round by round: the median."""
    return {
        k: statistics.median(
            r.seconds / s.seconds for r, s in zip(t.runs, rows[first].runs, strict=True)
        )
        for k, t in rows.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--witnesses", default="3,10,20", help="numbers of witnesses, by commas")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    counts = sorted({int(n) for n in args.witnesses.split(",")})
    texts = witness_texts(max(counts), args.words)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_witnesses(texts, Path(tmp))
        commands = {k: revdiff_cmd("collate", *paths[:k], "--format", "json") for k in counts}
        cli = interleaved(commands, args.repeat)  # type: ignore[arg-type]
    witnesses = [plain_witness(t, f"w{k}.txt", f"w{k}") for k, t in enumerate(texts)]
    columns = {k: len(collate(witnesses[:k]).columns) for k in counts}
    library: dict[int, list[Run]] = {k: [] for k in counts}
    for _ in range(args.repeat):  # in turn as well, round by round
        for k in counts:
            library[k] += timed_call(lambda k=k: collate(witnesses[:k]), 1).runs  # type: ignore[misc]
    lib = {k: Timing(tuple(runs)) for k, runs in library.items()}
    cli_ratio, lib_ratio = _ratios(cli, counts[0]), _ratios(lib, counts[0])
    print(f"collate, {args.words} words a witness, {args.repeat} rounds (times in seconds)")
    print()
    head = (
        "| witnesses | columns | CLI min | CLI median | CLI CPU | peak MB | CLI × first "
        "| library median | library × first |"
    )
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for k in counts:
        c = cli[k]
        print(
            f"| {k} | {columns[k]} | {c.min:.2f} | {c.median:.2f} | {c.cpu or 0:.2f} "
            f"| {c.peak_mb or 0:.0f} | {cli_ratio[k]:.2f} | {lib[k].median:.2f} "
            f"| {lib_ratio[k]:.2f} |"
        )


if __name__ == "__main__":
    main()

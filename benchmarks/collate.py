"""How long a collation of three 100,000-word witnesses takes.

    python benchmarks/collate.py                 # 3 x 100,000 words
    python benchmarks/collate.py --words 10000 --witnesses 5

Generates one base text (seeded: every run collates the same texts) and
from it each witness, with about 1% of its words changed (a word replaced,
deleted or inserted) and one 12-word sentence moved elsewhere, as copies of one text
differ; then times :func:`revdiff.collation.collate` on the witnesses (the
library call, tokenizing excluded) and ``revdiff collate ... --format json``
end to end (a child process, its output thrown away). Prints the median of
the runs, the number of columns and the peak memory of the child.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--witnesses", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(20260127)
    base = sentences_of(base_text(rng, args.words))
    texts = [as_text(witness_of(base, rng, chr(ord("A") + k))) for k in range(args.witnesses)]
    witnesses = [plain_witness(t, f"w{k}.txt", f"w{k}") for k, t in enumerate(texts)]
    tokens = [len(w) for w in witnesses]
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = collate(witnesses)
        times.append(time.perf_counter() - start)
    print(
        f"witnesses: {args.witnesses} x {args.words} words ({', '.join(map(str, tokens))} tokens)"
    )
    print(f"columns: {len(result.columns)}")
    print(f"revdiff.collate (library, median of {args.repeat}): {statistics.median(times):.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k, t in enumerate(texts):
            path = Path(tmp) / f"w{k}.txt"
            path.write_text(t, encoding="utf-8")
            paths.append(str(path))
        cli_times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "revdiff", "collate", *paths, "--format", "json"],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            cli_times.append(time.perf_counter() - start)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"revdiff collate --format json (CLI end to end, median of {args.repeat}): "
        f"{statistics.median(cli_times):.2f} s, peak memory {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()

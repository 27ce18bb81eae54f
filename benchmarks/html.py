"""Time the two-witness HTML view of a generated 100,000-word pair.

    python3 benchmarks/html.py [--words N] [--runs R]

B is A with about 1% of its words edited (replaced, deleted or inserted),
paragraphs of about 120 words. Prints the time to align, the median time to
render the HTML over the runs, and the size of the file.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from revdiff.align import diff  # noqa: E402
from revdiff.render import RenderOptions, render  # noqa: E402
from revdiff.tokenize import plain_witness  # noqa: E402

WORDS = [
    "коммунисты",
    "рабочих",
    "крестьян",
    "кадры",
    "города",
    "страной",
    "Китай",
    "нужно",
    "мы",
    "Вам",
    "поможем",
    "интеллигенции",
    "промышленных",
    "финансовых",
    "школы",
    "специалисты",
    "хозяйство",
    "большие",
    "овладеть",
    "большинством",
    "классе",
    "телеграммы",
    "содержание",
    "первое",
    "второе",
    "третье",
]


def generate(words: int, seed: int = 1949) -> tuple[str, str]:
    """Two texts of ``words`` words in the same paragraphs, B with ~1% of A's words edited."""
    rng = random.Random(seed)
    a_paragraphs: list[str] = []
    b_paragraphs: list[str] = []
    for start in range(0, words, 120):
        a_words = [rng.choice(WORDS) for _ in range(min(120, words - start))]
        b_words: list[str] = []
        for w in a_words:
            roll = rng.random()
            if roll < 0.004:
                b_words.append(w + "ы")  # replaced by a spelling one letter longer
            elif roll < 0.007:
                continue  # deleted
            elif roll < 0.010:
                b_words += [w, rng.choice(WORDS)]  # a word inserted after it
            else:
                b_words.append(w)
        a_paragraphs.append(" ".join(a_words) + ".")
        b_paragraphs.append(" ".join(b_words) + ".")
    return "\n\n".join(a_paragraphs) + "\n", "\n\n".join(b_paragraphs) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    a_text, b_text = generate(args.words)
    a = plain_witness(a_text, "a.txt", "A")
    b = plain_witness(b_text, "b.txt", "B")
    start = time.perf_counter()
    d = diff(a, b)
    aligned = time.perf_counter() - start
    options = RenderOptions(version="bench", date="2000-01-01")
    times = []
    page = ""
    for _ in range(args.runs):
        start = time.perf_counter()
        page = render(d, "html", options)
        times.append(time.perf_counter() - start)
    size = len(page.encode("utf-8"))
    stats = d.stats()
    print(f"words: A {len(a)} tokens, B {len(b)} tokens; changes: {stats.changes}")
    print(f"align: {aligned:.3f} s")
    print(f"render html: median {statistics.median(times):.3f} s over {args.runs} runs")
    print(f"html size: {size} bytes ({size / 1_000_000:.2f} MB)")


if __name__ == "__main__":
    main()

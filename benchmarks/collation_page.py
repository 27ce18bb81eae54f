"""How long a big collation page takes to load in headless Chromium: 10 x 100,000 words.

    python benchmarks/collation_page.py                  # 10 witnesses of 100,000 words
    python benchmarks/collation_page.py --witnesses 3 --words 10000 --runs 3

Writes ``revdiff collate ... --format html`` of the witnesses of
``collate.py`` (the same seeded texts) and, for comparison, a page of the
same witnesses' text as plain paragraphs (one ``section`` of ``p`` per
witness). Opens each in Chromium (Debian's ``/usr/bin/chromium``, driven by
Playwright), in turn, ``--runs`` times, each time in a new page, and takes
from the browser's own clock: the time to ``DOMContentLoaded``, to the end
of the ``load`` event (the page's scripts have run), and to the first frame
drawn after it (two animation frames: what is in sight has been laid out and
painted). Prints the median of each, the size of the file and its number of
elements.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape  # (benchmarks/html.py shadows the html module here)

from collate import witness_texts, write_witnesses
from timing import CHILD_ENV, revdiff_cmd

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

# Times from the navigation's start, by the page's clock; then the first frame after load.
MEASURE = """() => new Promise(done => {
  const nav = performance.getEntriesByType("navigation")[0];
  requestAnimationFrame(() => requestAnimationFrame(() => done({
    ready: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, frame: performance.now(),
    elements: document.getElementsByTagName("*").length,
  })));
})"""


def plain_page(texts: list[str]) -> str:
    """The witnesses' text as plain paragraphs: what a page of that much text costs."""
    parts = ['<!DOCTYPE html><html lang="und"><head><meta charset="utf-8"><title>plain</title>']
    parts.append("</head><body>")
    for k, text in enumerate(texts):
        parts.append(f"<section><h2>w{k + 1}</h2>")
        parts += [f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip()]
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "".join(parts)


def load(browser: Any, path: Path) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=600_000)
        found: dict[str, float] = page.evaluate(MEASURE)
        return found
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--witnesses", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="a folder to keep the pages in")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    texts = witness_texts(args.witnesses, args.words)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        paths = write_witnesses(texts, folder)
        pages = {"collation": folder / "collation.html", "plain paragraphs": folder / "plain.html"}
        start = time.perf_counter()
        subprocess.run(
            revdiff_cmd("collate", *paths, "-f", "html", "-o", str(pages["collation"]), "--force"),
            check=True,
            env=CHILD_ENV,
        )
        written = time.perf_counter() - start
        pages["plain paragraphs"].write_text(plain_page(texts), encoding="utf-8")
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in pages}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                for _ in range(args.runs):  # in turn: the load on the machine drifts alike
                    for name, path in pages.items():
                        runs[name].append(load(browser, path))
            finally:
                browser.close()
        sizes = {name: path.stat().st_size for name, path in pages.items()}
    print(
        f"{args.witnesses} witnesses x {args.words} words; revdiff collate -f html took "
        f"{written:.1f} s; median of {args.runs} loads in Chromium (seconds)"
    )
    print()
    print("| page | MB | elements | DOMContentLoaded | load | first frame |")
    print("|---|---|---|---|---|---|")
    for name, found in runs.items():

        def median(key: str, found: list[dict[str, float]] = found) -> float:
            return statistics.median(r[key] for r in found)

        print(
            f"| {name} | {sizes[name] / 1e6:.1f} | {median('elements'):.0f} "
            f"| {median('ready') / 1000:.2f} | {median('load') / 1000:.2f} "
            f"| {median('frame') / 1000:.2f} |"
        )


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark's texts: seeded pairs of versions in two scripts, laid out four ways,
and TEI files of a given size (see run.py for what each is for)."""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
SCRIPTS = {"cyrillic": "абвгдежзийклмнопрстуфхцчшщыэюя", "latin": "abcdefghijklmnopqrstuvwxyz"}


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

"""Record CollateX's own alignment table for each case in this folder.

Run with the ``collatex`` package installed (it is not a dependency of
revdiff), from the project's root:

    python3 -m venv /tmp/cx-venv
    /tmp/cx-venv/bin/pip install collatex python-Levenshtein
    /tmp/cx-venv/bin/python tests/cases/collatex/record.py

Each case is a folder holding one witness per file (``A.txt``, ``B.txt``, ...;
the siglum is the file's stem). This writes beside them ``collatex.json`` (the
table: one row per witness, one cell per column, the token's text or null),
``collatex.txt`` (CollateX's own plain-text table) and ``command.txt``.
"""

import json
import sys
from importlib.metadata import version
from pathlib import Path

from collatex import Collation, collate

HERE = Path(__file__).resolve().parent
COMMAND = "/tmp/cx-venv/bin/python tests/cases/collatex/record.py"


def record(case: Path) -> None:
    files = sorted(case.glob("*.txt"))
    files = [f for f in files if f.name not in ("collatex.txt", "command.txt")]
    collation = Collation()
    for f in files:
        collation.add_plain_witness(f.stem, f.read_text(encoding="utf-8").strip())
    table = json.loads(collate(collation, output="json", segmentation=False))
    rows = [
        [None if cell is None else "".join(t["t"] for t in cell).strip() for cell in row]
        for row in table["table"]
    ]
    document = {
        "collatex": version("collatex"),
        "call": 'collate(collation, output="json", segmentation=False)',
        "witnesses": table["witnesses"],
        "table": rows,
    }
    (case / "collatex.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (case / "collatex.txt").write_text(
        str(collate(collation, segmentation=False)) + "\n", encoding="utf-8"
    )
    (case / "command.txt").write_text(
        f"{COMMAND}\n# collatex {version('collatex')}, Python {sys.version.split()[0]}; "
        "per case: Collation.add_plain_witness(stem, text) for each *.txt in name order, then "
        'collate(collation, output="json", segmentation=False)\n',
        encoding="utf-8",
    )


if __name__ == "__main__":
    for case in sorted(p for p in HERE.iterdir() if p.is_dir()):
        record(case)
        print(case.name)

"""The package's shape (issue 12): one home per library, per output, per step.

- lxml is imported only under ``revdiff/tei/``; diff-match-patch only in ``align/engines.py``;
- no module is over 600 lines;
- nothing outside ``revdiff/cli/`` imports the CLI;
- the model imports nothing of revdiff but itself (and the ground-floor helpers);
- showing a diff of plain texts never loads lxml.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "revdiff"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """The modules a file imports, absolute (relative imports resolved), at any depth."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name == "__init__.py":
        package += ".__init__"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: -node.level] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)
    return found


def _importers(prefix: str) -> set[str]:
    return {
        str(p.relative_to(PACKAGE))
        for p in MODULES
        if any(m == prefix or m.startswith(prefix + ".") for m in _imports(p))
    }


def test_the_module_scan_sees_imports() -> None:
    assert "revdiff/tei/read.py" in {f"revdiff/{m}" for m in _importers("lxml")}


def test_lxml_is_imported_only_under_tei() -> None:
    assert {m for m in _importers("lxml") if not m.startswith("tei/")} == set()


def test_diff_match_patch_is_imported_only_by_the_aligners_engines() -> None:
    assert _importers("diff_match_patch") | _importers("fast_diff_match_patch") == {
        "align/engines.py"
    }


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_600_lines(path: Path) -> None:
    # A module that grows past a screenful of screenfuls holds more than one job.
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600


def test_nothing_outside_the_cli_imports_it() -> None:
    outside = {m for m in _importers("revdiff.cli") if not m.startswith("cli/")}
    assert outside <= {"__main__.py"}


@pytest.mark.parametrize("path", sorted(p for p in MODULES if p.parent.name == "model"))
def test_the_model_imports_only_the_model(path: Path) -> None:
    ours = {m for m in _imports(path) if m.startswith("revdiff")}
    assert all(m.startswith(("revdiff.model", "revdiff._names")) for m in ours), ours


def test_a_plain_diff_shown_as_html_loads_no_lxml(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one two three\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("one three four\n", encoding="utf-8")
    script = (
        "import sys; from revdiff import api; from revdiff.render import DIFF; "
        "DIFF.render(api.compare('a.txt', 'b.txt'), 'html'); "
        "print('lxml' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

"""Shared fixtures: the project's paths, the tei_all schema, and requirements.

A test whose requirement (the schema, a browser) is missing is skipped with
the reason, except under ``CI=true``, where it fails: CI must prove everything.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEI_DIR = ROOT / "tei"
SEED = ROOT / "seeds" / "000_bb7ec215e14bc044.txt"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip when ``condition`` is false, or fail under CI=true."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"requirement missing under CI: {reason}")
    pytest.skip(reason)


def schema_path() -> Path | None:
    """Where tei_all.rng is: $REVDIFF_TEI_RNG, ../shared/tei/, or revdiff's cache."""
    candidates = [
        os.environ.get("REVDIFF_TEI_RNG"),
        ROOT.parent / "shared" / "tei" / "tei_all.rng",
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "revdiff" / "tei_all.rng",
    ]
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    return None


@pytest.fixture(scope="session")
def tei_schema():  # type: ignore[no-untyped-def]
    """The compiled tei_all RELAX NG schema (compiled once: it takes seconds)."""
    from lxml import etree

    path = schema_path()
    require(
        path is not None, "tei_all.rng not found (set REVDIFF_TEI_RNG; see ../shared/tei/README.md)"
    )
    assert path is not None
    return etree.RelaxNG(etree.parse(str(path)))


@pytest.fixture(scope="session")
def assert_valid_tei(tei_schema):  # type: ignore[no-untyped-def]
    """Assert that a file or XML string validates against tei_all, listing the errors."""
    from lxml import etree

    def check(document: str | bytes | Path) -> None:
        if isinstance(document, Path):
            tree = etree.parse(str(document))
        else:
            data = document.encode() if isinstance(document, str) else document
            tree = etree.ElementTree(etree.fromstring(data))
        ok = tei_schema.validate(tree)
        errors = "\n".join(f"{e.line}:{e.column}: {e.message}" for e in tei_schema.error_log)
        assert ok, f"not valid against tei_all:\n{errors}"

    return check

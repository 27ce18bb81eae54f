"""Shared fixtures: the project's paths, the tei_all schema, requirements, and
how Hypothesis runs.

A test whose requirement (the schema, a browser) is missing is skipped with
the reason, except under ``CI=true``, where it fails: CI must prove everything.

Hypothesis runs one of three profiles:

- ``ci`` (under ``CI=true``): derandomized, so that a red run is red again on
  any machine, with the same examples; no example database, no deadline (the
  machine's speed decides nothing), and a failure prints its reproduction blob.
- ``long`` (``REVDIFF_HYPOTHESIS_EXAMPLES=N`` set, CI or not): random, no
  deadline; every property test runs N examples where it would run
  Hypothesis's default of 100, and a test that sets its own count runs that
  count scaled alike (N=1000: ten times as many each).
- Hypothesis's default otherwise: random, with the local example database.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test, settings

ROOT = Path(__file__).resolve().parent.parent
TEI_DIR = ROOT / "tei"
SEED = ROOT / "seeds" / "000_bb7ec215e14bc044.txt"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# The examples of a long run per 100 of a test's usual count (None: not a long run).
_LONG = os.environ.get("REVDIFF_HYPOTHESIS_EXAMPLES", "").strip()
LONG_RUN = int(_LONG) if _LONG else None
# Both from Hypothesis's own defaults, not from whatever profile is loaded now
# (Hypothesis loads a "ci" profile of its own where it sees CI set).
_DEFAULT = settings.get_profile("default")
settings.register_profile(
    "ci", _DEFAULT, derandomize=True, database=None, deadline=None, print_blob=True
)
settings.register_profile("long", _DEFAULT, derandomize=False, deadline=None, print_blob=True)
if LONG_RUN is not None:
    settings.load_profile("long")
elif IN_CI:
    settings.load_profile("ci")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In a long run, every property test's count of examples scaled (see the docstring)."""
    if not LONG_RUN:
        return
    scaled_already: set[int] = set()  # a parametrized test is one function for many items
    for item in items:
        test = getattr(item, "obj", None)
        if test is None or not is_hypothesis_test(test) or id(test) in scaled_already:
            continue
        scaled_already.add(id(test))
        # @given keeps the test's settings here (explicit or the profile's);
        # no public way changes a count a test set itself.
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is None:
            raise pytest.UsageError(
                "REVDIFF_HYPOTHESIS_EXAMPLES: this Hypothesis keeps its settings elsewhere"
            )
        scaled = max(1, own.max_examples * LONG_RUN // 100)
        test._hypothesis_internal_use_settings = settings(own, max_examples=scaled)


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


TEI_NS = "http://www.tei-c.org/ns/1.0"


def tei(body: str, header: str = "") -> bytes:
    """A TEI document around ``body`` (and ``header``'s elements), for tests of the reader."""
    return (
        f'<TEI xmlns="{TEI_NS}"><teiHeader>{header}</teiHeader>'
        f"<text><body>{body}</body></text></TEI>"
    ).encode()

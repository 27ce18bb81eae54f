"""How Hypothesis runs (conftest.py): derandomized in CI, scaled in a long run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import LONG_RUN

PROPERTY = """
from hypothesis import given, settings, strategies as st
import pytest

@settings(max_examples=10)
@given(st.integers())
def test_own_count(n):
    with open("drawn.txt", "a") as out:
        print("own", n, file=out)

@given(st.text())
def test_default_count(t):
    with open("drawn.txt", "a") as out:
        print("default", ascii(t), file=out)

@pytest.mark.parametrize("k", [1, 2])
@settings(max_examples=5)
@given(st.integers())
def test_parametrized(k, n):
    with open("drawn.txt", "a") as out:
        print("parametrized", k, file=out)
"""


def _run(tmp_path: Path, **env: str) -> list[str]:
    """The examples drawn by a run of PROPERTY with the suite's conftest, one line each."""
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "test_property.py").write_text(PROPERTY, encoding="utf-8")
    (tmp_path / "drawn.txt").unlink(missing_ok=True)
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "REVDIFF_HYPOTHESIS_EXAMPLES")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return (tmp_path / "drawn.txt").read_text(encoding="utf-8").splitlines()


def _counts(drawn: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in drawn:
        kind = line.split()[0]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def test_ci_runs_the_same_examples_every_time(tmp_path: Path) -> None:
    first = _run(tmp_path, CI="true")
    assert _counts(first) == {"own": 10, "default": 100, "parametrized": 10}
    assert _run(tmp_path, CI="true") == first
    assert not (tmp_path / ".hypothesis" / "examples").exists()  # no example database either


def test_a_long_run_scales_every_count(tmp_path: Path) -> None:
    drawn = _run(tmp_path, CI="true", REVDIFF_HYPOTHESIS_EXAMPLES="300")
    # Three times each; a parametrized test once per parameter, not cubed.
    assert _counts(drawn) == {"own": 30, "default": 300, "parametrized": 30}
    # Random, not derandomized, even under CI=true.
    assert _run(tmp_path, CI="true", REVDIFF_HYPOTHESIS_EXAMPLES="300") != drawn


def test_this_run_uses_the_profile_its_environment_asks_for() -> None:
    from hypothesis import settings

    if LONG_RUN is not None:
        assert not settings.default.derandomize and settings.default.deadline is None
    elif os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        assert settings.default.derandomize and settings.default.database is None
    else:
        assert not settings.default.derandomize

"""The token rule gives the same tokens on every Python revdiff accepts.

Python 3.11.0 to 3.11.4 (Debian 12's python3 is 3.11.2) have a regex engine
whose possessive quantifiers (``*+``, ``++``, ``?+``, ``{m,n}+``) keep half a
match (CPython gh-106052, fixed in 3.11.5): a rule written with them splits
words wrongly there. So no pattern of revdiff uses one, and the tokens of the
inputs that showed the bug are checked on whichever Python runs the tests (CI
runs them on Debian's own), by the regexes and by the C loops alike.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import re._parser as sre_parse  # type: ignore[import-not-found]
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import revdiff
from conftest import require
from revdiff import tokenize
from revdiff.tokenize import _counts, line_tokens, split_words

# Inputs and their tokens, as the rule in tokenize's docstring says: a word
# (word characters, an apostrophe or hyphen only between two of them), one
# punctuation mark with its combining marks, each with the white space after.
TRICKY = [
    ("x-\ny z", ["x", "-\n", "y ", "z"]),  # the word lost on 3.11.2
    ("а-\nа", ["а", "-\n", "а"]),
    ("a-.", ["a", "-", "."]),
    ("1-.", ["1", "-", "."]),
    ("1\u2019.", ["1", "\u2019", "."]),
    ("1\u2010;", ["1", "\u2010", ";"]),
    ("1';", ["1", "'", ";"]),
    ("не 0'\n\nне ", ["не ", "0", "'\n\n", "не "]),
    ("a--b", ["a", "-", "-", "b"]),
    ("a-b-", ["a-b", "-"]),
    ("a'b\u2019c\u02bcd e", ["a'b\u2019c\u02bcd ", "e"]),
    ("'a'", ["'", "a", "'"]),
    ("Дзе\u2011дуну мо\u0301локо", ["Дзе\u2011дуну ", "мо\u0301локо"]),
    ("\u0301a .\u0301\u0483 b", ["\u0301a ", ".\u0301\u0483 ", "b"]),
    ("  a_1 b\t", ["  a_1 ", "b\t"]),
    (
        "\U0001d7ce-\U0001d7cf \U0001f600-\U0001f600",
        ["\U0001d7ce-\U0001d7cf ", "\U0001f600", "-", "\U0001f600"],
    ),
    ("a\u00a0b\u2028c\x85", ["a\u00a0", "b\u2028", "c\x85"]),
    (" \n ", [" \n "]),
]


@pytest.fixture(params=["regex", "C"])
def tokenizer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "C":
        require(tokenize.speedups is not None, "revdiff._speedups is not built")
    else:
        monkeypatch.setattr(tokenize, "speedups", None)
    return str(request.param)


@pytest.mark.parametrize(("text", "tokens"), TRICKY)
def test_the_tricky_inputs_give_the_rules_tokens(
    tokenizer: str, text: str, tokens: list[str]
) -> None:
    assert split_words(text) == tokens
    held = line_tokens(text)
    if text.strip():
        assert held is not None and list(held) == tokens and len(held) == len(tokens)
        assert [held.char_at(k) for k in range(len(tokens) + 1)] == [
            len("".join(tokens[:k])) for k in range(len(tokens) + 1)
        ]
    if tokenizer == "regex" and not text[0].isspace():
        assert _counts([text]) == [len(tokens)]


def _compiled_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """Every compiled pattern a module of revdiff holds at its top level."""
    for info in pkgutil.walk_packages(revdiff.__path__, "revdiff."):
        if info.name.endswith(".__main__"):  # it runs the command line
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                yield f"{info.name}.{name}", value


def _literal_patterns() -> Iterator[tuple[str, str]]:
    """Every literal pattern given to a function of re in revdiff's source."""
    root = Path(revdiff.__file__).parent
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                yield f"{path.relative_to(root)}:{node.lineno}", node.args[0].value


def _possessive(pattern: str) -> bool:
    """Whether the parsed pattern repeats anything possessively."""

    def walk(node: object) -> Iterator[object]:
        if isinstance(node, (list, tuple)):
            for item in node:
                yield from walk(item)
        elif hasattr(node, "data"):  # a parsed subpattern
            for op, argument in node.data:
                yield op
                yield from walk(argument)

    return any(str(op) == "POSSESSIVE_REPEAT" for op in walk(sre_parse.parse(pattern)))


def test_the_check_finds_a_possessive_quantifier() -> None:
    assert _possessive(r"\w++") and _possessive(r"(?:a|b)*+") and _possessive(r"a{1,3}+")
    assert not _possessive(r"(?>\w+)\s*") and not _possessive(r"[*+?]+\+")


def test_no_pattern_of_revdiff_repeats_possessively() -> None:
    patterns = list(_compiled_patterns()) + list(_literal_patterns())
    assert any(name == "revdiff.tokenize._TOKEN" for name, _ in patterns)
    assert [
        name
        for name, pattern in patterns
        if _possessive(pattern.pattern if isinstance(pattern, re.Pattern) else pattern)
    ] == []


# -- random texts through the command line ------------------------------------------

_ALPHABET = st.sampled_from(
    list("ab аяё1_ ,.;«»'’ʼ-‐‑—()\n\n\t\u00a0\u2028\u3000\u0301\u0483")
    + ["\U0001d7ce", "\U0001f600", "\u00b2", "\u0660"]
)


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Two versions of a text: short, or long enough (repeated) to be compared line first."""
    unit = draw(st.text(_ALPHABET, max_size=60))
    times = draw(st.sampled_from([1, 1, 2, 300]))
    a = unit * times
    at = draw(st.integers(0, len(a)))
    cut = draw(st.integers(0, min(10, len(a) - at)))
    b = a[:at] + draw(st.text(_ALPHABET, max_size=20)) + a[at + cut :]
    return a, b


@example(("x-\ny z", "x-\ny w"))  # the case: "z" and "w" were lost on 3.11.2
@example(("а-\nа", "а"))
@given(_pairs())
@settings(deadline=None)
def test_random_texts_rebuild_through_the_command_line(pair: tuple[str, str]) -> None:
    import json

    from click.testing import CliRunner

    from revdiff.cli import cli

    a, b = pair
    with tempfile.TemporaryDirectory() as folder:
        path_a, path_b = Path(folder, "a.txt"), Path(folder, "b.txt")
        path_a.write_bytes(a.encode("utf-8"))
        path_b.write_bytes(b.encode("utf-8"))
        result = CliRunner().invoke(cli, ["diff", str(path_a), str(path_b), "-f", "json"])
    if result.exit_code == 2:  # only a text of white space alone is refused, saying why
        assert not (a.strip() and b.strip()) and "empty" in result.output
        return
    # 1 for different keys; 0 for the same (white space aside).
    assert result.exit_code in (0, 1) and (a != b or result.exit_code == 0), result.output
    segments = json.loads(result.output)["segments"]
    assert "".join(s["a"] for s in segments) == a
    assert "".join(s["b"] for s in segments) == b

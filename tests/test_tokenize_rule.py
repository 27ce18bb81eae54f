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
from collections.abc import Iterator
from pathlib import Path

import pytest

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

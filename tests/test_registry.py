"""revdiff.render.registry: one table of outputs, which every --format and batch follow."""

from __future__ import annotations

import click
import pytest

from conftest import TEI_DIR
from revdiff import api
from revdiff.batch import EXTENSIONS, pair_folders
from revdiff.cli import cli
from revdiff.render import REGISTRY, RenderOptions, Subject
from revdiff.render.registry import COLLATION, DIFF, FORMATS, TRACE

DRAFT, TELEGRAM = str(TEI_DIR / "draft.xml"), str(TEI_DIR / "telegram.xml")
FIXED = RenderOptions(version="0.0.0", date="2000-01-01")


def _format_choices(command: str) -> list[str]:
    found = cli.get_command(click.Context(cli), command)
    assert found is not None
    (option,) = [p for p in found.params if p.name == "format_"]
    assert isinstance(option.type, click.Choice)
    return list(option.type.choices)


@pytest.mark.parametrize(
    ("command", "formats"),
    [
        ("diff", sorted(DIFF.names)),
        ("batch", sorted(DIFF.names)),
        ("collate", list(COLLATION.names)),
        ("trace", list(TRACE.names)),
    ],
)
def test_every_format_option_offers_the_registry_s_formats(
    command: str, formats: list[str]
) -> None:
    assert _format_choices(command) == formats


def test_each_format_is_named_once_for_its_subject_and_every_subject_has_one() -> None:
    keys = [(f.subject, f.name) for f in FORMATS]
    assert len(keys) == len(set(keys))
    assert {f.subject for f in FORMATS} == set(Subject) == set(REGISTRY)


def test_batch_writes_each_format_with_the_registry_s_extension(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert {f.name: f.extension for f in FORMATS if f.subject is Subject.DIFF} == EXTENSIONS
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text("one two\n", encoding="utf-8")
    for name in DIFF.names:
        (item,), _ = pair_folders(tmp_path / "a", tmp_path / "b", tmp_path / "out", format_=name)
        assert item.output.endswith(f"x.{DIFF.extension(name)}")


def _values() -> dict[Subject, object]:
    trace = api.trace_view(DRAFT, TELEGRAM)
    sources = [f"{DRAFT}#base", f"{DRAFT}#final", TELEGRAM]
    return {
        Subject.DIFF: api.compare(f"{DRAFT}#base", f"{DRAFT}#final"),
        Subject.COLLATION: api.collate(sources),
        Subject.TRACE: trace,
        Subject.DOCUMENT: api.document(f"{DRAFT}#base"),
        Subject.SYNOPSIS: api.read_all(sources),
        Subject.LAYERS: api.layers(DRAFT),
    }


@pytest.mark.parametrize("entry", FORMATS, ids=lambda f: f"{f.subject.value}-{f.name}")
def test_every_renderer_renders_its_subject(entry) -> None:  # type: ignore[no-untyped-def]
    value = _values()[entry.subject]
    out = REGISTRY[entry.subject].render(value, entry.name, FIXED)
    assert isinstance(out, str) and out.endswith("\n")
    if entry.extension == "html":
        assert out.startswith("<!DOCTYPE html>") and "revdiff 0.0.0" in out
    elif entry.extension == "xml":
        assert out.startswith('<?xml version="1.0"') and "2000-01-01" in out

"""Names that moved (issue 12): each still works at its old path, with a DeprecationWarning."""

from __future__ import annotations

import importlib

import pytest

from conftest import TEI_DIR
from revdiff import api
from revdiff.model import Metamark
from revdiff.sources import parse_spec
from revdiff.tei import parse_tei
from revdiff.tei.diplomatic import diplomatic

MOVED = [
    ("revdiff.collation", "Collation", "revdiff.model"),
    *[("revdiff.tracing", n, "revdiff.model") for n in ("Status", "Correction", "TraceEntry")],
    ("revdiff.tracing", "Trace", "revdiff.model"),
    *[("revdiff.tei.read", n, "revdiff.model") for n in ("TEIDocument", "Hand", "Change")],
    ("revdiff.tei.read", "Metamark", "revdiff.model"),
    ("revdiff.tei.read", "read_layer", "revdiff.tei.layers"),
    ("revdiff.tei.read", "layer_names", "revdiff.tei.layers"),
    *[("revdiff.tei", n, "revdiff.model") for n in ("TEIDocument", "Hand", "Change")],
    ("revdiff.tei", "to_tei", "revdiff.render.tei"),
    *[
        ("revdiff.tei.write", n, "revdiff.render.tei")
        for n in ("to_tei", "STYLES", "collation_to_tei", "collation_ids")
    ],
    *[
        ("revdiff.tei.diplomatic", n, "revdiff.model")
        for n in ("Run", "Group", "Subst", "FolioBreak", "Paragraph", "Diplomatic")
    ],
    ("revdiff.sources", "load_document", "revdiff.api"),
    ("revdiff.sources", "load_witness", "revdiff.api"),
]


@pytest.mark.parametrize(("old", "name", "new"), MOVED)
def test_a_moved_name_warns_and_is_the_same_object(old: str, name: str, new: str) -> None:
    module = importlib.import_module(old)
    with pytest.warns(DeprecationWarning, match=f"{old}.{name} has moved to {new}.{name}"):
        found = getattr(module, name)
    assert found is getattr(importlib.import_module(new), name)


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    import revdiff.tei.write

    with pytest.raises(AttributeError):
        revdiff.tei.write.nothing_here  # noqa: B018


def test_read_metamarks_is_the_walk_s_marks() -> None:
    from revdiff.tei.read import read_metamarks

    data = (TEI_DIR / "draft.xml").read_bytes()
    with pytest.warns(DeprecationWarning):
        marks = read_metamarks(data, "draft.xml")
    assert marks == parse_tei(data, "draft.xml").metamarks
    assert marks and all(isinstance(m, Metamark) for m in marks)


def test_diplomatic_with_marks_given_places_them_as_the_walk_does() -> None:
    doc = parse_tei((TEI_DIR / "draft.xml").read_bytes(), "draft.xml")
    with pytest.warns(DeprecationWarning):
        given = diplomatic(doc, doc.metamarks)
    assert given == diplomatic(doc)


def test_validate_in_tei_still_reads_a_path() -> None:
    from revdiff.tei.validate import validate

    path = TEI_DIR / "telegram.xml"
    with pytest.warns(DeprecationWarning):
        problems = validate(path, schema=False)
    assert problems == api.validate(path, schema=False) == []


def test_the_core_takes_values_and_says_where_sources_are_read() -> None:
    from revdiff.collation import collate
    from revdiff.tracing import trace

    draft = str(TEI_DIR / "draft.xml")
    with pytest.raises(TypeError, match="revdiff.collate reads sources"):
        collate([draft])
    with pytest.raises(TypeError, match="revdiff.trace reads sources"):
        trace(api.load_document(parse_spec(draft)), draft)  # type: ignore[arg-type]

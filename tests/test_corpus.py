"""Real TEI from other projects (../shared/corpus, see its README): every file is read, and read right.

The files are read from beside the checkout, never copied into it; under
``CI=true`` a missing corpus fails. Each file is parsed once per session.
A variant a test needs (a marker word planted in each deletion) is built
from the file inside the test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, require, schema_path
from revdiff import api
from revdiff.align import diff
from revdiff.model import TEIDocument
from revdiff.tei import parse_tei, read_layer
from revdiff.tei.elements import EXCLUDED
from revdiff.tei.layers import layer_counts
from revdiff.tei.read import parse_xml
from revdiff.tei.validate import validate
from revdiff.tokenize import plain_witness

CORPUS = ROOT.parent / "shared" / "corpus"
FILES = sorted(CORPUS.glob("*.xml")) if CORPUS.is_dir() else []
NAMES = [p.name for p in FILES] or ["(no corpus)"]
TEI = "{http://www.tei-c.org/ns/1.0}"


def corpus_file(name: str) -> Path:
    require(CORPUS.is_dir() and bool(FILES), f"the corpus is not at {CORPUS}")
    return CORPUS / name


@cache
def document(name: str) -> TEIDocument:
    return parse_tei(corpus_file(name).read_bytes(), name)


# What each file makes the reader say, and nothing else.
NOTICES = {
    "hypercollate_frankenstein-2_F.xml": ["TEI without its namespace (root <text>)"],
    "hypercollate_frankenstein-2_N.xml": ["TEI without its namespace (root <text>)"],
    "whitman_drafts_yal.00066.xml": ["TEI P4 (root <TEI.2>)"],
    "whitman_tex.00002.xml": ['xml:id="d1" is used again (first on line 80)'],
    "faust_391347_0029.xml": ["10 elements of namespace http://www.faustedition.net/ns skipped"],
}


@pytest.mark.parametrize("name", NAMES)
def test_every_file_is_read_and_says_what_was_assumed(name: str) -> None:
    doc = document(name)
    assert {"base", "final"} <= set(doc.layer_names())
    assert len(read_layer(doc, "base")) > 0  # (a whole page can be struck out in final)
    said = [n.message for n in doc.notices]
    expected = NOTICES.get(name, [])
    assert len(said) == len(expected) and all(
        m.startswith(e) for m, e in zip(said, expected, strict=True)
    ), said


@pytest.mark.parametrize("name", NAMES)
def test_counting_the_layers_gives_the_tokens_of_base_and_final(name: str) -> None:
    doc = document(name)
    counts = dict(layer_counts(doc))
    assert set(counts) == set(doc.layer_names())
    assert counts["base"] == len(read_layer(doc, "base"))
    assert counts["final"] == len(read_layer(doc, "final"))


def test_igntp_words_stay_apart_entities_expand_and_correctors_are_layers() -> None:
    doc = document("igntp_Bezae-Latin.xml")
    base, final = read_layer(doc, "base"), read_layer(doc, "final")
    words = corpus_file("igntp_Bezae-Latin.xml").read_bytes().count(b"<w ")
    assert len(base) > 0.9 * words  # 69,680 words once read as some 19,000 tokens
    assert "isdem autem recedentibus· ecce angelus" in base.text
    assert "hand:G" in doc.layer_names() and base.text != final.text
    assert "⸆" in final.text  # &om;, declared in the internal DTD subset


def test_teiphy_gives_each_witness_and_reads_the_lemma_by_default() -> None:
    doc = document("teiphy_ubs_ephesians.xml")
    witnesses = [n for n in doc.layer_names() if n.startswith("wit:")]
    assert len(witnesses) >= 73 and {"wit:P46", "wit:01*", "wit:UBS"} <= set(witnesses)
    ubs, p46 = read_layer(doc, "wit:UBS").text, read_layer(doc, "wit:P46").text
    assert ubs.startswith("εν εφεσω") and not p46.startswith("εν εφεσω")  # an omission
    assert read_layer(doc, "final").text != ubs  # the lemma, not a witness


def test_whitman_p4_reads_its_readings_as_stages() -> None:
    doc = document("whitman_drafts_yal.00066.xml")
    assert [n for n in doc.layer_names() if n.startswith("stage:")] == ["stage:1", "stage:2"]
    assert read_layer(doc, "stage:1").text == read_layer(doc, "base").text
    assert read_layer(doc, "stage:2").text == read_layer(doc, "final").text
    assert read_layer(doc, "base").text != read_layer(doc, "final").text


def test_faust_reads_its_transposition_at_its_stage_and_undoes_it_after() -> None:
    doc = document("faust_391347.xml")
    rest = "des Kriegers und des Bürgers Kraft"  # l_8778_rest, after l_8778_entnervende

    def first(layer: str) -> bool:
        text = read_layer(doc, layer).text
        return next(p for p in text.split("\n\n") if rest in p).startswith(rest)

    assert first("change:verband_l_8778_stage2")
    assert not first("change:verband_l_8778_stage1") and not first("final")


def test_sga_reads_its_transposition_of_a_milestone_passage_and_a_line() -> None:
    final = read_layer(document("sga_ox-ms_abinger_c56-0108.xml"), "final").text
    assert "the dead calmness of inaction & certainty" in final


def test_the_faust_page_with_its_vocabulary_reads_as_its_textual_twin() -> None:
    # faust_391347_0029.xml is the page of faust_391347.xml that holds lines 8984-9000.
    page = parse_tei(
        corpus_file("faust_391347_0029.xml").read_bytes(),
        "faust_391347_0029.xml",
        vocabulary=api.load_vocabulary("faust"),
    )
    twin = read_layer(document("faust_391347.xml"), "final").text
    start, end = "Es iſt geſchichtlich", "cimmeriſcher Nacht,"
    lines = plain_witness(
        " ".join(twin[twin.index(start) : twin.index(end) + len(end)].split()), "t", "t"
    )

    def edits(layer: str) -> int:
        text = read_layer(page, layer).text
        stats = diff(
            plain_witness(" ".join(text[text.index(start) :].split()), "p", "p"), lines
        ).stats()
        return stats.tokens_deleted + stats.tokens_inserted

    assert edits("final") <= 2 < 30 < edits("base")


# -- planted markers -----------------------------------------------------------------

_REVISION_ANCESTORS = frozenset(["add", "del", "restore", "rdg", "lem", "choice"]) | EXCLUDED
_SPANS = frozenset(["addSpan", "delSpan", "undo", "redo"])


def _name(el: etree._Element) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None
    return tag[len(TEI) :] if tag.startswith(TEI) else None if tag.startswith("{") else tag


def _walked(root: etree._Element) -> etree._Element:
    if _name(root) not in ("TEI", "TEI.2", "teiCorpus") or _name(root) == "text":
        return root
    for name in ("text", "sourceDoc"):
        found = [e for e in root.iter() if _name(e) == name]
        if found:
            return found[0]
    return root


def _plantable(walked: etree._Element) -> list[etree._Element]:
    """The elements of the walked text that stand in no revision, span, choice or reading,
    nor in what is not running text, and are not undone."""
    undone = {
        p[1:]
        for e in walked.getroottree().getroot().iter()
        if _name(e) in ("undo", "redo")
        for p in (e.get("target") or "").split()
    }
    inside_spans: set[etree._Element] = set()
    waiting: dict[str, int] = {}
    for e in walked.iter(etree.Element):
        ident = e.get("{http://www.w3.org/XML/1998/namespace}id") or e.get("id")
        if ident in waiting:
            del waiting[ident]
        if waiting:
            inside_spans.add(e)
        if _name(e) in _SPANS and e.get("spanTo"):
            waiting[e.get("spanTo", "").lstrip("#")] = 1
    found = []
    for e in walked.iter(etree.Element):
        if e in inside_spans or _name(e) is None:
            continue
        ancestors = list(e.iterancestors())
        ancestors = ancestors[: ancestors.index(walked)] if walked in ancestors else ancestors
        if any(_name(a) in _REVISION_ANCESTORS or _name(a) is None for a in ancestors):
            continue
        ids = {x.get("{http://www.w3.org/XML/1998/namespace}id") for x in [e, *ancestors]}
        if ids & undone:
            continue
        found.append(e)
    return found


NOTHING_TO_PLANT = {
    "faust_391347_0029.xml",  # its revisions are in the Faust vocabulary
    "teiguidelines_TC-CriticalApparatus.xml",  # examples only
    "teiphy_ubs_ephesians.xml",  # witnesses, not revisions
    "whitman_loc.00013.xml",  # a delSpan cancels the whole page
}


@pytest.mark.parametrize("name", NAMES)
def test_a_marker_planted_in_a_revision_shows_in_the_layers_it_belongs_to(name: str) -> None:
    # A word put into each del (not nested in another revision) is in base and
    # not in final, the reverse for add; the same for IGNTP's orig and its last corr.
    root = parse_xml(corpus_file(name).read_bytes(), name)
    planted: dict[str, tuple[bool, bool]] = {}  # marker -> (in base, in final)
    for number, e in enumerate(_plantable(_walked(root))):
        kind = _name(e)
        if kind == "app":
            readings = [r for r in e if _name(r) == "rdg"]
            typed = [r for r in readings if r.get("type") in ("orig", "corr")]
            if not typed or any(r.get("varSeq") for r in readings):
                continue
            targets = [(typed[0], (True, False)), (typed[-1], (False, True))]
        elif kind in ("del", "add"):
            targets = [(e, (True, False) if kind == "del" else (False, True))]
        else:
            continue
        for k, (target, where) in enumerate(targets):
            marker = f"qxz{kind}{number}x{k}"
            target.text = f" {marker} " + (target.text or "")
            planted[marker] = where
    # Where every revision is inside another (a page struck out whole) or there is none.
    assert bool(planted) == (name not in NOTHING_TO_PLANT), name
    if not planted:
        return
    doc = parse_tei(etree.tostring(root, encoding="utf-8"), name)
    base = set(read_layer(doc, "base").text.split())
    final = set(read_layer(doc, "final").text.split())
    wrong = {m: w for m, w in planted.items() if (m in base, m in final) != w}
    assert not wrong, f"{len(wrong)} of {len(planted)} markers misplaced: {sorted(wrong)[:5]}"


# -- validation, against jing --------------------------------------------------------


@pytest.mark.schema
def test_validate_gives_jing_s_verdict_on_every_file(tei_schema) -> None:  # type: ignore[no-untyped-def]
    jing = shutil.which("jing")
    require(jing is not None, "jing is not installed (.ci/run installs it)")
    require(bool(FILES), f"the corpus is not at {CORPUS}")
    rng = schema_path()

    def valid_to_jing(path: Path) -> bool:  # one file a run: jing stops at a fatal error
        done = subprocess.run([str(jing), str(rng), str(path)], capture_output=True, check=False)
        return done.returncode == 0 and not re.search(rb": (error|fatal): ", done.stdout)

    with ThreadPoolExecutor(max_workers=2) as pool:
        verdicts = dict(zip(FILES, pool.map(valid_to_jing, FILES), strict=True))
    invalid = {path.name for path, valid in verdicts.items() if not valid}
    assert "whitman_loc.00013.xml" not in invalid and len(invalid) == len(FILES) - 1
    for path in FILES:
        problems = validate(path.read_bytes(), tei_schema, source=path.name)  # libxml2
        assert bool(problems) == (path.name in invalid), (path.name, problems[:3])
    # And through jing itself, as revdiff validate runs it where it is installed.
    for name in ("whitman_loc.00013.xml", "whitman_tex.00002.xml"):
        problems = validate(corpus_file(name).read_bytes(), rng, source=name)
        assert bool(problems) == (name in invalid), (name, problems[:3])

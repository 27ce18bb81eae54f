"""What the reader gives the views beside the running text: notes with their own
revisions, the numbers of verse lines, the images of pages, and each change once.

Small inline TEI, the seed, and files of ../shared/corpus (read once per session).
"""

from __future__ import annotations

import pytest

from conftest import ROOT, TEI_DIR, require
from revdiff.model import FolioBreak, Group, Note, NoteRef, TEIDocument
from revdiff.tei import parse_tei, read_layer
from revdiff.tei.diplomatic import diplomatic
from revdiff.tei.facsimile import safe_image

CORPUS = ROOT.parent / "shared" / "corpus"
TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0">{header}{body}</TEI>'
HEADER = """<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>
<profileDesc><creation>{changes}</creation></profileDesc></teiHeader>"""


def doc(body: str, changes: str = "") -> TEIDocument:
    xml = TEI.format(header=HEADER.format(changes=changes), body=body)
    return parse_tei(xml.encode(), "t.xml")


@pytest.fixture(scope="session")
def corpus() -> dict[str, TEIDocument]:
    """The corpus files the views are checked on, each parsed once."""
    require(CORPUS.is_dir(), f"{CORPUS} not found (the corpus beside the checkout)")
    names = ["faust_391347.xml", "faust_G-30_03.xml", "whitman_loc.00013.xml"]
    names += ["sga_ox-ms_abinger_c56-0108.xml", "sga_ox-ms_abinger_c57-0166.xml"]
    return {n: parse_tei((CORPUS / n).read_bytes(), n) for n in names}


# --- notes -------------------------------------------------------------------


def test_the_seeds_archival_notes_keep_their_deletion() -> None:
    draft = parse_tei((TEI_DIR / "draft.xml").read_bytes(), "draft.xml")
    view = diplomatic(draft)
    kinds = [n.note.kind for n in view.notes]
    assert kinds == ["editorial", "editorial", "archival", "archival", "archival"]
    certified = view.notes[2]
    struck = certified.paragraphs[0].nodes[0]
    assert isinstance(struck, Group) and struck.revision.is_deletion
    assert "".join(r.text for r in struck.children).strip() == "О подлинном верно:"
    assert struck.revision.change == "office-annotation"
    layers = view.layers
    # Struck in the layers that apply the office's change, there in the base.
    assert layers.index("base") not in struck.children[0].hidden
    assert layers.index("final") in struck.children[0].hidden
    # Each note is referred to from the text, once, in order.
    refs = [n.number for p in view.paragraphs for n in p.nodes if isinstance(n, NoteRef)]
    assert refs == [1, 2, 3, 4, 5]
    # The notes stay out of the running text of every layer.
    assert "Поскребышеву" not in read_layer(draft, "base").text


def test_a_note_is_read_on_its_own_and_names_its_revisions_apart() -> None:
    body = (
        '<text><body><p>раз <del hand="#s">два<note type="editorial" hand="#ed">'
        "<del>старое</del> новое</note></del> три <del>четыре</del></p></body></text>"
    )
    d = doc(body)
    ids = [r.id for r in d.revisions]
    assert ids == ["del-1", "del-2"]  # the note's deletion counts apart from the text's
    (note,) = [i for i in d.items if isinstance(i, Note)]
    assert (note.kind, note.hand) == ("editorial", "ed")
    inside = {r.id for i in note.items for r in getattr(i, "revisions", ())}
    assert inside == {"del-1", "note1-del-1"}  # in the deletion around it, and its own
    assert read_layer(d, "final").text.split() == ["раз", "три"]


def test_a_stamp_is_a_notes_text() -> None:
    telegram = parse_tei((TEI_DIR / "telegram.xml").read_bytes(), "telegram.xml")
    view = diplomatic(telegram)
    stamps = [n for n in view.notes if n.note.kind == "stamp"]
    assert stamps and all(n.paragraphs for n in stamps)
    first = "".join(getattr(x, "text", "") for x in stamps[0].paragraphs[0].nodes)
    assert first.startswith("ПОДЛЕЖИТ ВОЗВРАТУ")


# --- verse ------------------------------------------------------------------


def test_a_verse_line_gives_its_number_to_its_tokens_and_paragraph() -> None:
    body = '<text><body><lg><l n="5">Habe nun, ach!</l><l n="6">Juristerei</l></lg><p>Prosa</p></body></text>'
    d = doc(body)
    w = read_layer(d, "final")
    verses = [w.origin(i).verse for i in range(len(w))]  # type: ignore[union-attr]
    assert verses == ["5"] * 5 + ["6", None]
    assert [p.verse for p in diplomatic(d).paragraphs] == ["5", "6", None]


def test_faust_lines_are_numbered(corpus: dict[str, TEIDocument]) -> None:
    paragraphs = diplomatic(corpus["faust_391347.xml"]).paragraphs
    numbers = [p.verse for p in paragraphs if p.verse]
    assert len(numbers) > 700 and "8489" in numbers and "8550" in numbers


# --- facsimiles ---------------------------------------------------------------


def test_a_page_links_to_its_image_by_pointer_or_address() -> None:
    body = (
        '<facsimile><surface xml:id="s1"><graphic url="https://x.org/iiif/f1/info.json"/></surface>'
        '<surface xml:id="s2"><graphic url="javascript:alert(1)"/></surface></facsimile>'
        '<text><body><p><pb n="1" facs="#s1"/>eins <pb n="2" facs="#s2"/>zwei '
        '<pb n="3" facs="f3.jpg"/>drei</p></body></text>'
    )
    view = diplomatic(doc(body))
    pages = [n for p in view.paragraphs for n in p.nodes if isinstance(n, FolioBreak)]
    assert [(f.folio, f.facs) for f in pages] == [
        ("1", "https://x.org/iiif/f1/full/max/0/default.jpg"),
        ("2", None),  # an address a page must not link to
        ("3", "f3.jpg"),
    ]


def test_safe_image_keeps_only_what_a_page_can_link_to() -> None:
    assert safe_image("HTTPS://Example.org/a.jpg") == "HTTPS://Example.org/a.jpg"
    for bad in ("java\tscript:alert(1)", "data:image/png;base64,AA", "file:///etc/passwd"):
        assert safe_image(bad) is None
    assert safe_image("vbscript:x") is None and safe_image(" javascript:x") is None


def test_corpus_pages_link_their_images(corpus: dict[str, TEIDocument]) -> None:
    sga = diplomatic(corpus["sga_ox-ms_abinger_c56-0108.xml"])
    (page,) = [n for p in sga.paragraphs for n in p.nodes if isinstance(n, FolioBreak)][:1]
    assert page.facs is not None and page.facs.startswith("https://iiif.bodleian.ox.ac.uk/")
    assert page.facs.endswith("/full/max/0/default.jpg")
    whitman = diplomatic(corpus["whitman_loc.00013.xml"])
    images = [n.facs for p in whitman.paragraphs for n in p.nodes if isinstance(n, FolioBreak)]
    assert images and images[0] == "loc.00013.001.jpg"


# --- changes ------------------------------------------------------------------


def test_nested_lists_of_changes_give_each_change_once() -> None:
    changes = (
        '<listChange><change xml:id="a">A</change><listChange>'
        '<change xml:id="b">B</change><listChange><change xml:id="c">C</change></listChange>'
        '</listChange><change xml:id="d">D</change></listChange>'
    )
    d = doc("<text><body><p>x</p></body></text>", changes)
    assert [c.id for c in d.changes] == ["a", "b", "c", "d"]


def test_faust_changes_once_each(corpus: dict[str, TEIDocument]) -> None:
    ids = [c.id for c in corpus["faust_391347.xml"].changes]
    assert len(ids) == len(set(ids)) == 45

"""Witness layers from an apparatus, transpositions, and project vocabularies (revdiff.tei).

The apparatus round trips go through the CLI, as a user would: collate or
diff to TEI, then ``revdiff text OUT#wit:ID``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import tei
from revdiff import api
from revdiff.cli import cli
from revdiff.errors import InputError
from revdiff.tei import parse_tei, read_layer
from revdiff.tei.layers import layer_counts
from revdiff.tei.vocabulary import parse_vocabulary


def layers(data: bytes) -> dict[str, str]:
    doc = parse_tei(data, "t.xml")
    return {name: read_layer(doc, name).text for name in doc.layer_names()}


WITNESSES = (
    '<fileDesc><sourceDesc><listWit><witness xml:id="A"/><witness xml:id="B"/>'
    '<witness xml:id="C"/></listWit></sourceDesc></fileDesc>'
)


def test_parallel_segmentation_gives_each_witness_and_the_lemma() -> None:
    body = (
        '<p>a <app><lem wit="#A">x</lem><rdg wit="#B #C">y</rdg></app> b '
        '<app><lem>p</lem><rdg wit="#C">q</rdg></app></p>'
    )
    assert layers(tei(body, WITNESSES)) == {
        "base": "a x b p\n",
        "final": "a x b p\n",
        "wit:A": "a x b p\n",
        "wit:B": "a y b p\n",  # a lem without @wit: every witness no rdg names
        "wit:C": "a y b q\n",
    }


def test_witnesses_named_only_in_wit_are_layers_too() -> None:
    body = '<p><app><lem/><rdg wit="01* 424C">εν εφεσω</rdg><rdg wit="P46"/></app> τοις</p>'
    found = layers(tei(body))
    assert (found["wit:01*"], found["wit:P46"], found["final"]) == (
        "εν εφεσω τοις\n",
        "τοις\n",
        "τοις\n",
    )


def test_scribal_corrections_are_base_final_and_a_layer_per_corrector() -> None:
    body = (
        '<p>a <app><rdg type="orig" hand="p.m."><w>uocauis</w></rdg>'
        '<rdg type="corr" hand="G"><w>uocabis</w></rdg><rdg type="corr" hand="H"><w>uocabit</w></rdg>'
        "</app> b</p>"
    )
    assert layers(tei(body)) == {
        "base": "a uocauis b\n",
        "final": "a uocabit b\n",
        "hand:G": "a uocabis b\n",
        "hand:H": "a uocabit b\n",
    }


def test_varseq_readings_are_stages_in_their_order() -> None:
    body = (
        '<p>a <app><rdg varSeq="2"><add type="overwrite">new</add></rdg>'
        '<rdg varSeq="1"><del type="overwrite">old</del></rdg></app> b '
        '<app><rdg varSeq="3">third</rdg><rdg varSeq="1">first</rdg></app></p>'
    )
    doc = parse_tei(tei(body), "t.xml")
    assert doc.layer_names() == ("base", "final", "stage:1", "stage:2", "stage:3")
    assert [read_layer(doc, name).text for name in doc.layer_names()] == [
        "a old b first\n",
        "a new b third\n",
        "a old b first\n",
        "a new b first\n",
        "a new b third\n",
    ]


WORDS = {
    "A": "The first witness reads this sentence.\n\nA second paragraph, here.\n",
    "B": "The first witness writes this sentence!\n\nA second paragraph, there.\n",
    "C": "The witness reads this long sentence.\n\nA second paragraph.\n\nA third one.\n",
}


def test_a_collation_written_as_tei_gives_each_witness_back_exactly(tmp_path: Path) -> None:
    paths = []
    for name, words in WORDS.items():
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(words, encoding="utf-8")
    out = tmp_path / "app.xml"
    runner = CliRunner()
    made = runner.invoke(cli, ["collate", *map(str, paths), "-f", "tei", "-o", str(out)])
    assert made.exit_code == 0, made.output
    listed = runner.invoke(cli, ["layers", str(out)])
    assert all(f"wit:{name}" in listed.stdout for name in WORDS)
    for name, words in WORDS.items():
        result = runner.invoke(cli, ["text", f"{out}#wit:{name}"])
        assert (result.exit_code, result.stdout) == (0, words)


def test_a_diff_written_as_an_apparatus_gives_both_witnesses_back(tmp_path: Path) -> None:
    a, b = tmp_path / "A.txt", tmp_path / "B.txt"
    a.write_text(WORDS["A"], encoding="utf-8")
    b.write_text(WORDS["C"], encoding="utf-8")
    out = tmp_path / "d.xml"
    runner = CliRunner()
    made = runner.invoke(
        cli, ["diff", str(a), str(b), "-f", "tei", "--tei-style", "apparatus", "-o", str(out)]
    )
    assert made.exit_code == 1, made.output
    assert runner.invoke(cli, ["text", f"{out}#wit:A"]).stdout == WORDS["A"]
    assert runner.invoke(cli, ["text", f"{out}#wit:B"]).stdout == WORDS["C"]


# -- transpositions --------------------------------------------------------------------

CHANGES = (
    '<profileDesc><creation><listChange><change xml:id="c1"/><change xml:id="c2"/>'
    '<change xml:id="c3"/></listChange></creation></profileDesc>'
)


def test_a_transposition_applies_from_its_change_on_until_its_undo() -> None:
    body = (
        '<p><seg xml:id="a">one two</seg> <seg xml:id="b">three</seg> four'
        '<undo change="#c3" target="#t"/></p>'
        '<listTranspose><transpose xml:id="t" change="#c2"><ptr target="#b"/><ptr target="#a"/>'
        "</transpose></listTranspose>"
    )
    data = tei(body, CHANGES)
    assert layers(data) == {
        "base": "one two three four\n",
        "final": "one two three four\n",  # undone at c3
        "change:c1": "one two three four\n",
        "change:c2": "three one two four\n",
        "change:c3": "one two three four\n",
    }
    doc = parse_tei(data, "t.xml")
    assert layer_counts(doc) == tuple((n, len(read_layer(doc, n))) for n in doc.layer_names())


def test_a_transposition_of_lines_and_of_a_passage_up_to_an_anchor() -> None:
    body = (
        '<lg><l xml:id="l1">first line</l><l xml:id="l2">second line</l></lg>'
        '<p><milestone unit="passage" xml:id="m" spanTo="#e"/>moved words<anchor xml:id="e"/> '
        '<seg xml:id="s">stay</seg></p>'
        '<listTranspose><transpose><ptr target="#l2"/><ptr target="#l1"/></transpose>'
        '<transpose><ptr target="#s"/><ptr target="#m"/></transpose></listTranspose>'
    )
    assert layers(tei(body))["final"] == "second line\n\nfirst line\n\nstay moved words\n"


def test_a_transposition_that_cannot_apply_is_said_not_to() -> None:
    body = (
        '<p><seg xml:id="a">one <seg xml:id="b">two</seg></seg></p>'
        '<listTranspose><transpose><ptr target="#b"/><ptr target="#a"/></transpose>'
        '<transpose><ptr target="#a"/><ptr target="#gone"/></transpose></listTranspose>'
    )
    doc = parse_tei(tei(body), "t.xml")
    assert read_layer(doc).text == "one two\n"
    assert [n.message.split(": ", 1)[1][:24] for n in doc.notices] == [
        "its passages overlap or ",
        'no passage with xml:id="',
    ]


def test_the_document_view_marks_the_passages_in_their_new_order(tmp_path: Path) -> None:
    path = tmp_path / "t.xml"
    path.write_bytes(
        tei(
            '<p><seg xml:id="a">one</seg> <seg xml:id="b">two</seg></p><listTranspose>'
            '<transpose><ptr target="#b"/><ptr target="#a"/></transpose></listTranspose>'
        )
    )
    page = api.document(str(path))
    from revdiff.render import DOCUMENT, RenderOptions

    html = DOCUMENT.render(page, "html", RenderOptions())
    assert '<sup class="order" aria-hidden="true">2</sup>one</span>' in html
    assert '<sup class="order" aria-hidden="true">1</sup>two</span>' in html


# -- project vocabularies ----------------------------------------------------------------

FAUSTISH = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:f="http://www.faustedition.net/ns">'
    "<teiHeader/><sourceDoc><surface><zone>"
    '<line type="inter" f:left="#v">ein Vorwurf</line>'
    '<line>keineswegs <mod rend="strikethrough" hand="#g"><anchor xml:id="v"/>vorwürflich</mod>'
    ' iſts. Haus<f:overw><f:under>,</f:under><f:over>?</f:over></f:overw> zehen<anchor xml:id="l"/>'
    " Jahre</line>"
    '<line type="inter"><f:ins f:at="#l">lange</f:ins></line>'
    "</zone></surface></sourceDoc></TEI>"
).encode()


def test_the_faust_vocabulary_reads_a_documentary_transcript_in_two_layers() -> None:
    plain = parse_tei(FAUSTISH, "f.xml")
    assert read_layer(plain, "base").text == read_layer(plain, "final").text
    doc = parse_tei(FAUSTISH, "f.xml", vocabulary=api.load_vocabulary("faust"))
    assert read_layer(doc, "base").text == "keineswegs vorwürflich iſts. Haus, zehen Jahre\n"
    assert read_layer(doc, "final").text == "keineswegs ein Vorwurf iſts. Haus? zehen lange Jahre\n"
    assert "hand:g" in doc.layer_names()


def test_a_vocabulary_file_is_read_from_the_command_line(tmp_path: Path) -> None:
    vocabulary = tmp_path / "v.toml"
    vocabulary.write_text(
        '[namespaces]\np = "urn:project"\n[[deletion]]\nelement = "p:strike"\n'
        '[[addition]]\nelement = "hi"\nattributes = { rend = ["caret", "sup"] }\n',
        encoding="utf-8",
    )
    source = tmp_path / "t.xml"
    source.write_bytes(
        tei('<p xmlns:p="urn:project">a <p:strike>b</p:strike> <hi rend="sup bold">c</hi></p>')
    )
    runner = CliRunner()
    base = runner.invoke(cli, ["text", f"{source}#base", "--vocabulary", str(vocabulary)])
    final = runner.invoke(cli, ["text", str(source), "--vocabulary", str(vocabulary)])
    assert (base.stdout, final.stdout) == ("a b\n", "a c\n")
    bad = runner.invoke(cli, ["text", str(source), "--vocabulary", str(tmp_path / "none.toml")])
    assert (
        bad.exit_code == 2 and bad.stderr.startswith("revdiff: ") and "no such file" in bad.stderr
    )


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('[[deletion]]\nelement = "f:x"\n', "no namespace declared for prefix 'f'"),
        ('[[deletion]]\nelement = "mod"\nrend = "x"\n', "unknown key 'rend'"),
        ('[[erasure]]\nelement = "mod"\n', "unknown section 'erasure'"),
        ('[[placement]]\nelement = "seg"\n', "a placement needs `at`"),
        ("deletion = 3\n", "must be a list of tables"),
        ("[[deletion]\n", "not a vocabulary"),
        ("", "names no element"),
    ],
)
def test_a_vocabulary_that_says_nothing_clear_is_refused_with_its_reason(
    toml: str, words: str
) -> None:
    with pytest.raises(InputError, match=f"v.toml: .*{words}"):
        parse_vocabulary(toml, "v.toml")

"""revdiff.tracing: where each correction of the draft went in a later witness."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import TEI_DIR
from revdiff.api import load_document, load_witness, trace
from revdiff.cli import cli
from revdiff.model import Status, Trace, TraceEntry
from revdiff.sources import parse_spec
from revdiff.tei import parse_tei, read_layer
from revdiff.tokenize import Normalizer, plain_witness
from revdiff.tracing import corrections

DRAFT = str(TEI_DIR / "draft.xml")
TELEGRAM = str(TEI_DIR / "telegram.xml")


def _tei(body: str) -> bytes:
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>' + body + "</body></text></TEI>"
    ).encode()


def _trace(body: str, target: str) -> Trace:
    return trace(parse_tei(_tei(body), "d.xml"), plain_witness(target, "t.txt", "t"))


def _one(result: Trace) -> TraceEntry:
    found = [e for e in result.entries if e.status is not Status.COPY]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def seed() -> Trace:
    return trace(DRAFT, TELEGRAM)


def _by_reading(result: Trace, base: str, final: str) -> TraceEntry:
    found = [e for e in result.entries if e.base == base and e.final == final]
    assert len(found) == 1, (base, final, result.entries)
    return found[0]


# --- the seed: the historian's expectations -------------------------------------------


def test_every_correction_of_the_running_text_is_traced(seed: Trace) -> None:
    doc = load_document(parse_spec(DRAFT))
    traced = [e for e in seed.entries if e.status is not Status.COPY]
    assert [e.revisions for e in traced] == [
        tuple(r.id for r in c.revisions) for c in corrections(doc)
    ]
    # Every revision the draft's layers hold is in exactly one correction.
    assert sorted(r for e in traced for r in e.revisions) == sorted(r.id for r in doc.revisions)


def test_seed_statuses(seed: Trace) -> None:
    assert _by_reading(seed, "нас", "коммунистов").status is Status.ADOPTED
    assert _by_reading(seed, "из числа", "").status is Status.ADOPTED
    assert _by_reading(seed, "некоторое", "не большее").status is Status.REJECTED
    industrialization = [e for e in seed.entries if e.revisions == ("industrialization",)]
    assert [e.status for e in industrialization] == [Status.ADOPTED]
    assert industrialization[0].kind == "add"
    # Folio 60: the telegram rewrote the passage.
    assert _by_reading(seed, "", "русских кадрах и интеллигенции").status is Status.OTHER
    assert _by_reading(seed, "наших", "совершенных").status is Status.OTHER


def test_statuses_agree_with_the_texts(seed: Trace) -> None:
    """What each status claims is what the readings show (punctuation aside)."""

    def words(text: str) -> list[str]:
        return Normalizer(ignore_punctuation=True).key(text).split()

    for e in seed.entries:
        if e.status is Status.ADOPTED:
            assert words(e.target) == words(e.final)
        elif e.status is Status.REJECTED:
            assert e.target == e.base
        elif e.status is Status.OTHER:
            assert e.target not in (e.base, e.final)
        elif e.status is Status.COPY:
            assert e.final != e.target
            assert e.hand is None and e.change is None


def test_corrections_carry_hand_change_and_place(seed: Trace) -> None:
    doc = load_document(parse_spec(DRAFT))
    revisions = {r.id: r for r in doc.revisions}
    for e in seed.entries:
        if e.status is Status.COPY:
            continue
        first = revisions[e.revisions[0]]
        assert e.line == first.line
        assert e.hand in {revisions[r].hand for r in e.revisions}
        assert e.change in {revisions[r].change for r in e.revisions}
    folio_60 = _by_reading(seed, "наших", "совершенных")
    assert folio_60.folio == "60"


def _copies(result: Trace) -> list[tuple[str, str]]:
    return [(e.final, e.target) for e in result.entries if e.status is Status.COPY]


def _has_copy(result: Trace, final_word: str, target_word: str) -> bool:
    return any(final_word in f.split() and target_word in t.split() for f, t in _copies(result))


def test_copy_differences(seed: Trace) -> None:
    telegram = load_witness(parse_spec(TELEGRAM)).text
    final = read_layer(load_document(parse_spec(DRAFT)), "final").text
    for draft_word, telegram_word in [
        ("Передайте", "Передай"),
        ("Дзе-дуну", "Цзе-дуну"),
        ("Объясняем", "Об'ясняем"),
        ("финансовых", "финансов"),
        ("ФИЛИПШОВ", "ФИЛИППОВ."),
    ]:
        assert draft_word in final and telegram_word in telegram
        assert _has_copy(seed, draft_word, telegram_word), (draft_word, _copies(seed))
    # The industrialization sentence lost its parentheses in copying.
    assert ("(", "") in _copies(seed) and (")", "") in _copies(seed)


def test_hard_sign_preset_hides_the_typewriter_apostrophe() -> None:
    result = trace(DRAFT, TELEGRAM, normalizer=Normalizer(tables=("hard-sign",)))
    assert not _has_copy(result, "Объясняем", "Об'ясняем")
    assert _has_copy(result, "Передайте", "Передай")


def test_office_annotation_is_left_out(seed: Trace) -> None:
    """The struck "О подлинном верно:" stands in an archival note, outside the running text."""
    assert "О подлинном верно" in (TEI_DIR / "draft.xml").read_text(encoding="utf-8")
    assert all("подлинном" not in e.base + e.final for e in seed.entries)
    assert all(e.change != "office-annotation" for e in seed.entries)


def test_counts_add_up(seed: Trace) -> None:
    counts = seed.counts()
    status = counts["status"]
    assert isinstance(status, dict)
    assert sum(status.values()) == len(seed.entries)
    for s in Status:
        assert status[s.value] == sum(1 for e in seed.entries if e.status is s)
    hands = counts["hand"]
    assert isinstance(hands, dict)
    corrections_traced = [e for e in seed.entries if e.status is not Status.COPY]
    assert sum(sum(v.values()) for v in hands.values()) == len(corrections_traced)


# --- small documents: each status, each kind ------------------------------------------

SUBST = "<p>one two <subst><del>three</del><add>four</add></subst> five six</p>"


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("one two four five six", Status.ADOPTED),
        ("one two three five six", Status.REJECTED),
        ("one two seven five six", Status.OTHER),
    ],
)
def test_subst_statuses(target: str, status: Status) -> None:
    entry = _one(_trace(SUBST, target))
    assert (entry.kind, entry.base, entry.final) == ("subst", "three", "four")
    assert entry.status is status
    assert entry.target == target.split()[2]


def test_deletion_kept_by_the_target_is_rejected() -> None:
    entry = _one(_trace("<p>one two <del>three</del> four five</p>", "one two three four five"))
    assert (entry.kind, entry.status, entry.target) == ("del", Status.REJECTED, "three")


def test_a_lost_passage_is_absent_and_its_loss_a_copy_difference() -> None:
    body = "<p>alpha beta gamma.</p><p>one two <add>three</add> four five</p><p>x y z</p>"
    result = _trace(body, "alpha beta gamma. x y z")
    assert _one(result).status is Status.ABSENT
    assert ("one two three four five", "") in _copies(result)


def test_an_addition_alone_missing_is_rejected_not_absent() -> None:
    entry = _one(_trace("<p>one two <add>three</add> four five</p>", "one two four five"))
    assert entry.status is Status.REJECTED


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("one two three four five", Status.ADOPTED),
        ("one two four five", Status.REJECTED),
    ],
)
def test_restore(target: str, status: Status) -> None:
    body = '<p>one two <restore hand="#b"><del hand="#a">three</del></restore> four five</p>'
    entry = _one(_trace(body, target))
    assert (entry.kind, entry.hand, entry.base, entry.final) == ("restore", "b", "", "three")
    assert entry.status is status


def test_del_span() -> None:
    body = '<p>one two <delSpan spanTo="#x" hand="#a"/>three four<anchor xml:id="x"/> five</p>'
    entry = _one(_trace(body, "one two five"))
    assert (entry.kind, entry.hand, entry.base, entry.status) == (
        "delSpan",
        "a",
        "three four",
        Status.ADOPTED,
    )


def test_an_addition_and_a_deletion_apart_are_two_corrections() -> None:
    body = "<p>a <add>b</add> c <del>d</del> e</p>"
    result = _trace(body, "a b c d e")
    assert [(e.kind, e.status) for e in result.entries] == [
        ("add", Status.ADOPTED),
        ("del", Status.REJECTED),
    ]


def test_normalizer_applies_to_both_sides() -> None:
    body = "<p>Один <subst><del>два</del><add>ТРИ</add></subst> четыре</p>"
    plain = _one(_trace(body, "один три четыре"))
    assert plain.status is Status.OTHER
    folded = trace(
        parse_tei(_tei(body), "d.xml"),
        plain_witness("один три четыре", "t", "t"),
        normalizer=Normalizer(ignore_case=True),
    )
    assert [e.status for e in folded.entries] == [Status.ADOPTED]


# --- the command ----------------------------------------------------------------------


def test_cli_json() -> None:
    result = CliRunner().invoke(cli, ["trace", DRAFT, TELEGRAM, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) >= {"entries", "counts"}
    expected = trace(DRAFT, TELEGRAM)
    assert len(document["entries"]) == len(expected.entries)
    for got, want in zip(document["entries"], expected.entries, strict=True):
        assert set(got) >= {"status", "hand", "change", "base", "final", "target", "location"}
        assert set(got["location"]) >= {"line", "folio"}
        assert (got["status"], got["base"], got["final"], got["target"]) == (
            want.status.value,
            want.base,
            want.final,
            want.target,
        )
    assert document["counts"] == expected.counts()


def test_cli_text_is_deterministic_and_names_each_status() -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["trace", DRAFT, TELEGRAM])
    second = runner.invoke(cli, ["trace", DRAFT, TELEGRAM])
    assert first.exit_code == 0 and first.stdout == second.stdout
    for status in ("adopted", "rejected", "other", "copy"):
        assert status in first.stdout
    assert "коммунистов" in first.stdout


def test_cli_hard_sign_option() -> None:
    result = CliRunner().invoke(cli, ["trace", DRAFT, TELEGRAM, "-n", "hard-sign", "-f", "json"])
    assert result.exit_code == 0
    finals = [e["final"] for e in json.loads(result.stdout)["entries"]]
    assert "Объясняем" not in finals


def test_cli_output_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "trace.json"
    result = CliRunner().invoke(cli, ["trace", DRAFT, TELEGRAM, "-f", "json", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["entries"]


def test_cli_errors_are_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    plain = tmp_path / "plain.txt"
    plain.write_text("not TEI", encoding="utf-8")
    result = CliRunner().invoke(cli, ["trace", str(plain), TELEGRAM])
    assert result.exit_code == 2
    assert result.stderr.startswith("revdiff: ") and result.stderr.count("\n") == 1
    missing = CliRunner().invoke(cli, ["trace", DRAFT, str(tmp_path / "none.xml")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr


# --- properties -----------------------------------------------------------------------


def test_the_draft_against_its_own_layers() -> None:
    doc = load_document(parse_spec(DRAFT))
    final = trace(doc, read_layer(doc, "final"))
    base = trace(doc, read_layer(doc, "base"))
    assert {e.status for e in final.entries} == {Status.ADOPTED}
    assert {e.status for e in base.entries} == {Status.REJECTED}
    assert len(final.entries) == len(base.entries) == len(corrections(doc))


_KINDS = st.sampled_from(["text", "text", "text", "del", "add", "subst"])


@settings(max_examples=80, deadline=None)
@given(st.lists(_KINDS, min_size=1, max_size=25))
def test_every_correction_is_adopted_by_the_final_layer_and_rejected_by_the_base(
    kinds: list[str],
) -> None:
    parts = []
    for k, kind in enumerate(kinds):
        word, new = f"w{k}", f"n{k}"
        parts.append(
            {
                "text": word,
                "del": f"<del>{word}</del>",
                "add": f"{word} <add>{new}</add>",
                "subst": f"<subst><del>{word}</del><add>{new}</add></subst>",
            }[kind]
        )
    doc = parse_tei(_tei("<p>" + " ".join(parts) + " end</p>"), "d.xml")
    expected = sum(1 for k in kinds if k != "text")
    adopted = trace(doc, read_layer(doc, "final"))
    rejected = trace(doc, read_layer(doc, "base"))
    assert [e.status for e in adopted.entries] == [Status.ADOPTED] * expected
    assert [e.status for e in rejected.entries] == [Status.REJECTED] * expected
    assert [e.kind for e in adopted.entries] == [k for k in kinds if k != "text"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_KINDS, st.booleans()), min_size=1, max_size=25))
@example(choices=[("add", True), ("del", False)])
def test_a_target_that_took_some_corrections(choices: list[tuple[str, bool]]) -> None:
    """Each correction is found adopted or rejected as the target took it or not."""
    parts: list[str] = []
    target: list[str] = []
    expected: list[Status] = []
    for k, (kind, taken) in enumerate(choices):
        word, new = f"w{k}", f"n{k}"
        if kind == "text":
            parts.append(word)
            target.append(word)
            continue
        expected.append(Status.ADOPTED if taken else Status.REJECTED)
        if kind == "del":
            parts.append(f"<del>{word}</del>")
            target += [] if taken else [word]
        elif kind == "add":
            parts.append(f"{word} <add>{new}</add>")
            target += [word, new] if taken else [word]
        else:
            parts.append(f"<subst><del>{word}</del><add>{new}</add></subst>")
            target.append(new if taken else word)
    doc = parse_tei(_tei("<p>" + " ".join(parts) + " end</p>"), "d.xml")
    result = trace(doc, plain_witness(" ".join([*target, "end"]), "t.txt", "t"))
    assert [e.status for e in result.entries] == expected


@pytest.mark.parametrize(
    ("body", "target"),
    [
        ("<p>one two <del>three</del> four five</p>", "one two seven four five"),
        ("<p>one two <add>three</add> four five</p>", "one two seven four five"),
    ],
)
def test_other_words_in_the_place_of_a_deletion_or_addition(body: str, target: str) -> None:
    entry = _one(_trace(body, target))
    assert (entry.status, entry.target) == (Status.OTHER, "seven")


def test_public_api_is_callable_after_the_module_is_imported() -> None:
    import revdiff
    import revdiff.tracing as module

    doc, telegram = load_document(parse_spec(DRAFT)), revdiff.read(TELEGRAM)
    assert revdiff.trace(DRAFT, TELEGRAM) == module.trace(doc, telegram)


@pytest.mark.parametrize(
    ("body", "target", "status"),
    [
        # A struck word written again right after it: common in drafts.
        ("<p>x <del>of</del> of y</p>", "x of y", Status.ADOPTED),
        ("<p>x <del>of</del> of y</p>", "x of of y", Status.REJECTED),
        ("<p>x of <del>of</del> y</p>", "x of y", Status.ADOPTED),
        ("<p>x <add>of</add> of y</p>", "x of y", Status.REJECTED),
        ("<p>x <add>of</add> of y</p>", "x of of y", Status.ADOPTED),
        ("<p><del>of</del> of y</p>", "of y", Status.ADOPTED),
        ("<p>x <del>of of</del> of of y</p>", "x of of y", Status.ADOPTED),
    ],
)
def test_a_revised_word_repeated_beside_it(body: str, target: str, status: Status) -> None:
    # The diff of the layers may take either copy of the repeated word as the
    # changed one; the correction is the copy the draft marks.
    assert _one(_trace(body, target)).status is status

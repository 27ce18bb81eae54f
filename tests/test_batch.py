"""``revdiff batch`` and the planning in revdiff.batch: pairs, manifests, up-to-date outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import TEI_DIR
from revdiff.batch import BatchItem, pair_folders, parse_manifest, up_to_date
from revdiff.cli import cli
from revdiff.errors import InputError

TEXTS = {
    "one.txt": ("Мы шли домой.\n", "Мы пошли домой.\n"),
    "two.txt": ("same text\n", "same text\n"),
    "three.txt": ("a b c d\n", "a c d e\n"),
}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    a, b = tmp_path / "A", tmp_path / "B"
    a.mkdir()
    b.mkdir()
    for name, (text_a, text_b) in TEXTS.items():
        (a / name).write_text(text_a, encoding="utf-8")
        (b / name).write_text(text_b, encoding="utf-8")
    return a, b, tmp_path / "out"


def outputs_in(folder: Path) -> list[Path]:
    """The outputs in a folder, without the batch's record of them (a hidden file)."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def rebuilt(document: dict[str, object], side: str) -> str:
    segments = document["segments"]
    assert isinstance(segments, list)
    return "".join(s[side] for s in segments)


def test_pairs_files_of_the_same_name_and_writes_each_diff(
    folders: tuple[Path, Path, Path],
) -> None:
    a, b, out = folders
    result = invoke(str(a), str(b), "-o", str(out), "--format", "json", "--jobs", "1")
    assert result.exit_code == 0, result.output
    for name, (text_a, text_b) in TEXTS.items():
        document = json.loads((out / name).with_suffix(".json").read_text(encoding="utf-8"))
        assert rebuilt(document, "a") == text_a
        assert rebuilt(document, "b") == text_b
        stats = document["stats"]
        assert (stats["tokens_deleted"] + stats["tokens_inserted"] > 0) == (text_a != text_b)
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["output", "status", "changes"]
    assert sum("written" in line for line in lines[1:-1]) == len(TEXTS)
    assert lines[-1] == f"{len(TEXTS)} written, 0 up to date, 0 failed"
    assert "Comparing" not in result.stderr  # no progress bar off a terminal


def test_outputs_up_to_date_are_skipped_until_an_input_changes(
    folders: tuple[Path, Path, Path],
) -> None:
    a, b, out = folders
    assert invoke(str(a), str(b), "-o", str(out), "--jobs", "1").exit_code == 0
    outputs = outputs_in(out)
    assert [p.suffix for p in outputs] == [".txt"] * len(TEXTS)
    stamps = {p.name: p.stat().st_mtime_ns for p in outputs}

    again = invoke(str(a), str(b), "-o", str(out), "--jobs", "1")
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == f"0 written, {len(TEXTS)} up to date, 0 failed"
    assert {p.name: p.stat().st_mtime_ns for p in outputs_in(out)} == stamps

    # An input newer than its output makes that one item due again.
    later = max(stamps.values()) + 10**9
    os.utime(b / "two.txt", ns=(later, later))
    third = invoke(str(a), str(b), "-o", str(out), "--jobs", "1")
    assert third.stdout.splitlines()[-1] == f"1 written, {len(TEXTS) - 1} up to date, 0 failed"
    assert (out / "two.txt").stat().st_mtime_ns != stamps["two.txt"]

    forced = invoke(str(a), str(b), "-o", str(out), "--jobs", "1", "--force")
    assert forced.stdout.splitlines()[-1] == f"{len(TEXTS)} written, 0 up to date, 0 failed"


def test_a_failed_item_gives_exit_2_and_the_others_are_still_done(
    folders: tuple[Path, Path, Path],
) -> None:
    a, b, out = folders
    (a / "broken.xml").write_text("<TEI><text>", encoding="utf-8")
    (b / "broken.xml").write_text("<TEI><text></text></TEI>", encoding="utf-8")
    result = invoke(str(a), str(b), "-o", str(out), "--jobs", "2")
    assert result.exit_code == 2
    assert [p.name for p in outputs_in(out)] == sorted(
        Path(n).with_suffix(".txt").name for n in TEXTS
    )
    assert result.stdout.splitlines()[-1] == f"{len(TEXTS)} written, 0 up to date, 1 failed"
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("revdiff: ") and "broken.xml" in errors[0]
    assert "Traceback" not in result.output


def test_parallel_and_serial_runs_write_the_same_bytes(
    folders: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, b, _ = folders
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert invoke(str(a), str(b), "-o", str(serial), "-f", "json", "-j", "1").exit_code == 0
    assert invoke(str(a), str(b), "-o", str(parallel), "-f", "json", "-j", "2").exit_code == 0
    names = sorted(p.name for p in serial.iterdir() if p.name != ".revdiff-batch")
    assert names == sorted(p.name for p in parallel.iterdir() if p.name != ".revdiff-batch")
    for name in names:
        assert (serial / name).read_bytes() == (parallel / name).read_bytes()


def test_files_in_one_folder_only_are_named_and_not_compared(
    folders: tuple[Path, Path, Path],
) -> None:
    a, b, out = folders
    (a / "lonely.txt").write_text("alone\n", encoding="utf-8")
    result = invoke(str(a), str(b), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0
    assert "lonely.txt: in only one of the folders" in result.stderr
    assert not (out / "lonely.txt").exists()


def test_pattern_and_layers_choose_files_and_tei_layers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(
        str(TEI_DIR),
        str(TEI_DIR),
        "-o",
        str(out),
        "--pattern",
        "draft.*",
        "--a-layer",
        "base",
        "--b-layer",
        "final",
        "-f",
        "json",
        "-j",
        "1",
    )
    assert result.exit_code == 0, result.output
    document = json.loads((out / "draft.json").read_text(encoding="utf-8"))
    assert document["a"]["layer"] == "base" and document["b"]["layer"] == "final"
    expected = CliRunner().invoke(
        cli, ["diff", f"{TEI_DIR}/draft.xml#base", f"{TEI_DIR}/draft.xml#final", "-f", "json"]
    )
    assert json.loads(expected.stdout)["segments"] == document["segments"]
    assert [p.name for p in outputs_in(out)] == ["draft.json"]


def test_manifest_lines_name_sources_and_outputs(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("раз два\n", encoding="utf-8")
    (tmp_path / "y.txt").write_text("раз три\n", encoding="utf-8")
    manifest = tmp_path / "list.tsv"
    manifest.write_text(
        "# a\tb\toutput\n"
        "x.txt\ty.txt\tout/xy.json\n"
        f"{TEI_DIR}/draft.xml#base\t{TEI_DIR}/draft.xml#final\tout/draft.json\n",
        encoding="utf-8",
    )
    result = invoke("--manifest", str(manifest), "-f", "json", "-j", "2")
    assert result.exit_code == 0, result.output
    xy = json.loads((tmp_path / "out" / "xy.json").read_text(encoding="utf-8"))
    assert rebuilt(xy, "a") == "раз два\n" and rebuilt(xy, "b") == "раз три\n"
    assert (tmp_path / "out" / "draft.json").is_file()


def test_a_bad_manifest_line_is_reported_with_its_number(tmp_path: Path) -> None:
    manifest = tmp_path / "list.tsv"
    manifest.write_text("\n# comment\nonly-two\tfields\n", encoding="utf-8")
    result = invoke("--manifest", str(manifest))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"revdiff: {manifest}:3: expected three fields")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        [],  # nothing to do
        ["only-one-folder"],
        ["A", "B"],  # no output folder
    ],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["batch", *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_folders_and_manifest_together_are_refused(
    folders: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, b, out = folders
    manifest = tmp_path / "m.tsv"
    manifest.write_text("", encoding="utf-8")
    result = invoke(str(a), str(b), "-o", str(out), "--manifest", str(manifest))
    assert result.exit_code == 2


def test_pair_folders_orders_by_name_and_refuses_clashing_outputs(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for name in ["z.txt", "m.txt", ".hidden.txt"]:
        (a / name).write_text("x", encoding="utf-8")
        (b / name).write_text("y", encoding="utf-8")
    items, unpaired = pair_folders(a, b, tmp_path / "o", format_="unified")
    assert [Path(i.output).name for i in items] == ["m.diff", "z.diff"]
    assert unpaired == []
    (a / "m.xml").write_text("<x/>", encoding="utf-8")
    (b / "m.xml").write_text("<x/>", encoding="utf-8")
    with pytest.raises(InputError, match="more than one pair"):
        pair_folders(a, b, tmp_path / "o", format_="unified")


def test_parse_manifest_resolves_paths_from_its_folder() -> None:
    items = parse_manifest("a.txt\tb.txt\to.json\n\n", "m.tsv", "base")
    assert items == [
        BatchItem(
            os.path.join("base", "a.txt"),
            os.path.join("base", "b.txt"),
            os.path.join("base", "o.json"),
        )
    ]
    with pytest.raises(InputError, match="more than one line writes"):
        parse_manifest("a\tb\to\nc\td\to\n", "m.tsv")


def test_up_to_date_needs_an_output_newer_than_both_inputs(tmp_path: Path) -> None:
    a, b, o = tmp_path / "a.xml", tmp_path / "b", tmp_path / "o"
    item = BatchItem(f"{a}#base", str(b), str(o))
    a.write_text("a", encoding="utf-8")
    b.write_text("b", encoding="utf-8")
    assert not up_to_date(item)  # no output yet
    o.write_text("o", encoding="utf-8")
    os.utime(a, ns=(1_000_000_000, 1_000_000_000))
    os.utime(b, ns=(2_000_000_000, 2_000_000_000))
    os.utime(o, ns=(3_000_000_000, 3_000_000_000))
    assert up_to_date(item)
    os.utime(b, ns=(3_000_000_000, 3_000_000_000))  # as new as the output: not older
    assert not up_to_date(item)

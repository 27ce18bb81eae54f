"""Broken and odd inputs: each is read correctly or refused with exit 2 and one line.

"Read correctly" where the encoding is declared (a byte-order mark or an XML
declaration) or the fragment is TEI; otherwise exit status 2, nothing on
stdout, one line on stderr that names the file; never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hostile_files import TEI_NS, run_bounded, tei

import revdiff.sources
from revdiff.cli import cli

TEXT = "été ☃ 𝔸 שלום"  # accents, a symbol, an astral letter, right-to-left


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def assert_refused(result: Result, name: str, *words: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"revdiff: {name}"), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


# name -> (bytes of the file, expected text or None, words of the refusal)
def _latin1_tei(declared: bool) -> bytes:
    head = '<?xml version="1.0" encoding="ISO-8859-1"?>' if declared else ""
    return (head + tei("<p>été</p>").split("?>", 1)[1]).encode("latin-1")


def _utf16_tei(codec: str, declared: bool) -> bytes:
    text = tei(f"<p>{TEXT}</p>")
    if declared:
        text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    else:
        text = text.split("?>", 1)[1].lstrip()
    return text.encode(codec)


CASES: dict[str, tuple[bytes, str | None, tuple[str, ...]]] = {
    "empty.xml": (b"", None, ("empty",)),
    "blank.txt": (b" \n\t\r\n  ", None, ("empty",)),
    "bom-only.txt": (b"\xef\xbb\xbf", None, ("empty",)),
    "binary.bin": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", None, ("not a text file",)),
    "invalid-utf8.txt": (bytes(range(0x80, 0x100)), None, ("not valid UTF-8",)),
    "utf16-bom.xml": (_utf16_tei("utf-16", declared=False), TEXT, ()),
    "utf16le-declared.xml": (_utf16_tei("utf-16-le", declared=True), TEXT, ()),
    "utf16be-declared.xml": (_utf16_tei("utf-16-be", declared=True), TEXT, ()),
    "utf16le-undeclared.xml": (_utf16_tei("utf-16-le", False), None, ("UTF-16 without",)),
    "utf16-bom.txt": (TEXT.encode("utf-16"), TEXT, ()),
    "utf16le-nobom.txt": (TEXT.encode("utf-16-le"), None, ("not a text file",)),
    # UTF-32 with a mark: read, not taken for UTF-16 (its mark begins like UTF-16's).
    "utf32-bom.txt": (TEXT.encode("utf-32"), TEXT, ()),
    "utf32be-bom.txt": (b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be"), TEXT, ()),
    "utf32-bom.xml": (_utf16_tei("utf-32", declared=False), TEXT, ()),
    "utf32-declared.xml": (
        tei(f"<p>{TEXT}</p>").replace('encoding="UTF-8"', 'encoding="UTF-32"').encode("utf-32"),
        TEXT,
        (),
    ),
    # A UTF-16 mark and then NULs (or what no UTF-32 text holds): binary.
    "ff-fe-nuls.bin": (b"\xff\xfe\x00\x01\x00\x00A\x00", None, ("not a text file",)),
    "ff-fe-00-00.bin": (b"\xff\xfe\x00\x00\x00\x00\x01\x02", None, ("not a text file",)),
    "ff-fe-tei-nul.xml": (
        b"\xff\xfe" + "<TEI>\x00</TEI>".encode("utf-16-le"),
        None,
        ("not a text file",),
    ),
    "utf8-bom.xml": (b"\xef\xbb\xbf" + tei(f"<p>{TEXT}</p>").encode(), TEXT, ()),
    "utf8-bom.txt": (b"\xef\xbb\xbf" + TEXT.encode(), TEXT, ()),
    "latin1-declared.xml": (_latin1_tei(declared=True), "été", ()),
    "latin1-undeclared.xml": (_latin1_tei(declared=False), None, ("malformed XML",)),
    "latin1.txt": ("été".encode("latin-1"), None, ("not valid UTF-8",)),
    "no-text.xml": (
        tei("").replace("<text><body></body></text>", "").encode(),
        None,
        ("without a text element",),
    ),
    "p4.xml": (
        b'<?xml version="1.0"?>\n<!DOCTYPE TEI.2 SYSTEM "tei2.dtd">\n'
        b"<TEI.2><text><body><p>P4</p></body></text></TEI.2>",
        "P4",
        ("TEI P4",),
    ),
    "xhtml.xml": (
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>',
        None,
        ("not TEI P5", "http://www.w3.org/1999/xhtml"),
    ),
    "malformed.xml": (b"<TEI><text><p>a</text></TEI>", None, ("malformed XML",)),
    "fragment-text.xml": (
        f'<text xmlns="{TEI_NS}"><body><p>{TEXT}</p></body></text>'.encode(),
        TEXT,
        (),
    ),
    "fragment-surface.xml": (
        f'<surface xmlns="{TEI_NS}" n="1r"><zone><line>{TEXT}</line></zone></surface>'.encode(),
        TEXT,
        (),
    ),
    "fragment-sourceDoc.xml": (
        f'<sourceDoc xmlns="{TEI_NS}"><surface><line>{TEXT}</line></surface></sourceDoc>'.encode(),
        TEXT,
        (),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_input_is_read_correctly_or_refused_in_one_line(tmp_path: Path, name: str) -> None:
    data, expected, words = CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = run("text", str(path))
    if expected is None:
        assert_refused(result, str(path), *words)
    else:  # read; the words, if any, in the one warning saying what was assumed
        assert result.exit_code == 0, result.stderr
        assert " ".join(result.stdout.split()) == " ".join(expected.split())
        if words:
            (warning,) = result.stderr.splitlines()
            assert warning.startswith(f"revdiff: {path}:") and ": warning: " in warning
            assert all(word in warning for word in words), warning
        else:
            assert result.stderr == ""


@pytest.mark.parametrize("name", ["empty.xml", "blank.txt", "utf16-bom.xml", "latin1.txt"])
def test_the_same_inputs_through_standard_input(name: str) -> None:
    data, expected, words = CASES[name]
    result = run("text", "-", input=data)
    if expected is None:
        assert_refused(result, "<stdin>", *words)
    else:
        assert result.exit_code == 0 and " ".join(result.stdout.split()) == expected


def test_empty_standard_input_is_refused() -> None:
    assert_refused(run("text", "-", input=b""), "<stdin>", "empty")
    assert_refused(run("diff", "-", __file__, input=b""), "<stdin>", "empty")


def test_an_unknown_layer_is_refused_with_the_layers_there_are(tmp_path: Path) -> None:
    path = tmp_path / "t.xml"
    path.write_text(tei("<p>a <del>b</del></p>"), encoding="utf-8")
    assert_refused(run("text", f"{path}#nope"), str(path), "no layer 'nope'", "base, final")
    text = tmp_path / "t.txt"
    text.write_text("a b\n", encoding="utf-8")
    assert_refused(run("text", f"{text}#base"), str(text), "plain text has no layers")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert_refused(run("text", str(tmp_path)), str(tmp_path), "is a directory")
    assert_refused(run("layers", str(tmp_path)), str(tmp_path), "is a directory")


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "missing.xml"
    assert_refused(run("text", str(missing)), str(missing), "no such file")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    # A child process with a time-out: a regression would hang, not fail.
    run_bounded("text", str(fifo), folder=tmp_path).assert_refused(str(fifo), "FIFO")


def test_a_device_is_refused(tmp_path: Path) -> None:
    run_bounded("text", "/dev/zero", folder=tmp_path).assert_refused("/dev/zero", "a device")


def _open_then(monkeypatch: pytest.MonkeyPatch, path: Path, before: Callable[[], None]) -> None:
    """Make revdiff's open of ``path`` run ``before`` first."""
    real_open = os.open

    def patched(name, flags, *args):  # type: ignore[no-untyped-def]
        if str(name) == str(path):
            before()
        return real_open(name, flags, *args)

    monkeypatch.setattr(revdiff.sources.os, "open", patched)


def test_a_file_that_disappears_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gone.xml"
    path.write_text(tei("<p>a</p>"), encoding="utf-8")
    _open_then(monkeypatch, path, path.unlink)  # after the spec was parsed, before the read
    assert_refused(run("text", str(path)), str(path), "no such file")


def test_a_file_without_permission_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.xml"
    path.write_text(tei("<p>a</p>"), encoding="utf-8")
    if os.geteuid() != 0:  # a real permission, where the user cannot override it
        path.chmod(0)
    else:  # root reads anything: the refusal of the system is simulated

        def deny() -> None:
            raise PermissionError(13, os.strerror(13), str(path))

        _open_then(monkeypatch, path, deny)
    assert_refused(run("text", str(path)), str(path), "cannot read", os.strerror(13))


def test_a_read_error_midway_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "eio.xml"
    path.write_text(tei("<p>a</p>"), encoding="utf-8")

    def fail(*args: object) -> bytes:
        raise OSError(5, os.strerror(5))

    monkeypatch.setattr(revdiff.sources, "_read_limited", fail)
    assert_refused(run("text", str(path)), str(path), "cannot read", os.strerror(5))


def test_no_traceback_for_any_case_in_a_real_process(tmp_path: Path) -> None:
    for name, (data, expected, _) in CASES.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = run_bounded("diff", str(path), str(path), folder=tmp_path)
        assert "Traceback" not in result.stderr, (name, result.stderr)
        assert result.code == (0 if expected is not None else 2), (name, result.stderr)

"""revdiff.sources: specs, size limits, encodings, and what is not a file."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

import revdiff.sources as sources
from revdiff.api import load_witness
from revdiff.errors import InputError
from revdiff.sources import (
    DEFAULT_MAX_BYTES,
    SourceSpec,
    decode_text,
    default_max_bytes,
    is_xml,
    parse_size,
    parse_spec,
    read_bytes,
)

TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>{}</p></body></text></TEI>'


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_a_path_that_exists_with_a_hash_is_a_path(tmp_path: Path) -> None:
    odd = tmp_path / "a#b.txt"
    odd.write_text("x\n", encoding="utf-8")
    assert parse_spec(str(odd)) == SourceSpec(str(odd))
    assert parse_spec(f"{odd}#base") == SourceSpec(str(odd), "base")
    assert parse_spec("x.xml#") == SourceSpec("x.xml", None)


@pytest.mark.parametrize(
    ("text", "size"),
    [("0", 0), ("1000", 1000), ("500K", 500 * 1024), ("64M", 64 * 1024**2), ("2GiB", 2 * 1024**3)],
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "M", "1.5M", "-1", "12Q", "ten"])
def test_what_is_not_a_size(text: str) -> None:
    with pytest.raises(ValueError, match="size"):
        parse_size(text)


def test_the_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REVDIFF_MAX_BYTES", raising=False)
    assert default_max_bytes() == DEFAULT_MAX_BYTES
    monkeypatch.setenv("REVDIFF_MAX_BYTES", "3K")
    assert default_max_bytes() == 3 * 1024
    monkeypatch.setenv("REVDIFF_MAX_BYTES", "lots")
    with pytest.raises(InputError, match="REVDIFF_MAX_BYTES"):
        default_max_bytes()


def test_a_file_at_the_limit_is_read_one_over_is_not(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"abcd")
    size = len(b"abcd")
    assert read_bytes(SourceSpec(str(path)), max_bytes=size) == b"abcd"
    with pytest.raises(InputError, match=f"{size} bytes is over the limit of {size - 1}"):
        read_bytes(SourceSpec(str(path)), max_bytes=size - 1)
    assert read_bytes(SourceSpec(str(path)), max_bytes=0) == b"abcd"  # 0: no limit


def test_standard_input_is_cut_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"x" * 100
    monkeypatch.setattr(sources.sys, "stdin", _Stdin(data))
    with pytest.raises(InputError, match=f"<stdin>: input is over the limit of {len(data) - 1}"):
        read_bytes(SourceSpec("-"), max_bytes=len(data) - 1)
    monkeypatch.setattr(sources.sys, "stdin", _Stdin(data))
    assert read_bytes(SourceSpec("-"), max_bytes=len(data)) == data


def test_a_growing_file_is_cut_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The size checked before reading can be stale (the file grows): the read
    # itself stops one byte past the limit.
    path = tmp_path / "growing.txt"
    path.write_bytes(b"a")
    real = sources._read_limited

    def grow_then_read(stream, limit):  # type: ignore[no-untyped-def]
        path.write_bytes(b"a" * (limit + 50))
        return real(stream, limit)

    monkeypatch.setattr(sources, "_read_limited", grow_then_read)
    with pytest.raises(InputError, match="over the limit of 10"):
        read_bytes(SourceSpec(str(path)), max_bytes=10)


@pytest.mark.parametrize(
    ("data", "xml"),
    [
        (b"<TEI/>", True),
        (b"\n\t <TEI/>", True),
        (b"\xef\xbb\xbf<TEI/>", True),
        ("<TEI/>".encode("utf-16"), True),
        ("\n<TEI/>".encode("utf-16-be"), False),  # no mark, and not starting with <
        ('<?xml version="1.0" encoding="UTF-16"?><TEI/>'.encode("utf-16-le"), True),
        (b"a < b", False),
        ("text".encode("utf-16"), False),
    ],
)
def test_what_is_xml(data: bytes, xml: bool) -> None:
    assert is_xml(data) is xml


def test_plain_text_in_utf16_with_a_mark_is_read(tmp_path: Path) -> None:
    text = "ﬁrst 𝔸 שלום\n"
    path = tmp_path / "t.txt"
    path.write_bytes(text.encode("utf-16"))
    assert load_witness(SourceSpec(str(path))).text == text


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"a\x00b", "a NUL byte at 1"),
        (b"caf\xe9", "not valid UTF-8 (byte 3: 0xe9)"),
        (b"\xff\xfe\x00\xd8", "not valid UTF-16"),  # a lone surrogate
    ],
)
def test_what_is_not_text(data: bytes, words: str) -> None:
    with pytest.raises(InputError, match=words.replace("(", "\\(").replace(")", "\\)")):
        decode_text(data, "t.txt")


def test_a_tei_source_in_latin1_is_read_when_declared(tmp_path: Path) -> None:
    path = tmp_path / "t.xml"
    declaration = '<?xml version="1.0" encoding="ISO-8859-1"?>'
    path.write_bytes((declaration + TEI.format("café")).encode("latin-1"))
    assert load_witness(SourceSpec(str(path))).text == "café\n"


def test_a_socket_is_not_read(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(InputError):  # open() of a socket fails, or fstat says socket
            read_bytes(SourceSpec(str(path)))


def test_the_descriptor_is_closed_on_every_path(tmp_path: Path) -> None:
    fds = set(os.listdir("/proc/self/fd"))
    path = tmp_path / "t.txt"
    path.write_bytes(b"abc")
    read_bytes(SourceSpec(str(path)))
    with pytest.raises(InputError):
        read_bytes(SourceSpec(str(path)), max_bytes=1)
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(InputError):
        read_bytes(SourceSpec(str(tmp_path / "fifo")))
    assert set(os.listdir("/proc/self/fd")) == fds

"""A SOURCE as the user wrote it (``path[#LAYER]`` or ``-``): its spec, and its bytes.

The only place input is opened. :func:`parse_spec` splits ``path#layer``
(once, for every caller) into a :class:`SourceSpec`, which also derives the
siglum a source's witness takes from its path, unless one is given
(:func:`named`, ``--siglum``); :func:`read_bytes` reads it.
Only regular files and standard input are read (a FIFO or a device could
block or never end), each up to a size limit; an empty input is refused. A
source is TEI when its first visible character is ``<`` (:func:`is_xml`);
anything else is a plain text in UTF-8 (or UTF-16 with a byte-order mark,
:func:`decode_text`). Turning the bytes into values (a witness, a TEI
document) is :mod:`revdiff.api`'s.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import BinaryIO

from ._names import moved
from .errors import InputError, SiglumError

__all__ = [
    "SourceSpec",
    "parse_spec",
    "named",
    "check_sigla",
    "parse_size",
    "default_max_bytes",
    "read_bytes",
    "decode_text",
    "is_xml",
    "distinct_sigla",
    "read_vocabulary",
]

__getattr__ = moved(
    __name__,
    {name: f"revdiff.api.{name}" for name in ("load_document", "load_witness")},
)

STDIN = "-"
# Reading a TEI file into two layers takes some sixteen times its size in
# memory (the tree, then the tokens), a diff of them some twenty-five:
# 64 MiB of XML is about 1.6 GB (benchmarks/run.py measures 10 MB). Larger
# inputs are refused unless the user raises the limit (--max-bytes).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_size(text: str) -> int:
    """A number of bytes written as ``1000``, ``500K``, ``64M``, ``2G`` (``KiB``, ``MB`` too).

    >>> parse_size("64M"), parse_size("1 kib"), parse_size("0")
    (67108864, 1024, 0)
    """
    spec = text.strip().upper().removesuffix("B").removesuffix("I")
    number, unit = (spec[:-1], spec[-1]) if spec and spec[-1] in _SIZE_UNITS else (spec, "")
    try:
        size = int(number.strip()) * _SIZE_UNITS[unit]
    except (ValueError, KeyError):
        raise ValueError(
            f"{text!r} is not a size (such as 500K, 64M, 2G; 0 for no limit)"
        ) from None
    if size < 0:
        raise ValueError(f"{text!r}: a size cannot be negative")
    return size


def default_max_bytes() -> int:
    """The size limit: $REVDIFF_MAX_BYTES when set, else :data:`DEFAULT_MAX_BYTES`."""
    value = os.environ.get("REVDIFF_MAX_BYTES", "").strip()
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        return parse_size(value)
    except ValueError as e:
        raise InputError(f"REVDIFF_MAX_BYTES: {e}") from None


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """A source as the user named it: a path (or ``-``), an optional layer, and the
    siglum given to it (``--siglum``), if any."""

    path: str
    layer: str | None = None
    given_siglum: str | None = None

    @property
    def name(self) -> str:
        """How messages and views name the file: ``<stdin>`` for ``-``."""
        return "<stdin>" if self.path == STDIN else self.path

    @property
    def siglum(self) -> str:
        """The siglum given, else a short one: the file's stem, and the layer if one is named.

        >>> parse_spec("../corpus/2H_textual_HUGE.xml#base").siglum
        '2H_textual_HUGE#base'
        """
        if self.given_siglum is not None:
            return self.given_siglum
        name = os.path.basename(os.path.normpath(self.path))  # as pathlib.Path(path).stem
        stem = "stdin" if self.path == STDIN else os.path.splitext(name)[0]
        return f"{stem}#{self.layer}" if self.layer else stem

    def __str__(self) -> str:
        return f"{self.path}#{self.layer}" if self.layer else self.path


def parse_spec(spec: str) -> SourceSpec:
    """Split ``path#layer``; a path that exists as given (``#`` and all) wins.

    >>> parse_spec("tei/draft.xml#base")
    SourceSpec(path='tei/draft.xml', layer='base', given_siglum=None)
    >>> parse_spec("-")
    SourceSpec(path='-', layer=None, given_siglum=None)
    """
    if "#" in spec and not os.path.exists(spec):
        path, _, layer = spec.rpartition("#")
        return SourceSpec(path, layer or None)
    return SourceSpec(spec)


def named(specs: Sequence[SourceSpec], sigla: Sequence[str]) -> list[SourceSpec]:
    """The sources, the first of them given the sigla (``--siglum``), in order.

    >>> [s.siglum for s in named([parse_spec("a.xml#base"), parse_spec("b.txt")], ["A"])]
    ['A', 'b']
    """
    check_sigla(sigla, len(specs))
    return [replace(s, given_siglum=g) for s, g in zip(specs, sigla, strict=False)] + list(
        specs[len(sigla) :]
    )


def check_sigla(sigla: Sequence[str], sources: int) -> None:
    """Refuse more sigla than sources, an empty one, and one given twice."""
    if len(sigla) > sources:
        raise SiglumError(
            f"{len(sigla)} sigla for {sources} source{'s' if sources != 1 else ''}: "
            "give one --siglum for each source, in order"
        )
    for k, siglum in enumerate(sigla):
        if not siglum.strip():
            raise SiglumError(f"--siglum {siglum!r}: a siglum cannot be empty")
        if siglum in sigla[:k]:
            raise SiglumError(f"--siglum {siglum}: given twice; each source needs its own")


def read_bytes(spec: SourceSpec, max_bytes: int | None = None) -> bytes:
    """The bytes of a source, refusing what is not a regular file or is too large.

    ``max_bytes`` (default :func:`default_max_bytes`; 0 for no limit) bounds
    what is read into memory: a file larger than that is refused before a
    byte is read, standard input as soon as it passes the limit.
    """
    limit = default_max_bytes() if max_bytes is None else max_bytes
    stdin = spec.path == STDIN
    data = _read_limited(sys.stdin.buffer, limit) if stdin else _read_file(spec, limit)
    if limit and len(data) > limit:
        raise InputError(f"{spec.name}: input is over the limit of {limit} bytes (see --max-bytes)")
    _check_content(data, spec.name)
    return data


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    return stream.read(limit + 1) if limit else stream.read()


def _read_file(spec: SourceSpec, limit: int) -> bytes:
    # Open first, then look at what was opened (fstat), so that the file
    # checked is the file read. O_NONBLOCK: opening a FIFO without a writer
    # would otherwise wait for ever; it changes nothing for a regular file.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(spec.path, flags)
    except FileNotFoundError:
        raise InputError(f"{spec.name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{spec.name}: is a directory, not a file") from None
    except OSError as e:
        raise InputError(f"{spec.name}: cannot read: {e.strerror}") from None
    try:
        info = os.fstat(fd)
        kind = special_kind(info.st_mode)
        if kind:
            if kind == "a directory":
                raise InputError(f"{spec.name}: is a directory, not a file")
            hint = " (to read a pipe, use - for standard input)" if "FIFO" in kind else ""
            raise InputError(f"{spec.name}: is {kind}, not a regular file{hint}")
        if limit and info.st_size > limit:
            raise InputError(
                f"{spec.name}: {info.st_size} bytes is over the limit of {limit} (see --max-bytes)"
            )
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            return _read_limited(f, limit)
    except OSError as e:
        raise InputError(f"{spec.name}: cannot read: {e.strerror}") from None
    finally:
        os.close(fd)


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# UTF-32's little-endian mark begins with UTF-16's: look for these first.
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def _bom_codec(data: bytes) -> str | None:
    """The codec a UTF-16 or UTF-32 byte-order mark at the start of ``data`` names."""
    if data.startswith(_UTF32_BOMS):
        return "utf-32"
    if data.startswith(_UTF16_BOMS):
        return "utf-16"
    return None


def is_xml(data: bytes) -> bool:
    """Whether ``data`` is XML: its first visible character is ``<``.

    Recognizes UTF-8 and, with a byte-order mark, UTF-16 and UTF-32; the XML
    parser then reads the encoding from the mark or the declaration.

    >>> is_xml(b"\\xef\\xbb\\xbf  <TEI/>"), is_xml("<TEI/>".encode("utf-16")), is_xml(b"text")
    (True, True, False)
    >>> is_xml("<TEI/>".encode("utf-32"))
    True
    """
    head = data[:4096]
    codec = _bom_codec(head) or _utf16_without_bom(head)
    if codec:
        unit = 4 if codec == "utf-32" else 2
        head = head[: len(head) // unit * unit].decode(codec, errors="replace").encode()
    return head.lstrip(_UTF8_BOM + b" \t\r\n").startswith(b"<")


def _utf16_without_bom(head: bytes) -> str | None:
    """The codec of a file that begins with ``<`` in UTF-16 without a byte-order mark."""
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    return None


def _check_content(data: bytes, name: str) -> None:
    """Refuse what has nothing to read, binary data behind a byte-order mark, and UTF-16
    that does not say it is."""
    codec = _bom_codec(data)
    if codec:
        _check_marked(data, codec, name)
    content = data[{None: 0, "utf-16": 2, "utf-32": 4}[codec] :].removeprefix(_UTF8_BOM)
    if not content or content.isspace() or (codec and not content.strip(b"\x00 \t\r\n")):
        raise InputError(f"{name}: empty (nothing but white space)" if data else f"{name}: empty")
    unmarked = None if codec else _utf16_without_bom(data[:2])
    declaration = data[:400].decode(unmarked, errors="replace").split(">")[0] if unmarked else ""
    # Without a mark, the XML declaration is what says the encoding (XML 1.0, F.1).
    if unmarked and not (declaration.startswith("<?xml") and "encoding" in declaration):
        raise InputError(
            f"{name}: looks like UTF-16 without a byte-order mark or encoding declaration; "
            "save it as UTF-8 (or with a byte-order mark)"
        )


def _check_marked(data: bytes, codec: str, name: str) -> None:
    """A UTF-16 or UTF-32 mark must be followed by text in that encoding: a file that only
    begins like one (``FF FE`` and then NULs, say) is binary."""
    try:
        text = data.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{name}: not a text file (it starts with a {codec.upper()} byte-order mark, "
            f"but byte {e.start} is not {codec.upper()}: binary?)"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            f"{name}: not a text file (a NUL character at character {nul} after a "
            f"{codec.upper()} byte-order mark: binary)"
        )


def decode_text(data: bytes, name: str) -> str:
    """A plain text: UTF-8 (a byte-order mark is dropped), or UTF-16 or UTF-32 with its
    byte-order mark.

    >>> decode_text("\\ufeffа б".encode(), "t.txt"), decode_text("а б".encode("utf-16"), "t.txt")
    ('а б', 'а б')
    >>> decode_text("а б".encode("utf-32"), "t.txt")
    'а б'
    """
    codec = _bom_codec(data)
    if codec:
        try:
            return data.decode(codec).removeprefix("\ufeff")
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: not valid {codec.upper()} (byte {e.start})") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{name}: not a text file (a NUL byte at {nul}: binary, or UTF-16 without a byte-order mark)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{name}: not valid UTF-8 (byte {e.start}: {data[e.start]:#04x}); "
            "revdiff reads plain texts in UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def read_vocabulary(name: str, max_bytes: int | None = None) -> tuple[str, str]:
    """The TOML text of a vocabulary, and how messages name it: one that revdiff ships,
    by name (``faust``: ``revdiff/vocabularies/faust.toml``), or a file.

    >>> text, source = read_vocabulary("faust")
    >>> source, "[[deletion]]" in text
    ('faust', True)
    """
    from importlib.resources import files

    if name and "/" not in name and "." not in name and not os.path.exists(name):
        shipped = files("revdiff").joinpath("vocabularies", f"{name}.toml")
        if shipped.is_file():
            return shipped.read_text(encoding="utf-8"), name
    spec = SourceSpec(name)
    data = read_bytes(spec, max_bytes)
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), spec.name
    except UnicodeDecodeError as e:
        raise InputError(
            f"{spec.name}: not valid UTF-8 (byte {e.start}): a vocabulary is TOML"
        ) from None


def distinct_sigla(sigla: Iterable[str]) -> list[str]:
    """The sigla, each one that occurs more than once numbered (``a.1``, ``a.2``).

    >>> distinct_sigla(["telegram", "draft", "telegram"])
    ['telegram.1', 'draft', 'telegram.2']
    """
    given = list(sigla)
    seen: dict[str, int] = {}
    out = []
    for s in given:
        seen[s] = seen.get(s, 0) + 1
        out.append(s if seen[s] == 1 and given.count(s) == 1 else f"{s}.{seen[s]}")
    return out

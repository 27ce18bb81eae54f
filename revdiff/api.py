"""The library's entry points that take sources: where a SOURCE string becomes a value.

A SOURCE is ``path[#LAYER]`` or ``-``. :mod:`revdiff.sources` splits it and
reads its bytes; here the bytes become a :class:`~revdiff.model.Witness`
(a TEI layer, or a plain text) or a :class:`~revdiff.model.TEIDocument`,
and are handed to the core, which takes values only: :func:`compare` reads,
aligns and finds the moves of two sources (``revdiff diff``, ``html`` and
``batch`` all call it); :func:`collate`, :func:`trace` and :func:`validate`
accept sources as well as values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import LayerError, NotXMLError
from .model import (
    Collation,
    Diff,
    DocumentView,
    LayerTable,
    TEIDocument,
    Trace,
    TraceView,
    Witness,
)
from .sources import (
    SourceSpec,
    check_sigla,
    decode_text,
    distinct_sigla,
    is_xml,
    named,
    parse_spec,
    read_bytes,
    read_vocabulary,
)
from .tokenize import Normalizer, Replacements, TokenCache, normalize, plain_witness

if TYPE_CHECKING:
    from .tei.validate import Problem, Schema
    from .tei.vocabulary import Vocabulary

__all__ = [
    "read",
    "read_all",
    "witness_of",
    "compare",
    "collate",
    "trace",
    "trace_view",
    "document",
    "layers",
    "validate",
    "load_document",
    "load_witness",
    "load_table",
    "load_vocabulary",
]


def load_vocabulary(name: str, max_bytes: int | None = None) -> Vocabulary:
    """A project's vocabulary: one revdiff ships, by name (``faust``), or a TOML file."""
    from .tei.vocabulary import parse_vocabulary

    text, source = read_vocabulary(name, max_bytes)
    return parse_vocabulary(text, source)


def load_document(
    spec: SourceSpec, max_bytes: int | None = None, *, vocabulary: Vocabulary | None = None
) -> TEIDocument:
    """Read and parse a TEI source."""
    data = read_bytes(spec, max_bytes)
    if not is_xml(data):
        raise NotXMLError(f"{spec.name}: not a TEI file (it does not start with '<')")
    from .tei.read import parse_tei  # lxml only for XML: plain texts start faster

    return parse_tei(data, spec.name, vocabulary=vocabulary)


def load_table(path: str, max_bytes: int | None = None) -> Replacements:
    """A normalization table of the user's own from a TSV file: one ``from<TAB>to``
    a line (see :meth:`~revdiff.tokenize.Replacements.parse`)."""
    spec = SourceSpec(path)
    return Replacements.parse(decode_text(read_bytes(spec, max_bytes), spec.name), spec.name)


def read(
    source: str | SourceSpec,
    *,
    normalizer: Normalizer | None = None,
    by: str = "word",
    reading: str = "diplomatic",
    max_bytes: int | None = None,
    cache: TokenCache | None = None,
    vocabulary: Vocabulary | None = None,
) -> Witness:
    """Read ``path[#layer]`` (or ``-``) into a witness: a TEI layer (a TEI file without
    a layer is ``final``), or a plain text.

    ``cache``, shared by the witnesses of one comparison, lets a plain text
    count only the lines the others do not have (see :class:`TokenCache`);
    ``vocabulary`` says which of a project's own elements are revisions.
    """
    spec = parse_spec(source) if isinstance(source, str) else source
    return _read(spec, normalizer, by, reading, max_bytes, cache, vocabulary, {})


def _read(
    spec: SourceSpec,
    normalizer: Normalizer | None,
    by: str,
    reading: str,
    max_bytes: int | None,
    cache: TokenCache | None,
    vocabulary: Vocabulary | None,
    documents: dict[str, TEIDocument],
) -> Witness:
    """:func:`read`, with the TEI documents of this comparison parsed so far, by path."""
    return witness_of(
        b"" if spec.path in documents else read_bytes(spec, max_bytes),
        spec,
        normalizer=normalizer,
        by=by,
        reading=reading,
        cache=cache,
        vocabulary=vocabulary,
        documents=documents,
    )


def witness_of(
    data: bytes,
    spec: SourceSpec,
    *,
    normalizer: Normalizer | None,
    by: str,
    reading: str,
    cache: TokenCache | None,
    vocabulary: Vocabulary | None,
    documents: dict[str, TEIDocument] | None,
) -> Witness:
    """The witness that a source's bytes (as :func:`~revdiff.sources.read_bytes` gave
    them) hold, as :func:`read` makes it, every setting of :func:`read` given: for work
    done where the file is not (``revdiff batch`` on a cluster). ``documents`` holds
    the TEI documents parsed so far, by path (its document stands for ``data``)."""
    doc = documents.get(spec.path) if documents is not None else None
    if doc is not None or is_xml(data):
        from .tei.layers import read_layer  # lxml only for XML: plain texts start faster
        from .tei.read import parse_tei

        if doc is None:
            doc = parse_tei(data, spec.name, vocabulary=vocabulary)
            del data
            if documents is not None:
                documents[spec.path] = doc
        witness = read_layer(doc, spec.layer or "final", siglum=spec.siglum, reading=reading)
        if by == "char":
            witness = plain_witness(
                witness.text, spec.name, spec.siglum, by="char", lang=witness.lang
            )
    else:
        if spec.layer:
            raise LayerError(f"{spec.name}: plain text has no layers (asked for {spec.layer!r})")
        text = decode_text(data, spec.name)
        del data  # a long text's bytes need not stay beside its characters
        witness = plain_witness(text, spec.name, spec.siglum, by=by, cache=cache)
    return normalize(witness, normalizer) if normalizer else witness


load_witness = read
"""A source, as a :class:`~revdiff.sources.SourceSpec`, into a witness: :func:`read`."""


def read_all(
    sources: Sequence[str],
    *,
    normalizer: Normalizer | None = None,
    by: str = "word",
    reading: str = "diplomatic",
    max_bytes: int | None = None,
    distinct: bool = False,
    sigla: Sequence[str] = (),
    vocabulary: Vocabulary | None = None,
) -> list[Witness]:
    """Read the witnesses of one comparison; a line the texts share is counted once,
    a TEI file named with several layers is parsed once.

    ``sigla`` name the first sources, in order (``--siglum``); the others
    take their file's stem, with the layer named. ``distinct`` numbers sigla
    that several sources share (``telegram.1``, ``telegram.2``), so that a
    table can tell their rows apart.
    """
    specs = named([parse_spec(s) for s in sources], sigla)
    cache = TokenCache()
    documents: dict[str, TEIDocument] = {}
    witnesses = [
        _read(s, normalizer, by, reading, max_bytes, cache, vocabulary, documents) for s in specs
    ]
    if distinct:
        sigla = distinct_sigla(s.siglum for s in specs)
        witnesses = [replace(w, siglum=s) for w, s in zip(witnesses, sigla, strict=True)]
    return witnesses


def compare(
    a: str,
    b: str,
    sigla: Sequence[str] = (),
    *,
    normalizer: Normalizer | None = None,
    by: str = "word",
    reading: str = "diplomatic",
    max_bytes: int | None = None,
    moves: int = 0,
    vocabulary: Vocabulary | None = None,
) -> Diff:
    """Read two sources, align them, and report passages of ``moves`` words or more
    that changed place (0: none) as moves, and each paragraph break added or removed
    between shared words as a change (:func:`revdiff.breaks.find_breaks`); ``sigla``
    name the sources (see :func:`read_all`)."""
    from .align import diff
    from .breaks import find_breaks

    wa, wb = read_all(
        (a, b),
        normalizer=normalizer,
        by=by,
        reading=reading,
        max_bytes=max_bytes,
        sigla=sigla,
        vocabulary=vocabulary,
    )
    result = diff(wa, wb)
    if moves:
        from .moves import find_moves

        result = find_moves(result, moves)
    return find_breaks(result)


def collate(
    witnesses: Sequence[Witness | str],
    *,
    normalizer: Normalizer | None = None,
    sigla: Sequence[str] = (),
    segment: bool = True,
    moves: int = 0,
    vocabulary: Vocabulary | None = None,
) -> Collation:
    """Align any number of witnesses (or sources, ``path[#layer]``) in one table.

    ``normalizer`` says which differences do not count (the keys tokens are
    compared on); the table shows each witness's own surfaces. ``sigla``
    name the first witnesses, in order. ``segment``: adjacent columns in
    which the same witnesses differ are shown as one (False: one token a
    column). ``moves``: passages of that many words or more read at
    different places are transpositions (0: none).
    """
    from . import collation

    check_sigla(sigla, len(witnesses))
    read_ = [read(w, vocabulary=vocabulary) if isinstance(w, str) else w for w in witnesses]
    read_ = [replace(w, siglum=s) for w, s in zip(read_, sigla, strict=False)] + read_[len(sigla) :]
    return collation.collate(read_, normalizer=normalizer, segment=segment, moves=moves)


def trace(
    draft: TEIDocument | str,
    target: Witness | str,
    *,
    normalizer: Normalizer | None = None,
    reading: str = "diplomatic",
    vocabulary: Vocabulary | None = None,
) -> Trace:
    """Trace every correction of ``draft`` (a TEI document or file) into ``target``
    (a witness or a source, ``path[#layer]``); ``normalizer`` says which differences
    do not count, on both sides."""
    from . import tracing

    if isinstance(draft, str):
        draft = load_document(parse_spec(draft), vocabulary=vocabulary)
    doc = draft
    if isinstance(target, str):  # normalized by the trace, as a witness given is
        target = read(target, reading=reading, vocabulary=vocabulary)
    return tracing.trace(doc, target, normalizer=normalizer, reading=reading)


def trace_view(
    draft: str,
    target: str,
    *,
    normalizer: Normalizer | None = None,
    reading: str = "diplomatic",
    max_bytes: int | None = None,
    sigla: Sequence[str] = (),
    vocabulary: Vocabulary | None = None,
) -> TraceView:
    """The trace of a draft (a whole TEI file) into a target, with the draft and the
    target witness, as the views of a trace show them; ``sigla`` name the draft and
    the target (see :func:`read_all`)."""
    from . import tracing

    spec, target_spec = named([parse_spec(draft), parse_spec(target)], sigla)
    doc = load_document(spec, max_bytes, vocabulary=vocabulary)
    witness = read(target_spec, reading=reading, max_bytes=max_bytes, vocabulary=vocabulary)
    result = tracing.trace(doc, witness, normalizer=normalizer, reading=reading)
    return TraceView(result, DocumentView(doc, spec.siglum), witness)


def document(
    source: str,
    *,
    max_bytes: int | None = None,
    siglum: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> DocumentView:
    """A TEI document to show whole, opening on the layer the source names (if any);
    ``siglum`` names it (else its file's stem)."""
    spec = named([parse_spec(source)], [siglum] if siglum is not None else [])[0]
    doc = load_document(spec, max_bytes, vocabulary=vocabulary)
    if spec.layer and spec.layer not in doc.layer_names():
        raise LayerError(
            f"{spec.name}: no layer {spec.layer!r}; the layers there are: "
            f"{', '.join(doc.layer_names())}"
        )
    return DocumentView(doc, spec.siglum, spec.layer)


def layers(
    source: str, *, max_bytes: int | None = None, vocabulary: Vocabulary | None = None
) -> LayerTable:
    """The layers a TEI file offers, with the tokens each holds (counted, not made)."""
    from .tei.layers import layer_counts

    spec = parse_spec(source)
    doc = load_document(spec, max_bytes, vocabulary=vocabulary)
    return LayerTable(spec.name, doc, layer_counts(doc))


def validate(
    document: bytes | str | Path, schema: Schema = None, *, source: str | None = None
) -> list[Problem]:
    """The problems of a TEI document (a path, or its bytes), in document order, against
    ``schema`` (see :func:`revdiff.tei.validate.validate`) and its own pointers."""
    from .tei.validate import validate as check

    if not isinstance(document, bytes):
        document, source = read_bytes(SourceSpec(str(document))), source or str(document)
    return check(document, schema, source=source)

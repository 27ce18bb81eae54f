"""A batch: which pairs of sources to compare, into which outputs; which are done; one pair's work.

A batch is a list of :class:`BatchItem` (source a, source b, output file),
made from two folders whose files of the same name are paired
(:func:`pair_folders`) or from a manifest of tab-separated lines
``a<TAB>b<TAB>output`` (:func:`parse_manifest`). Every output lies inside
the output folder (:func:`check_outputs` refuses one outside it, or one that
is a source of the run, before any work). An item whose output is newer than
both its inputs is up to date (:func:`up_to_date`) and can be skipped.

What a batch wrote is kept in its output folder (:class:`Record`, the hidden
file ``.revdiff-batch``): an existing file that is not there, or that has
changed since, is someone else's, and a batch leaves it alone unless told to
replace it. :func:`render_pair` is the work of one item, on values only (the
two sources' bytes in, the rendered output out), so that it can run in
another process or on another machine; reading and writing stay with the
caller (``revdiff batch``).
"""

from __future__ import annotations

import fnmatch
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from ._version import __version__
from .errors import InputError
from .render.options import RenderOptions
from .render.registry import DIFF
from .sources import SourceSpec, parse_spec
from .tokenize import Normalizer

# Planning a batch; then the record of what it wrote, and the work of one item.
__all__ = ["BatchItem", "EXTENSIONS", "pair_folders", "parse_manifest", "check_outputs"]
__all__ += ["up_to_date", "spec_path", "RECORD", "Record", "PairSettings", "PairResult"]
__all__ += ["render_pair"]

EXTENSIONS = {name: DIFF.extension(name) for name in DIFF.names}
"""The file extension of an output in each format (from the registry of formats)."""


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One comparison of a batch: sources ``a`` and ``b`` (``path[#layer]``) into ``output``."""

    a: str
    b: str
    output: str

    @property
    def name(self) -> str:
        return Path(self.output).name


def spec_path(spec: str) -> str:
    """The file of a source ``path[#layer]`` (a path that exists as given wins).

    >>> spec_path("tei/draft.xml#base")
    'tei/draft.xml'
    """
    return parse_spec(spec).path


def _with_layer(path: Path, layer: str | None) -> str:
    # Only a TEI file has layers; a folder can hold plain texts beside them.
    return f"{path}#{layer}" if layer and path.suffix.lower() == ".xml" else str(path)


def pair_folders(
    dir_a: str | Path,
    dir_b: str | Path,
    out_dir: str | Path,
    *,
    pattern: str = "*",
    format_: str = "text",
    a_layer: str | None = None,
    b_layer: str | None = None,
) -> tuple[list[BatchItem], list[str]]:
    """Items for the files of the same name in two folders, and the names found in one only.

    Only files whose name matches ``pattern`` (a shell glob) count; hidden
    files never do. ``a_layer`` and ``b_layer`` apply to ``.xml`` files. The output of ``NAME.EXT`` is ``out_dir/NAME.<format's
    extension>``; items are in the order of their names.
    """
    names: list[set[str]] = []
    for folder in (Path(dir_a), Path(dir_b)):
        if not folder.is_dir():
            raise InputError(f"{folder}: not a folder")
        names.append(
            {
                p.name
                for p in folder.iterdir()
                if p.is_file()
                and not p.name.startswith(".")
                and fnmatch.fnmatchcase(p.name, pattern)
            }
        )
    extension = EXTENSIONS.get(format_, format_)
    items = [
        BatchItem(
            _with_layer(Path(dir_a) / name, a_layer),
            _with_layer(Path(dir_b) / name, b_layer),
            str(Path(out_dir) / f"{Path(name).stem}.{extension}"),
        )
        for name in sorted(names[0] & names[1])
    ]
    outputs = [item.output for item in items]
    clashes = sorted({o for o in outputs if outputs.count(o) > 1})
    if clashes:  # draft.xml and draft.txt would both write draft.json
        raise InputError(f"{clashes[0]}: more than one pair would write this output")
    return items, sorted(names[0] ^ names[1])


def parse_manifest(
    text: str, source: str, base: str | Path = ".", out_dir: str | Path | None = None
) -> list[BatchItem]:
    """Items from a manifest: lines ``a<TAB>b<TAB>output``; ``#`` comments and blank lines skipped.

    Sources are taken from ``base`` (the manifest's folder) when relative.
    An output is a relative path inside ``out_dir`` (by default ``base``):
    an absolute one, or one that climbs out with ``..``, is refused.

    >>> parse_manifest("# a, b, output\\nx.txt\\ty.txt\\tout/x.json\\n", "m.tsv", "work")
    [BatchItem(a='work/x.txt', b='work/y.txt', output='work/out/x.json')]
    >>> parse_manifest("x.txt\\ty.txt\\t../x.json\\n", "m.tsv", "work")
    Traceback (most recent call last):
    ...
    revdiff.errors.InputError: m.tsv:1: the output ../x.json is not inside the output folder (no .., no absolute path)
    """
    folder = base if out_dir is None else out_dir
    items: list[BatchItem] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not all(f.strip() for f in fields):
            raise InputError(
                f"{source}:{number}: expected three fields separated by tabs "
                f"(a, b, output), found {len(fields)}"
            )
        a, b, output = (f.strip() for f in fields)
        where = PurePath(output)
        if where.is_absolute() or ".." in where.parts or where.name in ("", ".", RECORD):
            raise InputError(
                f"{source}:{number}: the output {output} is not inside the output folder "
                "(no .., no absolute path)"
            )
        items.append(
            BatchItem(os.path.join(base, a), os.path.join(base, b), os.path.join(folder, output))
        )
    outputs = [item.output for item in items]
    clashes = sorted({o for o in outputs if outputs.count(o) > 1})
    if clashes:
        raise InputError(f"{source}: more than one line writes {clashes[0]}")
    return items


def check_outputs(
    items: list[BatchItem], out_dir: str | Path, sources: tuple[str, ...] = ()
) -> None:
    """Refuse the run (before any work) if an output would fall outside ``out_dir`` (through
    a symbolic link, say) or be any source of the run (the items' and ``sources``).

    A source is the same file as an output when the paths resolve alike or the
    two are one file (a hard link).
    """
    root = os.path.realpath(out_dir)
    files = {spec_path(s) for item in items for s in (item.a, item.b)} | set(sources)
    files.discard("-")
    resolved = {os.path.realpath(f) for f in files}
    identities = set()
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            continue
        identities.add((st.st_dev, st.st_ino))
    for item in items:
        real = os.path.realpath(item.output)
        if os.path.commonpath([root, real]) != root or real == root:
            raise InputError(f"{item.output}: outside the output folder {out_dir}; not written")
        try:
            st = os.stat(item.output)
            same = (st.st_dev, st.st_ino) in identities
        except OSError:
            same = False
        if same or real in resolved:
            raise InputError(
                f"{item.output}: is a source of this batch; refusing to write over it "
                "(choose another output folder)"
            )


def up_to_date(item: BatchItem) -> bool:
    """Whether the item's output exists and is newer than both its inputs."""
    try:
        made = os.stat(item.output).st_mtime_ns
        return all(made > os.stat(spec_path(s)).st_mtime_ns for s in (item.a, item.b))
    except OSError:
        return False


RECORD = ".revdiff-batch"
"""The file, in the output folder, that lists the outputs a batch wrote there."""


@dataclass
class Record:
    """What a batch wrote in its output folder: each output's path (from the folder), size and
    modification time, one JSON line an output in ``.revdiff-batch``, appended as it goes.

    A file is the batch's own while its size and time are those recorded: a file
    the batch never wrote, or one edited since, is not.
    """

    folder: str
    entries: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return os.path.join(self.folder, RECORD)

    @classmethod
    def load(cls, folder: str | Path) -> Record:
        record = cls(str(folder))
        try:
            with open(record.path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        except FileNotFoundError:
            return record
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{record.path}: cannot read the batch's record: {e}") from None
        for line in lines:
            try:
                entry = json.loads(line)
                record.entries[entry["path"]] = (int(entry["size"]), int(entry["mtime_ns"]))
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash: that output is not known to be ours
        return record

    def _key(self, output: str) -> str:
        return os.path.relpath(output, self.folder)

    def wrote(self, output: str) -> bool:
        """Whether ``output`` is as this batch left it."""
        known = self.entries.get(self._key(output))
        try:
            st = os.stat(output)
        except OSError:
            return False
        return known == (st.st_size, st.st_mtime_ns)

    def add(self, output: str) -> None:
        """Note ``output`` as written now (one line appended: a crash loses no other line)."""
        st = os.stat(output)
        key = self._key(output)
        self.entries[key] = (st.st_size, st.st_mtime_ns)
        line = json.dumps({"path": key, "size": st.st_size, "mtime_ns": st.st_mtime_ns})
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
        finally:
            os.close(fd)


@dataclass(frozen=True, slots=True)
class PairSettings:
    """What every item of a batch is compared and rendered with (sent to each worker)."""

    format_: str = "text"
    by: str = "word"
    normalizer: Normalizer | None = None
    reading: str = "diplomatic"
    render: RenderOptions = field(default_factory=RenderOptions)


@dataclass(frozen=True, slots=True)
class PairResult:
    """One item's work: its rendered output and its changes, or the message of its failure;
    and the revdiff that did it (a cluster's workers must run this one)."""

    index: int
    output: str | None = None
    changes: int | None = None
    message: str = ""
    seconds: float = 0.0
    version: str = __version__


def render_pair(
    index: int, a: SourceSpec, a_data: bytes, b: SourceSpec, b_data: bytes, settings: PairSettings
) -> PairResult:
    """Compare sources ``a`` and ``b`` (their bytes read already, where the files are) and
    render the diff; never raises for a bad input or a bug, so one bad pair stops nothing."""
    from .align import diff
    from .api import witness_of
    from .errors import RevdiffError
    from .tokenize import TokenCache

    start = time.perf_counter()
    try:
        cache = TokenCache()  # a line both texts share is counted once, as in `revdiff diff`
        witnesses = [
            witness_of(
                data,
                spec,
                normalizer=settings.normalizer,
                by=settings.by,
                reading=settings.reading,
                cache=cache,
                vocabulary=None,
                documents=None,
            )
            for spec, data in ((a, a_data), (b, b_data))
        ]
        result = diff(*witnesses)
        out = DIFF.render(result, settings.format_, settings.render)
    except RevdiffError as e:
        return PairResult(index, message=e.message)
    except Exception as e:  # a bug on one pair must not lose the others' work
        return PairResult(index, message=f"internal error: {type(e).__name__}: {e} (please report)")
    return PairResult(index, out, result.stats().changes, seconds=time.perf_counter() - start)

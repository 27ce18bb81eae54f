"""Planning a batch: which pairs of sources to compare, into which outputs, and which are done.

A batch is a list of :class:`BatchItem` (source a, source b, output file),
made from two folders whose files of the same name are paired
(:func:`pair_folders`) or from a manifest of tab-separated lines
``a<TAB>b<TAB>output`` (:func:`parse_manifest`). An item whose output is
newer than both its inputs is up to date (:func:`up_to_date`) and can be
skipped. Running the items (reading, diffing, writing) is the CLI's part:
``revdiff batch``.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .render.registry import DIFF
from .sources import parse_spec

__all__ = ["BatchItem", "EXTENSIONS", "pair_folders", "parse_manifest", "up_to_date", "spec_path"]

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


def parse_manifest(text: str, source: str, base: str | Path = ".") -> list[BatchItem]:
    """Items from a manifest: lines ``a<TAB>b<TAB>output``; ``#`` comments and blank lines skipped.

    Relative paths are taken from ``base`` (the manifest's folder).

    >>> parse_manifest("# a, b, output\\nx.txt\\ty.txt\\tout/x.json\\n", "m.tsv", "work")
    [BatchItem(a='work/x.txt', b='work/y.txt', output='work/out/x.json')]
    """
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
        a, b, output = (os.path.join(base, f.strip()) for f in fields)
        items.append(BatchItem(a, b, output))
    outputs = [item.output for item in items]
    clashes = sorted({o for o in outputs if outputs.count(o) > 1})
    if clashes:
        raise InputError(f"{source}: more than one line writes {clashes[0]}")
    return items


def up_to_date(item: BatchItem) -> bool:
    """Whether the item's output exists and is newer than both its inputs."""
    try:
        made = os.stat(item.output).st_mtime_ns
        return all(made > os.stat(spec_path(s)).st_mtime_ns for s in (item.a, item.b))
    except OSError:
        return False

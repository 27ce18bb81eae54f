"""``revdiff batch``: compare a whole folder of documents, in parallel processes.

Pairs come from two folders (files of the same name) or from a manifest
(``a<TAB>b<TAB>output`` lines). Each pair is read, diffed, rendered and
written by :func:`run_item` in a worker process; outputs already newer than
both inputs are skipped. A summary table ends the run; the exit status is 2
when any item failed (the others are still done), else 0.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import click

from ..tokenize import Normalizer
from . import common


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What every item of a batch is compared and rendered with (picklable, for workers)."""

    format_: str = "text"
    by: str = "word"
    context: int | None = None
    normalizer: Normalizer | None = None
    reading: str = "diplomatic"


@dataclass(frozen=True, slots=True)
class ItemResult:
    """How one item went: ``written``, ``up to date`` or ``failed``; its changes and seconds."""

    index: int
    status: str
    changes: int | None = None
    message: str = ""
    seconds: float = 0.0


def run_item(index: int, a: str, b: str, output: str, options: BatchOptions) -> ItemResult:
    """Diff ``a`` and ``b`` into ``output``; never raises, so one bad pair stops nothing."""
    from .. import api
    from ..errors import RevdiffError
    from ..render import DIFF

    start = time.perf_counter()
    try:
        result = api.compare(
            a, b, normalizer=options.normalizer, by=options.by, reading=options.reading
        )
        out = DIFF.render(result, options.format_, common.render_options(context=options.context))
        common.write_output(output, out, inputs=common.input_paths(a, b), force=True)
    except RevdiffError as e:
        return ItemResult(index, "failed", message=e.message)
    except Exception as e:  # a bug on one pair must not lose the others' work
        return ItemResult(index, "failed", message=f"internal error: {type(e).__name__}: {e}")
    return ItemResult(index, "written", result.stats().changes, seconds=time.perf_counter() - start)


def _results(
    todo: list[tuple[int, str, str, str]], options: BatchOptions, jobs: int
) -> Iterator[ItemResult]:
    """Results as items finish: in this process for one job, else in a pool of processes."""
    if jobs <= 1 or len(todo) <= 1:
        for index, a, b, output in todo:
            yield run_item(index, a, b, output, options)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
        futures: list[Future[ItemResult]] = [
            pool.submit(run_item, index, a, b, output, options) for index, a, b, output in todo
        ]
        for future in as_completed(futures):
            yield future.result()


def summary_table(rows: list[tuple[str, ...]]) -> str:
    """Columns padded to their widest cell.

    >>> print(summary_table([("output", "status"), ("a.json", "written")]))
    output  status
    a.json  written
    """
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


@click.command("batch")
@click.argument("folders", nargs=-1, type=click.Path(file_okay=False), metavar="[DIR_A DIR_B]")
@click.option(
    "-m",
    "--manifest",
    type=click.Path(dir_okay=False),
    help="Pairs from FILE: lines a<TAB>b<TAB>output (paths relative to FILE's folder).",
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False),
    help="With DIR_A DIR_B: the folder the outputs go to (NAME.<format's extension>).",
)
@click.option(
    "--pattern",
    default="*",
    show_default=True,
    help="With DIR_A DIR_B: only files whose name matches this glob.",
)
@click.option("--a-layer", metavar="LAYER", help="Compare this layer of each .xml file in DIR_A.")
@click.option("--b-layer", metavar="LAYER", help="Compare this layer of each .xml file in DIR_B.")
@common.diff_options
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to run at once  [default: the number of CPUs].",
)
@click.option("--force", is_flag=True, help="Redo items whose output is already up to date.")
@common.normalization_options
@common.reports_errors
def command(
    folders: tuple[str, ...],
    manifest: str | None,
    output_dir: str | None,
    pattern: str,
    a_layer: str | None,
    b_layer: str | None,
    format_: str,
    by: str,
    context: int | None,
    jobs: int | None,
    force: bool,
    normalizer: Normalizer,
    reading: str,
) -> None:
    """Compare many pairs of sources, in parallel: DIR_A DIR_B -o OUTDIR, or --manifest FILE.

    With two folders, files of the same name are paired (a TEI file's final
    layer unless --a-layer/--b-layer say otherwise) and each pair's diff is
    written to OUTDIR as NAME plus the format's extension (txt, diff, json,
    html, xml). An output newer than both its inputs is up to date and
    skipped (--force redoes it, as it should after a change of options). A progress bar is shown on a terminal; a
    summary table ends the run.

    Exit status 0 when every item is written or up to date, 2 when any
    failed (the others are still done).
    """
    from ..batch import BatchItem, pair_folders, parse_manifest, up_to_date
    from ..errors import InputError
    from ..sources import SourceSpec, decode_text, read_bytes

    items: list[BatchItem]
    if manifest and folders:
        raise click.UsageError("give either DIR_A DIR_B or --manifest, not both")
    if manifest:
        if output_dir:
            raise click.UsageError("--output-dir is for DIR_A DIR_B; a manifest names each output")
        text = decode_text(read_bytes(SourceSpec(manifest)), manifest)
        items = parse_manifest(text, manifest, os.path.dirname(manifest) or ".")
    elif len(folders) == 2:
        if not output_dir:
            raise click.UsageError("DIR_A DIR_B needs -o/--output-dir")
        items, unpaired = pair_folders(
            folders[0],
            folders[1],
            output_dir,
            pattern=pattern,
            format_=format_,
            a_layer=a_layer,
            b_layer=b_layer,
        )
        for name in unpaired:
            click.echo(f"revdiff: {name}: in only one of the folders; not compared", err=True)
    else:
        raise click.UsageError("give two folders, DIR_A DIR_B, or --manifest FILE")
    if not items:
        raise InputError("nothing to compare: no pair of files found")

    options = BatchOptions(format_, by, context, normalizer, reading)
    results: dict[int, ItemResult] = {}
    todo: list[tuple[int, str, str, str]] = []
    for index, item in enumerate(items):
        if not force and up_to_date(item):
            results[index] = ItemResult(index, "up to date")
        else:
            todo.append((index, item.a, item.b, item.output))

    jobs = jobs or os.cpu_count() or 1
    if todo and sys.stderr.isatty():
        with click.progressbar(
            length=len(todo), label="Comparing", file=sys.stderr, show_pos=True
        ) as bar:
            for result in _results(todo, options, jobs):
                results[result.index] = result
                bar.update(1)
    else:
        for result in _results(todo, options, jobs):
            results[result.index] = result

    rows: list[tuple[str, ...]] = [("output", "status", "changes", "a", "b")]
    for index, item in enumerate(items):
        r = results[index]
        changes = "" if r.changes is None else str(r.changes)
        rows.append((item.output, r.status, changes, item.a, item.b))
    click.echo(summary_table(rows))
    statuses = ("written", "up to date", "failed")
    counts = {s: sum(1 for r in results.values() if r.status == s) for s in statuses}
    click.echo(", ".join(f"{n} {s}" for s, n in counts.items()))
    for index in sorted(results):
        if results[index].status == "failed":
            click.echo(f"revdiff: {results[index].message}", err=True)
    sys.exit(2 if counts["failed"] else 0)

"""``revdiff batch``: compare a whole folder of documents, in parallel processes or on a cluster.

Pairs come from two folders (files of the same name) or from a manifest
(``a<TAB>b<TAB>output`` lines). This process plans the run, reads each
pair's sources, and writes each output (atomically, inside the output
folder, noting it in the folder's record); the work in between (parsing,
aligning, rendering: :func:`revdiff.batch.render_pair`) runs in worker
processes (:mod:`.workers`), or on a Dask cluster with ``--scheduler``.
Outputs already newer than both inputs are skipped. A summary table ends the
run, interrupted or not; the exit status is 2 when any item failed (the
others are still done), 130 after Ctrl-C, 143 after SIGTERM, else 0.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from ..tokenize import Normalizer
from . import common

if TYPE_CHECKING:
    from ..batch import BatchItem, PairSettings, Record
    from .workers import Pool


@dataclass(frozen=True, slots=True)
class ItemResult:
    """How one item went: ``written``, ``up to date``, ``not replaced``, ``failed`` or
    ``stopped`` (not done when the run was interrupted); its changes and seconds."""

    index: int
    status: str
    changes: int | None = None
    message: str = ""
    seconds: float = 0.0


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


def _run(
    todo: list[int],
    items: list[BatchItem],
    pool: Pool,
    settings: PairSettings,
    record: Record,
    done: Callable[[ItemResult], None],
) -> None:
    """Run the items ``todo``: read each pair here, render it in ``pool``, write it here.

    Only a few more items than the pool has workers are in flight, so that the
    sources read and the outputs rendered but not yet written stay few.
    """
    from ..batch import PairResult, render_pair
    from ..errors import RevdiffError
    from ..sources import parse_spec, read_bytes

    pending: dict[Future[PairResult], int] = {}
    queue = iter(todo)

    def fill() -> None:
        while len(pending) < 2 * pool.slots:
            index = next(queue, None)
            if index is None:
                return
            item = items[index]
            a, b = parse_spec(item.a), parse_spec(item.b)
            try:
                a_data, b_data = read_bytes(a), read_bytes(b)
            except RevdiffError as e:
                done(ItemResult(index, "failed", message=e.message))
                continue
            try:
                future = pool.submit(render_pair, index, a, a_data, b, b_data, settings)
            except Exception as e:  # the pool broke (a worker killed): the rest cannot run
                done(ItemResult(index, "failed", message=f"{item.output}: {pool.failure(e)}"))
                continue
            pending[future] = index

    fill()
    while pending:
        finished, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
        for future in finished:
            index = pending.pop(future)
            item = items[index]
            try:
                result = future.result()
            except Exception as e:  # the worker died (killed, out of memory), or the cluster failed
                done(ItemResult(index, "failed", message=f"{item.output}: {pool.failure(e)}"))
                continue
            if result.output is None:
                done(ItemResult(index, "failed", message=result.message))
                continue
            if result.version != settings.render.version:
                message = (
                    f"{item.output}: the worker runs revdiff {result.version}, not "
                    f"{settings.render.version}; not written"
                )
                done(ItemResult(index, "failed", message=message))
                continue
            inputs = common.input_paths(item.a, item.b)
            try:
                common.write_output(item.output, result.output, inputs=inputs, force=True)
                record.add(item.output)
            except RevdiffError as e:
                done(ItemResult(index, "failed", message=e.message))
                continue
            done(ItemResult(index, "written", result.changes, seconds=result.seconds))
        fill()


@click.command("batch")
@click.argument("folders", nargs=-1, type=click.Path(file_okay=False), metavar="[DIR_A DIR_B]")
@click.option(
    "-m",
    "--manifest",
    type=click.Path(dir_okay=False),
    help="Pairs from FILE: lines a<TAB>b<TAB>output (sources relative to FILE's folder, "
    "outputs inside -o, by default FILE's folder).",
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False),
    help="The folder the outputs go to (with DIR_A DIR_B: NAME.<format's extension>).",
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
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run the items on the Dask cluster whose scheduler is at ADDRESS "
    "(tcp://HOST:PORT; needs the cluster extra).",
)
@click.option(
    "--scheduler-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to try to reach the scheduler.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Redo items whose output is up to date, and replace files this batch did not write.",
)
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
    scheduler: str | None,
    scheduler_timeout: float,
    force: bool,
    normalizer: Normalizer,
    reading: str,
) -> None:
    """Compare many pairs of sources, in parallel: DIR_A DIR_B -o OUTDIR, or --manifest FILE.

    With two folders, files of the same name are paired (a TEI file's final
    layer unless --a-layer/--b-layer say otherwise) and each pair's diff is
    written to OUTDIR as NAME plus the format's extension (txt, diff, json,
    html, xml). Every output stays inside the output folder, and none may be
    a source of the run. An output newer than both its inputs is up to date
    and skipped; an existing file this batch did not write (its record is
    OUTDIR/.revdiff-batch) is left alone; --force redoes and replaces both.
    A progress bar is shown on a terminal; a summary table ends the run.

    Exit status 0 when every item is written or up to date, 2 when any
    failed or was left alone (the others are still done), 130 after Ctrl-C
    and 143 after SIGTERM (what was written stays).
    """
    from ..batch import (
        PairSettings,
        Record,
        check_outputs,
        pair_folders,
        parse_manifest,
        up_to_date,
    )
    from ..errors import InputError
    from ..render.terminal import visible
    from ..sources import SourceSpec, decode_text, read_bytes
    from .workers import Pool

    items: list[BatchItem]
    sources: tuple[str, ...] = ()
    if manifest and folders:
        raise click.UsageError("give either DIR_A DIR_B or --manifest, not both")
    if scheduler and jobs:
        raise click.UsageError("give either -j/--jobs (processes here) or --scheduler, not both")
    if manifest:
        text = decode_text(read_bytes(SourceSpec(manifest)), manifest)
        base = os.path.dirname(manifest) or "."
        out_dir = output_dir or base
        items = parse_manifest(text, manifest, base, out_dir)
        sources = (manifest,)
    elif len(folders) == 2:
        if not output_dir:
            raise click.UsageError("DIR_A DIR_B needs -o/--output-dir")
        out_dir = output_dir
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
            click.echo(
                common.error_line(f"{name}: in only one of the folders; not compared"), err=True
            )
    else:
        raise click.UsageError("give two folders, DIR_A DIR_B, or --manifest FILE")
    if not items:
        raise InputError("nothing to compare: no pair of files found")
    check_outputs(items, out_dir, sources)  # before any work: exit 2
    record = Record.load(out_dir)

    results: dict[int, ItemResult] = {}
    todo: list[int] = []
    for index, item in enumerate(items):
        if not force and os.path.lexists(item.output) and not record.wrote(item.output):
            message = (
                f"{item.output}: exists, and this batch did not write it; "
                "left alone (--force replaces it)"
            )
            results[index] = ItemResult(index, "not replaced", message=message)
        elif not force and up_to_date(item):
            results[index] = ItemResult(index, "up to date")
        else:
            todo.append(index)

    settings = PairSettings(
        format_, by, normalizer, reading, common.render_options(context=context)
    )
    stopped: int | None = None  # the signal that stopped the run
    pool = (
        Pool.cluster(scheduler, scheduler_timeout)
        if scheduler
        else Pool.local(min(jobs or os.cpu_count() or 1, max(len(todo), 1)))
        if todo
        else None
    )
    bar = (
        click.progressbar(length=len(todo), label="Comparing", file=sys.stderr, show_pos=True)
        if todo and sys.stderr.isatty()
        else None
    )

    def done(result: ItemResult) -> None:
        results[result.index] = result
        if bar is not None:
            bar.update(1)

    try:
        if pool is not None and todo:
            _run(todo, items, pool, settings, record, done)
    except KeyboardInterrupt:
        stopped = 2
    except common.Terminated as e:
        stopped = e.signum
    finally:
        if pool is not None:
            if stopped is None:
                pool.close()
            else:
                pool.stop()  # within a second or so: the workers are killed
        if bar is not None:
            bar.render_finish()

    rows: list[tuple[str, ...]] = [("output", "status", "changes", "a", "b")]
    for index, item in enumerate(items):
        r = results.get(index) or ItemResult(index, "stopped")
        changes = "" if r.changes is None else str(r.changes)
        rows.append((item.output, r.status, changes, item.a, item.b))
    click.echo(visible(summary_table(rows)))
    statuses = ["written", "up to date", "failed"]
    counts = {s: sum(1 for r in results.values() if r.status == s) for s in statuses}
    left = sum(1 for r in results.values() if r.status == "not replaced")
    if left:
        counts["not replaced"] = left
    if stopped is not None:
        counts["stopped"] = len(items) - len(results)
    click.echo(", ".join(f"{n} {s}" for s, n in counts.items()))
    for index in sorted(results):
        if results[index].status in ("failed", "not replaced"):
            click.echo(common.error_line(results[index].message), err=True)
    if stopped is not None:
        sys.exit(128 + stopped)
    sys.exit(2 if counts["failed"] or left else 0)

"""Where a batch's items run: worker processes on this machine, or a Dask cluster.

Both are ``concurrent.futures`` executors behind one :class:`Pool`, so that
``revdiff batch`` plans, reads, writes, reports progress and stops the same
way whichever does the work.

Local workers never outlive the batch: each ignores Ctrl-C (which the
terminal sends to the whole process group; the batch decides what stops) and
watches its parent, and ends as soon as the parent is gone, even killed with
SIGKILL. :meth:`Pool.stop` kills the workers outright; they write nothing,
so nothing is left half-done. On a cluster, :meth:`Pool.stop` cancels what
the scheduler still holds for this client, and a client that vanishes has
its work dropped by the scheduler; a task already running on a worker runs
on to its end there (Dask cannot interrupt it), its result dropped.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, TypeVar

from ..errors import InputError

__all__ = ["Pool"]

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _die_with_parent() -> None:
    """Linux: have the kernel kill this process when its parent ends (even by SIGKILL).
    A thread that waited for the parent could not do it alone: a long alignment in C
    holds the GIL."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl here: the waiting thread is left
        pass


def _watch(sentinel: int) -> None:
    from multiprocessing.connection import wait

    wait([sentinel])  # readable when the parent is gone
    os._exit(1)  # orphaned: no one will read what this worker would make


def _worker_started() -> None:
    """In each local worker, first: no Ctrl-C of its own (the terminal sends it to the
    whole process group; the batch decides what stops), and no life after the batch's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):  # a forked worker has the batch's handlers
        signal.signal(signum, signal.SIG_DFL)
    _die_with_parent()
    parent = multiprocessing.parent_process()
    if parent is not None:
        if not parent.is_alive():  # gone before the kernel was told to watch
            os._exit(1)
        threading.Thread(
            target=_watch, args=(parent.sentinel,), daemon=True, name="watch-parent"
        ).start()


class Pool:
    """An executor, how many items it runs at once (``slots``), and how it ends: ``close``
    after a run that finished, ``stop`` at once after an interruption."""

    def __init__(
        self,
        executor: Executor,
        slots: int,
        stop: Callable[[], None],
        close: Callable[[], None] | None = None,
    ) -> None:
        self.executor = executor
        self.slots = slots
        self._stop = stop
        self._close = close

    @classmethod
    def local(cls, jobs: int) -> Pool:
        """``jobs`` worker processes, children of the batch itself, so that they die with it
        (a fork server's children would keep it alive, and it them).

        On Linux they are forked, all at once before the pool starts its thread (so
        no thread is copied), which is quick and leaves no named semaphore for the
        resource tracker to report when a stopped batch ends at once; elsewhere
        they are spawned afresh.
        """
        context = multiprocessing.get_context(
            "fork" if sys.platform.startswith("linux") else "spawn"
        )
        before = set(multiprocessing.active_children())
        executor = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_worker_started,
        )

        def stop() -> None:
            executor.shutdown(wait=False, cancel_futures=True)
            workers = [p for p in multiprocessing.active_children() if p not in before]
            for p in workers:
                p.kill()  # they write nothing: nothing to clean up
            deadline = time.monotonic() + 1.0
            for p in workers:
                p.join(max(0.0, deadline - time.monotonic()))
            # Not shutdown(wait=True): before 3.11.5 it can hang on a pool whose worker
            # was killed; the pool's thread ends with the process.

        return cls(executor, jobs, stop)

    @classmethod
    def cluster(cls, address: str, timeout: float) -> Pool:
        """The Dask cluster whose scheduler is at ``address``: one line and exit 2 if it
        cannot be reached (never a quiet run on this machine instead)."""
        try:
            import logging

            from distributed import Client
        except ImportError:
            raise InputError(
                "--scheduler needs Dask's distributed: pip install 'revdiff[cluster]'"
            ) from None
        # distributed logs to stderr on its own; revdiff says what went wrong itself.
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        try:
            connect: Any = Client  # distributed has no type hints for mypy to follow
            client = connect(address, timeout=timeout, set_as_default=False)
        except Exception as e:  # unreachable, refused, not a scheduler, a bad address
            reason = " ".join(str(e).split()) or type(e).__name__
            raise InputError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
        workers = client.scheduler_info().get("workers", {})
        threads = sum(int(w.get("nthreads", 1)) for w in workers.values())

        def stop() -> None:
            client.close(timeout=2)  # the scheduler drops what this client asked for

        return cls(client.get_executor(pure=False), max(threads, 2), stop, client.close)

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        return self.executor.submit(fn, *args)

    broken = False  # a worker died: the pool runs nothing more

    def failure(self, error: BaseException) -> str:
        """What a future's exception says about the item: its worker died, or the cluster."""
        name = type(error).__name__
        if name == "BrokenProcessPool":
            self.broken = True
            return "its worker process died (out of memory, or killed); not written"
        return f"the worker failed: {name}: {' '.join(str(error).split())}; not written"

    def close(self) -> None:
        """After a run that finished: let the workers go (the rest of a broken pool, stop)."""
        if self.broken:
            self._stop()
            return
        self.executor.shutdown(wait=True)
        if self._close is not None:
            self._close()

    def stop(self) -> None:
        """After an interruption: stop the work at once."""
        self._stop()

"""Helpers of the attack suite: hostile files, a bounded run of the CLI, a trap server.

Not a test module: ``test_hostile_*.py`` import it (pytest puts this folder
on ``sys.path``). Every hostile file is generated here, in the test's
temporary folder, never stored in the repository.
"""

from __future__ import annotations

import os
import resource
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEI_NS = "http://www.tei-c.org/ns/1.0"

# What a run of revdiff over a hostile file may take: the limits are the
# measurement. A run that needs more address space dies (MemoryError, exit
# status 1, a traceback) and one that takes longer is killed: both fail.
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space (RLIMIT_AS)
TIME_LIMIT = 60.0  # seconds

SECRET = "S3CRET-7f1c-revdiff-must-not-leak"


def tei(body: str, doctype: str = "", namespaces: str = "") -> str:
    """A TEI document around ``body`` (the inside of ``body``), with an optional DOCTYPE."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{doctype}\n"
        f'<TEI xmlns="{TEI_NS}"{namespaces}><teiHeader><fileDesc><titleStmt><title>t</title>'
        "</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p>"
        "</sourceDesc></fileDesc></teiHeader>"
        f"<text><body>{body}</body></text></TEI>\n"
    )


def secret_file(folder: Path) -> Path:
    path = folder / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True, slots=True)
class Run:
    """What a bounded run of ``revdiff`` did."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_kib: int
    killed: bool

    def assert_refused(self, *words: str) -> None:
        """Exit 2, nothing on stdout, one line on stderr holding ``words``, no traceback."""
        assert not self.killed, f"killed after {TIME_LIMIT} s"
        assert "Traceback" not in self.stderr, self.stderr
        assert self.code == 2, (self.code, self.stderr)
        assert self.stdout == ""
        lines = self.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("revdiff: "), self.stderr
        for word in words:
            assert word in lines[0], (word, lines[0])

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _limits() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_bounded(
    *args: str, folder: Path, stdin: Path | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run ``python -m revdiff ARGS`` with RLIMIT_AS and a time-out; measure time and peak memory."""
    out, err = folder / ".run.stdout", folder / ".run.stderr"
    # The user's own REVDIFF_MAX_BYTES must not change what is tested.
    inherited = {k: v for k, v in os.environ.items() if k != "REVDIFF_MAX_BYTES"}
    environment = {**inherited, "PYTHONPATH": str(ROOT), **(env or {})}
    with (
        open(out, "wb") as o,
        open(err, "wb") as e,
        open(stdin if stdin else os.devnull, "rb") as i,
    ):
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "revdiff", *args],
            stdin=i,
            stdout=o,
            stderr=e,
            cwd=ROOT,
            env=environment,
            preexec_fn=_limits,
        )
        timer = threading.Timer(TIME_LIMIT, proc.kill)
        timer.start()
        try:
            # wait4, not Popen.wait: it also returns the child's resource usage.
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
    return Run(
        code=proc.returncode,
        stdout=out.read_text(encoding="utf-8", errors="replace"),
        stderr=err.read_text(encoding="utf-8", errors="replace"),
        seconds=seconds,
        max_rss_kib=usage.ru_maxrss,
        killed=proc.returncode < 0,
    )


class _Trap(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[str] = []
        self.payload = b""


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server: _Trap = self.server  # type: ignore[assignment]
        self.request.settimeout(2)
        try:
            head = self.request.recv(4096).decode("latin-1")
        except OSError:
            head = ""
        server.requests.append(head.split("\r\n", 1)[0] or "(connection)")
        body = server.payload
        self.request.sendall(
            b"HTTP/1.0 200 OK\r\nContent-Type: application/xml-dtd\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )


@contextmanager
def trap_server(payload: str = "") -> Iterator[_Trap]:
    """A local HTTP server that answers anything with ``payload`` and records every connection.

    If revdiff fetched a URL, the fetch would succeed (and the payload would
    be used): so ``requests == []`` afterwards proves nothing was fetched.
    """
    server = _Trap()
    server.payload = payload.encode()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def url(server: _Trap, path: str) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/{path}"

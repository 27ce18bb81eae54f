"""The ``revdiff`` command: a click group whose commands are imported when used.

Each command lives in a module of this package; ``COMMANDS`` maps its name to
``module:attribute``. Only the command in hand is imported, so ``revdiff
--version`` does not load lxml or diff-match-patch. Errors that revdiff
reports (:class:`~revdiff.errors.RevdiffError`) become one line on stderr and
exit status 2; nothing else imports this package.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

import click

from .._version import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    "diff": ("revdiff.cli.diff:command", "Compare two sources word by word."),
    "text": ("revdiff.cli.text:text", "Print the plain text of a source or layer."),
    "layers": ("revdiff.cli.text:layers", "List the layers, hands and changes of a TEI file."),
    "validate": (
        "revdiff.cli.validate:command",
        "Check TEI files against tei_all and their pointers.",
    ),
    "encode": ("revdiff.cli.encode:command", "Turn a Markdown transcription into TEI."),
    "html": (
        "revdiff.cli.html:command",
        "Write a self-contained HTML view of 1, 2 or more sources.",
    ),
    "trace": (
        "revdiff.cli.trace:command",
        "Say where each correction of a draft went in a later text.",
    ),
    "collate": ("revdiff.cli.collate:command", "Align many sources in one table."),
    "batch": (
        "revdiff.cli.batch:command",
        "Compare a folder of documents (or a manifest) in parallel.",
    ),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, _, attribute = COMMANDS[name][0].partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="revdiff")
def cli() -> None:
    """Read the revision layers of TEI documents; diff and render the versions of a text.

    A SOURCE is a TEI file or a UTF-8 text file, or - for standard input,
    optionally followed by #LAYER (tei/draft.xml#base). A TEI file without a
    layer means its final layer.

    Exit status: 0 no differences, 1 differences, 2 trouble.
    """


def run() -> None:
    """The ``revdiff`` command itself: :func:`main`, then a quick exit.

    Once its output is flushed, the process ends without freeing its objects
    one by one (a few hundredths of a second after a novel's diff), as mypy
    ends. Called as a library, :func:`main` returns or raises as usual.
    """
    code: str | int | None = 0
    try:
        main()
    except SystemExit as e:
        code = e.code
    if not isinstance(code, int):
        sys.exit(code)  # a message (or None): let Python end as usual
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # `| head`, or a stream already closed
        sys.exit(code)
    os._exit(code)


def main(argv: list[str] | None = None) -> Any:
    from ..errors import RevdiffError

    # A command makes its many objects once and keeps them to the end: the
    # cycle collector, run at its usual pace, would walk them over and over
    # (a tenth of the time of a novel's diff) to find no cycle.
    gc.set_threshold(100_000, 20, 20)
    try:
        return cli.main(args=argv, prog_name="revdiff", standalone_mode=True)
    except RevdiffError as e:  # raised outside a command's own handling
        click.echo(f"revdiff: {e.message}", err=True)
        sys.exit(e.exit_code)

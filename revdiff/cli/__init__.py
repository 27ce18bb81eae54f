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
    """Run the ``revdiff`` command line (``argv``, or the process's arguments).

    Whatever goes wrong ends in one line on stderr, never a traceback: a
    usage error as click words it (exit 2), a RevdiffError as its message
    (exit 2), anything else as an internal error (exit 2), Ctrl-C with 130.
    """
    from ..errors import RevdiffError
    from .common import error_line, internal_error

    # A command makes its many objects once and keeps them to the end: the
    # cycle collector, run at its usual pace, would walk them over and over
    # (a tenth of the time of a novel's diff) to find no cycle.
    gc.set_threshold(100_000, 20, 20)
    args = sys.argv[1:] if argv is None else argv
    try:
        # Not standalone: click would turn Ctrl-C into "Aborted!" and exit 1.
        return cli.main(args=args, prog_name="revdiff", standalone_mode=False)
    except click.exceptions.Abort:  # Ctrl-C outside a command (click's word for it)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except RevdiffError as e:  # raised outside a command's own handling
        click.echo(error_line(e.message), err=True)
        sys.exit(e.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:  # outside every command's own handling: still one line
        command = next((a for a in args if a in COMMANDS), "revdiff")
        click.echo(internal_error(command, e), err=True)
        sys.exit(2)

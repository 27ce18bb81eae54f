"""``revdiff validate FILE...``: tei_all, then the pointers a schema cannot follow."""

from __future__ import annotations

import sys

import click

from .common import error_line, internal_error, reports_errors


@click.command("validate")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--schema",
    type=click.Path(dir_okay=False),
    help="The RELAX NG schema (default: $REVDIFF_TEI_RNG, or tei_all cached under "
    "$XDG_CACHE_HOME/revdiff/, downloaded on first use).",
)
@reports_errors
def command(files: tuple[str, ...], schema: str | None) -> None:
    """Check TEI FILEs against tei_all and their pointers against themselves.

    Every @hand must point to a handNote, @change to a change, @spanTo to an
    anchor that follows it, @wit to a witness; every subst must hold a del
    and an add. Problems are printed as FILE:LINE:COL: message.

    Exit status 0 when every file is valid, 1 when one is not, 2 on trouble
    (a file that cannot be read, no schema).
    """
    from ..api import validate
    from ..errors import RevdiffError
    from ..render.terminal import visible
    from ..tei.validate import schema_path

    rng = schema_path(schema)
    invalid = trouble = False
    for name in files:  # each file its own verdict: one that cannot be read stops nothing
        try:
            problems = validate(name, rng)
        except RevdiffError as e:
            click.echo(error_line(e.message), err=True)
            trouble = True
            continue
        except Exception as e:  # a bug on one file: reported, and the others still checked
            click.echo(internal_error("validate", e, name), err=True)
            trouble = True
            continue
        for problem in problems:
            click.echo(visible(str(problem)))
        invalid = invalid or bool(problems)
    sys.stdout.flush()
    sys.exit(2 if trouble else 1 if invalid else 0)

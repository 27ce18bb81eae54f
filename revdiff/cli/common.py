"""What the commands share: source options, error reporting, colour, safe output."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

import click

from ..errors import OutputError, RevdiffError

if TYPE_CHECKING:
    from ..model import Diff, Witness
    from ..render.options import RenderOptions
    from ..tei.vocabulary import Vocabulary
    from ..tokenize import Normalizer

F = TypeVar("F", bound=Callable[..., Any])


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: raised where the command is, so that what it was
    writing is cleaned away (a temporary file removed) on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """While a command runs, SIGTERM and SIGHUP raise :class:`Terminated` (as SIGINT
    raises KeyboardInterrupt); a signal the caller ignores (``nohup``) stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise Terminated(signum)

    previous: dict[signal.Signals, Any] = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def error_line(message: str) -> str:
    """A message as revdiff prints it: ``revdiff: ...``, one line, controls shown as ``\\x1b``."""
    from ..render.terminal import visible

    return visible(f"revdiff: {' '.join(message.split())}")


def internal_error(command: str, error: BaseException, where: str | None = None) -> str:
    """The one line for an error revdiff did not expect: a bug to report, not the input's fault
    (``where``: the file it happened on, when a command reads many)."""
    what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    what = f"{where}: {what}" if where else what
    if len(what) > 300:
        what = what[:299] + "…"
    return error_line(f"internal error in {command}: {what} (please report)")


def reports_errors(f: F) -> F:
    """Run a command so that it never ends in a traceback.

    A RevdiffError becomes its one line on stderr and exit status 2; any
    other exception the line ``revdiff: internal error in COMMAND: ... (please
    report)`` and exit status 2 (never 1, which means "different"). Ctrl-C
    exits 130, SIGTERM 143 and SIGHUP 129, silently, after what was being
    written is cleaned away.
    """

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        context = click.get_current_context(silent=True)
        command = context.info_name if context and context.info_name else f.__name__
        try:
            with signals_raise():
                return f(*args, **kwargs)
        except RevdiffError as e:
            click.echo(error_line(e.message), err=True)
            sys.exit(e.exit_code)
        except BrokenPipeError:  # `revdiff diff ... | head`
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            sys.exit(130)
        except Terminated as e:
            sys.exit(128 + e.signum)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own: a usage error says so itself, with its own status
        except Exception as e:  # MemoryError, RecursionError, a bug: one line, exit 2
            click.echo(internal_error(command, e), err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def normalization_options(f: F) -> F:
    """The options that say what differences do not count, and ``--reading``.

    The command is given them as one ``normalizer`` (a
    :class:`~revdiff.tokenize.Normalizer`) and ``reading``; a ``-n`` that
    names no preset is a table file, read here (an error in it is one line,
    exit 2).
    """

    @functools.wraps(f)
    def wrapper(
        *args: Any,
        ignore_case: bool,
        ignore_punctuation: bool,
        tables: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        normalizer = reports_errors(_normalizer)(ignore_case, ignore_punctuation, tables)
        return f(*args, normalizer=normalizer, **kwargs)

    options = [
        click.option("-i", "--ignore-case", is_flag=True, help="Compare letters without case."),
        click.option(
            "-p",
            "--ignore-punctuation",
            is_flag=True,
            help="Compare words without punctuation; punctuation is still shown.",
        ),
        click.option(
            "-n",
            "--normalize",
            "tables",
            multiple=True,
            metavar="TABLE|FILE",
            help="Apply a normalization table (repeatable, in order): yo (ё = е), hard-sign "
            "(typewriter apostrophe = ъ), old-orthography (ѣ і ѳ ѵ, final ъ), stress "
            "(accents), quotes-dashes, telegram (ЗПТ ТЧК STOP, no case), latin (u = v, "
            "i = j, ſ = s, æ = ae, œ = oe), long-s (ſ = s); or a TSV file of your own, "
            "a line from<TAB>to each (characters or strings, in the keys compared only).",
        ),
        reading_option,
    ]
    decorated: Any = wrapper
    for option in reversed(options):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def _normalizer(ignore_case: bool, ignore_punctuation: bool, names: Sequence[str]) -> Normalizer:
    """The normalizer of ``-i``, ``-p`` and each ``-n`` (a preset, else a table file)."""
    from ..api import load_table
    from ..errors import InputError
    from ..tokenize import TABLES, Normalizer, Table

    tables: list[Table] = []
    for name in names:
        if name in TABLES:
            tables.append(name)
        elif os.path.exists(name) or name == "-":
            tables.append(load_table(name))
        else:
            raise InputError(
                f"-n {name}: no normalization table or file of that name "
                f"(the tables: {', '.join(TABLES)})"
            )
    return Normalizer(ignore_case, ignore_punctuation, tuple(tables))


reading_option = click.option(
    "--reading",
    type=click.Choice(["diplomatic", "normalized"]),
    default="diplomatic",
    show_default=True,
    help="Inside TEI choice: sic/orig/abbr (diplomatic) or corr/reg/expan (normalized).",
)
"""``--reading``: which alternative of a TEI ``choice`` a layer reads."""


class ByteSize(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 only
    """A number of bytes: 1000, 64K, 64M, 2G; 0 for no limit."""

    name = "bytes"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from ..sources import parse_size

        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError as e:
            self.fail(str(e), param, ctx)


def max_bytes_option(f: F) -> F:
    """``--max-bytes``: the largest input read (default 64M), also from $REVDIFF_MAX_BYTES."""
    return click.option(
        "--max-bytes",
        type=ByteSize(),
        default=None,  # None: sources.default_max_bytes(), which reads $REVDIFF_MAX_BYTES
        metavar="SIZE",
        help="Refuse inputs larger than SIZE (such as 500K, 64M, 2G; 0: no limit). "
        "Default 64M; also $REVDIFF_MAX_BYTES.",
    )(f)


def vocabulary_option(f: F) -> F:
    """``--vocabulary NAME|FILE``: a project's revision vocabulary (a TOML file, or one
    revdiff ships, by name). The command is given it read: a Vocabulary, or None.

    A vocabulary that cannot be read is one line on stderr and exit status 2.
    """

    @functools.wraps(f)
    def wrapper(*args: Any, vocabulary: str | None = None, **kwargs: Any) -> Any:
        loaded = None
        if vocabulary is not None:
            from ..api import load_vocabulary

            loaded = reports_errors(load_vocabulary)(vocabulary)
        return f(*args, vocabulary=loaded, **kwargs)

    option = click.option(
        "--vocabulary",
        metavar="NAME|FILE",
        default=None,
        help="Read a project's own revision markup as TEI's: a TOML file saying which "
        "elements are deletions, additions, substitutions, overwritings (see the README), "
        "or one revdiff ships: faust (the Faust-Edition's documentary transcripts).",
    )
    decorated: F = option(wrapper)  # type: ignore[assignment]
    return decorated


class _Reading(TypedDict):
    """How every command reads its sources (its options of the same names)."""

    normalizer: Normalizer
    reading: str
    max_bytes: int | None
    vocabulary: Vocabulary | None


def compare(
    a: str,
    b: str,
    normalizer: Normalizer,
    reading: str,
    max_bytes: int | None,
    moves: int,
    vocabulary: Vocabulary | None,
    by: str = "word",
    sigla: tuple[str, ...] = (),
) -> Diff:
    """:func:`revdiff.api.compare`, saying on stderr what was assumed in reading A and B."""
    from .. import api

    how = _Reading(
        normalizer=normalizer, reading=reading, max_bytes=max_bytes, vocabulary=vocabulary
    )
    result = api.compare(a, b, sigla, by=by, moves=moves, **how)
    print_notices(result.a, result.b)
    return result


def read_all(
    sources: Sequence[str],
    normalizer: Normalizer,
    reading: str,
    vocabulary: Vocabulary | None,
    sigla: tuple[str, ...],
    *,
    max_bytes: int | None = None,
    distinct: bool = False,
) -> list[Witness]:
    """:func:`revdiff.api.read_all`, saying on stderr what was assumed in reading them."""
    from .. import api

    how = _Reading(
        normalizer=normalizer, reading=reading, max_bytes=max_bytes, vocabulary=vocabulary
    )
    witnesses = api.read_all(sources, sigla=sigla, distinct=distinct, **how)
    print_notices(*witnesses)
    return witnesses


_CONTROL = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)])


_NOTICES_SHOWN = 50  # of one file: a file with thousands of broken spans says so in a line


def print_notices(*read: Any) -> None:
    """Print on stderr, once each, what the reader assumed about the sources read
    (the ``notices`` of witnesses and documents), as ``revdiff: FILE:LINE:COL: warning: ...``,
    up to 50 a file and then how many more there are."""
    seen: set[object] = set()
    by_file: dict[str, int] = {}
    for value in read:
        for notice in getattr(value, "notices", ()):
            if notice in seen:
                continue
            seen.add(notice)
            by_file[notice.file] = shown = by_file.get(notice.file, 0) + 1
            if shown > _NOTICES_SHOWN:
                continue
            line = str(notice)
            if any(ord(c) in _CONTROL for c in line):  # text from the file, shown as data
                line = "".join(f"\\x{ord(c):02x}" if ord(c) in _CONTROL else c for c in line)
            click.echo(f"revdiff: {line}", err=True)
    for name, count in by_file.items():
        if count > _NOTICES_SHOWN:
            more = count - _NOTICES_SHOWN
            click.echo(f"revdiff: {name}: warning: and {more} more like these", err=True)


def format_option(choices: Sequence[str], default: str) -> Callable[[F], F]:
    """``-f/--format``: one of the formats the registry has for what a command writes."""
    return click.option(
        "-f",
        "--format",
        "format_",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format.",
    )


def moves_option(help: str) -> Callable[[F], F]:
    """``--moves N``: passages of N or more words that changed place are moves (0: off)."""
    return click.option(
        "--moves",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        metavar="N",
        help=help,
    )


def diff_options(f: F) -> F:
    """``--format``, ``--by`` and ``--context``: how a diff is made and shown (diff, batch)."""
    from ..render import DIFF

    options = [
        format_option(sorted(DIFF.names), "text"),
        click.option(
            "--by",
            type=click.Choice(["word", "char"]),
            default="word",
            show_default=True,
            help="Align words (and punctuation marks) or characters.",
        ),
        click.option(
            "-C",
            "--context",
            type=click.IntRange(min=0),
            default=None,
            help="Show only N words around each change (default: the whole text; unified: 3).",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


siglum_option = click.option(
    "--siglum",
    "sigla",
    multiple=True,
    metavar="NAME",
    help="Name the sources in views and tables (repeatable: one per source, in order); "
    "default: the file's stem, with the layer (draft#base).",
)
"""``--siglum NAME``: the sigla of the sources, in order (``sigla``, a tuple)."""


refine_option = click.option(
    "--refine/--no-refine",
    default=None,
    help="Mark the letters that differ inside replaced words, as Об[-ъ-]{+'+}ясняем "
    "(text), a chars list on the segment (json); on by default in the HTML pair view only.",
)
"""``--refine/--no-refine``: character refinement of replaced words (None: the format's default)."""


@dataclass(frozen=True, slots=True)
class Output:
    """Where a command writes: a file (``path``; over an existing one only with ``force``),
    or standard output (``path`` None)."""

    path: str | None = None
    force: bool = False


def output_options(f: F) -> F:
    """``-o/--output`` and ``--force``, shared by every command that can write a file;
    the command is given them as one :class:`Output`, ``output``."""

    @functools.wraps(f)
    def wrapper(*args: Any, output: str | None, force: bool, **kwargs: Any) -> Any:
        return f(*args, output=Output(output, force), **kwargs)

    decorated: Any = click.option("--force", is_flag=True, help="Replace an existing output file.")(
        wrapper
    )
    return click.option(  # type: ignore[no-any-return]
        "-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE, not stdout."
    )(decorated)


def render_options(**settings: Any) -> RenderOptions:
    """The options a command renders with: this revdiff's version, and the date of
    ``SOURCE_DATE_EPOCH`` or today (see :func:`revdiff.render.options.build_date`)."""
    from .._version import __version__
    from ..render.options import RenderOptions, build_date

    return RenderOptions(version=__version__, date=build_date(), **settings)


def input_paths(*sources: str) -> list[str]:
    """The files that sources (``path[#layer]``) read: no output may be written over them."""
    from ..sources import parse_spec

    return [parse_spec(s).path for s in sources]


def emit(data: str, output: Output, inputs: Sequence[str]) -> None:
    """Write ``data`` to ``output`` (a file atomically, see :func:`write_output`, or stdout);
    never over one of ``inputs``."""
    if output.path:
        write_output(output.path, data, inputs=inputs, force=output.force)
    else:
        sys.stdout.write(data)
        sys.stdout.flush()


def use_color(choice: str, stream: Any = None) -> bool:
    """Colour for ``auto`` only on a terminal and without NO_COLOR (https://no-color.org)."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and put back (no thread writes files yet)
    os.umask(mask)
    return mask


def write_output(path: str, data: str, inputs: Sequence[str] = (), force: bool = False) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, then a rename.

    Refuses to write over any of ``inputs`` and, unless ``force``, over an
    existing file; never replaces anything but a regular file (a directory,
    FIFO, device or socket is refused, even with ``force``). A symlink is
    written through: its target gets the data, the link stays. An existing
    file keeps its permissions; a new one gets ``0666 & ~umask``, as any
    program's would. An interrupted run (an exception, Ctrl-C, SIGTERM or
    SIGHUP) leaves the old file (or none) in place and no temporary file.
    """
    import tempfile  # only for writing a file: not at start-up
    from pathlib import Path

    from ..sources import special_kind

    link = os.path.islink(path)
    target = Path(os.path.realpath(path)) if link else Path(path)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise OutputError(f"{path}: cannot write: {e.strerror}") from None
    if info is not None:
        for name in inputs:
            if name != "-" and os.path.exists(name) and os.path.samefile(target, name):
                raise OutputError(f"{path}: refusing to write over an input file")
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path}: is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(
                f"{path}: is {special_kind(info.st_mode)}, not a regular file; "
                "revdiff writes only files"
            )
        if not force:
            raise OutputError(f"{path}: exists; use --force to replace it")
        mode = stat.S_IMODE(info.st_mode)
    elif link and not force:  # a link to nothing: writing would make its target
        raise OutputError(f"{path}: is a symbolic link to a missing file; use --force to write it")
    else:
        mode = 0o666 & ~_umask()
    directory = target.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as e:
        raise OutputError(f"{path}: cannot write: {e.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())
        os.replace(temporary, target)
    except BaseException as e:  # Terminated and KeyboardInterrupt too: no temporary file left
        Path(temporary).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise OutputError(f"{path}: cannot write: {e.strerror}") from None
        raise

"""Validating with jing, where it is installed: the RELAX NG validator the TEI itself uses.

libxml2 compiles ``tei_all`` in some nine seconds, every time a process
starts, and validates in milliseconds; jing reads and validates a file
against it in about a second, the start of Java included. So where ``jing``
is on the PATH (``$REVDIFF_JING`` names another; set it empty to use
libxml2), :mod:`revdiff.tei.validate` hands the schema check to it, and its
verdict is jing's by construction.

jing is given a copy of the document, never the file itself: the copy says
nothing jing could fetch, with every line and column where it was. The
DOCTYPE's external DTD is blanked out, and XInclude's namespace is changed
by one letter (jing processes ``xi:include``, which would read any file or
URL it names; so changed, an include is an element tei_all does not allow,
as jing says of one that cannot be read). The copy is written in UTF-8 (an
XML declaration naming another encoding says UTF-8 instead, padded to the
same length). Entities the file declares stay: jing expands them as the
reader does; anything the reader refuses never reaches jing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..model import Finding

__all__ = ["jing", "run_jing"]

_EXTERNAL_ID = re.compile(
    r"""(<!DOCTYPE\s+[^\s\[>]+)(\s+(?:SYSTEM\s+("[^"]*"|'[^']*')|PUBLIC\s+("[^"]*"|'[^']*')\s+("[^"]*"|'[^']*')))"""
)
_XINCLUDE = "http://www.w3.org/2001/XInclude"
_NOT_XINCLUDE = "http://www.w3.org/2001/XInclud_"  # as long: the columns stay
_ENCODING = re.compile(r"""^(<\?xml[^>]*?encoding\s*=\s*)("[^"]*"|'[^']*')""")
_LINE = re.compile(r"^(.*?):(\d+):(\d+): (error|fatal|warning): (.*)$")


def jing() -> str | None:
    """The jing to run: ``$REVDIFF_JING`` if set (empty: none), else jing on the PATH."""
    named = os.environ.get("REVDIFF_JING")
    if named is not None:
        return named or None
    return shutil.which("jing")


def _copy(text: str) -> str:
    """The document's text with nothing to fetch and UTF-8 as its encoding, each line and
    column where it was."""
    text = _EXTERNAL_ID.sub(lambda m: m.group(1) + re.sub(r"[^\n]", " ", m.group(2)), text, 1)
    text = text.replace(_XINCLUDE, _NOT_XINCLUDE)
    declared = _ENCODING.match(text)
    if declared:
        quoted = declared.group(2)
        utf8 = quoted[0] + "UTF-8" + quoted[0]
        if len(utf8) <= len(quoted):
            text = (
                declared.group(1) + utf8 + " " * (len(quoted) - len(utf8)) + text[declared.end() :]
            )
        else:  # a shorter name than UTF-8 (there is none in use): drop the declaration's encoding
            text = declared.group(1)[: -len("encoding=")] + text[declared.end() :]
    return text


def run_jing(program: str, schema: Path, text: str, name: str) -> list[Finding]:
    """jing's errors for the document ``text`` (as ``name``), as findings."""
    with tempfile.TemporaryDirectory(prefix="revdiff-jing-") as folder:
        copy = Path(folder) / "document.xml"
        copy.write_text(_copy(text), encoding="utf-8")
        try:
            done = subprocess.run(
                [program, str(schema), str(copy)],
                capture_output=True,
                timeout=600,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.SubprocessError) as e:
            return [Finding(name, 1, 1, f"tei_all: jing could not be run: {e}")]
    found: list[Finding] = []
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        match = _LINE.match(line)
        if match and match.group(1) == str(copy) and match.group(4) != "warning":
            message = match.group(5)
            found.append(Finding(name, int(match.group(2)), int(match.group(3)), message))
        elif line.startswith("fatal: "):
            found.append(Finding(name, 1, 1, f"jing: {line.removeprefix('fatal: ')}"))
    if done.returncode not in (0, 1) and not found:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        found.append(Finding(name, 1, 1, f"jing failed (exit {done.returncode}): {detail[0]}"))
    return found

"""The page every HTML view is written into: templates, CSS, script, and the policy.

Each view (:mod:`.pair`, :mod:`.document`, :mod:`.synopsis`,
:mod:`.collation`, :mod:`.trace`) shapes its value into small frozen records
and hands them to :func:`page` with the name of its template in
``revdiff/data``. Jinja2 writes them out with autoescaping on, so no text
from a source can become markup. The CSS and script are revdiff's own and go
inline; the Content-Security-Policy allows exactly them (by hash) and
nothing else, so the file fetches nothing, and reads the same with scripts
off. Every page names its sources (:class:`SourceInfo`), the revdiff version
and the date, both from the options.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from ...model import Witness
from ..options import RenderOptions

__all__ = [
    "BREAK",
    "HeatCell",
    "SourceInfo",
    "data",
    "heat_levels",
    "numbered",
    "page",
    "place_class",
]

BREAK = "\n\n"  # how a token ends its paragraph

# An attribute value from a source reaches a class attribute only through a
# table like this one, onto revdiff's own names: taken as it stands,
# ``place="above h2 hidden"`` would give the addition the class ``h2``, which
# a layer's rule hides.
_PLACE_CLASSES = {
    "inline": "place-inline",
    "inspace": "place-inline",
    "above": "place-above",
    "supralinear": "place-above",
    "top": "place-margin",
    "below": "place-below",
    "infralinear": "place-below",
    "bottom": "place-margin",
    "margin": "place-margin",
    "left": "place-margin",
    "right": "place-margin",
    "unknown": "place-unknown",
}


def place_class(place: str | None) -> str:
    """The class of an addition at ``place`` (its ``@place``): revdiff's own name for the
    first word of it revdiff knows, ``place-other`` for a place it does not know (the
    value itself is shown as data, in the addition's description).

    >>> place_class(None), place_class("margin left"), place_class("above h2 hidden")
    ('place-inline', 'place-margin', 'place-above')
    >>> place_class("h2 hidden")
    'place-other'
    """
    if not place:
        return "place-inline"
    for word in place.split():
        if word in _PLACE_CLASSES:
            return _PLACE_CLASSES[word]
    return "place-other"


def data(name: str) -> str:
    """One of revdiff's own files in ``revdiff/data``: a template, a style sheet, the script."""
    return (resources.files("revdiff") / "data" / name).read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: data(name)),
        autoescape=True,  # every {{ }} is escaped, whatever the template
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["place_class"] = place_class
    return env


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page(
    template: str, context: Mapping[str, object], options: RenderOptions, extra_css: str = ""
) -> str:
    """Render a view with its CSS and script inline, allowed by hash and nothing else."""
    css = data("revdiff.css") + extra_css
    js = data("revdiff.js")
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(css)}; "
        f"script-src {_csp_hash(js)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    # Trusted: these are revdiff's own files, not source text.
    return (
        _environment()
        .get_template(template)
        .render(
            css=Markup(css),
            js=Markup(js),
            csp=Markup(csp),
            **context,
            version=options.version,
            date=options.date,
        )
    )


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """How the header names a witness."""

    siglum: str
    title: str | None
    layer: str | None
    source: str
    lang: str | None
    tokens: int

    @classmethod
    def of(cls, w: Witness) -> SourceInfo:
        return cls(w.siglum, w.title, w.layer, w.source, w.lang, len(w))


@dataclass(frozen=True, slots=True)
class HeatCell:
    """A cell of a heat strip: the row it links to, its label, 0..9, the percentage shown."""

    target: str
    label: str
    level: int
    percent: str


def heat_levels(scores: Sequence[float]) -> list[int]:
    """Each score (a share of words that vary) as a level of the heat strip: 0 for none,
    1..9 by its share of the highest.

    >>> heat_levels([0.0, 0.1, 0.5, 1.0])
    [0, 1, 5, 9]
    """
    top = max(scores, default=0.0)
    return [min(9, max(1, math.ceil(9 * s / top))) if s else 0 for s in scores]


def numbered(verse: str | None) -> bool:
    """Whether a verse line shows its number: every fifth line, as editions number them.

    >>> [numbered(n) for n in ("6435", "6436", "6440a", None)]
    [True, False, False, False]
    """
    return verse is not None and verse.isdigit() and int(verse) % 5 == 0

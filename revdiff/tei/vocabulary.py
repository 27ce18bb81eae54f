"""A project's own revision vocabulary: which of its elements are deletions, additions,
substitutions or overwritings (or text placed by a pointer).

TEI says a deletion is a ``del``; projects say it their own way (the
Faust-Edition's documentary transcripts write ``mod rend="strikethrough"``,
``f:ins``, ``f:overw/f:under/f:over``). A vocabulary, a small TOML file
(``--vocabulary FILE``), tells the reader, and the reader treats what it
names as it treats TEI's own elements. The format (one shipped with revdiff,
``faust``, is in ``revdiff/vocabularies/faust.toml``)::

    [namespaces]                       # prefixes used in the names below
    f = "http://www.faustedition.net/ns"

    [[deletion]]                       # read as a del
    element = "mod"                    # TEI's namespace when unprefixed
    attributes = { rend = "strikethrough" }   # each must hold one of the tokens given

    [[addition]]                       # read as an add
    element = "f:ins"
    at = "f:at"                        # optional: a pointer that places the text at its anchor

    [[substitution]]                   # read as a subst: a container of deletions and additions
    element = "f:mod"

    [[overwriting]]                    # a container: its `under` deleted, its `over` added
    element = "f:overw"
    under = "f:under"
    over = "f:over"

    [[placement]]                      # no revision: text placed at its anchor by a pointer
    element = "seg"
    at = "f:left"

An attribute's value is given as a string (one token) or a list of strings
(any of them); the element's attribute matches when one of its
white-space separated tokens is one of those. Everything else in the file is
refused with its reason, so that a misspelled key does not silently do
nothing.

>>> v = parse_vocabulary('[[deletion]]\\nelement = "mod"\\nattributes = {rend = "strikethrough"}', "v.toml")
>>> [(r.role.value, r.tag, r.attributes) for r in v.rules]
[('deletion', '{http://www.tei-c.org/ns/1.0}mod', (('rend', ('strikethrough',)),))]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..errors import InputError
from .names import TEI_NS

__all__ = ["Role", "Rule", "Vocabulary", "parse_vocabulary", "SHIPPED"]

SHIPPED = ("faust",)
"""The vocabularies that come with revdiff, by name (``--vocabulary faust``)."""

_XML_NS = "http://www.w3.org/XML/1998/namespace"


class Role(StrEnum):
    """What a project's element is, in TEI's terms."""

    DELETION = "deletion"  # del
    ADDITION = "addition"  # add
    SUBSTITUTION = "substitution"  # subst
    OVERWRITING = "overwriting"  # a subst whose deletion and addition share a place
    PLACEMENT = "placement"  # no revision: text written elsewhere, placed by a pointer


@dataclass(frozen=True, slots=True)
class Rule:
    """One element of a project's vocabulary and the role it plays.

    ``tag`` and the names in ``attributes`` are in lxml's Clark notation;
    ``parent`` (for the parts of an overwriting) is the tag the element must
    stand directly in; ``at`` an attribute whose pointer places the
    element's text at an anchor.
    """

    role: Role
    tag: str
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    parent: str | None = None
    at: str | None = None

    def matches(self, attrib: Any, parent_tag: object) -> bool:
        if self.parent is not None and parent_tag != self.parent:
            return False
        for name, accepted in self.attributes:
            value = attrib.get(name)
            if value is None or not any(token in accepted for token in str(value).split()):
                return False
        return True


@dataclass(frozen=True)
class Vocabulary:
    """A project's revision vocabulary: its rules, looked up by tag."""

    name: str
    rules: tuple[Rule, ...]
    by_tag: dict[str, tuple[Rule, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_tag: dict[str, tuple[Rule, ...]] = {}
        for rule in self.rules:
            by_tag[rule.tag] = by_tag.get(rule.tag, ()) + (rule,)
        object.__setattr__(self, "by_tag", by_tag)

    def rule_for(self, tag: object, attrib: Any, parent_tag: object) -> Rule | None:
        """The first rule an element (its tag, attributes, parent's tag) matches."""
        for rule in self.by_tag.get(tag, ()) if isinstance(tag, str) else ():
            if rule.matches(attrib, parent_tag):
                return rule
        return None


_KEYS = {
    Role.DELETION: {"element", "attributes", "at"},
    Role.ADDITION: {"element", "attributes", "at"},
    Role.SUBSTITUTION: {"element", "attributes"},
    Role.OVERWRITING: {"element", "attributes", "under", "over"},
    Role.PLACEMENT: {"element", "attributes", "at"},
}


def parse_vocabulary(text: str, source: str) -> Vocabulary:
    """A vocabulary from its TOML ``text`` (``source`` names it in messages)."""
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{source}: not a vocabulary: {e}") from None
    unknown = sorted(set(table) - {"namespaces", "description"} - {r.value for r in Role})
    if unknown:
        raise InputError(
            f"{source}: unknown section {unknown[0]!r} (known: namespaces, "
            + ", ".join(r.value for r in Role)
            + ")"
        )
    prefixes = {"xml": _XML_NS, "tei": TEI_NS}
    for prefix, uri in dict(table.get("namespaces", {})).items():
        if not isinstance(uri, str):
            raise InputError(f"{source}: namespaces.{prefix} must be a string (a namespace URI)")
        prefixes[prefix] = uri

    def clark(name: object, where: str, *, element: bool) -> str:
        if not isinstance(name, str) or not name:
            raise InputError(f"{source}: {where} must be a name (such as f:ins)")
        prefix, _, local = name.rpartition(":")
        if not prefix:
            return "{" + TEI_NS + "}" + local if element else local
        if prefix not in prefixes:
            raise InputError(f"{source}: {where}: no namespace declared for prefix {prefix!r}")
        return "{" + prefixes[prefix] + "}" + local

    rules: list[Rule] = []
    for role in Role:
        entries = table.get(role.value, [])
        if not isinstance(entries, list):
            raise InputError(f"{source}: [[{role.value}]] must be a list of tables")
        for number, entry in enumerate(entries, 1):
            where = f"{role.value} {number}"
            if not isinstance(entry, dict):
                raise InputError(f"{source}: {where} must be a table")
            extra = sorted(set(entry) - _KEYS[role])
            if extra:
                raise InputError(
                    f"{source}: {where}: unknown key {extra[0]!r} "
                    f"(known: {', '.join(sorted(_KEYS[role]))})"
                )
            tag = clark(entry.get("element"), f"{where}: element", element=True)
            attributes: list[tuple[str, tuple[str, ...]]] = []
            for name, value in dict(entry.get("attributes", {})).items():
                values = [value] if isinstance(value, str) else value
                if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                    raise InputError(f"{source}: {where}: attribute {name!r}: a string or a list")
                attributes.append(
                    (clark(name, f"{where}: attribute", element=False), tuple(values))
                )
            at = entry.get("at")
            if role is Role.PLACEMENT and at is None:
                raise InputError(f"{source}: {where}: a placement needs `at` (its pointer)")
            at_name = clark(at, f"{where}: at", element=False) if at is not None else None
            kept = tuple(attributes)
            if role is Role.OVERWRITING:
                under = clark(entry.get("under"), f"{where}: under", element=True)
                over = clark(entry.get("over"), f"{where}: over", element=True)
                rules.append(Rule(role, tag, kept))
                rules.append(Rule(Role.DELETION, under, parent=tag))
                rules.append(Rule(Role.ADDITION, over, parent=tag))
            else:
                rules.append(Rule(role, tag, kept, at=at_name))
    if not rules:
        raise InputError(f"{source}: the vocabulary names no element")
    return Vocabulary(source, tuple(rules))

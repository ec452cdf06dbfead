"""The rule registry: each rule's id, default severity, category, rationale and check.

A rule is declared once, on its check function::

    @rule(
        "array-items", "error", "correctness",
        "An array schema without items says nothing about its elements.",
        on=SCHEMA, number=10,
    )
    def array_items(report: Report, schema: Schema) -> None:
        if "array" in schema.types and "items" not in schema.value:
            report(schema.pointer, "an array schema without 'items'")

``on`` says what the check is given: ``DOCUMENT`` checks run once after the walk and get
its ``Index``; every other kind names the node the walk hands the check each time it
visits one (``generator.lint.walk``).  ``report`` already knows its rule, so a check
never spells a rule id.  The decorator returns the ``Rule`` itself, which is how another
check asks whether a rule is enabled (``report.enabled(enum_duplicate)``).

The order: ``LINT_RULES`` lists the rules by ``number``, the order they were added in.
SARIF's ``ruleIndex``, the README's tables and the tests use that order, so a new rule
takes the next free number (the registry refuses a number or an id used twice) and the
positions of the others never move.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from ..diagnostics import SEVERITIES

__all__ = [
    "CATEGORIES",
    "DOCUMENT",
    "MEDIA_TYPE",
    "OPERATION",
    "PARAMETER",
    "PATH",
    "REFERENCE",
    "RESPONSE",
    "SCHEMA",
    "SECURITY",
    "SERVER",
    "Hit",
    "On",
    "Report",
    "Rule",
    "declare",
    "registered",
    "rule",
]

CATEGORIES = ("structure", "correctness", "generation", "hygiene")


class On(enum.Enum):
    """What a check is run on (see ``generator.lint.walk`` for each node)."""

    DOCUMENT = "the whole document, after the walk"
    PATH = "a path template under /paths"
    OPERATION = "an operation, wherever it is defined"
    PARAMETER = "a parameter or header definition"
    RESPONSE = "a response definition"
    MEDIA_TYPE = "a media type of some content"
    SCHEMA = "a schema object (not a boolean schema; not a $ref in 3.0)"
    REFERENCE = "an object holding $ref"
    SERVER = "a server with a url"
    SECURITY = "a list of security requirements"


DOCUMENT = On.DOCUMENT
PATH = On.PATH
OPERATION = On.OPERATION
PARAMETER = On.PARAMETER
RESPONSE = On.RESPONSE
MEDIA_TYPE = On.MEDIA_TYPE
SCHEMA = On.SCHEMA
REFERENCE = On.REFERENCE
SERVER = On.SERVER
SECURITY = On.SECURITY


class Hit(NamedTuple):
    """One raw finding: which rule, where (a JSON pointer), what."""

    rule: str
    pointer: str
    message: str


@dataclass(frozen=True)
class Rule:
    """A lint rule: its id, default severity, category, one-line rationale, and check.

    ``check`` is None for a rule another stage reports (``syntax``: the loader).
    """

    id: str
    severity: str  # one of SEVERITIES
    category: str  # one of CATEGORIES
    rationale: str
    number: int
    on: On | None = None
    check: Callable[[Report, Any], None] | None = None


class Report:
    """How a check reports: it knows the rule, so a check gives only where and what."""

    __slots__ = ("_enabled", "_hits", "rule")

    def __init__(self, rule: Rule, hits: list[Hit], enabled: frozenset[str]) -> None:
        self.rule = rule
        self._hits = hits
        self._enabled = enabled

    def __call__(self, pointer: str, message: str) -> None:
        self._hits.append(Hit(self.rule.id, pointer, message))

    def enabled(self, other: Rule) -> bool:
        """Whether ``other`` runs too (a check leaves to it what it reports)."""
        return other.id in self._enabled


_REGISTERED: dict[str, Rule] = {}
_N = TypeVar("_N")


def declare(
    rule_id: str,
    severity: str,
    category: str,
    rationale: str,
    *,
    number: int,
    on: On | None = None,
    check: Callable[[Report, Any], None] | None = None,
) -> Rule:
    """Register a rule; without ``check``, one whose findings another stage reports."""
    declared = Rule(rule_id, severity, category, rationale, number, on, check)
    if severity not in SEVERITIES or category not in CATEGORIES:
        raise ValueError(f"rule {rule_id!r}: bad severity or category")
    if rule_id in _REGISTERED or any(r.number == number for r in _REGISTERED.values()):
        raise ValueError(f"rule {rule_id!r}: its id or number {number} is already taken")
    if (on is None) != (check is None):
        raise ValueError(f"rule {rule_id!r}: a check needs a kind to run on, and back")
    _REGISTERED[rule_id] = declared
    return declared


def rule(
    rule_id: str, severity: str, category: str, rationale: str, *, on: On, number: int
) -> Callable[[Callable[[Report, _N], None]], Rule]:
    """Register the decorated function as the check of a new rule; return the rule."""

    def register(check: Callable[[Report, _N], None]) -> Rule:
        return declare(rule_id, severity, category, rationale, number=number, on=on, check=check)

    return register


def registered() -> Mapping[str, Rule]:
    """Every rule registered so far (id -> rule), by number."""
    ordered = sorted(_REGISTERED.values(), key=lambda r: r.number)
    return MappingProxyType({r.id: r for r in ordered})

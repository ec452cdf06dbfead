"""lint's configuration: ``[tool.clientgen.lint]`` read into a ``LintConfig``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..diagnostics import SEVERITIES, GeneratorError
from ..document.source import SYNTAX_RULE
from .rules import LINT_RULES

__all__ = ["OFF", "LintConfig", "LintConfigError"]

OFF = "off"
_UNCONFIGURABLE = frozenset({SYNTAX_RULE})  # without a parsed document nothing else can run


class LintConfigError(GeneratorError):
    """The lint configuration names an unknown rule or severity (the CLI exits 2)."""


@dataclass(frozen=True)
class LintConfig:
    """Severities per rule id (``"off"`` disables the rule) and (rule id, pointer) ignores.

    An ignore entry silences that rule's findings at exactly that JSON pointer (with or
    without the leading ``#``); a pointer ending in ``/**`` silences them at the pointer
    before it and anywhere below, e.g. ``/components/schemas/Legacy/**``.
    """

    severities: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    ignore: tuple[tuple[str, str], ...] = ()
    _exact: frozenset[tuple[str, str]] = field(init=False, repr=False, compare=False)
    _subtrees: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        severities = dict(self.severities)
        for rule, severity in severities.items():
            if rule not in LINT_RULES:
                raise LintConfigError(f"lint: unknown rule {rule!r} in severities")
            if severity not in (*SEVERITIES, OFF):
                raise LintConfigError(
                    f"lint: severity {severity!r} of rule {rule!r} is not one of "
                    f"{', '.join((*SEVERITIES, OFF))}"
                )
            if rule in _UNCONFIGURABLE and severity != "error":
                raise LintConfigError(f"lint: rule {rule!r} is always an error")
        ignore = []
        for entry in self.ignore:
            if (
                not isinstance(entry, tuple | list)
                or len(entry) != 2
                or not all(isinstance(part, str) for part in entry)
            ):
                raise LintConfigError(f"lint: ignore entry {entry!r} is not (rule, pointer)")
            rule, pointer = entry
            if rule not in LINT_RULES:
                raise LintConfigError(f"lint: unknown rule {rule!r} in ignore")
            if rule in _UNCONFIGURABLE:
                raise LintConfigError(f"lint: findings of rule {rule!r} can't be ignored")
            ignore.append((rule, _normal_pointer(pointer)))
        object.__setattr__(self, "severities", MappingProxyType(severities))
        object.__setattr__(self, "ignore", tuple(ignore))
        object.__setattr__(self, "_exact", frozenset(e for e in ignore if not e[1].endswith("/**")))
        subtrees = tuple(
            (rule, pointer[:-3]) for rule, pointer in ignore if pointer.endswith("/**")
        )
        object.__setattr__(self, "_subtrees", subtrees)

    @classmethod
    def from_dict(cls, table: Mapping[str, Any]) -> LintConfig:
        """From the ``[tool.clientgen.lint]`` table, e.g.::

        [tool.clientgen.lint]
        severities = { unused-component = "off", uuid-pattern = "error" }
        ignore = [
            { rule = "uuid-pattern", pointer = "/components/schemas/Uuid/pattern" },
            ["ambiguous-paths", "/paths/~1a~1{x}"],   # the same, as a pair
        ]
        """
        unknown = sorted(set(table) - {"severities", "ignore"})
        if unknown:
            raise LintConfigError(f"lint: unknown option(s): {', '.join(unknown)}")
        severities = table.get("severities", {})
        if not isinstance(severities, Mapping):
            raise LintConfigError("lint: 'severities' must be a table of rule = severity")
        entries = table.get("ignore", [])
        if not isinstance(entries, Sequence) or isinstance(entries, str):
            raise LintConfigError("lint: 'ignore' must be a list")
        ignore: list[tuple[str, str]] = []
        for entry in entries:
            if isinstance(entry, Mapping):
                extra = sorted(set(entry) - {"rule", "pointer"})
                if extra or "rule" not in entry or "pointer" not in entry:
                    raise LintConfigError(
                        f"lint: ignore entry {dict(entry)!r} needs exactly 'rule' and 'pointer'"
                    )
                ignore.append((entry["rule"], entry["pointer"]))
            elif isinstance(entry, Sequence) and not isinstance(entry, str) and len(entry) == 2:
                ignore.append((entry[0], entry[1]))
            else:
                raise LintConfigError(f"lint: ignore entry {entry!r} is not (rule, pointer)")
        return cls(severities=dict(severities), ignore=tuple(ignore))

    def enforcing(self, rules: frozenset[str]) -> LintConfig:
        """This configuration with ``rules`` at error severity and ignored nowhere: what
        ``generate`` checks (it can't work past a finding of one of them)."""
        return LintConfig(
            severities={**self.severities, **dict.fromkeys(rules, "error")},
            ignore=tuple(entry for entry in self.ignore if entry[0] not in rules),
        )

    def severity(self, rule: str) -> str:
        """The rule's effective severity, or ``"off"``."""
        return self.severities.get(rule, LINT_RULES[rule].severity)

    def ignores(self, rule: str, pointer: str) -> bool:
        if (rule, pointer) in self._exact:
            return True
        return any(
            ignored_rule == rule and (pointer == subtree or pointer.startswith(f"{subtree}/"))
            for ignored_rule, subtree in self._subtrees
        )


def _normal_pointer(pointer: str) -> str:
    pointer = pointer.removeprefix("#")
    if pointer and not pointer.startswith("/"):
        pointer = f"/{pointer}"
    return pointer

"""diff's configuration: ``[tool.clientgen.diff]`` read into a ``DiffConfig``.

As ``[tool.clientgen.lint]``'s ``severities`` re-level lint's rules, diff's re-level its
rules' verdicts, ``"off"`` leaving a rule's changes out::

    [tool.clientgen.diff]
    severities = { error-response-added = "safe", server-changed = "breaking" }
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from ..diagnostics import GeneratorError
from .changes import Change
from .rules import DIFF_RULES, VERDICTS

__all__ = ["OFF", "DiffConfig", "DiffConfigError"]

OFF = "off"
_LEVELS = (*VERDICTS, OFF)


class DiffConfigError(GeneratorError):
    """The diff configuration names an unknown option, rule or verdict (exit 2)."""


@dataclass(frozen=True)
class DiffConfig:
    """The verdict of each re-levelled rule (``"off"``: not reported)."""

    severities: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        for rule, verdict in self.severities.items():
            if rule not in DIFF_RULES:
                raise DiffConfigError(f"diff: unknown rule {rule!r} in severities")
            if verdict not in _LEVELS:
                raise DiffConfigError(
                    f"diff: verdict {verdict!r} of rule {rule!r} is not one of {', '.join(_LEVELS)}"
                )
        object.__setattr__(self, "severities", MappingProxyType(dict(self.severities)))

    @classmethod
    def from_dict(cls, table: Mapping[str, Any]) -> DiffConfig:
        unknown = sorted(set(table) - {"severities"})
        if unknown:
            raise DiffConfigError(f"diff: unknown option(s): {', '.join(unknown)}")
        severities = table.get("severities", {})
        if not isinstance(severities, Mapping):
            raise DiffConfigError("diff: 'severities' must be a table of rule = verdict")
        return cls(severities=dict(severities))

    def verdict(self, rule: str) -> str:
        """The rule's effective verdict, or ``"off"``."""
        return self.severities.get(rule, DIFF_RULES[rule].verdict)

    def applied(self, changes: Iterable[Change]) -> list[Change]:
        """``changes`` with their rules' configured verdicts; those turned off left out."""
        found = []
        for change in changes:
            verdict = self.verdict(change.rule)
            if verdict != OFF:
                found.append(replace(change, verdict=verdict))
        return found

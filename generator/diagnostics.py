"""What the generator says about a spec, and the errors it raises on purpose.

One ``Diagnostic`` type serves every command: a lint finding, a construct the generator
refuses, and (next) a change ``diff`` judges.  Each names its rule, its severity and
where it is: file, line, column and JSON pointer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "SEVERITIES",
    "Diagnostic",
    "GeneratorError",
    "Location",
    "SpecError",
    "severity_at_least",
]

SEVERITIES = ("error", "warn", "info")
_RANK = {"info": 1, "warn": 2, "error": 3}


@dataclass(frozen=True)
class Location:
    """A place in a spec file: 1-based line and column, plus the JSON pointer."""

    file: str
    line: int
    column: int
    pointer: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One thing to say about a spec: which rule, how bad, what and where."""

    rule: str
    severity: str  # one of SEVERITIES
    message: str
    location: Location

    def __str__(self) -> str:
        return f"{self.location}: {self.message} [{self.rule}] (at #{self.location.pointer})"


def severity_at_least(severity: str, threshold: str) -> bool:
    return _RANK[severity] >= _RANK[threshold]


class GeneratorError(Exception):
    """Base of everything the generator raises on purpose; the CLI exits 2 on it."""


class SpecError(GeneratorError):
    """The spec cannot be turned into a client; carries every problem found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(diagnostic) for diagnostic in self.diagnostics))

"""The errors the generator reports: every message about the spec says where."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GeneratorError", "Location", "SpecError"]


@dataclass(frozen=True)
class Location:
    """A place in a spec file: 1-based line and column, plus the JSON pointer."""

    file: str
    line: int
    column: int
    pointer: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class GeneratorError(Exception):
    """Base of everything the generator raises on purpose; the CLI exits 2 on it."""


class SpecError(GeneratorError):
    """The spec cannot be turned into a client; carries every problem found."""

    def __init__(self, problems: list[tuple[Location, str]]) -> None:
        self.problems = problems
        super().__init__(
            "\n".join(f"{where}: {message} (at #{where.pointer})" for where, message in problems)
        )

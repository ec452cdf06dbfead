"""A change between two versions, and what the comparisons record changes with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Location
from .catalog import Catalog
from .rules import DIFF_RULES
from .schemas import Shapes, spelled
from .sides import Side

__all__ = ["Change", "Pair", "Recorder"]


@dataclass(frozen=True)
class Change:
    """One change: its rule and verdict, what it means for the client (naming what the
    generator emits), what to do about it, and where it is in each version."""

    rule: str
    verdict: str
    message: str
    todo: str
    old: Location
    new: Location


@dataclass(frozen=True)
class Pair:
    """The two versions: each built side, its models and how its schemas read."""

    old: Side
    new: Side
    old_models: Catalog
    new_models: Catalog
    old_shapes: Shapes
    new_shapes: Shapes

    def told_apart(self, old: str, new: str, before: frozenset[str], after: frozenset[str]) -> str:
        """``new`` and ``old``, two types' names, with what each is when the names are
        the same (an alias whose items changed): ``Pets (list[Owner]; was list[Pet])``."""
        if old != new:
            return f"`{new}` (was `{old}`)"
        return (
            f"`{new}` (now `{spelled(after, self._class)}`, was `{spelled(before, self._class)}`)"
        )

    def _class(self, pointer: str) -> str:
        for catalog in (self.new_models, self.old_models):
            if pointer in catalog.models:
                return catalog.models[pointer].class_name
        return pointer.rsplit("/", 1)[-1]


@dataclass
class Recorder:
    """Collects the changes; each is placed in both versions (a pointer that one
    version lacks is placed at the deepest part of it that exists)."""

    pair: Pair
    changes: list[Change] = field(default_factory=list)

    def add(
        self, rule: str, message: str, old_pointer: str, new_pointer: str, **values: Any
    ) -> None:
        known = DIFF_RULES[rule]
        self.changes.append(
            Change(
                rule,
                known.verdict,
                message,
                known.todo.format(**values) if known.todo else "",
                self.pair.old.locate(old_pointer),
                self.pair.new.locate(new_pointer),
            )
        )

    def add_worst(self, candidates: list[tuple[str, str, str, str, dict[str, Any]]]) -> None:
        """Record every candidate that is not safe, or else the first: one change seen
        from both directions (a model sent and received) is said once when it is safe."""
        unsafe = [c for c in candidates if DIFF_RULES[c[0]].verdict != "safe"]
        for rule, message, old_pointer, new_pointer, values in unsafe or candidates[:1]:
            self.add(rule, message, old_pointer, new_pointer, **values)

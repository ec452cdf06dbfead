"""What a schema means to the generated client, in terms two versions can be compared in.

- ``Shapes.members``: the type as a set of members (``string``, ``integer``,
  ``array[string]``, ``model:/components/schemas/Pet``, ...), without null.  A schema the
  models made a class of is that class, known by where its schema stands (its pointer in
  the new version, for a renamed one), so a renamed class is not a changed type.
- ``Shapes.nullable``, ``Shapes.enum``, ``Shapes.constraints``: what else a value is
  checked against.
- ``covers(wider, narrower)``: whether every value of one type is a value of the other.
- ``constraint_changes``: each constraint tightened or loosened.

Descriptions, examples and titles never matter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..document.views import Document

__all__ = [
    "ANY",
    "ConstraintChange",
    "Shapes",
    "constraint_changes",
    "covers",
    "normalized",
    "spelled",
]

ANY = "any"
_MAX_DEPTH = 12
# Formats that change the Python type of a string (the others are plain ``str``).
_TYPED_FORMATS = frozenset({"date", "date-time", "time", "duration", "uuid", "uri", "byte"})
_UPPER = ("maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum")
_LOWER = ("minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum")
_EXACT = ("pattern", "multipleOf", "uniqueItems")
_CONSTRAINTS = _UPPER + _LOWER + _EXACT
_UNIONS = ("anyOf", "oneOf")
_PYTHON = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", ANY: "Any"}
_ANNOTATIONS = frozenset({"description", "title", "example", "examples", "$comment"})


@dataclass(frozen=True)
class ConstraintChange:
    """One constraint of a schema: its keyword (``items.maxLength`` for an array's
    items), both values (None: absent), whether it now refuses values it took."""

    keyword: str
    old: Any
    new: Any
    tightened: bool
    old_pointer: str
    new_pointer: str

    @property
    def described(self) -> str:
        """``maxLength 100 (was 255)``, ``pattern '^a' (was none)``."""

        def shown(value: Any) -> str:
            return "none" if value is None else repr(value)

        return f"{self.keyword} {shown(self.new)} (was {shown(self.old)})"


class Shapes:
    """Reads the schemas of one version.  ``models`` gives the identity of a schema the
    models made a class of, by its pointer (None for any other schema)."""

    def __init__(self, document: Document, models: Callable[[str], str | None]) -> None:
        self.document = document
        self.models = models

    def follow(self, schema: Any, pointer: str) -> tuple[Any, str]:
        return self.document.resolver.follow(schema, pointer)

    def members(self, schema: Any, pointer: str, *, classes: bool = True) -> frozenset[str]:
        """The type's members, without null; ``classes=False`` looks through the models
        too (a parameter the client checks itself: an enum's values are its type)."""
        return frozenset(self._members(schema, pointer, classes, 0))

    def _members(self, schema: Any, pointer: str, classes: bool, depth: int) -> Iterator[str]:
        target, where = self.follow(schema, pointer)
        identity = self.models(where) if classes else None
        if identity is not None:
            yield f"model:{identity}"
        elif depth > _MAX_DEPTH or not isinstance(target, dict) or not target:
            yield ANY
        elif any(isinstance(target.get(key), list) for key in _UNIONS):
            for key in _UNIONS:
                for index, option in enumerate(_listed(target, key)):
                    if not _is_null(option):
                        yield from self._members(
                            option, f"{where}/{key}/{index}", classes, depth + 1
                        )
        elif isinstance(target.get("allOf"), list):
            parts = [
                "&".join(sorted(self._members(part, f"{where}/allOf/{i}", classes, depth + 1)))
                for i, part in enumerate(target["allOf"])
            ]
            yield f"all({','.join(sorted(parts))})"
        else:
            yield from self._typed(target, where, classes, depth)

    def _typed(
        self, target: dict[str, Any], where: str, classes: bool, depth: int
    ) -> Iterator[str]:
        kinds = [kind for kind in _types(target) if kind != "null"]
        if not kinds:
            kinds = ["object"] if "properties" in target else _enum_types(target)
        for kind in kinds or [ANY]:
            if kind == "array":
                items = self._members(target.get("items"), f"{where}/items", classes, depth + 1)
                yield f"array[{'|'.join(sorted(set(items)))}]"
            elif kind == "object" and isinstance(target.get("additionalProperties"), dict):
                values = self._members(
                    target["additionalProperties"],
                    f"{where}/additionalProperties",
                    classes,
                    depth + 1,
                )
                yield f"map[{'|'.join(sorted(set(values)))}]"
            elif kind == "string" and target.get("format") in _TYPED_FORMATS:
                yield f"string:{target['format']}"
            else:
                yield str(kind)

    def nullable(self, schema: Any, pointer: str) -> bool:
        """Whether None is a value of the schema."""
        target, where = self.follow(schema, pointer)
        if not isinstance(target, dict):
            return target is None or target is True
        if "null" in _types(target) or target.get("nullable") is True:
            return True
        if isinstance(target.get("enum"), list) and None in target["enum"]:
            return True
        return any(
            _is_null(option) or self.nullable(option, f"{where}/{key}/{index}")
            for key in _UNIONS
            for index, option in enumerate(_listed(target, key))
        )

    def unwrapped(self, schema: Any, pointer: str) -> tuple[dict[str, Any], str]:
        """The schema that says what its values are: references followed, and a union of
        one type with null taken as that type."""
        target, where = self.follow(schema, pointer)
        for _ in range(_MAX_DEPTH):
            if not isinstance(target, dict):
                return {}, where
            options = [
                (f"{where}/{key}/{index}", option)
                for key in _UNIONS
                for index, option in enumerate(_listed(target, key))
                if not _is_null(option)
            ]
            if len(options) != 1:
                return target, where
            target, where = self.follow(options[0][1], options[0][0])
        return {}, where

    def enum(self, schema: Any, pointer: str) -> tuple[tuple[Any, ...], str] | None:
        """The values of an enum (an array's items' for an array) and where they are."""
        target, where = self.unwrapped(schema, pointer)
        if "enum" not in target and _types(target) == ["array"]:
            target, where = self.unwrapped(target.get("items"), f"{where}/items")
        values = target.get("enum")
        if not isinstance(values, list):
            return None
        return tuple(value for value in values if value is not None), f"{where}/enum"

    def constraints(self, schema: Any, pointer: str) -> dict[str, tuple[Any, str]]:
        """Each constraint keyword (an array's items' as ``items.<keyword>``) with its
        value and pointer."""
        target, where = self.unwrapped(schema, pointer)
        found = {key: (target[key], f"{where}/{key}") for key in _CONSTRAINTS if key in target}
        if _types(target) == ["array"]:
            items, items_at = self.unwrapped(target.get("items"), f"{where}/items")
            found |= {
                f"items.{key}": (items[key], f"{items_at}/{key}")
                for key in _CONSTRAINTS
                if key in items
            }
        return found


def spelled(members: frozenset[str], class_of: Callable[[str], str]) -> str:
    """Type members as Python spells them, roughly (``list[Pet] | None`` is
    ``list[Pet]``): to tell two types apart whose names are the same (an alias's)."""

    def one(member: str) -> str:
        for prefix, shape in (("array[", "list[{}]"), ("map[", "dict[str, {}]")):
            if member.startswith(prefix):
                inner = " | ".join(one(part) for part in _top_level(member[len(prefix) : -1]))
                return shape.format(inner)
        if member.startswith("model:"):
            return class_of(member.removeprefix("model:"))
        return _PYTHON.get(member, member)

    return " | ".join(sorted(one(member) for member in members))


def _top_level(text: str) -> list[str]:
    """``text`` cut at each ``|`` outside brackets."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    return [*parts, text[start:]]


def covers(wider: frozenset[str], narrower: frozenset[str]) -> bool:
    """Whether every value of ``narrower`` is one of ``wider`` (an integer is a number)."""
    if ANY in wider:
        return True
    return all(
        member in wider or (member == "integer" and "number" in wider) for member in narrower
    )


def constraint_changes(
    old: Mapping[str, tuple[Any, str]],
    new: Mapping[str, tuple[Any, str]],
    *,
    old_at: str,
    new_at: str,
) -> list[ConstraintChange]:
    """Every constraint that differs, tightened or loosened."""
    changes = []
    for keyword in sorted(set(old) | set(new), key=lambda k: (k.startswith("items."), k)):
        before, old_pointer = old.get(keyword, (None, old_at))
        after, new_pointer = new.get(keyword, (None, new_at))
        if before == after:
            continue
        tightened = _tightened(keyword.removeprefix("items."), before, after)
        changes.append(
            ConstraintChange(keyword, before, after, tightened, old_pointer, new_pointer)
        )
    return changes


def _tightened(keyword: str, before: Any, after: Any) -> bool:
    if after is None or after is False:
        return False  # removed: anything it refused is taken
    if before is None or before is False or isinstance(after, bool) or isinstance(before, bool):
        return True  # added
    if keyword in _UPPER and _is_number(before) and _is_number(after):
        return bool(after < before)
    if keyword in _LOWER and _is_number(before) and _is_number(after):
        return bool(after > before)
    return True  # a pattern or multipleOf that differs may refuse what was taken


def normalized(value: Any) -> Any:
    """``value`` without the annotations that change nothing generated (descriptions,
    titles, examples): what two schemas are compared by, to tell a rename."""
    if isinstance(value, dict):
        return {key: normalized(item) for key, item in value.items() if key not in _ANNOTATIONS}
    if isinstance(value, list):
        return [normalized(item) for item in value]
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _types(schema: Mapping[str, Any]) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    return [str(k) for k in kind] if isinstance(kind, list) else []


def _enum_types(schema: Mapping[str, Any]) -> list[str]:
    values = schema.get("enum")
    if not isinstance(values, list):
        return []
    names = {bool: "boolean", int: "integer", float: "number", str: "string"}
    return sorted({names.get(type(value), ANY) for value in values if value is not None})


def _listed(schema: Mapping[str, Any], key: str) -> list[Any]:
    value = schema.get(key)
    return value if isinstance(value, list) else []


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "null" or schema == {"enum": [None]})

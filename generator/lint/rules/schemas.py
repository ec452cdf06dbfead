"""Rules on each Schema Object: its type, enum, required names and nullability, and what
the generator makes of it (the advisory generation rules)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from ...document import pointer as jsonpointer
from ..index import Schema
from ..messages import short
from ..meta import is_int, is_number, regex_ok
from ..registry import SCHEMA, Report, rule

__all__ = [
    "array_items",
    "enum_duplicate",
    "enum_type",
    "nullable_3_1",
    "nullable_required",
    "nullable_without_type",
    "required_properties",
    "uuid_pattern",
]


@rule(
    "array-items",
    "error",
    "correctness",
    "An array schema without items says nothing about its elements (3.0 requires items).",
    on=SCHEMA,
    number=10,
)
def array_items(report: Report, schema: Schema) -> None:
    value = schema.value
    if "array" in schema.types and "items" not in value and "prefixItems" not in value:
        report(schema.pointer, "an array schema without 'items'")


@rule(
    "enum-type",
    "error",
    "correctness",
    "An enum value that its own schema's type rejects can never be sent or received.",
    on=SCHEMA,
    number=11,
)
def enum_type(report: Report, schema: Schema) -> None:
    enum = schema.value.get("enum")
    if not isinstance(enum, list) or not schema.types:
        return
    allowed = set(schema.types)
    if schema.index.v30 and schema.value.get("nullable") is True:
        allowed.add("null")
    for index, value in enumerate(enum):
        if not any(_matches_type(value, t) for t in allowed):
            report(
                f"{schema.pointer}/enum/{index}",
                f"enum value {short(repr(value))} is not of the schema's type "
                f"{' or '.join(sorted(allowed))}",
            )


@rule(
    "enum-duplicate",
    "error",
    "correctness",
    "A duplicated enum value is a mistake, and gives a generated enum two equal members.",
    on=SCHEMA,
    number=12,
)
def enum_duplicate(report: Report, schema: Schema) -> None:
    enum = schema.value.get("enum")
    if not isinstance(enum, list):
        return
    seen: dict[Any, int] = {}
    for index, value in enumerate(enum):
        key = _canonical(value)
        if key in seen:
            report(
                f"{schema.pointer}/enum/{index}",
                f"enum value {short(repr(value))} repeats enum item {seen[key]}",
            )
        else:
            seen[key] = index


@rule(
    "required-properties",
    "error",
    "correctness",
    "A name in required that no property defines is usually a typo, and is missing "
    "from the generated model.",
    on=SCHEMA,
    number=13,
)
def required_properties(report: Report, schema: Schema) -> None:
    value = schema.value
    required = value.get("required")
    if not isinstance(required, list) or ("properties" not in value and "allOf" not in value):
        return  # a bare constraint such as oneOf: [{required: [a]}, {required: [b]}]
    defined = schema.context_names | schema.index.property_names(value)
    patterns = value.get("patternProperties")
    for index, name in enumerate(required):
        if not isinstance(name, str) or name in defined:
            continue
        if isinstance(patterns, dict) and any(regex_ok(p) and re.search(p, name) for p in patterns):
            continue
        report(
            f"{schema.pointer}/required/{index}",
            f"required property {name!r} is not defined in 'properties'",
        )


@rule(
    "nullable-3-1",
    "warn",
    "correctness",
    "nullable is not an OpenAPI 3.1 keyword and is ignored; 3.1 spells it type: [..., 'null'].",
    on=SCHEMA,
    number=21,
)
def nullable_3_1(report: Report, schema: Schema) -> None:
    if "nullable" in schema.value and not schema.index.v30:
        report(
            f"{schema.pointer}/nullable",
            "'nullable' is not an OpenAPI 3.1 keyword and is ignored; add 'null' to 'type' instead",
        )


# ------------------------------------------- what the generator makes of a schema


@rule(
    "uuid-pattern",
    "info",
    "generation",
    "pydantic's UUID can't check a pattern, so a format: uuid value with one is "
    "generated as a pattern-checked str, not a UUID.",
    on=SCHEMA,
    number=30,
)
def uuid_pattern(report: Report, schema: Schema) -> None:
    if schema.value.get("format") == "uuid" and "pattern" in schema.value:
        report(
            f"{schema.pointer}/pattern",
            "pydantic's UUID can't check this pattern, so the client types this "
            "format: uuid value as a str checked against it, not as a UUID",
        )


@rule(
    "nullable-required",
    "info",
    "generation",
    "A required property whose schema allows null must always be sent, possibly as null.",
    on=SCHEMA,
    number=32,
)
def nullable_required(report: Report, schema: Schema) -> None:
    properties = schema.value.get("properties")
    required = schema.value.get("required")
    if not isinstance(properties, dict) or not isinstance(required, list):
        return
    for name in dict.fromkeys(r for r in required if isinstance(r, str)):
        if name in properties and schema.index.allows_null(properties[name]):
            report(
                jsonpointer.join(f"{schema.pointer}/properties", name),
                f"property {name!r} is required but its schema allows null: "
                "it must always be sent, possibly as null",
            )


@rule(
    "nullable-without-type",
    "warn",
    "generation",
    "In OpenAPI 3.0 nullable: true only takes effect beside an explicit type.",
    on=SCHEMA,
    number=33,
)
def nullable_without_type(report: Report, schema: Schema) -> None:
    value = schema.value
    if schema.index.v30 and value.get("nullable", False) is True and "type" not in value:
        report(
            f"{schema.pointer}/nullable",
            "nullable: true without a 'type' beside it has no effect under OpenAPI "
            "3.0.3 (tools disagree on whether null is allowed); add the type",
        )


# ------------------------------------------------------------------------ helpers


def _canonical(value: Any) -> Any:
    """A hashable key under which JSON-equal values (1 and 1.0, key order) are equal."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return (type(value).__name__, value)
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return ("number", int(value))
        return ("number", value)
    if isinstance(value, list):
        return ("array", tuple(_canonical(item) for item in value))
    if isinstance(value, dict):
        return ("object", tuple(sorted((str(k), _canonical(v)) for k, v in value.items())))
    return ("other", repr(value))


_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: is_int(value) or (isinstance(value, float) and value.is_integer()),
    "number": is_number,
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}


def _matches_type(value: Any, kind: str) -> bool:
    test = _TYPE_TESTS.get(kind)
    return test is None or test(value)

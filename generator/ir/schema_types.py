"""How the client types a simple schema itself (datamodel-code-generator types the rest).

A parameter whose schema is a scalar, or an array of scalars, is typed and checked with
these types before a request is sent; so are the scalar component schemas
(``scalars.py``).  The decisions about them are made here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..document.refs import Resolver
from .types import BOOL, FLOAT, INT, STR, UUID, Import, TypeRef, annotated, literal

__all__ = [
    "SCALAR_TYPES",
    "file_fields",
    "is_file",
    "is_patterned_uuid",
    "is_scalar_alias",
    "scalar_types",
    "simple_types",
]

SCALAR_TYPES = ("string", "integer", "number", "boolean")
_PYTHON = {"integer": INT, "number": FLOAT, "boolean": BOOL}
_DATES = {
    "date": TypeRef("date", frozenset({Import("datetime", "date")})),
    "date-time": TypeRef("datetime", frozenset({Import("datetime", "datetime")})),
}
# What a date-time is checked as: RFC 3339 requires the offset, so a naive datetime is
# refused (as the models' AwareDatetime refuses it) instead of being sent without one.
_CHECKED_DATES = {
    "date": _DATES["date"],
    "date-time": TypeRef("AwareDatetime", frozenset({Import("pydantic", "AwareDatetime")})),
}
_STRING_CONSTRAINTS = (
    ("maxLength", "max_length"),
    ("minLength", "min_length"),
    ("pattern", "pattern"),
)
_NUMBER_CONSTRAINTS = (
    ("minimum", "ge"),
    ("maximum", "le"),
    ("exclusiveMinimum", "gt"),
    ("exclusiveMaximum", "lt"),
    ("multipleOf", "multiple_of"),
)
_NOT_SCALAR = frozenset({"enum", "$ref", "properties", "allOf", "anyOf", "oneOf"})


def is_file(schema: Any) -> bool:
    """A binary string: a file in a multipart body (a 3.1 ``contentMediaType``, a 3.0
    ``format: binary``)."""
    return isinstance(schema, dict) and (
        schema.get("format") == "binary" or "contentMediaType" in schema
    )


def file_fields(resolver: Resolver, schema: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """The properties of an object schema (through ``$ref``) that are files or arrays of
    files: each one's name, and the file's own schema (its items', for an array)."""
    target, _ = resolver.follow(schema, "")
    properties = target.get("properties") if isinstance(target, dict) else None
    for name, value in (properties if isinstance(properties, dict) else {}).items():
        prop, _ = resolver.follow(value, "")
        if isinstance(prop, dict) and prop.get("type") == "array":
            prop, _ = resolver.follow(prop.get("items"), "")
        if is_file(prop):
            yield str(name), prop


def is_patterned_uuid(schema: Mapping[str, Any]) -> bool:
    """A ``format: uuid`` with a ``pattern``: pydantic's UUID can't check the pattern, so
    it is checked as a ``str`` against it instead (the models get the same treatment)."""
    return schema.get("format") == "uuid" and "pattern" in schema


def is_scalar_alias(schema: object) -> bool:
    """A component schema that is a bare scalar (a string with a pattern, say): it becomes
    a type alias in ``scalars.py``, so callers pass plain values."""
    return (
        isinstance(schema, dict)
        and schema.get("type") in SCALAR_TYPES
        and not (_NOT_SCALAR & schema.keys())
    )


def scalar_types(schema: Mapping[str, Any]) -> tuple[TypeRef, TypeRef] | None:
    """(what a caller may pass, what the value is checked as) for a scalar schema; None
    when the schema is not one of the scalar types."""
    kind = schema.get("type")
    if not isinstance(kind, str):
        return None
    if kind in _PYTHON:
        return _number_types(kind, schema)
    if kind != "string":
        return None
    is_uuid = schema.get("format") == "uuid"
    if is_uuid and not is_patterned_uuid(schema):
        return UUID | STR, UUID
    form = schema.get("format")
    if isinstance(form, str) and form in _DATES and not isinstance(schema.get("enum"), list):
        return _DATES[form] | STR, _CHECKED_DATES[form]
    if isinstance(schema.get("enum"), list):
        return STR, literal([str(value) for value in schema["enum"]])
    constraints = {snake: schema[camel] for camel, snake in _STRING_CONSTRAINTS if camel in schema}
    passed = UUID | STR if is_uuid else STR
    if not constraints:
        return passed, STR
    arguments = ", ".join(f"{key}={value!r}" for key, value in sorted(constraints.items()))
    return passed, annotated(STR, arguments)


def _number_types(kind: str, schema: Mapping[str, Any]) -> tuple[TypeRef, TypeRef]:
    """An integer, number or boolean: checked against its enum (integers: a ``Literal``)
    or its bounds, the 3.1 numeric and the 3.0 boolean spellings of the exclusive ones."""
    base = _PYTHON[kind]
    enum = schema.get("enum")
    if kind == "integer" and isinstance(enum, list) and all(type(v) is int for v in enum):
        return base, literal(enum)
    if kind == "boolean":
        return base, base
    found = {
        snake: schema[camel]
        for camel, snake in _NUMBER_CONSTRAINTS
        if type(schema.get(camel)) in (int, float)
    }
    if schema.get("exclusiveMinimum") is True and "ge" in found:
        found["gt"] = found.pop("ge")
    if schema.get("exclusiveMaximum") is True and "le" in found:
        found["lt"] = found.pop("le")
    if not found:
        return base, base
    arguments = ", ".join(f"{key}={value!r}" for key, value in sorted(found.items()))
    return base, annotated(base, arguments)


def simple_types(schema: Any, resolver: Resolver) -> tuple[TypeRef, TypeRef] | None:
    """:func:`scalar_types` of a scalar (through ``$ref``\\ s) or of the items of an array
    of scalars, as ``list[...]``; None for anything else (an object, a union, ...)."""
    schema, _ = resolver.follow(schema, "")
    if not isinstance(schema, dict) or {"allOf", "anyOf", "oneOf", "properties"} & schema.keys():
        return None
    if schema.get("type") == "array":
        items = simple_types(schema.get("items"), resolver)
        if items is None or items[1].text.startswith("list["):
            return None
        passed, checked = items
        return (
            TypeRef(f"list[{passed}]", passed.imports),
            TypeRef(f"list[{checked}]", checked.imports),
        )
    return scalar_types(schema)

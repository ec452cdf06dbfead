"""lint's affordable version of openapi-spec-validator's Schema Object meta-schema check.

The library validates every top-level schema against the OAS dialect's meta-schema: most
of its run time on a large document.  ``MetaCheck`` gives each schema node a quick,
conservative look first (``KEYWORDS_30`` and ``KEYWORDS_31`` say how each keyword the
meta-schemas constrain is checked) and runs the library's real check only where the
quick look can't clear a schema.  Also here: what lint takes from
openapi-schema-validator, imported on first use.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any, cast

from jsonschema.exceptions import ValidationError
from jsonschema.validators import validator_for

__all__ = [
    "KEYWORDS_30",
    "KEYWORDS_31",
    "SCHEMA_KINDS",
    "MetaCheck",
    "is_int",
    "is_number",
    "openapi_schema_validator",
    "regex_ok",
]

SIMPLE_TYPES = frozenset(("array", "boolean", "integer", "null", "number", "object", "string"))
SCHEMA_KINDS = frozenset(
    ("schema", "schema-or-bool", "schema-or-array", "schema-map", "pattern-map", "schema-array")
)
"""The kinds of keyword that hold schemas: the keywords the walk descends into."""
_ANCHOR = re.compile(r"^[A-Za-z_][-A-Za-z0-9._]*$")
_ID = re.compile(r"^[^#]*#?$")


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@lru_cache(maxsize=4096)
def regex_ok(value: str) -> bool:
    """The library's ``regex`` format check (its format checkers check no other format
    the meta-schemas use: uri and uri-reference are not checked)."""
    return _is_valid_regex(value)


class MetaCheck:
    """openapi-spec-validator's Schema Object meta-schema check, made affordable.

    The library runs ``check_schema`` (a full JSON Schema validation against the OAS
    dialect's meta-schema) on every top-level schema: most of its run time on a large
    document.  Here each schema node is first given a quick, conservative look: every
    keyword the meta-schema constrains is either checked exactly or, for the rare ones,
    treated as "can't tell".  Only the top-level schemas with a node the quick look can't
    clear get the library's real check, which then reports what the library reports
    (every error of the schema, where the library stops at the first).  The quick look
    never clears a schema the real check would reject (tests/lint/test_meta_precheck.py
    holds its keyword table to the meta-schemas).
    """

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.is_schema: Callable[[Any], bool] = _is_dict if dialect == "3.0" else _is_dict_or_bool
        self.table = KEYWORDS_30 if dialect == "3.0" else KEYWORDS_31

    def clears(self, nodes: Iterable[Any]) -> bool:
        """True when every node of a schema tree (all the walk visited in it) surely
        passes the meta-schema: the real check can be skipped."""
        return all(self.node_ok(node) for node in nodes)

    def node_ok(self, schema: Any) -> bool:
        """True when this node's own keywords surely pass the meta-schema.

        In 3.0 the walk stops at a ``$ref`` (nothing beside it counts), but the
        meta-schema still reads the schemas beside it: such a node is never cleared.
        """
        if not isinstance(schema, dict):
            return isinstance(schema, bool) and self.dialect != "3.0"
        table = self.table
        for key, value in schema.items():
            kind = table.get(key)
            if kind is not None and not self._value_ok(kind, value):
                return False
        if self.dialect != "3.0":
            return True
        if "$ref" in schema and any(table.get(key) in SCHEMA_KINDS for key in schema):
            return False
        # draft 4: exclusiveMaximum needs maximum, exclusiveMinimum needs minimum
        return ("exclusiveMaximum" not in schema or "maximum" in schema) and (
            "exclusiveMinimum" not in schema or "minimum" in schema
        )

    def _value_ok(self, kind: str, value: Any) -> bool:
        plain = _PLAIN.get(kind)
        if plain is not None:
            return plain(value)
        holding = _HOLDING_SCHEMAS.get(kind)
        if holding is not None:
            return holding(self.is_schema, value)
        return False  # "unsure": leave it to the real check

    def real_errors(self, schema: Any, document: Mapping[str, Any]) -> list[ValidationError]:
        """openapi-spec-validator's own meta-schema check of one top-level schema.

        The library's ``check_schema`` stops at the first error; this is the same
        validation (same meta-schema, validator class, format checker and registry) with
        every error kept.
        """
        oas = openapi_schema_validator()
        if self.dialect == "3.0":
            cls: Any = oas.OAS30Validator
            format_checker = oas.oas30_format_checker
        else:
            dialect_id: Any = document.get("jsonSchemaDialect", oas.OAS31_BASE_DIALECT_ID)
            if isinstance(schema, dict) and "$schema" in schema:
                dialect_id = schema["$schema"]
            if not isinstance(dialect_id, str):
                return [ValidationError(f"Unknown JSON Schema dialect: {dialect_id!r}")]
            cls = validator_for({"$schema": dialect_id}, default=cast(Any, None))
            if cls is None:
                return [ValidationError(f"Unknown JSON Schema dialect: {dialect_id!r}")]
            format_checker = oas.oas31_format_checker
        meta_validator_cls = validator_for(cls.META_SCHEMA, default=cls)
        meta_validator = meta_validator_cls(
            cls.META_SCHEMA, format_checker=format_checker, registry=oas.REGISTRY
        )
        return list(meta_validator.iter_errors(schema))


# ------------------------------------------------------- the quick look, per kind


def _is_dict(value: Any) -> bool:
    return isinstance(value, dict)


def _is_dict_or_bool(value: Any) -> bool:
    return isinstance(value, dict | bool)


def _unique_array(value: Any) -> bool:
    """draft 4's enum: non-empty, unique."""
    if not isinstance(value, list) or not value:
        return False
    if not all(isinstance(v, str | int | float | bool) or v is None for v in value):
        return False
    return len({(isinstance(v, bool), v) for v in value}) == len(value)


def _string_set(value: Any, *, nonempty: bool) -> bool:
    return (
        isinstance(value, list)
        and (bool(value) or not nonempty)
        and all(isinstance(v, str) for v in value)
        and len(set(value)) == len(value)
    )


def _type(value: Any) -> bool:
    if isinstance(value, str):
        return value in SIMPLE_TYPES
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, str) and v in SIMPLE_TYPES for v in value)
        and len(set(value)) == len(value)
    )


def _discriminator(value: Any) -> bool:
    if not isinstance(value, dict) or not isinstance(value.get("propertyName"), str):
        return False
    mapping = value.get("mapping", {})
    return (
        isinstance(mapping, dict)
        and all(isinstance(v, str) for v in mapping.values())
        and all(k in ("propertyName", "mapping") or k.startswith("x-") for k in value)
    )


_PLAIN: Mapping[str, Callable[[Any], bool]] = MappingProxyType(
    {
        "any": lambda value: True,
        "string": lambda value: isinstance(value, str),
        "uri-reference": lambda value: isinstance(value, str),
        "schema-or-bool": _is_dict_or_bool,
        "number": is_number,
        "positive-number": lambda value: is_number(value) and value > 0,
        "nonneg-int": lambda value: is_int(value) and value >= 0,
        "bool": lambda value: isinstance(value, bool),
        "array": lambda value: isinstance(value, list),
        "unique-array": _unique_array,
        "string-set": lambda value: _string_set(value, nonempty=False),
        "string-set-nonempty": lambda value: _string_set(value, nonempty=True),
        "type": _type,
        "regex": lambda value: isinstance(value, str) and regex_ok(value),
        "anchor": lambda value: isinstance(value, str) and _ANCHOR.match(value) is not None,
        "id": lambda value: isinstance(value, str) and _ID.match(value) is not None,
        "discriminator": _discriminator,
    }
)


def _schema_or_array(is_schema: Callable[[Any], bool], value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(is_schema(item) for item in value)
    return is_schema(value)


def _pattern_map(is_schema: Callable[[Any], bool], value: Any) -> bool:
    return (
        isinstance(value, dict)
        and all(is_schema(v) for v in value.values())
        and all(isinstance(k, str) and regex_ok(k) for k in value)
    )


_HOLDING_SCHEMAS: Mapping[str, Callable[[Callable[[Any], bool], Any], bool]] = MappingProxyType(
    {
        "schema": lambda is_schema, value: is_schema(value),
        "schema-or-array": _schema_or_array,
        "schema-map": lambda is_schema, value: (
            isinstance(value, dict) and all(is_schema(v) for v in value.values())
        ),
        "pattern-map": _pattern_map,
        "schema-array": lambda is_schema, value: (
            isinstance(value, list) and bool(value) and all(is_schema(item) for item in value)
        ),
    }
)
"""The kinds whose values are (or hold) schemas: a dict, or in 3.1 a boolean too."""


# Which keywords the meta-schemas constrain, and how.  Keys that are schemas (or hold
# schemas) are also the keys the walk descends into, so no nested schema is missed.
KEYWORDS_31: Mapping[str, str] = MappingProxyType(
    {
        # core
        "$id": "id",
        "$schema": "unsure",  # changes the dialect: always the real check
        "$ref": "uri-reference",
        "$anchor": "anchor",
        "$dynamicRef": "uri-reference",
        "$dynamicAnchor": "anchor",
        "$vocabulary": "unsure",
        "$comment": "string",
        "$defs": "schema-map",
        # kept by the 2020-12 meta-schema from earlier drafts
        "definitions": "schema-map",
        "dependencies": "unsure",
        "$recursiveAnchor": "anchor",
        "$recursiveRef": "uri-reference",
        # applicator
        "prefixItems": "schema-array",
        "items": "schema",
        "contains": "schema",
        "additionalProperties": "schema",
        "properties": "schema-map",
        "patternProperties": "pattern-map",
        "dependentSchemas": "schema-map",
        "propertyNames": "schema",
        "if": "schema",
        "then": "schema",
        "else": "schema",
        "allOf": "schema-array",
        "anyOf": "schema-array",
        "oneOf": "schema-array",
        "not": "schema",
        # unevaluated
        "unevaluatedItems": "schema",
        "unevaluatedProperties": "schema",
        # validation
        "type": "type",
        "const": "any",
        "enum": "array",
        "multipleOf": "positive-number",
        "maximum": "number",
        "exclusiveMaximum": "number",
        "minimum": "number",
        "exclusiveMinimum": "number",
        "maxLength": "nonneg-int",
        "minLength": "nonneg-int",
        "pattern": "regex",
        "maxItems": "nonneg-int",
        "minItems": "nonneg-int",
        "uniqueItems": "bool",
        "maxContains": "nonneg-int",
        "minContains": "nonneg-int",
        "maxProperties": "nonneg-int",
        "minProperties": "nonneg-int",
        "required": "string-set",
        "dependentRequired": "unsure",
        # meta-data
        "title": "string",
        "description": "string",
        "default": "any",
        "deprecated": "bool",
        "readOnly": "bool",
        "writeOnly": "bool",
        "examples": "array",
        # format-annotation, content
        "format": "string",
        "contentEncoding": "string",
        "contentMediaType": "string",
        "contentSchema": "schema",
        # the OAS base vocabulary
        "example": "any",
        "discriminator": "discriminator",
        "externalDocs": "unsure",
        "xml": "unsure",
    }
)

KEYWORDS_30: Mapping[str, str] = MappingProxyType(
    {
        "id": "string",
        "$schema": "string",
        "title": "string",
        "description": "string",
        "default": "any",
        "multipleOf": "positive-number",
        "maximum": "number",
        "exclusiveMaximum": "bool",
        "minimum": "number",
        "exclusiveMinimum": "bool",
        "maxLength": "nonneg-int",
        "minLength": "nonneg-int",
        "pattern": "regex",
        "additionalItems": "schema-or-bool",
        "items": "schema-or-array",
        "maxItems": "nonneg-int",
        "minItems": "nonneg-int",
        "uniqueItems": "bool",
        "maxProperties": "nonneg-int",
        "minProperties": "nonneg-int",
        "required": "string-set-nonempty",
        "additionalProperties": "schema-or-bool",
        "definitions": "schema-map",
        "properties": "schema-map",
        "patternProperties": "schema-map",
        "dependencies": "unsure",
        "enum": "unique-array",
        "type": "type",
        "format": "string",
        "allOf": "schema-array",
        "anyOf": "schema-array",
        "oneOf": "schema-array",
        "not": "schema",
    }
)


class _OpenAPISchemaValidator:
    """What lint takes from openapi-schema-validator, imported on first use: the import
    (pydantic-settings and all) costs as much as linting a small spec."""

    def __init__(self) -> None:
        import openapi_schema_validator as oas
        from openapi_schema_validator._dialects import OAS31_BASE_DIALECT_ID
        from openapi_schema_validator._specifications import REGISTRY

        self.OAS30Validator = oas.OAS30Validator
        self.OAS30ReadValidator = oas.OAS30ReadValidator
        self.OAS30WriteValidator = oas.OAS30WriteValidator
        self.OAS31Validator = oas.OAS31Validator
        self.oas30_format_checker = oas.oas30_format_checker
        self.oas31_format_checker = oas.oas31_format_checker
        self.OAS31_BASE_DIALECT_ID = OAS31_BASE_DIALECT_ID
        self.REGISTRY = REGISTRY


_OAS: list[_OpenAPISchemaValidator] = []


def openapi_schema_validator() -> _OpenAPISchemaValidator:
    if not _OAS:
        _OAS.append(_OpenAPISchemaValidator())
    return _OAS[0]


def _has_ecma_regex() -> bool:
    """Whether openapi-schema-validator uses the ECMA-262 engine ``regress``."""
    return importlib.util.find_spec("regress") is not None


def _is_valid_regex(pattern: str) -> bool:
    """openapi-schema-validator's ``is_valid_regex``: regress when installed, else re."""
    if _has_ecma_regex():
        from openapi_schema_validator._regex import is_valid_regex

        return bool(is_valid_regex(pattern))
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True

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
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, cast

from jsonschema.exceptions import ValidationError
from jsonschema.validators import validator_for

SIMPLE_TYPES = frozenset(("array", "boolean", "integer", "null", "number", "object", "string"))
_ANCHOR = re.compile(r"^[A-Za-z_][-A-Za-z0-9._]*$")
_ID = re.compile(r"^[^#]*#?$")


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _schema_kind(dialect: str) -> Callable[[Any], bool]:
    if dialect == "3.0":
        return lambda value: isinstance(value, dict)
    return lambda value: isinstance(value, dict | bool)


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
        self.is_schema = _schema_kind(dialect)
        self._regex_ok: dict[str, bool] = {}
        self.table = KEYWORDS_30 if dialect == "3.0" else KEYWORDS_31

    def regex_ok(self, value: str) -> bool:
        """The library's ``regex`` format check (its format checkers check no other
        format the meta-schemas use: uri and uri-reference are not checked)."""
        known = self._regex_ok.get(value)
        if known is None:
            known = self._regex_ok[value] = _is_valid_regex(value)
        return known

    def node_ok(self, schema: Any) -> bool:
        """True when this node's own keywords surely pass the meta-schema."""
        if not isinstance(schema, dict):
            return isinstance(schema, bool) and self.dialect != "3.0"
        table = self.table
        for key, value in schema.items():
            kind = table.get(key)
            if kind is not None and not self._value_ok(kind, value):
                return False
        if self.dialect != "3.0":
            return True
        # draft 4: exclusiveMaximum needs maximum, exclusiveMinimum needs minimum
        return ("exclusiveMaximum" not in schema or "maximum" in schema) and (
            "exclusiveMinimum" not in schema or "minimum" in schema
        )

    def _value_ok(self, kind: str, value: Any) -> bool:
        if kind == "any":
            return True
        if kind == "string":
            return isinstance(value, str)
        if kind == "schema":
            return self.is_schema(value)
        if kind == "schema-or-bool":
            return isinstance(value, dict | bool)
        if kind == "schema-or-array":
            if isinstance(value, list):
                return bool(value) and all(self.is_schema(item) for item in value)
            return self.is_schema(value)
        if kind == "schema-map":
            return isinstance(value, dict) and all(self.is_schema(v) for v in value.values())
        if kind == "pattern-map":
            return (
                isinstance(value, dict)
                and all(self.is_schema(v) for v in value.values())
                and all(isinstance(k, str) and self.regex_ok(k) for k in value)
            )
        if kind == "schema-array":
            return (
                isinstance(value, list)
                and bool(value)
                and all(self.is_schema(item) for item in value)
            )
        if kind == "number":
            return is_number(value)
        if kind == "positive-number":
            return is_number(value) and value > 0
        if kind == "nonneg-int":
            return is_int(value) and value >= 0
        if kind == "bool":
            return isinstance(value, bool)
        if kind == "array":
            return isinstance(value, list)
        if kind == "unique-array":  # draft 4's enum: non-empty, unique
            if not isinstance(value, list) or not value:
                return False
            if not all(isinstance(v, str | int | float | bool) or v is None for v in value):
                return False
            return len({(isinstance(v, bool), v) for v in value}) == len(value)
        if kind in ("string-set", "string-set-nonempty"):
            return (
                isinstance(value, list)
                and (bool(value) or kind == "string-set")
                and all(isinstance(v, str) for v in value)
                and len(set(value)) == len(value)
            )
        if kind == "type":
            if isinstance(value, str):
                return value in SIMPLE_TYPES
            return (
                isinstance(value, list)
                and bool(value)
                and all(isinstance(v, str) and v in SIMPLE_TYPES for v in value)
                and len(set(value)) == len(value)
            )
        if kind == "regex":
            return isinstance(value, str) and self.regex_ok(value)
        if kind == "uri-reference":
            return isinstance(value, str)
        if kind == "anchor":
            return isinstance(value, str) and _ANCHOR.match(value) is not None
        if kind == "id":
            return isinstance(value, str) and _ID.match(value) is not None
        if kind == "discriminator":
            return (
                isinstance(value, dict)
                and isinstance(value.get("propertyName"), str)
                and (
                    "mapping" not in value
                    or (
                        isinstance(value["mapping"], dict)
                        and all(isinstance(v, str) for v in value["mapping"].values())
                    )
                )
                and all(k in ("propertyName", "mapping") or k.startswith("x-") for k in value)
            )
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


def meta_keywords(dialect: str) -> Mapping[str, str]:
    """The keyword table of the quick meta-schema check (for the tests)."""
    return KEYWORDS_30 if dialect == "3.0" else KEYWORDS_31


def meta_errors(schema: Any, dialect: str) -> list[str]:
    """openapi-spec-validator's meta-schema errors for one schema (for the tests)."""
    return [error.message for error in MetaCheck(dialect).real_errors(schema, {})]

"""What OpenAPI itself defines, stated once: its HTTP methods, path templates, success
statuses, where the component schemas are."""

from __future__ import annotations

import re
from typing import Any

from . import pointer as jsonpointer

__all__ = [
    "COMPONENT_SCHEMAS",
    "HTTP_METHODS",
    "PATH_TEMPLATE",
    "SUBSCHEMAS_30",
    "SUBSCHEMAS_31",
    "component_schemas",
    "in_component_schema",
    "is_success_status",
]

COMPONENT_SCHEMAS = "/components/schemas"

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PATH_TEMPLATE = re.compile(r"\{([^{}]*)\}")
"""A ``{name}`` in a path or server URL template."""
# Where a Schema Object holds schemas: keyword -> (shape, relation to the parent).
SUBSCHEMAS_31 = (
    ("properties", "map", "property"),
    ("patternProperties", "map", "additionalProperties"),
    ("additionalProperties", "one", "additionalProperties"),
    ("items", "one", "items"),
    ("prefixItems", "list", "items"),
    ("allOf", "list", "allOf"),
    ("anyOf", "list", "union"),
    ("oneOf", "list", "union"),
    ("not", "one", "other"),
    ("if", "one", "other"),
    ("then", "one", "other"),
    ("else", "one", "other"),
    ("contains", "one", "other"),
    ("propertyNames", "one", "other"),
    ("unevaluatedItems", "one", "other"),
    ("unevaluatedProperties", "one", "other"),
    ("dependentSchemas", "map", "other"),
    ("contentSchema", "one", "other"),
    ("$defs", "map", "definition"),
    ("definitions", "map", "definition"),
)
SUBSCHEMAS_30 = (
    ("properties", "map", "property"),
    ("patternProperties", "map", "additionalProperties"),
    ("additionalProperties", "one", "additionalProperties"),
    ("items", "one-or-list", "items"),
    ("additionalItems", "one", "items"),
    ("allOf", "list", "allOf"),
    ("anyOf", "list", "union"),
    ("oneOf", "list", "union"),
    ("not", "one", "other"),
    ("definitions", "map", "definition"),
)

_SUCCESS = re.compile(r"^2(\d\d|XX)$")


def is_success_status(status: str) -> bool:
    """``200``-``299`` or ``2XX``."""
    return bool(_SUCCESS.match(status))


def component_schemas(document: Any) -> dict[str, Any]:
    """The component schemas of ``document`` (its data), by key."""
    components = document.get("components") if isinstance(document, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def in_component_schema(pointer: str) -> tuple[str, list[str]] | None:
    """The key of the component schema ``pointer`` is at or below, and the tokens from
    it on; None for a pointer anywhere else."""
    tokens = jsonpointer.tokens(pointer)
    if len(tokens) < 3 or tokens[:2] != ["components", "schemas"]:
        return None
    return tokens[2], tokens[3:]

"""What OpenAPI itself defines, stated once: its HTTP methods, path templates, success
statuses."""

from __future__ import annotations

import re

__all__ = ["HTTP_METHODS", "PATH_TEMPLATE", "SUBSCHEMAS_30", "SUBSCHEMAS_31", "is_success_status"]

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

"""The lint rule registry: every rule's id, default severity, category and rationale.

``LINT_RULES`` (id -> ``Rule``) is what the configuration, the reports (the SARIF
``rules`` list) and the README's tables are checked against; ``Hit`` is the raw finding
the checks in ``generator.lint_rules`` and ``generator.lint_cycles`` produce.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

__all__ = ["LINT_RULES", "SEVERITIES", "Hit", "Rule"]

SEVERITIES = ("error", "warn", "info")


@dataclass(frozen=True)
class Rule:
    """A lint rule: its id, default severity, category and one-line rationale."""

    id: str
    severity: str
    category: str  # "structure", "correctness", "generation" or "hygiene"
    rationale: str


_RULES = (
    # ---------------------------------------------------------------- structure
    Rule(
        "syntax",
        "error",
        "structure",
        "The file must parse as YAML/JSON with unique string keys, or nothing else can be checked.",
    ),
    Rule(
        "structure",
        "error",
        "structure",
        "openapi-spec-validator's findings: the document must match the OpenAPI schema and "
        "every Schema Object the JSON Schema meta-schema.",
    ),
    # -------------------------------------------------------------- correctness
    Rule(
        "unresolved-ref",
        "error",
        "correctness",
        "A $ref that points nowhere (or outside the file) leaves a hole in the API description.",
    ),
    Rule(
        "ref-cycle",
        "error",
        "correctness",
        "A $ref that leads only to other $refs and back to itself never reaches a "
        "definition: whatever follows it loops.",
    ),
    Rule(
        "unsatisfiable-recursion",
        "error",
        "correctness",
        "A schema whose every value must hold another value of itself (through required "
        "properties, minItems or allOf, with no optional, nullable or empty way out) admits "
        "no finite value, so every value fails it.",
    ),
    Rule(
        "operation-id-missing",
        "error",
        "correctness",
        "Every operation needs an operationId: it names the generated function.",
    ),
    Rule(
        "operation-id-duplicate",
        "error",
        "correctness",
        "operationIds must be unique in the document (OpenAPI requires it; tools key on them).",
    ),
    Rule(
        "path-params",
        "error",
        "correctness",
        "Every {name} in a path must be declared as a path parameter, and every declared "
        "path parameter must appear in the path.",
    ),
    Rule(
        "duplicate-parameter",
        "error",
        "correctness",
        "A parameter list must not declare the same name and location twice.",
    ),
    Rule(
        "array-items",
        "error",
        "correctness",
        "An array schema without items says nothing about its elements (3.0 requires items).",
    ),
    Rule(
        "enum-type",
        "error",
        "correctness",
        "An enum value that its own schema's type rejects can never be sent or received.",
    ),
    Rule(
        "enum-duplicate",
        "error",
        "correctness",
        "A duplicated enum value is a mistake, and gives a generated enum two equal members.",
    ),
    Rule(
        "required-properties",
        "error",
        "correctness",
        "A name in required that no property defines is usually a typo, and is missing "
        "from the generated model.",
    ),
    Rule(
        "invalid-default",
        "error",
        "correctness",
        "A default that its schema rejects becomes a model default that fails validation.",
    ),
    Rule(
        "invalid-example",
        "warn",
        "correctness",
        "Examples are documentation and test data; one its schema rejects misleads readers.",
    ),
    Rule(
        "security-scheme-undefined",
        "error",
        "correctness",
        "A security requirement must name a scheme defined in components/securitySchemes.",
    ),
    Rule(
        "server-variables",
        "error",
        "correctness",
        "Every {variable} in a server url needs a variable with a default, and a default "
        "that is one of its enum values.",
    ),
    Rule(
        "identical-paths",
        "error",
        "correctness",
        "Paths that differ only in template names (/a/{x}, /a/{y}) are the same path; "
        "OpenAPI forbids them.",
    ),
    Rule(
        "ambiguous-paths",
        "warn",
        "correctness",
        "Paths like /a/{x}/c and /a/b/{y} match the same URL with neither more specific, "
        "so routing depends on order.",
    ),
    Rule(
        "ref-siblings",
        "warn",
        "correctness",
        "In OpenAPI 3.0 every key beside a $ref is ignored, so what it says is silently lost.",
    ),
    Rule(
        "nullable-3-1",
        "warn",
        "correctness",
        "nullable is not an OpenAPI 3.1 keyword and is ignored; 3.1 spells it type: [..., 'null'].",
    ),
    # --------------------------------------------------------------- generation
    Rule(
        "operation-id-name",
        "error",
        "generation",
        "The snake_cased operationId names the function (and its _async/_with_response "
        "variants); it must be non-empty and unique.",
    ),
    Rule(
        "tag-name",
        "error",
        "generation",
        "The snake_cased first tag names the module under api/; it must be non-empty and "
        "not shared by another tag.",
    ),
    Rule(
        "property-name-collision",
        "error",
        "generation",
        "Two properties of one schema that snake_case to the same name would be one field "
        "of the generated model.",
    ),
    Rule(
        "unsupported-parameter",
        "error",
        "generation",
        "The generator handles scalar path, query and header parameters only (no cookie, "
        "no object or array, no content).",
    ),
    Rule(
        "body-media-type",
        "error",
        "generation",
        "The generator sends request bodies as application/json only.",
    ),
    Rule(
        "body-schema-ref",
        "error",
        "generation",
        "A JSON body schema must be a $ref to #/components/schemas/... so its model has a "
        "stable name.",
    ),
    Rule(
        "json-success-response",
        "error",
        "generation",
        "The generated function returns the model of a 2xx application/json response; "
        "an operation needs one.",
    ),
    Rule(
        "unsupported-security",
        "error",
        "generation",
        "The generated client only sends an apiKey in a header; other schemes can't be used.",
    ),
    Rule(
        "uuid-pattern",
        "info",
        "generation",
        "pydantic's UUID can't check a pattern, so a format: uuid value with one is "
        "generated as a pattern-checked str, not a UUID.",
    ),
    Rule(
        "inline-object",
        "warn",
        "generation",
        "An object schema with properties nested inline gets a generated, order-dependent "
        "model name; define it under components/schemas.",
    ),
    Rule(
        "nullable-required",
        "info",
        "generation",
        "A required property whose schema allows null must always be sent, possibly as null.",
    ),
    Rule(
        "nullable-without-type",
        "warn",
        "generation",
        "In OpenAPI 3.0 nullable: true only takes effect beside an explicit type.",
    ),
    # ------------------------------------------------------------------ hygiene
    Rule(
        "missing-success-response",
        "warn",
        "hygiene",
        "An operation with no 2xx response documents how it fails but not what it returns.",
    ),
    Rule(
        "undefined-tag",
        "warn",
        "hygiene",
        "A tag used by an operation should be declared (and described) in the top-level tags.",
    ),
    Rule(
        "unused-component",
        "warn",
        "hygiene",
        "A component no operation reaches is dead weight, and often a sign of a wrong $ref.",
    ),
    Rule(
        "path-trailing-slash",
        "warn",
        "hygiene",
        "/a/ and /a are different URLs to many servers; a trailing slash is usually a slip.",
    ),
    Rule(
        "path-query-string",
        "warn",
        "hygiene",
        "A query string belongs in query parameters, not in the path.",
    ),
    Rule(
        "server-trailing-slash",
        "warn",
        "hygiene",
        "OpenAPI appends each path, which starts with /, to the server url as it is, so a "
        "url ending in / gives URLs with //.",
    ),
    Rule(
        "operation-id-url-safe",
        "warn",
        "hygiene",
        "operationIds end up in URLs (documentation anchors, links between tools); a "
        "character a URL can't hold unencoded, such as a space, breaks them.",
    ),
)

LINT_RULES: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in _RULES})


class Hit(NamedTuple):
    """One raw finding: which rule, where (a JSON pointer), what."""

    rule: str
    pointer: str
    message: str

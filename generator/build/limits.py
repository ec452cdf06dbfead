"""The generator's limits: what it meets in a spec and can't generate, stated once.

The builder reports each as a diagnostic of one of these rules; ``lint`` shows the same
diagnostics (same message, place and pointer), and ``generate`` refuses a spec with any
of them whatever the lint configuration says.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIMITS", "Limit"]


@dataclass(frozen=True)
class Limit:
    """A rule of the builder: its id, category and why it exists (always an error)."""

    rule: str
    category: str
    rationale: str
    severity: str = "error"


LIMITS = (
    Limit(
        "operation-id-missing",
        "correctness",
        "Every operation needs an operationId: it names the generated function.",
    ),
    Limit(
        "operation-id-name",
        "generation",
        "The snake_cased operationId names the function (and its _async/_with_response "
        "variants); it must be non-empty and unique.",
    ),
    Limit(
        "tag-name",
        "generation",
        "The snake_cased first tag names the module under api/; it must be non-empty and "
        "not shared by another tag.",
    ),
    Limit(
        "parameter-name",
        "generation",
        "The snake_cased parameter name is its argument; it must not be another "
        "parameter's or one every function has (client, body, max_retries, timeout, "
        "extra_headers, extra_query, extra_body).",
    ),
    Limit(
        "class-name-collision",
        "generation",
        "Two component schemas whose names become the same class name would be one model.",
    ),
    Limit(
        "unsupported-parameter",
        "generation",
        "The generator handles scalar path, query and header parameters only (no cookie, "
        "no object or array, no content).",
    ),
    Limit(
        "body-media-type",
        "generation",
        "The generator sends request bodies as application/json only.",
    ),
    Limit(
        "body-schema-ref",
        "generation",
        "A JSON body schema must be a $ref to #/components/schemas/... so its model has a "
        "stable name.",
    ),
    Limit(
        "json-success-response",
        "generation",
        "The generated function returns the model of a 2xx application/json response; "
        "an operation needs one.",
    ),
    Limit(
        "unsupported-security",
        "generation",
        "The generated client only sends an apiKey in a header; other schemes can't be used.",
    ),
)

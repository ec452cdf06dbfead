"""The generator's limits: what it meets in a spec and can't generate, stated once.

The builder reports each as a diagnostic of one of these rules; ``lint`` shows the same
diagnostics (same message, place and pointer), and ``generate`` refuses a spec with any
of them whatever the lint configuration says.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIMITS", "SEVERITY_OF", "Limit"]


@dataclass(frozen=True)
class Limit:
    """A rule of the builder: its id, category, why it exists, and how bad it is (an
    error is a limit: ``generate`` refuses the spec)."""

    rule: str
    category: str
    rationale: str
    severity: str = "error"


LIMITS = (
    Limit(
        "operation-id-missing",
        "generation",
        "An operation without an operationId is named after its method and path "
        "(get /pets/{id}: get_pets_id), which changes when the path does.",
        severity="warn",
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
        "A parameter whose snake_cased name another argument has (another parameter's, or "
        "one a function may have: client, body, content_type, max_retries, timeout, "
        "extra_headers, extra_query, extra_body) gets its location after it: timeout_query.",
        severity="info",
    ),
    Limit(
        "class-name-collision",
        "generation",
        "Component schemas whose names make one class name (user-profile, user_profile, "
        "UserProfile): the one spelled as the name keeps it, or else the first in sorted "
        "order, and the others get the next free numbers in sorted order (UserProfile2).",
        severity="info",
    ),
    Limit(
        "inline-schema-name",
        "generation",
        "An inline schema's class is named after its place (CreateBookRequestMetadata); "
        "when another schema has that name, it gets the next free number.",
        severity="info",
    ),
    Limit(
        "unsupported-parameter",
        "generation",
        "A parameter needs a schema (or one content type with one), and a style its "
        "location allows.",
    ),
    Limit(
        "body-media-type",
        "generation",
        "A request body needs a media type to be sent as (JSON, form, multipart, binary or text).",
    ),
    Limit(
        "unsupported-security",
        "generation",
        "The client sends API keys (in a header, the query or a cookie), bearer tokens "
        "(HTTP bearer, OAuth2, OpenID Connect) and HTTP basic; other schemes can't be used.",
    ),
)

SEVERITY_OF = {limit.rule: limit.severity for limit in LIMITS}

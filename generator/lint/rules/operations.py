"""Rules on operations: their operationIds and their responses."""

from __future__ import annotations

import re

from ...document import pointer as jsonpointer
from ...document.openapi import is_success_status
from ..index import Index, Operation
from ..registry import DOCUMENT, OPERATION, Report, rule

__all__ = [
    "missing_success_response",
    "operation_id_duplicate",
    "operation_id_url_safe",
]

# RFC 3986's unreserved and reserved characters: what Spectral's
# operation-operationId-valid-in-url accepts (so '!' and '/' are fine, '%' and ' ' not).
_URL_SAFE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]*")


@rule(
    "operation-id-duplicate",
    "error",
    "correctness",
    "operationIds must be unique in the document (OpenAPI requires it; tools key on them).",
    on=DOCUMENT,
    number=7,
)
def operation_id_duplicate(report: Report, index: Index) -> None:
    seen: dict[str, str] = {}
    for pointer, op in index.operations.items():
        operation_id = op.data.get("operationId")
        if not isinstance(operation_id, str):
            continue
        if operation_id in seen:
            report(
                f"{pointer}/operationId",
                f"operationId {operation_id!r} is already used by {_described(seen[operation_id])}",
            )
        else:
            seen[operation_id] = pointer


@rule(
    "missing-success-response",
    "warn",
    "hygiene",
    "An operation with no 2xx response documents how it fails but not what it returns.",
    on=DOCUMENT,
    number=34,
)
def missing_success_response(report: Report, index: Index) -> None:
    for _, op in index.api_operations():
        responses = op.data.get("responses")
        if isinstance(responses, dict) and not any(
            is_success_status(str(status)) for status in responses
        ):
            report(f"{op.pointer}/responses", "operation has no 2xx response")


@rule(
    "operation-id-url-safe",
    "warn",
    "hygiene",
    "operationIds end up in URLs (documentation anchors, links between tools); a "
    "character a URL can't hold unencoded, such as a space, breaks them.",
    on=OPERATION,
    number=40,
)
def operation_id_url_safe(report: Report, op: Operation) -> None:
    operation_id = op.data.get("operationId")
    if isinstance(operation_id, str) and not _URL_SAFE.fullmatch(operation_id):
        unsafe = dict.fromkeys(c for c in operation_id if not _URL_SAFE.fullmatch(c))
        report(
            f"{op.pointer}/operationId",
            f"operationId {operation_id!r} has characters a URL can't hold unencoded: "
            f"{', '.join(map(repr, unsafe))}",
        )


def _described(pointer: str) -> str:
    """'/paths/~1pets/get' -> 'GET /pets'."""
    tokens = jsonpointer.tokens(pointer)
    if len(tokens) >= 3 and tokens[0] == "paths":
        return f"{tokens[2].upper()} {tokens[1]}"
    return f"#{pointer}"

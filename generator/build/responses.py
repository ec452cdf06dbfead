"""Responses: what each documented status's body is, and what the function returns."""

from __future__ import annotations

from ..document.views import OperationView
from ..ir.model import BodyKind, Outcome, ResponseKind
from .context import Context
from .media import chosen_media

__all__ = ["build_outcomes"]

_NO_CONTENT = frozenset({"204", "205", "304"})
_KINDS = {BodyKind.JSON: ResponseKind.JSON, BodyKind.TEXT: ResponseKind.TEXT}


def build_outcomes(context: Context, view: OperationView) -> tuple[Outcome, ...]:
    """Every documented response of the operation, in spec order."""
    outcomes = []
    for status, response in view.responses():
        content = response.mapping("content")
        chosen = None if status in _NO_CONTENT else chosen_media(content)
        if chosen is None:
            kind, media_type, type_ = ResponseKind.EMPTY, "", None
        else:
            media_type, body_kind = chosen
            kind = _KINDS.get(body_kind, ResponseKind.BINARY)
            if body_kind in (BodyKind.FORM, BodyKind.MULTIPART):
                kind = ResponseKind.BINARY  # rare in responses: handed over as it came
            media = content[media_type] if isinstance(content[media_type], dict) else {}
            type_ = (
                context.type_of(
                    media.get("schema", {}), response.at("content", media_type, "schema")
                )
                if kind is ResponseKind.JSON
                else None
            )
        outcomes.append(Outcome(status, kind, type_, media_type, response.text("description")))
    return tuple(outcomes)

"""Media types: which kind of body each is, and which one of several the client uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ir.model import BodyKind

__all__ = ["body_kind", "chosen_media", "is_json"]

# When a body or response offers several media types, the client uses the first kind here.
_PREFERENCE = (BodyKind.JSON, BodyKind.FORM, BodyKind.MULTIPART, BodyKind.TEXT, BodyKind.BINARY)


# Character data though not text/*: sent and read as ``str`` (UTF-8 unless the charset says).
_TEXT = frozenset(
    {"application/xml", "application/yaml", "application/x-yaml", "application/javascript"}
)


def is_json(media_type: str) -> bool:
    """``application/json``, and any ``*/*+json`` (``application/problem+json``, ...)."""
    essence = media_type.split(";", 1)[0].strip().lower()
    return essence == "application/json" or (essence.endswith("+json") and "/" in essence)


def body_kind(media_type: str) -> BodyKind:
    essence = media_type.split(";", 1)[0].strip().lower()
    if is_json(essence):
        return BodyKind.JSON
    if essence == "application/x-www-form-urlencoded":
        return BodyKind.FORM
    if essence == "multipart/form-data":
        return BodyKind.MULTIPART
    if essence.startswith(("text/", "message/")) or essence in _TEXT or essence.endswith("+xml"):
        return BodyKind.TEXT
    return BodyKind.BINARY  # octet-stream, images, PDF, */*: bytes either way


def chosen_media(content: Mapping[str, Any]) -> tuple[str, BodyKind] | None:
    """The media type (and its kind) the client sends or reads of ``content``: the first
    of the most preferred kind; None when there is none."""
    offered = [(str(media_type), body_kind(str(media_type))) for media_type in content]
    for kind in _PREFERENCE:
        for media_type, found in offered:
            if found is kind:
                return media_type, kind
    return None

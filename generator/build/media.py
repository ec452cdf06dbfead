"""Media types: which kind of body each is, and which one of several the client uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ir.model import BodyKind

__all__ = ["body_kind", "chosen_media", "is_json", "offered_media"]

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


def offered_media(content: Mapping[str, Any]) -> list[tuple[str, BodyKind]]:
    """Every media type of ``content`` with its kind, most preferred kind first (the
    spec's order within a kind)."""
    offered = [(str(media_type), body_kind(str(media_type))) for media_type in content]
    return sorted(offered, key=lambda media: _PREFERENCE.index(media[1]))


def chosen_media(content: Mapping[str, Any]) -> tuple[str, BodyKind] | None:
    """The media type (and its kind) the client reads of ``content``, or sends by
    default: the first of the most preferred kind; None when there is none."""
    offered = offered_media(content)
    return offered[0] if offered else None

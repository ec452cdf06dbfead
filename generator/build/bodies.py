"""Request bodies: JSON, form, multipart, binary or text, per the media type the client
sends (``media.chosen_media``)."""

from __future__ import annotations

from typing import Any

from ..document.views import Node
from ..ir.model import Body, BodyKind, FieldEncoding
from ..ir.names import PythonIdentifier
from .context import Context
from .media import chosen_media

__all__ = ["build_body"]

_STRUCTURED = (BodyKind.JSON, BodyKind.FORM, BodyKind.MULTIPART)


def build_body(
    context: Context, body: Node | None, module: str, function: PythonIdentifier
) -> tuple[bool, Body | None]:
    """Whether the request body can be sent, and the body (None when there is none)."""
    if body is None:
        return True, None
    content = body.mapping("content")
    chosen = chosen_media(content)
    if chosen is None:
        if isinstance(body.raw.get("content"), dict):
            context.problem(
                "body-media-type",
                body.at("content"),
                "a request body needs at least one media type in 'content'",
            )
        return False, None
    media_type, kind = chosen
    media = content[media_type] if isinstance(content[media_type], dict) else {}
    schema, schema_at = media.get("schema", {}), body.at("content", media_type, "schema")
    model = context.type_of(schema, schema_at) if kind in _STRUCTURED else None
    is_object = kind in _STRUCTURED and context.is_object(schema)
    return True, Body(
        kind=kind,
        media_type=media_type,
        model=model,
        is_object=is_object,
        required=body.flag("required"),
        description=body.text("description"),
        encoding=_encoding(media, kind),
        files=_files(context, schema) if kind is BodyKind.MULTIPART else (),
        checker=None
        if model is None or context.is_model_class(schema)
        else context.namer.constant(module, function, "body"),
    )


def _encoding(media: dict[str, Any], kind: BodyKind) -> tuple[FieldEncoding, ...]:
    """The Encoding Objects of a form or multipart body's properties, sorted by name."""
    if kind not in (BodyKind.FORM, BodyKind.MULTIPART):
        return ()
    encoding = media.get("encoding")
    found = []
    for name, entry in sorted((encoding if isinstance(encoding, dict) else {}).items()):
        if not isinstance(entry, dict):
            continue
        style = str(entry.get("style", "form"))
        found.append(
            FieldEncoding(
                wire_name=str(name),
                style=style,
                explode=bool(entry.get("explode", style == "form")),
                allow_reserved=bool(entry.get("allowReserved", False)),
                content_type=str(entry.get("contentType", "")),
            )
        )
    return tuple(found)


def _files(context: Context, schema: Any) -> tuple[str, ...]:
    """The properties of a multipart body's schema that are files: binary strings, or
    arrays of them (a 3.1 ``contentMediaType`` or a 3.0 ``format: binary``)."""
    target, _ = context.document.resolver.follow(schema, "")
    properties = target.get("properties") if isinstance(target, dict) else None
    files = []
    for name, value in (properties if isinstance(properties, dict) else {}).items():
        prop, _ = context.document.resolver.follow(value, "")
        if isinstance(prop, dict) and prop.get("type") == "array":
            prop, _ = context.document.resolver.follow(prop.get("items"), "")
        if isinstance(prop, dict) and (
            prop.get("format") == "binary" or "contentMediaType" in prop
        ):
            files.append(str(name))
    return tuple(sorted(files))

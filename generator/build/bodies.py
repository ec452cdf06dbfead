"""Request bodies: JSON, form, multipart, binary or text, in every media type the spec
offers (the most preferred first: ``media.offered_media``)."""

from __future__ import annotations

from typing import Any

from ..document.views import Node
from ..ir.model import Body, BodyKind, BodyMedia, FieldEncoding
from ..ir.names import PythonIdentifier
from ..ir.schema_types import file_fields
from .context import Context
from .media import offered_media

__all__ = ["build_body"]

_STRUCTURED = (BodyKind.JSON, BodyKind.FORM, BodyKind.MULTIPART)


def build_body(
    context: Context, body: Node | None, module: str, function: PythonIdentifier
) -> tuple[bool, Body | None]:
    """Whether the request body can be sent, and the body (None when there is none)."""
    if body is None:
        return True, None
    content = body.mapping("content")
    offered = offered_media(content)
    if not offered:
        if isinstance(body.raw.get("content"), dict):
            context.problem(
                "body-media-type",
                body.at("content"),
                "a request body needs at least one media type in 'content'",
            )
        return False, None
    media: list[BodyMedia] = []
    for media_type, kind in offered:
        entry = content[media_type] if isinstance(content[media_type], dict) else {}
        schema_at = body.at("content", media_type, "schema")
        media.append(_media(context, kind, media_type, entry, schema_at, module, function, media))
    return True, Body(
        media=tuple(media),
        required=body.flag("required"),
        description=body.text("description"),
    )


def _media(
    context: Context,
    kind: BodyKind,
    media_type: str,
    entry: dict[str, Any],
    schema_at: str,
    module: str,
    function: PythonIdentifier,
    before: list[BodyMedia],
) -> BodyMedia:
    """One of the body's media types; a schema that media types ``before`` it have too
    shares their checking constant."""
    schema = entry.get("schema", {})
    model = context.type_of(schema, schema_at) if kind in _STRUCTURED else None
    checker = None
    if model is not None and not context.is_model_class(schema, schema_at):
        same = [m.checker for m in before if m.model == model and m.checker]
        words = ("body",) if not before else (kind.value, "body")
        checker = same[0] if same else context.namer.constant(module, function, *words)
    return BodyMedia(
        kind=kind,
        media_type=media_type,
        model=model,
        is_object=kind in _STRUCTURED and context.is_object(schema),
        encoding=_encoding(entry, kind),
        files=_files(context, schema) if kind is BodyKind.MULTIPART else (),
        checker=checker,
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
    """The properties of a multipart body's schema that are files, or arrays of them."""
    return tuple(sorted(name for name, _ in file_fields(context.document.resolver, schema)))

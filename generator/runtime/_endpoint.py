"""What the functions in ``api`` build their requests with.

They refer to this module by name only (``_endpoint.check(...)``), so that no argument of
theirs, named after a parameter of the spec, can shadow what they use.

``check(adapter, name, value)``
    ``value`` checked against its schema (a ``TypeAdapter``) and turned into JSON-mode
    data (dates as ISO 8601, UUIDs as text, models by their API names); ``None`` (an
    optional parameter left out, whose type allows it) stays ``None``.  A value that
    breaks the schema raises ``ValueError`` naming the argument, before anything is sent.
``segment``, ``query``, ``header``, ``cookie``, ``json_text``
    A parameter's value on the wire, in its location's style (``_params``).
``json_body``, ``form_body``, ``multipart_body``, ``raw_body``, ``text_body``
    The request body: a model (or a mapping with the API's field names, checked into
    one), a value of a non-object schema, a file, bytes or text (``_bodies``).
``media_type(content_type, offered)``
    Which of a body's media types the caller's ``content_type`` picks.
``Outcome(status, kind, type=None)``
    How the answer with a documented status is read (``JSON``, ``TEXT``, ``BINARY`` or
    ``EMPTY``), and the type a JSON body is read as.
``deprecated(message)``
    A ``DeprecationWarning`` pointing at the caller's line.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from typing import IO, Any
from uuid import UUID

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import _bodies, _decode, _multipart, _params, _request
from ._bodies import Body
from ._request import ApiRequest, JsonBody, Outcome

__all__ = [
    "BINARY",
    "EMPTY",
    "JSON",
    "TEXT",
    "ApiRequest",
    "Encoding",
    "Outcome",
    "RawContent",
    "check",
    "cookie",
    "deprecated",
    "form_body",
    "header",
    "json_body",
    "json_text",
    "media_type",
    "multipart_body",
    "query",
    "raw_body",
    "segment",
    "text_body",
]

_Kind = _request.Kind
JSON, TEXT, BINARY, EMPTY = _Kind.JSON, _Kind.TEXT, _Kind.BINARY, _Kind.EMPTY
RawContent = bytes | IO[bytes] | Iterable[bytes] | AsyncIterable[bytes]
"""A binary body: bytes, a binary file object, or an iterable of bytes (streamed)."""
Schema = type[BaseModel] | TypeAdapter[Any]


def Encoding(
    style: str, explode: bool, allow_reserved: bool, content_type: str
) -> _bodies.FieldEncoding:
    """One property's Encoding Object, as the spec writes it ("" for no content type)."""
    return _bodies.FieldEncoding(
        content_type=content_type or None,
        style=style,
        explode=explode,
        allow_reserved=allow_reserved,
    )


def check(adapter: TypeAdapter[Any], name: str, value: object) -> Any:
    try:
        checked = adapter.validate_python(
            str(value) if isinstance(value, UUID) else value
        )
    except ValidationError as exc:
        problems = "; ".join(error["msg"] for error in exc.errors())
        raise ValueError(f"{name}: {problems} (got {value!r})") from None
    return adapter.dump_python(checked, mode="json", by_alias=True, exclude_unset=True)


def segment(name: str, data: Any, style: str = "simple", explode: bool = False) -> str:
    return _params.path_segment(name, data, style=style, explode=explode)


def query(
    name: str,
    data: Any,
    style: str = "form",
    explode: bool = True,
    allow_reserved: bool = False,
) -> list[tuple[str, str]]:
    if data is None:
        return []
    return _params.query_items(
        name, data, style=style, explode=explode, allow_reserved=allow_reserved
    )


def header(data: Any, style: str = "simple", explode: bool = False) -> str | None:
    return None if data is None else _params.header_value(data, explode=explode)


def cookie(
    name: str, data: Any, style: str = "form", explode: bool = True
) -> list[tuple[str, str]]:
    return [] if data is None else _params.cookie_items(name, data, explode=explode)


def json_text(data: Any) -> str | None:
    return None if data is None else _params.json_text(data)


def json_body(
    schema: Schema, body: object, media_type: str = "application/json"
) -> JsonBody | None:
    """A JSON body: unset fields left out, ``None`` sent as null, values as given."""
    if body is None:
        return None
    return JsonBody(_data(schema, body), media_type)


def form_body(
    schema: Schema,
    body: object,
    encoding: Mapping[str, _bodies.FieldEncoding] | None = None,
) -> Body | None:
    if body is None:
        return None
    data = _data(schema, body)
    if not isinstance(data, Mapping):
        raise TypeError(f"a form body is an object, not {type(data).__name__}")
    return _bodies.form_body(data, encoding)


def multipart_body(
    schema: Schema,
    body: object,
    encoding: Mapping[str, _bodies.FieldEncoding] | None = None,
    files: Sequence[str] = (),
) -> Body | None:
    """A multipart body: its files (bytes, a binary file object, or ``(filename,
    content[, content_type])``; a list of them for an array) as they are, the other
    fields checked by ``schema``."""
    if body is None:
        return None
    fields = dict(body) if isinstance(body, Mapping) else _by_alias(body)
    sent_files = {name: fields.pop(name) for name in files if name in fields}
    placeholders = {  # a list holds an array property's files
        name: [b""] * len(file) if isinstance(file, list) else b""
        for name, file in sent_files.items()
    }
    data = _data(schema, fields, placeholders=placeholders)
    if not isinstance(data, Mapping):
        raise TypeError(f"a multipart body is an object, not {type(data).__name__}")
    data = {name: value for name, value in data.items() if name not in sent_files}
    return _multipart.multipart_body(
        {**data, **sent_files}, encoding or {}, files=set(sent_files)
    )


def raw_body(content: object, media_type: str) -> Body | None:
    """Binary content (``RawContent``; anything else raises ``TypeError``)."""
    return (
        None if content is None else _bodies.raw_body(content, content_type=media_type)
    )


def text_body(text: object, media_type: str) -> Body | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise TypeError(f"a {media_type} body is a str, not {type(text).__name__}")
    return _bodies.text_body(text, content_type=media_type)


def media_type(content_type: str, offered: Sequence[str]) -> str:
    """Which of a body's media types ``offered`` (some may be ranges, ``image/*``) the
    ``content_type`` a caller gives is; ``ValueError``, before anything is sent, when it
    is none of them, or not one type (a range itself, or no ``type/subtype``)."""
    found = _decode.content_for(content_type, {entry: entry for entry in offered})
    if found is None or "*" in content_type or "/" not in content_type:
        raise ValueError(
            f"content_type {content_type!r} is not one of the body's media types: "
            + ", ".join(offered)
        )
    return found


def deprecated(message: str) -> None:
    # this, the request builder, the endpoint function, then the caller
    warnings.warn(message, DeprecationWarning, stacklevel=4)


def _data(
    schema: Schema, body: object, placeholders: Mapping[str, Any] | None = None
) -> Any:
    """``body`` checked by ``schema`` and dumped as JSON-mode data by the API's names,
    fields that were not set left out.  ``placeholders`` stand in for fields that are
    sent as they are (files) while the others are checked."""
    if isinstance(schema, TypeAdapter):
        checked = schema.validate_python(body)
        return schema.dump_python(
            checked, mode="json", by_alias=True, exclude_unset=True
        )
    if isinstance(body, schema) and not placeholders:
        model = body
    else:
        values = dict(body) if isinstance(body, Mapping) else _by_alias(body)
        model = schema.model_validate({**values, **(placeholders or {})})
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


def _by_alias(model: object) -> dict[str, Any]:
    """A model's set fields by their API names, as they are (files stay files)."""
    if not isinstance(model, BaseModel):
        raise TypeError(f"a body is a model or a mapping, not {type(model).__name__}")
    fields = type(model).model_fields
    return {
        (fields[name].alias or name) if name in fields else name: getattr(model, name)
        for name in model.model_fields_set
    }

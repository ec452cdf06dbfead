"""Reading a response: which documented outcome a status is, and what its body holds.

Body descriptions (one per documented status, or per media type of one):

``Json(schema)``
    A JSON body, validated as ``schema``: a type (a model, ``list[Model]``, ...) or a
    ``TypeAdapter``; ``Json(...).adapter`` is the ``TypeAdapter``.
``Text()``
    A ``text/*`` body, decoded as a ``str`` (the ``charset`` of its content type, else
    UTF-8; undecodable bytes become U+FFFD).
``Binary()``
    Any other body, as ``bytes``.
``Empty()``
    No body (204, a 201 without content, ...): ``None``.

``outcome_for(status, outcomes) -> T | None``
    The entry of ``outcomes`` (keyed as the spec's ``responses``: ``"200"``, ``"2XX"``,
    ``"default"``) that describes ``status``: the exact code first, then its range
    (``"4XX"``, in either case), then ``"default"``; ``None`` when none does.  Any
    value type works, so it picks error classes or models by status just as well.
``content_for(content_type, contents) -> T | None``
    The entry of ``contents`` (keyed by media type or range, as a response's
    ``content``) for a response's ``Content-Type``: the exact type first (parameters
    aside, case aside), then ``type/*``, then ``*/*``; ``None`` when none matches.
``decode_body(body, content, content_type) -> Any``
    ``content`` (the response's bytes) as ``body`` describes it.  ``Json`` validates in
    the response context (an enum value the client does not know is kept) and raises
    ``pydantic.ValidationError`` when the body does not match (the caller may then
    parse it leniently, as ``_responses.parse_body`` does for models).
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import TypeAdapter

from ._base import RESPONSE_CONTEXT

__all__ = [
    "Binary",
    "Empty",
    "Json",
    "ResponseBody",
    "Text",
    "content_for",
    "decode_body",
    "outcome_for",
]

T = TypeVar("T")


class Json:
    """A JSON body validated as ``schema`` (a type or a ``TypeAdapter``)."""

    __slots__ = ("adapter",)

    def __init__(self, schema: Any) -> None:
        self.adapter: TypeAdapter[Any] = (
            schema if isinstance(schema, TypeAdapter) else TypeAdapter(schema)
        )

    def __repr__(self) -> str:
        return f"Json({self.adapter!r})"


@dataclass(frozen=True)
class Text:
    """A text body, as ``str``."""


@dataclass(frozen=True)
class Binary:
    """A binary body, as ``bytes``."""


@dataclass(frozen=True)
class Empty:
    """No body: ``None``."""


ResponseBody = Json | Text | Binary | Empty


def outcome_for(status: int, outcomes: Mapping[str, T]) -> T | None:
    """The outcome documented for ``status``: exact > range > ``default``."""
    exact = outcomes.get(str(status))
    if exact is not None:
        return exact
    prefix = str(status // 100)
    for key in (f"{prefix}XX", f"{prefix}xx"):
        ranged = outcomes.get(key)
        if ranged is not None:
            return ranged
    return outcomes.get("default")


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def content_for(content_type: str | None, contents: Mapping[str, T]) -> T | None:
    """The entry of ``contents`` for ``content_type``: exact > ``type/*`` > ``*/*``."""
    by_type = {_media_type(key): value for key, value in contents.items()}
    wanted = _media_type(content_type or "")
    for key in (wanted, wanted.split("/", 1)[0] + "/*", "*/*"):
        if key in by_type and "/" in key:
            return by_type[key]
    return None


def _charset(content_type: str | None) -> str:
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"')
            try:
                return codecs.lookup(charset).name
            except LookupError:
                break
    return "utf-8"


def decode_body(body: ResponseBody, content: bytes, content_type: str | None) -> Any:
    """``content`` as ``body`` describes it (see the module docstring)."""
    if isinstance(body, Json):
        return body.adapter.validate_json(content, context=RESPONSE_CONTEXT)
    if isinstance(body, Text):
        return content.decode(_charset(content_type), errors="replace")
    if isinstance(body, Binary):
        return bytes(content)
    return None

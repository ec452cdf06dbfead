"""A call, checked and encoded before anything is sent: ``ApiRequest``, and what the
endpoint functions build it with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote
from uuid import UUID

from pydantic import BaseModel, TypeAdapter, ValidationError

__all__ = ["ApiRequest", "ModelT", "encode_body", "encode_parameters", "expand_path"]

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class ApiRequest(Generic[ModelT]):
    """One call, fully checked and encoded, ready to be sent by either client."""

    method: str
    path: str
    response_model: type[ModelT]
    error_models: Mapping[int, type[BaseModel]] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False


def expand_path(template: str, values: Mapping[str, str]) -> str:
    """Put percent-encoded ``values`` into ``template``: a value can never change the path."""
    path = template
    for name, value in values.items():
        segment = quote(value, safe="")
        if segment.strip(".") == "":
            segment = segment.replace(".", "%2E")
        path = path.replace("{" + name + "}", segment)
    return path


def encode_parameters(
    parameters: Mapping[str, tuple[str, object, TypeAdapter[Any]]],
) -> dict[str, str]:
    """Check each ``wire name -> (argument name, value, schema)`` and return its text.

    A value that does not match its schema raises ``ValueError`` naming the argument,
    before anything is sent; an optional argument left ``None`` is omitted.
    """
    encoded = {}
    for wire_name, (name, value, adapter) in parameters.items():
        try:
            checked = adapter.validate_python(
                str(value) if isinstance(value, UUID) else value
            )
        except ValidationError as exc:
            problems = "; ".join(error["msg"] for error in exc.errors())
            raise ValueError(f"{name}: {problems} (got {value!r})") from None
        if checked is not None:
            encoded[wire_name] = (
                str(checked).lower() if isinstance(checked, bool) else str(checked)
            )
    return encoded


def encode_body(model: type[BaseModel], body: BaseModel | Mapping[str, Any]) -> Any:
    """The JSON value to send: fields left unset are omitted, ``None`` becomes null."""
    if not isinstance(body, model):
        body = model.model_validate(body)
    return body.model_dump(mode="json", by_alias=True, exclude_unset=True)

"""Responses: a success body becomes its model, an error status its exception.

A body that does not match its schema is still returned, built field by field
(``validation_errors`` tells how it broke the schema), unless the client was made with
``strict_responses=True``.
"""

from __future__ import annotations

import json
import logging
import types
import typing
import weakref
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from ._base import RESPONSE_CONTEXT
from ._decode import outcome_for
from ._request import ApiRequest, Kind, Outcome, ResultT
from ._retries import retry_after
from ._transport import json_or_none
from .errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    clip,
)

__all__ = [
    "ApiResponse",
    "documented",
    "logger",
    "parse_body",
    "read_body",
    "status_error",
    "summary",
    "type_name",
    "validation_errors",
    "warn_mismatch",
]

_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
}


logger = logging.getLogger(__package__)
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class ApiResponse(Generic[ResultT]):
    """What a call returned (``parsed``: a model, a list, text, bytes or ``None``) next
    to the ``httpx.Response`` it came from.

    ``validation_errors`` lists how the body broke its schema (pydantic's error details,
    locations in the API's field names); it is empty when the body matched, and then
    ``parsed`` is validated through and through.
    """

    parsed: ResultT
    http_response: httpx.Response
    validation_errors: tuple[ErrorDetails, ...] = ()

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response's headers (case-insensitive, a header sent twice listed twice)."""
        return self.http_response.headers


def documented(request: ApiRequest[Any], status: int) -> Outcome | None:
    """The outcome the spec documents for ``status``: its own, its range's, the default."""
    return outcome_for(
        status, {outcome.status: outcome for outcome in request.outcomes}
    )


def read_body(
    outcome: Outcome | None, response: httpx.Response
) -> tuple[Any, tuple[ErrorDetails, ...]]:
    """The body of ``response`` as ``outcome`` says, and how it broke its schema."""
    if outcome is None or outcome.kind is Kind.EMPTY:
        return None, ()
    if outcome.kind is Kind.TEXT:
        return response.text, ()
    if outcome.kind is Kind.BINARY:
        return response.content, ()
    if isinstance(outcome.type, type) and issubclass(outcome.type, BaseModel):
        return parse_body(outcome.type, response.content)
    adapter = _adapter(outcome.type)
    try:
        return adapter.validate_json(response.content, context=RESPONSE_CONTEXT), ()
    except ValidationError as exc:
        errors = tuple(exc.errors(include_url=False))
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError):
        return None, errors
    return _as_received(outcome.type, data), errors


_ADAPTERS: dict[int, tuple[Any, TypeAdapter[Any]]] = {}


def _adapter(schema: Any) -> TypeAdapter[Any]:
    """A ``TypeAdapter`` of ``schema``, made once."""
    found = _ADAPTERS.get(id(schema))
    if found is None or found[0] is not schema:
        found = _ADAPTERS[id(schema)] = (schema, TypeAdapter(schema))
    return found[1]


def type_name(schema: Any) -> str:
    return getattr(schema, "__name__", None) or repr(schema)


_ERRORS_OF: dict[int, tuple[weakref.ref[BaseModel], tuple[ErrorDetails, ...]]] = {}


def validation_errors(parsed: BaseModel) -> tuple[ErrorDetails, ...]:
    """How the response body that ``parsed`` was built from broke its schema.

    ``parsed`` is what an endpoint function returned (or ``exc.body`` of an
    ``APIStatusError``); the result is empty when the body matched its schema, and for any
    other model.
    """
    entry = _ERRORS_OF.get(id(parsed))
    if entry is None or entry[0]() is not parsed:
        return ()
    return entry[1]


def _remember_errors(parsed: BaseModel, errors: tuple[ErrorDetails, ...]) -> None:
    key = id(parsed)
    _ERRORS_OF[key] = (weakref.ref(parsed, lambda _: _ERRORS_OF.pop(key, None)), errors)


def parse_body(
    model: type[ModelT], content: bytes
) -> tuple[ModelT, tuple[ErrorDetails, ...]]:
    """``content`` as ``model``, and how it broke the schema (empty when it matched).

    A body that does not match is built field by field: each field whose value matches
    its type is validated, the others keep the value as received (a nested object that
    does not match is built the same way), unknown fields go to ``model_extra``.  A body
    that is not a JSON object gives a model with no field set.
    """
    try:
        return model.model_validate_json(content, context=RESPONSE_CONTEXT), ()
    except ValidationError as exc:
        errors = tuple(exc.errors(include_url=False))
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        data = None
    parsed = _lenient(model, data)
    _remember_errors(parsed, errors)
    return parsed, errors


def _lenient(model: type[ModelT], data: Any) -> ModelT:
    """``data`` as ``model`` without refusing anything (see ``parse_body``)."""
    parsed = model.model_construct()
    if not isinstance(data, dict):
        return parsed
    names = _field_names(model)
    extra: dict[str, Any] = {}
    for key, value in data.items():
        name = names.get(key)
        if name is None:
            extra[key] = value
            continue
        try:
            model.__pydantic_validator__.validate_assignment(
                parsed, name, value, context=RESPONSE_CONTEXT
            )
        except ValidationError:
            setattr(
                parsed, name, _as_received(model.model_fields[name].annotation, value)
            )
    if parsed.__pydantic_extra__ is not None:  # unknown fields are kept
        parsed.__pydantic_extra__.update(extra)
    return parsed


def _as_received(annotation: Any, value: Any) -> Any:
    """A value that does not match its field's type ``annotation``: an object that can be
    a model is built leniently as that model, and so are the objects in a list of models;
    anything else is kept as received."""
    if isinstance(value, dict):
        models = _models_in(annotation)
        if len(models) == 1:
            return _lenient(models[0], value)
    elif isinstance(value, list):
        items = [
            typing.get_args(option)[0]
            for option in _options(annotation)
            if typing.get_origin(option) is list
        ]
        if len(items) == 1:  # each item on its own: one that breaks spoils no other
            return [_validated_or_received(items[0], item) for item in value]
    return value


def _validated_or_received(annotation: Any, value: Any) -> Any:
    try:
        return _adapter(annotation).validate_python(value, context=RESPONSE_CONTEXT)
    except ValidationError:
        return _as_received(annotation, value)


def _options(annotation: Any) -> tuple[Any, ...]:
    """The members of a union (``Annotated`` and type aliases unwrapped), or the
    annotation alone."""
    if type(annotation).__name__ == "TypeAliasType":  # typing's or typing_extensions'
        return _options(annotation.__value__)
    if typing.get_origin(annotation) is typing.Annotated:
        return _options(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return tuple(
            option
            for member in typing.get_args(annotation)
            for option in _options(member)
        )
    return (annotation,)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    return [
        option
        for option in _options(annotation)
        if isinstance(option, type) and issubclass(option, BaseModel)
    ]


_FIELD_NAMES: dict[type[BaseModel], dict[str, str]] = {}


def _field_names(model: type[BaseModel]) -> dict[str, str]:
    """Attribute names by the names a body may use for them: alias or attribute name."""
    names = _FIELD_NAMES.get(model)
    if names is None:
        names = {name: name for name in model.model_fields}
        names.update(
            (info.alias, name)
            for name, info in model.model_fields.items()
            if info.alias
        )
        _FIELD_NAMES[model] = names
    return names


def status_error(request: ApiRequest[Any], response: httpx.Response) -> APIStatusError:
    raw = json_or_none(response)
    body: Any = raw
    errors: tuple[ErrorDetails, ...] = ()
    outcome = documented(request, response.status_code)
    if outcome is not None and outcome.kind is Kind.JSON and raw is not None:
        body, errors = read_body(outcome, response)
        if errors:
            warn_mismatch(request, response, outcome.type, errors)
            if not isinstance(raw, dict):  # nothing to build a model from: keep it
                body = raw
    message = raw.get("message") if isinstance(raw, dict) else None
    text = message if isinstance(message, str) else response.reason_phrase or "error"
    status = response.status_code
    error: APIStatusError
    if status == 429:
        error = RateLimitError(
            text, response=response, body=body, retry_after=retry_after(response)
        )
    elif status >= 500:
        error = InternalServerError(text, response=response, body=body)
    else:
        error = _STATUS_ERRORS.get(status, APIStatusError)(
            text, response=response, body=body
        )
    error.validation_errors = errors
    return error


def summary(errors: tuple[ErrorDetails, ...], shown: int = 3) -> str:
    """The first few validation errors, one line: "campaign.name: Input should be ..."."""
    parts = [
        f"{'.'.join(str(part) for part in error['loc']) or '(body)'}: {error['msg']}"
        for error in errors[:shown]
    ]
    more = f" (and {len(errors) - shown} more)" if len(errors) > shown else ""
    return clip("; ".join(parts)) + more


def warn_mismatch(
    request: ApiRequest[Any],
    response: httpx.Response,
    schema: Any,
    errors: tuple[ErrorDetails, ...],
) -> None:
    logger.warning(
        "%s %s -> %s: the body does not match %s, so it is kept as received where it "
        "differs: %s",
        request.method,
        request.path,
        response.status_code,
        type_name(schema),
        summary(errors),
    )

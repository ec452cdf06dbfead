"""Operations: their functions, request bodies and responses."""

from __future__ import annotations

from dataclasses import dataclass

from ..document.refs import ref_of
from ..document.views import Node, OperationView
from ..ir.model import Body, BodyKind, ErrorModel, Operation, Response, Success
from ..ir.namer import UNTAGGED_MODULE, OperationNames
from ..ir.names import PythonIdentifier
from ..ir.types import TypeRef
from .context import COMPONENT_SCHEMA, Context
from .parameters import build_parameters

__all__ = ["build_operation"]

_JSON = "application/json"


def build_operation(
    context: Context, view: OperationView
) -> tuple[str, PythonIdentifier, Operation] | None:
    """The operation's tag, its module and its IR; None when it can't be generated (each
    reason reported)."""
    tag = view.first_tag
    module = context.namer.module(tag, view.at("tags", 0))
    names = _names(context, view, module)
    # An operation that can't be named is still checked through, so that every problem
    # of the spec is reported in one run.
    function = names.function if names else PythonIdentifier("unnamed")
    parameters = build_parameters(context, view, module, function)
    body_ok, body = _body(context, view.request_body())
    responses = _responses(context, view)
    success = _success(responses)
    if not any(r.status.startswith("2") and r.json for r in responses):
        context.problem(
            "json-success-response",
            view.at("responses") if isinstance(view.raw.get("responses"), dict) else view.pointer,
            "no 2xx response with an application/json body; the generated function returns "
            "that response's model",
        )
    if names is None or parameters is None or not body_ok or success is None:
        return None
    return (
        tag or UNTAGGED_MODULE,
        module,
        Operation(
            operation_id=view.operation_id,
            names=names,
            method=view.method.upper(),
            path=view.path,
            summary=view.text("summary"),
            description=view.text("description"),
            deprecated=view.flag("deprecated"),
            parameters=parameters,
            body=body,
            success=success,
            error_models=tuple(
                ErrorModel(int(r.status), r.model)
                for r in responses
                if r.model is not None and r.status.isdigit() and not r.status.startswith("2")
            ),
        ),
    )


def _names(context: Context, view: OperationView, module: str) -> OperationNames | None:
    """The operation's functions; None (reported) when it has no usable operationId."""
    if not view.raw.get("operationId"):
        context.problem(
            "operation-id-missing",
            view.pointer,
            "operation has no operationId; it names the generated function",
        )
        return None
    if not view.operation_id:
        return None  # not a string: lint's structure rule says so
    return context.namer.operation(view.operation_id, module, view.at("operationId"))


def _body(context: Context, body: Node | None) -> tuple[bool, Body | None]:
    """Whether the request body can be sent, and the body (None when there is none)."""
    if body is None:
        return True, None
    content = body.mapping("content")
    if _JSON not in content:
        if isinstance(body.raw.get("content"), dict):
            context.problem(
                "body-media-type",
                body.at("content"),
                "only application/json request bodies are supported "
                f"(found {', '.join(map(str, content)) or 'none'})",
            )
        return False, None
    model = _model(context, content[_JSON], body.at("content", _JSON))
    if model is None:
        return False, None
    return True, Body(
        kind=BodyKind.JSON,
        model=model,
        required=body.flag("required"),
        description=body.text("description"),
    )


@dataclass(frozen=True)
class _Documented:
    """A response and whether it has a JSON body (whatever its schema)."""

    response: Response
    json: bool

    @property
    def status(self) -> str:
        return self.response.status

    @property
    def model(self) -> TypeRef | None:
        return self.response.model


def _success(responses: list[_Documented]) -> Success | None:
    """The first 2xx response with a model: what the function returns."""
    for documented in responses:
        model = documented.model
        if documented.status.startswith("2") and model is not None:
            return Success(documented.status, model, documented.response.description)
    return None


def _responses(context: Context, view: OperationView) -> list[_Documented]:
    responses = []
    for status, response in view.responses():
        content = response.mapping("content")
        model = (
            _model(context, content[_JSON], response.at("content", _JSON))
            if _JSON in content
            else None
        )
        responses.append(
            _Documented(Response(status, model, response.text("description")), _JSON in content)
        )
    return responses


def _model(context: Context, media: object, media_pointer: str) -> TypeRef | None:
    """The model of a JSON media type's schema: a ``$ref`` to a component schema, or
    None (reported)."""
    schema = media.get("schema") if isinstance(media, dict) else None
    ref = ref_of(schema)
    if ref is None or not ref.startswith(COMPONENT_SCHEMA):
        context.problem(
            "body-schema-ref",
            f"{media_pointer}/schema" if schema is not None else media_pointer,
            "a JSON body schema must be a $ref to '#/components/schemas/...' so that its "
            "model has a stable name",
        )
        return None
    return context.model_of(ref)

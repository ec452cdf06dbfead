"""The inline schemas an operation's bodies, responses and parameters need named (see
``inline``): where each is defined, and the name it gets from its place."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import pointer as jsonpointer
from ..document.refs import ref_of
from ..document.views import Document, Node, OperationView, ParameterView
from ..ir.model import BodyKind
from ..ir.names import class_name
from ..ir.schema_types import simple_types
from .inline import InlineSchema
from .media import chosen_media, offered_media
from .naming import schema_prefix

__all__ = ["inline_roots"]

_STRUCTURED = (BodyKind.JSON, BodyKind.FORM, BodyKind.MULTIPART)


def inline_roots(document: Document) -> list[InlineSchema]:
    """Every inline body, response and parameter schema of the operations, once each
    (a definition shared through ``$ref`` is named after its component)."""
    found: dict[str, InlineSchema] = {}
    for view in document.operations():
        for root in _operation_roots(document, view):
            found.setdefault(root.pointer, root)
    return list(found.values())


def _operation_roots(document: Document, view: OperationView) -> Iterator[InlineSchema]:
    prefix = schema_prefix(view)
    body = view.request_body()
    if body is not None:
        yield from _body_roots(body, _named(body.pointer, f"{prefix}Request", "Request"))
    responses = view.responses()
    successes = [
        s for s, r in responses if s.startswith("2") and chosen_media(r.mapping("content"))
    ]
    for status, response in responses:
        alone = status.startswith("2") and len(successes) == 1
        suffix = "Response" if alone else f"{class_name(status)}Response"
        yield from _media_root(response, _named(response.pointer, f"{prefix}{suffix}", "Response"))
    for parameter in (*view.shared_parameters, *view.own_parameters()):
        yield from _parameter_root(document, parameter, prefix)


def _named(pointer: str, name: str, kind: str) -> str:
    """``name``, or for a definition under ``components`` its key and ``kind``."""
    tokens = jsonpointer.tokens(pointer)
    if len(tokens) == 3 and tokens[0] == "components":
        return f"{class_name(tokens[2])}{kind}" if kind else class_name(tokens[2])
    return name


def _body_roots(body: Node, name: str) -> Iterator[InlineSchema]:
    """The inline schema of each structured media type of a request body: the first is
    ``name`` (``SearchRequest``), the others get their kind before ``Request``
    (``SearchFormRequest``)."""
    offered = offered_media(body.mapping("content"))
    structured = [(media_type, kind) for media_type, kind in offered if kind in _STRUCTURED]
    for number, (media_type, kind) in enumerate(structured):
        kind_name = f"{name.removesuffix('Request')}{class_name(kind.value)}Request"
        yield from _inline(body, media_type, name if number == 0 else kind_name)


def _media_root(holder: Node, name: str) -> Iterator[InlineSchema]:
    chosen = chosen_media(holder.mapping("content"))
    if chosen is not None and chosen[1] in _STRUCTURED:
        yield from _inline(holder, chosen[0], name)


def _inline(holder: Node, media_type: str, name: str) -> Iterator[InlineSchema]:
    """The schema of ``media_type`` in ``holder``'s content, named ``name``, when inline."""
    media = holder.mapping("content").get(media_type)
    schema = media.get("schema") if isinstance(media, dict) else None
    if isinstance(schema, dict) and schema and ref_of(schema) is None:
        yield InlineSchema(holder.at("content", media_type, "schema"), name)


def _parameter_root(
    document: Document, parameter: ParameterView, prefix: str
) -> Iterator[InlineSchema]:
    name = _named(parameter.pointer, f"{prefix}{class_name(parameter.name)}", "")
    schema_at = parameter.at("schema")
    schema = parameter.raw.get("schema")
    if schema is None and parameter.mapping("content"):
        media_type = next(iter(parameter.mapping("content")))
        media = parameter.mapping("content")[media_type]
        schema = media.get("schema") if isinstance(media, dict) else None
        schema_at = parameter.at("content", media_type, "schema")
    inline = isinstance(schema, dict) and schema and ref_of(schema) is None
    if inline and simple_types(schema, document.resolver) is None:
        yield InlineSchema(schema_at, name)

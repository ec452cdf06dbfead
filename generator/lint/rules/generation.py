"""The generator's limits: what a spec must give for ``generate`` to make a client of it.

Each rule is one function over the operations under ``/paths`` (the ones the generator
turns into functions), with their parameters and bodies followed through ``$ref``\\ s and
reported at their definitions, plus the one on each schema's properties.  They use
nothing of the other rule modules, so they can move, as they are, to the stage that
meets these limits.
"""

from __future__ import annotations

from typing import Any

from ...document import pointer as jsonpointer
from ...names import snake_case
from ..index import Index, Operation, Schema
from ..registry import DOCUMENT, SCHEMA, Report, rule

__all__ = [
    "body_media_type",
    "body_schema_ref",
    "json_success_response",
    "operation_id_name",
    "property_name_collision",
    "tag_name",
    "unsupported_parameter",
    "unsupported_security",
]

_PARAMETER_TYPES = ("string", "integer", "number", "boolean")
_COMPONENT_SCHEMA = "#/components/schemas/"
_JSON = "application/json"
# The functions the generator makes of an operation: name, then these variants.
_VARIANTS = ("_async", "_with_response", "_async_with_response")


@rule(
    "operation-id-name",
    "error",
    "generation",
    "The snake_cased operationId names the function (and its _async/_with_response "
    "variants); it must be non-empty and unique.",
    on=DOCUMENT,
    number=22,
)
def operation_id_name(report: Report, index: Index) -> None:
    functions: dict[str, str] = {}  # function -> operationId
    variants: dict[str, dict[str, str]] = {}  # module -> name -> operationId
    for _, op in index.api_operations():
        operation_id = op.data.get("operationId")
        if not isinstance(operation_id, str) or not operation_id:
            continue
        function = snake_case(operation_id)
        where = f"{op.pointer}/operationId"
        if function == "_":
            report(where, f"operationId {operation_id!r} gives no usable function name")
            continue
        if function in functions:
            if functions[function] != operation_id:
                report(
                    where,
                    f"operationId {operation_id!r} gives the function name {function!r}, "
                    f"already used by {functions[function]!r}",
                )
            continue
        module = _module(op)
        names = variants.setdefault(module, {})
        own = (function, *(f"{function}{variant}" for variant in _VARIANTS))
        clash = next((names[n] for n in own if n in names), None)
        if clash is not None:
            report(
                where,
                f"operationId {operation_id!r} gives functions ({', '.join(own)}) that clash "
                f"with those of {clash!r} in api/{module}.py",
            )
        functions[function] = operation_id
        for name in own:
            names.setdefault(name, operation_id)


@rule(
    "tag-name",
    "error",
    "generation",
    "The snake_cased first tag names the module under api/; it must be non-empty and "
    "not shared by another tag.",
    on=DOCUMENT,
    number=23,
)
def tag_name(report: Report, index: Index) -> None:
    modules: dict[str, str] = {}  # module -> tag
    for _, op in index.api_operations():
        tag = _first_tag(op)
        if tag is None:
            continue
        module = snake_case(tag)
        if module == "_":
            report(f"{op.pointer}/tags/0", f"tag {tag!r} gives no usable module name")
        elif module in modules and modules[module] != tag:
            report(
                f"{op.pointer}/tags/0",
                f"tag {tag!r} and tag {modules[module]!r} both become the module api/{module}.py",
            )
        modules.setdefault(module, tag)


@rule(
    "property-name-collision",
    "error",
    "generation",
    "Two properties of one schema that snake_case to the same name would be one field "
    "of the generated model.",
    on=SCHEMA,
    number=24,
)
def property_name_collision(report: Report, schema: Schema) -> None:
    properties = schema.value.get("properties")
    if not isinstance(properties, dict):
        return
    seen: dict[str, str] = {}
    for name in properties:
        field = snake_case(str(name))
        if field in seen:
            report(
                jsonpointer.join(f"{schema.pointer}/properties", name),
                f"properties {seen[field]!r} and {name!r} both become the field {field!r}",
            )
        else:
            seen[field] = str(name)


@rule(
    "unsupported-parameter",
    "error",
    "generation",
    "The generator handles scalar path, query and header parameters only (no cookie, "
    "no object or array, no content).",
    on=DOCUMENT,
    number=25,
)
def unsupported_parameter(report: Report, index: Index) -> None:
    seen: set[str] = set()
    for use, op in index.api_operations():
        for parameter in index.parameters(
            use.item.get("parameters"), f"{use.item_pointer}/parameters"
        ) + index.parameters(op.data.get("parameters"), f"{op.pointer}/parameters"):
            if parameter.pointer not in seen and isinstance(parameter.value, dict):
                seen.add(parameter.pointer)
                _parameter_support(report, index, parameter.value, parameter.pointer)


def _parameter_support(report: Report, index: Index, parameter: dict[str, Any], where: str) -> None:
    name = parameter.get("name")
    if parameter.get("in") == "cookie":
        report(f"{where}/in", f"cookie parameter {name!r} is not supported by the generator")
        return
    if "schema" not in parameter:
        report(
            where,
            f"parameter {name!r} has no schema (content-based parameters are not supported)",
        )
        return
    schema, schema_pointer = index.deref(parameter["schema"], f"{where}/schema")
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind not in _PARAMETER_TYPES:
        report(
            schema_pointer if isinstance(schema, dict) else f"{where}/schema",
            f"parameter {name!r} has a schema of type {kind!r}; only scalar types "
            f"({', '.join(_PARAMETER_TYPES)}) are supported",
        )


@rule(
    "body-media-type",
    "error",
    "generation",
    "The generator sends request bodies as application/json only.",
    on=DOCUMENT,
    number=26,
)
def body_media_type(report: Report, index: Index) -> None:
    for _, op in index.api_operations():
        content, content_pointer = _content(
            index, op.data.get("requestBody"), f"{op.pointer}/requestBody"
        )
        if content is not None and _JSON not in content:
            report(
                content_pointer,
                "only application/json request bodies are supported "
                f"(found {', '.join(map(str, content)) or 'none'})",
            )


@rule(
    "body-schema-ref",
    "error",
    "generation",
    "A JSON body schema must be a $ref to #/components/schemas/... so its model has a stable name.",
    on=DOCUMENT,
    number=27,
)
def body_schema_ref(report: Report, index: Index) -> None:
    for _, op in index.api_operations():
        bodies = [_content(index, op.data.get("requestBody"), f"{op.pointer}/requestBody")]
        responses = op.data.get("responses")
        if isinstance(responses, dict):
            bodies += [
                _content(index, response, jsonpointer.join(f"{op.pointer}/responses", status))
                for status, response in responses.items()
            ]
        for content, content_pointer in bodies:
            if content is None or _JSON not in content:
                continue
            media = content[_JSON]
            media_pointer = jsonpointer.join(content_pointer, _JSON)
            schema = media.get("schema") if isinstance(media, dict) else None
            ref = schema.get("$ref") if isinstance(schema, dict) else None
            if not (isinstance(ref, str) and ref.startswith(_COMPONENT_SCHEMA)):
                report(
                    f"{media_pointer}/schema" if schema is not None else media_pointer,
                    "a JSON body schema must be a $ref to '#/components/schemas/...' so that "
                    "its model has a stable name",
                )


@rule(
    "json-success-response",
    "error",
    "generation",
    "The generated function returns the model of a 2xx application/json response; "
    "an operation needs one.",
    on=DOCUMENT,
    number=28,
)
def json_success_response(report: Report, index: Index) -> None:
    for _, op in index.api_operations():
        responses = op.data.get("responses")
        statuses = responses.items() if isinstance(responses, dict) else ()
        if not any(
            str(status).startswith("2")
            and _JSON in (_content(index, response, op.pointer)[0] or ())
            for status, response in statuses
        ):
            report(
                f"{op.pointer}/responses" if isinstance(responses, dict) else op.pointer,
                "no 2xx response with an application/json body; the generated function "
                "returns that response's model",
            )


@rule(
    "unsupported-security",
    "error",
    "generation",
    "The generated client only sends an apiKey in a header; other schemes can't be used.",
    on=DOCUMENT,
    number=29,
)
def unsupported_security(report: Report, index: Index) -> None:
    schemes = index.components.get("securitySchemes")
    if not isinstance(schemes, dict):
        return
    for name, scheme in schemes.items():
        resolved, where = index.deref(scheme, jsonpointer.join("/components/securitySchemes", name))
        if not isinstance(resolved, dict):
            continue
        kind, location = resolved.get("type"), resolved.get("in")
        if kind == "apiKey" and location == "header":
            continue
        described = f"{kind} in {location}" if kind == "apiKey" else repr(kind)
        report(
            where,
            f"security scheme {name!r} ({described}) is not supported; the generated "
            "client only sends an apiKey in a header",
        )


def _first_tag(op: Operation) -> str | None:
    tags = op.data.get("tags")
    return tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else None


def _module(op: Operation) -> str:
    """The module under api/ the operation's functions go to."""
    tag = _first_tag(op)
    return snake_case(tag) if tag is not None else "default"


def _content(index: Index, holder: Any, pointer: str) -> tuple[dict[str, Any] | None, str]:
    """The content of a request body or response (followed through $refs) and where it
    is; None when it has none."""
    resolved, where = index.deref(holder, pointer)
    if isinstance(resolved, dict) and isinstance(resolved.get("content"), dict):
        return resolved["content"], f"{where}/content"
    return None, where

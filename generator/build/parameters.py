"""Parameters: each becomes an argument, checked against its schema before sending and
written on the wire in its location's style."""

from __future__ import annotations

import json
import re

from ..document.views import OperationView, ParameterView
from ..ir.model import Parameter, ParameterLocation
from ..ir.namer import ArgumentNames
from ..ir.names import PythonIdentifier
from ..ir.schema_types import simple_types
from ..ir.types import TypeRef
from .context import Context

__all__ = ["build_parameters"]

_LOCATIONS = tuple(location.value for location in ParameterLocation)
# OpenAPI's default style of each location; explode defaults to true for "form" only.
_DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}
_STYLES = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}
_TEMPLATE = re.compile(r"\{([^{}]*)\}")
NONE = TypeRef("None")


def build_parameters(
    context: Context, operation: OperationView, module: str, function: PythonIdentifier
) -> tuple[Parameter, ...] | None:
    """The operation's parameters: the path ones in the order of the path, then the
    others, required ones first (the operation's own replace a path item's of the same
    name and place); None when any can't be generated (each such reported)."""
    by_key: dict[tuple[str, str], Parameter] = {}
    arguments = context.namer.arguments()
    failed = False
    for view in (*operation.shared_parameters, *operation.own_parameters()):
        parameter = _parameter(context, view, module, function, arguments)
        if parameter is None:
            failed = True
        else:
            by_key[(view.name, view.location)] = parameter
    if failed:
        return None
    order = {name: index for index, name in enumerate(_TEMPLATE.findall(operation.path))}
    return tuple(
        sorted(
            by_key.values(),
            key=lambda p: (
                p.location != "path",
                order.get(p.wire_name, len(order)) if p.location == "path" else 0,
                not p.required,
            ),
        )
    )


def _parameter(
    context: Context,
    view: ParameterView,
    module: str,
    function: PythonIdentifier,
    arguments: ArgumentNames,
) -> Parameter | None:
    location = view.location
    if location not in _LOCATIONS:
        context.problem(
            "unsupported-parameter",
            view.at("in"),
            f"parameter {view.raw.get('name')!r} is in {location!r}; OpenAPI knows path, "
            "query, header and cookie parameters",
        )
        return None
    style = view.raw.get("style", _DEFAULT_STYLE[location])
    if style not in _STYLES[location]:
        context.problem(
            "unsupported-parameter",
            view.at("style"),
            f"style {style!r} is not one of {location} parameters' "
            f"({', '.join(_STYLES[location])})",
        )
        return None
    types = _types(context, view)
    name = arguments.parameter(view.name, location, view.at("name"))
    if types is None:
        return None
    required = view.flag("required", location == "path")
    annotation, checked = types
    schema = view.mapping("schema")
    return Parameter(
        wire_name=view.name,
        name=name,
        location=ParameterLocation(location),
        required=required,
        annotation=annotation,
        checked=checked if required else checked | NONE,
        checker=context.namer.constant(module, function, name),
        style=str(style),
        explode=bool(view.raw.get("explode", style == "form")),
        allow_reserved=view.flag("allowReserved"),
        json_content="schema" not in view.raw,
        deprecated=view.flag("deprecated"),
        default=json.dumps(schema["default"], ensure_ascii=False) if "default" in schema else "",
        description=view.text("description"),
    )


def _types(context: Context, view: ParameterView) -> tuple[TypeRef, TypeRef] | None:
    """(what a caller may pass, what it is checked as): a simple schema typed here, any
    other by the models; None, reported, when the parameter has no schema to check."""
    if "schema" in view.raw:
        schema, schema_at = view.raw["schema"], view.at("schema")
    else:
        content = view.mapping("content")
        media = next(iter(content.values()), None) if len(content) == 1 else None
        if not isinstance(media, dict) or not isinstance(media.get("schema"), dict):
            context.problem(
                "unsupported-parameter",
                view.pointer,
                f"parameter {view.raw.get('name')!r} has neither a schema nor one content "
                "type with a schema",
            )
            return None
        schema, schema_at = media["schema"], view.at("content", next(iter(content)), "schema")
    simple = simple_types(schema, context.document.resolver)
    if simple is not None:
        return simple
    modelled = context.type_of(schema, schema_at)
    return modelled, modelled

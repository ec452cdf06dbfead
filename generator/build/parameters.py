"""Parameters: each becomes an argument checked against its schema before sending."""

from __future__ import annotations

from ..document.views import OperationView, ParameterView
from ..ir.model import Parameter, ParameterLocation
from ..ir.names import PythonIdentifier
from ..ir.schema_types import SCALAR_TYPES, scalar_types
from ..ir.types import TypeRef
from .context import Context

__all__ = ["build_parameters"]


def build_parameters(
    context: Context, operation: OperationView, module: str, function: PythonIdentifier
) -> tuple[Parameter, ...] | None:
    """The operation's parameters, path-level ones first (the operation's own replace
    one of the same name and place), the required ones first; None when any can't be
    generated (each such reported)."""
    by_key: dict[tuple[str, str], Parameter] = {}
    arguments = context.namer.arguments()
    failed = False
    for view in (*operation.shared_parameters, *operation.own_parameters()):
        types = _types(context, view)
        name = arguments.parameter(view.name, view.location, view.at("name"))
        if types is None or name is None:
            failed = True
            continue
        key = (view.name, view.location)
        location = ParameterLocation(view.location)
        required = view.flag("required", location is ParameterLocation.PATH)
        annotation, checked = types
        by_key[key] = Parameter(
            wire_name=view.name,
            name=name,
            location=location,
            required=required,
            annotation=annotation,
            checked=checked if required else checked | TypeRef("None"),
            checker=context.namer.constant(module, function, name),
            description=view.text("description"),
        )
    if failed:
        return None
    return tuple(sorted(by_key.values(), key=lambda parameter: not parameter.required))


def _types(context: Context, view: ParameterView) -> tuple[TypeRef, TypeRef] | None:
    """(what a caller may pass, what it is checked as); None, reported, when the
    generator can't send this parameter."""
    name = view.raw.get("name")
    if view.location not in ParameterLocation.__members__.values():
        context.problem(
            "unsupported-parameter",
            view.at("in"),
            f"parameter {name!r} is in {view.location!r}; OpenAPI knows path, query, header "
            "and cookie parameters",
        )
        return None
    if view.location == ParameterLocation.COOKIE:
        context.problem(
            "unsupported-parameter",
            view.at("in"),
            f"cookie parameter {name!r} is not supported by the generator",
        )
        return None
    if "schema" not in view.raw:
        context.problem(
            "unsupported-parameter",
            view.pointer,
            f"parameter {name!r} has no schema (content-based parameters are not supported)",
        )
        return None
    schema = context.document.node(view.raw["schema"], view.at("schema"))
    types = scalar_types(schema.raw) if schema is not None else None
    if types is None:
        kind = schema.raw.get("type") if schema is not None else None
        context.problem(
            "unsupported-parameter",
            schema.pointer if schema is not None else view.at("schema"),
            f"parameter {name!r} has a schema of type {kind!r}; only scalar types "
            f"({', '.join(SCALAR_TYPES)}) are supported",
        )
        return None
    return types

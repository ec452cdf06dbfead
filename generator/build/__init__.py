"""Document -> intermediate model, and the generator's limits as diagnostics.

``build_api`` reads the spec through ``document.views`` and returns the ``ir.Api`` with
every diagnostic of the constructs it can't generate (``limits``).  Given no model
classes it only checks the spec: that is what ``lint`` runs, so both commands report the
same diagnostics.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic
from ..document.openapi import PATH_TEMPLATE
from ..document.views import Document, Node
from ..ir.model import Api, Operation, Scalar, Tag
from ..ir.names import ClassName, PythonIdentifier, class_name
from ..ir.schema_types import is_scalar_alias, scalar_types
from .context import Context
from .inline import hoist_inline_schemas
from .limits import LIMITS, Limit
from .naming import component_class_names
from .operations import build_operation
from .roots import inline_roots
from .security import build_schemes, requirements

__all__ = ["LIMITS", "Built", "Limit", "ModelsInput", "build_api", "models_input", "scalar_aliases"]


@dataclass(frozen=True)
class Built:
    """The intermediate model, or None when the spec can't be generated, and what the
    builder says about the spec (errors, and the warnings and notes beside them)."""

    api: Api | None
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class ModelsInput:
    """What the models are made from: the document with every inline schema moved under
    ``components/schemas`` (``inline``), where each went, and the scalar aliases."""

    data: dict[str, Any]
    hoisted: dict[str, str]
    scalars: Mapping[str, str]
    collisions: tuple[tuple[str, str], ...]


def models_input(document: Document) -> ModelsInput:
    names = component_class_names(document)
    renamed = {key: name for key, name in names.items() if name != class_name(key)}
    hoisted = hoist_inline_schemas(document, inline_roots(document), renamed)
    return ModelsInput(
        hoisted.data, hoisted.component_of, scalar_aliases(document), hoisted.collisions
    )


def build_api(
    document: Document,
    *,
    package: str,
    classes: Mapping[str, str] | None = None,
    aliases: frozenset[str] = frozenset(),
    models: ModelsInput | None = None,
) -> Built:
    """Build the package's intermediate model; ``classes`` maps each component schema's
    pointer (inline ones as ``models`` moved them) to its model class (None: check the
    spec only), ``aliases`` holds those of them that are type aliases."""
    models = models or models_input(document)
    context = Context(document, classes, models.hoisted, models.scalars, aliases)
    schemes = build_schemes(context, package)
    known = {scheme.key for scheme in schemes}
    security = requirements(document.root.raw.get("security"), known) or ()
    built = [
        found
        for view in document.operations()
        if (found := build_operation(context, view, security, known))
    ]
    _check_class_names(context)
    for problem in context.namer.problems:
        context.problem(problem.rule, problem.pointer, problem.message)
    for pointer, name in models.collisions:
        context.problem(
            "inline-schema-name",
            pointer,
            f"this inline schema is the class {name!r}: the name its place gives is taken",
        )
    diagnostics = tuple(dict.fromkeys(context.diagnostics))
    if any(d.severity == "error" for d in diagnostics):
        return Built(None, diagnostics)
    info = Node(document.root.mapping("info"), "/info")
    return Built(
        Api(
            title=info.text("title"),
            version=info.text("version"),
            description=info.text("description"),
            base_url=_base_url(document),
            schemes=schemes,
            security=security,
            scalars=_scalars(document),
            tags=_tags(document, built),
        ),
        diagnostics,
    )


def _base_url(document: Document) -> str:
    """The first server's URL with each ``{variable}`` replaced by its default."""
    servers = document.root.items("servers")
    server = servers[0] if servers and isinstance(servers[0], dict) else {}
    variables = server.get("variables")
    variables = variables if isinstance(variables, dict) else {}

    def default(match: re.Match[str]) -> str:
        variable = variables.get(match[1])
        return str(variable.get("default", match[0])) if isinstance(variable, dict) else match[0]

    return PATH_TEMPLATE.sub(default, str(server.get("url", "")))


def _check_class_names(context: Context) -> None:
    """Report each component schema whose class name another one's took."""
    names = component_class_names(context.document)
    owner = {name: key for key, name in names.items()}
    for key, _, pointer in context.document.components("schemas"):
        usual = class_name(key)
        if names[key] != usual:
            context.problem(
                "class-name-collision",
                pointer,
                f"schema {key!r} is the class {names[key]!r}, since schema "
                f"{owner[usual]!r} is the class {usual!r}",
            )


def scalar_aliases(document: Document) -> dict[str, ClassName]:
    """The component schemas that become type aliases in ``scalars.py``, by name, with
    the alias's name (the models are told to use it)."""
    names = component_class_names(document)
    return {
        name: names[name]
        for name, schema, _ in document.components("schemas")
        if is_scalar_alias(schema)
    }


def _scalars(document: Document) -> tuple[Scalar, ...]:
    schemas = {name: schema for name, schema, _ in document.components("schemas")}
    scalars = []
    for name, alias in scalar_aliases(document).items():
        types = scalar_types(schemas[name])
        assert types is not None  # a scalar alias has a scalar type
        description = str(schemas[name].get("description", "")).strip()
        scalars.append(Scalar(alias, types[1], description))
    return tuple(scalars)


def _tags(
    document: Document, built: list[tuple[str, PythonIdentifier, Operation]]
) -> tuple[Tag, ...]:
    """One ``Tag`` per tag name in use, sorted by name, with its operations in spec order."""
    descriptions = {
        tag.get("name"): str(tag.get("description", "")).strip()
        for tag in document.root.items("tags")
        if isinstance(tag, dict)
    }
    modules = {tag: module for tag, module, _ in built}
    return tuple(
        Tag(
            name=name,
            module=modules[name],
            description=descriptions.get(name, ""),
            operations=tuple(op for tag, _, op in built if tag == name),
        )
        for name in sorted(modules)
    )

"""What an operation is called: its operationId, or, without one, its method and path."""

from __future__ import annotations

import re

from ..document.views import Document, OperationView
from ..ir.names import ClassName, class_name, numbered, snake_case

__all__ = ["component_class_names", "operation_name", "schema_prefix"]

_TEMPLATE_BRACES = re.compile(r"[{}]")


def operation_name(view: OperationView) -> str:
    """The name the operation's functions are made from: its operationId, or else
    ``get /pets/{petId}`` -> ``get_pets_pet_id`` (the method alone for ``/``)."""
    if view.operation_id:
        return view.operation_id
    words = snake_case(_TEMPLATE_BRACES.sub(" ", view.path))
    return view.method if words == "_" else f"{view.method}_{words}"


def schema_prefix(view: OperationView) -> ClassName:
    """How the operation's inline schemas' names begin: ``createBook`` -> ``CreateBook``."""
    return class_name(snake_case(operation_name(view)))


def component_class_names(document: Document) -> dict[str, ClassName]:
    """The class (or type alias) each component schema becomes, by the schema's key.

    Its ``class_name``; when several keys give one name (``user-profile``,
    ``user_profile``, ``UserProfile``), the key already spelled as the name keeps it (or
    else the first in sorted order), and each other one, in sorted order, gets the
    smallest free number after the name (``UserProfile2``, ``UserProfile3``): never an
    order the document's keys happen to be in.
    """
    groups: dict[ClassName, list[str]] = {}
    for key, _, _ in document.components("schemas"):
        groups.setdefault(class_name(key), []).append(key)
    taken: set[str] = set(groups)
    names: dict[str, ClassName] = {}
    for name, keys in sorted(groups.items()):
        first, *others = sorted(keys, key=lambda key: (key != name, key))
        names[first] = name
        for key in others:
            names[key] = ClassName(numbered(name, taken, separator=""))
    return names

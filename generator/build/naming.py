"""What an operation is called: its operationId, or, without one, its method and path."""

from __future__ import annotations

import re

from ..document.views import OperationView
from ..ir.names import ClassName, class_name, snake_case

__all__ = ["operation_name", "schema_prefix"]

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

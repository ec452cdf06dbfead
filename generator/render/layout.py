"""Which module under ``api/`` holds each operation.

A tag's operations are one module, ``api/<tag>.py``, while there are at most
``SPLIT_ABOVE`` of them.  A tag with more (Stripe's 468 untagged ones) is a package,
``api/<tag>/``, of one module per resource: the first segment of an operation's path
that is neither a version (``v1``) nor a template (``{id}``) and names something, so
``/v1/charges/{charge}/refunds`` is in ``api/default/charges.py``.  Using one operation
then imports its module and the models it names, not every operation's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..ir.model import Operation, Tag
from ..ir.names import PythonIdentifier, numbered, snake_case

__all__ = ["SPLIT_ABOVE", "resources"]

SPLIT_ABOVE = 50
"""The most operations a tag has in one module."""

_VERSION = re.compile(r"v\d+(\.\d+)*", re.IGNORECASE)
_NO_RESOURCE = "root"  # the module of the paths with no resource segment (``/``, ``/{id}/~``)


def resources(tag: Tag) -> dict[PythonIdentifier, Tag] | None:
    """The modules of ``tag``'s package, by name, each as the share of ``tag`` it holds
    (its operations in spec order); ``None`` while ``tag`` is one module.  A name
    already taken, by another resource or by one of the tag's functions (a module would
    hide it in the package), gets a number: ``charges_2``, the resources in sorted
    order, so the layout depends on the spec alone."""
    if len(tag.operations) <= SPLIT_ABOVE:
        return None
    by_resource: dict[str, list[Operation]] = {}
    for op in tag.operations:
        by_resource.setdefault(_resource(op.path)[1], []).append(op)
    taken = set(tag.exports)
    parts: dict[PythonIdentifier, Tag] = {}
    for resource in sorted(by_resource):
        name = PythonIdentifier(numbered(snake_case(resource or _NO_RESOURCE), taken))
        operations = tuple(by_resource[resource])
        parts[name] = replace(
            tag, module=name, description=_described(tag, operations), operations=operations
        )
    return dict(sorted(parts.items()))


def _resource(path: str) -> tuple[str, str]:
    """The path up to its resource segment, and that segment (``""`` when none): the
    first that is not a template or a version and has a letter or digit to name it by."""
    segments = path.split("/")
    for index, segment in enumerate(segments):
        template = segment.startswith("{") and segment.endswith("}")
        named = not template and snake_case(segment) != "_"
        if named and not _VERSION.fullmatch(segment):
            return "/".join(segments[: index + 1]), segment
    return path, ""


def _described(tag: Tag, operations: tuple[Operation, ...]) -> str:
    """A module's docstring: its tag and the paths its operations start with."""
    prefixes = sorted({_resource(op.path)[0] for op in operations})
    paths = ", ".join(f"``{prefix}``" for prefix in prefixes)
    return f"Operations tagged {tag.name} on {paths}."

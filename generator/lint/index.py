"""What the walk hands the checks: the nodes it visits and the index it collects.

Node checks get a ``Node`` (or a ``Schema``, an ``Operation``) as the walk meets it; the
whole-document checks get the ``Index`` after the walk: every ``$ref`` (recorded, not
followed), every operation, how ``/paths`` uses its path items, the defaults and
examples to validate, and the schema trees with each node the walk visited in them.
The ``Index`` also answers what several rules ask of the document (a reference
followed, the property names a schema defines, whether it allows null), always through
the one resolver, ``generator.document.refs``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..document.openapi import HTTP_METHODS
from ..document.refs import Resolver, target_pointer

if TYPE_CHECKING:
    from ..build import Built

__all__ = [
    "Index",
    "Node",
    "Operation",
    "Parameter",
    "PathUse",
    "Schema",
    "SchemaRoot",
    "Value",
]


@dataclass(frozen=True, slots=True)
class Node:
    """A visited object (the list itself for security requirements) and where it is."""

    value: Any
    pointer: str
    index: Index


@dataclass(frozen=True, slots=True)
class Schema:
    """A visited schema object.

    ``relation``: how it is reached ("component", "parameter", "request", "response",
    "property", "items", "additionalProperties", "allOf", "union", "definition",
    "other"); ``context_names``: the property names an enclosing ``allOf``/``anyOf``/
    ``oneOf`` holder defines; ``types``: the names in its ``type``.
    """

    value: dict[str, Any]
    pointer: str
    relation: str
    context_names: frozenset[str]
    types: frozenset[str]
    index: Index


class Operation(NamedTuple):
    pointer: str
    method: str
    data: dict[str, Any]


class PathUse(NamedTuple):
    """A path template and the path item it stands for (maybe reached through a $ref)."""

    template: str
    key_pointer: str  # /paths/<template>
    item_pointer: str  # where the path item is defined
    item: dict[str, Any]


class Parameter(NamedTuple):
    """An entry of a parameter list: where it is listed, where it is defined, what."""

    item_pointer: str
    pointer: str
    value: Any


class Value(NamedTuple):
    """A default or an example to validate against the schema at ``schema_pointer``.

    ``mode``: "plain" (a schema's own), "read" (a response's) or "write" (a request's);
    ``holder``: the object the value is written in.
    """

    kind: str  # "default" or "example"
    schema_pointer: str
    value: Any
    pointer: str
    mode: str
    holder: dict[str, Any]


@dataclass
class SchemaRoot:
    """A schema where the walk entered one (a component, a parameter's, a media type's)
    and every value the walk visited in its tree, itself first."""

    pointer: str
    value: Any
    nodes: list[Any] = field(default_factory=list)


@dataclass
class Index:
    """The document, its dialect, and what the walk collected from it."""

    data: dict[str, Any]
    dialect: str  # "3.0" or "3.1"
    refs: list[tuple[str, str]] = field(default_factory=list)  # (holder pointer, $ref)
    mapping_refs: list[tuple[str, str]] = field(default_factory=list)  # discriminator
    operations: dict[str, Operation] = field(default_factory=dict)
    path_uses: list[PathUse] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    schema_roots: list[SchemaRoot] = field(default_factory=list)
    built: Built | None = None  # the builder's check of the document (the limit rules')

    def __post_init__(self) -> None:
        self.v30 = self.dialect == "3.0"
        self.resolver = Resolver(self.data)
        components = self.data.get("components")
        self.components: dict[str, Any] = components if isinstance(components, dict) else {}
        self._names: dict[int, frozenset[str]] = {}

    # ------------------------------------------------------------------ references

    def resolve(self, ref: str) -> Any:
        """What a ``$ref`` points at; None when nothing is there (or it is external)."""
        found = self.resolver.target(ref)
        return None if found is None else found[0]

    def deref(self, value: Any, pointer: str) -> tuple[Any, str]:
        """``value`` with its chain of ``$ref``\\ s followed, and where that ends;
        ``(None, ...)`` when the chain is broken."""
        return self.resolver.follow(value, pointer)

    def target_pointer(self, ref: str) -> str | None:
        """Where a local ``ref`` points: where it resolves, or else how it is spelled
        (None for an external reference)."""
        found = self.resolver.target(ref)
        return found[1] if found is not None else target_pointer(ref)

    # ------------------------------------------------------------------ operations

    def api_operations(self) -> Iterator[tuple[PathUse, Operation]]:
        """The operations under /paths (through path item $refs), in document order."""
        for use in self.path_uses:
            for method in HTTP_METHODS:
                op = self.operations.get(f"{use.item_pointer}/{method}")
                if op is not None:
                    yield use, op

    def parameters(self, parameters: Any, pointer: str) -> list[Parameter]:
        """Each entry of a parameter list at ``pointer``, followed through $refs."""
        if not isinstance(parameters, list):
            return []
        result = []
        for index, parameter in enumerate(parameters):
            item_pointer = f"{pointer}/{index}"
            resolved, where = self.deref(parameter, item_pointer)
            result.append(Parameter(item_pointer, where, resolved))
        return result

    # --------------------------------------------------------------------- schemas

    def property_names(self, schema: Any, depth: int = 0) -> frozenset[str]:
        """Property names a schema defines, through $refs and allOf/anyOf/oneOf."""
        schema, _ = self.deref(schema, "")
        if not isinstance(schema, dict) or depth > 32:
            return frozenset()
        key = id(schema)
        cached = self._names.get(key)
        if cached is not None:
            return cached
        self._names[key] = frozenset()  # cycles end here
        names: set[str] = set()
        properties = schema.get("properties")
        if isinstance(properties, dict):
            names.update(properties)
        for keyword in ("allOf", "anyOf", "oneOf"):
            members = schema.get(keyword)
            if isinstance(members, list):
                for member in members:
                    names |= self.property_names(member, depth + 1)
        result = frozenset(names)
        self._names[key] = result
        return result

    def allows_null(self, schema: Any, depth: int = 0) -> bool:
        """Whether null is a value of ``schema`` (through $refs and anyOf/oneOf)."""
        schema, _ = self.deref(schema, "")
        if not isinstance(schema, dict) or depth > 16:
            return schema is True
        kind = schema.get("type")
        if kind == "null" or (isinstance(kind, list) and "null" in kind):
            return True
        if self.v30 and schema.get("nullable") is True and "type" in schema:
            return True
        if "const" in schema and schema["const"] is None:
            return True
        if isinstance(schema.get("enum"), list) and None in schema["enum"]:
            return kind is None or self.v30
        return any(
            isinstance(members, list) and any(self.allows_null(m, depth + 1) for m in members)
            for members in (schema.get("anyOf"), schema.get("oneOf"))
        )

"""The models of one version as the client has them: each class, its fields and members,
and which way it travels (in requests, in responses, or both).

Names come from what the generator emits, never from a guess: the classes from
datamodel-code-generator's metadata (``Side.classes``), the fields' attribute names and
annotations from the source it wrote (read with ``ast``: a field's alias is its
property's name, so ``user_id_1`` is found as the second ``userId``-like property).  What
a field means (required, nullable, its type, constraints) comes from its property's
schema in the spec, where its place is too: the source says what a model is called, the
schema what it accepts.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..document import pointer as jsonpointer
from ..document.openapi import in_component_schema
from ..document.refs import ref_of
from ..document.views import Document
from ..ir.names import snake_case
from .endpoints import endpoints_of
from .reach import closures
from .sides import Side

__all__ = ["REQUEST", "RESPONSE", "Catalog", "Field", "Model", "catalog_of"]

REQUEST = "request"
RESPONSE = "response"
_BOTH = frozenset({REQUEST, RESPONSE})
_WALKED = ("items", "additionalProperties")
_WALKED_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")


@dataclass(frozen=True)
class Field:
    """A model's field: the property's name (the key), the attribute, its annotation as
    emitted, and its property's schema and place."""

    wire: str
    name: str
    annotation: str
    required: bool  # as generated: a readOnly or writeOnly property never is
    read_only: bool
    write_only: bool
    schema: Any
    pointer: str


@dataclass(frozen=True)
class Model:
    """A class of ``models``: where its schema stands, its name, and what it holds."""

    pointer: str
    class_name: str
    schema: dict[str, Any]
    fields: dict[str, Field]
    members: dict[str, str]  # an enum's value (as repr) -> member name
    is_alias: bool = False  # a type alias (a list, a map, a union), not a class
    sent_by: tuple[str, ...] = ()  # the functions that send it
    received_by: tuple[str, ...] = ()  # the functions that receive it

    @property
    def directions(self) -> frozenset[str]:
        """Which ways it travels; a model no operation uses is judged both ways."""
        found = {REQUEST} if self.sent_by else set()
        found |= {RESPONSE} if self.received_by else set()
        return frozenset(found) or _BOTH

    @property
    def used(self) -> str:
        """Which functions send and receive it: ``sent by `api.pets.create_pet```."""
        parts = [
            f"{verb} {_some(functions)}"
            for verb, functions in (("sent by", self.sent_by), ("received by", self.received_by))
            if functions
        ]
        return " and ".join(parts) or "used by no function"

    @property
    def is_enum(self) -> bool:
        return isinstance(self.schema.get("enum"), list)

    @property
    def shown(self) -> str:
        return f"models.{self.class_name}"


@dataclass
class Catalog:
    """Every model of one version by its schema's place."""

    models: dict[str, Model] = field(default_factory=dict)
    left_out: frozenset[str] = frozenset()  # keys of component schemas not modelled

    def identity(self, pointer: str) -> str | None:
        """What a schema is known by as a type: a class by its place; None for any other
        schema (a type alias is what it aliases).  A schema whose models were left out
        (the same in both versions) is known by its place too: nothing in it changed."""
        model = self.models.get(pointer)
        if model is None and self.left_out:
            found = in_component_schema(pointer)
            if found is not None:
                return pointer if found[0] in self.left_out else None
        return pointer if model is not None and not model.is_alias else None


@dataclass(frozen=True)
class _Emitted:
    fields: dict[str, tuple[str, str]]  # property name -> (attribute, annotation)
    members: dict[str, str]


def catalog_of(side: Side) -> Catalog:
    """The models of ``side``, each with the directions it travels in."""
    emitted = _emitted_classes(side.models_source)
    found: dict[str, Model] = {}
    for moved, class_name in side.classes.items():
        pointer = side.original(moved)
        schema = jsonpointer.resolve(side.spec.data, pointer)
        if not isinstance(schema, dict):
            continue
        source = emitted.get(class_name, _Emitted({}, {}))
        fields = {f.wire: f for f in _fields(side.document, schema, pointer, source)}
        alias = moved in side.aliases
        found[pointer] = Model(pointer, class_name, schema, fields, source.members, alias)
    users = _directions(side, set(found))
    for pointer, model in found.items():
        sent_by = tuple(sorted(users.get((pointer, REQUEST), ())))
        received_by = tuple(sorted(users.get((pointer, RESPONSE), ())))
        found[pointer] = replace(model, sent_by=sent_by, received_by=received_by)
    return Catalog(found, side.left_out)


def _fields(
    document: Document, schema: dict[str, Any], pointer: str, source: _Emitted
) -> Iterator[Field]:
    """The properties the class itself holds: its own and those of the ``allOf`` parts
    written inline (a referenced part is a base class, with its own fields)."""
    required = set(_strings(schema.get("required")))
    for name, value in _mapping(schema.get("properties")).items():
        prop, _ = document.resolver.follow(value, "")
        flags = {**_mapping(prop), **_mapping(value)}
        read_only = flags.get("readOnly") is True
        write_only = flags.get("writeOnly") is True
        attribute, annotation = source.fields.get(str(name), (snake_case(str(name)), ""))
        yield Field(
            wire=str(name),
            name=attribute,
            annotation=annotation,
            required=name in required and not (read_only or write_only),
            read_only=read_only,
            write_only=write_only,
            schema=value,
            pointer=jsonpointer.join(pointer, "properties", name),
        )
    for index, part in enumerate(schema.get("allOf") or []):
        if isinstance(part, dict) and ref_of(part) is None:
            yield from _fields(document, part, f"{pointer}/allOf/{index}", source)


def _directions(side: Side, models: set[str]) -> dict[tuple[str, str], set[str]]:
    """The functions that send (or receive) each model, by (model, direction), from the
    bodies, parameters and responses of every operation; readOnly properties are never
    sent, writeOnly ones never received.

    The schemas are a graph of (place, direction) nodes, made once for all functions;
    what each node reaches is found for all nodes at once (``reach.closures``)."""
    graph = _SchemaGraph(side)
    functions = [(function, graph.nodes(roots)) for function, roots in _roots(side)]
    edges = graph.edges()
    bits = {key: 1 << n for n, key in enumerate(k for k in graph.keys if k[0] in models)}
    reaches = closures(edges, [bits.get(key, 0) for key in graph.keys])
    by_bit = {bit.bit_length() - 1: key for key, bit in bits.items()}
    reached: dict[tuple[str, str], set[str]] = {}
    for function, nodes in functions:
        mask = 0
        for node in nodes:
            mask |= reaches[node]
        while mask:
            lowest = mask & -mask
            reached.setdefault(by_bit[lowest.bit_length() - 1], set()).add(function)
            mask ^= lowest
    return reached


class _SchemaGraph:
    """The schemas a side's operations reach: each node a schema where it stands (its
    ``$ref`` chain followed) and the direction it travels in."""

    def __init__(self, side: Side) -> None:
        self.resolver = side.document.resolver
        self.keys: list[tuple[str, str]] = []  # (pointer, direction) by node
        self.targets: list[dict[str, Any]] = []
        self.numbers: dict[tuple[str, str], int] = {}

    def node(self, schema: Any, pointer: str, direction: str) -> int | None:
        target, where = self.resolver.follow(schema, pointer)
        if not isinstance(target, dict):
            return None
        key = (where, direction)
        number = self.numbers.get(key)
        if number is None:
            number = self.numbers[key] = len(self.keys)
            self.keys.append(key)
            self.targets.append(target)
        return number

    def nodes(self, roots: Iterable[tuple[Any, str, str]]) -> list[int]:
        return [n for n in (self.node(*root) for root in roots) if n is not None]

    def edges(self) -> list[list[int]]:
        """Each node's successors, every node reached from the roots given so far
        (the list grows as they are found)."""
        edges: list[list[int]] = []
        while len(edges) < len(self.keys):
            number = len(edges)
            where, direction = self.keys[number]
            edges.append(self.nodes(_inside(self.targets[number], where, direction)))
        return edges


def _inside(target: dict[str, Any], where: str, direction: str) -> Iterator[tuple[Any, str, str]]:
    skip = "readOnly" if direction == REQUEST else "writeOnly"
    for name, value in _mapping(target.get("properties")).items():
        if not (isinstance(value, dict) and value.get(skip) is True):
            yield value, jsonpointer.join(where, "properties", name), direction
    for key in _WALKED:
        if isinstance(target.get(key), dict):
            yield target[key], f"{where}/{key}", direction
    for key in _WALKED_LISTS:
        for index, part in enumerate(target.get(key) or []):
            yield part, f"{where}/{key}/{index}", direction


def _roots(side: Side) -> Iterator[tuple[str, list[tuple[Any, str, str]]]]:
    """Each function (``api.pets.create_pet``) with its body, parameter and response
    schemas: (schema, pointer, direction)."""
    for endpoint in endpoints_of(side).values():
        view = endpoint.view
        roots: list[tuple[Any, str, str]] = []
        for parameter in (*view.shared_parameters, *view.own_parameters()):
            roots.append((parameter.raw.get("schema"), parameter.at("schema"), REQUEST))
            roots += _content(parameter.mapping("content"), parameter.at("content"), REQUEST)
        body = view.request_body()
        if body is not None:
            roots += _content(body.mapping("content"), body.at("content"), REQUEST)
        for _, response in view.responses():
            roots += _content(response.mapping("content"), response.at("content"), RESPONSE)
        yield endpoint.shown, roots


def _content(content: Any, pointer: str, direction: str) -> Iterator[tuple[Any, str, str]]:
    for media_type, media in _mapping(content).items():
        if isinstance(media, dict):
            yield media.get("schema"), jsonpointer.join(pointer, media_type, "schema"), direction


def _emitted_classes(source: str) -> dict[str, _Emitted]:
    """Each class of the models' source: its fields by property name, its enum members."""
    try:
        module = ast.parse(source)
    except SyntaxError:  # not expected of the library; the names then come from the spec
        return {}
    classes = {}
    for node in module.body:
        if isinstance(node, ast.ClassDef):
            classes[node.name] = _Emitted(dict(_class_fields(node)), dict(_members(node)))
    return classes


def _class_fields(node: ast.ClassDef) -> Iterator[tuple[str, tuple[str, str]]]:
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            name = statement.target.id
            alias = _alias(statement.annotation) or _alias(statement.value)
            yield alias or name, (name, _shown_annotation(statement.annotation))


def _members(node: ast.ClassDef) -> Iterator[tuple[str, str]]:
    for statement in node.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(statement.value, ast.Constant)
        ):
            yield repr(statement.value.value), statement.targets[0].id


def _alias(node: ast.expr | None) -> str | None:
    """The ``alias=`` of the ``Field(...)`` in ``node``, when it has one."""
    for call in ast.walk(node) if node is not None else ():
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "Field"
        ):
            for keyword in call.keywords:
                if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return None


def _shown_annotation(node: ast.expr) -> str:
    """The type of an annotation, without ``Annotated``'s ``Field(...)``."""
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Annotated"
        and isinstance(node.slice, ast.Tuple)
        and node.slice.elts
    ):
        return ast.unparse(node.slice.elts[0])
    return ast.unparse(node)


def _some(functions: tuple[str, ...]) -> str:
    shown = f"`{functions[0]}`"
    return f"{shown} and {len(functions) - 1} more" if len(functions) > 1 else shown


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

"""Inline schemas get component names from where they stand.

datamodel-code-generator names an inline schema after whatever it meets first (a
property called ``owner`` becomes ``Owner``, the next one ``Owner1``): names that change
when the spec grows.  Before the models are made, every inline schema that becomes a
class or a type alias is moved under ``components/schemas`` with a name made from its
place, and replaced by a ``$ref`` to it:

| where it stands | its name |
|---|---|
| the JSON (or form, multipart) body of operation ``createBook`` | ``CreateBookRequest`` |
| its body in another media type (a form besides JSON) | ``CreateBookFormRequest`` |
| its only success response | ``CreateBookResponse``; with several, ``CreateBook201Response`` |
| another response (``404``, ``4XX``, ``default``) | ``CreateBook404Response`` ... |
| its parameter ``tags`` (arrays and objects) | ``CreateBookTags`` |
| property ``metadata`` of ``CreateBookRequest`` | ``CreateBookRequestMetadata`` |
| the items of an array ``Shelf`` (or of its property ``books``) | ``ShelfItem`` (``ShelfBooksItem``) |
| the values of a map ``Prices`` | ``PricesValue`` |
| member 2 of a ``oneOf``/``anyOf`` of ``Pet`` | ``PetOption2`` |

So adding an operation or a property never renames an existing class.  A name already
taken (by a component, or by another inline schema) gets the smallest free number after
it, the places sorted by pointer so the choice doesn't depend on the order of the
document; each such collision is reported (info).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..document import pointer as jsonpointer
from ..document.openapi import SUBSCHEMAS_30, SUBSCHEMAS_31
from ..document.refs import ref_of
from ..document.views import Document
from ..ir.names import class_name, numbered

__all__ = ["Hoisted", "InlineSchema", "hoist_inline_schemas", "inline_schemas", "place_name"]

_COMPONENTS = "/components/schemas"
_KEYWORDS = {
    keyword: (shape, relation) for keyword, shape, relation in (*SUBSCHEMAS_31, *SUBSCHEMAS_30)
}


@dataclass(frozen=True)
class InlineSchema:
    """An inline schema the models need a name for: where it is, and its name's parts."""

    pointer: str
    name: str


@dataclass(frozen=True)
class Hoisted:
    """The document the models are made from, and where each inline schema went."""

    data: dict[str, Any]
    component_of: dict[str, str]  # inline schema pointer -> its component's pointer
    collisions: tuple[tuple[str, str], ...] = field(default=())  # (pointer, name it got)


def hoist_inline_schemas(
    document: Document, roots: list[InlineSchema], renamed: Mapping[str, str]
) -> Hoisted:
    """A copy of ``document`` with every inline schema at or below ``roots`` (and below
    every component schema) moved under ``components/schemas``, and each component
    schema key of ``renamed`` renamed (its ``$ref``\\ s too)."""
    found = list(_all_inline(document, roots))
    taken = {name for name, _, _ in document.components("schemas")} | set(renamed.values())
    names: dict[str, str] = {}
    collisions = []
    for schema in sorted(found, key=lambda s: s.pointer):
        name = numbered(schema.name, taken, separator="")
        if name != schema.name:
            collisions.append((schema.pointer, name))
        names[schema.pointer] = name
    data = copy.deepcopy(document.data)
    hoisted: dict[str, Any] = {}
    # Deepest first: an inner schema moves out before the one holding it is copied.
    for pointer in sorted(names, key=lambda p: p.count("/"), reverse=True):
        parent_pointer, _, token = pointer.rpartition("/")
        parent = jsonpointer.resolve(data, parent_pointer)
        key: Any = int(token) if isinstance(parent, list) else jsonpointer.unescape(token)
        hoisted[names[pointer]] = moved = parent[key]
        parent[key] = {"$ref": f"#{jsonpointer.join(_COMPONENTS, names[pointer])}"}
        if "default" in moved:  # the field's default, where the models read it for a field
            parent[key]["default"] = moved["default"]
    if hoisted:
        components = data.setdefault("components", {})
        components.setdefault("schemas", {}).update(sorted(hoisted.items()))
    moved = {p: jsonpointer.join(_COMPONENTS, n) for p, n in names.items()}
    return Hoisted(data, moved | _renamed(data, renamed), tuple(collisions))


def _renamed(data: dict[str, Any], renamed: Mapping[str, str]) -> dict[str, str]:
    """Rename the component schemas ``renamed`` names in ``data``, in place, with every
    ``$ref`` to them or into them; where each went, by pointer."""
    if not renamed:
        return {}
    schemas = data["components"]["schemas"]
    data["components"]["schemas"] = {renamed.get(key, key): value for key, value in schemas.items()}
    pointers = {
        jsonpointer.join(_COMPONENTS, old): jsonpointer.join(_COMPONENTS, new)
        for old, new in renamed.items()
    }
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            target = node.get("$ref")
            if isinstance(target, str) and target.startswith("#"):
                old, slash, rest = target[1:].partition("/components/schemas/")
                key, _, tail = rest.partition("/")
                new = pointers.get(f"/components/schemas/{key}")
                if not old and slash and new is not None:
                    node["$ref"] = f"#{new}" + (f"/{tail}" if tail else "")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return pointers


def inline_schemas(
    document: Document, schema: Any, pointer: str, name: str
) -> Iterator[InlineSchema]:
    """``schema`` (at ``pointer``, to be called ``name``) when it is inline and becomes a
    model, then every inline schema inside it that does."""
    if not isinstance(schema, dict) or ref_of(schema) is not None:
        return
    if _becomes_a_type(schema):
        yield InlineSchema(pointer, name)
    yield from _nested(document, schema, pointer, name)


def _all_inline(document: Document, roots: list[InlineSchema]) -> Iterator[InlineSchema]:
    for root in roots:  # each becomes a type, whatever it is: its functions use the name
        schema = jsonpointer.resolve(document.data, root.pointer)
        if isinstance(schema, dict) and schema and ref_of(schema) is None:
            yield root
            yield from _nested(document, schema, root.pointer, root.name)
    for name, schema, pointer in document.components("schemas"):
        if isinstance(schema, dict):
            yield from _nested(document, schema, pointer, class_name(name))


def _nested(
    document: Document, schema: dict[str, Any], pointer: str, name: str
) -> Iterator[InlineSchema]:
    v30 = str(document.data.get("openapi", "")).startswith("3.0")
    for keyword, shape, relation in SUBSCHEMAS_30 if v30 else SUBSCHEMAS_31:
        value = schema.get(keyword)
        if relation not in ("property", "items", "additionalProperties", "union", "allOf"):
            continue
        base = jsonpointer.join(pointer, keyword)
        for token, sub in _children(value, shape):
            where = jsonpointer.join(base, token) if token is not None else base
            if relation == "allOf":  # merged into its parent: only what is inside is named
                if isinstance(sub, dict) and ref_of(sub) is None:
                    yield from _nested(document, sub, where, name)
            else:
                yield from inline_schemas(document, sub, where, _child_name(name, relation, token))


def _children(value: Any, shape: str) -> Iterator[tuple[str | int | None, Any]]:
    if shape == "map" and isinstance(value, dict):
        yield from value.items()
    elif shape in ("list", "one-or-list") and isinstance(value, list):
        yield from enumerate(value)
    elif shape in ("one", "one-or-list") and isinstance(value, dict):
        yield None, value


def place_name(parent: str, steps: list[str]) -> str:
    """The name a schema's place gives it, by the table above: ``steps`` are the JSON
    pointer tokens from the schema called ``parent`` to it.  An ``allOf`` part is merged
    into its parent (the last step of a place, it is ``PetPart2``); any other keyword
    (``not``, ``if`` ...) adds its own name."""
    name, index = parent, 0
    while index < len(steps):
        keyword = steps[index]
        shape, relation = _KEYWORDS.get(keyword, ("one", "other"))
        keyed = shape in ("map", "list") or (
            shape == "one-or-list" and index + 1 < len(steps) and steps[index + 1].isdigit()
        )
        token = steps[index + 1] if keyed and index + 1 < len(steps) else None
        index += 2 if token is not None else 1
        if relation == "union" and token is not None and token.isdigit():
            name = _child_name(name, relation, int(token))
        elif relation in ("property", "items", "additionalProperties") and token is not None:
            name = _child_name(name, relation, token)
        elif relation in ("items", "additionalProperties"):
            name = _child_name(name, relation, None)
        elif relation == "allOf" and token is not None and token.isdigit():
            name = name if index < len(steps) else f"{name}Part{int(token) + 1}"
        else:
            name = class_name(f"{name}_{keyword}_{token or ''}")
    return name


def _child_name(parent: str, relation: str, token: str | int | None) -> str:
    if relation == "property":
        return class_name(f"{parent}_{class_name(str(token))}")
    if relation == "items":
        return f"{parent}Item"
    if relation == "additionalProperties":
        return f"{parent}Value"
    assert relation == "union" and isinstance(token, int)
    return f"{parent}Option{token + 1}"


def _becomes_a_type(schema: dict[str, Any]) -> bool:
    """Whether datamodel-code-generator makes a class (or an enum) of an inline schema."""
    return "properties" in schema or "enum" in schema

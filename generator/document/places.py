"""Where an OpenAPI document holds references, and what kind of object each one stands for.

The walk follows the object model as lint's walk does (``generator.lint.walk``): paths,
webhooks, path items, operations, parameters, request bodies, responses, headers, media
types, callbacks, components, and the keywords of a Schema Object that hold schemas (of
either dialect), plus discriminator mappings.  A reference is reported with the
component section its kind of object is defined in (``schemas``, ``responses``, ...,
``pathItems``); the walk does not follow it.  Beside a ``$ref``, a schema and a path item
are walked on (OpenAPI 3.1 gives their siblings meaning); another object is not.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from . import pointer as jsonpointer
from .openapi import HTTP_METHODS, SUBSCHEMAS_30, SUBSCHEMAS_31

__all__ = ["COMPONENT_KINDS", "PATH_ITEM", "SCHEMA", "Place", "places"]

COMPONENT_KINDS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
)
"""The sections of ``components``, in the order OpenAPI lists them."""
SCHEMA = "schemas"
PATH_ITEM = "pathItems"
DOCUMENT = "document"
# Keyword -> whether it holds a mapping of schemas (else one schema, or a list of them).
_SUBSCHEMAS = {keyword: shape == "map" for keyword, shape, _ in (*SUBSCHEMAS_31, *SUBSCHEMAS_30)}
_WALKED_ON = frozenset({SCHEMA, PATH_ITEM})


class Place(NamedTuple):
    """A reference: ``holder[key]`` is its text (``key`` is ``$ref``, or the entry of a
    discriminator mapping), ``pointer`` where ``holder`` is, ``kind`` its section."""

    holder: dict[str, Any]
    pointer: str
    kind: str
    key: str = "$ref"

    @property
    def at(self) -> str:
        """The pointer of the reference's text."""
        return jsonpointer.join(self.pointer, self.key)


def places(value: Any, kind: str) -> list[Place]:
    """Every reference in ``value``, an object of ``kind`` (a component section, or
    ``"document"`` for a whole OpenAPI document), in document order; pointers are
    relative to ``value``."""
    walk = _Walk()
    if kind == DOCUMENT:
        if isinstance(value, dict):
            walk.document(value)
    else:
        walk.visit(kind, value, "")
    return walk.found


class _Walk:
    def __init__(self) -> None:
        self.found: list[Place] = []

    def visit(self, kind: str, value: Any, pointer: str) -> None:
        if not isinstance(value, dict):
            return
        if isinstance(value.get("$ref"), str):
            self.found.append(Place(value, pointer, kind))
            if kind not in _WALKED_ON:
                return
        inside = {
            SCHEMA: self.schema,
            PATH_ITEM: self.path_item,
            "parameters": self.parameter,
            "headers": self.parameter,
            "requestBodies": self.request_body,
            "responses": self.response,
            "callbacks": self.callback,
        }.get(kind)
        if inside is not None:
            inside(value, pointer)

    def each(self, kind: str, section: Any, pointer: str) -> None:
        """Each value of a mapping (or item of a list) in ``section``, as ``kind``."""
        if isinstance(section, dict):
            for name, value in section.items():
                self.visit(kind, value, jsonpointer.join(pointer, name))
        elif isinstance(section, list):
            for index, value in enumerate(section):
                self.visit(kind, value, f"{pointer}/{index}")

    def document(self, data: dict[str, Any]) -> None:
        self.each(PATH_ITEM, data.get("paths"), "/paths")
        self.each(PATH_ITEM, data.get("webhooks"), "/webhooks")
        components = data.get("components")
        if isinstance(components, dict):
            for kind in COMPONENT_KINDS:
                self.each(kind, components.get(kind), jsonpointer.join("/components", kind))

    def path_item(self, item: dict[str, Any], pointer: str) -> None:
        self.each("parameters", item.get("parameters"), f"{pointer}/parameters")
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                self.operation(operation, f"{pointer}/{method}")

    def operation(self, operation: dict[str, Any], pointer: str) -> None:
        self.each("parameters", operation.get("parameters"), f"{pointer}/parameters")
        self.visit("requestBodies", operation.get("requestBody"), f"{pointer}/requestBody")
        self.each("responses", operation.get("responses"), f"{pointer}/responses")
        self.each("callbacks", operation.get("callbacks"), f"{pointer}/callbacks")

    def callback(self, callback: dict[str, Any], pointer: str) -> None:
        for expression, item in callback.items():
            if not str(expression).startswith("x-"):
                self.visit(PATH_ITEM, item, jsonpointer.join(pointer, expression))

    def parameter(self, parameter: dict[str, Any], pointer: str) -> None:
        """A parameter or a header."""
        self.visit(SCHEMA, parameter.get("schema"), f"{pointer}/schema")
        self.content(parameter.get("content"), f"{pointer}/content")
        self.each("examples", parameter.get("examples"), f"{pointer}/examples")

    def request_body(self, body: dict[str, Any], pointer: str) -> None:
        self.content(body.get("content"), f"{pointer}/content")

    def response(self, response: dict[str, Any], pointer: str) -> None:
        self.each("headers", response.get("headers"), f"{pointer}/headers")
        self.content(response.get("content"), f"{pointer}/content")
        self.each("links", response.get("links"), f"{pointer}/links")

    def content(self, content: Any, pointer: str) -> None:
        if not isinstance(content, dict):
            return
        for media_type, media in content.items():
            if not isinstance(media, dict):
                continue
            where = jsonpointer.join(pointer, media_type)
            self.visit(SCHEMA, media.get("schema"), f"{where}/schema")
            self.each("examples", media.get("examples"), f"{where}/examples")
            encoding = media.get("encoding")
            for name, entry in encoding.items() if isinstance(encoding, dict) else ():
                if isinstance(entry, dict):
                    headers = jsonpointer.join(f"{where}/encoding", name, "headers")
                    self.each("headers", entry.get("headers"), headers)

    def schema(self, schema: dict[str, Any], pointer: str) -> None:
        for keyword, is_map in _SUBSCHEMAS.items():
            if keyword in schema:
                value = schema[keyword]
                where = f"{pointer}/{keyword}"
                if is_map or isinstance(value, list):
                    self.each(SCHEMA, value, where)
                else:
                    self.visit(SCHEMA, value, where)
        discriminator = schema.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if isinstance(mapping, dict):
            where = f"{pointer}/discriminator/mapping"
            for key, target in mapping.items():
                if isinstance(target, str):
                    self.found.append(Place(mapping, where, SCHEMA, key))

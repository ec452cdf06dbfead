"""The one walk over the document, dispatching each node it visits to the checks on it.

The walk follows the OpenAPI object model: paths, path items, operations, parameters,
request bodies, responses, headers, media types, callbacks, webhooks, components, and
inside every Schema Object the keywords that hold schemas (``SUBSCHEMAS_30`` and
``SUBSCHEMAS_31``).  Each object is visited where it is defined; an object holding
``$ref`` is recorded in the index, not followed (the definition it names is visited
where it is).  Each node goes to the checks registered ``on`` its kind, in registry
order, as it is met (a schema before the schemas inside it); what the whole-document
checks need is collected into the ``Index`` they read afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeGuard

from ..document import pointer as jsonpointer
from ..document.openapi import HTTP_METHODS, SUBSCHEMAS_30, SUBSCHEMAS_31
from .index import Index, Node, Operation, PathUse, Schema, SchemaRoot, Value
from .registry import (
    MEDIA_TYPE,
    OPERATION,
    PARAMETER,
    PATH,
    REFERENCE,
    RESPONSE,
    SCHEMA,
    SECURITY,
    SERVER,
    On,
    Report,
)

__all__ = ["Checks", "walk"]

Checks = Mapping[On, Sequence[tuple[Callable[[Report, Any], None], Report]]]

_BOOLEAN_ALLOWED = frozenset(("additionalProperties", "additionalItems"))
_NO_NAMES: frozenset[str] = frozenset()


def walk(index: Index, checks: Checks) -> None:
    """Walk ``index.data`` once, running ``checks`` on each node and filling ``index``."""
    _Walker(index, checks).document()


def _is_ref(value: Any) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict) and "$ref" in value


class _Walker:
    def __init__(self, index: Index, checks: Checks) -> None:
        self.index = index
        self.checks = checks
        self.subschemas = SUBSCHEMAS_30 if index.v30 else SUBSCHEMAS_31
        self.root = SchemaRoot("", None)
        self.schema_checks = checks.get(SCHEMA, ())

    def visit(self, kind: On, node: Any) -> None:
        for check, report in self.checks.get(kind, ()):
            check(report, node)

    def node(self, kind: On, value: Any, pointer: str) -> None:
        if kind in self.checks:
            self.visit(kind, Node(value, pointer, self.index))

    def ref(self, obj: dict[str, Any], pointer: str) -> None:
        ref = obj["$ref"]
        if isinstance(ref, str):
            self.index.refs.append((pointer, ref))
        self.node(REFERENCE, obj, pointer)

    def defined(
        self, value: Any, pointer: str, visit: Callable[[dict[str, Any], str], None] | None
    ) -> None:
        """A reference object is recorded; an object defined here is visited (if there
        is anything in it to walk)."""
        if _is_ref(value):
            self.ref(value, pointer)
        elif isinstance(value, dict) and visit is not None:
            visit(value, pointer)

    # ------------------------------------------------------------- the document

    def document(self) -> None:
        data = self.index.data
        self.servers(data.get("servers"), "/servers")
        paths = data.get("paths")
        if isinstance(paths, dict):
            for template, item in paths.items():
                self.path(template, item, jsonpointer.join("/paths", template))
        webhooks = data.get("webhooks")
        if isinstance(webhooks, dict):
            for name, item in webhooks.items():
                self.defined(item, jsonpointer.join("/webhooks", name), self.path_item)
        self.components()
        self.security(data.get("security"), "/security")

    def path(self, template: str, item: Any, pointer: str) -> None:
        self.node(PATH, template, pointer)
        if not isinstance(item, dict):
            return
        if "$ref" in item:
            self.ref(item, pointer)
            target, target_pointer = self.index.deref(item, pointer)
            if isinstance(target, dict):
                self.index.path_uses.append(PathUse(template, pointer, target_pointer, target))
            return
        self.path_item(item, pointer)
        self.index.path_uses.append(PathUse(template, pointer, pointer, item))

    def path_item(self, item: dict[str, Any], pointer: str) -> None:
        self.servers(item.get("servers"), f"{pointer}/servers")
        self.parameters(item.get("parameters"), f"{pointer}/parameters")
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                self.operation(operation, f"{pointer}/{method}", method)

    def operation(self, op: dict[str, Any], pointer: str, method: str) -> None:
        record = Operation(pointer, method, op)
        self.index.operations[pointer] = record
        self.visit(OPERATION, record)
        self.parameters(op.get("parameters"), f"{pointer}/parameters")
        self.defined(op.get("requestBody"), f"{pointer}/requestBody", self.request_body)
        responses = op.get("responses")
        if isinstance(responses, dict):
            for status, response in responses.items():
                self.defined(
                    response, jsonpointer.join(f"{pointer}/responses", status), self.response
                )
        callbacks = op.get("callbacks")
        if isinstance(callbacks, dict):
            for name, callback in callbacks.items():
                self.defined(
                    callback, jsonpointer.join(f"{pointer}/callbacks", name), self.callback
                )
        self.security(op.get("security"), f"{pointer}/security")
        self.servers(op.get("servers"), f"{pointer}/servers")

    def callback(self, callback: dict[str, Any], pointer: str) -> None:
        for expression, item in callback.items():
            if not str(expression).startswith("x-"):
                self.defined(item, jsonpointer.join(pointer, expression), self.path_item)

    def parameters(self, parameters: Any, pointer: str) -> None:
        if isinstance(parameters, list):
            for index, parameter in enumerate(parameters):
                self.defined(parameter, f"{pointer}/{index}", self.parameter)

    def header(self, header: dict[str, Any], pointer: str) -> None:
        self.parameter(header, pointer, mode="read")

    def parameter(self, parameter: dict[str, Any], pointer: str, mode: str = "write") -> None:
        self.node(PARAMETER, parameter, pointer)
        if "schema" in parameter:
            self.schema_root(parameter["schema"], f"{pointer}/schema", "parameter")
        if isinstance(parameter.get("content"), dict):
            self.content(parameter["content"], f"{pointer}/content", mode)
        schema_pointer = f"{pointer}/schema" if "schema" in parameter else None
        self.examples(parameter, pointer, schema_pointer, mode)

    def request_body(self, body: dict[str, Any], pointer: str) -> None:
        if isinstance(body.get("content"), dict):
            self.content(body["content"], f"{pointer}/content", "write")

    def response(self, response: dict[str, Any], pointer: str) -> None:
        self.node(RESPONSE, response, pointer)
        headers = response.get("headers")
        if isinstance(headers, dict):
            for name, header in headers.items():
                self.defined(header, jsonpointer.join(f"{pointer}/headers", name), self.header)
        if isinstance(response.get("content"), dict):
            self.content(response["content"], f"{pointer}/content", "read")
        links = response.get("links")
        if isinstance(links, dict):
            for name, link in links.items():
                self.defined(link, jsonpointer.join(f"{pointer}/links", name), None)

    def content(self, content: dict[str, Any], pointer: str, mode: str) -> None:
        for media_type, media in content.items():
            if isinstance(media, dict):
                self.media_type(media, jsonpointer.join(pointer, media_type), mode)

    def media_type(self, media: dict[str, Any], pointer: str, mode: str) -> None:
        self.node(MEDIA_TYPE, media, pointer)
        schema_pointer = None
        if "schema" in media:
            schema_pointer = f"{pointer}/schema"
            relation = "request" if mode == "write" else "response"
            self.schema_root(media["schema"], schema_pointer, relation)
        self.examples(media, pointer, schema_pointer, mode)
        encoding = media.get("encoding")
        if isinstance(encoding, dict):
            for name, entry in encoding.items():
                if isinstance(entry, dict) and isinstance(entry.get("headers"), dict):
                    where = jsonpointer.join(f"{pointer}/encoding", name, "headers")
                    for header_name, header in entry["headers"].items():
                        self.defined(header, jsonpointer.join(where, header_name), self.header)

    def examples(
        self, holder: dict[str, Any], pointer: str, schema_pointer: str | None, mode: str
    ) -> None:
        """Index ``example`` and each of ``examples`` for checking against the schema."""
        values = self.index.values
        if schema_pointer is not None and "example" in holder:
            values.append(
                Value(
                    "example", schema_pointer, holder["example"], f"{pointer}/example", mode, holder
                )
            )
        examples = holder.get("examples")
        if not isinstance(examples, dict):
            return
        for name, example in examples.items():
            where = jsonpointer.join(f"{pointer}/examples", name)
            if _is_ref(example):
                self.ref(example, where)
                example, where = self.index.deref(example, where)
            if schema_pointer is not None and isinstance(example, dict) and "value" in example:
                values.append(
                    Value(
                        "example", schema_pointer, example["value"], f"{where}/value", mode, holder
                    )
                )

    def components(self) -> None:
        section = self.index.components.get("schemas")
        if isinstance(section, dict):
            for name, schema in section.items():
                where = jsonpointer.join("/components/schemas", name)
                self.schema_root(schema, where, "component")
        for kind, visit in (
            ("responses", self.response),
            ("parameters", self.parameter),
            ("requestBodies", self.request_body),
            ("headers", self.header),
            ("examples", None),
            ("links", None),
            ("securitySchemes", None),
            ("callbacks", self.callback),
            ("pathItems", self.path_item),
        ):
            section = self.index.components.get(kind)
            if isinstance(section, dict):
                for name, value in section.items():
                    self.defined(value, jsonpointer.join("/components", kind, name), visit)

    def servers(self, servers: Any, pointer: str) -> None:
        if isinstance(servers, list):
            for index, server in enumerate(servers):
                if isinstance(server, dict) and isinstance(server.get("url"), str):
                    self.node(SERVER, server, f"{pointer}/{index}")

    def security(self, requirements: Any, pointer: str) -> None:
        if isinstance(requirements, list):
            self.node(SECURITY, requirements, pointer)

    # ------------------------------------------------------------------ schemas

    def schema_root(self, schema: Any, pointer: str, relation: str) -> None:
        self.root = SchemaRoot(pointer, schema)
        self.index.schema_roots.append(self.root)
        self.schema(schema, pointer, relation, _NO_NAMES)

    def schema(
        self, schema: Any, pointer: str, relation: str, context_names: frozenset[str]
    ) -> None:
        self.root.nodes.append(schema)
        if not isinstance(schema, dict):
            return
        if "$ref" in schema:
            self.ref(schema, pointer)
            if self.index.v30:
                return  # nothing beside $ref counts in 3.0, so the walk stops here
        self.schema_values(schema, pointer)
        if self.schema_checks:
            kind = schema.get("type")
            listed = kind if isinstance(kind, list) else [kind]
            types = frozenset(t for t in listed if isinstance(t, str))
            node = Schema(schema, pointer, relation, context_names, types, self.index)
            for check, report in self.schema_checks:
                check(report, node)
        self.subschemas_of(schema, pointer, context_names)
        discriminator = schema.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(discriminator.get("mapping"), dict):
            where = f"{pointer}/discriminator/mapping"
            for key, target in discriminator["mapping"].items():
                if isinstance(target, str):
                    self.index.mapping_refs.append((jsonpointer.join(where, key), target))

    def subschemas_of(
        self, schema: dict[str, Any], pointer: str, context_names: frozenset[str]
    ) -> None:
        # The members of allOf, anyOf and oneOf see the properties of the schema holding
        # them, and of its own context.
        names_here = (
            context_names | self.index.property_names(schema)
            if any(isinstance(schema.get(k), list) for k in ("allOf", "anyOf", "oneOf"))
            else _NO_NAMES
        )
        for keyword, shape, relation in self.subschemas:
            if keyword not in schema:
                continue
            value = schema[keyword]
            if isinstance(value, bool) and keyword in _BOOLEAN_ALLOWED:
                continue  # additionalProperties: false and the like, valid in both dialects
            base = f"{pointer}/{keyword}"
            if shape == "map":
                if isinstance(value, dict):
                    for name, sub in value.items():
                        self.schema(sub, jsonpointer.join(base, name), relation, _NO_NAMES)
            elif shape == "one" or (shape == "one-or-list" and not isinstance(value, list)):
                self.schema(value, base, relation, _NO_NAMES)
            elif isinstance(value, list):
                inner = names_here if relation in ("allOf", "union") else _NO_NAMES
                for index, sub in enumerate(value):
                    self.schema(sub, f"{base}/{index}", relation, inner)

    def schema_values(self, schema: dict[str, Any], pointer: str) -> None:
        """Index the schema's own default and examples for checking against it."""
        values = self.index.values
        if "default" in schema:
            values.append(
                Value("default", pointer, schema["default"], f"{pointer}/default", "plain", schema)
            )
        if "example" in schema:
            values.append(
                Value("example", pointer, schema["example"], f"{pointer}/example", "plain", schema)
            )
        examples = schema.get("examples")
        if not self.index.v30 and isinstance(examples, list):
            for index, value in enumerate(examples):
                values.append(
                    Value("example", pointer, value, f"{pointer}/examples/{index}", "plain", schema)
                )

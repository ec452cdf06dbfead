"""The lint rules: the one walk that checks them all, and the checks after it.

The document is walked once, following the OpenAPI object model: every Schema,
Parameter, Media Type, Response, ... is visited at its definition, each ``$ref`` is
recorded (not followed) in a reference index, and what needs the whole document
(operationId uniqueness, unused components, ambiguous paths, ...) is checked from the
records afterwards.  openapi-spec-validator's two checks run beside it: its document
schema (once, as the library does) and its Schema Object meta-schema check, which runs
the real check only on the schemas a quick conservative pre-check can't clear (see
``MetaCheck``); the library's remaining checks (duplicate operationIds and parameters,
path parameters, defaults, ``required`` under ``allOf``) are the dedicated rules here,
each a superset of the library's.

The rule registry is ``generator.lint_registry``, the two cycle rules are
``generator.lint_cycles``.  Findings come out as ``Hit`` (rule, JSON pointer, message);
``generator.lint`` turns them into located ``Finding``\\ s and applies the configuration.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import unquote

from jsonschema.exceptions import ValidationError, best_match
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from .document.openapi import HTTP_METHODS
from .document.pointer import escape as escape_pointer_token
from .document.pointer import resolve as resolve_pointer
from .lint_cycles import Recursion, ref_cycles
from .lint_meta import (
    MetaCheck,
    is_int,
    is_number,
    openapi_schema_validator,
)
from .lint_registry import LINT_RULES, SEVERITIES, Hit, Rule
from .names import snake_case

__all__ = ["LINT_RULES", "SEVERITIES", "Hit", "Rule", "check_document"]

# ----------------------------------------------------------------- small helpers

_PARAMETER_TYPES = ("string", "integer", "number", "boolean")
_COMPONENT_SCHEMA = "#/components/schemas/"
_TEMPLATE = re.compile(r"\{([^{}]*)\}")
_SUCCESS = re.compile(r"^2(\d\d|XX)$")
# RFC 3986's unreserved and reserved characters: what Spectral's
# operation-operationId-valid-in-url accepts (so '!' and '/' are fine, '%' and ' ' not).
_URL_SAFE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]*")
_REF_INDEX_KINDS = (
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "examples",
    "links",
    "callbacks",
    "pathItems",
)
_LINT_URN = "urn:clientgen-lint:document"


def _esc(token: object) -> str:
    return escape_pointer_token(str(token))


def _pointer(parts: Iterable[object]) -> str:
    return "".join(f"/{_esc(part)}" for part in parts)


def _canonical(value: Any) -> Any:
    """A hashable key under which JSON-equal values (1 and 1.0, key order) are equal."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return (type(value).__name__, value)
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return ("number", int(value))
        return ("number", value)
    if isinstance(value, list):
        return ("array", tuple(_canonical(item) for item in value))
    if isinstance(value, dict):
        return ("object", tuple(sorted((str(k), _canonical(v)) for k, v in value.items())))
    return ("other", repr(value))


def _matches_type(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return is_int(value) or (isinstance(value, float) and value.is_integer())
    if kind == "number":
        return is_number(value)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shorten_message(error: ValidationError) -> str:
    """The error's message with a long repr of the offending value cut down."""
    message = error.message
    try:
        shown = repr(error.instance)
    except Exception:  # noqa: BLE001 - a repr that fails is just not shortened
        return message
    if len(shown) > 80 and message.startswith(shown):
        message = _short(shown) + message[len(shown) :]
    return message


def _template_names(template: str) -> list[str]:
    return _TEMPLATE.findall(template)


def _is_ref(value: Any) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict) and "$ref" in value


# How the walk reaches nested schemas: keyword -> (shape, relation to the parent).
_SUBSCHEMAS_31 = (
    ("properties", "map", "property"),
    ("patternProperties", "map", "additionalProperties"),
    ("additionalProperties", "one", "additionalProperties"),
    ("items", "one", "items"),
    ("prefixItems", "list", "items"),
    ("allOf", "list", "allOf"),
    ("anyOf", "list", "union"),
    ("oneOf", "list", "union"),
    ("not", "one", "other"),
    ("if", "one", "other"),
    ("then", "one", "other"),
    ("else", "one", "other"),
    ("contains", "one", "other"),
    ("propertyNames", "one", "other"),
    ("unevaluatedItems", "one", "other"),
    ("unevaluatedProperties", "one", "other"),
    ("dependentSchemas", "map", "other"),
    ("contentSchema", "one", "other"),
    ("$defs", "map", "definition"),
    ("definitions", "map", "definition"),
)
_SUBSCHEMAS_30 = (
    ("properties", "map", "property"),
    ("patternProperties", "map", "additionalProperties"),
    ("additionalProperties", "one", "additionalProperties"),
    ("items", "one-or-list", "items"),
    ("additionalItems", "one", "items"),
    ("allOf", "list", "allOf"),
    ("anyOf", "list", "union"),
    ("oneOf", "list", "union"),
    ("not", "one", "other"),
    ("definitions", "map", "definition"),
)
_BOOLEAN_ALLOWED = frozenset(("additionalProperties", "additionalItems"))
_NAMED_RELATIONS = frozenset(("property", "items", "additionalProperties", "union"))


# ------------------------------------------------------------------------ walk


@dataclass
class _Operation:
    pointer: str
    method: str
    data: dict[str, Any]


@dataclass
class _PathUse:
    """A path template and the path item it stands for (maybe reached through a $ref)."""

    template: str
    key_pointer: str  # /paths/<template>
    item_pointer: str  # where the path item is defined
    item: dict[str, Any]


class _Walker:
    def __init__(self, document: dict[str, Any], dialect: str, enabled: frozenset[str]) -> None:
        self.doc = document
        self.dialect = dialect
        self.v30 = dialect == "3.0"
        self.enabled = enabled
        self.hits: list[Hit] = []
        self.refs: list[tuple[str, str]] = []  # (pointer of the object holding $ref, value)
        self.mapping_refs: list[tuple[str, str]] = []  # discriminator mappings
        self.operations: dict[str, _Operation] = {}
        self.path_uses: list[_PathUse] = []
        self.values: list[tuple[str, str, Any, str, str]] = []
        self.meta = MetaCheck(dialect)
        self.meta_enabled = "structure" in enabled
        self.meta_roots: dict[str, Any] = {}
        self.root_pointer = ""
        self.root_value: Any = None
        self.subschemas = _SUBSCHEMAS_30 if self.v30 else _SUBSCHEMAS_31
        self.subschema_keys = frozenset(keyword for keyword, _, _ in self.subschemas)
        self._names_cache: dict[int, frozenset[str]] = {}
        components = document.get("components")
        self.components: dict[str, Any] = components if isinstance(components, dict) else {}

    def hit(self, rule: str, pointer: str, message: str) -> None:
        if rule in self.enabled:
            self.hits.append(Hit(rule, pointer, message))

    def on(self, rule: str) -> bool:
        return rule in self.enabled

    # --------------------------------------------------------------- references

    def record_ref(self, obj: dict[str, Any], pointer: str) -> None:
        ref = obj["$ref"]
        if isinstance(ref, str):
            self.refs.append((pointer, ref))
        if self.v30 and self.on("ref-siblings"):
            siblings = [key for key in obj if key != "$ref" and not key.startswith("x-")]
            if siblings:
                self.hit(
                    "ref-siblings",
                    pointer,
                    f"{', '.join(repr(k) for k in siblings)} beside $ref "
                    f"{'is' if len(siblings) == 1 else 'are'} ignored in OpenAPI 3.0",
                )

    def resolve(self, ref: str) -> Any:
        if not ref.startswith("#"):
            return None
        found = resolve_pointer(self.doc, ref[1:])
        if found is None and "%" in ref:
            found = resolve_pointer(self.doc, unquote(ref[1:]))
        return found

    def deref(self, obj: Any, pointer: str) -> tuple[Any, str]:
        """Follow a chain of $refs to the object and its pointer; (None, ...) if broken."""
        seen: set[str] = set()
        while isinstance(obj, dict) and isinstance(obj.get("$ref"), str):
            ref = obj["$ref"]
            if ref in seen or not ref.startswith("#"):
                return None, pointer
            seen.add(ref)
            obj = self.resolve(ref)
            pointer = unquote(ref[1:]) if "%" in ref else ref[1:]
        return obj, pointer

    # ------------------------------------------------------------- the document

    def walk(self) -> None:
        doc = self.doc
        self.servers(doc.get("servers"), "/servers")
        paths = doc.get("paths")
        if isinstance(paths, dict):
            for template, item in paths.items():
                pointer = f"/paths/{_esc(template)}"
                self.path_hygiene(template, pointer)
                if not isinstance(item, dict):
                    continue
                if "$ref" in item:
                    self.record_ref(item, pointer)
                    target, target_pointer = self.deref(item, pointer)
                    if isinstance(target, dict):
                        self.path_uses.append(_PathUse(template, pointer, target_pointer, target))
                    continue
                self.path_item(item, pointer)
                self.path_uses.append(_PathUse(template, pointer, pointer, item))
        webhooks = doc.get("webhooks")
        if isinstance(webhooks, dict):
            for name, item in webhooks.items():
                self.path_item_or_ref(item, f"/webhooks/{_esc(name)}")
        self.walk_components()
        self.security(doc.get("security"), "/security")

    def path_item_or_ref(self, item: Any, pointer: str) -> None:
        if _is_ref(item):
            self.record_ref(item, pointer)
        elif isinstance(item, dict):
            self.path_item(item, pointer)

    def path_item(self, item: dict[str, Any], pointer: str) -> None:
        self.servers(item.get("servers"), f"{pointer}/servers")
        self.parameters(item.get("parameters"), f"{pointer}/parameters")
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                self.operation(operation, f"{pointer}/{method}", method)

    def operation(self, op: dict[str, Any], pointer: str, method: str) -> None:
        self.operations[pointer] = _Operation(pointer, method, op)
        self.parameters(op.get("parameters"), f"{pointer}/parameters")
        body = op.get("requestBody")
        if _is_ref(body):
            self.record_ref(body, f"{pointer}/requestBody")
        elif isinstance(body, dict):
            self.request_body(body, f"{pointer}/requestBody")
        responses = op.get("responses")
        if isinstance(responses, dict):
            for status, response in responses.items():
                self.response_or_ref(response, f"{pointer}/responses/{_esc(status)}")
        callbacks = op.get("callbacks")
        if isinstance(callbacks, dict):
            for name, callback in callbacks.items():
                self.callback(callback, f"{pointer}/callbacks/{_esc(name)}")
        self.security(op.get("security"), f"{pointer}/security")
        self.servers(op.get("servers"), f"{pointer}/servers")

    def callback(self, callback: Any, pointer: str) -> None:
        if _is_ref(callback):
            self.record_ref(callback, pointer)
        elif isinstance(callback, dict):
            for expression, item in callback.items():
                if not str(expression).startswith("x-"):
                    self.path_item_or_ref(item, f"{pointer}/{_esc(expression)}")

    def parameters(self, parameters: Any, pointer: str) -> None:
        if not isinstance(parameters, list):
            return
        for index, parameter in enumerate(parameters):
            self.parameter_or_ref(parameter, f"{pointer}/{index}")

    def parameter_or_ref(self, parameter: Any, pointer: str) -> None:
        if _is_ref(parameter):
            self.record_ref(parameter, pointer)
        elif isinstance(parameter, dict):
            self.parameter(parameter, pointer)

    def parameter(self, parameter: dict[str, Any], pointer: str, mode: str = "write") -> None:
        if "schema" in parameter:
            self.schema_root(parameter["schema"], f"{pointer}/schema", "parameter")
        if isinstance(parameter.get("content"), dict):
            self.content(parameter["content"], f"{pointer}/content", mode)
        schema_pointer = f"{pointer}/schema" if "schema" in parameter else None
        self.examples_of(parameter, pointer, schema_pointer, mode)

    def header_or_ref(self, header: Any, pointer: str) -> None:
        if _is_ref(header):
            self.record_ref(header, pointer)
        elif isinstance(header, dict):
            self.parameter(header, pointer, mode="read")

    def request_body(self, body: dict[str, Any], pointer: str) -> None:
        if isinstance(body.get("content"), dict):
            self.content(body["content"], f"{pointer}/content", "write")

    def response_or_ref(self, response: Any, pointer: str) -> None:
        if _is_ref(response):
            self.record_ref(response, pointer)
        elif isinstance(response, dict):
            self.response(response, pointer)

    def response(self, response: dict[str, Any], pointer: str) -> None:
        headers = response.get("headers")
        if isinstance(headers, dict):
            for name, header in headers.items():
                self.header_or_ref(header, f"{pointer}/headers/{_esc(name)}")
        if isinstance(response.get("content"), dict):
            self.content(response["content"], f"{pointer}/content", "read")
        links = response.get("links")
        if isinstance(links, dict):
            for name, link in links.items():
                if _is_ref(link):
                    self.record_ref(link, f"{pointer}/links/{_esc(name)}")

    def content(self, content: dict[str, Any], pointer: str, mode: str) -> None:
        for media_type, media in content.items():
            if not isinstance(media, dict):
                continue
            media_pointer = f"{pointer}/{_esc(media_type)}"
            schema_pointer = None
            if "schema" in media:
                schema_pointer = f"{media_pointer}/schema"
                relation = "request" if mode == "write" else "response"
                self.schema_root(media["schema"], schema_pointer, relation)
            self.examples_of(media, media_pointer, schema_pointer, mode)
            encoding = media.get("encoding")
            if isinstance(encoding, dict):
                for name, entry in encoding.items():
                    if isinstance(entry, dict) and isinstance(entry.get("headers"), dict):
                        for header_name, header in entry["headers"].items():
                            self.header_or_ref(
                                header,
                                f"{media_pointer}/encoding/{_esc(name)}/headers/"
                                f"{_esc(header_name)}",
                            )

    def examples_of(
        self, holder: dict[str, Any], pointer: str, schema_pointer: str | None, mode: str
    ) -> None:
        """Queue ``example`` and each of ``examples`` for checking against the schema."""
        check = schema_pointer is not None and self.on("invalid-example")
        if check and "example" in holder:
            self.values.append(
                (
                    "invalid-example",
                    schema_pointer or "",
                    holder["example"],
                    f"{pointer}/example",
                    mode,
                )
            )
        examples = holder.get("examples")
        if not isinstance(examples, dict):
            return
        for name, example in examples.items():
            example_pointer = f"{pointer}/examples/{_esc(name)}"
            if _is_ref(example):
                self.record_ref(example, example_pointer)
                example, example_pointer = self.deref(example, example_pointer)
            if check and isinstance(example, dict) and "value" in example:
                self.values.append(
                    (
                        "invalid-example",
                        schema_pointer or "",
                        example["value"],
                        f"{example_pointer}/value",
                        mode,
                    )
                )

    def walk_components(self) -> None:
        components = self.components
        for kind, walker in (
            ("schemas", self.component_schema),
            ("responses", self.response_or_ref),
            ("parameters", self.parameter_or_ref),
            ("requestBodies", self.request_body_or_ref),
            ("headers", self.header_or_ref),
            ("examples", self.ref_only),
            ("links", self.ref_only),
            ("securitySchemes", self.ref_only),
            ("callbacks", self.callback),
            ("pathItems", self.path_item_or_ref),
        ):
            section = components.get(kind)
            if isinstance(section, dict):
                for name, value in section.items():
                    walker(value, f"/components/{kind}/{_esc(name)}")

    def component_schema(self, schema: Any, pointer: str) -> None:
        self.schema_root(schema, pointer, "component")

    def request_body_or_ref(self, body: Any, pointer: str) -> None:
        if _is_ref(body):
            self.record_ref(body, pointer)
        elif isinstance(body, dict):
            self.request_body(body, pointer)

    def ref_only(self, value: Any, pointer: str) -> None:
        if _is_ref(value):
            self.record_ref(value, pointer)

    # ------------------------------------------------------------------ schemas

    def schema_root(self, schema: Any, pointer: str, relation: str) -> None:
        self.root_pointer, self.root_value = pointer, schema
        self.schema(schema, pointer, relation, frozenset())

    def schema(
        self, schema: Any, pointer: str, relation: str, context_names: frozenset[str]
    ) -> None:
        if (
            self.meta_enabled
            and self.root_pointer not in self.meta_roots
            and not self.meta.node_ok(schema)
        ):
            self.meta_roots[self.root_pointer] = self.root_value
        if not isinstance(schema, dict):
            return
        if "$ref" in schema:
            self.record_ref(schema, pointer)
            if self.v30:
                # Nothing beside $ref counts in 3.0, so the walk stops here; the
                # meta-schema still reads the siblings, so leave them to the real check.
                if self.meta_enabled and any(k in self.subschema_keys for k in schema):
                    self.meta_roots.setdefault(self.root_pointer, self.root_value)
                return
        self.schema_checks(schema, pointer, relation, context_names)
        names_here: frozenset[str] | None = None
        for keyword, shape, child_relation in self.subschemas:
            if keyword not in schema:
                continue
            value = schema[keyword]
            if isinstance(value, bool) and keyword in _BOOLEAN_ALLOWED:
                continue  # additionalProperties: false and the like, valid in both dialects
            base = f"{pointer}/{keyword}"
            if shape == "map":
                if isinstance(value, dict):
                    for name, sub in value.items():
                        self.schema(sub, f"{base}/{_esc(name)}", child_relation, frozenset())
            elif shape == "one" or (shape == "one-or-list" and not isinstance(value, list)):
                self.schema(value, base, child_relation, frozenset())
            elif isinstance(value, list):
                if child_relation in ("allOf", "union"):
                    if names_here is None:
                        names_here = context_names | self.property_names(schema)
                    inner = names_here
                else:
                    inner = frozenset()
                for index, sub in enumerate(value):
                    self.schema(sub, f"{base}/{index}", child_relation, inner)
        discriminator = schema.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(discriminator.get("mapping"), dict):
            for key, target in discriminator["mapping"].items():
                if isinstance(target, str):
                    self.mapping_refs.append(
                        (f"{pointer}/discriminator/mapping/{_esc(key)}", target)
                    )

    def schema_checks(
        self, schema: dict[str, Any], pointer: str, relation: str, context_names: frozenset[str]
    ) -> None:
        kind = schema.get("type")
        listed = kind if isinstance(kind, list) else [kind]
        types = {t for t in listed if isinstance(t, str)}
        # array-items
        if (
            "array" in types
            and "items" not in schema
            and "prefixItems" not in schema
            and self.on("array-items")
        ):
            self.hit("array-items", pointer, "an array schema without 'items'")
        # enums
        enum = schema.get("enum")
        if isinstance(enum, list):
            self.enum_checks(schema, enum, types, pointer)
        # required names
        properties = schema.get("properties")
        required = schema.get("required")
        if isinstance(required, list) and self.on("required-properties"):
            self.required_checks(schema, required, pointer, context_names)
        if isinstance(properties, dict):
            if isinstance(required, list) and self.on("nullable-required"):
                for name in dict.fromkeys(r for r in required if isinstance(r, str)):
                    if name in properties and self.allows_null(properties[name]):
                        self.hit(
                            "nullable-required",
                            f"{pointer}/properties/{_esc(name)}",
                            f"property {name!r} is required but its schema allows null: "
                            "it must always be sent, possibly as null",
                        )
            if self.on("property-name-collision"):
                self.collision_checks(properties, pointer)
            if properties and relation in _NAMED_RELATIONS and self.on("inline-object"):
                where = {
                    "property": "a property",
                    "items": "array items",
                    "additionalProperties": "additionalProperties",
                    "union": "an anyOf/oneOf member",
                }[relation]
                self.hit(
                    "inline-object",
                    pointer,
                    f"an object schema with properties inline in {where} gets a generated, "
                    "order-dependent model name; move it to #/components/schemas",
                )
        # nullable
        if "nullable" in schema:
            if not self.v30:
                self.hit(
                    "nullable-3-1",
                    f"{pointer}/nullable",
                    "'nullable' is not an OpenAPI 3.1 keyword and is ignored; "
                    "add 'null' to 'type' instead",
                )
            elif schema["nullable"] is True and "type" not in schema:
                self.hit(
                    "nullable-without-type",
                    f"{pointer}/nullable",
                    "nullable: true without a 'type' beside it has no effect under OpenAPI "
                    "3.0.3 (tools disagree on whether null is allowed); add the type",
                )
        # uuid with a pattern
        if schema.get("format") == "uuid" and "pattern" in schema:
            self.hit(
                "uuid-pattern",
                f"{pointer}/pattern",
                "pydantic's UUID can't check this pattern, so the client types this "
                "format: uuid value as a str checked against it, not as a UUID",
            )
        # defaults and examples
        if "default" in schema and self.on("invalid-default"):
            default = schema["default"]
            if not (default is None and schema.get("nullable") is True):
                self.values.append(
                    ("invalid-default", pointer, default, f"{pointer}/default", "plain")
                )
        if self.on("invalid-example"):
            if "example" in schema:
                self.values.append(
                    ("invalid-example", pointer, schema["example"], f"{pointer}/example", "plain")
                )
            examples = schema.get("examples")
            if not self.v30 and isinstance(examples, list):
                for index, value in enumerate(examples):
                    self.values.append(
                        ("invalid-example", pointer, value, f"{pointer}/examples/{index}", "plain")
                    )

    def enum_checks(
        self, schema: dict[str, Any], enum: list[Any], types: set[str], pointer: str
    ) -> None:
        if types and self.on("enum-type"):
            allowed = set(types)
            if self.v30 and schema.get("nullable") is True:
                allowed.add("null")
            for index, value in enumerate(enum):
                if not any(_matches_type(value, t) for t in allowed):
                    self.hit(
                        "enum-type",
                        f"{pointer}/enum/{index}",
                        f"enum value {_short(repr(value))} is not of the schema's type "
                        f"{' or '.join(sorted(allowed))}",
                    )
        if self.on("enum-duplicate"):
            seen: dict[Any, int] = {}
            for index, value in enumerate(enum):
                key = _canonical(value)
                if key in seen:
                    self.hit(
                        "enum-duplicate",
                        f"{pointer}/enum/{index}",
                        f"enum value {_short(repr(value))} repeats enum item {seen[key]}",
                    )
                else:
                    seen[key] = index

    def required_checks(
        self,
        schema: dict[str, Any],
        required: list[Any],
        pointer: str,
        context_names: frozenset[str],
    ) -> None:
        if "properties" not in schema and "allOf" not in schema:
            return  # a bare constraint such as oneOf: [{required: [a]}, {required: [b]}]
        defined = context_names | self.property_names(schema)
        patterns = schema.get("patternProperties")
        for index, name in enumerate(required):
            if not isinstance(name, str) or name in defined:
                continue
            if isinstance(patterns, dict) and any(
                self.meta.regex_ok(p) and re.search(p, name) for p in patterns
            ):
                continue
            self.hit(
                "required-properties",
                f"{pointer}/required/{index}",
                f"required property {name!r} is not defined in 'properties'",
            )

    def property_names(self, schema: Any, depth: int = 0) -> frozenset[str]:
        """Property names a schema defines, through $refs and allOf/anyOf/oneOf."""
        schema, _ = self.deref(schema, "")
        if not isinstance(schema, dict) or depth > 32:
            return frozenset()
        key = id(schema)
        cached = self._names_cache.get(key)
        if cached is not None:
            return cached
        self._names_cache[key] = frozenset()  # cycles end here
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
        self._names_cache[key] = result
        return result

    def allows_null(self, schema: Any, depth: int = 0) -> bool:
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
        for keyword in ("anyOf", "oneOf"):
            members = schema.get(keyword)
            if isinstance(members, list) and any(self.allows_null(m, depth + 1) for m in members):
                return True
        return False

    def collision_checks(self, properties: dict[str, Any], pointer: str) -> None:
        seen: dict[str, str] = {}
        for name in properties:
            field = snake_case(str(name))
            if field in seen:
                self.hit(
                    "property-name-collision",
                    f"{pointer}/properties/{_esc(name)}",
                    f"properties {seen[field]!r} and {name!r} both become the field {field!r}",
                )
            else:
                seen[field] = str(name)

    # ------------------------------------------------------ servers and security

    def servers(self, servers: Any, pointer: str) -> None:
        if not isinstance(servers, list):
            return
        for index, server in enumerate(servers):
            if not isinstance(server, dict) or not isinstance(server.get("url"), str):
                continue
            here = f"{pointer}/{index}"
            url = server["url"]
            # "/" alone is OpenAPI's own default server, meaning the document's origin.
            if len(url) > 1 and url.endswith("/"):
                self.hit(
                    "server-trailing-slash",
                    f"{here}/url",
                    f"server url {url!r} ends with a slash; paths start with one, so "
                    "the URLs joined from them have //",
                )
            if self.on("server-variables"):
                self.server_variables(server, here)

    def server_variables(self, server: dict[str, Any], here: str) -> None:
        variables = server.get("variables")
        variables = variables if isinstance(variables, dict) else {}
        for name in dict.fromkeys(_template_names(server["url"])):
            if name not in variables:
                self.hit(
                    "server-variables",
                    f"{here}/url",
                    f"server url variable {{{name}}} has no entry in 'variables'",
                )
        for name, variable in variables.items():
            where = f"{here}/variables/{_esc(name)}"
            if not isinstance(variable, dict):
                continue
            if "default" not in variable:
                self.hit("server-variables", where, f"server variable {name!r} has no default")
                continue
            enum = variable.get("enum")
            if isinstance(enum, list):
                if not enum:
                    self.hit(
                        "server-variables",
                        f"{where}/enum",
                        f"server variable {name!r} has an empty enum",
                    )
                elif variable["default"] not in enum:
                    self.hit(
                        "server-variables",
                        f"{where}/default",
                        f"default {variable['default']!r} of server variable {name!r} "
                        "is not one of its enum values",
                    )

    def security(self, requirements: Any, pointer: str) -> None:
        if not isinstance(requirements, list) or not self.on("security-scheme-undefined"):
            return
        schemes = self.components.get("securitySchemes")
        defined = schemes if isinstance(schemes, dict) else {}
        for index, requirement in enumerate(requirements):
            if not isinstance(requirement, dict):
                continue
            for name in requirement:
                if name not in defined:
                    self.hit(
                        "security-scheme-undefined",
                        f"{pointer}/{index}/{_esc(name)}",
                        f"security scheme {name!r} is not defined in components/securitySchemes",
                    )

    # -------------------------------------------------------------- path hygiene

    def path_hygiene(self, template: str, pointer: str) -> None:
        if len(template) > 1 and template.endswith("/"):
            self.hit("path-trailing-slash", pointer, f"path {template!r} ends with a slash")
        if "?" in template:
            self.hit(
                "path-query-string",
                pointer,
                f"path {template!r} contains a query string; use query parameters",
            )


# ------------------------------------------------------- after the walk: checks


class _Checks:
    """The checks that need the whole walk: operations, paths, refs, values, structure."""

    def __init__(self, walker: _Walker) -> None:
        self.w = walker
        self.doc = walker.doc

    def run(self) -> None:
        self.references()
        self.cycles()
        self.operation_ids()
        self.path_templates()
        self.generation()
        self.hygiene()
        self.unused_components()
        self.values()
        self.structure()

    def hit(self, rule: str, pointer: str, message: str) -> None:
        self.w.hit(rule, pointer, message)

    # ------------------------------------------------------------------- refs

    def references(self) -> None:
        w = self.w
        if not w.on("unresolved-ref"):
            return
        for pointer, ref in w.refs:
            if not ref.startswith("#"):
                self.hit(
                    "unresolved-ref",
                    f"{pointer}/$ref",
                    f"external reference {ref!r} is not supported; use a '#/...' reference",
                )
            elif w.resolve(ref) is None:
                self.hit(
                    "unresolved-ref",
                    f"{pointer}/$ref",
                    f"reference {ref!r} points to nothing in this document",
                )
        schemas = w.components.get("schemas")
        schemas = schemas if isinstance(schemas, dict) else {}
        for pointer, target in w.mapping_refs:
            found = w.resolve(target) if target.startswith("#") else schemas.get(target)
            if found is None:
                self.hit(
                    "unresolved-ref",
                    pointer,
                    f"discriminator mapping {target!r} points to no schema",
                )

    def cycles(self) -> None:
        w = self.w
        if not (w.on("ref-cycle") or w.on("unsatisfiable-recursion")):
            return
        hits, looping = ref_cycles(self.doc, w.refs, w.resolve)
        if w.on("ref-cycle"):
            w.hits.extend(hits)
        if w.on("unsatisfiable-recursion"):
            schemas = w.components.get("schemas")
            roots = (
                [(f"/components/schemas/{_esc(name)}", s) for name, s in schemas.items()]
                if isinstance(schemas, dict)
                else []
            )
            w.hits.extend(Recursion(w.dialect, w.resolve, looping).hits(roots))

    # ------------------------------------------------------------- operations

    def api_operations(self) -> Iterator[tuple[_PathUse, _Operation]]:
        """The operations under /paths (through path item $refs), in document order."""
        for use in self.w.path_uses:
            for method in HTTP_METHODS:
                op = self.w.operations.get(f"{use.item_pointer}/{method}")
                if op is not None:
                    yield use, op

    def operation_ids(self) -> None:
        w = self.w
        seen: dict[str, str] = {}
        for pointer, op in w.operations.items():
            operation_id = op.data.get("operationId")
            if not isinstance(operation_id, str):
                continue
            if not _URL_SAFE.fullmatch(operation_id):
                unsafe = dict.fromkeys(c for c in operation_id if not _URL_SAFE.fullmatch(c))
                self.hit(
                    "operation-id-url-safe",
                    f"{pointer}/operationId",
                    f"operationId {operation_id!r} has characters a URL can't hold unencoded: "
                    f"{', '.join(map(repr, unsafe))}",
                )
            if operation_id in seen:
                self.hit(
                    "operation-id-duplicate",
                    f"{pointer}/operationId",
                    f"operationId {operation_id!r} is already used by "
                    f"{_describe_operation(seen[operation_id])}",
                )
            else:
                seen[operation_id] = pointer
        for _, op in self.api_operations():
            if not op.data.get("operationId"):
                self.hit(
                    "operation-id-missing",
                    op.pointer,
                    "operation has no operationId; it names the generated function",
                )

    def path_templates(self) -> None:
        w = self.w
        unused_reported: set[str] = set()
        for use in w.path_uses:
            names = _template_names(use.template)
            malformed = _TEMPLATE.sub("", use.template)
            if "{" in malformed or "}" in malformed or "" in names:
                self.hit(
                    "path-params",
                    use.key_pointer,
                    f"path {use.template!r} has a malformed {{parameter}} template",
                )
            for name in {n for n in names if names.count(n) > 1}:
                self.hit(
                    "path-params",
                    use.key_pointer,
                    f"path parameter {{{name}}} appears twice in {use.template!r}",
                )
            shared = self.parameter_list(
                use.item.get("parameters"), f"{use.item_pointer}/parameters"
            )
            self.duplicates(shared)
            operations = [
                w.operations[f"{use.item_pointer}/{m}"]
                for m in HTTP_METHODS
                if f"{use.item_pointer}/{m}" in w.operations
            ]
            for op in operations:
                own = self.parameter_list(op.data.get("parameters"), f"{op.pointer}/parameters")
                self.duplicates(own)
                path_names: dict[str, str] = {
                    p["name"]: where
                    for _, where, p in shared + own
                    if isinstance(p, dict)
                    and p.get("in") == "path"
                    and isinstance(p.get("name"), str)
                }
                if not w.on("path-params"):
                    continue
                for name in dict.fromkeys(names):
                    if name and name not in path_names:
                        self.hit(
                            "path-params",
                            op.pointer,
                            f"path parameter {{{name}}} of {use.template!r} is not declared "
                            f"for this {op.method.upper()} operation",
                        )
                for name, where in path_names.items():
                    if name not in names and where not in unused_reported:
                        unused_reported.add(where)
                        self.hit(
                            "path-params",
                            f"{where}/name",
                            f"path parameter {name!r} does not appear in the path {use.template!r}",
                        )
        self.identical_and_ambiguous()

    def parameter_list(self, parameters: Any, pointer: str) -> list[tuple[str, str, Any]]:
        """(list item pointer, definition pointer, resolved parameter) of each entry."""
        if not isinstance(parameters, list):
            return []
        result = []
        for index, parameter in enumerate(parameters):
            item_pointer = f"{pointer}/{index}"
            resolved, where = self.w.deref(parameter, item_pointer)
            result.append((item_pointer, where, resolved))
        return result

    def duplicates(self, parameters: list[tuple[str, str, Any]]) -> None:
        if not self.w.on("duplicate-parameter"):
            return
        seen: dict[tuple[str, str], str] = {}
        for item_pointer, _, parameter in parameters:
            if not isinstance(parameter, dict):
                continue
            name, location = parameter.get("name"), parameter.get("in")
            if not isinstance(name, str) or not isinstance(location, str):
                continue
            key = (name.lower() if location == "header" else name, location)
            if key in seen:
                self.hit(
                    "duplicate-parameter",
                    item_pointer,
                    f"{location} parameter {name!r} is already declared at #{seen[key]}",
                )
            else:
                seen[key] = item_pointer

    def identical_and_ambiguous(self) -> None:
        w = self.w
        if not (w.on("identical-paths") or w.on("ambiguous-paths")):
            return
        shapes: dict[str, str] = {}
        by_length: dict[int, list[tuple[str, list[str], str]]] = {}
        for use in w.path_uses:
            shape = _TEMPLATE.sub("{}", use.template)
            if shape in shapes:
                self.hit(
                    "identical-paths",
                    use.key_pointer,
                    f"path {use.template!r} is identical to {shapes[shape]!r} "
                    "(only the parameter names differ)",
                )
                continue
            shapes[shape] = use.template
            segments = shape.split("/")
            by_length.setdefault(len(segments), []).append(
                (use.template, segments, use.key_pointer)
            )
        if not w.on("ambiguous-paths"):
            return
        for group in by_length.values():
            for i, (template_a, segments_a, _) in enumerate(group):
                for template_b, segments_b, pointer_b in group[i + 1 :]:
                    if _ambiguous(segments_a, segments_b):
                        self.hit(
                            "ambiguous-paths",
                            pointer_b,
                            f"path {template_b!r} and {template_a!r} can match the same URL "
                            "and neither is more specific",
                        )

    # ------------------------------------------------------------- generation

    def generation(self) -> None:
        w = self.w
        functions: dict[str, str] = {}
        variants: dict[str, dict[str, str]] = {}  # module -> name -> operationId
        modules: dict[str, str] = {}  # module -> tag
        parameters_seen: set[str] = set()
        for use, op in self.api_operations():
            data = op.data
            operation_id = data.get("operationId")
            tags = data.get("tags")
            tag = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else None
            module = snake_case(tag) if tag is not None else "default"
            if tag is not None and w.on("tag-name"):
                if module == "_":
                    self.hit(
                        "tag-name",
                        f"{op.pointer}/tags/0",
                        f"tag {tag!r} gives no usable module name",
                    )
                elif module in modules and modules[module] != tag:
                    self.hit(
                        "tag-name",
                        f"{op.pointer}/tags/0",
                        f"tag {tag!r} and tag {modules[module]!r} both become the module "
                        f"api/{module}.py",
                    )
                modules.setdefault(module, tag)
            if isinstance(operation_id, str) and operation_id and w.on("operation-id-name"):
                self.function_names(op, operation_id, module, functions, variants)
            # parameters
            for _, where, parameter in self.parameter_list(
                use.item.get("parameters"), f"{use.item_pointer}/parameters"
            ) + self.parameter_list(data.get("parameters"), f"{op.pointer}/parameters"):
                if where not in parameters_seen and isinstance(parameter, dict):
                    parameters_seen.add(where)
                    self.parameter_support(parameter, where)
            # bodies
            body, body_pointer = w.deref(data.get("requestBody"), f"{op.pointer}/requestBody")
            if isinstance(body, dict) and isinstance(body.get("content"), dict):
                content = body["content"]
                if "application/json" not in content:
                    self.hit(
                        "body-media-type",
                        f"{body_pointer}/content",
                        "only application/json request bodies are supported "
                        f"(found {', '.join(map(str, content)) or 'none'})",
                    )
                else:
                    self.body_schema(content["application/json"], f"{body_pointer}/content")
            responses = data.get("responses")
            has_json_success = False
            if isinstance(responses, dict):
                for status, response in responses.items():
                    resolved, where = w.deref(response, f"{op.pointer}/responses/{_esc(status)}")
                    if not isinstance(resolved, dict) or not isinstance(
                        resolved.get("content"), dict
                    ):
                        continue
                    if "application/json" in resolved["content"]:
                        has_json_success |= str(status).startswith("2")
                        self.body_schema(
                            resolved["content"]["application/json"], f"{where}/content"
                        )
            if not has_json_success:
                self.hit(
                    "json-success-response",
                    f"{op.pointer}/responses" if isinstance(responses, dict) else op.pointer,
                    "no 2xx response with an application/json body; the generated function "
                    "returns that response's model",
                )
        self.security_support()

    def function_names(
        self,
        op: _Operation,
        operation_id: str,
        module: str,
        functions: dict[str, str],
        variants: dict[str, dict[str, str]],
    ) -> None:
        function = snake_case(operation_id)
        where = f"{op.pointer}/operationId"
        if function == "_":
            self.hit(
                "operation-id-name",
                where,
                f"operationId {operation_id!r} gives no usable function name",
            )
            return
        if function in functions:
            if functions[function] != operation_id:
                self.hit(
                    "operation-id-name",
                    where,
                    f"operationId {operation_id!r} gives the function name {function!r}, "
                    f"already used by {functions[function]!r}",
                )
            return
        names = variants.setdefault(module, {})
        own = (
            function,
            f"{function}_async",
            f"{function}_with_response",
            f"{function}_async_with_response",
        )
        clash = next((names[n] for n in own if n in names), None)
        if clash is not None:
            self.hit(
                "operation-id-name",
                where,
                f"operationId {operation_id!r} gives functions ({', '.join(own)}) that clash "
                f"with those of {clash!r} in api/{module}.py",
            )
        functions[function] = operation_id
        for name in own:
            names.setdefault(name, operation_id)

    def parameter_support(self, parameter: dict[str, Any], where: str) -> None:
        if not self.w.on("unsupported-parameter"):
            return
        name = parameter.get("name")
        location = parameter.get("in")
        if location == "cookie":
            self.hit(
                "unsupported-parameter",
                f"{where}/in",
                f"cookie parameter {name!r} is not supported by the generator",
            )
            return
        if "schema" not in parameter:
            self.hit(
                "unsupported-parameter",
                where,
                f"parameter {name!r} has no schema (content-based parameters are not supported)",
            )
            return
        schema, schema_pointer = self.w.deref(parameter["schema"], f"{where}/schema")
        kind = schema.get("type") if isinstance(schema, dict) else None
        if kind not in _PARAMETER_TYPES:
            self.hit(
                "unsupported-parameter",
                schema_pointer if isinstance(schema, dict) else f"{where}/schema",
                f"parameter {name!r} has a schema of type {kind!r}; only scalar types "
                f"({', '.join(_PARAMETER_TYPES)}) are supported",
            )

    def body_schema(self, media: Any, content_pointer: str) -> None:
        if not self.w.on("body-schema-ref"):
            return
        media_pointer = f"{content_pointer}/application~1json"
        schema = media.get("schema") if isinstance(media, dict) else None
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        if not (isinstance(ref, str) and ref.startswith(_COMPONENT_SCHEMA)):
            self.hit(
                "body-schema-ref",
                f"{media_pointer}/schema" if schema is not None else media_pointer,
                "a JSON body schema must be a $ref to '#/components/schemas/...' so that "
                "its model has a stable name",
            )

    def security_support(self) -> None:
        w = self.w
        schemes = w.components.get("securitySchemes")
        if not isinstance(schemes, dict) or not w.on("unsupported-security"):
            return
        for name, scheme in schemes.items():
            resolved, where = w.deref(scheme, f"/components/securitySchemes/{_esc(name)}")
            if not isinstance(resolved, dict):
                continue
            kind, location = resolved.get("type"), resolved.get("in")
            if kind == "apiKey" and location == "header":
                continue
            described = f"{kind} in {location}" if kind == "apiKey" else repr(kind)
            self.hit(
                "unsupported-security",
                where,
                f"security scheme {name!r} ({described}) is not supported; the generated "
                "client only sends an apiKey in a header",
            )

    # ---------------------------------------------------------------- hygiene

    def hygiene(self) -> None:
        w = self.w
        tags = self.doc.get("tags")
        declared = (
            {t["name"] for t in tags if isinstance(t, dict) and isinstance(t.get("name"), str)}
            if isinstance(tags, list)
            else set()
        )
        if isinstance(tags, list) and w.on("structure"):
            seen: set[str] = set()
            for index, tag in enumerate(tags):
                if isinstance(tag, dict) and isinstance(tag.get("name"), str):
                    if tag["name"] in seen:
                        self.hit(
                            "structure",
                            f"/tags/{index}/name",
                            f"Duplicate tag name {tag['name']!r}",
                        )
                    seen.add(tag["name"])
        undefined: dict[str, list[str]] = {}
        for _, op in self.api_operations():
            responses = op.data.get("responses")
            if isinstance(responses, dict) and not any(
                _SUCCESS.match(str(status)) for status in responses
            ):
                self.hit(
                    "missing-success-response",
                    f"{op.pointer}/responses",
                    "operation has no 2xx response",
                )
            op_tags = op.data.get("tags")
            if isinstance(op_tags, list):
                for index, tag in enumerate(op_tags):
                    if isinstance(tag, str) and tag not in declared:
                        undefined.setdefault(tag, []).append(f"{op.pointer}/tags/{index}")
        for tag, uses in undefined.items():
            more = f" (and {len(uses) - 1} more operation(s))" if len(uses) > 1 else ""
            self.hit(
                "undefined-tag",
                uses[0],
                f"tag {tag!r} is not declared in the top-level 'tags'{more}",
            )

    def unused_components(self) -> None:
        w = self.w
        if not w.on("unused-component"):
            return
        if not self.doc.get("paths") and not self.doc.get("webhooks"):
            return  # a components-only library: everything in it is there to be used
        edges: dict[str, set[str]] = {}
        roots: set[str] = set()
        targets = [(pointer, ref) for pointer, ref in w.refs if ref.startswith("#/components/")]
        schemas_prefix = "/components/schemas/"
        for pointer, target in w.mapping_refs:
            ref = target if target.startswith("#") else f"#{schemas_prefix}{_esc(target)}"
            targets.append((pointer, ref))
        for pointer, ref in targets:
            component = _component_of(unquote(ref[1:]))
            if component is None:
                continue
            owner = _component_of(pointer)
            if owner is None:
                roots.add(component)
            else:
                edges.setdefault(owner, set()).add(component)
        reachable: set[str] = set()
        stack = list(roots)
        while stack:
            component = stack.pop()
            if component in reachable:
                continue
            reachable.add(component)
            stack.extend(edges.get(component, ()))
        referenced = set(roots) | {c for targets_ in edges.values() for c in targets_}
        for kind in _REF_INDEX_KINDS:
            section = w.components.get(kind)
            if not isinstance(section, dict):
                continue
            for name in section:
                component = f"/components/{kind}/{_esc(name)}"
                if component in reachable:
                    continue
                how = (
                    "is only referenced from unused components"
                    if component in referenced
                    else "is never referenced"
                )
                self.hit("unused-component", component, f"{kind[:-1]} {name!r} {how}")

    # ----------------------------------------------------------------- values

    def values(self) -> None:
        w = self.w
        if not w.values:
            return
        resource = (DRAFT4 if w.v30 else DRAFT202012).create_resource(self.doc)
        registry: Registry[Any] = Registry().with_resource(_LINT_URN, resource)
        validators: dict[tuple[str, str], Any] = {}
        classes, format_checker = _value_validators(w.v30)
        for rule, schema_pointer, value, value_pointer, mode in w.values:
            key = (schema_pointer, mode)
            validator = validators.get(key)
            if validator is None:
                validator = validators[key] = classes[mode](
                    {"$ref": f"{_LINT_URN}#{schema_pointer}"},
                    registry=registry,
                    format_checker=format_checker,
                )
            what = "default" if rule == "invalid-default" else "example"
            for error in _value_errors(validator, value):
                self.hit(
                    rule,
                    value_pointer + _pointer(error.absolute_path),
                    f"{what} is not valid against its schema: "
                    f"{self.described(error, value_pointer)}",
                )

    # -------------------------------------------------------------- structure

    def structure(self) -> None:
        w = self.w
        if not w.on("structure"):
            return
        for root_pointer, root in w.meta_roots.items():
            for error in w.meta.real_errors(root, self.doc):
                where = root_pointer + _pointer(error.absolute_path)
                if (
                    error.validator == "uniqueItems"
                    and where.rsplit("/", 1)[-1] == "enum"
                    and w.on("enum-duplicate")
                ):
                    continue  # reported by enum-duplicate
                self.hit("structure", where, self.described(error, root_pointer))
        for error in _document_validator(w.dialect).iter_errors(self.doc):
            where = _pointer(error.absolute_path)
            if (
                error.validator == "required"
                and "'default' is a required property" in error.message
                and "/variables/" in where
                and w.on("server-variables")
            ):
                continue  # reported by server-variables
            self.hit("structure", where, self.described(error, ""))

    @staticmethod
    def described(error: ValidationError, base: str) -> str:
        """The error's message, with the closest sub-error of a failed oneOf/anyOf."""
        message = _shorten_message(error)
        if error.context:
            best = best_match(error.context)
            if best is not None and best.message != error.message:
                message = f"{message}; closest match: {_shorten_message(best)}"
                best_where = base + _pointer(best.absolute_path)
                if best_where != base + _pointer(error.absolute_path):
                    message += f" (at #{best_where})"
        return message


def _value_validators(v30: bool) -> tuple[dict[str, Any], Any]:
    """The validator class per mode ("plain", "read", "write") and the format checker:
    openapi-schema-validator's, for 3.0 (nullable, readOnly/writeOnly) and 3.1."""
    oas = openapi_schema_validator()
    if v30:
        return (
            {
                "plain": oas.OAS30Validator,
                "read": oas.OAS30ReadValidator,
                "write": oas.OAS30WriteValidator,
            },
            oas.oas30_format_checker,
        )
    return dict.fromkeys(("plain", "read", "write"), oas.OAS31Validator), oas.oas31_format_checker


_DOCUMENT_VALIDATORS: dict[str, Any] = {}


def _document_validator(dialect: str) -> Any:
    """openapi-spec-validator's document-schema validator for the dialect.

    It is the library's own schema file with the validator class the library picks
    (``validator_for``, as its jsonschema backend does), read from the installed package
    without importing it: the package's import pulls in much that lint doesn't use.  If
    the file has moved, the library's own validator is used.
    """
    validator = _DOCUMENT_VALIDATORS.get(dialect)
    if validator is not None:
        return validator
    found = importlib.util.find_spec("openapi_spec_validator")
    folders = list(found.submodule_search_locations or []) if found else []
    schema_file = (
        Path(folders[0]) / "resources" / "schemas" / f"v{dialect}" / "schema.json"
        if folders
        else None
    )
    if schema_file is not None and schema_file.is_file():
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        # Crawled once up front: left to itself, every $dynamicRef of the 3.1 schema
        # would crawl the whole schema again for its anchor (six times the work).
        resource = Resource.from_contents(schema)
        registry = Registry().with_resource(resource.id() or "", resource).crawl()
        validator = validator_for(schema)(schema, registry=registry)
    else:  # pragma: no cover - a future layout of the library
        from openapi_spec_validator import schemas

        validator = (
            schemas.openapi_v30_schema_validator
            if dialect == "3.0"
            else schemas.openapi_v31_schema_validator
        )
    _DOCUMENT_VALIDATORS[dialect] = validator
    return validator


def _value_errors(validator: Any, value: Any) -> list[ValidationError]:
    """The validation errors of ``value``; none when the schema itself can't be used
    (a broken $ref or pattern, which other rules report)."""
    try:
        return list(validator.iter_errors(value))
    except Exception:  # noqa: BLE001 - whatever a broken schema raises
        return []


def _ambiguous(a: list[str], b: list[str]) -> bool:
    a_more = b_more = False
    for x, y in zip(a, b, strict=True):
        x_var, y_var = "{" in x, "{" in y
        if x_var and y_var:
            continue
        if x_var:
            b_more = True
        elif y_var:
            a_more = True
        elif x != y:
            return False
    return a_more and b_more


def _component_of(pointer: str) -> str | None:
    """'/components/schemas/A/properties/b' -> '/components/schemas/A'."""
    if not pointer.startswith("/components/"):
        return None
    parts = pointer.split("/", 4)
    if len(parts) < 4:
        return None
    return "/".join(parts[:4])


def _describe_operation(pointer: str) -> str:
    parts = pointer.split("/")
    if len(parts) >= 4 and parts[1] == "paths":
        path = parts[2].replace("~1", "/").replace("~0", "~")
        return f"{parts[3].upper()} {path}"
    return f"#{pointer}"


def dialect_of(document: Mapping[str, Any]) -> str | None:
    """'3.0' or '3.1' from the ``openapi`` field; None for anything else."""
    version = document.get("openapi")
    if isinstance(version, str):
        for dialect in ("3.0", "3.1"):
            if version == dialect or version.startswith(f"{dialect}."):
                return dialect
    return None


def check_document(document: dict[str, Any], enabled: Iterable[str]) -> list[Hit]:
    """Every rule in ``enabled`` run over ``document``, in one walk plus the global checks."""
    dialect = dialect_of(document)
    active = frozenset(enabled)
    if dialect is None:
        version = document.get("openapi", document.get("swagger"))
        if "structure" not in active:
            return []
        return [
            Hit(
                "structure",
                "/openapi" if "openapi" in document else "",
                (
                    f"unsupported OpenAPI version {version!r}; lint reads OpenAPI 3.0 and 3.1"
                    if version is not None
                    else "not an OpenAPI document: the 'openapi' field is missing"
                ),
            )
        ]
    walker = _Walker(document, dialect, active)
    walker.walk()
    _Checks(walker).run()
    unique: dict[Hit, None] = dict.fromkeys(walker.hits)
    return list(unique)


def walked_keywords(dialect: str) -> frozenset[str]:
    """The schema keywords the walk descends into (for the tests)."""
    return frozenset(k for k, _, _ in (_SUBSCHEMAS_30 if dialect == "3.0" else _SUBSCHEMAS_31))


def quick_meta_ok(schema: Any, dialect: str) -> bool:
    """The quick check over a whole schema tree (for the tests): True = surely valid."""
    walker = _Walker({"openapi": f"{dialect}.0"}, dialect, frozenset({"structure"}))
    walker.schema_root(schema, "/x", "component")
    return not walker.meta_roots

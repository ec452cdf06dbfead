"""The copy of the document datamodel-code-generator is given.

A spec is data: the copy holds none of the keys the library would take as instructions
for the code it writes.  And where the library would model a schema wrongly or in two
ways, the copy spells the schema the way it models right; each rewrite says why.
"""

from __future__ import annotations

from typing import Any

from .document.refs import Resolver
from .ir.names import enum_member_names, snake_case
from .ir.schema_types import file_fields, is_patterned_uuid

__all__ = ["builtin_field_aliases", "library_input"]


# The builtins the models' annotations use: a field of one of these names would hide it
# from the rest of its class body (mypy: "Variable ... is not valid as a type").
_ANNOTATION_BUILTINS = frozenset(
    {"bool", "bytes", "dict", "float", "frozenset", "int", "list", "set", "str", "tuple"}
)


def builtin_field_aliases(document: Any) -> dict[str, str]:
    """The library's ``aliases`` option: each property name of the document that would
    make a field named like a builtin (``list``, ``List``) to that name and a trailing
    underscore, as keywords get one (``list_``, sent and read as ``list``)."""
    found: dict[str, str] = {}
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            properties = node.get("properties")
            for name in properties if isinstance(properties, dict) else ():
                if isinstance(name, str) and snake_case(name) in _ANNOTATION_BUILTINS:
                    found[name] = f"{snake_case(name)}_"
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return dict(sorted(found.items()))


def library_input(document: dict[str, Any]) -> dict[str, Any]:
    """The copy of ``document`` the library is given (the document is left as it is):
    only the parts it reads (``_read_by_library``)."""
    copied: dict[str, Any] = _copied(document)
    _type_multipart_files(copied)
    _merge_conflicting_extensions(copied)
    return _read_by_library(copied)


def _read_by_library(document: dict[str, Any]) -> dict[str, Any]:
    """The parts of ``document`` the library reads: it makes models of the component
    schemas only, so the rest (the paths, the info, the other components) is left out
    unless a schema refers into it.  Then an edit there (an operation, a version) leaves
    what the library is given as it was (the models kept are used again, ``speed``)."""
    components = document.get("components")
    if not isinstance(components, dict) or not isinstance(components.get("schemas"), dict):
        return document
    referred = repr(components["schemas"])
    kept = {
        name: part
        for name, part in components.items()
        if name == "schemas" or f"'#/components/{name}/" in referred
    }
    left_out = {"info": {"title": "models", "version": "0"}, "paths": {}, "webhooks": None}
    read = {key: value for key, value in document.items() if key != "components"}
    for key, stand_in in left_out.items():
        if key in read and f"'#/{key}/" not in referred:
            read[key] = stand_in
    return {key: value for key, value in read.items() if value is not None} | {"components": kept}


# Keys the library reads as instructions for the code it writes: x-python-type and
# customTypePath import any module named, customBasePath any base class, and the other
# x- extensions rename, retype or restructure.  A spec is data: none of them may pass.
_DIRECTIVES = frozenset({"customTypePath", "customBasePath"})
# Keys whose mappings are names (properties, schemas, paths ...), and keys whose values
# are data (defaults, examples, enum values), neither of which holds directives.
_NAME_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "schemas"}
    | {"paths", "responses", "content", "encoding", "headers", "parameters", "requestBodies"}
    | {"securitySchemes", "callbacks", "links", "webhooks", "pathItems", "variables"}
)
_DATA = frozenset({"default", "example", "examples", "enum", "const", "mapping"})


def _copied(node: Any, holder: str = "") -> Any:
    """A copy of ``node`` without the keys the library would take as instructions
    (``_DIRECTIVES``, every ``x-`` extension), each schema in it rewritten by
    ``_rewrite``."""
    if isinstance(node, list):
        return [_copied(item, holder) for item in node]
    if not isinstance(node, dict):
        return node
    names = holder in _NAME_MAPS
    copied = {
        # an entry of a mapping of names is an object of its own, whatever its name
        key: value if key in _DATA and not names else _copied(value, "" if names else key)
        for key, value in node.items()
        if names or not (str(key).startswith("x-") or key in _DIRECTIVES)
    }
    if not names:
        _rewrite(copied)
    return copied


def _rewrite(schema: dict[str, Any]) -> None:
    """One object of the copy (a schema, or any other object of the document), in place.

    pydantic's UUID type cannot take a pattern (the library drops it with a warning), so
    a uuid with a pattern is given as a plain string, whose pattern is enforced.  A
    string of format byte is base64 text holding any bytes: the library's Base64Str would
    decode them as UTF-8 and Base64Bytes take a caller's raw bytes for base64 text, so it
    is the runtime's ``Base64Content``.
    """
    if is_patterned_uuid(schema):
        del schema["format"]
    if schema.get("type") == "string" and schema.get("format") == "byte":
        schema["x-python-type"] = "clientgen_base.Base64Content"
    members = enum_member_names(schema.get("enum"))
    if members is not None:  # values whose usual member names would collide
        schema["x-enum-varnames"] = members
    _nullable_as_in_30(schema)
    _null_default_as_nullable(schema)
    _pattern_properties_as_extras(schema)
    _one_way_properties_optional(schema)


def _null_default_as_nullable(schema: dict[str, Any]) -> None:
    """A schema of one type whose default is null as nullable, in place.

    lint reports the default as invalid (``invalid-default``); a project that lowers the
    rule (OpenAI's spec: "can be set to null to turn off") gets the field the API
    documents, ``X | None = None``, where the library would write ``X = None``, which
    no type checker accepts.
    """
    if (
        "default" in schema
        and schema["default"] is None
        and isinstance(schema.get("type"), str)
        and schema["type"] != "null"
    ):
        schema["nullable"] = True


def _one_way_properties_optional(schema: dict[str, Any]) -> None:
    """A schema's readOnly and writeOnly properties not required, in place.

    One model serves both ways: a required readOnly ``id`` is required in answers only
    and a required writeOnly ``password`` in requests only (OpenAPI's Schema Object), so
    the model requires neither; left unset, neither is sent.  Splitting the model in a
    request and a response class instead would rename every class users import.
    """
    required, properties = schema.get("required"), schema.get("properties")
    if isinstance(required, list) and isinstance(properties, dict):
        schema["required"] = [
            name
            for name in required
            if not (
                isinstance(properties.get(name), dict)
                and (
                    properties[name].get("readOnly") is True
                    or properties[name].get("writeOnly") is True
                )
            )
        ]


def _pattern_properties_as_extras(schema: dict[str, Any]) -> None:
    """An object with ``properties``, one ``patternProperties`` entry and no other extra
    field (``additionalProperties: false``) as the library can type it, in place: extras
    of the pattern's schema whose names match it (``propertyNames``), which it makes
    ``__pydantic_extra__: dict[Annotated[str, StringConstraints(pattern=...)], T]``.
    Left as it is, the library drops the patterns beside ``properties`` and forbids every
    extra field, so the client refuses what the API allows.
    """
    patterns = schema.get("patternProperties")
    if (
        isinstance(patterns, dict)
        and len(patterns) == 1
        and schema.get("properties")
        and schema.get("additionalProperties") is False
        and "propertyNames" not in schema
    ):
        [(pattern, value)] = patterns.items()
        del schema["patternProperties"]
        schema["additionalProperties"] = value
        schema["propertyNames"] = {"pattern": pattern}


def _nullable_as_in_30(schema: dict[str, Any]) -> None:
    """OpenAPI 3.1's ``type: [T, 'null']`` as 3.0's ``type: T, nullable: true``, in place.

    The library reads both, but makes a 3.1 nullable enum a plain ``Enum`` with a
    ``None`` member (no ``str`` mixin, no ``| None`` on the field: an unknown value of a
    response is refused, ``locale is None`` is never true), where 3.0's spelling gives
    the ``str`` enum and ``| None``: one spelling, one model.
    """
    kinds = schema.get("type")
    if isinstance(kinds, list) and "null" in kinds:
        others = [kind for kind in kinds if kind != "null"]
        if len(others) == 1:
            schema["type"] = others[0]
            schema["nullable"] = True


# What a property may say differently from the one it redefines and still be the same.
_ANNOTATIONS = frozenset({"description", "title", "example", "examples", "deprecated"})


def _merge_conflicting_extensions(document: dict[str, Any]) -> None:
    """Each component schema that extends one other (``allOf: [{$ref: Base}, {...}]``)
    while redefining a property of Base, or requiring one of them again, as one merged
    object, in place.

    The library makes it a subclass of Base that declares the field again, with another
    type (OpenAI's ``ComputerToolCallOutputResource``: its own ``status`` enum; a
    property required here that Base's discriminated union made a ``Literal``), which no
    type checker accepts: a subclass can't change a field's type.  Merged, the class has
    every field of both, the extension's winning.
    """
    schemas = (document.get("components") or {}).get("schemas") or {}
    resolver = Resolver(document)
    for name, schema in list(schemas.items()):
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        if not isinstance(parts, list):
            continue
        refs = [part for part in parts if isinstance(part, dict) and "$ref" in part]
        if len(refs) != 1 or len(parts) == 1:
            continue
        base = _flattened(resolver.follow(refs[0], "")[0], resolver)
        outer = {key: value for key, value in schema.items() if key != "allOf"}
        own = _flattened({**outer, "allOf": [p for p in parts if p is not refs[0]]}, resolver)
        if base is None or own is None or not _redefines(base, own):
            continue
        properties = {**base["properties"], **own["properties"]}
        required = list(dict.fromkeys([*base["required"], *own["required"]]))
        schemas[name] = {**outer, "type": "object", "properties": properties}
        if required:
            schemas[name]["required"] = required


def _flattened(schema: Any, resolver: Resolver, depth: int = 0) -> dict[str, Any] | None:
    """The properties and required names of an object schema and of everything its
    ``allOf`` holds; None when any of it is not a plain object (a union, a
    discriminator, too deep a chain)."""
    if not isinstance(schema, dict) or depth > 16:
        return None
    if any(key in schema for key in ("oneOf", "anyOf", "discriminator", "not", "if")):
        return None
    if schema.get("type", "object") != "object":
        return None
    found: dict[str, Any] = {"properties": {}, "required": []}
    for part in schema.get("allOf") or ():
        target = resolver.follow(part, "")[0] if isinstance(part, dict) else None
        inner = _flattened(target, resolver, depth + 1)
        if inner is None:
            return None
        found["properties"].update(inner["properties"])
        found["required"] += inner["required"]
    found["properties"].update(schema.get("properties") or {})
    found["required"] += list(schema.get("required") or ())
    return found


def _redefines(base: dict[str, Any], own: dict[str, Any]) -> bool:
    """Whether ``own`` gives a property of ``base`` a schema that differs from base's in
    more than its annotations, or lists one in its ``required`` (the library then
    declares the field again, with the type it gives the property alone, where Base's
    may differ: a discriminator's ``Literal``)."""
    inherited = base["properties"]

    def meaning(schema: Any) -> Any:
        if not isinstance(schema, dict):
            return schema
        return {key: value for key, value in schema.items() if key not in _ANNOTATIONS}

    redefined = any(
        key in inherited and meaning(value) != meaning(inherited[key])
        for key, value in own["properties"].items()
    )
    return redefined or bool(set(own["required"]) & set(inherited))


def _type_multipart_files(document: dict[str, Any]) -> None:
    """Give each file field of a multipart body's schema the models' file type,
    ``FileContent`` (bytes, a binary file, or a (filename, content[, content_type])
    tuple), where the library would make it a ``str``: in place, in the copy the library
    is given (which holds no ``x-`` key of the spec's own)."""
    resolver = Resolver(document)
    for item in (document.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else ():
            body, _ = resolver.follow(
                operation.get("requestBody") if isinstance(operation, dict) else None, ""
            )
            content = body.get("content") if isinstance(body, dict) else None
            media = content.get("multipart/form-data") if isinstance(content, dict) else None
            if isinstance(media, dict):
                for _, file in file_fields(resolver, media.get("schema")):
                    file["x-python-type"] = "clientgen_base.FileContent"

"""A real HTTP server on 127.0.0.1 that checks every request against any OpenAPI document.

Two independent checks look at every request that reaches it:

* **openapi-core** (``openapi-core==0.23.1``, an OpenAPI implementation that knows
  nothing of clientgen) unmarshals the request: security, parameters and body, each on its
  own, so a failed security check does not hide a bad body. Its errors read
  ``openapi-core: ...``. It does catch a wrong type or format (an integer that is not one,
  ``2024-05-01 10:00:00`` for a date-time, a uuid that is not one), a missing required
  parameter, cookie, header or body, an unknown Content-Type, JSON that does not parse or
  fit its schema, a missing API key or ``Authorization`` header, and JSON where a
  ``content``-encoded parameter wants it.
* **the wire check** (this module, errors ``strict: ...``): it decodes the raw request
  itself, byte by byte, per the parameter's ``style``/``explode``/``allowReserved`` and
  the media type's ``encoding``, and validates what it decoded with openapi-core's own
  schema validators. It exists because openapi-core is blind to much of what a client
  can get wrong on the wire (each row is a test in tests/test_openapi_server.py or a
  ``core_misses`` case of the corpus):

  =============================================  =======================================
  openapi-core 0.23.1 does not see ...            the wire check reports
  =============================================  =======================================
  ``address={'city': 'Paris'}`` (Python's         "a deepObject field is sent as
  ``str(dict)``) for a deepObject-encoded form    address[key]=value" (openapi-core drops
  field, or ``?filter={...}`` for a deepObject    the field, or the parameter, silently
  query parameter, when it is not required        when it is not required)
  form fields and multipart parts the schema      ``additionalProperties`` errors
  does not declare                                (openapi-core drops them first)
  a form field, multipart part or scalar          "sent 2 times" (openapi-core keeps one)
  parameter sent twice
  query parameters and cookies the operation      "not declared" (openapi-core ignores
  does not declare (``?legacy_filter=`` for       them)
  ``legacyFilter``)
  ``True``/``False`` for a boolean                only ``true``/``false`` are booleans
  reserved characters left unencoded              "unencoded reserved character", unless
  (``?q=a/b``, ``?since=10:00``)                  ``allowReserved: true``
  ``%2C`` between the items of a ``form`` or      "an encoded comma, which is data"
  ``simple`` array
  a body sent to an operation without             "the operation takes no body"
  ``requestBody`` (a DELETE with a body)
  a JSON part of a multipart body sent as text,   the part's Content-Type must match
  a file part of a type its                       ``encoding.contentType`` (default:
  ``encoding.contentType`` does not list          ``application/json`` for objects and
                                                  arrays, any type for binary,
                                                  ``text/plain`` for the rest)
  credentials sent to an operation whose          "credentials for scheme X, which this
  ``security`` does not name them (a bearer       operation's security does not name"
  token where ``security: []``, every API key
  on every request)
  an empty bearer token, ``Bearer None``, a       "empty bearer token", "the text of an
  basic credential that is not base64 of          unset value", "not base64 of
  ``user:password``                               user:password"
  cookie values with characters a cookie          "characters a cookie value cannot hold"
  cannot hold (a raw space)
  text bodies that are not valid in their         "not valid utf-8", "NaN is not JSON"
  charset; ``NaN`` in JSON
  a multipart body without its closing            "malformed multipart body"
  delimiter
  =============================================  =======================================

  And it decodes what openapi-core reads wrongly. openapi-core's verdict on those
  parameters and bodies is set aside (``RecordedRequest.core_ignored`` lists it) and the
  wire check's stands:

  * query ``form`` objects with ``explode: true`` (``?R=100&G=200``): openapi-core looks
    for a parameter of the object's own name, finds none, and reports nothing;
  * ``spaceDelimited`` arrays: openapi-core splits the *decoded* value on the literal text
    ``%20``, so ``a%20b`` is one item (and fails for integer items);
  * ``deepObject`` values with nested objects or arrays (``filter[price][gte]=1``,
    ``expand[0]=x``) in the query or a form body: openapi-core reads one level only, and a
    form body with a deepObject-encoded array property fails whatever is sent; a
    deepObject query parameter that is an array, or may be a scalar instead of an object
    (Stripe's ``created``: an integer or a range), it reports "not available", sent or not;
  * multipart fields that are integers, numbers or booleans (openapi-core never casts
    them from text, so every correct request fails), and file parts whose
    ``encoding.contentType`` lists several types or a range (it keeps them as bytes,
    then refuses bytes as a string);
  * raw binary bodies whose schema says ``type: string`` (OpenAPI 3.1's
    ``contentMediaType``): openapi-core validates the bytes as they are, and bytes are no
    string.

  The server also feeds openapi-core what it needs where it would otherwise misread a
  correct request: ``label`` and ``matrix`` path parameters under the keys its
  deserializers look for (``.id``, ``;id*``), percent-decoded path values, JSON and text
  deserializers for every ``+json``, ``text/*`` and ``message/*`` media type of the
  document (it knows application/json and text/plain only), an ``Authorization: Bearer``
  provider for ``oauth2`` and ``openIdConnect`` schemes (stock openapi-core has none: it
  warns and counts the requirement as met without a token), the ``scheme`` of ``http``
  schemes in lower case (it compares it case-sensitively), and a copy of the document
  without ``deprecated`` flags (it warns on each use, which pytest turns into errors) and
  with the servers replaced by the local one.

  Neither check can tell a ``str(list)`` of strings (``X-Flags: ['a', 'b']``) from two
  strings that happen to hold brackets and quotes; the corpus's exact expectations can.

  The scripted replies are checked against the document too
  (``RecordedRequest.reply_errors``), so a test script that answers with something the
  API never sends shows up; that never fails a test.

Using it::

    with OpenAPIServer("tests/corpus/library/spec.yaml") as server:
        server.reply(201, json={"id": "bk_1", ...}, headers={"Location": "/books/bk_1"})
        server.reply(204)
        server.reply(200, body=b"\x89PNG...", headers={"Content-Type": "image/png"})
        ...                                    # the client under test calls server.url
        request = server.last                  # a RecordedRequest
        assert request.operation_id == "createBook" and request.errors == []
    # leaving the block fails the test if any request broke the document, unless it was
    # announced first with server.expect_invalid(matching=(r"strict: ...",))

When the queue is empty the server answers with ``default`` (a ``Reply``), or when none
was given, with the operation's first 2xx response in the document: its JSON example if
it has one (else ``null``), or an empty body. The document is loaded, validated
(openapi-spec-validator, through openapi-core) and prepared once per file version per
process, so a server starts in milliseconds; ``check_request`` runs both checks without
a server.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json as jsonlib
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import yaml
from jsonschema_path import SchemaPath
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.security.exceptions import SecurityProviderError
from openapi_core.security.factories import SecurityProviderFactory
from openapi_core.security.providers import BaseProvider
from openapi_core.unmarshalling.request.unmarshallers import (
    V30RequestBodyUnmarshaller,
    V30RequestParametersUnmarshaller,
    V30RequestSecurityUnmarshaller,
    V31RequestBodyUnmarshaller,
    V31RequestParametersUnmarshaller,
    V31RequestSecurityUnmarshaller,
)
from openapi_core.unmarshalling.response.unmarshallers import (
    V30ResponseUnmarshaller,
    V31ResponseUnmarshaller,
)
from werkzeug.datastructures import Headers, ImmutableMultiDict

if TYPE_CHECKING:
    from typing import Self

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
RESERVED = set(":/?#[]@!$&'()*+,;=")
"""RFC 3986's reserved characters: RFC 6570 (and so OpenAPI) percent-encodes them in
parameter values unless ``allowReserved: true``."""
_UNRESERVED_OR_PCT = re.compile(r"[A-Za-z0-9\-._~%]")
_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_COOKIE_OCTETS = re.compile(r"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*")
_BEARER_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")
_UNSET: Any = object()


class Problem(Exception):
    """One way the request departs from the document (the wire check)."""


# --------------------------------------------------------------------------- the document


def _walk_without(node: Any, drop: Callable[[str, Any], bool], data_keys: frozenset[str]) -> Any:
    """A deep copy of ``node`` without the entries ``drop`` picks, leaving data (examples,
    defaults, enums) and maps of names (properties, schemas) untouched as such."""
    if isinstance(node, list):
        return [_walk_without(item, drop, data_keys) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in data_keys:
            out[key] = value
        elif key in _NAME_MAPS and isinstance(value, dict):
            out[key] = {k: _walk_without(v, drop, data_keys) for k, v in value.items()}
        elif not drop(key, value):
            out[key] = _walk_without(value, drop, data_keys)
    return out


_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "securitySchemes",
        "paths",
        "content",
        "encoding",
        "links",
        "callbacks",
        "pathItems",
        "webhooks",
        "dependentSchemas",
    }
)
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const", "x-wire"})


class _BearerProvider(BaseProvider):
    """OAuth2 and OpenID Connect access tokens travel as ``Authorization: Bearer``
    (RFC 6750); openapi-core has no provider for them and warns."""

    def __call__(self, parameters: RequestParameters) -> Any:
        header = parameters.header.get("Authorization", "")
        kind, _, token = header.partition(" ")
        if kind.lower() != "bearer" or not token.strip():
            raise SecurityProviderError("Missing bearer token.")
        return token


class _Providers(SecurityProviderFactory):
    PROVIDERS: ClassVar[dict[str, type[BaseProvider]]] = {
        **SecurityProviderFactory.PROVIDERS,
        "oauth2": _BearerProvider,
        "openIdConnect": _BearerProvider,
    }


@dataclass
class Operation:
    template: str
    method: str
    pointer: tuple[Any, ...]
    """Keys from the document's root to the operation object."""
    node: dict[str, Any]
    parameters: list[tuple[dict[str, Any], tuple[Any, ...]]]
    """Each resolved parameter with the keys to it (path-item ones included)."""
    security: list[dict[str, list[str]]]
    core_ignored_params: set[tuple[str, str]] = field(default_factory=set)

    @property
    def operation_id(self) -> str | None:
        return self.node.get("operationId")


class Spec:
    """An OpenAPI document, validated and made ready for checking requests. Use ``load``."""

    def __init__(self, path: Path, document: dict[str, Any], *, validated: bool = True) -> None:
        self.path = path
        self.document = document
        self.version = "3.0" if str(document.get("openapi", "")).startswith("3.0") else "3.1"
        plus_json = {media for media in _all_media_types(document) if media.endswith("+json")}
        core_document = _walk_without(
            document,
            lambda key, value: key == "deprecated" and isinstance(value, bool),
            _DATA_KEYS,
        )
        core_document["servers"] = [{"url": "/"}]
        for path_item in core_document.get("paths", {}).values():
            path_item.pop("servers", None)
            for method in HTTP_METHODS:
                if isinstance(path_item.get(method), dict):
                    path_item[method].pop("servers", None)
        for scheme in core_document.get("components", {}).get("securitySchemes", {}).values():
            if scheme.get("type") == "http" and isinstance(scheme.get("scheme"), str):
                scheme["scheme"] = scheme["scheme"].lower()
        # openapi-core reads application/json and text/plain only; other text types
        # would stay bytes and break their ``type: string`` schemas.
        texts = {
            media
            for media in _all_media_types(document)
            if media.split("/")[0] in ("text", "message") and media != "text/plain"
        }
        deserializers: dict[str, Callable[..., Any]] = {m: _json_loads for m in plus_json}
        deserializers.update({media: _utf8 for media in texts})
        config = Config(
            extra_media_type_deserializers=deserializers,
            security_provider_factory=_Providers(),
            # A real spec with known mistakes (OpenAI's) is read as it is, unvalidated.
            **({} if validated else {"spec_validator_cls": None}),
        )
        # Validates the document (openapi-spec-validator): a broken spec fails here.
        self.core = OpenAPI.from_dict(core_document, config=config)
        kinds = (
            (
                V30RequestSecurityUnmarshaller,
                V30RequestParametersUnmarshaller,
                V30RequestBodyUnmarshaller,
                V30ResponseUnmarshaller,
            )
            if self.version == "3.0"
            else (
                V31RequestSecurityUnmarshaller,
                V31RequestParametersUnmarshaller,
                V31RequestBodyUnmarshaller,
                V31ResponseUnmarshaller,
            )
        )
        options = {
            "extra_media_type_deserializers": config.extra_media_type_deserializers,
        }
        spec_path = self.core.spec
        self.core_security = kinds[0](spec_path, security_provider_factory=_Providers(), **options)
        self.core_parameters = kinds[1](spec_path, **options)
        self.core_body = kinds[2](spec_path, **options)
        self.core_response = kinds[3](spec_path, **options)
        self.validators = self.core_parameters.schema_validators_factory
        self.lock = threading.Lock()
        self.operations: dict[tuple[str, str], Operation] = {}
        self.routes: list[tuple[str, re.Pattern[str], list[str]]] = []
        self._prepare()

    _cache: ClassVar[dict[tuple[str, int, int], Spec]] = {}
    _cache_lock = threading.Lock()

    @classmethod
    def load(cls, path: str | Path, *, validated: bool = True) -> Spec:
        """The prepared document at ``path``, once per file version per process;
        ``validated=False`` skips openapi-spec-validator (for a spec known to break it)."""
        resolved = Path(path).resolve()
        stat = resolved.stat()
        key = (str(resolved), stat.st_mtime_ns, stat.st_size)
        with cls._cache_lock:
            spec = cls._cache.get(key)
            if spec is None:
                with resolved.open(encoding="utf-8") as fh:
                    spec = cls(resolved, yaml.safe_load(fh), validated=validated)
                cls._cache[key] = spec
            return spec

    # -- preparation

    def _prepare(self) -> None:
        global_security = self.document.get("security", [])
        for template, raw_item in self.document.get("paths", {}).items():
            item_pointer: tuple[Any, ...] = ("paths", template)
            item, item_pointer = self.deref(raw_item, item_pointer)
            names = re.findall(r"\{([^}]+)\}", template)
            regex = ""
            for literal, name in re.findall(r"([^{]*)(?:\{([^}]+)\})?", template):
                regex += re.escape(literal)
                if name:
                    regex += "([^/]*)"
            self.routes.append((template, re.compile(regex), names))
            for method in HTTP_METHODS:
                if not isinstance(item.get(method), dict):
                    continue
                node = item[method]
                pointer = (*item_pointer, method)
                params: dict[tuple[str, str], tuple[dict[str, Any], tuple[Any, ...]]] = {}
                for base, base_pointer in ((item, item_pointer), (node, pointer)):
                    for index, raw in enumerate(base.get("parameters", [])):
                        param, _ = self.deref(raw, (*base_pointer, "parameters", index))
                        params[(param["name"], param["in"])] = (
                            param,
                            (*base_pointer, "parameters", index),
                        )
                operation = Operation(
                    template,
                    method,
                    pointer,
                    node,
                    list(params.values()),
                    node.get("security", global_security),
                )
                for param, _ in operation.parameters:
                    if self._core_misreads(param):
                        operation.core_ignored_params.add((param["name"], param["in"]))
                self.operations[(template, method)] = operation
        # Literal paths win over templated ones (/books/search before /books/{id}).
        self.routes.sort(key=lambda route: len(route[2]))

    def _core_misreads(self, param: dict[str, Any]) -> bool:
        """Parameters whose correct encodings openapi-core 0.23.1 rejects or drops."""
        if "content" in param or param["in"] != "query":
            return False
        style, explode = _style(param)
        schema = self.deref(param.get("schema", {}))[0]
        kinds = _types(self, schema)
        if "allowEmptyValue" in param:
            return True
        if style == "spaceDelimited":
            return True
        if style == "form" and explode and "object" in kinds:
            return True
        if style == "deepObject":
            if kinds != {"object"}:  # an array (expand[0]=x), or an object or a scalar
                return True
            for sub in _subschemas(self, schema):
                if _types(self, sub) & {"object", "array"}:
                    return True
        return False

    # -- helpers

    def deref(self, node: Any, pointer: tuple[Any, ...] = ()) -> tuple[Any, tuple[Any, ...]]:
        """Follow local ``$ref``s: the node and the keys to where it really is."""
        for _ in range(64):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node, pointer
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"only local references are supported, got {ref!r}")
            pointer = tuple(
                unquote(part).replace("~1", "/").replace("~0", "~") for part in ref[2:].split("/")
            )
            node = self.document
            for part in pointer:
                node = node[int(part)] if isinstance(node, list) else node[part]
        raise ValueError(f"reference loop at {node!r}")

    def schema_path(self, keys: Iterable[Any]) -> SchemaPath:
        path = self.core.spec
        for key in keys:
            path = path / key
        return path

    def schema_errors(self, keys: Iterable[Any], value: Any, where: str) -> list[str]:
        """``value`` checked by openapi-core's schema validator at ``keys``."""
        validator = self.validators.create(self.core.spec, self.schema_path(keys))
        errors = []
        for error in validator.validator.iter_errors(value):
            location = "".join(f"[{part!r}]" for part in error.absolute_path)
            errors.append(f"strict: {where}{location}: {error.message}")
        return errors

    def find(self, path: str, method: str) -> tuple[Operation, dict[str, str]] | str:
        """The operation a raw path and method reach, with the raw path variables."""
        for template, regex, names in self.routes:
            match = regex.fullmatch(path)
            if match:
                operation = self.operations.get((template, method.lower()))
                if operation is None:
                    return f"strict: {method} is not an operation of {template}"
                return operation, dict(zip(names, match.groups(), strict=True))
        return f"strict: no path of the document matches {path!r}"


def _utf8(data: bytes | str, **params: str) -> str:
    """Text, decoded per the charset parameter (openapi-core passes the media type's)."""
    if isinstance(data, str):
        return data
    return data.decode(params.get("charset", "utf-8"), "surrogateescape")


def _json_loads(data: bytes | str, **params: str) -> Any:
    return jsonlib.loads(data)


def _all_media_types(document: Any) -> Iterator[str]:
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "content" and isinstance(value, dict):
                yield from (media.lower() for media in value)
            if key not in _DATA_KEYS:
                yield from _all_media_types(value)
    elif isinstance(document, list):
        for item in document:
            yield from _all_media_types(item)


def _style(param: dict[str, Any]) -> tuple[str, bool]:
    default = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}
    style = param.get("style", default.get(param.get("in", ""), "form"))
    return style, param.get("explode", style == "form")


def _types(spec: Spec, schema: Any) -> set[str]:
    """The JSON types a schema allows, looking through $ref and the combinators."""
    schema, _ = spec.deref(schema)
    if not isinstance(schema, dict):
        return set()
    kinds = schema.get("type")
    found = {kinds} if isinstance(kinds, str) else set(kinds or ())
    if schema.get("nullable"):
        found.add("null")
    for combinator in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(combinator, []):
            found |= _types(spec, sub)
    if not found and ("properties" in schema or "additionalProperties" in schema):
        found.add("object")
    if not found and "items" in schema:
        found.add("array")
    return found


def _subschemas(spec: Spec, schema: Any) -> Iterator[Any]:
    """The schemas of an object schema's properties (allOf merged, additionalProperties)."""
    schema, _ = spec.deref(schema)
    if not isinstance(schema, dict):
        return
    yield from schema.get("properties", {}).values()
    if isinstance(schema.get("additionalProperties"), dict):
        yield schema["additionalProperties"]
    for combinator in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(combinator, []):
            yield from _subschemas(spec, sub)


def _property(spec: Spec, schema: Any, name: str) -> Any:
    """The schema of property ``name`` of an object schema (``{}`` when unknown)."""
    schema, _ = spec.deref(schema)
    if not isinstance(schema, dict):
        return {}
    if name in schema.get("properties", {}):
        return schema["properties"][name]
    for combinator in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(combinator, []):
            found = _property(spec, sub, name)
            if found != {}:
                return found
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, dict) else {}


def _declares(spec: Spec, schema: Any, name: str) -> bool:
    schema, _ = spec.deref(schema)
    if not isinstance(schema, dict):
        return False
    if name in schema.get("properties", {}) or schema.get("additionalProperties") not in (
        None,
        False,
    ):
        return True
    return any(
        _declares(spec, sub, name)
        for combinator in ("allOf", "anyOf", "oneOf")
        for sub in schema.get(combinator, [])
    )


def _items(spec: Spec, schema: Any) -> Any:
    schema, _ = spec.deref(schema)
    if not isinstance(schema, dict):
        return {}
    if "items" in schema:
        return schema["items"]
    for combinator in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(combinator, []):
            found = _items(spec, sub)
            if found != {}:
                return found
    return {}


def _is_binary(spec: Spec, schema: Any, version: str) -> bool:
    schema, _ = spec.deref(schema)
    if not isinstance(schema, dict):
        return schema is True
    if version == "3.0":
        return schema.get("format") in ("binary", "byte") or not schema
    return (
        "contentMediaType" in schema
        or "contentEncoding" in schema
        or schema.get("format") == "binary"
        or not schema
    )


# --------------------------------------------------------------------------- decoding


def _pct_decode(raw: str, *, plus: bool, where: str) -> str:
    """Percent-decode (``+`` as a space when ``plus``); bad escapes and bytes that are not
    UTF-8 are problems."""
    if re.search(r"%(?![0-9A-Fa-f]{2})", raw):
        raise Problem(f"strict: {where}: malformed percent-escape in {raw!r}")
    if any(ord(ch) > 0x7E or ord(ch) < 0x21 for ch in raw):
        raise Problem(f"strict: {where}: unencoded character in {raw!r}")
    if plus:
        raw = raw.replace("+", " ")
    try:
        return unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise Problem(f"strict: {where}: {raw!r} is not percent-encoded UTF-8") from None


def _check_reserved(raw: str, where: str, allowed: str = "") -> None:
    for ch in raw:
        if ch in RESERVED and ch not in allowed:
            raise Problem(
                f"strict: {where}: unencoded reserved character {ch!r} in {raw!r}; "
                "without allowReserved: true a client percent-encodes it"
            )


def _cast(spec: Spec, schema: Any, text: str, where: str) -> Any:
    """Text from the wire as the JSON value its schema asks for (strictly: ``true`` only,
    never ``True``); text that fits none of the schema's types stays text, for the schema
    validator to refuse."""
    kinds = _types(spec, schema)
    if "integer" in kinds and _INT.fullmatch(text):
        return int(text)
    if "number" in kinds and _NUMBER.fullmatch(text):
        return float(text) if any(c in text for c in ".eE") else int(text)
    if "boolean" in kinds and text in ("true", "false"):
        return text == "true"
    if "null" in kinds and text == "null" and "string" not in kinds:
        return None
    if kinds and not kinds & {"string"} and not kinds & {"object", "array"}:
        raise Problem(f"strict: {where}: {text!r} is not {' or '.join(sorted(kinds))}")
    return text


def _bracket_path(name: str) -> tuple[str, list[str]] | None:
    """``a[b][0]`` -> ("a", ["b", "0"]); None when ``name`` has no brackets."""
    head, bracket, _ = name.partition("[")
    if not bracket:
        return None
    rest = name[len(head) :]
    keys = _BRACKETS.findall(rest)
    if "".join(f"[{key}]" for key in keys) != rest:
        raise Problem(f"strict: malformed bracketed name {name!r}")
    return head, keys


def _assemble(spec: Spec, schema: Any, entries: list[tuple[list[str], str]], where: str) -> Any:
    """Nested values from deepObject-style entries (keys below the name, raw text), cast
    by the schema: ``[k]`` is a property, ``[0]``/``[]`` an item of an array."""
    kinds = _types(spec, schema)
    if any(not keys for keys, _ in entries):
        if len(entries) > 1:
            raise Problem(f"strict: {where} sent {len(entries)} times")
        return _cast(spec, schema, entries[0][1], where)
    groups: dict[str, list[tuple[list[str], str]]] = {}
    for keys, text in entries:
        groups.setdefault(keys[0], []).append((keys[1:], text))
    if "array" in kinds and "object" not in kinds:
        if list(groups) == [""]:
            return [_assemble(spec, _items(spec, schema), [e], f"{where}[]") for e in groups[""]]
        if sorted(groups, key=lambda k: (len(k), k)) != [str(i) for i in range(len(groups))]:
            raise Problem(
                f"strict: {where}: array indexes {sorted(groups)} are not 0..{len(groups) - 1}"
            )
        return [
            _assemble(spec, _items(spec, schema), groups[str(i)], f"{where}[{i}]")
            for i in range(len(groups))
        ]
    return {
        key: _assemble(spec, _property(spec, schema, key), group, f"{where}[{key}]")
        for key, group in groups.items()
    }


def _split_pairs(raw: str) -> list[tuple[str, str, bool]]:
    """``a=1&b&c=`` -> [(a, 1, True), (b, "", False), (c, "", True)], all still raw."""
    pairs = []
    for chunk in raw.split("&"):
        if not chunk:
            continue
        name, eq, value = chunk.partition("=")
        pairs.append((name, value, bool(eq)))
    return pairs


def _object_from_pairs(spec: Spec, schema: Any, items: list[str], where: str) -> dict[str, Any]:
    if len(items) % 2:
        raise Problem(f"strict: {where}: an odd number of key,value items {items!r}")
    return {
        items[i]: _cast(spec, _property(spec, schema, items[i]), items[i + 1], where)
        for i in range(0, len(items), 2)
    }


# --------------------------------------------------------------------------- recording


@dataclass
class RecordedRequest:
    """One request as the server received it, and what both checks made of it."""

    method: str
    target: str
    """The raw request target, percent-encoding preserved (query string included)."""
    headers: list[tuple[str, str]]
    body: bytes
    time: float
    """Arrival time, ``time.monotonic()``."""
    operation_id: str | None = None
    template: str | None = None
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The wire check's decoded parameters: ``{"path": {...}, "query": {...}, "header":
    {...}, "cookie": {...}}``, by the names the document gives them."""
    body_value: Any = None
    """The wire check's decoded body: JSON, form and multipart bodies as mappings (files
    as ``UploadedFile``), text as str, anything else as bytes; None without a body."""
    credentials: dict[str, str] = field(default_factory=dict)
    """Security scheme -> the credential the request carries for it."""
    core_parameters: Any = None
    core_body: Any = None
    core_security: Any = None
    """What openapi-core unmarshalled (its ``Parameters``, body and security results)."""
    core_ignored: list[str] = field(default_factory=list)
    """openapi-core verdicts set aside because it misreads that construct (see above)."""
    deprecated: list[str] = field(default_factory=list)
    """Deprecated operation or parameters this request used."""
    errors: list[str] = field(default_factory=list)
    """Every way the request breaks the document: ``openapi-core: ...`` and ``strict: ...``."""
    reply_status: int | None = None
    reply_errors: list[str] = field(default_factory=list)
    """How the scripted reply departs from the document (informative; never fails)."""
    expected_invalid: bool = False
    expected_errors: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str:
        """The raw query string (without ``?``), percent-encoding preserved."""
        return self.target.partition("?")[2]

    @property
    def cookies(self) -> dict[str, str]:
        """The Cookie header's pairs, raw."""
        found = {}
        for value in self.header_values("cookie"):
            for piece in value.split(";"):
                name, _, text = piece.strip().partition("=")
                if name:
                    found[name] = text
        return found

    @property
    def unexpected_errors(self) -> list[str]:
        if not self.expected_invalid:
            return list(self.errors)
        if not self.expected_errors:
            return []
        return [e for e in self.errors if not any(re.search(p, e) for p in self.expected_errors)]

    def header(self, name: str) -> str | None:
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def json(self) -> Any:
        return jsonlib.loads(self.body)

    def form(self) -> list[tuple[str, str]]:
        """An urlencoded body's pairs, decoded, in order."""
        return [
            (unquote(n.replace("+", " ")), unquote(v.replace("+", " ")))
            for n, v, _ in _split_pairs(self.body.decode("ascii"))
        ]

    def describe(self) -> str:
        return f"{self.method} {self.target} {self.body[:200]!r}: {self.unexpected_errors}"


@dataclass
class UploadedFile:
    """A multipart part as received."""

    content: bytes
    filename: str | None
    content_type: str | None


@dataclass
class Reply:
    """A scripted answer."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    drop: bool = False

    @classmethod
    def make(
        cls,
        status: int = 200,
        *,
        json: Any = _UNSET,
        text: str | None = None,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
    ) -> Reply:
        """``json`` and ``text`` set a Content-Type unless ``headers`` has one; ``body`` is
        sent as given."""
        given = [x for x in (json is not _UNSET, text is not None, body is not None) if x]
        if len(given) > 1:
            raise TypeError("give one of json, text and body")
        out = dict(headers or {})
        has_type = any(name.lower() == "content-type" for name in out)
        payload = body or b""
        if json is not _UNSET:
            payload = jsonlib.dumps(json).encode("utf-8")
            if not has_type:
                out["Content-Type"] = "application/json"
        elif text is not None:
            payload = text.encode("utf-8")
            if not has_type:
                out["Content-Type"] = "text/plain; charset=utf-8"
        return cls(status, out, payload, delay)


# --------------------------------------------------------------------------- the checks


class _CoreRequest:
    """A request as openapi-core's ``Request`` protocol (with ``path_pattern``) wants it."""

    def __init__(
        self,
        method: str,
        path: str,
        template: str,
        query: list[tuple[str, str]],
        headers: list[tuple[str, str]],
        cookies: list[tuple[str, str]],
        path_values: dict[str, str],
        body: bytes,
    ) -> None:
        self.host_url = "http://127.0.0.1"
        self.path = path
        self.path_pattern = template
        self.method = method.lower()
        self.body = body or None
        header_map = Headers(headers)
        self.content_type = (header_map.get("Content-Type") or "application/octet-stream").lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(query),
            header=header_map,
            cookie=ImmutableMultiDict(cookies),
            path=path_values,
        )


def _core_message(error: BaseException) -> str:
    parts = []
    current: BaseException | None = error
    while current is not None and len(parts) < 4:
        try:
            text = str(current)
        except Exception:  # noqa: BLE001 - openapi-core 0.23.1 can fail to format its own errors
            text = type(current).__name__
        detail = getattr(current, "schema_errors", None)
        if detail:
            text += " (" + "; ".join(getattr(e, "message", str(e)) for e in detail) + ")"
        parts.append(text)
        current = current.__cause__ or current.__context__
    return "openapi-core: " + " <- ".join(parts)


class Checker:
    """Both checks of one request against one document."""

    def __init__(self, spec: Spec, record: RecordedRequest) -> None:
        self.spec = spec
        self.record = record
        self.errors: list[str] = []
        self.header_map: dict[str, list[str]] = {}
        for name, value in record.headers:
            self.header_map.setdefault(name.lower(), []).append(value)

    def problem(self, text: str) -> None:
        self.errors.append(text)

    def run(self) -> list[str]:
        record = self.record
        split = urlsplit(record.target)
        if split.scheme or split.netloc or not record.target.startswith("/"):
            return [f"strict: request target {record.target!r} is not in origin form"]
        found = self.spec.find(split.path, record.method)
        if isinstance(found, str):
            return [found]
        operation, raw_path_values = found
        record.operation_id = operation.operation_id
        record.template = operation.template
        if operation.node.get("deprecated"):
            record.deprecated.append(f"operation {operation.operation_id or operation.template}")
        self.operation = operation
        self.query_pairs = _split_pairs(split.query)
        self.cookie_pairs = self._cookies()
        self.claimed_query: set[int] = set()
        self.claimed_cookies: set[str] = set()
        core_path_values: dict[str, str] = {}
        for param, pointer in operation.parameters:
            self._parameter(param, pointer, raw_path_values, core_path_values)
        self._security()
        self._unclaimed()
        self._body()
        self._core(split.path, core_path_values)
        return self.errors

    # -- openapi-core

    def _core(self, path: str, path_values: dict[str, str]) -> None:
        record, operation = self.record, self.operation
        query = [(_lenient(n), _lenient(v)) for n, v, _ in self.query_pairs]
        cookies = [(n, _lenient(v, plus=False)) for n, v in self.cookie_pairs]
        request = _CoreRequest(
            record.method,
            path,
            operation.template,
            query,
            record.headers,
            cookies,
            path_values,
            record.body,
        )
        with self.spec.lock:
            security = self.spec.core_security.unmarshal(request)
            request.parameters.path = dict(path_values)
            parameters = self.spec.core_parameters.unmarshal(request)
            body = self.spec.core_body.unmarshal(request)
        record.core_security = security.security
        record.core_parameters = parameters.parameters
        record.core_body = body.body
        for error in security.errors:
            self.problem(_core_message(error))
        for error in parameters.errors:
            key = (getattr(error, "name", None), getattr(error, "location", None))
            if key in operation.core_ignored_params:
                record.core_ignored.append(_core_message(error))
            else:
                self.problem(_core_message(error))
        for error in body.errors:
            if self._core_misreads_body():
                record.core_ignored.append(_core_message(error))
            else:
                self.problem(_core_message(error))

    def _core_misreads_body(self) -> bool:
        media = getattr(self, "media", None)
        if media is None:
            return False
        media_type, media_object, _ = media
        schema = media_object.get("schema", {})
        if media_type == "multipart/form-data":
            # A list or range of types for a file part leaves openapi-core with raw bytes.
            ranges = [
                str(e.get("contentType", "")) for e in media_object.get("encoding", {}).values()
            ]
            if any("," in r or "*" in r for r in ranges):
                return True
            return any(
                _types(self.spec, sub) & {"integer", "number", "boolean"}
                or _types(self.spec, _items(self.spec, sub)) & {"integer", "number", "boolean"}
                for sub in _subschemas(self.spec, schema)
            )
        if (
            media_type.split("/")[0] not in ("text", "multipart")
            and not (media_type == "application/json" or media_type.endswith("+json"))
            and media_type != "application/x-www-form-urlencoded"
            and "string" in _types(self.spec, schema)
        ):
            return True  # raw bytes against ``type: string``: openapi-core never decodes them
        if media_type == "application/x-www-form-urlencoded":
            for name, encoding in media_object.get("encoding", {}).items():
                if encoding.get("style") == "deepObject":
                    sub = _property(self.spec, schema, name)
                    if "array" in _types(self.spec, sub) or any(
                        _types(self.spec, s) & {"object", "array"}
                        for s in _subschemas(self.spec, sub)
                    ):
                        return True
        return False

    # -- parameters

    def _parameter(
        self,
        param: dict[str, Any],
        pointer: tuple[Any, ...],
        raw_path_values: dict[str, str],
        core_path_values: dict[str, str],
    ) -> None:
        name, where = param["name"], param["in"]
        label = f"{where} parameter {name}"
        try:
            if where == "path":
                value = self._path_value(
                    param, raw_path_values.get(name, ""), label, core_path_values
                )
            elif where == "query":
                value = self._query_value(param, label)
            elif where == "header":
                if name.lower() in ("accept", "content-type", "authorization"):
                    return  # OpenAPI: such a parameter is ignored
                value = self._header_value(param, label)
            else:
                value = self._cookie_value(param, label)
        except Problem as problem:
            self.problem(str(problem))
            return
        if value is _UNSET:
            if param.get("required"):
                self.problem(f"strict: required {label} is missing")
            return
        if param.get("deprecated"):
            self.record.deprecated.append(label)
        self.record.params.setdefault(where, {})[name] = value
        if "content" in param:
            media = next(iter(param["content"]))
            if "schema" not in param["content"][media]:
                return
            keys: tuple[Any, ...] = (*pointer, "content", media, "schema")
        else:
            keys = (*pointer, "schema")
        self.errors += self.spec.schema_errors(keys, value, label)

    def _content_value(self, param: dict[str, Any], text: str, label: str) -> Any:
        media = next(iter(param["content"])).lower()
        if media == "application/json" or media.endswith("+json"):
            return _json(text.encode("utf-8"), label)
        return text

    def _path_value(self, param: dict[str, Any], raw: str, label: str, core: dict[str, str]) -> Any:
        name = param["name"]
        schema = param.get("schema", {})
        kinds = _types(self.spec, schema)
        style, explode = _style(param)
        core_key = {"label": ".", "matrix": ";"}.get(style, "") + name
        core[core_key + ("*" if explode and style in ("label", "matrix") else "")] = _lenient(
            raw, plus=False
        )
        if not raw:
            return _UNSET
        if "content" in param:
            return self._content_value(param, self._text(raw, label), label)
        if style == "label":
            if not raw.startswith("."):
                raise Problem(f"strict: {label}: a label value starts with '.', got {raw!r}")
            items = raw[1:].split("." if explode else ",")
            if explode and "object" in kinds:
                return self._pairs_object(schema, items, label)
            if "object" in kinds:
                return _object_from_pairs(self.spec, schema, self._texts(items, label), label)
            if "array" in kinds:
                return self._array(schema, items, label)
            if explode and len(items) > 1 or not explode and len(items) > 1:
                raise Problem(f"strict: {label}: one value expected, got {raw!r}")
            return _cast(self.spec, schema, self._text(items[0], label), label)
        if style == "matrix":
            prefix = f";{name}="
            if explode and "object" in kinds:
                if not raw.startswith(";"):
                    raise Problem(f"strict: {label}: a matrix value starts with ';', got {raw!r}")
                return self._pairs_object(schema, raw[1:].split(";"), label)
            if explode and "array" in kinds:
                pieces = raw.split(";")[1:]
                if raw[:1] != ";" or not all(p.startswith(f"{name}=") for p in pieces):
                    raise Problem(f"strict: {label}: expected ;{name}=a;{name}=b, got {raw!r}")
                return self._array(schema, [p[len(name) + 1 :] for p in pieces], label)
            if not raw.startswith(prefix):
                raise Problem(
                    f"strict: {label}: a matrix value starts with {prefix!r}, got {raw!r}"
                )
            raw = raw[len(prefix) :]
        # simple (and the rest of matrix)
        if "object" in kinds:
            items = raw.split(",")
            if explode:
                return self._pairs_object(schema, items, label)
            return _object_from_pairs(self.spec, schema, self._texts(items, label), label)
        if "array" in kinds:
            return self._array(schema, raw.split(","), label)
        return _cast(self.spec, schema, self._text(raw, label), label)

    def _text(self, raw: str, label: str, *, plus: bool = False, allowed: str = "") -> str:
        # In a query string '+' is the form encoding of a space.
        _check_reserved(raw, label, allowed + ("+" if plus else ""))
        return _pct_decode(raw, plus=plus, where=label)

    def _texts(self, items: list[str], label: str, plus: bool = False) -> list[str]:
        return [self._text(item, label, plus=plus) for item in items]

    def _array(
        self,
        schema: Any,
        raw_items: list[str],
        label: str,
        *,
        plus: bool = False,
        allowed: str = "",
    ) -> list[Any]:
        items = _items(self.spec, schema)
        for raw in raw_items:
            if "%2C" in raw.upper():
                raise Problem(
                    f"strict: {label}: {raw!r} holds '%2C', an encoded comma, which is data; "
                    "the items of this style are separated by a literal ','"
                )
        return [
            _cast(self.spec, items, self._text(raw, label, plus=plus, allowed=allowed), label)
            for raw in raw_items
        ]

    def _pairs_object(self, schema: Any, pieces: list[str], label: str) -> dict[str, Any]:
        out = {}
        for piece in pieces:
            key, eq, raw = piece.partition("=")
            if not eq:
                raise Problem(f"strict: {label}: expected key=value, got {piece!r}")
            key = self._text(key, label)
            out[key] = _cast(
                self.spec, _property(self.spec, schema, key), self._text(raw, label), label
            )
        return out

    def _query_value(self, param: dict[str, Any], label: str) -> Any:
        name = param["name"]
        schema = param.get("schema", {})
        kinds = _types(self.spec, schema)
        style, explode = _style(param)
        allowed = RESERVED_STR if param.get("allowReserved") else ""
        mine = [i for i, (n, _, _) in enumerate(self.query_pairs) if _lenient(n) == name]
        if style == "deepObject":
            entries = []
            for index, (raw_name, raw_value, _) in enumerate(self.query_pairs):
                decoded = _pct_decode(raw_name, plus=True, where=label)
                parsed = _bracket_path(decoded)
                if parsed and parsed[0] == name:
                    self.claimed_query.add(index)
                    entries.append(
                        (parsed[1], self._text(raw_value, label, plus=True, allowed=allowed))
                    )
            if not entries:
                self.claimed_query.update(mine)
                scalars = kinds - {"object", "array", "null"}
                if len(mine) == 1 and scalars:  # Stripe's created=1700000000
                    text = self._text(self.query_pairs[mine[0]][1], label, plus=True)
                    return _cast(self.spec, {"type": sorted(scalars)}, text, label)
                if mine:
                    raise Problem(
                        f"strict: {label}: a deepObject is sent as {name}[key]=value, "
                        f"got {name}={self.query_pairs[mine[0]][1]!r}"
                    )
                return _UNSET
            return _assemble(self.spec, schema, entries, label)
        if style == "form" and explode and "object" in kinds:
            value = {}
            for index, (raw_name, raw_value, _) in enumerate(self.query_pairs):
                key = _lenient(raw_name)
                if index in self.claimed_query or not _declares(self.spec, schema, key):
                    continue
                if key in {p["name"] for p, _ in self.operation.parameters if p["in"] == "query"}:
                    continue
                self.claimed_query.add(index)
                value[key] = _cast(
                    self.spec,
                    _property(self.spec, schema, key),
                    self._text(raw_value, label, plus=True, allowed=allowed),
                    label,
                )
            return value if value else _UNSET
        self.claimed_query.update(mine)
        if not mine:
            return _UNSET
        raws = [self.query_pairs[i][1] for i in mine]
        if "content" in param:
            if len(raws) > 1:
                raise Problem(f"strict: {label} sent {len(raws)} times")
            return self._content_value(param, _pct_decode(raws[0], plus=True, where=label), label)
        if style == "form" and explode and "array" in kinds:
            return self._array(schema, raws, label, plus=True, allowed=allowed)
        if len(raws) > 1:
            raise Problem(f"strict: {label} sent {len(raws)} times")
        raw = raws[0]
        if raw == "" and not param.get("allowEmptyValue"):
            if "array" in kinds or "object" in kinds:
                return [] if "array" in kinds else {}
            raise Problem(f"strict: {label} is empty (allowEmptyValue is not set)")
        if style in ("spaceDelimited", "pipeDelimited"):
            delimiter = r"%20|\+" if style == "spaceDelimited" else r"\||%7[Cc]"
            items = re.split(delimiter, raw)
            if "object" in kinds:
                return _object_from_pairs(self.spec, schema, self._texts(items, label, True), label)
            return self._array(schema, items, label, plus=True, allowed=allowed)
        if "object" in kinds:
            items = raw.split(",")
            return _object_from_pairs(self.spec, schema, self._texts(items, label, True), label)
        if "array" in kinds:
            return self._array(schema, raw.split(","), label, plus=True, allowed=allowed + ",")
        return _cast(self.spec, schema, self._text(raw, label, plus=True, allowed=allowed), label)

    def _header_value(self, param: dict[str, Any], label: str) -> Any:
        values = self.header_map.get(param["name"].lower(), [])
        if not values:
            return _UNSET
        schema = param.get("schema", {})
        kinds = _types(self.spec, schema)
        if "content" in param:
            if len(values) > 1:
                raise Problem(f"strict: {label} sent {len(values)} times")
            return self._content_value(param, values[0], label)
        raw = ",".join(values)
        if len(values) > 1 and "array" not in kinds:
            raise Problem(f"strict: {label} sent {len(values)} times")
        _, explode = _style(param)
        if "array" in kinds:
            items = _items(self.spec, schema)
            return [_cast(self.spec, items, item.strip(), label) for item in raw.split(",")]
        if "object" in kinds:
            pieces = [piece.strip() for piece in raw.split(",")]
            if explode:
                out = {}
                for piece in pieces:
                    key, eq, text = piece.partition("=")
                    if not eq:
                        raise Problem(f"strict: {label}: expected key=value, got {piece!r}")
                    out[key] = _cast(self.spec, _property(self.spec, schema, key), text, label)
                return out
            return _object_from_pairs(self.spec, schema, pieces, label)
        return _cast(self.spec, schema, raw, label)

    def _cookies(self) -> list[tuple[str, str]]:
        values = self.header_map.get("cookie", [])
        if len(values) > 1:
            self.problem("strict: more than one Cookie header (RFC 6265 allows one)")
        pairs = []
        for value in values:
            for piece in value.split(";"):
                piece = piece.strip()
                if not piece:
                    continue
                name, eq, text = piece.partition("=")
                if not eq:
                    self.problem(f"strict: cookie {piece!r} has no '='")
                    continue
                pairs.append((name.strip(), text.strip()))
        return pairs

    def _cookie_value(self, param: dict[str, Any], label: str) -> Any:
        name = param["name"]
        mine = [text for n, text in self.cookie_pairs if n == name]
        self.claimed_cookies.add(name)
        if not mine:
            return _UNSET
        if len(mine) > 1:
            raise Problem(f"strict: {label} sent {len(mine)} times")
        raw = mine[0]
        if raw.startswith('"') and raw.endswith('"') and len(raw) > 1:
            raw = raw[1:-1]
        schema = param.get("schema", {})
        kinds = _types(self.spec, schema)
        delimiter = "," if kinds & {"array", "object"} else ""
        if not _COOKIE_OCTETS.fullmatch(raw.replace(",", "") if delimiter else raw):
            raise Problem(
                f"strict: {label}: {raw!r} has characters a cookie value cannot hold "
                "(RFC 6265); percent-encode them"
            )
        if "content" in param:
            return self._content_value(param, _pct_decode(raw, plus=False, where=label), label)
        if "array" in kinds:
            items = _items(self.spec, schema)
            return [
                _cast(self.spec, items, _pct_decode(item, plus=False, where=label), label)
                for item in raw.split(",")
            ]
        if "object" in kinds:
            texts = [_pct_decode(item, plus=False, where=label) for item in raw.split(",")]
            return _object_from_pairs(self.spec, schema, texts, label)
        return _cast(self.spec, schema, _pct_decode(raw, plus=False, where=label), label)

    def _unclaimed(self) -> None:
        for index, (raw_name, _, _) in enumerate(self.query_pairs):
            name = _lenient(raw_name)
            if index not in self.claimed_query and name not in self.security_query:
                self.problem(f"strict: query parameter {name!r} is not declared by the operation")
        for name, _ in self.cookie_pairs:
            if name not in self.claimed_cookies and name not in self.security_cookies:
                self.problem(f"strict: cookie {name!r} is not declared by the operation")

    # -- security

    def _schemes(self) -> dict[str, dict[str, Any]]:
        schemes = self.spec.document.get("components", {}).get("securitySchemes", {})
        return {name: self.spec.deref(scheme)[0] for name, scheme in schemes.items()}

    def _security(self) -> None:
        """Which schemes the request carries credentials for; that some requirement is
        met; and that nothing is sent for a scheme the requirements do not name."""
        self.security_query: set[str] = set()
        self.security_cookies: set[str] = set()
        carried: dict[str, str] = {}
        authorization = self.header_map.get("authorization", [])
        if len(authorization) > 1:
            self.problem("strict: more than one Authorization header")
        auth_kind, _, auth_value = (authorization[0] if authorization else "").partition(" ")
        auth_kind = auth_kind.lower()
        auth_claimed = not authorization
        for name, scheme in self._schemes().items():
            kind = scheme.get("type")
            if kind == "apiKey":
                where, key = scheme.get("in"), scheme.get("name", "")
                if where == "query":
                    self.security_query.add(key)
                    found = [_lenient(v) for n, v, _ in self.query_pairs if _lenient(n) == key]
                elif where == "cookie":
                    self.security_cookies.add(key)
                    found = [v for n, v in self.cookie_pairs if n == key]
                else:
                    found = self.header_map.get(key.lower(), [])
                if found:
                    carried[name] = found[0]
                    if len(found) > 1:
                        self.problem(
                            f"strict: the API key of scheme {name!r} sent {len(found)} times"
                        )
                    if not found[0]:
                        self.problem(f"strict: the API key of scheme {name!r} is empty")
            elif kind == "http" and authorization:
                wanted = str(scheme.get("scheme", "")).lower()
                if auth_kind == wanted:
                    carried[name] = auth_value
                    auth_claimed = True
            elif kind in ("oauth2", "openIdConnect") and auth_kind == "bearer":
                carried[name] = auth_value
                auth_claimed = True
        if not auth_claimed:
            self.problem(
                f"strict: an Authorization header of type {auth_kind!r}, which no security "
                "scheme of the document describes"
            )
        if auth_kind == "bearer" and authorization:
            if not auth_value.strip():
                self.problem("strict: empty bearer token")
            elif not _BEARER_TOKEN.fullmatch(auth_value.strip()):
                self.problem(f"strict: {auth_value!r} is not a bearer token (RFC 6750)")
        if auth_kind == "basic" and authorization:
            try:
                decoded = base64.b64decode(auth_value.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                decoded = ""
            if ":" not in decoded:
                self.problem("strict: the basic credential is not base64 of user:password")
        for name, value in carried.items():
            if value.strip() in ("None", "null", "undefined"):
                self.problem(
                    f"strict: the credential for scheme {name!r} is {value.strip()!r}, "
                    "the text of an unset value"
                )
        self.record.credentials = carried
        self.carried = carried
        requirements = self.operation.security
        named = {name for requirement in requirements for name in requirement}
        for name in sorted(carried):
            if name not in named and not self._shares_credential(name, named, carried):
                where = "security: []" if not requirements else f"security {requirements}"
                self.problem(
                    f"strict: credentials for scheme {name!r}, which this operation's "
                    f"security does not name ({where})"
                )
        if requirements and not self._any_requirement_met():
            self.problem(
                f"strict: no security requirement is met: {requirements} "
                f"(credentials carried: {sorted(carried)})"
            )

    def _shares_credential(self, name: str, named: set[str], carried: dict[str, str]) -> bool:
        """A bearer token is the credential of every bearer-like scheme at once."""
        schemes = self._schemes()
        return _is_bearer_scheme(self.spec, name) and any(
            _is_bearer_scheme(self.spec, other) and other in carried and other in named
            for other in schemes
        )

    def _any_requirement_met(self) -> bool:
        requirements = self.operation.security
        if not requirements:
            return True
        return any(all(name in self.carried for name in req) for req in requirements)

    # -- body

    def _body(self) -> None:
        operation, record = self.operation, self.record
        body = record.body
        if "requestBody" not in operation.node:
            if body:
                self.problem(f"strict: the operation takes no body, got {len(body)} bytes")
            return
        request_body, rb_pointer = self.spec.deref(
            operation.node["requestBody"], (*operation.pointer, "requestBody")
        )
        content_type = (self.header_map.get("content-type") or [""])[0]
        if not body:
            if request_body.get("required"):
                self.problem("strict: the request body is required but empty")
            return
        media_type = content_type.split(";", 1)[0].strip().lower()
        params = _media_params(content_type)
        chosen = _match_media(media_type, list(request_body.get("content", {})))
        if chosen is None:
            self.problem(
                f"strict: Content-Type {content_type!r} is not one of "
                f"{sorted(request_body.get('content', {}))}"
            )
            return
        media_object = request_body["content"][chosen]
        keys = (*rb_pointer, "content", chosen, "schema")
        self.media = (media_type, media_object, keys)
        try:
            value = self._decode_body(media_type, params, media_object, body)
        except Problem as problem:
            self.problem(str(problem))
            return
        record.body_value = value
        if "schema" in media_object and value is not _UNSET:
            self.errors += self.spec.schema_errors(keys, _for_validation(value), "body")

    def _decode_body(
        self, media_type: str, params: dict[str, str], media_object: dict[str, Any], body: bytes
    ) -> Any:
        schema = media_object.get("schema", {})
        if media_type == "application/json" or media_type.endswith("+json"):
            return _json(body, "body")
        if media_type == "application/x-www-form-urlencoded":
            return self._form(schema, media_object.get("encoding", {}), body)
        if media_type == "multipart/form-data":
            boundary = params.get("boundary")
            if not boundary:
                raise Problem("strict: multipart/form-data without a boundary parameter")
            return self._multipart(schema, media_object.get("encoding", {}), body, boundary)
        if media_type.startswith("text/"):
            charset = params.get("charset", "utf-8")
            try:
                return body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                raise Problem(f"strict: the text body is not valid {charset}") from None
        return _UNSET if _is_binary(self.spec, schema, self.spec.version) else body

    def _form(self, schema: Any, encodings: dict[str, Any], body: bytes) -> dict[str, Any]:
        try:
            text = body.decode("ascii")
        except UnicodeDecodeError:
            raise Problem("strict: a form body is ASCII (percent-encoded UTF-8)") from None
        grouped: dict[str, list[tuple[list[str], str]]] = {}
        for raw_name, raw_value, _ in _split_pairs(text):
            name = _pct_decode(raw_name, plus=True, where="form field name")
            value = _pct_decode(raw_value, plus=True, where=f"form field {name}")
            parsed = _bracket_path(name)
            base, keys = parsed if parsed else (name, [])
            grouped.setdefault(base, []).append((keys, value))
        out: dict[str, Any] = {}
        for name, entries in grouped.items():
            label = f"form field {name}"
            sub = _property(self.spec, schema, name)
            kinds = _types(self.spec, sub)
            encoding = encodings.get(name, {})
            style = encoding.get("style", "form")
            explode = encoding.get("explode", style == "form")
            content_type = str(encoding.get("contentType", ""))
            if any(keys for keys, _ in entries):
                if style not in ("deepObject",) and "style" in encoding:
                    raise Problem(f"strict: {label}: bracketed names, but its style is {style}")
                out[name] = _assemble(self.spec, sub, entries, label)
                continue
            texts = [text for _, text in entries]
            if style == "deepObject" and kinds & {"object", "array"}:
                raise Problem(
                    f"strict: {label}: a deepObject field is sent as {name}[key]=value "
                    f"(or {name}[0]=value for an array), got {name}={texts[0]!r}"
                )
            if "json" in content_type:
                if len(texts) > 1:
                    raise Problem(f"strict: {label} sent {len(texts)} times")
                out[name] = _json(texts[0].encode("utf-8"), label)
            elif "array" in kinds:
                if not explode and len(texts) == 1:
                    texts = texts[0].split(",")
                item = _items(self.spec, sub)
                out[name] = [_cast(self.spec, item, text, label) for text in texts]
            else:
                if len(texts) > 1:
                    raise Problem(f"strict: {label} sent {len(texts)} times")
                out[name] = _cast(self.spec, sub, texts[0], label)
        return out

    def _multipart(
        self, schema: Any, encodings: dict[str, Any], body: bytes, boundary: str
    ) -> dict[str, Any]:
        parts = _parse_multipart(body, boundary)
        grouped: dict[str, list[UploadedFile]] = {}
        for headers, content in parts:
            disposition = headers.get("content-disposition", "")
            match = re.match(r"\s*form-data\s*(;.*)?$", disposition, re.IGNORECASE | re.DOTALL)
            names = dict(re.findall(r';\s*([A-Za-z*]+)="?([^";]*)"?', disposition))
            if not match or "name" not in names:
                raise Problem(
                    f"strict: a part without Content-Disposition form-data; name: {disposition!r}"
                )
            grouped.setdefault(names["name"], []).append(
                UploadedFile(content, names.get("filename"), headers.get("content-type"))
            )
        out: dict[str, Any] = {}
        for name, files in grouped.items():
            label = f"part {name}"
            sub = _property(self.spec, schema, name)
            kinds = _types(self.spec, sub)
            is_array = "array" in kinds and not _is_binary(self.spec, sub, self.spec.version)
            if len(files) > 1 and not is_array:
                raise Problem(f"strict: {label} sent {len(files)} times")
            item = _items(self.spec, sub) if is_array else sub
            expected = encodings.get(name, {}).get("contentType") or self._default_part_type(item)
            values = [self._part(item, expected, file, label) for file in files]
            out[name] = values if is_array else values[0]
        return out

    def _default_part_type(self, schema: Any) -> str:
        if _is_binary(self.spec, schema, self.spec.version):
            return "application/octet-stream"
        if _types(self.spec, schema) & {"object", "array"}:
            return "application/json"
        return "text/plain"

    def _part(self, schema: Any, expected: str, file: UploadedFile, label: str) -> Any:
        actual = (file.content_type or "text/plain").split(";", 1)[0].strip().lower()
        ranges = [part.strip().lower() for part in expected.split(",")]
        if "application/octet-stream" not in ranges and _match_media(actual, ranges) is None:
            raise Problem(
                f"strict: {label}: Content-Type {file.content_type!r}, expected {expected!r} "
                "(its encoding.contentType, or the default for its schema)"
            )
        if _is_binary(self.spec, schema, self.spec.version):
            return file
        if actual == "application/json" or actual.endswith("+json"):
            return _json(file.content, label)
        charset = _media_params(file.content_type or "").get("charset", "utf-8")
        try:
            text = file.content.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise Problem(f"strict: {label} is not valid {charset}") from None
        return _cast(self.spec, schema, text, label)


RESERVED_STR = "".join(sorted(RESERVED))


def _is_bearer_scheme(spec: Spec, name: str) -> bool:
    scheme, _ = spec.deref(
        spec.document.get("components", {}).get("securitySchemes", {}).get(name, {})
    )
    kind = scheme.get("type")
    return kind in ("oauth2", "openIdConnect") or (
        kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer"
    )


def _lenient(raw: str, *, plus: bool = True) -> str:
    """Percent-decoding that never fails, for openapi-core's view of the request."""
    return unquote(raw.replace("+", " ") if plus else raw, errors="surrogateescape")


def _json(data: bytes, where: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    try:
        return jsonlib.loads(data.decode("utf-8"), parse_constant=refuse)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Problem(f"strict: {where} is not UTF-8 JSON: {exc}") from None


def _media_params(content_type: str) -> dict[str, str]:
    params = {}
    for piece in content_type.split(";")[1:]:
        key, _, value = piece.strip().partition("=")
        params[key.lower()] = value.strip().strip('"')
    return params


def _match_media(media_type: str, ranges: list[str]) -> str | None:
    """The most specific of ``ranges`` (``image/png``, ``image/*``, ``*/*``) that
    ``media_type`` falls under."""
    normalized = {r.split(";", 1)[0].strip().lower(): r for r in ranges}
    if media_type in normalized:
        return normalized[media_type]
    major = media_type.split("/", 1)[0]
    if f"{major}/*" in normalized:
        return normalized[f"{major}/*"]
    return normalized.get("*/*")


def _parse_multipart(body: bytes, boundary: str) -> list[tuple[dict[str, str], bytes]]:
    delimiter = b"--" + boundary.encode("latin-1")
    if not body.startswith(delimiter):
        raise Problem("strict: malformed multipart body: it does not start with the boundary")
    chunks = body.split(b"\r\n" + delimiter)
    first = chunks[0][len(delimiter) :]
    chunks[0] = first
    if not chunks[-1].startswith(b"--"):
        raise Problem("strict: malformed multipart body: no closing delimiter")
    parts = []
    for chunk in chunks[:-1]:
        if not chunk.startswith(b"\r\n"):
            raise Problem("strict: malformed multipart body: a delimiter not followed by CRLF")
        head, sep, content = chunk[2:].partition(b"\r\n\r\n")
        if not sep:
            raise Problem("strict: malformed multipart body: a part without a blank line")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        parts.append((headers, content))
    return parts


def _for_validation(value: Any) -> Any:
    """Files as text, so that schemas of ``type: string`` accept them."""
    if isinstance(value, UploadedFile):
        return value.content.decode("latin-1")
    if isinstance(value, dict):
        return {key: _for_validation(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_for_validation(item) for item in value]
    return value


# --------------------------------------------------------------------------- replies


class _CoreResponse:
    def __init__(self, reply: Reply) -> None:
        self.status_code = reply.status
        self.headers = Headers(list(reply.headers.items()))
        self.content_type = (self.headers.get("Content-Type") or "").lower()
        self.data = reply.body


def _reply_errors(spec: Spec, record: RecordedRequest, reply: Reply) -> list[str]:
    if record.template is None:
        return []
    request = _CoreRequest(
        record.method, record.path, record.template, [], record.headers, [], {}, record.body
    )
    with spec.lock:
        result = spec.core_response.unmarshal(request, _CoreResponse(reply))
    return [_core_message(error) for error in result.errors]


def spec_default_reply(spec: Spec, record: RecordedRequest) -> Reply:
    """The operation's first 2xx response: its JSON example, or an empty body."""
    operation = spec.operations.get((record.template or "", record.method.lower()))
    if operation is None:
        return Reply(404, {"Content-Type": "text/plain"}, b"no such operation")
    for status, raw in operation.node.get("responses", {}).items():
        if not str(status).startswith("2"):
            continue
        code = int(status) if str(status).isdigit() else 200
        response, _ = spec.deref(raw)
        content = response.get("content", {})
        for media, media_object in content.items():
            if "example" in media_object:
                example = media_object["example"]
            elif media_object.get("examples"):
                example = spec.deref(next(iter(media_object["examples"].values())))[0]["value"]
            else:
                example = None
            if media == "application/json" or media.endswith("+json"):
                return Reply.make(code, json=example, headers={"Content-Type": media})
            data = example.encode("utf-8") if isinstance(example, str) else b""
            return Reply(code, {"Content-Type": media}, data)
        return Reply(code)
    return Reply(200)


# --------------------------------------------------------------------------- the server


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: OpenAPIServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.owner.handler_errors += 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _quick_ack(self) -> None:
        # Clients write headers and body separately; without quick ACKs the body waits
        # for the delayed ACK (~40 ms on Linux). Asked again before every read.
        if hasattr(socket, "TCP_QUICKACK"):
            try:
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            except OSError:
                pass

    def handle_one_request(self) -> None:
        self._quick_ack()
        super().handle_one_request()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _read_body(self) -> bytes:
        self._quick_ack()
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        owner = self.server.owner
        arrived = time.monotonic()
        body = self._read_body()
        record = RecordedRequest(self.command, self.path, list(self.headers.items()), body, arrived)
        try:
            record.errors = Checker(owner.spec, record).run()
        except Exception as exc:  # noqa: BLE001 - a checker crash is a failure, not a hang
            record.errors = [f"strict: the checker crashed: {exc!r}"]
        reply = owner._record(record)
        if reply.delay:
            owner._stopping.wait(reply.delay)
        if reply.drop:
            self.close_connection = True
            return
        try:
            record.reply_errors = _reply_errors(owner.spec, record, reply)
        except Exception as exc:  # noqa: BLE001
            record.reply_errors = [f"the reply check crashed: {exc!r}"]
        record.reply_status = reply.status
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            no_body = reply.status in (204, 304) or 100 <= reply.status < 200
            if not no_body and "content-length" not in {n.lower() for n in reply.headers}:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if self.command != "HEAD" and not no_body:
                self.wfile.write(reply.body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_TRACE = _handle


class OpenAPIServer:
    """See the module docstring."""

    def __init__(self, spec: str | Path | Spec, *, default: Reply | None = None) -> None:
        self.spec = spec if isinstance(spec, Spec) else Spec.load(spec)
        self.default = default
        self.requests: list[RecordedRequest] = []
        self.handler_errors = 0
        self._queue: deque[Reply] = deque()
        self._expect_invalid: deque[tuple[str, ...]] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle

    def start(self) -> OpenAPIServer:
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="openapi-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()  # type: ignore[return-value]

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.stop()
        if exc_type is None:
            self.assert_valid()

    @property
    def url(self) -> str:
        assert self._httpd is not None, "the server is not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    # -- scripting

    def reply(
        self,
        status: int = 200,
        *,
        json: Any = _UNSET,
        text: str | None = None,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
    ) -> OpenAPIServer:
        """Queue one answer (see ``Reply.make``)."""
        return self.queue(
            Reply.make(status, json=json, text=text, body=body, headers=headers, delay=delay)
        )

    def queue(self, reply: Reply) -> OpenAPIServer:
        """Queue one answer made beforehand."""
        with self._lock:
            self._queue.append(reply)
        return self

    def drop(self, *, delay: float = 0.0) -> OpenAPIServer:
        """Queue a non-answer: read the request, then close the connection."""
        with self._lock:
            self._queue.append(Reply(drop=True, delay=delay))
        return self

    def expect_invalid(self, count: int = 1, *, matching: tuple[str, ...] = ()) -> None:
        """The next ``count`` requests are meant to break the document: do not fail.
        ``matching``: regular expressions every error of theirs must match."""
        with self._lock:
            self._expect_invalid.extend([tuple(matching)] * count)

    def reset(self) -> None:
        """Forget the recorded requests, the queued replies and announced invalid ones."""
        with self._lock:
            self.requests.clear()
            self._queue.clear()
            self._expect_invalid.clear()

    def _record(self, record: RecordedRequest) -> Reply:
        with self._lock:
            if self._expect_invalid:
                record.expected_errors = self._expect_invalid.popleft()
                record.expected_invalid = True
            self.requests.append(record)
            if self._queue:
                return self._queue.popleft()
        return self.default or spec_default_reply(self.spec, record)

    # -- inspection

    @property
    def last(self) -> RecordedRequest:
        with self._lock:
            assert self.requests, "the server received no request"
            return self.requests[-1]

    def unexpected_invalid(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.unexpected_errors]

    def assert_valid(self) -> None:
        """Fail when a request broke the document without being announced."""
        bad = self.unexpected_invalid()
        assert not bad, f"requests that break {self.spec.path} reached the server:\n" + "\n".join(
            "  " + r.describe() for r in bad
        )


_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:?\d\d)")


def _canonical(value: str) -> str:
    """A date-time as its instant (``Z`` and ``+00:00`` are one), anything else as is."""
    if _DATE_TIME.fullmatch(value):
        try:
            moment = dt.datetime.fromisoformat(value.replace("z", "Z"))
        except ValueError:
            return value
        return moment.astimezone(dt.UTC).isoformat()
    return value


def _pairs(raw: str) -> list[tuple[str, str]]:
    return [(_lenient(n), _canonical(_lenient(v))) for n, v, _ in _split_pairs(raw)]


def _same_multiset(got: list[tuple[str, Any]], want: list[tuple[str, Any]]) -> bool:
    """Equal as multisets, keeping the order of the values of each name."""
    names = {n for n, _ in got} | {n for n, _ in want}
    return all([v for n, v in got if n == k] == [v for n, v in want if n == k] for k in names)


def expectation_mismatches(record: RecordedRequest, expected: Mapping[str, Any]) -> list[str]:
    """How a recorded request differs from a ``request:`` entry of a corpus calls.yaml,
    compared as tests/corpus/README.md says (the server's own verdict is separate).
    Date-times in the query, form fields and headers compare as instants."""
    found = []
    if record.method != str(expected["method"]).upper():
        found.append(f"method {record.method}, expected {expected['method']}")
    want_path, _, want_query = str(expected["target"]).partition("?")
    if expected.get("exact_target"):
        if record.target != expected["target"]:
            found.append(f"target {record.target!r}, expected {expected['target']!r}")
    else:
        if record.path != want_path:
            found.append(f"path {record.path!r}, expected {want_path!r}")
        if not _same_multiset(_pairs(record.query), _pairs(want_query)):
            found.append(f"query {record.query!r}, expected {want_query!r}")
    for name, value in (expected.get("headers") or {}).items():
        got = record.header(name)
        if name.lower() == "content-type" and got is not None:
            got = got.split(";", 1)[0].strip()
        if got is None or _canonical(got) != _canonical(str(value)):
            found.append(f"header {name}: {got!r}, expected {value!r}")
    for name in expected.get("absent") or []:
        if record.header(name) is not None:
            found.append(f"header {name} sent ({record.header(name)!r}), expected none")
    if expected.get("cookies") is not None:
        want = {str(k): str(v) for k, v in expected["cookies"].items()}
        if record.cookies != want:
            found.append(f"cookies {record.cookies!r}, expected {want!r}")
    found += _body_mismatches(record, expected)
    return found


def _body_mismatches(record: RecordedRequest, expected: Mapping[str, Any]) -> list[str]:
    body = record.body
    if "json" in expected:
        try:
            got = jsonlib.loads(body)
        except ValueError:
            return [f"body {body[:80]!r} is not JSON"]
        return (
            [] if got == expected["json"] else [f"JSON body {got!r}, expected {expected['json']!r}"]
        )
    if "form" in expected:
        want = [(str(k), _canonical(str(v))) for k, v in expected["form"]]
        try:
            got = [(name, _canonical(value)) for name, value in record.form()]
        except UnicodeDecodeError:
            return [f"form body {body[:80]!r} is not ASCII"]
        return [] if _same_multiset(got, want) else [f"form {got!r}, expected {want!r}"]
    if "multipart" in expected:
        return _multipart_mismatches(record, expected["multipart"])
    if "text" in expected:
        want_bytes = str(expected["text"]).encode("utf-8")
        return (
            [] if body == want_bytes else [f"text body {body[:80]!r}, expected {want_bytes[:80]!r}"]
        )
    if "base64" in expected:
        want_bytes = base64.b64decode(expected["base64"])
        return [] if body == want_bytes else [f"body {body[:40]!r}, expected {want_bytes[:40]!r}"]
    if "raw" in expected:
        return [] if body == str(expected["raw"]).encode("latin-1") else [f"body {body[:80]!r}"]
    return [f"a body of {len(body)} bytes, expected none"] if body else []


def _multipart_mismatches(record: RecordedRequest, parts: list[Mapping[str, Any]]) -> list[str]:
    boundary = _media_params(record.header("content-type") or "").get("boundary", "")
    try:
        got = _parse_multipart(record.body, boundary) if boundary else None
    except Problem as problem:
        return [str(problem)]
    if got is None:
        return ["not a multipart body"]
    seen = []
    for headers, content in got:
        names = dict(
            re.findall(r';\s*([A-Za-z*]+)="?([^";]*)"?', headers.get("content-disposition", ""))
        )
        kind = (headers.get("content-type") or "").split(";", 1)[0].strip() or None
        seen.append((names.get("name"), names.get("filename"), kind, content))
    want = []
    for part in parts:
        if "base64" in part:
            data = base64.b64decode(part["base64"])
        elif "json" in part:
            data = part["json"]
        else:
            data = str(part.get("text", "")).encode("utf-8")
        want.append((part["name"], part.get("filename"), part.get("content_type"), data))
    found = []
    remaining = list(seen)
    for name, filename, kind, data in want:
        match = next(
            (
                item
                for item in remaining
                if item[0] == name
                and item[1] == filename
                and (item[2] == kind or (kind is None and item[2] in (None, "text/plain")))
                and (_json_equal(item[3], data) if not isinstance(data, bytes) else item[3] == data)
            ),
            None,
        )
        if match is None:
            found.append(f"no part {name!r} (filename {filename!r}, type {kind!r}) as expected")
        else:
            remaining.remove(match)
    found += [f"an unexpected part {item[0]!r} ({item[2]!r})" for item in remaining]
    return found


def _json_equal(data: bytes, want: Any) -> bool:
    try:
        return bool(jsonlib.loads(data) == want)
    except ValueError:
        return False


def check_request(
    spec: str | Path | Spec,
    method: str,
    target: str,
    headers: Iterable[tuple[str, str]] = (),
    body: bytes = b"",
) -> RecordedRequest:
    """Both checks of one request, without a server (what the server records for it)."""
    loaded = spec if isinstance(spec, Spec) else Spec.load(spec)
    record = RecordedRequest(method.upper(), target, list(headers), body, time.monotonic())
    record.errors = Checker(loaded, record).run()
    return record

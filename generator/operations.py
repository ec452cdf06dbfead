"""Stage 3: the intermediate model.  Turns the validated spec into frozen dataclasses that
hold finished names and type strings, so templates never see the raw document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, SpecError
from .document import Spec
from .document.openapi import HTTP_METHODS
from .document.pointer import escape as escape_pointer_token
from .document.pointer import resolve as resolve_pointer
from .names import ClassName, PythonIdentifier, class_name, constant_name, snake_case

__all__ = [
    "Api",
    "ApiKeyAuth",
    "Body",
    "Operation",
    "Parameter",
    "Response",
    "Scalar",
    "Tag",
    "build_api",
    "scalar_schema_names",
]

_COMPONENT_SCHEMA = "#/components/schemas/"
_SCALAR_TYPES = ("string", "integer", "number", "boolean")
# Arguments every generated function has besides the parameters.
_RESERVED = frozenset(("client", "body", "max_retries", "timeout"))
_STRING_CONSTRAINTS = (
    ("maxLength", "max_length"),
    ("minLength", "min_length"),
    ("pattern", "pattern"),
)


@dataclass(frozen=True)
class Parameter:
    """A path, query or header parameter, with the Python type used to check it."""

    wire_name: str
    python_name: PythonIdentifier
    location: str
    required: bool
    annotation: str  # what the caller may pass, e.g. "UUID | str"
    checked_type: str  # what it is validated as before sending; "... | None" when optional
    description: str


@dataclass(frozen=True)
class Body:
    """A JSON request body, always a component schema's model."""

    model: ClassName
    required: bool
    description: str


@dataclass(frozen=True)
class Response:
    """One documented response: its status code (or "default") and model, if it has one."""

    status: str
    model: ClassName | None
    description: str


@dataclass(frozen=True)
class Operation:
    operation_id: str
    function_name: PythonIdentifier
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body: Body | None
    responses: tuple[Response, ...]
    success: Response | None
    deprecated: bool

    @property
    def arguments(self) -> tuple[str, ...]:
        """The positional arguments after ``client``, as "name: type"."""
        required = [f"{p.python_name}: {p.annotation}" for p in self.parameters if p.required]
        body = [f"body: {self.body.model} | Mapping[str, Any]"] if self.body else []
        return (*required, *body)

    @property
    def keyword_arguments(self) -> tuple[str, ...]:
        """The optional parameters, keyword-only, as "name: type | None = None"."""
        return tuple(
            f"{p.python_name}: {p.annotation} | None = None"
            for p in self.parameters
            if not p.required
        )

    @property
    def call_arguments(self) -> tuple[str, ...]:
        """How one function passes all of these on to another."""
        positional = [p.python_name for p in self.parameters if p.required]
        keywords = [f"{p.python_name}={p.python_name}" for p in self.parameters if not p.required]
        return (*positional, *(["body"] if self.body else []), *keywords)

    @property
    def path_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def query_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "query")

    @property
    def header_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "header")


@dataclass(frozen=True)
class Tag:
    """The operations of one tag: they become one module under ``api/``."""

    name: str
    module_name: PythonIdentifier
    description: str
    operations: tuple[Operation, ...]

    @property
    def exports(self) -> list[str]:
        """The public functions of the tag's module: four per operation, sorted."""
        variants = ("", "_async", "_async_with_response", "_with_response")
        return sorted(
            f"{op.function_name}{variant}" for op in self.operations for variant in variants
        )


@dataclass(frozen=True)
class ApiKeyAuth:
    """An API key sent in a header."""

    header: str
    key_prefix: str  # from the scheme's ``x-key-prefix``; "" when none is documented


@dataclass(frozen=True)
class Scalar:
    """A component schema that is a bare scalar, e.g. a string with a pattern.

    It becomes a type alias (``Uuid = Annotated[str, Field(pattern=...)]``) rather than a
    model, so callers pass plain values.
    """

    name: ClassName
    annotation: str
    description: str


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    description: str
    base_url: str
    env_prefix: PythonIdentifier
    auth: ApiKeyAuth | None
    scalars: tuple[Scalar, ...]
    tags: tuple[Tag, ...]


def scalar_schema_names(document: dict[str, Any]) -> list[str]:
    """The component schemas that are bare scalars (see ``Scalar``), in document order."""
    schemas = (document.get("components") or {}).get("schemas") or {}
    return [
        name
        for name, schema in schemas.items()
        if isinstance(schema, dict)
        and schema.get("type") in _SCALAR_TYPES
        and not ({"enum", "$ref", "properties", "allOf", "anyOf", "oneOf"} & schema.keys())
    ]


def _server_url(server: dict[str, Any]) -> str:
    """The server's URL with each ``{variable}`` replaced by its default."""
    variables = server.get("variables") or {}
    return re.sub(
        r"\{([^{}]*)\}",
        lambda match: str((variables.get(match[1]) or {}).get("default", match[0])),
        str(server.get("url", "")),
    )


def build_api(spec: Spec, *, package: str) -> Api:
    """Build the intermediate model; raise a located ``SpecError`` for what it can't express."""
    builder = _Builder(spec)
    api = builder.build(package)
    if builder.problems:
        raise SpecError(builder.problems)
    return api


class _Builder:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.data = spec.data
        self.problems: list[Diagnostic] = []

    def fail(self, pointer: str, message: str) -> None:
        self.problems.append(Diagnostic("generation", "error", message, self.spec.locate(pointer)))

    def build(self, package: str) -> Api:
        info = self.data.get("info", {})
        servers = self.data.get("servers") or [{"url": ""}]
        operations = self._operations()
        self._check_model_names()
        return Api(
            title=str(info.get("title", "")),
            version=str(info.get("version", "")),
            description=str(info.get("description", "")),
            base_url=_server_url(servers[0]),
            env_prefix=constant_name(package),
            auth=self._auth(),
            scalars=self._scalars(),
            tags=self._tags(operations),
        )

    def _check_model_names(self) -> None:
        """Two component schemas may not become classes of the same name."""
        seen: dict[ClassName, str] = {}
        for name in (self.data.get("components") or {}).get("schemas") or {}:
            model = class_name(name)
            if model in seen:
                self.fail(
                    f"/components/schemas/{escape_pointer_token(name)}",
                    f"schema {name!r} would be the class {model!r}, like schema {seen[model]!r}",
                )
            seen.setdefault(model, name)

    def _scalars(self) -> tuple[Scalar, ...]:
        schemas = (self.data.get("components") or {}).get("schemas") or {}
        scalars = []
        for name in scalar_schema_names(self.data):
            pointer = f"/components/schemas/{escape_pointer_token(name)}"
            _, checked = self._scalar_type(schemas[name], pointer)
            description = str(schemas[name].get("description", "")).strip()
            scalars.append(
                Scalar(name=class_name(name), annotation=checked, description=description)
            )
        return tuple(scalars)

    def _operations(self) -> list[tuple[str, Operation]]:
        found: list[tuple[str, Operation]] = []
        seen: dict[str, str] = {}
        for path, item in (self.data.get("paths") or {}).items():
            item_pointer = f"/paths/{escape_pointer_token(path)}"
            shared = [
                (raw, f"{item_pointer}/parameters/{index}")
                for index, raw in enumerate(item.get("parameters", []))
            ]
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                pointer = f"{item_pointer}/{method}"
                raw = item[method]
                operation_id = raw.get("operationId")
                if not operation_id:
                    self.fail(pointer, "operation has no operationId; it names the function")
                    continue
                function_name = snake_case(operation_id)
                if function_name in seen:
                    self.fail(
                        f"{pointer}/operationId",
                        f"operationId {operation_id!r} gives the function name {function_name!r}, "
                        f"already used by {seen[function_name]!r}",
                    )
                    continue
                seen[function_name] = operation_id
                tag = (raw.get("tags") or ["default"])[0]
                own = [
                    (value, f"{pointer}/parameters/{index}")
                    for index, value in enumerate(raw.get("parameters", []))
                ]
                found.append((tag, self._operation(pointer, path, method, raw, shared + own)))
        return found

    def _operation(
        self,
        pointer: str,
        path: str,
        method: str,
        raw: dict[str, Any],
        parameters: list[tuple[Any, str]],
    ) -> Operation:
        responses = tuple(
            self._response(f"{pointer}/responses/{escape_pointer_token(status)}", status, value)
            for status, value in (raw.get("responses") or {}).items()
        )
        success = next((r for r in responses if r.status.startswith("2") and r.model), None)
        if success is None:
            self.fail(f"{pointer}/responses", "no 2xx response with an application/json body")
        return Operation(
            operation_id=raw["operationId"],
            function_name=snake_case(raw["operationId"]),
            method=method.upper(),
            path=path,
            summary=str(raw.get("summary", "")).strip(),
            description=str(raw.get("description", "")).strip(),
            parameters=self._parameters(parameters),
            body=self._body(f"{pointer}/requestBody", raw.get("requestBody")),
            responses=responses,
            success=success,
            deprecated=bool(raw.get("deprecated", False)),
        )

    def _parameters(self, declared: list[tuple[Any, str]]) -> tuple[Parameter, ...]:
        """Path-level then operation-level parameters; the operation's win on a clash."""
        by_key: dict[tuple[str, str], Parameter] = {}
        taken: dict[str, tuple[str, str]] = {}  # argument name -> (name, in) it stands for
        for raw, where in declared:
            raw, where = self._deref(raw, where)
            location = raw.get("in", "")
            if location == "cookie":
                self.fail(where, "cookie parameters are not supported")
                continue
            schema, _ = self._deref(raw.get("schema", {}), f"{where}/schema")
            annotation, checked = self._scalar_type(schema, f"{where}/schema")
            required = bool(raw.get("required", location == "path"))
            python_name = snake_case(raw["name"])
            key = (raw["name"], location)
            if python_name in _RESERVED or taken.get(python_name, key) != key:
                self.fail(
                    f"{where}/name",
                    f"parameter {raw['name']!r} becomes the argument {python_name!r}, "
                    "which the generated function already has",
                )
                continue
            taken[python_name] = key
            by_key[key] = Parameter(
                wire_name=raw["name"],
                python_name=python_name,
                location=location,
                required=required,
                annotation=annotation,
                checked_type=checked if required else f"{checked} | None",
                description=str(raw.get("description", "")).strip(),
            )
        return tuple(sorted(by_key.values(), key=lambda p: (not p.required,)))

    def _scalar_type(self, schema: dict[str, Any], pointer: str) -> tuple[str, str]:
        """(what a caller may pass, what the value is checked as) for a scalar schema.

        A uuid with a pattern is checked as a string against the pattern (see
        ``models_stage``: pydantic's UUID cannot take one); a UUID object is accepted too.
        """
        kind = schema.get("type")
        is_uuid = kind == "string" and schema.get("format") == "uuid"
        if is_uuid and "pattern" not in schema:
            return "UUID | str", "UUID"
        if kind == "string" and isinstance(schema.get("enum"), list):
            values = ", ".join(repr(str(value)) for value in schema["enum"])
            return "str", f"Literal[{values}]"
        if kind == "string":
            constraints = {
                snake: schema[camel] for camel, snake in _STRING_CONSTRAINTS if camel in schema
            }
            annotation = "UUID | str" if is_uuid else "str"
            if not constraints:
                return annotation, "str"
            arguments = ", ".join(f"{key}={value!r}" for key, value in sorted(constraints.items()))
            return annotation, f"Annotated[str, Field({arguments})]"
        if kind in ("integer", "number", "boolean"):
            python = {"integer": "int", "number": "float", "boolean": "bool"}[kind]
            return python, python
        self.fail(pointer, f"a schema of type {kind!r} is not supported here; use a scalar type")
        return "str", "str"

    def _body(self, pointer: str, raw: dict[str, Any] | None) -> Body | None:
        if raw is None:
            return None
        raw, pointer = self._deref(raw, pointer)
        content = raw.get("content", {})
        if "application/json" not in content:
            self.fail(f"{pointer}/content", "only application/json request bodies are supported")
            return None
        model = self._model_of(
            f"{pointer}/content/application~1json/schema", content["application/json"]
        )
        if model is None:
            return None
        return Body(
            model=model,
            required=bool(raw.get("required", False)),
            description=str(raw.get("description", "")).strip(),
        )

    def _response(self, pointer: str, status: str, raw: dict[str, Any]) -> Response:
        raw, pointer = self._deref(raw, pointer)
        content = raw.get("content") or {}
        model = None
        if "application/json" in content:
            media = content["application/json"]
            model = self._model_of(f"{pointer}/content/application~1json/schema", media)
        return Response(
            status=status, model=model, description=str(raw.get("description", "")).strip()
        )

    def _model_of(self, pointer: str, media: dict[str, Any]) -> ClassName | None:
        ref = (media.get("schema") or {}).get("$ref", "")
        if not ref.startswith(_COMPONENT_SCHEMA):
            self.fail(
                pointer,
                "a body schema must be a $ref to '#/components/schemas/...' so that its "
                "model has a stable name",
            )
            return None
        return class_name(ref.removeprefix(_COMPONENT_SCHEMA))

    def _auth(self) -> ApiKeyAuth | None:
        schemes = (self.data.get("components") or {}).get("securitySchemes") or {}
        for name, scheme in schemes.items():
            pointer = f"/components/securitySchemes/{escape_pointer_token(name)}"
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                return ApiKeyAuth(
                    header=scheme["name"],
                    key_prefix=str(scheme.get("x-key-prefix", "")),
                )
            self.fail(pointer, "only apiKey security schemes sent in a header are supported")
        return None

    def _tags(self, operations: list[tuple[str, Operation]]) -> tuple[Tag, ...]:
        descriptions = {t["name"]: t.get("description", "") for t in self.data.get("tags", [])}
        names = sorted({tag for tag, _ in operations})
        return tuple(
            Tag(
                name=name,
                module_name=snake_case(name),
                description=str(descriptions.get(name, "")).strip(),
                operations=tuple(op for tag, op in operations if tag == name),
            )
            for name in names
        )

    def _deref(self, raw: Any, pointer: str) -> tuple[Any, str]:
        """Follow ``$ref`` chains (already checked to resolve) to the object and its pointer."""
        seen = set()
        while (
            isinstance(raw, dict) and isinstance(raw.get("$ref"), str) and raw["$ref"] not in seen
        ):
            seen.add(raw["$ref"])
            pointer = raw["$ref"].lstrip("#")
            raw = resolve_pointer(self.data, pointer)
        return raw, pointer

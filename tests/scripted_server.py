"""A real HTTP server on 127.0.0.1 that answers from a script and checks requests against the spec.

The server knows nothing about the generated client: every request it receives is checked
against spec/openapi.yaml with an independent validator (``jsonschema`` Draft 2020-12 over
the whole OpenAPI document, with format checking), and its answers come from a queue the
test fills beforehand::

    server.reply(429, headers={"Retry-After": "0"}, json={...})
    server.reply(200, json={...})
    server.reply(200, body=gzipped, headers={"Content-Encoding": "gzip"})  # bytes as given
    server.reply(200, json={...}, drip=0.1)  # the body one byte every 0.1 s
    server.drop()                 # read the request, then close the connection unanswered

When the queue is empty the server answers with the spec's 200 example of the operation.
Every request is recorded (method, raw path, headers, exact body bytes, arrival time
from ``time.monotonic()``) together with the validation errors found in it.
"""

from __future__ import annotations

import itertools
import json as jsonlib
import re
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

if TYPE_CHECKING:
    from typing import Self

SPEC_PATH = Path(__file__).resolve().parent.parent / "spec" / "openapi.yaml"
SPEC_URI = "urn:scripted-server:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_UNSET: Any = object()


# --------------------------------------------------------------------------- validation


def _pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) to the given location in the spec document."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class SpecValidator:
    """Checks a raw HTTP request against an OpenAPI 3.1 document.

    Independent of the generated client: it works from the YAML document alone.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.registry: Registry = Registry().with_resource(
            SPEC_URI, DRAFT202012.create_resource(spec)
        )
        self._validators: dict[str, Draft202012Validator] = {}
        self._routes: list[tuple[str, re.Pattern[str]]] = []
        for template in spec.get("paths", {}):
            regex = ""
            for literal, name in re.findall(r"([^{]*)(?:\{([^}]+)\})?", template):
                regex += re.escape(literal)
                if name:
                    regex += f"(?P<{re.sub(r'[^0-9A-Za-z_]', '_', name)}>[^/]+)"
            self._routes.append((template, re.compile("^" + regex + "$")))

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> SpecValidator:
        with path.open(encoding="utf-8") as fh:
            return cls(yaml.safe_load(fh))

    # -- helpers

    def resolve(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow local ``$ref``s of a (non-schema) object: returns the node and its pointer."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"only local references are supported, got {ref!r}")
            pointer = ref[1:]
            node = self.spec
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            seen += 1
            if seen > 50:
                raise ValueError(f"reference loop at {ref!r}")
        return node, pointer

    def schema_errors(self, pointer: str, instance: Any, where: str) -> list[str]:
        """Validate ``instance`` against the schema at ``pointer`` in the spec document."""
        validator = self._validators.get(pointer)
        if validator is None:
            validator = Draft202012Validator(
                {"$ref": f"{SPEC_URI}#{pointer}"},
                registry=self.registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
            self._validators[pointer] = validator
        errors = []
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.path)):
            location = where + "".join(f"[{p!r}]" for p in error.absolute_path)
            errors.append(f"{location}: {error.message}")
        return errors

    def find_route(self, raw_path: str) -> tuple[str, dict[str, str]] | None:
        for template, regex in self._routes:
            match = regex.match(raw_path)
            if match:
                names = re.findall(r"\{([^}]+)\}", template)
                values = match.groups()
                return template, dict(zip(names, values, strict=True))
        return None

    # -- the check

    def validate(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> list[str]:
        """Every way the request departs from the spec, as human-readable strings."""
        errors: list[str] = []
        split = urlsplit(target)
        if split.scheme or split.netloc or not target.startswith("/"):
            return [f"request target {target!r} is not in origin form"]
        route = self.find_route(split.path)
        if route is None:
            return [f"no path template of the spec matches {split.path!r}"]
        template, raw_values = route
        path_item_pointer = _pointer("paths", template)
        path_item, path_item_pointer = self.resolve(self.spec["paths"][template], path_item_pointer)
        verb = method.lower()
        if verb not in path_item or verb not in HTTP_METHODS:
            return [f"{method} is not an operation of {template}"]
        op_pointer = path_item_pointer + _pointer(verb)
        operation = path_item[verb]

        header_map: dict[str, list[str]] = {}
        for name, value in headers:
            header_map.setdefault(name.lower(), []).append(value)

        # Parameters: path-item level, overridden by operation level (same name and "in").
        params: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for base_node, base_pointer in (
            (path_item, path_item_pointer),
            (operation, op_pointer),
        ):
            for index, raw in enumerate(base_node.get("parameters", [])):
                param, pointer = self.resolve(raw, base_pointer + _pointer("parameters", index))
                params[(param["name"], param["in"])] = (param, pointer)

        query = parse_qsl(split.query, keep_blank_values=True)
        query_names = {name for name, _ in query}
        declared_query = {name for (name, where) in params if where == "query"}
        for name in sorted(query_names - declared_query):
            errors.append(f"query parameter {name!r} is not declared by the spec")

        for (name, where), (param, pointer) in params.items():
            has_schema = "schema" in param
            schema_pointer = pointer + _pointer("schema")
            if where == "path":
                if name not in raw_values:
                    errors.append(f"path parameter {name!r} is not in the template")
                    continue
                raw = raw_values[name]
                value = unquote(raw, errors="strict")
                if has_schema:
                    errors += self.schema_errors(
                        schema_pointer, self._coerce(param, value), f"path parameter {name}"
                    )
            elif where == "query":
                values = [v for n, v in query if n == name]
                if not values:
                    if param.get("required"):
                        errors.append(f"required query parameter {name!r} is missing")
                    continue
                if has_schema:
                    for value in values:
                        errors += self.schema_errors(
                            schema_pointer, self._coerce(param, value), f"query parameter {name}"
                        )
            elif where == "header":
                values = header_map.get(name.lower(), [])
                if not values:
                    if param.get("required"):
                        errors.append(f"required header {name!r} is missing")
                    continue
                if has_schema:
                    for value in values:
                        errors += self.schema_errors(
                            schema_pointer, self._coerce(param, value), f"header {name}"
                        )

        errors += self._check_security(operation, header_map)
        errors += self._check_body(operation, op_pointer, header_map, body)
        return errors

    def _coerce(self, param: dict[str, Any], text: str) -> Any:
        """Parameters arrive as text: turn them into the JSON type their schema asks for."""
        schema, _ = self.resolve(param.get("schema", {}), "")
        kind = schema.get("type")
        try:
            if kind == "integer":
                return int(text)
            if kind == "number":
                return float(text)
            if kind == "boolean":
                return {"true": True, "false": False}.get(text, text)
        except ValueError:
            return text
        return text

    def _check_security(
        self, operation: dict[str, Any], header_map: dict[str, list[str]]
    ) -> list[str]:
        requirements = operation.get("security", self.spec.get("security", []))
        if not requirements:
            return []
        schemes = self.spec.get("components", {}).get("securitySchemes", {})
        failures = []
        for requirement in requirements:
            missing = []
            for scheme_name in requirement:
                scheme, _ = self.resolve(schemes[scheme_name], "")
                if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                    values = header_map.get(scheme["name"].lower(), [])
                    if not values or not values[0]:
                        missing.append(f"header {scheme['name']!r}")
                elif scheme.get("type") == "http":
                    if not header_map.get("authorization"):
                        missing.append("header 'Authorization'")
                else:
                    missing.append(f"unsupported security scheme {scheme_name!r}")
            if not missing:
                return []
            failures.append(" and ".join(missing))
        return [f"security requirement not met: missing {' / '.join(failures)}"]

    def _check_body(
        self,
        operation: dict[str, Any],
        op_pointer: str,
        header_map: dict[str, list[str]],
        body: bytes,
    ) -> list[str]:
        if "requestBody" not in operation:
            return [f"the operation takes no body, got {len(body)} bytes"] if body else []
        request_body, rb_pointer = self.resolve(
            operation["requestBody"], op_pointer + _pointer("requestBody")
        )
        if not body:
            return (
                ["the request body is required but empty"] if request_body.get("required") else []
            )
        content_type = (header_map.get("content-type") or [""])[0]
        media = content_type.split(";", 1)[0].strip().lower()
        content = request_body.get("content", {})
        if media not in content:
            return [f"content-type {content_type!r} is not one of {sorted(content)}"]
        if media != "application/json" and not media.endswith("+json"):
            return []
        try:
            instance = jsonlib.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return [f"the body is not UTF-8 JSON: {exc}"]
        if "schema" not in content[media]:
            return []
        return self.schema_errors(
            rb_pointer + _pointer("content", media, "schema"), instance, "body"
        )


# --------------------------------------------------------------------------- recording


@dataclass
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str
    """The raw request target, percent-encoding preserved (query string included)."""
    headers: list[tuple[str, str]]
    body: bytes
    time: float
    """Arrival time, ``time.monotonic()``."""
    errors: list[str] = field(default_factory=list)
    """What the spec validator found wrong with the request."""
    expected_invalid: bool = False
    expected_errors: tuple[str, ...] = ()
    """With ``expected_invalid``: patterns every error must match (none: any error)."""

    @property
    def unexpected_errors(self) -> list[str]:
        """The errors the test did not announce with ``expect_invalid``."""
        if not self.expected_invalid:
            return list(self.errors)
        if not self.expected_errors:
            return []
        return [
            error
            for error in self.errors
            if not any(re.search(pattern, error) for pattern in self.expected_errors)
        ]

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def json(self) -> Any:
        return jsonlib.loads(self.body)


@dataclass
class ScriptedReply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    drop: bool = False
    drip: float = 0.0
    """Seconds between the bytes of the body (0: all at once)."""
    drip_headers: bool = False
    """With ``drip``: the status line and headers one byte at a time too."""


# --------------------------------------------------------------------------- the server


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    scripted: ScriptedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up (timeouts, dropped connections) is part of the tests.
        self.scripted.handler_errors += 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle's algorithm and
        # the peer's delayed ACK add ~40 ms to every answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _quick_ack(self) -> None:
        # Clients (httpcore among them) also write headers and body separately, and without
        # TCP_NODELAY on their side the body waits for our delayed ACK (~40 ms on Linux).
        # Quick-ack mode is not sticky, so it is asked for again before every read.
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
        arrived = time.monotonic()
        scripted = self.server.scripted
        body = self._read_body()
        headers = list(self.headers.items())
        try:
            errors = scripted.validator.validate(self.command, self.path, headers, body)
        except Exception as exc:  # noqa: BLE001 - a validator crash is a failure, not a hang
            errors = [f"validator crashed: {exc!r}"]
        record = RecordedRequest(self.command, self.path, headers, body, arrived, errors)
        reply = scripted._record(record)
        if reply.delay:
            scripted._stopping.wait(reply.delay)
        if reply.drop:
            self.close_connection = True
            return
        try:
            if reply.drip:
                self._drip(reply)
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            lowered = {name.lower() for name in reply.headers}
            if "content-length" not in lowered:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _drip(self, reply: ScriptedReply) -> None:
        """Send the answer a byte at a time, ``reply.drip`` seconds apart, until it is all
        out, the client hangs up, or the server stops."""
        self.close_connection = True
        head = f"HTTP/1.1 {reply.status} {self.responses.get(reply.status, ('',))[0]}\r\n"
        headers = {"Content-Length": str(len(reply.body)), **reply.headers}
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
        data = head.encode("latin-1") + reply.body
        start = 0 if reply.drip_headers else len(head)
        self.wfile.write(data[:start])
        self.wfile.flush()
        for index in range(start, len(data)):
            self.wfile.write(data[index : index + 1])
            self.wfile.flush()
            if self.server.scripted._stopping.wait(reply.drip):
                return

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


class ScriptedServer:
    """See the module docstring.  Use ``start()``/``stop()`` or the ``server`` fixture."""

    def __init__(
        self, validator: SpecValidator | None = None, *, default_json: Any = _UNSET
    ) -> None:
        """``default_json``: the reply when none is scripted (default: the 200 example of
        ``PATCH /v2/campaigns/{campaignId}`` in the spec)."""
        self.validator = validator or SpecValidator.load()
        self.requests: list[RecordedRequest] = []
        self.handler_errors = 0
        self._queue: deque[ScriptedReply] = deque()
        self._expect_invalid: deque[tuple[str, ...]] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.default_reply = ScriptedReply(
            200,
            {"Content-Type": "application/json"},
            jsonlib.dumps(
                self.spec_example_response() if default_json is _UNSET else default_json
            ).encode("utf-8"),
        )

    # -- lifecycle

    def start(self) -> ScriptedServer:
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.scripted = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="scripted-server",
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
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "the server is not started"
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- scripting

    def reply(
        self,
        status: int = 200,
        *,
        json: Any = _UNSET,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        drip: float = 0.0,
        drip_headers: bool = False,
    ) -> ScriptedServer:
        """Queue one answer.  ``json`` is encoded (and sets Content-Type); ``body`` is sent raw.

        ``delay``: wait that long before answering.  ``drip``: send the body one byte every
        ``drip`` seconds (the headers too with ``drip_headers``).
        """
        headers = dict(headers or {})
        if json is not _UNSET:
            if body is not None:
                raise TypeError("give json or body, not both")
            payload = jsonlib.dumps(json).encode("utf-8")
            if not any(name.lower() == "content-type" for name in headers):
                headers["Content-Type"] = "application/json"
        elif isinstance(body, str):
            payload = body.encode("utf-8")
        else:
            payload = body or b""
        with self._lock:
            self._queue.append(
                ScriptedReply(status, headers, payload, delay, drip=drip, drip_headers=drip_headers)
            )
        return self

    def drop(self, *, delay: float = 0.0) -> ScriptedServer:
        """Queue a non-answer: read the request, then close the connection."""
        with self._lock:
            self._queue.append(ScriptedReply(drop=True, delay=delay))
        return self

    def expect_invalid(self, count: int = 1, *, matching: tuple[str, ...] = ()) -> None:
        """The next ``count`` requests are meant to break the spec: do not fail the test.

        ``matching``: regular expressions; every error found in those requests must match
        one of them, so a request that breaks the spec in another way still fails.
        """
        with self._lock:
            self._expect_invalid.extend([tuple(matching)] * count)

    def _record(self, record: RecordedRequest) -> ScriptedReply:
        with self._lock:
            if self._expect_invalid:
                record.expected_errors = self._expect_invalid.popleft()
                record.expected_invalid = True
            self.requests.append(record)
            return self._queue.popleft() if self._queue else self.default_reply

    # -- inspection

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    @property
    def last(self) -> RecordedRequest:
        with self._lock:
            assert self.requests, "the server received no request"
            return self.requests[-1]

    def gaps(self) -> list[float]:
        """Seconds between the arrivals of consecutive requests."""
        with self._lock:
            times = [r.time for r in self.requests]
        return [b - a for a, b in itertools.pairwise(times)]

    def unexpected_invalid(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.unexpected_errors]

    # -- the spec's examples

    def spec_example_response(
        self, template: str = "/v2/campaigns/{campaignId}", method: str = "patch"
    ) -> Any:
        """The first example of the operation's 200 application/json response."""
        operation = self.validator.spec["paths"][template][method]
        response, _ = self.validator.resolve(operation["responses"]["200"], "")
        media = response["content"]["application/json"]
        if "example" in media:
            return media["example"]
        example, _ = self.validator.resolve(next(iter(media["examples"].values())), "")
        return example["value"]


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])

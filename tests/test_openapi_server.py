"""The validating server (tests/openapi_server.py) and the construct corpus (tests/corpus/).

The server's verdicts are what the corpus's behaviour tests rest on, so these tests send
it hand-made requests with plain httpx (or straight to its checker): every correct request
of every ``calls.yaml`` must pass both checks, every ``wrong`` variant must be caught, and
for each of openapi-core's blind spots the test shows openapi-core missing it and the wire
check catching it.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import yaml
from openapi_spec_validator import validate

from tests.corpus_packages import CONSTRUCTS, CORPUS, load_calls, reply_of, snake
from tests.openapi_server import (
    OpenAPIServer,
    Reply,
    Spec,
    _reply_errors,
    check_request,
    expectation_mismatches,
)

BOUNDARY = "corpus-boundary-7d1f"


def all_calls() -> list[tuple[str, dict[str, Any]]]:
    return [
        (construct, call) for construct in CONSTRUCTS for call in load_calls(construct)["calls"]
    ]


def all_wrongs() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [
        (construct, call, wrong)
        for construct, call in all_calls()
        for wrong in call.get("wrong", [])
    ]


# --------------------------------------------------------------------------- replaying


def _file_bytes(part: dict[str, Any]) -> bytes:
    if "base64" in part:
        return base64.b64decode(part["base64"])
    if "json" in part:
        return json.dumps(part["json"], separators=(",", ":")).encode()
    return str(part.get("text", "")).encode()


def _multipart(parts: list[dict[str, Any]]) -> bytes:
    out = b""
    for part in parts:
        disposition = f'form-data; name="{part["name"]}"'
        if "filename" in part:
            disposition += f'; filename="{part["filename"]}"'
        out += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n".encode()
        if part.get("content_type"):
            out += f"Content-Type: {part['content_type']}\r\n".encode()
        out += b"\r\n" + _file_bytes(part) + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


BODY_KINDS = ("json", "form", "multipart", "text", "base64", "raw")


def wire(request: dict[str, Any]) -> tuple[str, str, list[tuple[str, str]], bytes]:
    """The raw request a ``request:`` entry of calls.yaml describes."""
    headers = [(str(k), str(v)) for k, v in (request.get("headers") or {}).items()]
    names = {name.lower() for name, _ in headers}
    if request.get("cookies"):
        cookie = "; ".join(f"{k}={v}" for k, v in request["cookies"].items())
        headers.append(("Cookie", cookie))
    body = b""
    kind = next((k for k in BODY_KINDS if k in request), None)
    default_type = None
    if kind == "json":
        body = json.dumps(request["json"], separators=(",", ":")).encode()
        default_type = "application/json"
    elif kind == "form":
        body = "&".join(
            f"{quote(str(k), safe='')}={quote(str(v), safe='')}" for k, v in request["form"]
        ).encode()
        default_type = "application/x-www-form-urlencoded"
    elif kind == "multipart":
        body = _multipart(request["multipart"])
        default_type = "multipart/form-data"
    elif kind == "text":
        body = request["text"].encode()
        default_type = "text/plain"
    elif kind == "base64":
        body = base64.b64decode(request["base64"])
    elif kind == "raw":
        body = request["raw"].encode("latin-1")
    if default_type and "content-type" not in names:
        headers.append(("Content-Type", default_type))
    headers = [
        (
            n,
            f"{v}; boundary={BOUNDARY}"
            if n.lower() == "content-type" and v == "multipart/form-data"
            else v,
        )
        for n, v in headers
    ]
    return request["method"], request["target"], headers, body


def with_changes(request: dict[str, Any], wrong: dict[str, Any]) -> dict[str, Any]:
    changed = dict(request)
    old_kind = next((kind for kind in BODY_KINDS if kind in request), None)
    new_kind = next((kind for kind in BODY_KINDS if kind in wrong), None)
    if new_kind:
        for kind in BODY_KINDS:
            changed.pop(kind, None)
    if new_kind and new_kind != old_kind:
        # A client that sends another kind of body labels it as such.
        changed["headers"] = {
            k: v for k, v in (changed.get("headers") or {}).items() if k.lower() != "content-type"
        }
    for key, value in wrong.items():
        if key in ("why", "errors", "core_misses"):
            continue
        if key == "headers" and value is not None:
            merged = dict(changed.get("headers") or {})
            for name, item in value.items():
                if item is None:
                    merged.pop(name, None)
                else:
                    merged[name] = item
            changed["headers"] = merged
        else:
            changed[key] = value
    return changed


# --------------------------------------------------------------------------- the corpus


def test_the_corpus_has_a_spec_per_construct_and_the_library() -> None:
    assert "library" in CONSTRUCTS
    assert 25 <= len(CONSTRUCTS) <= 60, CONSTRUCTS
    for construct in CONSTRUCTS:
        assert (CORPUS / construct / "calls.yaml").is_file(), construct


@pytest.mark.parametrize("construct", CONSTRUCTS)
def test_every_spec_is_valid_and_says_what_it_exercises(construct: str) -> None:
    text = (CORPUS / construct / "spec.yaml").read_text(encoding="utf-8")
    header = text.split("\nopenapi:", 1)[0]
    assert header.startswith("#") and "wire" in header.lower(), (
        f"{construct}/spec.yaml must open with a comment giving the wire expectation"
    )
    validate(yaml.safe_load(text))
    Spec.load(CORPUS / construct / "spec.yaml")


@pytest.mark.parametrize("construct", CONSTRUCTS)
def test_calls_name_real_operations_with_the_conventional_names(construct: str) -> None:
    calls = load_calls(construct)
    spec = Spec.load(CORPUS / construct / "spec.yaml")
    assert set(calls) <= {"package", "note", "calls"}, set(calls)
    assert re.fullmatch(r"[a-z][a-z0-9_]*", calls["package"]), calls["package"]
    by_id = {op.operation_id: op for op in spec.operations.values() if op.operation_id}
    names = [call["name"] for call in calls["calls"]]
    most = 10 if construct == "library" else 5  # the combined API exercises more
    assert len(names) == len(set(names)) and 1 <= len(names) <= most, names
    for call in calls["calls"]:
        operation = call["operation"]
        if operation in by_id:
            assert call["function"] == snake(operation), call["name"]
            op = by_id[operation]
        else:
            method, template = operation.split(" ", 1)
            op = spec.operations[(template, method.lower())]
            assert op.operation_id is None and call["function"] is None, call["name"]
        assert set(call) <= CALL_KEYS, (call["name"], set(call) - CALL_KEYS)
        request = call["request"]
        assert set(request) <= REQUEST_KEYS, (call["name"], set(request) - REQUEST_KEYS)
        assert isinstance(request["target"], str) and request["target"].startswith("/")
        assert sum(kind in request for kind in BODY_KINDS) <= 1, call["name"]
        assert set(call["response"]) <= {"status", "headers", "json", "text", "base64"}
        for wrong in call.get("wrong", []):
            assert set(wrong) <= REQUEST_KEYS | {"why", "errors", "core_misses"}, wrong
            assert wrong["why"] and wrong["errors"], wrong
        tags = op.node.get("tags") or []
        assert call["module"] == (snake(tags[0]) if tags else None), call["name"]
        assert call["request"]["method"].lower() == op.method, call["name"]


CALL_KEYS = {
    "name",
    "operation",
    "module",
    "function",
    "client",
    "env",
    "args",
    "body",
    "kwargs",
    "request",
    "response",
    "returns",
    "wrong",
    "note",
}
REQUEST_KEYS = {
    "method",
    "target",
    "exact_target",
    "headers",
    "absent",
    "cookies",
    *BODY_KINDS,
}


@pytest.mark.parametrize(
    ("construct", "call"), all_calls(), ids=[f"{c}-{call['name']}" for c, call in all_calls()]
)
def test_every_correct_request_of_the_corpus_passes_both_checks(
    construct: str, call: dict[str, Any]
) -> None:
    spec = Spec.load(CORPUS / construct / "spec.yaml")
    method, target, headers, body = wire(call["request"])
    record = check_request(spec, method, target, headers, body)
    assert record.errors == [], (target, body)
    assert record.core_ignored == [] or construct in CORE_MISREADS, record.core_ignored
    for name in call["request"].get("absent", []):
        assert record.header(name) is None
    reply = reply_of(call["response"])
    assert _reply_errors(spec, record, reply) == []
    assert expectation_mismatches(record, call["request"]) == []


CORE_MISREADS = {
    "query-objects",
    "query-arrays",
    "form-deep-object",
    "multipart",
    "binary-body",
    "library",
}
"""The constructs whose correct requests openapi-core 0.23.1 misreads (see the server)."""


@pytest.mark.parametrize(
    ("construct", "call", "wrong"),
    all_wrongs(),
    ids=[f"{c}-{call['name']}-{i}" for i, (c, call, _) in enumerate(all_wrongs())],
)
def test_every_wrong_request_of_the_corpus_is_caught(
    construct: str, call: dict[str, Any], wrong: dict[str, Any]
) -> None:
    spec = Spec.load(CORPUS / construct / "spec.yaml")
    record = check_request(spec, *wire(with_changes(call["request"], wrong)))
    assert record.errors, wrong["why"]
    for pattern in wrong["errors"]:
        assert any(re.search(pattern, error) for error in record.errors), (pattern, record.errors)
    assert expectation_mismatches(record, call["request"]), "the wrong request looks right"
    core = [error for error in record.errors if error.startswith("openapi-core:")]
    if wrong.get("core_misses"):
        assert core == [], f"openapi-core does see it now: {core}"


# --------------------------------------------------------------------------- the server

LIBRARY = CORPUS / "library" / "spec.yaml"
BEARER = {"Authorization": "Bearer t0k"}
BOOK = {
    "id": "bk_1",
    "title": "Dune",
    "authors": [{"name": "Frank Herbert"}],
    "createdAt": "2024-01-01T00:00:00Z",
    "hasCover": False,
}


def test_a_request_over_http_is_recorded_with_what_both_checks_made_of_it() -> None:
    with OpenAPIServer(LIBRARY) as server:
        server.reply(201, json=BOOK, headers={"Location": "/books/bk_1"})
        with httpx.Client(base_url=server.url) as http:
            response = http.post(
                "/books?",
                headers=BEARER,
                json={"title": "Dune", "authors": [{"name": "Frank Herbert"}]},
            )
        assert response.status_code == 201 and response.json() == BOOK
        assert response.headers["location"] == "/books/bk_1"
        request = server.last
    assert request.method == "POST" and request.operation_id == "createBook"
    assert request.template == "/books" and request.path == "/books"
    assert request.header("authorization") == "Bearer t0k"
    assert request.json() == {"title": "Dune", "authors": [{"name": "Frank Herbert"}]}
    assert request.body_value == request.json() == request.core_body
    assert request.credentials == {"bearerAuth": "t0k"}
    assert request.errors == [] and request.reply_errors == [] and request.reply_status == 201


def test_parameters_are_decoded_by_both_checks() -> None:
    with OpenAPIServer(LIBRARY) as server:
        server.reply(200, json={"data": [], "nextCursor": None})
        target = "/books?cursor=c1&tag=a+b&tag=c&genre=novel,essay&limit=5"
        httpx.get(server.url + target, headers=BEARER)
        request = server.last
    assert request.target == target and request.query == target.split("?")[1]
    assert request.params["query"] == {
        "cursor": "c1",
        "tag": ["a b", "c"],
        "genre": ["novel", "essay"],
        "limit": 5,
    }
    assert request.core_parameters.query["tag"] == ["a b", "c"]
    assert request.core_parameters.query["limit"] == 5


def test_cookies_and_headers_are_recorded_raw() -> None:
    spec = CORPUS / "cookie-params" / "spec.yaml"
    with OpenAPIServer(spec) as server:
        server.reply(200, json={"items": 1})
        httpx.get(server.url + "/cart", headers={"Cookie": "session=x%20y; prefs=a,b"})
        request = server.last
    assert request.cookies == {"session": "x%20y", "prefs": "a,b"}
    assert request.params["cookie"] == {"session": "x y", "prefs": ["a", "b"]}
    assert request.errors == []


async def test_async_clients_and_concurrent_requests() -> None:
    with OpenAPIServer(LIBRARY) as server:
        async with httpx.AsyncClient(base_url=server.url) as http:
            import asyncio

            for _ in range(8):
                server.reply(200, json={"status": "ok"})
            answers = await asyncio.gather(*(http.get("/health") for _ in range(8)))
    assert [answer.json() for answer in answers] == [{"status": "ok"}] * 8
    assert len(server.requests) == 8
    assert all(r.errors == [] and r.operation_id == "getHealth" for r in server.requests)


def test_without_a_script_the_answer_is_the_documents_first_2xx() -> None:
    spec = CORPUS / "methods" / "spec.yaml"
    with OpenAPIServer(spec) as server, httpx.Client(base_url=server.url) as http:
        deleted = http.delete("/things/t1")
        touched = http.post("/things/t1")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert (touched.status_code, touched.content) == (202, b"")


def test_a_configured_default_answers_when_the_queue_is_empty() -> None:
    default = Reply.make(418, text="teapot")
    with OpenAPIServer(LIBRARY, default=default) as server:
        server.reply(200, json={"status": "degraded"})
        first = httpx.get(server.url + "/health")
        second = httpx.get(server.url + "/health")
    assert first.json() == {"status": "degraded"}
    assert (second.status_code, second.text) == (418, "teapot")
    assert server.requests[1].reply_errors, "418 is not an answer of the document"


def test_replies_carry_text_bytes_headers_and_delays_and_can_be_dropped() -> None:
    with OpenAPIServer(LIBRARY) as server:
        server.reply(200, body=b"\x89PNG", headers={"Content-Type": "image/png"}, delay=0.05)
        server.drop()
        with httpx.Client(base_url=server.url, headers=BEARER) as http:
            cover = http.get("/books/bk_1/cover")
            with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
                http.get("/books/bk_1/cover")
    assert cover.content == b"\x89PNG" and cover.headers["content-type"] == "image/png"
    assert server.requests[0].reply_errors == []


def test_every_method_goes_over_the_wire() -> None:
    with OpenAPIServer(CORPUS / "methods" / "spec.yaml") as server:
        server.reply(200, json={"id": "t", "name": "n"})
        server.reply(200, headers={"Content-Length": "0"})
        server.reply(204, headers={"Allow": "GET, PUT"})
        server.reply(200, text="TRACE /things/t HTTP/1.1", headers={"Content-Type": "message/http"})
        with httpx.Client(base_url=server.url) as http:
            assert http.put("/things/t", json={"id": "t", "name": "n"}).json()["id"] == "t"
            assert http.head("/things/t").content == b""
            assert http.options("/things/t").headers["allow"] == "GET, PUT"
            assert http.request("TRACE", "/things/t").text.startswith("TRACE")
    assert [r.operation_id for r in server.requests] == [
        "replaceThing",
        "thingExists",
        "thingOptions",
        "traceThing",
    ]
    assert all(r.errors == [] for r in server.requests)


def test_a_chunked_body_is_read_whole() -> None:
    def chunks():
        yield b"\x00\xff"
        yield b"\x10\x80"

    with OpenAPIServer(CORPUS / "binary-body" / "spec.yaml") as server:
        server.reply(201, json={"size": 4})
        httpx.put(
            server.url + "/blobs/k",
            content=chunks(),
            headers={"Content-Type": "application/octet-stream"},
        )
    assert server.last.body == b"\x00\xff\x10\x80" and server.last.errors == []


def test_an_invalid_request_fails_the_test_unless_announced() -> None:
    server = OpenAPIServer(LIBRARY).start()
    try:
        httpx.get(server.url + "/books")  # no credentials
    finally:
        server.stop()
    with pytest.raises(AssertionError, match="no security requirement is met"):
        server.assert_valid()
    with (
        pytest.raises(AssertionError, match="requests that break"),
        OpenAPIServer(LIBRARY) as other,
    ):
        httpx.get(other.url + "/nowhere")


def test_announced_invalid_requests_must_break_the_document_as_announced() -> None:
    with OpenAPIServer(LIBRARY) as server:
        server.expect_invalid(matching=(r"security requirement", r"openapi-core"))
        httpx.get(server.url + "/books")
    server.expect_invalid(matching=(r"security requirement",))
    server.start()
    try:
        httpx.get(server.url + "/books?bogus=1", headers=BEARER)
    finally:
        server.stop()
    with pytest.raises(AssertionError, match="'bogus' is not declared"):
        server.assert_valid()


def test_the_document_is_loaded_once_per_version_of_the_file(tmp_path: Path) -> None:
    assert Spec.load(LIBRARY) is Spec.load(str(LIBRARY))
    copy = tmp_path / "spec.yaml"
    copy.write_text(LIBRARY.read_text())
    first = Spec.load(copy)
    copy.write_text(LIBRARY.read_text().replace("version: 2.0.0", "version: 2.0.10"))
    assert Spec.load(copy) is not first


def test_a_broken_document_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "spec.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n")
    with pytest.raises(Exception, match="version"):
        Spec.load(broken)


def test_requests_the_document_has_no_operation_for() -> None:
    record = check_request(LIBRARY, "GET", "/shelves", list(BEARER.items()))
    assert record.errors == ["strict: no path of the document matches '/shelves'"]
    record = check_request(LIBRARY, "POST", "/health")
    assert record.errors == ["strict: POST is not an operation of /health"]


def test_a_scripted_answer_the_document_does_not_allow_is_reported_not_failed() -> None:
    with OpenAPIServer(LIBRARY) as server:
        server.reply(200, json={"id": 1})  # not a Book
        server.reply(404, json={"message": "no"})  # 4XX answers a Problem
        with httpx.Client(base_url=server.url, headers=BEARER) as http:
            http.get("/books/bk_1")
            http.get("/books/bk_1")
    first, second = server.requests
    assert any("required property" in error for error in first.reply_errors)
    assert second.reply_errors
    assert first.errors == second.errors == []


# ----------------------------------------------------------- openapi-core's blind spots

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def core_errors(spec: Path, method: str, target: str, headers: dict[str, str], body: bytes = b""):
    """The request sent with httpx to a server of ``spec``: what openapi-core alone
    reported, and the server's whole record."""
    with OpenAPIServer(spec) as server, httpx.Client() as http:
        server.expect_invalid(matching=(".",))
        http.request(method, server.url + target, headers=headers, content=body)
        record = server.last
    assert record.target == target, "httpx sent another spelling than the test means"
    return [e for e in record.errors if e.startswith("openapi-core:")], record


def test_str_of_a_dict_for_a_deep_object_form_field_over_http() -> None:
    """The issue's example: Stripe reads address[city]=Paris; str(dict) is wrong."""
    spec = CORPUS / "form-deep-object" / "spec.yaml"
    with OpenAPIServer(spec) as server:
        server.reply(200, json={"id": "cus_1"})
        server.reply(200, json={"id": "cus_2"})
        with httpx.Client(base_url=server.url) as http:
            http.post("/v1/customers", data={"address[city]": "Paris", "expand[0]": "x"})
            server.expect_invalid(matching=(r"deepObject field is sent as address\[key\]",))
            http.post("/v1/customers", data={"address": str({"city": "Paris"})})
    good, bad = server.requests
    assert good.errors == [] and good.body_value == {"address": {"city": "Paris"}, "expand": ["x"]}
    assert [e for e in bad.errors if e.startswith("openapi-core")] == []
    expected = (
        "strict: form field address: a deepObject field is sent as address[key]=value "
        "(or address[0]=value for an array), got address=\"{'city': 'Paris'}\""
    )
    assert bad.errors == [expected]


@pytest.mark.parametrize(
    ("construct", "method", "target", "headers", "body", "caught"),
    [
        # a bearer token where security is []
        ("library", "GET", "/health", BEARER, b"", r"credentials for scheme 'bearerAuth'"),
        # a missing required cookie is one openapi-core does catch: see the corpus; an
        # undeclared one it does not
        ("cookie-params", "GET", "/cart", {"Cookie": "session=a; x=1"}, b"", "cookie 'x'"),
        # True for a boolean
        ("query-scalars", "GET", "/events?q=x&includeArchived=True", {}, b"", "'True'"),
        # undeclared form fields and multipart parts are dropped before validating
        ("form-deep-object", "POST", "/v1/customers", FORM, b"bogus=1", "'bogus' was unexp"),
        # a field sent twice
        (
            "form-urlencoded",
            "POST",
            "/oauth/token",
            FORM,
            b"grant_type=password&username=a&username=b&password=p",
            "username sent 2 times",
        ),
        # a body where the operation takes none
        (
            "methods",
            "DELETE",
            "/things/t",
            {"Content-Type": "application/json"},
            b"{}",
            "takes no body",
        ),
        # NaN is not JSON (Python's json module reads it)
        (
            "json-body-inline",
            "POST",
            "/notes",
            {"Content-Type": "application/json"},
            b'{"title": "t", "weight": NaN}',
            "NaN is not JSON",
        ),
        # an unterminated multipart body
        (
            "multipart",
            "POST",
            "/uploads",
            {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nx'.encode(),
            "no closing delimiter",
        ),
    ],
    ids=[
        "bearer-to-security-empty",
        "undeclared-cookie",
        "python-true",
        "unknown-form-field",
        "field-twice",
        "body-on-delete",
        "nan",
        "multipart-unclosed",
    ],
)
def test_openapi_core_misses_it_and_the_wire_check_catches_it(
    construct: str, method: str, target: str, headers: dict[str, str], body: bytes, caught: str
) -> None:
    core, record = core_errors(CORPUS / construct / "spec.yaml", method, target, headers, body)
    assert core == [], "openapi-core sees this now: update the module docstring"
    assert any(re.search(caught, error) for error in record.errors), record.errors


@pytest.mark.parametrize(
    ("construct", "method", "target", "headers", "body"),
    [
        ("query-objects", "GET", "/paint?R=1&G=2", {}, b""),
        ("query-arrays", "GET", "/items?words=a%20b", {}, b""),
        ("query-objects", "GET", "/orders?filter[price][gte]=1", {}, b""),
        ("form-deep-object", "POST", "/v1/customers", FORM, b"expand[0]=a"),
        ("form-deep-object", "GET", "/v1/customers?expand[0]=a", {}, b""),
        ("form-deep-object", "GET", "/v1/customers?created=1", {}, b""),
        (
            "multipart",
            "POST",
            "/uploads",
            {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
            _multipart(
                [
                    {
                        "name": "cover",
                        "filename": "c.png",
                        "content_type": "image/png",
                        "base64": "iVBORw0KGgo=",
                    },
                    {"name": "title", "text": "t"},
                    {"name": "pages", "text": "3"},
                ]
            ),
        ),
        ("binary-body", "PUT", "/blobs/k", {"Content-Type": "application/octet-stream"}, b"\x00"),
    ],
    ids=[
        "form-exploded-object",
        "space-delimited",
        "nested-deep-object",
        "deep-object-array",
        "deep-object-array-query",
        "deep-object-scalar-alternative",
        "multipart-integer",
        "binary-as-string",
    ],
)
def test_correct_requests_openapi_core_misreads_are_judged_by_the_wire_check(
    construct: str, method: str, target: str, headers: dict[str, str], body: bytes
) -> None:
    _, record = core_errors(CORPUS / construct / "spec.yaml", method, target, headers, body)
    assert record.errors == []
    where = {"GET": "query"}.get(method)
    core_value = record.core_parameters.query if where else record.core_body
    wire_value = record.params.get("query", {}) if where else record.body_value
    assert record.core_ignored or core_value != wire_value, (
        "openapi-core reads this right now: update the docstring"
    )


def test_stock_openapi_core_counts_oauth2_requirements_met_without_a_token() -> None:
    """Why the server gives openapi-core a bearer provider for oauth2/openIdConnect."""
    from openapi_core import OpenAPI

    from tests.openapi_server import _CoreRequest

    document = yaml.safe_load((CORPUS / "security-oauth2-oidc" / "spec.yaml").read_text())
    document["servers"] = [{"url": "/"}]  # so that 127.0.0.1 is one of its servers
    stock = OpenAPI.from_dict(document)
    request = _CoreRequest("get", "/calendar", "/calendar", [], [], [], {}, b"")
    with pytest.warns(UserWarning, match="Unsupported scheme type"):
        result = stock.unmarshal_request(request)
    assert result.errors == []
    core, _ = core_errors(CORPUS / "security-oauth2-oidc" / "spec.yaml", "GET", "/calendar", {})
    assert core, "the server's openapi-core refuses it"


def test_date_times_compare_as_instants_in_expectations() -> None:
    spec = CORPUS / "query-scalars" / "spec.yaml"
    expected = {"method": "GET", "target": "/events?q=x&since=2024-05-01T10%3A00%3A00Z"}
    same = check_request(spec, "GET", "/events?q=x&since=2024-05-01T12%3A00%3A00%2B02%3A00")
    later = check_request(spec, "GET", "/events?q=x&since=2024-05-01T10%3A00%3A01Z")
    assert same.errors == [] and expectation_mismatches(same, expected) == []
    assert expectation_mismatches(later, expected)

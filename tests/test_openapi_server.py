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
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_plus

import httpx
import pytest
import yaml
from openapi_spec_validator import validate

from tests.openapi_server import (
    OpenAPIServer,
    RecordedRequest,
    Reply,
    Spec,
    _reply_errors,
    check_request,
)

CORPUS = Path(__file__).resolve().parent / "corpus"
SPECS = sorted(path.parent.name for path in CORPUS.glob("*/spec.yaml"))
BOUNDARY = "corpus-boundary-7d1f"


def load_calls(construct: str) -> dict[str, Any]:
    return yaml.safe_load((CORPUS / construct / "calls.yaml").read_text(encoding="utf-8"))


def all_calls() -> list[tuple[str, dict[str, Any]]]:
    return [(construct, call) for construct in SPECS for call in load_calls(construct)["calls"]]


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


def reply_of(response: dict[str, Any]) -> Reply:
    headers = {str(k): str(v) for k, v in (response.get("headers") or {}).items()}
    if "json" in response:
        return Reply.make(response["status"], json=response["json"], headers=headers)
    if "text" in response:
        return Reply.make(response["status"], text=response["text"], headers=headers)
    data = base64.b64decode(response["base64"]) if "base64" in response else b""
    return Reply.make(response["status"], body=data, headers=headers)


# --------------------------------------------------------------------------- the corpus


def test_the_corpus_has_a_spec_per_construct_and_the_library() -> None:
    assert "library" in SPECS
    assert 25 <= len(SPECS) <= 45, SPECS
    for construct in SPECS:
        assert (CORPUS / construct / "calls.yaml").is_file(), construct


@pytest.mark.parametrize("construct", SPECS)
def test_every_spec_is_valid_and_says_what_it_exercises(construct: str) -> None:
    text = (CORPUS / construct / "spec.yaml").read_text(encoding="utf-8")
    header = text.split("\nopenapi:", 1)[0]
    assert header.startswith("#") and "wire" in header.lower(), (
        f"{construct}/spec.yaml must open with a comment giving the wire expectation"
    )
    validate(yaml.safe_load(text))
    Spec.load(CORPUS / construct / "spec.yaml")


@pytest.mark.parametrize("construct", SPECS)
def test_calls_name_real_operations_with_the_conventional_names(construct: str) -> None:
    calls = load_calls(construct)
    spec = Spec.load(CORPUS / construct / "spec.yaml")
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


def snake(name: str) -> str:
    """snake_case as the calls files spell it (ASCII names only in the corpus's ids)."""
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return name.strip("_").lower()


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
    core = [error for error in record.errors if error.startswith("openapi-core:")]
    if wrong.get("core_misses"):
        assert core == [], f"openapi-core does see it now: {core}"

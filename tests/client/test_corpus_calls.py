"""Every call of the construct corpus, made with the client generated for its spec.

For each call of each ``tests/corpus/<construct>/calls.yaml`` (the format:
tests/corpus/README.md), the committed client (``expected/``, made whole by
``tests.corpus_packages.assemble``) calls a validating server on 127.0.0.1
(tests/openapi_server.py: openapi-core and its own wire check) with the call's
arguments, once with ``Client`` and once with ``AsyncClient``, and once more through
each ``*_with_response`` (and, for a binary answer, ``*_streamed``) variant.  What the
client sent must be what the call says a correct client sends, the server must find
nothing wrong with it, and the call must return (or raise) what the call says.  A
deprecated operation, or a deprecated parameter given, must warn; nothing else may
(the suite turns every other warning into an error).
"""

from __future__ import annotations

import base64
import importlib
import inspect
import keyword
import typing
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from tests.corpus_packages import CONSTRUCTS, CORPUS, load_calls, reply_of, snake
from tests.openapi_server import OpenAPIServer, Spec, expectation_mismatches

CALLS = [(construct, call) for construct in CONSTRUCTS for call in load_calls(construct)["calls"]]
FILE_KEYS = {"filename", "content_type", "base64", "text"}


pytestmark = pytest.mark.usefixtures("corpus_on_path")


def endpoint(package: str, call: dict[str, Any]) -> tuple[ModuleType, str]:
    """The module and base name of the call's function."""
    module = importlib.import_module(f"{package}.api.{call['module'] or 'default'}")
    function = call["function"] or snake(call["operation"])
    return module, function


def file_of(value: dict[str, Any]) -> tuple[str, bytes, str] | tuple[str, bytes]:
    content = (
        base64.b64decode(value["base64"]) if "base64" in value else value["text"].encode("utf-8")
    )
    if "content_type" in value:
        return value["filename"], content, value["content_type"]
    return value["filename"], content


def is_file(value: Any) -> bool:
    return isinstance(value, dict) and "filename" in value and set(value) <= FILE_KEYS


def body_argument(body: Any) -> Any:
    """The call's ``body`` as the function takes it: raw bytes for ``{base64}`` (its
    ``content_type`` is the request's Content-Type), files as tuples."""
    if isinstance(body, dict) and "base64" in body and set(body) <= {"base64", "content_type"}:
        return base64.b64decode(body["base64"])
    if isinstance(body, dict):
        return {
            name: file_of(value)
            if is_file(value)
            else [file_of(item) for item in value]
            if isinstance(value, list) and value and all(map(is_file, value))
            else value
            for name, value in body.items()
        }
    return body


def arguments(call: dict[str, Any], function: Any) -> tuple[list[Any], dict[str, Any]]:
    """The call's arguments; for a function that takes the body in several media types,
    ``content_type`` is the request's Content-Type, unless that is the default."""
    kwargs = dict(call.get("kwargs") or {})
    args = list(call.get("args") or [])
    if "body" in call:
        args.append(body_argument(call["body"]))
    choice = inspect.signature(function).parameters.get("content_type")
    sent_as = (call["request"].get("headers") or {}).get("Content-Type")
    if choice is not None and sent_as != choice.default:
        kwargs["content_type"] = sent_as
    return args, kwargs


def returned(value: Any, returns: Any) -> Any:
    """``value`` in the terms of a call's ``returns``."""
    if isinstance(returns, dict) and set(returns) == {"text"}:
        return {"text": value}
    if isinstance(returns, dict) and set(returns) == {"base64"}:
        return {"base64": base64.b64encode(value).decode()}
    return to_jsonable_python(value, by_alias=True)


def expects_deprecation(spec: Spec, call: dict[str, Any]) -> bool:
    """Whether the call uses a deprecated operation or gives a deprecated parameter."""
    for op in spec.operations.values():
        if call["operation"] in (op.operation_id, f"{op.method.upper()} {op.template}"):
            given = {snake(str(p.get("name"))) for p, _ in op.parameters if p.get("deprecated")}
            return bool(op.node.get("deprecated")) or bool(given & set(call.get("kwargs") or {}))
    raise AssertionError(f"no operation {call['operation']}")


@contextmanager
def deprecation(expected: bool) -> Iterator[None]:
    if expected:
        with pytest.warns(DeprecationWarning):
            yield
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            yield


class Caller:
    """Makes one call of the corpus, sync or async, against a validating server."""

    def __init__(self, construct: str, call: dict[str, Any], mode: str) -> None:
        self.package = load_calls(construct)["package"]
        self.call = call
        self.is_async = mode == "async"
        self.spec = Spec.load(CORPUS / construct / "spec.yaml")
        self.module, self.function = endpoint(self.package, call)

    def client(self, server: OpenAPIServer) -> Any:
        root = importlib.import_module(self.package)
        options = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in (self.call.get("client") or {}).items()
        }
        cls = root.AsyncClient if self.is_async else root.Client
        return cls(base_url=server.url, max_retries=0, **options)

    async def invoke(self, client: Any, variant: str) -> Any:
        # A keyword's escape (import_) is left out before a suffix: import_async.
        stem = self.function[:-1] if keyword.iskeyword(self.function[:-1]) else self.function
        suffix = ("_async" if self.is_async else "") + variant.removesuffix(MODEL)
        name = stem + suffix if suffix else self.function
        function = getattr(self.module, name)
        args, kwargs = arguments(self.call, function)
        if variant == MODEL:  # the body as the request model instead of a mapping
            args[-1] = body_model(function).model_validate(args[-1])
        if variant == "_streamed":
            if self.is_async:
                async with function(client, *args, **kwargs) as response:
                    return b"".join([chunk async for chunk in response.aiter_bytes()])
            with function(client, *args, **kwargs) as response:
                return b"".join(response.iter_bytes())
        result = function(client, *args, **kwargs)
        return await result if self.is_async else result

    async def run(self, server: OpenAPIServer, variant: str) -> Any:
        response = self.call["response"]
        server.queue(reply_of(response))
        client = self.client(server)
        try:
            with deprecation(expects_deprecation(self.spec, self.call)):
                return await self.invoke(client, variant)
        finally:
            await client.aclose() if self.is_async else client.close()


MODEL = "(body as a model)"


def body_model(function: Any) -> Any:
    """The request model among what a function's ``body`` takes; None when none is."""
    taken = typing.get_type_hints(function).get("body")
    found = [t for t in typing.get_args(taken) or (taken,) if isinstance(t, type)]
    return next((t for t in found if issubclass(t, BaseModel)), None)


def variants(caller: Caller) -> list[str]:
    """The plain function, its _with_response variant, _streamed for bytes, and the
    plain function given the request model for a mapping body, when it takes one."""
    returns = caller.call.get("returns")
    streamed = isinstance(returns, dict) and set(returns) == {"base64"}
    body = caller.call.get("body")
    as_model = isinstance(body, dict) and "base64" not in body
    if as_model and body_model(getattr(caller.module, caller.function)) is None:
        as_model = False
    return ["", "_with_response", *(["_streamed"] if streamed else [])] + (
        [MODEL] if as_model else []
    )


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("construct", "call"), CALLS, ids=[f"{c}-{call['name']}" for c, call in CALLS]
)
async def test_every_corpus_call_sends_what_the_spec_says_and_returns_its_answer(
    construct: str, call: dict[str, Any], mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in (call.get("env") or {}).items():
        monkeypatch.setenv(name, str(value))
    caller = Caller(construct, call, mode)
    returns = call.get("returns")
    raises = returns.get("raises") if isinstance(returns, dict) else None
    errors = importlib.import_module(f"{caller.package}.errors")
    with OpenAPIServer(CORPUS / construct / "spec.yaml") as server:
        for variant in variants(caller):
            if raises is not None:
                with pytest.raises(errors.APIStatusError) as info:
                    await caller.run(server, variant)
                assert info.value.status_code == raises
            else:
                result = await caller.run(server, variant)
                if variant == "_with_response":
                    assert result.status_code == call["response"]["status"]
                    for header, value in (call["response"].get("headers") or {}).items():
                        assert result.headers[header] == str(value), header
                    result = result.parsed
                assert returned(result, returns) == returns, variant
            mismatches = expectation_mismatches(server.last, call["request"])
            assert mismatches == [], (variant, mismatches)


@pytest.mark.parametrize(
    ("construct", "module", "function", "args", "content_type"),
    [
        ("binary-body", "blobs", "upload_avatar", [], "image/gif"),
        ("binary-body", "blobs", "upload_picture", [], "image/*"),
        ("binary-body", "blobs", "upload_picture", [], "text/plain"),
        ("library", "covers", "upload_cover", ["bk_9"], "application/json"),
    ],
)
def test_a_content_type_the_operation_does_not_offer_is_refused_before_sending(
    construct: str, module: str, function: str, args: list[str], content_type: str
) -> None:
    package = load_calls(construct)["package"]
    api = importlib.import_module(f"{package}.api.{module}")
    credentials = {"api_key": "k"} if construct == "library" else {}
    with OpenAPIServer(CORPUS / construct / "spec.yaml") as server:
        client = importlib.import_module(package).Client(base_url=server.url, **credentials)
        with client, pytest.raises(ValueError, match="is not one of the body's media types"):
            getattr(api, function)(client, *args, b"\x89PNG", content_type=content_type)
        assert server.requests == []

"""Fixtures for the tests of the generated client in generated/carecycle/.

``server`` is a real HTTP server on 127.0.0.1 (tests/scripted_server.py) that checks every
request against spec/openapi.yaml; ``api`` runs a test once with ``Client`` and the sync
functions, once with ``AsyncClient`` and the ``*_async`` functions.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "generated"))

from carecycle import AsyncClient, Client
from carecycle.api.campaigns import (
    update_campaign,
    update_campaign_async,
    update_campaign_async_with_response,
    update_campaign_with_response,
)

from tests.corpus_packages import assemble
from tests.scripted_server import ScriptedServer, SpecValidator

API_KEY = "cc_test_4f1d9a7cKEYSECRET0123456789"
"""A recognisable key: no message, repr or log record may ever contain it."""
API_KEY_ENV = "CARECYCLE_API_KEY"
CAMPAIGN_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
CAMPAIGN_PATH = f"/v2/campaigns/{CAMPAIGN_ID}"
OTHER_UUID = "7d444840-9dc0-11d1-b245-5ffdce74fad2"


def assert_key_absent(exc: BaseException, key: str = API_KEY) -> None:
    """Neither the exception nor anything in its chain mentions the API key."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        assert key not in str(current), f"the API key leaks into str({type(current).__name__})"
        assert key not in repr(current), f"the API key leaks into repr({type(current).__name__})"
        current = current.__cause__ or current.__context__


@contextmanager
def raises(
    exc_type: type[BaseException] | tuple[type[BaseException], ...], match: str | None = None
) -> Iterator[pytest.ExceptionInfo[Any]]:
    """``pytest.raises`` that also checks the API key is absent from the exception."""
    with pytest.raises(exc_type, match=match) as info:
        yield info
    assert_key_absent(info.value)


class Api:
    """One way of calling the API: ``sync`` (Client) or ``async`` (AsyncClient)."""

    def __init__(self, mode: str, server: ScriptedServer) -> None:
        self.mode = mode
        self.is_async = mode == "async"
        self.server = server
        self._clients: list[Client | AsyncClient] = []

    def client(self, api_key: str | None = API_KEY, **kwargs: Any) -> Any:
        """A client of the right kind, pointed at the scripted server, closed after the test."""
        kwargs.setdefault("base_url", self.server.url)
        cls = AsyncClient if self.is_async else Client
        client = cls(api_key, **kwargs)
        self._clients.append(client)
        return client

    async def update(self, client: Any, campaign_id: Any, body: Any, **kwargs: Any) -> Any:
        if self.is_async:
            return await update_campaign_async(client, campaign_id, body, **kwargs)
        return update_campaign(client, campaign_id, body, **kwargs)

    async def update_with_response(
        self, client: Any, campaign_id: Any, body: Any, **kwargs: Any
    ) -> Any:
        if self.is_async:
            return await update_campaign_async_with_response(client, campaign_id, body, **kwargs)
        return update_campaign_with_response(client, campaign_id, body, **kwargs)

    async def close(self, client: Any) -> None:
        if self.is_async:
            await client.aclose()
        else:
            client.close()

    async def close_all(self) -> None:
        for client in self._clients:
            await self.close(client)


@pytest.fixture(autouse=True)
def _no_api_key_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never depend on the developer's environment."""
    monkeypatch.delenv(API_KEY_ENV, raising=False)


@pytest.fixture(scope="module")
def corpus_on_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every construct's committed client, made whole (``tests.corpus_packages.assemble``),
    importable by its package name for the module's tests."""
    folder = assemble(tmp_path_factory.mktemp("corpus"))
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))


@pytest.fixture(scope="session")
def spec_validator() -> SpecValidator:
    return SpecValidator.load()


@pytest.fixture
def server(spec_validator: SpecValidator) -> Iterator[ScriptedServer]:
    srv = ScriptedServer(spec_validator).start()
    try:
        yield srv
    finally:
        srv.stop()
    bad = srv.unexpected_invalid()
    assert not bad, "requests that break spec/openapi.yaml reached the server:\n" + "\n".join(
        f"  {r.method} {r.path} {r.body[:200]!r}: {r.unexpected_errors}" for r in bad
    )


@pytest.fixture
def spec(spec_validator: SpecValidator) -> dict[str, Any]:
    return spec_validator.spec


@pytest.fixture
def operation(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["paths"]["/v2/campaigns/{campaignId}"]["patch"]


@pytest.fixture
def response_example(server: ScriptedServer) -> Any:
    return server.spec_example_response()


@pytest.fixture
def request_example(operation: dict[str, Any]) -> Any:
    return operation["requestBody"]["content"]["application/json"]["examples"]["page"]["value"]


@pytest.fixture(params=["sync", "async"])
async def api(request: pytest.FixtureRequest, server: ScriptedServer) -> Any:
    caller = Api(request.param, server)
    yield caller
    await caller.close_all()

"""The features golden client (tests/golden/features) over the wire: what the CareCycle
spec can't show, as its only path parameter is a UUID: free-text path segments, query
and header parameters, keyword-only optional parameters."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scripted_server import ScriptedServer, SpecValidator

FEATURES = Path(__file__).resolve().parents[1] / "golden" / "features"
sys.path.insert(0, str(FEATURES / "expected"))

from client import Client
from client.api.pets import get_pet, list_pets


@pytest.fixture
def features_server() -> Iterator[ScriptedServer]:
    server = ScriptedServer(
        SpecValidator.load(FEATURES / "spec.yaml"), default_json={"name": "Rex"}
    ).start()
    try:
        yield server
    finally:
        server.stop()
    assert not server.unexpected_invalid(), [
        r.unexpected_errors for r in server.unexpected_invalid()
    ]


@pytest.fixture
def client(features_server: ScriptedServer) -> Iterator[Client]:
    with Client("key", base_url=f"http://127.0.0.1:{features_server.port}") as client:
        yield client


@pytest.mark.parametrize(
    ("name", "raw_path"),
    [
        ("../x", "/pets/..%2Fx"),
        ("a/b", "/pets/a%2Fb"),
        ("?q=1", "/pets/%3Fq%3D1"),
        ("#top", "/pets/%23top"),
        ("..", "/pets/%2E%2E"),
        (".", "/pets/%2E"),
        ("Rex the 2nd", "/pets/Rex%20the%202nd"),
    ],
)
def test_a_path_value_never_changes_the_path_on_the_wire(
    client: Client, features_server: ScriptedServer, name: str, raw_path: str
) -> None:
    assert get_pet(client, name).name == "Rex"
    assert features_server.last.path == raw_path


def test_query_and_header_parameters(client: Client, features_server: ScriptedServer) -> None:
    features_server.reply(200, json={"items": []})
    list_pets(client, kind="dog", limit=5, x_request_id="r-1")
    request = features_server.last
    assert request.path == "/pets?kind=dog&limit=5"
    assert request.header("x-request-id") == "r-1"


def test_optional_parameters_left_out_are_not_sent(
    client: Client, features_server: ScriptedServer
) -> None:
    features_server.reply(200, json={"items": []})
    list_pets(client, kind="cat")
    request = features_server.last
    assert request.path == "/pets?kind=cat"
    assert request.header("x-request-id") is None


def test_parameters_are_checked_before_sending(
    client: Client, features_server: ScriptedServer
) -> None:
    with pytest.raises(ValueError, match="kind"):
        list_pets(client, kind="k" * 11)
    with pytest.raises(ValueError, match="limit"):
        list_pets(client, kind="dog", limit="many")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pet_name"):
        get_pet(client, "n" * 51)
    assert features_server.count == 0


def test_extras_merge_with_the_declared_parameters(
    client: Client, features_server: ScriptedServer
) -> None:
    features_server.reply(200, json={"items": []})
    features_server.expect_invalid(matching=(r"query parameter 'sort' is not declared",))
    list_pets(
        client,
        kind="dog",
        limit=5,
        x_request_id="r-1",
        extra_query={"sort": "name", "limit": "7"},
        extra_headers={"X-Request-Id": "r-2"},
    )
    request = features_server.last
    assert request.path == "/pets?kind=dog&limit=7&sort=name"
    assert request.header_values("x-request-id") == ["r-2"]


def test_extra_body_is_the_body_of_an_operation_that_has_none(
    client: Client, features_server: ScriptedServer
) -> None:
    features_server.expect_invalid(matching=(r"the operation takes no body",))
    get_pet(client, "Rex", extra_body={"note": "x"})
    request = features_server.last
    assert request.json() == {"note": "x"}
    assert request.header("content-type") == "application/json"

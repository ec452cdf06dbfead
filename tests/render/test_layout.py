"""A tag with more than ``SPLIT_ABOVE`` operations as a package of modules, one per
resource, imported when first used (``generator/render/layout.py``).

A spec made here with that many untagged operations is generated as a project would,
then imported on Python 3.10, called over the validating loopback server, and checked
with ruff and ``mypy --strict``.  Stripe's 468 untagged operations, split the same way,
are tested in ``test_scale.py``.
"""

from __future__ import annotations

import ast
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.render.layout import SPLIT_ABOVE
from tests.openapi_server import OpenAPIServer
from tests.package_checks import (
    generate_project,
    no_attribute,
    passes_ruff_and_mypy_strict,
    run_generator,
    run_on_python310,
)

PACKAGE = "zoo_client"
PET = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}


def _get(operation_id: str | None = None, **more: Any) -> dict[str, Any]:
    named = {"operationId": operation_id} if operation_id else {}
    answer = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}
    return {**named, **more, "responses": {"200": {"description": "OK.", **answer}}}


def _path_parameter(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _spec(fillers: int) -> dict[str, Any]:
    """Untagged operations on pets (under ``/v1``), owners, a tenant's toys (the path
    starts with a template; the operation's function is named ``toys``, as the module
    would be), the root, a status, and ``fillers`` more on things (under ``/v2``); and
    one operation tagged ``store``."""
    paths: dict[str, Any] = {
        "/v1/pets": {"get": _get("listPets")},
        "/v1/pets/{petId}": {"get": _get("getPet", parameters=[_path_parameter("petId")])},
        "/v1/owners": {"get": _get("listOwners")},
        "/{tenant}/toys": {"get": _get("toys", parameters=[_path_parameter("tenant")])},
        "/": {"get": _get()},
        "/v1/_/status": {"get": _get("getStatus")},  # `_` names nothing: the resource is next
        "/v1/store": {"get": _get("getStore", tags=["store"])},
    }
    paths |= {f"/v2/things/n{number}": {"get": _get()} for number in range(fillers)}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Zoo API", "version": "1"},
        "servers": [{"url": "https://zoo.example"}],
        "paths": paths,
        "components": {"schemas": {"Pet": PET}},
    }


FILLERS = SPLIT_ABOVE - 5  # with the other untagged operations, SPLIT_ABOVE + 1


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = generate_project(tmp_path_factory.mktemp("layout"), _spec(FILLERS), PACKAGE)
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    return {node.name for node in tree.body if isinstance(node, functions)}


def test_each_resource_of_a_large_tag_has_its_module(out: Path) -> None:
    api = out / PACKAGE / "api"
    assert sorted(path.name for path in api.iterdir()) == ["__init__.py", "default", "store.py"]
    modules = {path.stem: path for path in (api / "default").glob("*.py")}
    assert sorted(modules) == ["__init__", "owners", "pets", "root", "status", "things", "toys_2"]
    assert {"list_pets", "get_pet", "get_pet_async"} <= _functions(modules["pets"])
    assert "toys" in _functions(modules["toys_2"])  # the module may not hide the function
    assert "get" in _functions(modules["root"])  # `get /`, which has no resource
    assert "get_status" in _functions(modules["status"])
    things = {f"get_v2_things_n{number}" for number in range(FILLERS)}
    assert {f for f in _functions(modules["things"]) if f.isalnum() or f[0] != "_"} >= things
    assert not things & _functions(modules["pets"])
    assert "Operations tagged default on ``/v1/pets``." in modules["pets"].read_text()
    assert "``/{tenant}/toys``" in modules["toys_2"].read_text()


def test_using_an_operation_imports_only_its_module(out: Path) -> None:
    code = f"""
import sys
import {PACKAGE}.api.default as default
def loaded():
    return sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("{PACKAGE}.api.default."))
assert loaded() == [], loaded()
from {PACKAGE}.api.default import get_pet
assert loaded() == ["pets"], loaded()
assert get_pet.__module__ == "{PACKAGE}.api.default.pets"
assert callable(default.toys) and default.toys.__module__.endswith(".toys_2")
assert loaded() == ["pets", "toys_2"], loaded()
{no_attribute("default", "nothing")}"""
    run_on_python310(out, code)


def test_the_operations_of_the_package_go_over_the_wire(out: Path) -> None:
    client = importlib.import_module(PACKAGE)
    default = importlib.import_module(f"{PACKAGE}.api.default")
    with OpenAPIServer(out.parent / "spec.json") as server:
        server.reply(200, json={"name": "Rex"})
        with client.Client(base_url=server.url, max_retries=0) as api:
            pet = default.get_pet(api, "p1")
            assert server.last.path == "/v1/pets/p1" and server.last.errors == []
            default.toys(api, "acme")
            assert server.last.path == "/acme/toys" and server.last.errors == []
    assert pet.name == "Rex"


def test_the_package_passes_ruff_and_mypy_strict_and_is_up_to_date(out: Path) -> None:
    passes_ruff_and_mypy_strict(out, PACKAGE)
    run_generator(out.parent, "check")


def test_a_tag_down_to_split_above_operations_is_one_module_again(tmp_path: Path) -> None:
    api = generate_project(tmp_path, _spec(FILLERS), PACKAGE) / PACKAGE / "api"
    assert (api / "default").is_dir()
    (tmp_path / "spec.json").write_text(json.dumps(_spec(FILLERS - 1)), encoding="utf-8")
    run_generator(tmp_path, "generate")
    assert (api / "default.py").is_file() and not (api / "default").exists()

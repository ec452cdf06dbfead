"""Stripe's and OpenAI's specs, generated whole: every operation present, the package
imports on Python 3.10 with pydantic and httpx alone, and a few calls go over the wire
as the spec says (checked by ``tests/openapi_server.py``), and both pass
``mypy --strict`` and ruff.

OpenAI's spec has real mistakes that lint reports as errors (defaults its schemas
forbid, required properties no schema defines, Schema Objects that break the 3.1
meta-schema), so it is generated as a user who can't fix it would: with those rules
lowered to ``warn`` in ``[tool.clientgen.lint]``.

Generating and type-checking specs this size takes minutes, so these tests carry the
``scale`` mark: the default suite leaves them out (``addopts`` in pyproject.toml) and
``make test-slow`` runs them (``pytest -m scale``), so CI always does.  The specs are
vendored under ``tests/scale/`` with their licences.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.ir.names import snake_case
from tests.openapi_server import OpenAPIServer, Spec
from tests.package_checks import passes_ruff_and_mypy_strict, run_on_python310

pytestmark = pytest.mark.scale

ROOT = Path(__file__).resolve().parent.parent
SCALE = ROOT / "tests" / "scale"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# What the generated code may import besides the standard library and itself: pydantic
# (with its own typing_extensions) and httpx.
CLIENT_DEPENDENCIES = {"pydantic", "pydantic_core", "typing_extensions", "httpx"}


@dataclass(frozen=True)
class Large:
    spec: Path
    package: str
    operations: int
    credentials: dict[str, str]  # Client keywords for the smoke calls
    lowered: tuple[str, ...] = ()  # lint rules lowered to warn for it


STRIPE = Large(SCALE / "stripe-2023.yaml", "stripe_client", 468, {"bearer_auth": "sk_test"})
OPENAI = Large(
    SCALE / "openai.yaml",
    "openai_client",
    288,
    {"api_key_auth": "sk-test"},
    ("schema-structure", "invalid-default", "required-properties"),
)


def _generate(large: Large, folder: Path) -> Path:
    """Generate ``large`` into ``folder`` (put on ``sys.path``) as a project would."""
    lowered = "".join(f'{rule} = "warn"\n' for rule in large.lowered)
    (folder / "pyproject.toml").write_text(
        f'[tool.clientgen]\nspec = "{large.spec}"\npackage = "{large.package}"\n'
        f'out = "out"\n\n[tool.clientgen.lint.severities]\n{lowered}'
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--force"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    sys.path.insert(0, str(folder / "out"))
    return folder / "out"


Generated = Callable[[Large], Path]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    """The folder holding a spec's generated package (on ``sys.path``), generated the
    first time a test asks for it."""
    folders: dict[str, Path] = {}

    def folder_of(large: Large) -> Path:
        if large.package not in folders:
            folders[large.package] = _generate(large, tmp_path_factory.mktemp(large.package))
        return folders[large.package]

    yield folder_of
    for folder in folders.values():
        sys.path.remove(str(folder))


def operation_ids(spec: Path) -> list[str]:
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    return [
        operation["operationId"]
        for item in document["paths"].values()
        for method, operation in item.items()
        if method in METHODS
    ]


@pytest.mark.parametrize("large", [STRIPE, OPENAI], ids=["stripe", "openai"])
def test_every_operation_is_generated(large: Large, generated: Generated) -> None:
    folder = generated(large)
    ids = operation_ids(large.spec)
    assert len(ids) == large.operations
    api = folder / large.package / "api"
    source = "".join(path.read_text() for path in api.rglob("*.py"))
    missing = [i for i in ids if f"\ndef {snake_case(i)}(" not in source]
    assert missing == []


@pytest.mark.parametrize("large", [STRIPE, OPENAI], ids=["stripe", "openai"])
def test_the_package_imports_with_pydantic_and_httpx_alone(
    large: Large, generated: Generated
) -> None:
    folder = generated(large)
    package = folder / large.package
    imported = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    assert imported - set(sys.stdlib_module_names) <= CLIENT_DEPENDENCIES
    # Every module of the operations and of the models (a package of modules at this
    # size, each imported when first used: here, all of them).
    modules = [
        ".".join(path.relative_to(package).with_suffix("").parts)
        for folder in ("api", "models")
        for path in sorted((package / folder).rglob("*.py"))
        if path.name != "__init__.py"
    ]
    assert not (package / "models.py").exists() and len(modules) > 300
    code = "".join(f"import {large.package}.{m}\n" for m in modules)
    run_on_python310(folder, code)


@pytest.mark.parametrize("large", [STRIPE, OPENAI], ids=["stripe", "openai"])
def test_the_package_passes_mypy_strict_and_ruff(large: Large, generated: Generated) -> None:
    passes_ruff_and_mypy_strict(generated(large), large.package)


STRIPE_ERROR = {"error": {"type": "invalid_request_error", "message": "No such customer"}}
OPENAI_ERROR = {"error": {"code": None, "message": "Bad key", "param": None, "type": "auth"}}


def answered_with_an_error(
    server: OpenAPIServer, large: Large, function: str, *args: Any, **kwargs: Any
) -> None:
    """Call ``function`` (``module.function`` of ``large``'s api) with its credential;
    the server answers the API's own error, which the client raises as its typed error."""
    module, _, name = function.rpartition(".")
    package = importlib.import_module(large.package)
    api = importlib.import_module(f"{large.package}.api.{module}")
    errors = importlib.import_module(f"{large.package}.errors")
    server.reply(400, json=STRIPE_ERROR if large is STRIPE else OPENAI_ERROR)
    client = package.Client(base_url=server.url, max_retries=0, **large.credentials)
    with client, pytest.raises(errors.APIStatusError) as raised:
        getattr(api, name)(client, *args, **kwargs)
    assert raised.value.status_code == 400


def test_stripe_form_bodies_and_deep_object_queries_go_over_the_wire_as_the_spec_says(
    generated: Generated,
) -> None:
    generated(STRIPE)
    with OpenAPIServer(STRIPE.spec) as server:
        body = {
            "address": {"city": "Paris", "country": "FR"},
            "metadata": {"order": "42"},
            "expand": ["default_source"],
            "preferred_locales": ["fr", "en"],
        }
        answered_with_an_error(server, STRIPE, "default.post_customers", body)
        sent = server.last.form()
        assert ("address[city]", "Paris") in sent
        assert ("metadata[order]", "42") in sent
        assert ("expand[0]", "default_source") in sent
        assert ("preferred_locales[1]", "en") in sent
        answered_with_an_error(
            server, STRIPE, "default.get_customers", created={"gt": 1}, expand=["data.sources"]
        )
        assert "created%5Bgt%5D=1" in server.last.query
        answered_with_an_error(server, STRIPE, "default.get_customers_customer", "cus_1")
        assert server.last.path == "/v1/customers/cus_1"
        assert server.last.body == b""


def test_openai_json_bodies_and_paths_go_over_the_wire_as_the_spec_says(
    generated: Generated,
) -> None:
    generated(OPENAI)
    # openapi-core reads OpenAI's spec as it is: openapi-spec-validator refuses it.
    with OpenAPIServer(Spec.load(OPENAI.spec, validated=False)) as server:
        embed = {"input": ["a", "b"], "model": "text-embedding-3-small", "dimensions": 8}
        answered_with_an_error(server, OPENAI, "embeddings.create_embedding", embed)
        assert server.last.json() == embed
        answered_with_an_error(server, OPENAI, "models.retrieve_model", "gpt-4o")
        assert server.last.path == "/models/gpt-4o"  # the servers url holds the /v1

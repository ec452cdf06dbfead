"""Stripe's spec, generated whole: every operation present, the package imports with
pydantic and httpx alone, passes ``mypy --strict``, and a few of its calls go over the
wire as the spec says (checked by ``tests/openapi_server.py``).

Generating and type-checking a spec this size takes minutes, so these tests carry the
``scale`` mark: the default suite leaves them out (``addopts`` in pyproject.toml) and
``make test-slow`` runs them (``pytest -m scale``), so CI always does.  The spec is
vendored under ``tests/scale/`` with its licence.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.ir.names import snake_case
from tests.openapi_server import OpenAPIServer
from tests.package_checks import mypy_strict

pytestmark = pytest.mark.scale

ROOT = Path(__file__).resolve().parent.parent
STRIPE = ROOT / "tests" / "scale" / "stripe-2023.yaml"
PY310 = ROOT / ".venv" / "py310" / "bin" / "python"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@pytest.fixture(scope="module")
def stripe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The folder holding the generated package ``stripe_client``, on ``sys.path``."""
    folder = tmp_path_factory.mktemp("stripe")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(STRIPE)]
        + ["--out", str(folder), "--package", "stripe_client", "--force"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))


def operation_ids() -> list[str]:
    document = yaml.safe_load(STRIPE.read_text(encoding="utf-8"))
    return [
        operation["operationId"]
        for item in document["paths"].values()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_every_operation_of_stripe_is_generated(stripe: Path) -> None:
    api = importlib.import_module("stripe_client.api.default")
    ids = operation_ids()
    assert len(ids) == 468
    missing = [i for i in ids if not callable(getattr(api, snake_case(i), None))]
    assert missing == []


def test_the_stripe_package_imports_on_python_310_with_pydantic_and_httpx(
    stripe: Path,
) -> None:
    code = (
        "import sys, stripe_client, stripe_client.api.default, stripe_client.models\n"
        "tops = {m.split('.')[0] for m in sys.modules if not m.startswith('_')}\n"
        "print(sorted(tops - set(sys.stdlib_module_names) - {'stripe_client', 'pydantic',\n"
        "    'pydantic_core', 'httpx', 'httpcore', 'anyio', 'sniffio', 'idna', 'certifi',\n"
        "    'h11', 'typing_extensions', 'typing_inspection', 'annotated_types'}))\n"
    )
    result = subprocess.run(
        [str(PY310), "-c", code], cwd=stripe, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_stripe_package_passes_mypy_strict(stripe: Path) -> None:
    result = mypy_strict(stripe, "stripe_client")
    assert result.returncode == 0, result.stdout[-4000:]


STRIPE_ERROR = {"error": {"type": "invalid_request_error", "message": "No such customer"}}


def call(server: OpenAPIServer, function: str, *args: Any, **kwargs: Any) -> None:
    """Call ``function`` of the Stripe client; the server answers Stripe's error, which
    the client raises as its typed error."""
    package = importlib.import_module("stripe_client")
    api = importlib.import_module("stripe_client.api.default")
    errors = importlib.import_module("stripe_client.errors")
    server.reply(400, json=STRIPE_ERROR)
    with (
        package.Client(base_url=server.url, max_retries=0, bearer_auth="sk_test") as client,
        pytest.raises(errors.APIStatusError) as raised,
    ):
        getattr(api, function)(client, *args, **kwargs)
    assert raised.value.status_code == 400


def test_stripe_form_bodies_and_deep_object_queries_go_over_the_wire_as_the_spec_says(
    stripe: Path,
) -> None:
    with OpenAPIServer(STRIPE) as server:
        call(
            server,
            "post_customers",
            {
                "address": {"city": "Paris", "country": "FR"},
                "metadata": {"order": "42"},
                "expand": ["default_source"],
                "preferred_locales": ["fr", "en"],
            },
        )
        sent = server.last.form()
        assert ("address[city]", "Paris") in sent
        assert ("metadata[order]", "42") in sent
        assert ("expand[0]", "default_source") in sent
        assert ("preferred_locales[1]", "en") in sent
        call(server, "get_customers", created={"gt": 1700000000}, expand=["data.sources"])
        assert "created%5Bgt%5D=1700000000" in server.last.query
        call(server, "get_customers_customer", "cus_1")
        assert server.last.path == "/v1/customers/cus_1"
        assert server.last.body == b""

"""``carecycle.__all__`` is exactly what the package exports, and all of it imports."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys

import carecycle
import carecycle.errors

from .conftest import ROOT

INIT = ROOT / "generated" / "carecycle" / "__init__.py"


def exported_by_init() -> set[str]:
    """Every name ``carecycle/__init__.py`` binds on purpose (imports and definitions)."""
    names: set[str] = set()
    body = ast.parse(INIT.read_text(encoding="utf-8")).body
    for node in body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            body.extend(node.body)  # the lazily imported submodules, for type checkers
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_") and n not in ("annotations", "TYPE_CHECKING")}


def test_all_is_exactly_what_the_package_exports():
    assert len(carecycle.__all__) == len(set(carecycle.__all__)), "duplicates in __all__"
    assert set(carecycle.__all__) == exported_by_init()


def test_all_matches_the_public_names_of_the_imported_package():
    """Submodules not listed (``errors``) are bound as a side effect of importing them;
    ``api`` and ``models`` once first used."""
    public = {
        name
        for name, value in vars(carecycle).items()
        if not name.startswith("_")
        and name != "TYPE_CHECKING"
        and not (inspect.ismodule(value) and name not in carecycle.__all__)
    }
    assert public <= set(carecycle.__all__)
    assert set(carecycle.__all__) - public <= {"api", "models"}


def test_the_operations_and_models_are_imported_when_first_used() -> None:
    code = (
        "import sys, carecycle\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith('carecycle.'))\n"
        "print(loaded())\n"
        "print(carecycle.models.Campaign.__name__, carecycle.api.campaigns.update_campaign.__name__)\n"
        "print('carecycle.models' in loaded(), 'carecycle.api.campaigns' in loaded())\n"
        "from carecycle.api import campaigns\n"
        "try:\n    carecycle.api.nothing\nexcept AttributeError as exc:\n    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT / "generated",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first, used, now_loaded, missing = result.stdout.splitlines()
    assert "carecycle.models" not in first and "carecycle.api.campaigns" not in first
    assert "carecycle._client" in first
    assert used == "Campaign update_campaign"
    assert now_loaded == "True True"
    assert missing == "module 'carecycle.api' has no attribute 'nothing'"


def test_every_name_in_all_is_importable():
    namespace: dict[str, object] = {}
    exec("from carecycle import *", namespace)  # noqa: S102 - the star import is the subject
    module = importlib.import_module("carecycle")
    for name in carecycle.__all__:
        assert name in namespace, name
        assert getattr(module, name) is namespace[name]


def test_every_error_class_is_exported_at_the_top():
    assert set(carecycle.errors.__all__) <= set(carecycle.__all__)
    for name in carecycle.errors.__all__:
        assert getattr(carecycle, name) is getattr(carecycle.errors, name)

"""``carecycle.__all__`` is exactly what the package exports, and all of it imports."""

from __future__ import annotations

import ast
import importlib
import inspect

import carecycle
import carecycle.errors

from .conftest import ROOT

INIT = ROOT / "generated" / "carecycle" / "__init__.py"


def exported_by_init() -> set[str]:
    """Every name ``carecycle/__init__.py`` binds on purpose (imports and definitions)."""
    names: set[str] = set()
    for node in ast.parse(INIT.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom | ast.Import):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_") and n != "annotations"}


def test_all_is_exactly_what_the_package_exports():
    assert len(carecycle.__all__) == len(set(carecycle.__all__)), "duplicates in __all__"
    assert set(carecycle.__all__) == exported_by_init()


def test_all_matches_the_public_names_of_the_imported_package():
    """Submodules not listed (``errors``) are bound as a side effect of importing them."""
    public = {
        name
        for name, value in vars(carecycle).items()
        if not name.startswith("_")
        and not (inspect.ismodule(value) and name not in carecycle.__all__)
    }
    assert set(carecycle.__all__) == public


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

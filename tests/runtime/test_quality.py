"""The new runtime modules meet the generated package's bar before any package copies
them: ``mypy --strict`` for Python 3.10 beside the rest of the runtime, ruff, the
formatting stage's own output, and no dependency on the generated ``_config``.

(``tests/render/test_generated_quality.py`` holds the modules a package already copies
to the same bar, inside every generated package.)
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

RUNTIME = ROOT / "generator" / "runtime"
NEW_MODULES = ["_auth.py", "_bodies.py", "_decode.py", "_multipart.py", "_params.py"]


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every runtime module in one package, with the carecycle package's ``_config``."""
    root = tmp_path_factory.mktemp("runtime")
    target = root / "runtime_pkg"
    target.mkdir()
    for path in RUNTIME.glob("*.py"):
        shutil.copy(path, target / path.name)
    shutil.copy(ROOT / "generated" / "carecycle" / "_config.py", target / "_config.py")
    (target / "__init__.py").write_text("")
    (target / "py.typed").write_text("")
    return root


def test_mypy_strict_passes_for_python_3_10(package: Path) -> None:
    result = run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--python-version",
        "3.10",
        "--no-incremental",
        "--cache-dir",
        "/dev/null",
        "runtime_pkg",
        cwd=package,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check_passes_as_in_a_generated_package(package: Path) -> None:
    result = run(
        sys.executable,
        "-m",
        "ruff",
        "check",
        "--isolated",
        "--no-cache",
        "--target-version",
        "py310",
        "--extend-select",
        "C901",
        "runtime_pkg",
        cwd=package,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", NEW_MODULES)
def test_formatting_changes_nothing(name: str) -> None:
    from generator.formatting import format_python

    text = (RUNTIME / name).read_text(encoding="utf-8")
    assert format_python(text) == text


@pytest.mark.parametrize("name", NEW_MODULES)
def test_new_modules_do_not_need_the_generated_config(name: str) -> None:
    """So that they can be tested as ``generator.runtime.<module>`` directly."""
    tree = ast.parse((RUNTIME / name).read_text(encoding="utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1
    }
    assert imported <= {"_base", "_bodies", "_params", "errors"}, imported

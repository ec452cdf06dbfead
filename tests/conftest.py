"""Shared fixtures and the ``--update-golden`` option."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected trees under tests/golden/ from the current generator",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def copy_generated(project: Path) -> None:
    """This project's committed output, without caches, into ``project``."""
    shutil.copytree(
        ROOT / "generated",
        project / "generated",
        ignore=shutil.ignore_patterns("__pycache__", ".*cache*"),
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of this project's spec, configuration and committed output."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "spec", tmp_path / "spec")
    copy_generated(tmp_path)
    return tmp_path


def run_python(
    code: str, *args: str, cwd: Path, stdin: str | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """``code`` run by this interpreter in a fresh process, its output captured."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )

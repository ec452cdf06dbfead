"""What a generated package must pass besides compiling and importing: ``black --check``
with the generator's mode (black's defaults, Python 3.10) and ``mypy --strict`` for
Python 3.10; and generating a project from a spec made in a test, as a user would.

``MypyBatch`` checks many packages in one mypy process, which costs a fraction of one
process each; packages of the same name included, each in a folder of its own.
"""

from __future__ import annotations

import difflib
import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import black
from black.mode import TargetVersion
from black.report import NothingChanged

PY310 = Path(__file__).resolve().parent.parent / ".venv" / "py310" / "bin" / "python"
"""The oldest Python the generated packages support (``make`` installs it)."""
BLACK_MODE = black.Mode(target_versions={TargetVersion.PY310})
"""generator/formatting.py's mode: what ``black --check`` holds the generated code to."""
# Module bodies (what follows a file's leading comment lines) black leaves as they are on
# their own and below some comment lines.  Most files of a package are its runtime, the
# same in every package but for its header comments (the spec's name among them): with
# their bodies known clean, only their comments are left to check, one tenth of the time.
_CLEAN_BODIES: set[str] = set()
_STUB = '"""A body black leaves as it is."""\n'


def black_complaints(package: Path) -> list[str]:
    """For each ``.py`` file under ``package`` that ``black --check`` would reformat, its
    path (ASCII, escaped) and black's changes as a diff (the first 40 lines)."""
    complaints = []
    for path in sorted(package.rglob("*.py")):
        source = black.decode_bytes(path.read_bytes(), BLACK_MODE)[0]
        if _black_leaves(source):
            continue
        formatted = black.format_str(source, mode=BLACK_MODE)
        diff = difflib.unified_diff(
            source.splitlines(), formatted.splitlines(), ascii(str(path)), "black", lineterm=""
        )
        complaints.append("\n".join(list(diff)[:40]))
    return complaints


def _black_leaves(source: str) -> bool:
    """Whether black leaves ``source`` as it is (``black --check``)."""
    lines = source.split("\n")  # black's line ends, not str.splitlines' (U+2028, ...)
    comments = len(list(itertools.takewhile(lambda line: line.startswith("#"), lines)))
    head, body = "".join(f"{line}\n" for line in lines[:comments]), "\n".join(lines[comments:])
    if body in _CLEAN_BODIES:
        return _unchanged(head + _STUB)
    if not _unchanged(source):
        return False
    if _unchanged(body) and _unchanged(head + _STUB):
        _CLEAN_BODIES.add(body)
    return True


def _unchanged(source: str) -> bool:
    try:
        black.format_file_contents(source, fast=False, mode=BLACK_MODE)
    except NothingChanged:
        return True
    except ValueError:  # not Python: a body cut from its comments may not be on its own
        pass
    return False


def mypy_strict(
    folder: Path, *packages: str, cache: str = os.devnull
) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` for Python 3.10 over ``packages`` (importable from ``folder``),
    its cache in ``cache`` (none by default)."""
    arguments = [argument for name in packages for argument in ("-p", name)]
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10"]
        + ["--cache-dir", cache, *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


class MypyBatch:
    """Generated packages gathered under ``folder`` to go through ``mypy --strict``
    together: each copied as ``<prefix>_NNNN/<its name>/`` (a namespace package holding
    it, so that packages of the same name stay apart), with the inputs it was built from
    beside it.  Batches that share a ``cache`` need distinct prefixes."""

    def __init__(self, folder: Path, prefix: str, cache: Path) -> None:
        self.folder, self.prefix, self.cache = folder, prefix, cache
        self.packages: dict[str, str] = {}  # <prefix>_NNNN -> the package's name

    def add(self, package: Path, inputs: dict[str, Any]) -> None:
        example = self.folder / f"{self.prefix}_{len(self.packages):04d}"
        shutil.copytree(
            package, example / package.name, ignore=shutil.ignore_patterns("__pycache__")
        )
        (example / "inputs.json").write_text(json.dumps(inputs, indent=1))
        self.packages[example.name] = package.name

    def failures(self) -> str:
        """What mypy finds wrong in the packages, naming each package it complains about
        and where its inputs are; empty when nothing."""
        if not self.packages:
            return ""
        result = mypy_strict(self.folder, *self.packages, cache=str(self.cache))
        if result.returncode == 0:
            return ""
        output = result.stdout + result.stderr
        lines = output.splitlines()
        named = [
            f"{example}/{name} (inputs: {self.folder / example / 'inputs.json'})"
            for example, name in self.packages.items()
            if any(line.startswith(f"{example}/") for line in lines)
        ]
        return f"mypy --strict fails for {', '.join(named) or 'the batch'}:\n{output}"


def generate_project(folder: Path, spec: dict[str, Any], package: str) -> Path:
    """Write ``spec`` and a ``pyproject.toml`` naming it into ``folder``, run
    ``generate`` there, and return the output folder (``folder / "out"``)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spec.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        f'[tool.clientgen]\nspec = "spec.json"\npackage = "{package}"\nout = "out"\n'
    )
    run_generator(folder, "generate")
    return folder / "out"


def run_generator(folder: Path, command: str) -> str:
    """Run the generator's ``command`` in ``folder``; it must succeed.  Its report
    (stderr)."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", command],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stderr


def run_on_python310(folder: Path, code: str) -> None:
    """Run ``code`` in a fresh Python 3.10 in ``folder``, where the package is; it must
    succeed."""
    result = subprocess.run(
        [str(PY310), "-c", code], cwd=folder, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-4000:]


def no_attribute(module: str, name: str) -> str:
    """Code that checks reading ``name`` from ``module`` (a lazily imported package,
    bound in the code it is put in) raises an ``AttributeError`` that names it."""
    return (
        f"try:\n    {module}.{name}\nexcept AttributeError as error:\n"
        f"    assert {name!r} in str(error)\n"
        'else:\n    raise AssertionError("no AttributeError")\n'
    )


def passes_ruff_and_mypy_strict(folder: Path, package: str) -> None:
    """``ruff check`` (its default rules, Python 3.10) and ``mypy --strict`` pass on
    ``package``, importable from ``folder``."""
    ruff = [sys.executable, "-m", "ruff", "check", "--isolated", "--target-version", "py310"]
    linted = subprocess.run(
        [*ruff, package], cwd=folder, capture_output=True, text=True, check=False
    )
    assert linted.returncode == 0, linted.stdout[-4000:]
    typed = mypy_strict(folder, package)
    assert typed.returncode == 0, typed.stdout[-4000:]

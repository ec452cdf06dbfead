"""Structural oddities never crash the generator.

Every mapping of a spec that uses most constructs is dropped, emptied, or replaced by a
list, a string or a number, one at a time (components without schemas, paths as a list,
a parameter that is a string, ...).  ``lint`` reports each mutant with located findings,
and ``generate`` either refuses it with located errors or builds it; neither ever fails
with an internal error.  Builds run in this one process (a waiting thread keeps
``build`` from forking), so they share their imports.
"""

from __future__ import annotations

import copy
import os
import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import load_settings
from generator.diagnostics import GeneratorError, SpecError
from generator.lint import LintConfig, lint_path
from generator.pipeline import build

from .conftest import ROOT

SPEC = ROOT / "tests" / "golden" / "features" / "spec.yaml"
_DROP = object()
REPLACEMENTS: list[Any] = [_DROP, {}, [], "text", 7]


def mapping_paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every mapping below the root."""
    if isinstance(node, dict):
        if path:
            yield path
        for key, value in node.items():
            yield from mapping_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from mapping_paths(value, (*path, index))


def mutated(document: dict[str, Any], path: tuple[Any, ...], replacement: Any) -> Any:
    mutant = copy.deepcopy(document)
    parent = mutant
    for key in path[:-1]:
        parent = parent[key]
    if replacement is _DROP:
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(replacement)
    return mutant


def _cases() -> list[tuple[tuple[Any, ...], Any]]:
    document = yaml.safe_load(SPEC.read_text())
    cases = [(path, r) for path in mapping_paths(document) for r in REPLACEMENTS]
    share = float(os.environ.get("CLIENTGEN_ODDITIES_SHARE", "0.35"))
    return random.Random(20261201).sample(cases, round(len(cases) * share))


@pytest.fixture(scope="module")
def one_process() -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


def test_every_oddity_is_a_located_finding_never_a_crash(tmp_path: Path, one_process: None) -> None:
    document = yaml.safe_load(SPEC.read_text())
    (tmp_path / "pyproject.toml").write_text(
        '[tool.clientgen]\nspec = "spec.yaml"\nout = "out"\npackage = "odd"\n'
    )
    settings = load_settings(cwd=tmp_path)
    problems = []
    for path, replacement in _cases():
        what = f"{'/'.join(map(str, path))} -> {'(dropped)' if replacement is _DROP else replacement!r}"
        (tmp_path / "spec.yaml").write_text(yaml.safe_dump(mutated(document, path, replacement)))
        findings = lint_path(tmp_path / "spec.yaml", LintConfig())
        if any(f.location.line < 1 or f.location.column < 1 for f in findings):
            problems.append(f"{what}: a finding without a place")
        try:
            build(settings, regenerate_command="make")
        except SpecError as exc:
            if not exc.diagnostics or any(d.location.line < 1 for d in exc.diagnostics):
                problems.append(f"{what}: refused without located errors")
        except GeneratorError:
            pass  # a clear error (exit 2): a datamodel-code-generator refusal, say
        except Exception as exc:  # noqa: BLE001 - what the test is looking for
            problems.append(f"{what}: internal error {type(exc).__name__}: {exc}")
    assert not problems, "\n".join(problems)

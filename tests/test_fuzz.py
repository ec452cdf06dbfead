"""Mutated specs never crash the generator: each one is refused with located errors, or
gives a package that imports.

The mutants come from a fixed seed: lines dropped or repeated, values and words swapped
for schema keywords and YAML punctuation.  Builds run in this one process (a waiting
thread keeps ``build`` from forking), so they share their imports.
"""

from __future__ import annotations

import difflib
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.diagnostics import GeneratorError, SpecError
from generator.pipeline import build
from generator.writer import write_package

from .conftest import ROOT, run_python

MUTANTS = 60
TOKENS = [
    "string", "integer", "object", "array", "null", "true", "{}", "[]", "-1", "'", '"', ":",
    "- ", "$ref: '#/components/schemas/Nowhere'", "enum: []", "type: [string, 'null']",
    "format: uuid", "nullable: true", "required: [zz]", "additionalProperties: false",
    "oneOf: []", "allOf: [{}]", "in: cookie", "operationId: class", "pattern: '['",
]  # fmt: skip


def mutants(text: str, count: int, seed: int = 20261127) -> Iterator[str]:
    rng = random.Random(seed)
    lines = text.splitlines(keepends=True)
    for _ in range(count):
        mutant = list(lines)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(mutant))
            roll = rng.random()
            if roll < 0.3:
                del mutant[at]
            elif roll < 0.5:
                mutant.insert(at, mutant[rng.randrange(len(mutant))])
            elif roll < 0.8 and ":" in mutant[at]:
                key = mutant[at].partition(":")[0]
                mutant[at] = f"{key}: {rng.choice(TOKENS)}\n"
            else:
                words = mutant[at].rstrip("\n").split(" ")
                words[rng.randrange(len(words))] = rng.choice(TOKENS)
                mutant[at] = " ".join(words) + "\n"
        yield "".join(mutant)


@pytest.fixture
def one_process() -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


@pytest.mark.usefixtures("one_process")
def test_mutated_specs_are_refused_with_locations_or_give_packages_that_import(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    (project / "spec").mkdir(parents=True)
    (project / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    spec = project / "spec" / "openapi.yaml"
    built = []
    original = (ROOT / "spec" / "openapi.yaml").read_text()
    for number, text in enumerate(mutants(original, MUTANTS)):
        spec.write_text(text)
        settings = load_settings(cwd=project, package=f"mutant{number}")
        try:
            files = build(settings, regenerate_command="make").files
        except SpecError as exc:
            assert all(d.location.line >= 1 and d.location.column >= 1 for d in exc.diagnostics)
            continue
        except GeneratorError:
            continue
        except Exception as exc:  # noqa: BLE001 - any other exception is the bug sought
            change = difflib.unified_diff(original.splitlines(), text.splitlines(), lineterm="")
            pytest.fail(f"mutant {number} crashed the generator: {exc!r}\n" + "\n".join(change))
        write_package(tmp_path / "out" / settings.package, files)
        built.append(settings.package)
    assert built, "no mutant built: the mutations no longer exercise the later stages"
    imports = "; ".join(f"import {name}.api, {name}.models" for name in built)
    result = run_python(imports, cwd=tmp_path / "out")
    assert result.returncode == 0, result.stderr

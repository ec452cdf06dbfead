"""generated/ is the golden record: it must be exactly what the spec produces.

Accept new output with the README's first command (``python -m generator generate``);
for the small cases under tests/golden/, run ``python -m pytest tests/test_golden.py
--update-golden``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.pipeline import build
from generator.writer import write_package

from .conftest import ROOT
from .treediff import files_in, tree_differences

CASES = sorted(p for p in (ROOT / "tests" / "golden").iterdir() if p.is_dir())


def test_generated_folder_is_what_the_spec_produces() -> None:
    settings = load_settings(cwd=ROOT)
    expected = build(settings, regenerate_command="python -m generator generate").files
    differences = tree_differences(expected, settings.package_dir)
    assert not differences, (
        "generated/ is stale; run `python -m generator generate` and commit:\n" + differences
    )


def test_generating_twice_gives_identical_bytes(tmp_path: Path) -> None:
    """Two fresh processes with different hash seeds write the same bytes."""
    out = tmp_path / "out"
    outputs = []
    for seed in ("1", "2"):
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(
            [sys.executable, "-m", "generator", "generate", "--out", str(out)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append(files_in(out / "carecycle"))
    assert outputs[0] == outputs[1]
    assert "models.py" in outputs[0]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_case(case: Path, update_golden: bool) -> None:
    settings = load_settings(
        cwd=case, spec=str(case / "spec.yaml"), out=str(case / "expected"), package="client"
    )
    produced = build(settings, regenerate_command="python -m generator generate").files
    if update_golden:
        write_package(settings.package_dir, produced, force=True)
    differences = tree_differences(produced, settings.package_dir)
    assert not differences, "run with --update-golden to accept:\n" + differences

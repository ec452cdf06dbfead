"""The benchmarks still run against the generator as it is now: each script imports and
answers ``--help`` (running them is slow; they print figures, never assert speed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, run_python

SCRIPTS = sorted((ROOT / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.stem for script in SCRIPTS])
def test_a_benchmark_script_starts(script: Path) -> None:
    result = run_python(
        "import runpy, sys; sys.argv = [sys.argv[1], '--help']; "
        "runpy.run_path(sys.argv[0], run_name='__main__')",
        str(script),
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "usage" in result.stdout.lower(), result.stdout

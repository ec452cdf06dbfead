"""Helpers shared by the lint tests: the example specs and small runners."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from generator.lint import Finding, LintConfig, lint_path, run_lint

SPECS = Path(__file__).resolve().parent / "specs"


def example(rule: str, kind: str) -> Path:
    """tests/lint/specs/<rule>.<kind>.yaml, kind being "bad" or "good"."""
    return SPECS / f"{rule}.{kind}.yaml"


def findings_of(path: Path, config: LintConfig | None = None) -> list[Finding]:
    return lint_path(path, config or LintConfig())


def positions(findings: list[Finding], rule: str) -> list[tuple[int, int]]:
    return [(f.location.line, f.location.column) for f in findings if f.rule == rule]


def write_spec(folder: Path, text: str, name: str = "openapi.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(
    paths: list[Path], config: LintConfig | None = None, **options: object
) -> tuple[int, str, str]:
    """run_lint with captured output: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    status = run_lint(
        paths,
        config=config or LintConfig(),
        stdout=out,
        stderr=err,
        **options,  # type: ignore[arg-type]
    )
    return status, out.getvalue(), err.getvalue()

"""``python -m generator lint``: lint files and print the report; the exit status.

0 clean, 1 findings at or above ``fail_severity`` (a file that doesn't parse is one),
2 unusable input or arguments.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..diagnostics import SEVERITIES, GeneratorError, SpecError, severity_at_least
from ..document import ReadLimits, SpecReadError, parse_spec, read_spec_text
from ..report import FORMATS, FileResult, ignore_toml, render
from .check import Finding, lint_spec
from .config import LintConfig
from .rules import LINT_RULES
from .rules.structure import syntax

__all__ = ["LintInputError", "lint_path", "run_lint"]

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2


class LintInputError(GeneratorError):
    """A file to lint can't be read: missing, a folder, not UTF-8 (the CLI exits 2)."""


def run_lint(
    paths: Sequence[Path],
    *,
    config: LintConfig,
    output_format: str = "text",
    fail_severity: str = "error",
    generate_ignore: bool = False,
    limits: ReadLimits | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Lint ``paths`` and print the report; return the exit status (0, 1 or 2)."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    problem = _argument_problem(paths, output_format, fail_severity)
    if problem is not None:
        print(f"error: {problem}", file=err)
        return EXIT_UNUSABLE
    unusable = False
    results: list[FileResult] = []
    for path in paths:
        try:
            result = _lint_file(path, config, limits or ReadLimits())
        except LintInputError as exc:
            print(f"error: {exc}", file=err)
            unusable = True
            continue
        results.append(result)
    findings = [finding for result in results for finding in result.findings]
    if generate_ignore:
        out.write(ignore_toml(results, configured=config.ignore))
        failing = any(f.rule == syntax.id for f in findings)
    else:
        out.write(render(output_format, results, rules=LINT_RULES.values()))
        failing = any(severity_at_least(f.severity, fail_severity) for f in findings)
    if unusable:
        return EXIT_UNUSABLE
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def lint_path(
    path: Path,
    config: LintConfig,
    *,
    display_name: str | None = None,
    limits: ReadLimits | None = None,
) -> list[Finding]:
    """Load and lint one file: a YAML/JSON syntax error is a ``syntax`` finding.

    Raises ``LintInputError`` when the file can't be read at all (missing, a folder,
    not UTF-8), which ``run_lint`` turns into exit status 2.
    """
    return list(
        _lint_file(path, config, limits or ReadLimits(), display_name=display_name).findings
    )


def _argument_problem(paths: Sequence[Path], output_format: str, fail_severity: str) -> str | None:
    if output_format not in FORMATS:
        return f"unknown lint format {output_format!r} ({', '.join(FORMATS)})"
    if fail_severity not in SEVERITIES:
        return f"unknown fail severity {fail_severity!r} ({', '.join(SEVERITIES)})"
    if not paths:
        return "no spec to lint"
    return None


def _lint_file(
    path: Path, config: LintConfig, limits: ReadLimits, *, display_name: str | None = None
) -> FileResult:
    name = display_name or _display_name(path)
    try:
        text = read_spec_text(path, display_name=name, limits=limits)
    except SpecReadError as exc:
        raise LintInputError(str(exc)) from exc
    try:
        spec = parse_spec(text, path=path, display_name=name, limits=limits)
    except SpecError as exc:
        return FileResult(name, text, exc.diagnostics)
    sources = tuple((file.name, file.text) for file in spec.files)
    return FileResult(name, text, tuple(lint_spec(spec, config)), sources)


def _display_name(path: Path) -> str:
    """The path as messages show it: relative to the current folder when inside it."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return os.path.normpath(str(path))

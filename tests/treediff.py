"""Compare a rendered file set with a folder: missing files, extra files, then content."""

from __future__ import annotations

import difflib
from pathlib import Path

DERIVED = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def files_in(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not DERIVED.intersection(path.relative_to(folder).parts)
    }


def tree_differences(expected: dict[str, str], folder: Path) -> str:
    """A readable report of how ``folder`` differs from ``expected``; empty when equal."""
    actual = files_in(folder) if folder.exists() else {}
    report = []
    for path in sorted(set(expected) - set(actual)):
        report.append(f"missing file: {path}")
    for path in sorted(set(actual) - set(expected)):
        report.append(f"extra file: {path}")
    for path in sorted(set(expected) & set(actual)):
        if expected[path] != actual[path]:
            report.append(f"content differs: {path}")
            report.extend(
                difflib.unified_diff(
                    actual[path].splitlines(),
                    expected[path].splitlines(),
                    f"{path} (committed)",
                    f"{path} (generated now)",
                    lineterm="",
                )
            )
    return "\n".join(report)

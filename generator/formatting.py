"""Stage 5: format every Python file the same way: isort, then black, both in-process.

Both are pinned to exact versions in pyproject.toml: they shape the output bytes.
"""

from __future__ import annotations

import black
import isort
from black.mode import TargetVersion

__all__ = ["format_files", "format_python"]

_BLACK_MODE = black.Mode(target_versions={TargetVersion.PY310})
_ISORT_CONFIG = isort.Config(profile="black", py_version="310", quiet=True)


def format_python(source: str) -> str:
    """Sorted imports and black style; raises ``black.InvalidInput`` on broken code."""
    return black.format_str(isort.code(source, config=_ISORT_CONFIG), mode=_BLACK_MODE)


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Format the ``.py`` files of ``{path: source}``; other files pass through."""
    return {
        path: format_python(source) if path.endswith(".py") else source
        for path, source in files.items()
    }

"""Settings: ``[tool.clientgen]`` in the nearest pyproject.toml, overridden on the command line."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GeneratorError
from .names import snake_case

__all__ = ["Settings", "load_settings"]

TOOL_NAME = "clientgen"
_DEFAULTS = {"spec": "spec/openapi.yaml", "out": "generated", "package": "client"}
_TABLES = {"lint"}  # sub-tables: [tool.clientgen.lint]


@dataclass(frozen=True)
class Settings:
    """What to generate from where.  Relative paths are resolved against ``root``."""

    root: Path
    spec: Path
    out: Path
    package: str
    lint: Mapping[str, Any] = field(default_factory=dict)  # [tool.clientgen.lint], raw

    @property
    def package_dir(self) -> Path:
        return self.out / self.package

    def shown(self, path: Path) -> str:
        """``path`` as messages show it: relative to the project when it is inside."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def load_settings(
    *,
    cwd: Path,
    spec: str | None = None,
    out: str | None = None,
    package: str | None = None,
) -> Settings:
    """Settings from the pyproject.toml at or above ``cwd``, then the explicit arguments."""
    root, table = _find_tool_table(cwd)
    values = {**_DEFAULTS, **table}
    unknown = sorted(set(table) - set(_DEFAULTS) - _TABLES)
    if unknown:
        raise GeneratorError(f"unknown option(s) in [tool.{TOOL_NAME}]: {', '.join(unknown)}")
    package_name = package or str(values["package"])
    if snake_case(package_name) != package_name:
        raise GeneratorError(f"package name {package_name!r} is not a valid snake_case module name")
    return Settings(
        root=root,
        spec=_resolve(root, cwd, spec, values["spec"]),
        out=_resolve(root, cwd, out, values["out"]),
        package=package_name,
        lint=_table(values.get("lint", {}), "lint"),
    )


def _table(value: object, name: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise GeneratorError(f"[tool.{TOOL_NAME}.{name}] must be a table")
    return value


def _resolve(root: Path, cwd: Path, given: str | None, configured: object) -> Path:
    """A path from the command line is relative to ``cwd``; one from pyproject to ``root``."""
    return (cwd / given).resolve() if given is not None else (root / str(configured)).resolve()


def _find_tool_table(cwd: Path) -> tuple[Path, dict[str, object]]:
    for folder in (cwd, *cwd.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise GeneratorError(f"{pyproject}: {exc}") from exc
            table = data.get("tool", {}).get(TOOL_NAME)
            if table is not None:
                return folder, dict(table)
    return cwd, {}

"""Settings: ``[tool.clientgen]`` in the nearest pyproject.toml, overridden on the command line.

Every mistake in the configuration or the arguments is a ``GeneratorError`` (exit 2) that
says what is wrong and where: a table of the wrong type, an unknown option, a file that is
not UTF-8 TOML, a path holding a NUL, a package name that is not a module name or would
shadow a module the generated client imports.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import GeneratorError
from .document import DEFAULT_MAX_BYTES, ReadLimits
from .ir.names import snake_case

__all__ = ["Settings", "load_settings"]

TOOL_NAME = "clientgen"
_DEFAULTS: dict[str, object] = {
    "spec": "spec/openapi.yaml",
    "out": "generated",
    "package": "client",
    "max-spec-bytes": DEFAULT_MAX_BYTES,
}
_TABLES = {"lint", "diff"}  # sub-tables: [tool.clientgen.lint], [tool.clientgen.diff]
# What the generated package imports by absolute name: a package of one of these names
# would shadow it (the standard library's names come from sys.stdlib_module_names).
_CLIENT_DEPENDENCIES = frozenset(
    {
        "annotated_types",
        "anyio",
        "certifi",
        "h11",
        "httpcore",
        "httpx",
        "idna",
        "pydantic",
        "pydantic_core",
        "sniffio",
        "typing_extensions",
        "typing_inspection",
    }
)


@dataclass(frozen=True)
class Settings:
    """What to generate from where.  Relative paths are resolved against ``root``."""

    root: Path
    spec: Path
    out: Path
    package: str
    lint: Mapping[str, Any] = field(default_factory=dict)  # [tool.clientgen.lint], raw
    diff: Mapping[str, Any] = field(default_factory=dict)  # [tool.clientgen.diff], raw
    read_limits: ReadLimits = field(default_factory=ReadLimits)

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
    max_spec_bytes: int | None = None,
) -> Settings:
    """Settings from the pyproject.toml at or above ``cwd``, then the explicit arguments."""
    root, table = _find_tool_table(cwd)
    unknown = sorted(set(table) - set(_DEFAULTS) - _TABLES)
    if unknown:
        raise GeneratorError(f"unknown option(s) in [tool.{TOOL_NAME}]: {', '.join(unknown)}")
    values = {**_DEFAULTS, **table}
    for option in ("spec", "out", "package"):
        if not isinstance(values[option], str):
            raise GeneratorError(f"[tool.{TOOL_NAME}] {option} must be a string")
    limit = values["max-spec-bytes"] if max_spec_bytes is None else max_spec_bytes
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise GeneratorError(f"[tool.{TOOL_NAME}] max-spec-bytes must be a positive integer")
    return Settings(
        root=root,
        spec=_resolve(root, cwd, spec, str(values["spec"]), "spec"),
        out=_resolve(root, cwd, out, str(values["out"]), "out"),
        package=_package_name(str(values["package"]) if package is None else package),
        lint=_table(values.get("lint", {}), "lint"),
        diff=_table(values.get("diff", {}), "diff"),
        read_limits=ReadLimits(max_bytes=limit),
    )


def _package_name(name: str) -> str:
    if not name:
        raise GeneratorError("the package name is empty")
    if snake_case(name) != name:
        raise GeneratorError(f"package name {name!r} is not a valid snake_case module name")
    if name in sys.stdlib_module_names or name in _CLIENT_DEPENDENCIES:
        raise GeneratorError(
            f"package name {name!r} would shadow the module {name!r} that the generated "
            "client (or Python itself) imports; choose another name"
        )
    return name


def _table(value: object, name: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise GeneratorError(f"[tool.{TOOL_NAME}.{name}] must be a table")
    return value


def _resolve(root: Path, cwd: Path, given: str | None, configured: str, option: str) -> Path:
    """A path from the command line is relative to ``cwd``; one from pyproject to ``root``.

    The result is absolute and normalized, but symlinks are not resolved: the writer
    refuses to write through one (see ``writer``), so it must see them.
    """
    text = configured if given is None else given
    if "\0" in text:
        raise GeneratorError(f"the {option} path {text!r} contains a NUL character")
    if not text:
        raise GeneratorError(f"the {option} path is empty")
    base = root if given is None else cwd
    return Path(os.path.normpath(os.path.join(os.path.abspath(base), text)))


def _find_tool_table(cwd: Path) -> tuple[Path, dict[str, object]]:
    for folder in (cwd, *cwd.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_bytes().decode("utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise GeneratorError(f"{pyproject}: {exc}") from exc
            tool = data.get("tool", {})
            table = tool.get(TOOL_NAME) if isinstance(tool, dict) else None
            if table is None:
                continue
            if not isinstance(table, dict):
                raise GeneratorError(f"{pyproject}: [tool.{TOOL_NAME}] must be a table")
            return folder, dict(table)
    return cwd, {}

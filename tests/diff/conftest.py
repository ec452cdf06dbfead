"""Helpers shared by the diff tests: the base spec, its variants, and diffs of them."""

from __future__ import annotations

import copy
import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.config import load_settings
from generator.diagnostics import Location
from generator.diff import Change, build_side, compare, run_diff
from generator.diff.sides import Side
from generator.document import ReadLimits

HERE = Path(__file__).resolve().parent
BASE = HERE / "base.yaml"
Spec = dict[str, Any]
Mutation = Callable[[Spec], None]


def base() -> Spec:
    data: Spec = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    return data


def both(*mutations: Mutation) -> Mutation:
    """Each of ``mutations``, in order."""

    def mutate(data: Spec) -> None:
        for one in mutations:
            one(data)

    return mutate


def variant(mutate: Mutation | None) -> str:
    """The base spec changed by ``mutate`` (the base itself for None), as YAML."""
    if mutate is None:
        return BASE.read_text(encoding="utf-8")
    data = copy.deepcopy(base())
    mutate(data)
    return yaml.safe_dump(data, sort_keys=False, width=1000)


@functools.lru_cache(maxsize=256)
def side(text: str, name: str) -> Side:
    return build_side(
        text, name=name, path=Path(name), package="client", lint={}, limits=ReadLimits()
    )


def diff(old: str, new: str) -> list[Change]:
    return compare(side(old, "old.yaml"), side(new, "new.yaml"))


def on_its_line(where: Location, text: str) -> bool:
    """Whether the line ``where`` names holds the last key of its pointer (an index or
    the root says nothing)."""
    token = where.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    if not token or token.isdigit():
        return where.line >= 1
    return token in text.splitlines()[where.line - 1]


def schema(data: Spec, name: str) -> Spec:
    found: Spec = data["components"]["schemas"][name]
    return found


def operation(data: Spec, path: str, method: str) -> Spec:
    found: Spec = data["paths"][path][method]
    return found


def project(folder: Path, pyproject: str = "", spec: str | None = None) -> Path:
    """A project in ``folder``: a pyproject.toml (``[tool.clientgen]`` then
    ``pyproject``) and spec/openapi.yaml (the base spec unless given)."""
    (folder / "pyproject.toml").write_text(
        '[tool.clientgen]\nspec = "spec/openapi.yaml"\n' + pyproject, encoding="utf-8"
    )
    (folder / "spec").mkdir(exist_ok=True)
    (folder / "spec" / "openapi.yaml").write_text(spec or variant(None), encoding="utf-8")
    return folder


def run(folder: Path, old: str, new: str | None = None, **options: Any) -> tuple[int, str, str]:
    """run_diff in ``folder``'s project: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    settings = load_settings(cwd=folder)
    status = run_diff(old, new, settings=settings, stdout=out, stderr=err, **options)
    return status, out.getvalue(), err.getvalue()

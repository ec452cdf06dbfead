"""docs/architecture.md lists every module of the generator with its size."""

from __future__ import annotations

import re

from .conftest import ROOT

ROW = re.compile(r"^\| `(generator/[^`]+\.py)` \| (\d+) \|", re.MULTILINE)


def test_the_architecture_page_lists_every_module_with_its_size() -> None:
    rows = {
        path: int(lines) for path, lines in ROW.findall((ROOT / "docs/architecture.md").read_text())
    }
    modules = {
        path.relative_to(ROOT).as_posix(): path.read_text().count("\n")
        for path in (ROOT / "generator").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert sorted(rows) == sorted(modules), "add or remove rows in docs/architecture.md"
    stale = {
        path: (stated, modules[path])
        for path, stated in rows.items()
        if abs(stated - modules[path]) > max(20, modules[path] // 5)
    }
    assert not stale, f"update the line counts (stated, actual): {stale}"

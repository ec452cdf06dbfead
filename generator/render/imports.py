"""The import block of a generated module, from the imports its types and code need.

isort lays the block out (``formatting``); this only decides what is imported.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..ir.types import Import, TypeRef

__all__ = ["import_block"]


def import_block(types: Iterable[TypeRef], needs: Iterable[Import] = (), *, depth: int = 0) -> str:
    """``from module import name`` lines for everything ``types`` and ``needs`` import,
    for a module ``depth`` folders below the package root, ``__future__`` first."""
    wanted: set[Import] = set(needs)
    for type_ref in types:
        wanted |= type_ref.imports
    by_module: dict[str, set[str]] = {}
    for item in wanted:
        by_module.setdefault(item.source_module(depth), set()).add(item.name)
    lines = ["from __future__ import annotations"]
    lines += [
        f"import {module}" if names == {""} else f"from {module} import {', '.join(sorted(names))}"
        for module, names in sorted(by_module.items())
    ]
    return "\n".join(lines)

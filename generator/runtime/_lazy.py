"""Submodules imported when first used, not with their package (PEP 562).

A large API's operations and models take seconds to import; a program that calls a few
operations needs only their modules.  ``import pkg`` stays quick, ``pkg.models.X`` and
``from pkg.api import tag`` keep working, and type checkers read the package's
``TYPE_CHECKING`` imports of the same names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection
from types import ModuleType


def submodules(package: str, names: Collection[str]) -> Callable[[str], ModuleType]:
    """A module ``__getattr__`` for ``package`` that imports its submodule ``name``
    (one of ``names``) on first access."""
    known = frozenset(names)

    def __getattr__(name: str) -> ModuleType:
        if name in known:
            return importlib.import_module(f".{name}", package)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__

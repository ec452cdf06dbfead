"""Submodules, and the names they define, imported when first used, not with their
package (PEP 562).

A large API's operations and models take seconds to import; a program that calls a few
operations needs only their modules.  ``import pkg`` stays quick, ``pkg.models.X`` and
``from pkg.api import tag`` keep working (and, where the models are a package of
modules, ``from pkg.models import X`` imports only what ``X`` is made of), and type
checkers read the package's ``TYPE_CHECKING`` imports of the same names.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Collection, Mapping
from types import ModuleType
from typing import Any


def submodules(package: str, names: Collection[str]) -> Callable[[str], ModuleType]:
    """A module ``__getattr__`` for ``package`` that imports its submodule ``name``
    (one of ``names``) on first access."""
    known = frozenset(names)

    def __getattr__(name: str) -> ModuleType:
        if name in known:
            return importlib.import_module(f".{name}", package)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


def attributes(
    package: str,
    modules: Mapping[str, Collection[str]],
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that takes each name in ``modules[m]``
    from its submodule ``m``, imported on first access (and kept in the package)."""
    where = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__

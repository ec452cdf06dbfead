"""Every lint rule, in one module per concern; importing this package registers them.

| module | rules |
|---|---|
| ``structure`` | ``syntax`` (the loader's), ``structure`` (openapi-spec-validator) |
| ``refs`` | ``unresolved-ref``, ``ref-siblings``, ``unused-component`` |
| ``cycles`` | ``ref-cycle``, ``unsatisfiable-recursion`` |
| ``operations`` | ``operation-id-duplicate``, ``operation-id-url-safe``, ``missing-success-response`` |
| ``paths`` | ``path-params``, ``identical-paths``, ``ambiguous-paths``, ``path-*`` |
| ``parameters`` | ``duplicate-parameter`` |
| ``schemas`` | ``array-items``, ``enum-*``, ``required-properties``, ``nullable-*``, the
  advisory ``uuid-pattern`` |
| ``values`` | ``invalid-default``, ``invalid-example`` |
| ``servers`` | ``server-variables``, ``server-trailing-slash`` |
| ``security`` | ``security-scheme-undefined`` |
| ``tags`` | ``undefined-tag`` |
| ``generation`` | the generator's limits, as ``generator.build`` reports them, and ``property-name-collision`` |

``LINT_RULES`` lists them by number (see ``generator.lint.registry``), whatever order
the modules are imported in.
"""

from __future__ import annotations

from ..registry import registered
from . import (  # noqa: F401 - importing a module registers its rules
    cycles,
    generation,
    operations,
    parameters,
    paths,
    refs,
    schemas,
    security,
    servers,
    structure,
    tags,
    values,
)

__all__ = ["LINT_RULES"]

LINT_RULES = registered()

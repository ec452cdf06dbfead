"""``python -m generator diff``: what changes for users of the generated client between
two versions of a spec, each change judged ``breaking``, ``warning`` or ``safe``.

The API:

- ``run_diff(old, new, settings=...)``: what the command does; returns the exit status
  (0 nothing at or above ``fail_on``, 1 something is, 2 unusable input).
- ``build_side(text, ...)``: one version built as ``generate`` builds it (a ``Side``);
  ``build_sides(old, new, ...)`` both, the old side's models made by a second process.
- ``compare(old, new)``: every ``Change`` between two sides.
- ``DIFF_RULES``: the rule registry (id -> ``DiffRule``: verdict, rationale, what to do).
- ``DiffConfig``: ``[tool.clientgen.diff]``, the rules re-levelled.

Inside: ``sides`` and ``git`` (the versions), ``catalog`` (each version's models, their
fields and directions), ``schemas`` (what a schema means, comparably), ``service``,
``operations``, ``parameters``, ``exchanges`` and ``models`` (the comparisons),
``changes``, ``engine``, ``output`` (the formats) and ``command``.
"""

from .changes import Change
from .command import run_diff
from .config import DiffConfig, DiffConfigError
from .engine import compare
from .output import DIFF_FORMATS
from .rules import DIFF_RULES, VERDICTS, DiffRule
from .sides import DiffInputError, Side, SideText, build_side, build_sides

__all__ = [
    "DIFF_FORMATS",
    "DIFF_RULES",
    "VERDICTS",
    "Change",
    "DiffConfig",
    "DiffConfigError",
    "DiffInputError",
    "DiffRule",
    "Side",
    "SideText",
    "build_side",
    "build_sides",
    "compare",
    "run_diff",
]

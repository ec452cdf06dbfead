"""``python -m generator lint``: every problem in a spec, each with a rule id and a place.

The API:

- ``LintConfig``: per-rule severities ("off" disables a rule) and an ignore list of
  (rule id, JSON pointer); ``LintConfig.from_dict`` reads ``[tool.clientgen.lint]``.
- ``lint_spec(spec, config)``: the findings for one loaded spec, in document order.
- ``lint_path(path, config)``: the same for a file, a syntax error being a finding.
- ``run_lint(paths, ...)``: what the command does; returns the exit status (0 clean,
  1 findings at or above ``fail_severity``, 2 unusable input or arguments).
- ``check_document(data, enabled)``: the raw hits (rule, pointer, message) of the
  enabled rules on plain data, without locations or configuration.
- ``GENERATE_NEEDS``: the rules ``generate`` enforces whatever the configuration.
- ``LINT_RULES``: the rule registry (id -> ``Rule``), by number, for docs and reports.

Inside: ``registry`` (the ``Rule`` type and the ``@rule`` decorator), ``walk`` (the one
walk, dispatching each node to the checks on its kind) and ``index`` (what it hands
them), ``rules/`` (one module per concern), ``meta`` (the quick meta-schema look),
``config``, ``check`` and ``command``.  The output formats are ``generator.report``.
"""

from ..diagnostics import SEVERITIES, severity_at_least
from ..report import FORMATS
from .check import Finding, check_document, lint_spec
from .command import LintInputError, lint_path, run_lint
from .config import LintConfig, LintConfigError
from .registry import Hit, Rule
from .rules import LINT_RULES
from .rules.generation import GENERATE_NEEDS

__all__ = [
    "FORMATS",
    "GENERATE_NEEDS",
    "LINT_RULES",
    "SEVERITIES",
    "Finding",
    "Hit",
    "LintConfig",
    "LintConfigError",
    "LintInputError",
    "Rule",
    "check_document",
    "lint_path",
    "lint_spec",
    "run_lint",
    "severity_at_least",
]

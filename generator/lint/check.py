"""Running the rules: ``check_document`` (plain data in, raw hits out) and ``lint_spec``.

The enabled node checks run in the one walk (``generator.lint.walk``), each on the kind
of node it is registered on; then the ``DOCUMENT`` checks run on the index the walk
filled, in registry order.  A hit reported twice (same rule, pointer and message) is
kept once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic
from ..document import Spec
from .config import OFF, LintConfig
from .index import Index
from .registry import DOCUMENT, Hit, On, Report
from .rules import LINT_RULES
from .rules.structure import structure, unsupported_version
from .walk import walk

if TYPE_CHECKING:
    from ..build import Built

__all__ = ["Finding", "check_document", "dialect_of", "lint_spec"]

Finding = Diagnostic  # lint's name for a diagnostic


def dialect_of(document: Mapping[str, Any]) -> str | None:
    """'3.0' or '3.1' from the ``openapi`` field; None for anything else."""
    version = document.get("openapi")
    if isinstance(version, str):
        for dialect in ("3.0", "3.1"):
            if version == dialect or version.startswith(f"{dialect}."):
                return dialect
    return None


def check_document(
    document: dict[str, Any], enabled: Iterable[str], *, built: Built | None = None
) -> list[Hit]:
    """The hits of every rule in ``enabled`` (rule ids) on ``document``, in the order the
    walk and then the whole-document checks found them; ``built``: the builder's check
    of the document, when the caller has it."""
    active = frozenset(enabled)
    hits: list[Hit] = []
    dialect = dialect_of(document)
    if dialect is None:
        if structure.id in active:
            unsupported_version(Report(structure, hits, active), document)
        return hits
    checks: dict[On, list[tuple[Callable[[Report, Any], None], Report]]] = {}
    for rule in LINT_RULES.values():
        if rule.id in active and rule.check is not None and rule.on is not None:
            checks.setdefault(rule.on, []).append((rule.check, Report(rule, hits, active)))
    index = Index(document, dialect, built=built)
    walk(index, checks)
    for check, report in checks.get(DOCUMENT, ()):
        check(report, index)
    return list(dict.fromkeys(hits))


def lint_spec(spec: Spec, config: LintConfig, *, built: Built | None = None) -> list[Finding]:
    """Every finding of every enabled rule for a loaded spec, in document order;
    ``built``: the builder's check of it, when the caller has it."""
    enabled = [rule for rule in LINT_RULES if config.severity(rule) != OFF]
    findings = [
        Finding(hit.rule, config.severity(hit.rule), _message(spec, hit), spec.locate(hit.pointer))
        for hit in check_document(spec.data, enabled, built=built)
        if not config.ignores(hit.rule, hit.pointer)
    ]
    main = spec.display_name  # then the other files of a split spec, each in order
    findings.sort(key=lambda f: (f.location.file != main, f.location.file, *_order(f)))
    return findings


def _message(spec: Spec, hit: Hit) -> str:
    """A reference to another file the loader could not follow says why."""
    return (
        spec.unresolved.get(hit.pointer, hit.message)
        if hit.rule == "unresolved-ref"
        else hit.message
    )


def _order(finding: Finding) -> tuple[int, int, str, str]:
    return (finding.location.line, finding.location.column, finding.rule, finding.message)

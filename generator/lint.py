"""``python -m generator lint``: every problem in a spec, each with a rule id and a place.

The API:

- ``LintConfig``: per-rule severities ("off" disables a rule) and an ignore list of
  (rule id, JSON pointer); ``LintConfig.from_dict`` reads ``[tool.clientgen.lint]``.
- ``lint_spec(spec, config)``: the findings for one loaded spec, in document order.
- ``run_lint(paths, ...)``: what the command does; returns the exit status (0 clean,
  1 findings at or above ``fail_severity``, 2 unusable input or arguments).
- ``LINT_RULES``: the rule registry (id -> ``Rule``), for docs and tests.

The rules themselves are in ``generator.lint_rules``, the output formats in
``generator.report``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

from .diagnostics import Diagnostic, GeneratorError, SpecError
from .document import ReadLimits, Spec, SpecReadError, parse_spec, read_spec_text
from .lint_rules import LINT_RULES, SEVERITIES, Rule, check_document
from .report import FORMATS, FileResult, ignore_toml, render

__all__ = [
    "FORMATS",
    "LINT_RULES",
    "SEVERITIES",
    "Finding",
    "LintConfig",
    "LintConfigError",
    "LintInputError",
    "Rule",
    "lint_path",
    "lint_spec",
    "run_lint",
    "severity_at_least",
]

OFF = "off"
EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2
_RANK = {"info": 1, "warn": 2, "error": 3}
_UNCONFIGURABLE = frozenset({"syntax"})  # without a parsed document nothing else can run


class LintConfigError(GeneratorError):
    """The lint configuration names an unknown rule or severity (the CLI exits 2)."""


class LintInputError(GeneratorError):
    """A file to lint can't be read: missing, a folder, not UTF-8 (the CLI exits 2)."""


@dataclass(frozen=True)
class LintConfig:
    """Severities per rule id (``"off"`` disables the rule) and (rule id, pointer) ignores.

    An ignore entry silences that rule's findings at exactly that JSON pointer (with or
    without the leading ``#``); a pointer ending in ``/**`` silences them at the pointer
    before it and anywhere below, e.g. ``/components/schemas/Legacy/**``.
    """

    severities: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    ignore: tuple[tuple[str, str], ...] = ()
    _exact: frozenset[tuple[str, str]] = field(init=False, repr=False, compare=False)
    _subtrees: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        severities = dict(self.severities)
        for rule, severity in severities.items():
            if rule not in LINT_RULES:
                raise LintConfigError(f"lint: unknown rule {rule!r} in severities")
            if severity not in (*SEVERITIES, OFF):
                raise LintConfigError(
                    f"lint: severity {severity!r} of rule {rule!r} is not one of "
                    f"{', '.join((*SEVERITIES, OFF))}"
                )
            if rule in _UNCONFIGURABLE and severity != "error":
                raise LintConfigError(f"lint: rule {rule!r} is always an error")
        ignore = []
        for entry in self.ignore:
            if (
                not isinstance(entry, tuple | list)
                or len(entry) != 2
                or not all(isinstance(part, str) for part in entry)
            ):
                raise LintConfigError(f"lint: ignore entry {entry!r} is not (rule, pointer)")
            rule, pointer = entry
            if rule not in LINT_RULES:
                raise LintConfigError(f"lint: unknown rule {rule!r} in ignore")
            if rule in _UNCONFIGURABLE:
                raise LintConfigError(f"lint: findings of rule {rule!r} can't be ignored")
            ignore.append((rule, _normal_pointer(pointer)))
        object.__setattr__(self, "severities", MappingProxyType(severities))
        object.__setattr__(self, "ignore", tuple(ignore))
        object.__setattr__(self, "_exact", frozenset(e for e in ignore if not e[1].endswith("/**")))
        subtrees = tuple(
            (rule, pointer[:-3]) for rule, pointer in ignore if pointer.endswith("/**")
        )
        object.__setattr__(self, "_subtrees", subtrees)

    @classmethod
    def from_dict(cls, table: Mapping[str, Any]) -> LintConfig:
        """From the ``[tool.clientgen.lint]`` table, e.g.::

        [tool.clientgen.lint]
        severities = { unused-component = "off", inline-object = "error" }
        ignore = [
            { rule = "uuid-pattern", pointer = "/components/schemas/Uuid/pattern" },
            ["ambiguous-paths", "/paths/~1a~1{x}"],   # the same, as a pair
        ]
        """
        unknown = sorted(set(table) - {"severities", "ignore"})
        if unknown:
            raise LintConfigError(f"lint: unknown option(s): {', '.join(unknown)}")
        severities = table.get("severities", {})
        if not isinstance(severities, Mapping):
            raise LintConfigError("lint: 'severities' must be a table of rule = severity")
        entries = table.get("ignore", [])
        if not isinstance(entries, Sequence) or isinstance(entries, str):
            raise LintConfigError("lint: 'ignore' must be a list")
        ignore: list[tuple[str, str]] = []
        for entry in entries:
            if isinstance(entry, Mapping):
                extra = sorted(set(entry) - {"rule", "pointer"})
                if extra or "rule" not in entry or "pointer" not in entry:
                    raise LintConfigError(
                        f"lint: ignore entry {dict(entry)!r} needs exactly 'rule' and 'pointer'"
                    )
                ignore.append((entry["rule"], entry["pointer"]))
            elif isinstance(entry, Sequence) and not isinstance(entry, str) and len(entry) == 2:
                ignore.append((entry[0], entry[1]))
            else:
                raise LintConfigError(f"lint: ignore entry {entry!r} is not (rule, pointer)")
        return cls(severities=dict(severities), ignore=tuple(ignore))

    def severity(self, rule: str) -> str:
        """The rule's effective severity, or ``"off"``."""
        return self.severities.get(rule, LINT_RULES[rule].severity)

    def ignores(self, rule: str, pointer: str) -> bool:
        if (rule, pointer) in self._exact:
            return True
        return any(
            ignored_rule == rule and (pointer == subtree or pointer.startswith(f"{subtree}/"))
            for ignored_rule, subtree in self._subtrees
        )


Finding = Diagnostic  # lint's name for a diagnostic


def severity_at_least(severity: str, threshold: str) -> bool:
    return _RANK[severity] >= _RANK[threshold]


def lint_spec(spec: Spec, config: LintConfig) -> list[Finding]:
    """Every finding of every enabled rule for a loaded spec, in document order."""
    enabled = [rule for rule in LINT_RULES if config.severity(rule) != OFF]
    findings = [
        Finding(hit.rule, config.severity(hit.rule), hit.message, spec.locate(hit.pointer))
        for hit in check_document(spec.data, enabled)
        if not config.ignores(hit.rule, hit.pointer)
    ]
    findings.sort(key=_order)
    return findings


def run_lint(
    paths: Sequence[Path],
    *,
    config: LintConfig,
    output_format: str = "text",
    fail_severity: str = "error",
    generate_ignore: bool = False,
    limits: ReadLimits | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Lint ``paths`` and print the report; return the exit status (0, 1 or 2)."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    if output_format not in FORMATS:
        print(f"error: unknown lint format {output_format!r} ({', '.join(FORMATS)})", file=err)
        return EXIT_UNUSABLE
    if fail_severity not in SEVERITIES:
        print(
            f"error: unknown fail severity {fail_severity!r} ({', '.join(SEVERITIES)})",
            file=err,
        )
        return EXIT_UNUSABLE
    if not paths:
        print("error: no spec to lint", file=err)
        return EXIT_UNUSABLE
    unusable = False
    results: list[FileResult] = []
    for path in paths:
        try:
            text, findings = _lint_file(path, config, limits or ReadLimits())
        except LintInputError as exc:
            print(f"error: {exc}", file=err)
            unusable = True
            continue
        results.append(FileResult(_display_name(path), text, tuple(findings)))
    if generate_ignore:
        out.write(ignore_toml(results, configured=config.ignore))
        if unusable:
            return EXIT_UNUSABLE
        syntax = any(f.rule == "syntax" for result in results for f in result.findings)
        return EXIT_FINDINGS if syntax else EXIT_CLEAN
    out.write(render(output_format, results, rules=LINT_RULES.values()))
    if unusable:
        return EXIT_UNUSABLE
    failing = any(
        severity_at_least(finding.severity, fail_severity)
        for result in results
        for finding in result.findings
    )
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def lint_path(
    path: Path,
    config: LintConfig,
    *,
    display_name: str | None = None,
    limits: ReadLimits | None = None,
) -> list[Finding]:
    """Load and lint one file: a YAML/JSON syntax error is a ``syntax`` finding.

    Raises ``LintInputError`` when the file can't be read at all (missing, a folder,
    not UTF-8), which ``run_lint`` turns into exit status 2.
    """
    return _lint_file(path, config, limits or ReadLimits(), display_name=display_name)[1]


def _lint_file(
    path: Path, config: LintConfig, limits: ReadLimits, *, display_name: str | None = None
) -> tuple[str, list[Finding]]:
    name = display_name or _display_name(path)
    try:
        text = read_spec_text(path, display_name=name, limits=limits)
    except SpecReadError as exc:
        raise LintInputError(str(exc)) from exc
    try:
        spec = parse_spec(text, path=path, display_name=name, limits=limits)
    except SpecError as exc:
        return text, list(exc.diagnostics)
    return text, lint_spec(spec, config)


def _order(finding: Finding) -> tuple[int, int, str, str]:
    return (finding.location.line, finding.location.column, finding.rule, finding.message)


def _normal_pointer(pointer: str) -> str:
    pointer = pointer.removeprefix("#")
    if pointer and not pointer.startswith("/"):
        pointer = f"/{pointer}"
    return pointer


def _display_name(path: Path) -> str:
    """The path as messages show it: relative to the current folder when inside it."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return os.path.normpath(str(path))

"""The lint report in each output format, and the ignore list of ``--generate-ignore``.

- ``text``: like a compiler, ``file:line:col: severity rule-id: message`` then the
  source line and a caret under the column, then a summary line;
- ``json``: ``{"version": 1, "findings": [...], "summary": {...}}``;
- ``github``: workflow commands, ``::error file=...,line=...,col=...,title=rule-id::message``;
- ``sarif``: SARIF 2.1.0, one run, every rule in ``tool.driver.rules``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any, NamedTuple
from urllib.parse import quote

from . import __version__
from .lint import Finding, LintConfig
from .lint_rules import LINT_RULES

__all__ = ["FileResult", "ignore_toml", "render"]

TOOL_NAME = "clientgen-lint"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_GITHUB_LEVEL = {"error": "error", "warn": "warning", "info": "notice"}
_SARIF_LEVEL = {"error": "error", "warn": "warning", "info": "note"}
_EXCERPT = 120  # characters of a source line shown under a finding
_YAML_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


class FileResult(NamedTuple):
    """One linted file: the name shown, its text (for source lines) and its findings."""

    name: str
    text: str
    findings: tuple[Finding, ...]


def render(output_format: str, results: Sequence[FileResult]) -> str:
    renderer = {"text": _text, "json": _json, "github": _github, "sarif": _sarif}[output_format]
    return renderer(results)


# ------------------------------------------------------------------------- text


def _text(results: Sequence[FileResult]) -> str:
    out: list[str] = []
    for result in results:
        lines = _YAML_LINE_BREAK.split(result.text)
        for finding in result.findings:
            where = finding.location
            pointer = f" (at #{where.pointer})" if where.pointer else ""
            out.append(f"{where}: {finding.severity} {finding.rule}: {finding.message}{pointer}")
            if 0 < where.line <= len(lines):
                source, column = _excerpt(lines[where.line - 1].rstrip(), where.column)
                gutter = f"{where.line:>5} | "
                # Keep the line's own tabs so the caret lands under the column.
                lead = "".join(c if c == "\t" else " " for c in source[: column - 1])
                out.append(f"{gutter}{source}")
                out.append(f"{' ' * (len(gutter) - 2)}| {lead}^")
    counts = Counter(f.severity for result in results for f in result.findings)
    out.append(_summary(counts, len(results)))
    return "\n".join(out) + "\n"


def _excerpt(line: str, column: int) -> tuple[str, int]:
    """At most ``_EXCERPT`` characters of ``line`` around ``column`` (1-based), marked
    with "..." where cut, and the column within the excerpt: a minified JSON spec is one
    line of megabytes."""
    if len(line) <= _EXCERPT:
        return line, column
    start = max(0, min(column - 1 - _EXCERPT // 2, len(line) - _EXCERPT))
    end = start + _EXCERPT
    before = "..." if start > 0 else ""
    after = "..." if end < len(line) else ""
    return f"{before}{line[start:end]}{after}", column - start + len(before)


def _summary(counts: Counter[str], files: int) -> str:
    parts = [
        _plural(counts["error"], "error"),
        _plural(counts["warn"], "warning"),
        _plural(counts["info"], "info"),
    ]
    return f"{', '.join(parts)} in {_plural(files, 'file')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# ------------------------------------------------------------------------- json


def _finding_dict(finding: Finding) -> dict[str, Any]:
    where = finding.location
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "file": where.file,
        "line": where.line,
        "column": where.column,
        "pointer": where.pointer,
    }


def _json(results: Sequence[FileResult]) -> str:
    findings = [f for result in results for f in result.findings]
    counts = Counter(f.severity for f in findings)
    document = {
        "version": 1,
        "files": [result.name for result in results],
        "findings": [_finding_dict(f) for f in findings],
        "summary": {severity: counts[severity] for severity in ("error", "warn", "info")},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# ----------------------------------------------------------------------- github


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(results: Sequence[FileResult]) -> str:
    out = []
    for result in results:
        for finding in result.findings:
            where = finding.location
            pointer = f" (at #{where.pointer})" if where.pointer else ""
            out.append(
                f"::{_GITHUB_LEVEL[finding.severity]} file={_github_property(where.file)},"
                f"line={where.line},col={where.column},title={_github_property(finding.rule)}"
                f"::{_github_data(finding.message + pointer)}"
            )
    return "".join(f"{line}\n" for line in out)


# ------------------------------------------------------------------------ sarif


def _artifact_uri(name: str) -> str:
    path = PurePath(name)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/")


def _sarif(results: Sequence[FileResult]) -> str:
    rule_ids = list(LINT_RULES)
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    rules = [
        {
            "id": rule.id,
            "name": "".join(word.capitalize() for word in rule.id.split("-")),
            "shortDescription": {"text": rule.rationale},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {"category": rule.category, "tags": [rule.category]},
        }
        for rule in LINT_RULES.values()
    ]
    sarif_results = []
    for result in results:
        uri = _artifact_uri(result.name)
        for finding in result.findings:
            where = finding.location
            fingerprint = hashlib.sha256(
                f"{finding.rule}\0{where.pointer}\0{finding.message}".encode()
            ).hexdigest()
            sarif_results.append(
                {
                    "ruleId": finding.rule,
                    "ruleIndex": index[finding.rule],
                    "level": _SARIF_LEVEL[finding.severity],
                    "message": {"text": finding.message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri},
                                "region": {"startLine": where.line, "startColumn": where.column},
                            },
                            "logicalLocations": [
                                {"fullyQualifiedName": f"#{where.pointer}", "kind": "member"}
                            ],
                        }
                    ],
                    "partialFingerprints": {"rulePointerMessage/v1": fingerprint},
                    "properties": {"pointer": where.pointer},
                }
            )
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": [
                    {"location": {"uri": _artifact_uri(result.name)}} for result in results
                ],
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------- ignore (TOML)


def _toml_string(text: str) -> str:
    """A TOML basic string."""
    escaped = []
    for char in text:
        if char == "\\":
            escaped.append("\\\\")
        elif char == '"':
            escaped.append('\\"')
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\t":
            escaped.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _comment(text: str) -> str:
    return " ".join(text.split())


def ignore_toml(results: Iterable[FileResult], config: LintConfig) -> str:
    """The ``[tool.clientgen.lint]`` ignore list that silences every current finding.

    It keeps the configuration's existing entries, so it replaces the list as a whole.
    Syntax errors can't be ignored: they are listed as comments.
    """
    entries: dict[tuple[str, str], list[str]] = {
        (rule, pointer): ["(already ignored)"] for rule, pointer in config.ignore
    }
    unignorable: list[str] = []
    for result in results:
        for finding in result.findings:
            where = finding.location
            note = f"{where}: {finding.severity} {finding.rule}: {_comment(finding.message)}"
            if finding.rule == "syntax":
                unignorable.append(note)
                continue
            entries.setdefault((finding.rule, where.pointer), []).append(note)
    out = [
        "# Generated by `python -m generator lint --generate-ignore`: this list silences every",
        "# current finding. It includes the entries already configured, so replace the whole",
        "# `ignore` list of [tool.clientgen.lint] in pyproject.toml with it.",
    ]
    out += [f"# cannot be ignored: {note}" for note in unignorable]
    out.append("[tool.clientgen.lint]")
    out.append("ignore = [")
    for (rule, pointer), notes in entries.items():
        out += [f"    # {note}" for note in notes[:3]]
        if len(notes) > 3:
            out.append(f"    # ... and {len(notes) - 3} more")
        out.append(f"    {{ rule = {_toml_string(rule)}, pointer = {_toml_string(pointer)} }},")
    out.append("]")
    return "\n".join(out) + "\n"

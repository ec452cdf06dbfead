"""Diagnostics as a report, in each output format, and the ignore list that silences them.

- ``text``: like a compiler, ``file:line:col: severity rule-id: message`` then the
  source line and a caret under the column, then a summary line;
- ``json``: ``{"version": 1, "findings": [...], "summary": {...}}``;
- ``github``: workflow commands, ``::error file=...,line=...,col=...,title=rule-id::message``;
- ``sarif``: SARIF 2.1.0, one run, every rule in ``tool.driver.rules``;
- ``ignore_toml``: the ``[tool.clientgen.lint]`` ignore list of ``--generate-ignore``.

It knows diagnostics and the rules they name, not where they come from: lint hands it
its findings and its registry (``render("sarif", results, rules=LINT_RULES.values())``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any, NamedTuple, Protocol
from urllib.parse import quote

from . import __version__
from .diagnostics import Diagnostic
from .document.source import SYNTAX_RULE

__all__ = ["FORMATS", "FileResult", "RuleInfo", "ignore_toml", "render"]

FORMATS = ("text", "json", "github", "sarif")
TOOL_NAME = "clientgen-lint"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_GITHUB_LEVEL = {"error": "error", "warn": "warning", "info": "notice"}
_SARIF_LEVEL = {"error": "error", "warn": "warning", "info": "note"}
_EXCERPT = 120  # characters of a source line shown under a finding
_YAML_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_UNIGNORABLE = frozenset({SYNTAX_RULE})  # a file that doesn't parse can't be linted


class RuleInfo(Protocol):
    """What a report says of a rule (SARIF's ``tool.driver.rules``)."""

    @property
    def id(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def rationale(self) -> str: ...


class FileResult(NamedTuple):
    """One checked file: the name shown, its text (for source lines) and its findings;
    ``sources``: the name and text of each other file a split spec read."""

    name: str
    text: str
    findings: tuple[Diagnostic, ...]
    sources: tuple[tuple[str, str], ...] = ()

    def text_of(self, name: str) -> str | None:
        """The text of the file a finding names (a finding nowhere is in this file)."""
        if name in ("", self.name):
            return self.text
        return dict(self.sources).get(name)


def render(output_format: str, results: Sequence[FileResult], *, rules: Iterable[RuleInfo]) -> str:
    """The report of ``results`` in ``output_format`` (one of ``FORMATS``); ``rules``:
    every rule that can be reported, in order (SARIF lists them, by index)."""
    if output_format == "sarif":
        return _sarif(results, list(rules))
    renderer = {"text": _text, "json": _json, "github": _github}[output_format]
    return renderer(results)


# ------------------------------------------------------------------------- text


def _text(results: Sequence[FileResult]) -> str:
    out: list[str] = []
    for result in results:
        split: dict[str, list[str]] = {}
        for finding in result.findings:
            where = finding.location
            pointer = f" (at #{where.pointer})" if where.pointer else ""
            out.append(f"{where}: {finding.severity} {finding.rule}: {finding.message}{pointer}")
            if where.file not in split:
                text = result.text_of(where.file)
                split[where.file] = [] if text is None else _YAML_LINE_BREAK.split(text)
            lines = split[where.file]
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


def _finding_dict(finding: Diagnostic) -> dict[str, Any]:
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


def _sarif(results: Sequence[FileResult], rules: list[RuleInfo]) -> str:
    index = {rule.id: position for position, rule in enumerate(rules)}
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
                        "rules": [_sarif_rule(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": [
                    {"location": {"uri": _artifact_uri(name)}}
                    for result in results
                    for name in (result.name, *(name for name, _ in result.sources))
                ],
                "results": [
                    _sarif_result(
                        finding,
                        _artifact_uri(finding.location.file or result.name),
                        index[finding.rule],
                    )
                    for result in results
                    for finding in result.findings
                ],
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _sarif_rule(rule: RuleInfo) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": "".join(word.capitalize() for word in rule.id.split("-")),
        "shortDescription": {"text": rule.rationale},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def _sarif_result(finding: Diagnostic, uri: str, rule_index: int) -> dict[str, Any]:
    where = finding.location
    fingerprint = hashlib.sha256(
        f"{finding.rule}\0{where.pointer}\0{finding.message}".encode()
    ).hexdigest()
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": where.line, "startColumn": where.column},
                },
                "logicalLocations": [{"fullyQualifiedName": f"#{where.pointer}", "kind": "member"}],
            }
        ],
        "partialFingerprints": {"rulePointerMessage/v1": fingerprint},
        "properties": {"pointer": where.pointer},
    }


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


def ignore_toml(results: Iterable[FileResult], *, configured: Iterable[tuple[str, str]]) -> str:
    """The ``[tool.clientgen.lint]`` ignore list that silences every current finding.

    It keeps the ``configured`` (rule, pointer) entries, so it replaces the list as a
    whole.  Syntax errors can't be ignored: they are listed as comments.
    """
    entries: dict[tuple[str, str], list[str]] = {
        (rule, pointer): ["(already ignored)"] for rule, pointer in configured
    }
    unignorable: list[str] = []
    for result in results:
        for finding in result.findings:
            where = finding.location
            note = f"{where}: {finding.severity} {finding.rule}: {_comment(finding.message)}"
            if finding.rule in _UNIGNORABLE:
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

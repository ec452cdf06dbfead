"""Every finding of openapi-spec-validator is also a finding of lint (usually more precise).

The document-schema findings come out under ``structure``, the meta-schema ones under
``schema-structure``, with the library's own message; the library's semantic checks are
dedicated rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

from generator.lint import Finding

from .conftest import findings_of, write_spec

BASE = """\
openapi: {version}
info:
  title: parity
  version: '1'
tags:
  - name: a
paths:
  /a/{{id}}:
    get:
      operationId: getA
      tags: [a]
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/A'
components:
  schemas:
    A:
      type: object
      properties:
        a:
          type: string
"""

# library exception class -> the lint rule that reports the same problem
SEMANTIC = {
    "DuplicateOperationIDError": "operation-id-duplicate",
    "UnresolvableParameterError": "path-params",
    "ParameterDuplicateError": "duplicate-parameter",
    "ExtraParametersError": "required-properties",
}

CASES: dict[str, tuple[str, str, str]] = {
    # name: (version, text to replace, replacement)
    "bad type": ("3.1.0", "a:\n          type: string", "a:\n          type: strin"),
    "bad type 3.0": ("3.0.3", "a:\n          type: string", "a:\n          type: strin"),
    "exclusiveMinimum": (
        "3.1.0",
        "a:\n          type: string",
        "a:\n          type: number\n          exclusiveMinimum: true",
    ),
    "required twice": ("3.1.0", "type: object\n", "type: object\n      required: [a, a]\n"),
    "bad default": (
        "3.1.0",
        "a:\n          type: string",
        "a:\n          type: string\n          default: 1",
    ),
    "bad default 3.0": (
        "3.0.3",
        "a:\n          type: string",
        "a:\n          type: string\n          default: [x]",
    ),
    "missing version": ("3.1.0", "  version: '1'\n", ""),
    "missing responses 3.0": (
        "3.0.3",
        "      responses:\n        '200':",
        "      x-responses:\n        '200':",
    ),
    "unknown field": (
        "3.1.0",
        "      operationId: getA\n",
        "      operationId: getA\n      summry: typo\n",
    ),
    "duplicate operationId": (
        "3.1.0",
        "  /a/{{id}}:\n",
        "  /b:\n    get:\n      operationId: getA\n      responses: {{}}\n  /a/{{id}}:\n",
    ),
    "path parameter": ("3.1.0", "        - name: id\n", "        - name: ident\n"),
    "duplicate parameter": (
        "3.1.0",
        "      responses:\n",
        "        - name: q\n          in: query\n          schema: {{type: string}}\n" * 2
        + "      responses:\n",
    ),
    "allOf required": (
        "3.1.0",
        "    A:\n      type: object\n",
        "    A:\n      type: object\n      required: [b]\n      allOf:\n        - type: object\n",
    ),
    "duplicate tag": ("3.1.0", "  - name: a\n", "  - name: a\n  - name: a\n"),
}


def library_errors(data: dict[str, Any]) -> list[Any]:
    validator = (
        OpenAPIV30SpecValidator if data["openapi"].startswith("3.0") else OpenAPIV31SpecValidator
    )
    return list(validator(data).iter_errors())


def covered(error: Any, findings: list[Finding]) -> bool:
    kind = type(error).__name__
    if kind in SEMANTIC:
        return any(f.rule == SEMANTIC[kind] for f in findings)
    return any(
        error.message in f.message
        for f in findings
        if f.rule in ("structure", "schema-structure", "invalid-default")
    )


@pytest.mark.parametrize("case", list(CASES))
def test_library_findings_are_lint_findings(case: str, tmp_path: Path) -> None:
    import yaml

    version, old, new = CASES[case]
    text = BASE.format(version=version)
    old, new = old.format(), new.format()
    assert old in text
    path = write_spec(tmp_path, text.replace(old, new, 1))
    errors = library_errors(yaml.safe_load(path.read_text("utf-8")))
    assert errors, "the case must be one the library reports"
    findings = findings_of(path)
    missing = [(type(e).__name__, e.message) for e in errors if not covered(e, findings)]
    assert missing == [], [(f.rule, f.message) for f in findings]


TWO_META_ERRORS = BASE.format(version="3.1.0").replace(
    "a:\n          type: string",
    "a:\n          type: number\n          exclusiveMinimum: true\n"
    "        b:\n          type: number\n          exclusiveMaximum: true",
)


def test_every_meta_schema_error_is_reported_whatever_the_hash_seed(tmp_path: Path) -> None:
    """The library stops at the first meta-schema error of a schema, and which error is
    first depends on PYTHONHASHSEED; lint reports them all, the same on every run."""
    import os
    import subprocess
    import sys

    path = write_spec(tmp_path, TWO_META_ERRORS)
    code = (
        "import sys; from pathlib import Path; from generator.lint import LintConfig, lint_path;"
        "print([(f.rule, f.location.line) for f in lint_path(Path(sys.argv[1]), LintConfig())])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {"[('schema-structure', 32), ('schema-structure', 35)]\n"}

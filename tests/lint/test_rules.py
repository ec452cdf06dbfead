"""One failing and one passing example per rule (tests/lint/specs/<rule>.{bad,good}.yaml).

The failing example must give that rule's findings at exactly the expected lines and
columns, with the rule's default severity, and no other rule's findings (but the few
listed in ``ALSO``); the passing example must lint clean, infos included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.lint import LINT_RULES, SEVERITIES

from .conftest import example, findings_of, positions, write_spec

# rule -> [(line, column)] in <rule>.bad.yaml, with what each points at.
EXPECTED: dict[str, list[tuple[int, int]]] = {
    "syntax": [(11, 11)],  # where the parser gave up on the unclosed "[getPet"
    "structure": [(19, 9)],  # '200': without its description
    "schema-structure": [(32, 17)],  # type: strin
    "unresolved-ref": [(34, 17)],  # the $ref value
    "ref-cycle": [(24, 13), (29, 13)],  # Limit's $ref (-> PageSize -> Limit); PetList's
    "unsatisfiable-recursion": [(44, 5), (61, 5)],  # Employee: (its manager), Folder:
    "operation-id-missing": [(9, 5)],  # get:
    "operation-id-duplicate": [(27, 20)],  # the second operationId's value
    "path-params": [(9, 5), (13, 17)],  # get: lacks {petId}; name: id is not in the path
    "duplicate-parameter": [(22, 11)],  # the second "- name: limit"
    "array-items": [(33, 9)],  # tags:
    "enum-type": [(35, 29)],  # the 1 in [available, 1]
    "enum-duplicate": [(35, 35)],  # the second "available"
    "required-properties": [(29, 24)],  # age in required: [name, age]
    "invalid-default": [(35, 20)],  # default: four
    "invalid-example": [(27, 22), (38, 22)],  # the media example's age: 3.5; examples: [three]
    "security-scheme-undefined": [(8, 5)],  # oauth: []
    "server-variables": [(6, 10), (9, 18)],  # the url ({version}); default: eu not in enum
    "identical-paths": [(25, 3)],  # /pets/{id}:
    "ambiguous-paths": [(42, 3)],  # /pets/mine/{toyId}:
    "ref-siblings": [(31, 9)],  # name: ($ref + description, OpenAPI 3.0)
    "nullable-3-1": [(35, 21)],  # nullable: true
    "operation-id-name": [(27, 20)],  # get_pet (getPet's function name)
    "tag-name": [(29, 14)],  # Pets (module pets, like tag pets)
    "parameter-name": [(13, 17), (21, 17)],  # timeout (every function's); page_size
    "class-name-collision": [(28, 5)],  # pet_list: (the class PetList, like PetList)
    "property-name-collision": [(35, 9)],  # pet_name:
    "unsupported-parameter": [(18, 11)],  # the session cookie: no schema, no content
    "body-media-type": [(31, 9)],  # content: {} (no media type)
    "unsupported-security": [(27, 5), (33, 13)],  # bearer: (http digest); key: its name
    "inline-schema-name": [(16, 13)],  # the inline request body: CreatePetRequest is taken
    "uuid-pattern": [(36, 20)],  # the pattern beside format: uuid
    "nullable-required": [(31, 9)],  # name: (required, type [string, 'null'])
    "nullable-without-type": [(34, 21)],  # nullable: true (beside allOf, no type; 3.0)
    "missing-success-response": [(18, 7)],  # responses: (only default)
    "undefined-tag": [(11, 14)],  # animals
    "unused-component": [(33, 5)],  # Owner:
    "path-trailing-slash": [(25, 3)],  # /pets/:
    "path-query-string": [(25, 3)],  # /pets?sort=name:
    "server-trailing-slash": [(6, 10), (33, 16)],  # the top-level and GET /pets servers' url
    "operation-id-url-safe": [(10, 20), (27, 20)],  # 'get pet!' (a space), 'listPets{v2}'
}

# Other rules a failing example may also trigger, because of the same mistake.
ALSO: dict[str, set[str]] = {
    # a parameter with neither schema nor content breaks the document's schema too
    "unsupported-parameter": {"structure"},
}


def test_every_rule_has_examples_and_expectations() -> None:
    assert set(EXPECTED) == set(LINT_RULES)
    for rule in LINT_RULES:
        assert example(rule, "bad").is_file(), rule
        assert example(rule, "good").is_file(), rule


def test_every_rule_is_documented_in_the_registry() -> None:
    for rule_id, rule in LINT_RULES.items():
        assert rule.id == rule_id
        assert rule.severity in SEVERITIES
        assert rule.category in ("structure", "correctness", "generation", "hygiene")
        assert rule.rationale.endswith(".")
        assert "\n" not in rule.rationale


@pytest.mark.parametrize("rule", list(LINT_RULES))
def test_failing_example(rule: str) -> None:
    findings = findings_of(example(rule, "bad"))
    assert positions(findings, rule) == EXPECTED[rule]
    assert {f.severity for f in findings if f.rule == rule} == {LINT_RULES[rule].severity}
    others = {f.rule for f in findings} - {rule}
    assert others <= ALSO.get(rule, set()), [
        (f.rule, f.location.line, f.message) for f in findings if f.rule != rule
    ]
    for finding in findings:
        assert finding.location.file.endswith(f"{rule}.bad.yaml")
        assert finding.message


@pytest.mark.parametrize("rule", list(LINT_RULES))
def test_passing_example(rule: str) -> None:
    findings = findings_of(example(rule, "good"))
    assert findings == [], [(f.rule, f.location.line, f.message) for f in findings]


def test_findings_carry_json_pointers() -> None:
    findings = findings_of(example("path-params", "bad"))
    assert [f.location.pointer for f in findings] == [
        "/paths/~1pets~1{petId}/get",
        "/paths/~1pets~1{petId}/get/parameters/0/name",
    ]
    assert "{petId}" in findings[0].message
    assert "'id' does not appear" in findings[1].message


def test_duplicate_key_is_a_syntax_finding(tmp_path: Path) -> None:
    path = write_spec(
        tmp_path,
        """\
        openapi: 3.1.0
        info:
          title: x
          title: y
          version: '1'
        paths: {}
        """,
    )
    findings = findings_of(path)
    assert [(f.rule, f.location.line, f.location.column) for f in findings] == [("syntax", 4, 3)]
    assert "duplicate key 'title'" in findings[0].message

"""ref-cycle and unsatisfiable-recursion on many small shapes, and generate on both.

Which recursive schemas admit a finite value is a least fixpoint: the legitimate ones
(a tree whose children are optional or may be an empty array, a linked list with a
nullable next) must never be reported, and a recursion with no way out always is,
whatever keyword (required, minItems, prefixItems, contains, allOf, anyOf/oneOf)
carries it and however long the cycle.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.lint import LINT_RULES, check_document

from .conftest import example

EVERY_RULE = frozenset(LINT_RULES)
ROOT = Path(__file__).resolve().parents[2]


def document(schemas: dict[str, Any], version: str = "3.1.0", **extra: Any) -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas, **extra},
    }


def hits(doc: dict[str, Any], rule: str) -> list[tuple[str, str]]:
    return [(hit.pointer, hit.message) for hit in check_document(doc, {rule})]


def unsatisfiable(schemas: dict[str, Any], version: str = "3.1.0") -> list[str]:
    """The pointers reported by unsatisfiable-recursion."""
    return [pointer for pointer, _ in hits(document(schemas, version), "unsatisfiable-recursion")]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: list[str] | None = None, **properties: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required is not None:
        schema["required"] = required
    return schema


# ------------------------------------------------------- legitimate recursion

LEGITIMATE: dict[str, dict[str, Any]] = {
    "tree with optional children": {"Node": obj(children={"type": "array", "items": ref("Node")})},
    "tree with required children, empty allowed": {
        "Node": obj(["children"], children={"type": "array", "items": ref("Node")})
    },
    "linked list, next nullable (3.1 anyOf)": {
        "Node": obj(["next"], next={"anyOf": [ref("Node"), {"type": "null"}]})
    },
    "linked list, the node itself nullable (3.1 type list)": {
        "Node": {
            "type": ["object", "null"],
            "required": ["next"],
            "properties": {"next": ref("Node")},
        }
    },
    "linked list, next optional": {
        "Node": obj(["value"], value={"type": "string"}, next=ref("Node"))
    },
    "mutual recursion with a way out": {
        "A": obj(["b"], b=ref("B")),
        "B": obj(["a"], a={"oneOf": [ref("A"), {"type": "string"}]}),
    },
    "a required property no pattern matches": {
        "A": {"type": "object", "required": ["y"], "patternProperties": {"^x": ref("A")}}
    },
    "an enum is a literal": {"A": {**obj(["a"], a=ref("A")), "enum": [{"a": None}]}},
    "a typeless schema without properties (a string will do)": {
        "A": {"required": ["a"], "additionalProperties": ref("A")}
    },
    "minContains: 0": {"A": {"type": "array", "contains": ref("A"), "minContains": 0}},
    "minItems past a prefix that has a way out": {
        "A": {
            "type": "array",
            "minItems": 1,
            "prefixItems": [{"type": "string"}],
            "items": ref("A"),
        }
    },
    "minItems: 0": {"A": {"type": "array", "minItems": 0, "items": ref("A")}},
    "a string or a list of itself": {
        "A": {"type": ["string", "array"], "minItems": 1, "items": ref("A")}
    },
    "a broken $ref is another rule's": {"A": obj(["a"], a=ref("Nowhere"))},
}


@pytest.mark.parametrize("schemas", LEGITIMATE.values(), ids=LEGITIMATE.keys())
def test_legitimate_recursion_is_not_reported(schemas: dict[str, Any]) -> None:
    assert unsatisfiable(schemas) == []


def test_3_0_nullable_is_a_way_out() -> None:
    schemas = {"Node": obj(["next"], next={"allOf": [ref("Node")], "nullable": True})}
    assert unsatisfiable(schemas, "3.0.3") == []
    schemas = {
        "Node": obj(["next"], next={"type": "object", "nullable": True, "allOf": [ref("Node")]})
    }
    assert unsatisfiable(schemas, "3.0.3") == []


def test_3_0_ignores_what_is_beside_a_ref() -> None:
    schemas = {
        "A": obj(["a"], a={"$ref": "#/components/schemas/B", "nullable": True}),
        "B": obj(["a"], a=ref("A")),
    }
    assert unsatisfiable(schemas, "3.0.3") == ["/components/schemas/A"]


# ------------------------------------------------------------- no way out

NO_WAY_OUT: dict[str, tuple[dict[str, Any], list[str], str]] = {
    "required, two schemas": (
        {"A": obj(["b"], b=ref("B")), "B": obj(["a"], a=ref("A"))},
        ["A"],
        "A/properties/b -> B/properties/a -> A",
    ),
    "required, itself": ({"A": obj(["a"], a=ref("A"))}, ["A"], "A/properties/a -> A"),
    "allOf itself": ({"A": {"allOf": [ref("A")]}}, ["A"], "A/allOf/0 -> A"),
    "minItems": (
        {"A": obj(["list"], list={"type": "array", "minItems": 1, "items": ref("A")})},
        ["A"],
        "A/properties/list/items -> A",
    ),
    "prefixItems": (
        {"A": {"type": "array", "minItems": 2, "prefixItems": [{"type": "string"}, ref("A")]}},
        ["A"],
        "A/prefixItems/1 -> A",
    ),
    "contains": ({"A": {"type": "array", "contains": ref("A")}}, ["A"], "A/contains -> A"),
    "patternProperties": (
        {"A": {"type": "object", "required": ["x1"], "patternProperties": {"^x": ref("A")}}},
        ["A"],
        "A/patternProperties/^x -> A",
    ),
    "additionalProperties": (
        {"A": {"type": "object", "required": ["x"], "additionalProperties": ref("A")}},
        ["A"],
        "A/additionalProperties -> A",
    ),
    "every oneOf member": (
        {
            "Pet": {"oneOf": [ref("Cat"), ref("Dog")]},
            "Cat": {"allOf": [ref("Pet")]},
            "Dog": {"allOf": [ref("Pet")]},
        },
        ["Pet"],
        "Pet/oneOf/0 -> Cat/allOf/0 -> Pet",
    ),
    "a typeless schema with properties is an object": (
        {"A": {"required": ["a"], "properties": {"a": ref("A")}}},
        ["A"],
        "A/properties/a -> A",
    ),
    "inline, deep": (
        {
            "A": obj(
                ["b"],
                b=obj(["c"], c={"allOf": [{"type": "array", "minItems": 1, "items": ref("A")}]}),
            )
        },
        ["A"],
        "A/properties/b/properties/c/allOf/0/items -> A",
    ),
    "two separate cycles": (
        {"A": obj(["a"], a=ref("A")), "B": obj(["c"], c=ref("C")), "C": obj(["b"], b=ref("B"))},
        ["A", "B"],
        "B/properties/c -> C/properties/b -> B",
    ),
}


@pytest.mark.parametrize(
    ("schemas", "reported", "chain"), NO_WAY_OUT.values(), ids=NO_WAY_OUT.keys()
)
def test_recursion_with_no_way_out_is_reported(
    schemas: dict[str, Any], reported: list[str], chain: str
) -> None:
    found = hits(document(schemas), "unsatisfiable-recursion")
    assert [pointer for pointer, _ in found] == [f"/components/schemas/{name}" for name in reported]
    assert f"the recursion {chain} has no way out" in found[-1][1]


def test_what_depends_on_a_cycle_is_not_reported_again() -> None:
    schemas = {
        "Uses": obj(["a"], a=ref("A")),
        "A": obj(["b"], b=ref("B")),
        "B": obj(["a"], a=ref("A")),
    }
    assert unsatisfiable(schemas) == ["/components/schemas/A"]


def test_a_long_chain_is_a_fixpoint_not_a_depth_limit() -> None:
    # S0 -> S1 -> ... -> S199, the last with a way out: all admit a finite value.
    count = 200
    schemas = {f"S{i}": obj(["next"], next=ref(f"S{i + 1}")) for i in range(count - 1)}
    schemas[f"S{count - 1}"] = obj(["next"], next={"anyOf": [ref("S0"), {"type": "null"}]})
    assert unsatisfiable(schemas) == []
    # Without that way out, the whole ring of 200 is one cycle, reported once.
    schemas[f"S{count - 1}"] = obj(["next"], next=ref("S0"))
    found = hits(document(schemas), "unsatisfiable-recursion")
    assert [pointer for pointer, _ in found] == ["/components/schemas/S0"]
    assert (
        "the recursion S0/properties/next -> S1/properties/next -> S2/properties/next -> "
        "S3/properties/next -> ... (194 more) ... -> S198/properties/next -> "
        "S199/properties/next -> S0 has no way out"
    ) in found[0][1]


def test_a_group_of_cycles_through_one_schema_is_one_finding() -> None:
    schemas = {
        "A": obj(["b", "c"], b=ref("B"), c=ref("C")),
        "B": obj(["a"], a=ref("A")),
        "C": obj(["a"], a=ref("A")),
    }
    (found,) = hits(document(schemas), "unsatisfiable-recursion")
    assert found[0] == "/components/schemas/A"
    assert "the recursion A/properties/b -> B/properties/a -> A has no way out;" in found[1]


def test_a_ref_cycle_is_left_to_ref_cycle() -> None:
    doc = document({"A": ref("B"), "B": ref("A"), "C": obj(["a"], a=ref("A"))})
    assert hits(doc, "unsatisfiable-recursion") == []
    assert [pointer for pointer, _ in hits(doc, "ref-cycle")] == ["/components/schemas/A/$ref"]


# ------------------------------------------------------------------ ref-cycle


def test_ref_cycles_of_every_kind_of_object() -> None:
    kinds = (
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "pathItems",
        "examples",
        "links",
        "callbacks",
        "securitySchemes",
    )
    components = {
        kind: {"A": {"$ref": f"#/components/{kind}/B"}, "B": {"$ref": f"#/components/{kind}/A"}}
        for kind in kinds
    }
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": components,
    }
    found = sorted(hits(doc, "ref-cycle"))
    assert [pointer for pointer, _ in found] == sorted(
        f"/components/{kind}/A/$ref" for kind in kinds
    )
    assert dict(found)["/components/schemas/A/$ref"] == (
        "$ref cycle: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A; "
        "it never reaches a definition, and whatever follows it loops"
    )


def test_a_ref_to_itself_and_a_ref_into_a_cycle() -> None:
    doc = document(
        {"S": {"type": "string"}},
        responses={
            "R": {"$ref": "#/components/responses/R"},
            "Into": {"$ref": "#/components/responses/R"},
        },
        parameters={
            "P": {"$ref": "#/components/parameters/Q"},
            "Q": {"$ref": "#/components/parameters/S"},
            "S": {"name": "s", "in": "query", "schema": {"type": "string"}},
        },
    )
    assert hits(doc, "ref-cycle") == [
        (
            "/components/responses/R/$ref",
            "$ref cycle: #/components/responses/R refers to itself; it never reaches a definition, and whatever follows it loops",
        )
    ]


def test_a_cycle_met_first_from_an_operation_is_named_from_its_first_member() -> None:
    doc = document(
        {"S": {"type": "string"}},
        parameters={
            "A": {"$ref": "#/components/parameters/B"},
            "B": {"$ref": "#/components/parameters/C"},
            "C": {"$ref": "#/components/parameters/B"},
        },
    )
    doc["paths"] = {
        "/a": {
            "get": {
                "operationId": "a",
                "parameters": [{"$ref": "#/components/parameters/A"}],
                "responses": {},
            }
        }
    }
    assert [pointer for pointer, _ in hits(doc, "ref-cycle")] == ["/components/parameters/B/$ref"]


# ------------------------------------------------------------------- generate


@pytest.mark.parametrize("rule", ["ref-cycle", "unsatisfiable-recursion"])
def test_generate_refuses_it_with_located_errors(rule: str, tmp_path: Path) -> None:
    spec = example(rule, "bad")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            str(spec),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert f"[{rule}]" in done.stderr
    assert f"{spec.name}:" in done.stderr
    assert not (tmp_path / "out").exists()

"""One case a rule: the base spec and a variant of it, diffed, must report the rule with
its verdict at the right place in both versions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from generator.diff import DIFF_RULES
from tests.conftest import ROOT

from .conftest import Mutation, Spec, both, diff, variant

PET = "/paths/~1pets~1{petId}/get"
PATCH = "/paths/~1pets~1{petId}/patch"
OWNERS = "/paths/~1owners/post"
SCHEMAS = "/components/schemas"


def at(data: Spec, path: tuple[Any, ...]) -> Any:
    node: Any = data
    for key in path:
        node = node[key]
    return node


def put(path: tuple[Any, ...], value: Any) -> Mutation:
    def mutate(data: Spec) -> None:
        holder = at(data, path[:-1])
        if isinstance(holder, list) and path[-1] == len(holder):
            holder.append(value)
        else:
            holder[path[-1]] = value

    return mutate


def drop(path: tuple[Any, ...]) -> Mutation:
    def mutate(data: Spec) -> None:
        del at(data, path[:-1])[path[-1]]

    return mutate


def rename_key(path: tuple[Any, ...], old: str, new: str) -> Mutation:
    def mutate(data: Spec) -> None:
        holder = at(data, path)
        items = [(new if key == old else key, value) for key, value in holder.items()]
        holder.clear()
        holder.update(items)

    return mutate


def retarget(old: str, new: str) -> Callable[[Any], Any]:
    """Every ``$ref`` to schema ``old`` made one to ``new``."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and value == f"#/components/schemas/{old}":
                    node[key] = f"#/components/schemas/{new}"
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        return node

    return walk


def params(*path: Any) -> tuple[Any, ...]:
    return ("paths", "/pets/{petId}", "get", "parameters", *path)


def prop(name: str, *path: Any) -> tuple[Any, ...]:
    return ("components", "schemas", name, "properties", *path)


def req(name: str) -> tuple[Any, ...]:
    return ("components", "schemas", name, "required")


JSON_OWNER = {"application/json": {"schema": {"$ref": "#/components/schemas/Owner"}}}
PET_RESPONSE = ("paths", "/pets/{petId}", "get", "responses")


@dataclass(frozen=True)
class Case:
    rule: str
    new: Mutation | None
    old_pointer: str
    new_pointer: str
    old: Mutation | None = None
    message: str = ""  # a part of the message: the generated thing it names


CASES = [
    # ------------------------------------------------------------- operations
    Case("operation-removed", drop(("paths", "/owners")), OWNERS, "/paths",
         message="`api.owners.create_owner`"),
    Case("operation-added", None, "/paths", OWNERS, old=drop(("paths", "/owners"))),
    Case("operation-renamed", put(("paths", "/pets/{petId}", "patch", "operationId"), "editPet"),
         f"{PATCH}/operationId", f"{PATCH}/operationId", message="`api.pets.update_pet`"),
    Case("operation-module-changed", put(("paths", "/pets/{petId}", "get", "tags"), ["owners"]),
         f"{PET}/tags", f"{PET}/tags", message="`api.owners`"),
    Case("operation-moved", rename_key(("paths",), "/owners", "/people"), OWNERS,
         "/paths/~1people/post", message="POST /people"),
    Case("operation-deprecated", put(("paths", "/pets/{petId}", "get", "deprecated"), True),
         PET, f"{PET}/deprecated"),
    Case("operation-security-changed", put(("paths", "/pets/{petId}", "get", "security"), []),
         "/security", f"{PET}/security"),
    # ------------------------------------------------------------- parameters
    Case("parameter-added-required",
         put(params(4), {"name": "species", "in": "query", "required": True,
                         "schema": {"type": "string"}}),
         PET, f"{PET}/parameters/4", message="get_pet(species=...)"),
    Case("parameter-added", put(params(4), {"name": "sort", "in": "query",
                                            "schema": {"type": "string"}}),
         PET, f"{PET}/parameters/4", message="get_pet(sort=...)"),
    Case("parameter-removed", drop(params(3)), f"{PET}/parameters/3", PET,
         message="get_pet(x_trace=...)"),
    Case("parameter-made-required", put(params(2, "required"), True),
         f"{PET}/parameters/2", f"{PET}/parameters/2/required", message="get_pet(limit=...)"),
    Case("parameter-made-optional", None, f"{PET}/parameters/2/required", f"{PET}/parameters/2",
         old=put(params(2, "required"), True)),
    Case("parameter-renamed", put(params(2, "name"), "max"),
         f"{PET}/parameters/2/name", f"{PET}/parameters/2/name", message="get_pet(limit=...)"),
    Case("path-parameter-renamed",
         both(rename_key(("paths",), "/pets/{petId}", "/pets/{id}"),
              put(("paths", "/pets/{id}", "get", "parameters", 0, "name"), "id"),
              put(("paths", "/pets/{id}", "patch", "parameters", 0, "name"), "id")),
         f"{PET}/parameters/0/name", "/paths/~1pets~1{id}/get/parameters/0/name",
         message="get_pet(pet_id, ...)"),
    Case("parameter-moved", put(params(3, "in"), "query"),
         f"{PET}/parameters/3", f"{PET}/parameters/3", message="get_pet(x_trace=...)"),
    Case("parameter-type-changed", put(params(2, "schema"), {"type": "string"}),
         f"{PET}/parameters/2/schema", f"{PET}/parameters/2/schema", message="takes `str`"),
    Case("parameter-type-widened", put(params(2, "schema", "type"), "number"),
         f"{PET}/parameters/2/schema", f"{PET}/parameters/2/schema"),
    Case("parameter-enum-value-removed", put(params(1, "schema", "enum"), ["full"]),
         f"{PET}/parameters/1/schema/enum/1", f"{PET}/parameters/1/schema/enum",
         message="'brief'"),
    Case("parameter-enum-value-added", put(params(1, "schema", "enum"), ["full", "brief", "x"]),
         f"{PET}/parameters/1/schema/enum", f"{PET}/parameters/1/schema/enum/2"),
    Case("parameter-constraint-tightened", put(params(2, "schema", "maximum"), 50),
         f"{PET}/parameters/2/schema/maximum", f"{PET}/parameters/2/schema/maximum",
         message="maximum 50 (was 100)"),
    Case("parameter-constraint-loosened", put(params(2, "schema", "maximum"), 500),
         f"{PET}/parameters/2/schema/maximum", f"{PET}/parameters/2/schema/maximum"),
    # ----------------------------------------------------------- request body
    Case("request-body-added-required", None, PATCH, f"{PATCH}/requestBody",
         old=drop(("paths", "/pets/{petId}", "patch", "requestBody"))),
    Case("request-body-added", put(("paths", "/pets/{petId}", "patch", "requestBody", "required"),
                                   False),
         PATCH, f"{PATCH}/requestBody",
         old=drop(("paths", "/pets/{petId}", "patch", "requestBody"))),
    Case("request-body-removed", drop(("paths", "/pets/{petId}", "patch", "requestBody")),
         f"{PATCH}/requestBody", PATCH),
    Case("request-body-made-required", None, f"{PATCH}/requestBody/required",
         f"{PATCH}/requestBody/required",
         old=put(("paths", "/pets/{petId}", "patch", "requestBody", "required"), False)),
    Case("request-body-type-changed",
         put(("paths", "/pets/{petId}", "patch", "requestBody", "content"), JSON_OWNER),
         f"{PATCH}/requestBody/content/application~1json/schema",
         f"{PATCH}/requestBody/content/application~1json/schema", message="a body of `Owner | Mapping[str, Any]`"),
    Case("request-media-type-removed", None,
         f"{PATCH}/requestBody/content/application~1x-www-form-urlencoded",
         f"{PATCH}/requestBody/content",
         old=put(("paths", "/pets/{petId}", "patch", "requestBody", "content",
                  "application/x-www-form-urlencoded"),
                 {"schema": {"$ref": "#/components/schemas/PetUpdate"}})),
    # ------------------------------------------------------ request properties
    Case("request-property-added-required",
         both(put(prop("PetUpdate", "color"), {"type": "string"}), put(req("PetUpdate"), ["color"])),
         f"{SCHEMAS}/PetUpdate/properties", f"{SCHEMAS}/PetUpdate/properties/color",
         message="`models.PetUpdate.color`"),
    Case("request-property-added", put(prop("PetUpdate", "color"), {"type": "string"}),
         f"{SCHEMAS}/PetUpdate/properties", f"{SCHEMAS}/PetUpdate/properties/color"),
    Case("request-property-removed", drop(prop("PetUpdate", "age")),
         f"{SCHEMAS}/PetUpdate/properties/age", f"{SCHEMAS}/PetUpdate/properties",
         message="`models.PetUpdate.age`"),
    Case("request-property-made-required", put(req("PetUpdate"), ["name"]),
         f"{SCHEMAS}/PetUpdate/properties/name", f"{SCHEMAS}/PetUpdate/properties/name"),
    Case("request-property-made-optional", None,
         f"{SCHEMAS}/PetUpdate/properties/name", f"{SCHEMAS}/PetUpdate/properties/name",
         old=put(req("PetUpdate"), ["name"])),
    Case("request-property-made-non-nullable", put(prop("PetUpdate", "note"), {"type": "string"}),
         f"{SCHEMAS}/PetUpdate/properties/note", f"{SCHEMAS}/PetUpdate/properties/note",
         message="`models.PetUpdate.note`"),
    Case("request-property-made-nullable", None,
         f"{SCHEMAS}/PetUpdate/properties/note", f"{SCHEMAS}/PetUpdate/properties/note",
         old=put(prop("PetUpdate", "note"), {"type": "string"})),
    Case("request-property-type-changed", put(prop("PetUpdate", "age"), {"type": "string"}),
         f"{SCHEMAS}/PetUpdate/properties/age", f"{SCHEMAS}/PetUpdate/properties/age",
         message="is now `str | MISSING` (was `int | MISSING`)"),
    Case("request-property-type-widened", put(prop("PetUpdate", "age"), {"type": "number"}),
         f"{SCHEMAS}/PetUpdate/properties/age", f"{SCHEMAS}/PetUpdate/properties/age"),
    Case("request-property-constraint-tightened", put(prop("PetUpdate", "name", "maxLength"), 20),
         f"{SCHEMAS}/PetUpdate/properties/name/maxLength",
         f"{SCHEMAS}/PetUpdate/properties/name/maxLength", message="maxLength 20 (was 50)"),
    Case("request-property-constraint-loosened", drop(prop("PetUpdate", "name", "maxLength")),
         f"{SCHEMAS}/PetUpdate/properties/name/maxLength",
         f"{SCHEMAS}/PetUpdate/properties/name"),
    Case("request-enum-value-removed", put(("components", "schemas", "Kind", "enum"), ["cat"]),
         f"{SCHEMAS}/Kind/enum/1", f"{SCHEMAS}/Kind/enum", message="`models.Kind.DOG`"),
    Case("request-enum-value-added",
         put(("components", "schemas", "Kind", "enum"), ["cat", "dog", "bird"]),
         f"{SCHEMAS}/Kind/enum", f"{SCHEMAS}/Kind/enum/2"),
    # ----------------------------------------------------- response properties
    Case("response-property-removed", drop(prop("Pet", "tag")),
         f"{SCHEMAS}/Pet/properties/tag", f"{SCHEMAS}/Pet/properties",
         message="`models.Pet.tag`"),
    Case("response-property-added", put(prop("Pet", "color"), {"type": "string"}),
         f"{SCHEMAS}/Pet/properties", f"{SCHEMAS}/Pet/properties/color"),
    Case("response-property-made-optional", put(req("Pet"), ["id"]),
         f"{SCHEMAS}/Pet/properties/name", f"{SCHEMAS}/Pet/properties/name",
         message="`models.Pet.name`"),
    Case("response-property-made-required", put(req("Pet"), ["id", "name", "age"]),
         f"{SCHEMAS}/Pet/properties/age", f"{SCHEMAS}/Pet/properties/age"),
    Case("response-property-made-nullable", put(prop("Pet", "age", "type"), ["integer", "null"]),
         f"{SCHEMAS}/Pet/properties/age", f"{SCHEMAS}/Pet/properties/age",
         message="`models.Pet.age`"),
    Case("response-property-made-non-nullable", put(prop("Pet", "nickname"), {"type": "string"}),
         f"{SCHEMAS}/Pet/properties/nickname", f"{SCHEMAS}/Pet/properties/nickname"),
    Case("response-property-type-changed", put(prop("Pet", "age"), {"type": "string"}),
         f"{SCHEMAS}/Pet/properties/age", f"{SCHEMAS}/Pet/properties/age",
         message="`models.Pet.age`"),
    Case("response-property-type-narrowed", None,
         f"{SCHEMAS}/Pet/properties/age", f"{SCHEMAS}/Pet/properties/age",
         old=put(prop("Pet", "age", "type"), ["integer", "string"])),
    Case("response-enum-value-added",
         put(("components", "schemas", "PetStatus", "enum"), ["available", "sold", "gone"]),
         f"{SCHEMAS}/PetStatus/enum", f"{SCHEMAS}/PetStatus/enum/2",
         message="open enums"),
    Case("response-enum-value-removed",
         put(("components", "schemas", "PetStatus", "enum"), ["available"]),
         f"{SCHEMAS}/PetStatus/enum/1", f"{SCHEMAS}/PetStatus/enum",
         message="`models.PetStatus.SOLD`"),
    # -------------------------------------------------------------- responses
    Case("success-status-removed",
         rename_key(("paths", "/owners", "post", "responses"), "201", "200"),
         f"{OWNERS}/responses/201", f"{OWNERS}/responses", message="201"),
    Case("success-status-added",
         put((*PET_RESPONSE, "203"), {"description": "Cached.", "content": {
             "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}),
         f"{PET}/responses", f"{PET}/responses/203"),
    Case("success-media-type-removed", None,
         f"{PET}/responses/200/content/text~1plain", f"{PET}/responses/200/content",
         old=put((*PET_RESPONSE, "200", "content", "text/plain"), {"schema": {"type": "string"}})),
    Case("response-type-changed", put((*PET_RESPONSE, "200", "content"), JSON_OWNER),
         f"{PET}/responses/200/content/application~1json/schema",
         f"{PET}/responses/200/content/application~1json/schema", message="`Owner`"),
    Case("error-response-added",
         put((*PET_RESPONSE, "500"), {"description": "Broken.", "content": {
             "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}),
         f"{PET}/responses", f"{PET}/responses/500"),
    Case("error-response-removed", drop((*PET_RESPONSE, "404")),
         f"{PET}/responses/404", f"{PET}/responses"),
    Case("error-response-type-changed",
         put((*PET_RESPONSE, "404", "content"), {"application/json": {"schema": {"type": "string"}}}),
         f"{PET}/responses/404/content/application~1json/schema",
         f"{PET}/responses/404/content/application~1json/schema"),
    # ----------------------------------------------------------------- models
    Case("schema-renamed",
         both(rename_key(("components", "schemas"), "Error", "Problem"), retarget("Error", "Problem")),
         f"{SCHEMAS}/Error", f"{SCHEMAS}/Problem", message="`models.Problem`"),
    Case("model-class-renamed",
         put(("paths", "/owners", "post", "operationId"), "addOwner"),
         f"{OWNERS}/requestBody/content/application~1json/schema",
         f"{OWNERS}/requestBody/content/application~1json/schema",
         old=put(("paths", "/owners", "post", "operationId"), "createOwner"),
         message="`models.CreateOwnerRequest`"),
    Case("model-removed", None, f"{SCHEMAS}/Legacy", SCHEMAS,
         old=put(("components", "schemas", "Legacy"), {"type": "object", "properties": {
             "x": {"type": "string"}}}), message="`models.Legacy`"),
    Case("model-added", put(("components", "schemas", "Legacy"), {"type": "object", "properties": {
        "x": {"type": "string"}}}), SCHEMAS, f"{SCHEMAS}/Legacy"),
    # ---------------------------------------------------------------- service
    Case("security-scheme-removed",
         both(drop(("components", "securitySchemes")), drop(("security",))),
         "/components/securitySchemes/apiKey", "/components", message="`Client(api_key=...)`"),
    Case("security-scheme-added",
         put(("components", "securitySchemes", "token"), {"type": "http", "scheme": "bearer"}),
         "/components/securitySchemes", "/components/securitySchemes/token"),
    Case("security-scheme-changed",
         put(("components", "securitySchemes", "apiKey", "name"), "X-Key"),
         "/components/securitySchemes/apiKey", "/components/securitySchemes/apiKey",
         message="'X-Key'"),
    Case("server-changed", put(("servers",), [{"url": "https://v2.example.com"}]),
         "/servers/0/url", "/servers/0/url", message="'https://v2.example.com'"),
]  # fmt: skip


def _inline_owner_body(data: Spec) -> None:
    """createOwner's body written inline: the class its place names (CreateOwnerRequest)."""
    body = at(data, ("paths", "/owners", "post", "requestBody", "content", "application/json"))
    body["schema"] = {"type": "object", "properties": {"name": {"type": "string"}}}


def _sides(case: Case) -> tuple[str, str]:
    if case.rule == "model-class-renamed":
        old = both(_inline_owner_body, *(m for m in (case.old,) if m))
        new = both(_inline_owner_body, *(m for m in (case.new,) if m))
        return variant(old), variant(new)
    return variant(case.old), variant(case.new)


@pytest.mark.parametrize("case", CASES, ids=[case.rule for case in CASES])
def test_each_rule_is_reported_with_its_verdict_at_both_places(case: Case) -> None:
    old_text, new_text = _sides(case)
    changes = [change for change in diff(old_text, new_text) if change.rule == case.rule]
    assert changes, f"{case.rule} not reported; got {[c.rule for c in diff(old_text, new_text)]}"
    change = changes[0]
    assert change.verdict == DIFF_RULES[case.rule].verdict
    assert (change.old.file, change.old.pointer) == ("old.yaml", case.old_pointer)
    assert (change.new.file, change.new.pointer) == ("new.yaml", case.new_pointer)
    assert change.old.line > 0 and change.new.line > 0
    assert case.message in change.message
    if change.verdict != "safe":
        assert change.todo, "a breaking or warning change says what to do"


def test_every_rule_has_a_case() -> None:
    assert sorted({case.rule for case in CASES}) == sorted(DIFF_RULES)


def test_a_change_is_placed_on_the_line_of_what_it_names() -> None:
    old_text = variant(None)
    new_text = variant(drop(prop("PetUpdate", "age")))
    (change,) = [c for c in diff(old_text, new_text) if c.rule == "request-property-removed"]
    old_line = old_text.splitlines()[change.old.line - 1]
    new_line = new_text.splitlines()[change.new.line - 1]
    assert old_line.strip().startswith("age:") and change.old.column == old_line.index("age") + 1
    assert new_line.strip() == "properties:"


def test_the_readme_lists_every_rule_with_its_verdict() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## What changes for users of the client: `diff`") :]
    rows = dict(
        re.findall(r"^\| `([a-z0-9-]+)` \| (breaking|warning|safe) \|", section, re.MULTILINE)
    )
    assert rows == {rule.id: rule.verdict for rule in DIFF_RULES.values()}


def _listed(items: str) -> Mutation:
    """A list endpoint answering ``Pets``, a type alias of a list of ``items``."""

    def mutate(data: Spec) -> None:
        data["components"]["schemas"]["Pets"] = {
            "type": "array",
            "items": {"$ref": f"#/components/schemas/{items}"},
        }
        data["paths"]["/pets"] = {
            "get": {
                "operationId": "listPets",
                "tags": ["pets"],
                "responses": {
                    "200": {
                        "description": "The pets.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pets"}}
                        },
                    }
                },
            }
        }

    return mutate


def test_a_type_alias_is_compared_by_what_it_aliases() -> None:
    changes = diff(variant(_listed("Pet")), variant(_listed("Owner")))
    assert [(c.rule, c.new.pointer) for c in changes] == [
        (
            "response-type-changed",
            "/paths/~1pets/get/responses/200/content/application~1json/schema",
        )
    ]
    assert "as `Pets` (now `list[Owner]`, was `list[Pet]`)" in changes[0].message

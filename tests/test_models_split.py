"""The models of a large API as a package of modules, one per schema, imported when
first used (``generator/models_split.py``).

A spec made here with more than ``SPLIT_ABOVE`` schemas is generated as a project
would, then imported on Python 3.10, called over the validating loopback server, and
checked with ruff and ``mypy --strict``; the way definitions are grouped is tested on
small sources directly.  Stripe's and OpenAI's packages, split the same way, are tested
in ``test_scale.py``.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.models_split import SPLIT_ABOVE, ModelsPackage, split_models
from tests.openapi_server import OpenAPIServer
from tests.package_checks import (
    generate_project,
    no_attribute,
    passes_ruff_and_mypy_strict,
    run_generator,
    run_on_python310,
)

PACKAGE = "split_client"
FILLERS = SPLIT_ABOVE  # with the other schemas, more than SPLIT_ABOVE definitions


def _object(properties: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, **more}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _spec(fillers: int) -> dict[str, Any]:
    """Pet derives from Animal (allOf), Tree and Forest refer to each other, Owner has
    an inline address, and the one operation an inline body; a chain of fillers makes
    the spec large."""
    schemas: dict[str, Any] = {
        "Animal": _object({"name": {"type": "string"}}, required=["name"]),
        "Pet": {"allOf": [_ref("Animal"), _object({"tag": {"type": "string"}})]},
        "Tree": _object({"forest": _ref("Forest"), "height": {"type": "integer"}}),
        "Forest": _object({"trees": {"type": "array", "items": _ref("Tree")}}),
        "Owner": _object(
            {
                "pet": _ref("Pet"),
                "address": _object({"city": {"type": "string"}}, required=["city"]),
            }
        ),
    }
    for number in range(fillers):
        last = number + 1 == fillers
        link = {"end": {"type": "boolean"}} if last else {"next": _ref(f"Filler{number + 1:03}")}
        schemas[f"Filler{number:03}"] = _object(link)
    body = _object({"owner": _ref("Owner"), "note": _object({"text": {"type": "string"}})})
    created = {"application/json": {"schema": _ref("Owner")}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kennel API", "version": "1"},
        "servers": [{"url": "https://kennel.example"}],
        "paths": {
            "/owners": {
                "post": {
                    "operationId": "createOwner",
                    "tags": ["owners"],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {**body, "required": ["owner"]}}
                        },
                    },
                    "responses": {"201": {"description": "Made.", "content": created}},
                }
            }
        },
        "components": {"schemas": schemas},
    }


def _generate(folder: Path, fillers: int = FILLERS) -> Path:
    return generate_project(folder, _spec(fillers), PACKAGE)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = _generate(tmp_path_factory.mktemp("split"))
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def _classes_by_module(models: Path) -> dict[str, set[str]]:
    return {
        path.stem: {
            node.name for node in ast.parse(path.read_text()).body if isinstance(node, ast.ClassDef)
        }
        for path in models.glob("[!_]*.py")
    }


def test_each_schema_has_its_module_with_what_it_needs_when_made(out: Path) -> None:
    package = out / PACKAGE
    assert not (package / "models.py").exists()
    modules = _classes_by_module(package / "models")
    assert modules["animal"] == {"Animal", "Pet"}  # Pet derives from Animal
    assert modules["tree"] == {"Tree"} and modules["forest"] == {"Forest"}
    assert modules["owner"] == {"Owner", "OwnerAddress"}
    assert modules["create_owner_request"] == {"CreateOwnerRequest", "CreateOwnerRequestNote"}
    assert len(modules) == 5 + FILLERS  # animal (Pet has none), tree, forest, owner, the body's


def test_using_a_model_imports_only_the_modules_it_is_made_of(out: Path) -> None:
    code = f"""
import sys
import {PACKAGE}.models as models
def loaded():
    return sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("{PACKAGE}.models."))
assert loaded() == [], loaded()
from {PACKAGE}.models import Tree
assert loaded() == ["forest", "tree"], loaded()
tree = Tree.model_validate({{"height": 3, "forest": {{"trees": [{{"height": 1}}]}}}})
assert type(tree.forest.trees[0]) is Tree
assert tree.model_dump(exclude_unset=True) == {{"height": 3, "forest": {{"trees": [{{"height": 1}}]}}}}
assert models.Filler298.model_validate({{"next": {{"end": True}}}}).next.end is True
assert loaded() == ["filler298", "filler299", "forest", "tree"], loaded()
assert models.Pet.__mro__[1] is models.Animal
{no_attribute("models", "Nothing")}"""
    run_on_python310(out, code)


def test_the_client_sends_and_reads_the_split_models(out: Path) -> None:
    client = importlib.import_module(PACKAGE)
    models = importlib.import_module(f"{PACKAGE}.models")
    owners = importlib.import_module(f"{PACKAGE}.api.owners")
    owner = {"pet": {"name": "Rex", "tag": "dog"}, "address": {"city": "Oslo"}}
    with OpenAPIServer(out.parent / "spec.json") as server:
        server.reply(201, json=owner)
        with client.Client(base_url=server.url, max_retries=0) as api:
            made = owners.create_owner(
                api,
                models.CreateOwnerRequest(
                    owner=models.Owner(
                        pet=models.Pet(name="Rex", tag="dog"),
                        address=models.OwnerAddress(city="Oslo"),
                    ),
                    note=models.CreateOwnerRequestNote(text="new"),
                ),
            )
        assert server.last.errors == []
        assert json.loads(server.last.body) == {"owner": owner, "note": {"text": "new"}}
    assert isinstance(made.pet, models.Pet) and made.address.city == "Oslo"


def test_the_split_package_passes_ruff_and_mypy_strict_and_is_up_to_date(out: Path) -> None:
    passes_ruff_and_mypy_strict(out, PACKAGE)
    run_generator(out.parent, "check")


def test_the_split_is_the_same_every_run(out: Path, tmp_path: Path) -> None:
    again = _generate(tmp_path / "again") / PACKAGE
    first = out / PACKAGE
    names = sorted(p.relative_to(first) for p in first.rglob("*.py"))
    assert names == sorted(p.relative_to(again) for p in again.rglob("*.py"))
    assert all((first / name).read_bytes() == (again / name).read_bytes() for name in names)


def test_a_smaller_api_goes_back_to_one_module_and_the_report_says_what_was_removed(
    tmp_path: Path,
) -> None:
    out = _generate(tmp_path, FILLERS)
    modules = len(list((out / PACKAGE / "models").glob("*.py")))
    (tmp_path / "spec.json").write_text(json.dumps(_spec(3)), encoding="utf-8")
    report = run_generator(tmp_path, "generate")
    assert (out / PACKAGE / "models.py").is_file() and not (out / PACKAGE / "models").exists()
    assert report.count("\nremoved ") + report.startswith("removed ") == modules
    summary = re.search(
        r"(\d+) files? changed, (\d+) files? unchanged, (\d+) files removed", report
    )
    assert summary is not None, report[-300:]
    changed, unchanged, removed = map(int, summary.groups())
    assert removed == modules and changed + unchanged == len(list((out / PACKAGE).rglob("*.*")))


# The grouping, on small sources (``above=0``: split however few definitions there are).

_SCHEMAS = "/components/schemas"


def _split(
    source: str, classes: dict[str, str], hoisted: dict[str, str] | None = None
) -> ModelsPackage:
    split = split_models(source, classes, hoisted or {}, above=0)
    assert split is not None
    return split


def _modules(split: ModelsPackage) -> dict[str, tuple[str, ...]]:
    return {module.name: module.defines for module in split.modules}


def test_definitions_made_of_each_other_share_the_module_of_the_first_owner() -> None:
    source = (
        "from typing_extensions import TypeAliasType\n"
        "class Circle(ApiModel):\n    r: int\n"
        "class Square(Base):\n    side: int\n"
        "class Base(ApiModel):\n    pass\n"
        'Shape = TypeAliasType("Shape", Circle | Square)\n'
        "class Lonely(ApiModel):\n    shape: Shape\n"
    )
    classes = {
        f"{_SCHEMAS}/{name}": name for name in ("Circle", "Square", "Base", "Shape", "Lonely")
    }
    split = _split(source, classes)
    assert _modules(split) == {"base": ("Circle", "Square", "Base", "Shape"), "lonely": ("Lonely",)}
    lonely = next(module for module in split.modules if module.name == "lonely")
    assert lonely.siblings == {"base": ("Shape",)}
    assert "TypeAliasType" in next(m for m in split.modules if m.name == "base").imports
    assert lonely.imports == ""


def test_quoted_forward_references_are_imported_at_the_bottom() -> None:
    source = (
        "from typing_extensions import TypeAliasType\n"
        'Items = TypeAliasType("Items", list["Node"])\n'
        "class Node(ApiModel):\n    child: Node | None\n"
    )
    split = _split(source, {f"{_SCHEMAS}/Items": "Items", f"{_SCHEMAS}/Node": "Node"})
    assert _modules(split) == {"items": ("Items",), "node": ("Node",)}
    assert split.modules[0].siblings == {"node": ("Node",)}
    assert split.modules[1].siblings == {}  # a class refers to itself in its own module


def test_a_definition_the_library_did_not_list_goes_with_what_uses_it() -> None:
    source = (
        "class Choice1(ApiModel):\n    a: int\n"
        "class Zebra(ApiModel):\n    choice: Choice1\n"
        "class Apple(ApiModel):\n    choice: Choice1\n"
    )
    split = _split(source, {f"{_SCHEMAS}/Zebra": "Zebra", f"{_SCHEMAS}/Apple": "Apple"})
    assert _modules(split) == {"apple": ("Apple",), "zebra": ("Choice1", "Zebra")}


def test_inline_schemas_belong_to_the_schema_or_operation_they_stood_in() -> None:
    source = (
        "class PetCollar(ApiModel):\n    size: int\n"
        "class Pet(ApiModel):\n    collar: PetCollar\n"
        "class MakePetRequest(ApiModel):\n    pet: Pet\n"
        "class MakePetRequestNote(ApiModel):\n    text: str\n"
    )
    classes = {
        f"{_SCHEMAS}/Pet": "Pet",
        f"{_SCHEMAS}/PetCollar": "PetCollar",
        f"{_SCHEMAS}/MakePetRequest": "MakePetRequest",
        f"{_SCHEMAS}/MakePetRequest/properties/note": "MakePetRequestNote",
    }
    hoisted = {
        f"{_SCHEMAS}/Pet/properties/collar": f"{_SCHEMAS}/PetCollar",
        "/paths/~1pets/post/requestBody/content/application~1json/schema": (
            f"{_SCHEMAS}/MakePetRequest"
        ),
    }
    split = _split(source, classes, hoisted)
    assert _modules(split) == {
        "make_pet_request": ("MakePetRequest", "MakePetRequestNote"),
        "pet": ("PetCollar", "Pet"),
    }
    assert [module.places for module in split.modules] == [
        ("/paths/~1pets/post",),
        (f"{_SCHEMAS}/Pet",),
    ]


def test_module_names_are_never_keywords_and_never_taken_twice() -> None:
    source = (
        "class Class(ApiModel):\n    a: int\n"
        "class FooBar(ApiModel):\n    a: int\n"
        "class FOOBar(ApiModel):\n    a: int\n"
    )
    classes = {f"{_SCHEMAS}/class": "Class", f"{_SCHEMAS}/a": "FOOBar", f"{_SCHEMAS}/b": "FooBar"}
    assert _modules(_split(source, classes)) == {
        "class_": ("Class",),
        "foo_bar": ("FOOBar",),
        "foo_bar_2": ("FooBar",),
    }


def test_few_models_stay_one_module() -> None:
    source = "".join(f"class M{number}(ApiModel):\n    a: int\n" for number in range(SPLIT_ABOVE))
    classes = {f"{_SCHEMAS}/M{number}": f"M{number}" for number in range(SPLIT_ABOVE)}
    assert split_models(source, classes, {}) is None
    assert split_models(source + "class Last(ApiModel):\n    a: int\n", classes, {}) is not None


def test_annotated_aliases_are_definitions_and_anything_else_keeps_one_module() -> None:
    source = "class Pet(ApiModel):\n    kind: Kind\nKind: TypeAlias = Literal['cat']\n"
    classes = {f"{_SCHEMAS}/Pet": "Pet", f"{_SCHEMAS}/Kind": "Kind"}
    split = _split(source, classes)
    assert _modules(split) == {"kind": ("Kind",), "pet": ("Pet",)}
    assert split.modules[1].siblings == {"kind": ("Kind",)}
    assert split_models(source + "Pet.model_rebuild()\n", classes, {}, above=0) is None


def test_the_string_documenting_an_alias_stays_under_it() -> None:
    source = (
        'Kind = TypeAliasType("Kind", str)\n"""What kind."""\nclass Pet(ApiModel):\n    a: int\n'
    )
    classes = {f"{_SCHEMAS}/Pet": "Pet", f"{_SCHEMAS}/Kind": "Kind"}
    kind = _split(source, classes).modules[0]
    assert kind.body == 'Kind = TypeAliasType("Kind", str)\n"""What kind."""'

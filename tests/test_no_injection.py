"""Nothing from the spec or the command line reaches the generated code unescaped.

A property-based test: hypothesis puts random Unicode (line separators, quotes, control
characters and code included) into every free-text string of a spec, an enum's values, a
property name, the spec's file name and ``--out``.  Every build must give a package that
compiles, passes ``black --check``, imports, keeps every enum member, and calls and imports
nothing that the same spec with plain text does not; and all of a test's packages together
pass ``mypy --strict`` (one mypy process at the end: one per example would be too slow).
"""

from __future__ import annotations

import ast
import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.document import load_spec

from .conftest import run_python
from .corpus_packages import CONSTRUCTS, CORPUS
from .package_checks import MypyBatch, black_complaints

# Text that tries to end a comment, a string or a docstring and run code, or to confuse a
# template or a line splitter.
_PAYLOADS = [
    "\r\nimport os; open('PWNED', 'w')\r\n#",
    '"""; open("PWNED", "w"); """',
    "''' + open('PWNED', 'w').name + '''",
    "\\",
    '\\\\"',
    "{{ 7 * 7 }}{% raw %}",
    "\x00\x1c\x1d\x1e\x85\u2028\u2029\x0b\x0c",
    "\n    def f(): pass\n",
    "a\u2028b",
    "c\x1cd",
    "e\x85f",
    "g\x0bh\x0ci",
]
# Every character there is, with the ones that end lines, strings or templates often.
_CHARACTER = st.one_of(
    st.characters(exclude_categories=("Cs",)),
    st.sampled_from(list("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00\"'\\{}%#")),
)
_TEXT = st.one_of(
    st.text(_CHARACTER, max_size=24),
    st.sampled_from(_PAYLOADS),
    st.lists(st.sampled_from(_PAYLOADS), min_size=1, max_size=3).map("".join),
)
# File and folder names: anything a POSIX file system takes, within its length limit.
_NAME = st.one_of(
    st.text(_CHARACTER.filter(lambda c: c not in "/\x00"), min_size=1, max_size=40),
    st.sampled_from(["x\rimport os; open('PWNED', 'w')\r#.yaml", "a\u2028b", "\x85\x1c"]),
).filter(lambda name: name not in (".", "..") and len(name.encode()) < 200)


def _spec(text: Iterator[str], enum: list[str], property_name: str) -> dict[str, Any]:
    """A small spec with a piece of ``text`` in every free-text field."""
    return {
        "openapi": "3.1.0",
        "info": {"title": next(text), "version": next(text), "description": next(text)},
        "servers": [{"url": "https://api.example.com", "description": next(text)}],
        "tags": [{"name": "pets", "description": next(text)}],
        "security": [{"key": []}],
        "paths": {
            "/pets/{petId}": {
                "get": {
                    "operationId": "getPet",
                    "tags": ["pets"],
                    "summary": next(text),
                    "description": next(text),
                    "parameters": [
                        {
                            "name": "petId",
                            "in": "path",
                            "required": True,
                            "description": next(text),
                            "schema": {"type": "string", "maxLength": 40},
                        },
                        {
                            "name": "kind",
                            "in": "query",
                            "description": next(text),
                            "schema": {"type": "string", "enum": enum},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": next(text),
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {
                "key": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "x-api-key",
                    "description": next(text),
                    "x-key-prefix": next(text),
                }
            },
            "schemas": {
                "Kind": {"type": "string", "description": next(text), "enum": enum},
                "Pet": {
                    "type": "object",
                    "description": next(text),
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "description": next(text)},
                        "kind": {"$ref": "#/components/schemas/Kind"},
                        property_name: {
                            "type": "string",
                            "description": next(text),
                            "examples": [next(text)],
                        },
                    },
                },
            },
        },
    }


def _plain() -> Iterator[str]:
    while True:
        yield "plain text"


def _build(folder: Path, document: dict[str, Any], spec_name: str, out: str) -> Path | None:
    """Generate from ``document`` written as ``spec_name`` into ``out``; the package's
    folder, or None when the spec is refused (exit 2)."""
    folder.mkdir(parents=True)
    (folder / spec_name).write_text(yaml.safe_dump(document, allow_unicode=True))
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        code = main(["generate", f"--spec={spec_name}", f"--out={out}", "--package=pets"])
    finally:
        os.chdir(cwd)
    assert code in (0, 2)
    return folder / out / "pets" if code == 0 else None


def _calls_and_imports(package: Path) -> set[str]:
    """Every function called and module imported anywhere in the package."""
    found: set[str] = set()
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                found.add(f"call {ast.unparse(node.func)}")
            elif isinstance(node, ast.Import):
                found.update(f"import {alias.name}" for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                found.add(f"from {'.' * node.level}{node.module}")
    return found


def _check_code(package: Path, allowed_calls: set[str]) -> None:
    """The package compiles, black leaves it as it is, and it calls and imports nothing
    but ``allowed_calls``."""
    for path in package.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    complaints = black_complaints(package)
    assert not complaints, "black --check would reformat:\n" + "\n".join(complaints)
    assert _calls_and_imports(package) <= allowed_calls


# Each test runs its examples in an inner function, so that it can run mypy once at the end.
_EXAMPLES = settings(
    max_examples=int(os.environ.get("CLIENTGEN_HYPOTHESIS_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for both tests: the second reads the types of the standard library,
    pydantic and httpx from it."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture(scope="module")
def plain_calls(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    folder = tmp_path_factory.mktemp("plain") / "spec"
    package = _build(folder, _spec(_plain(), ["cat", "dog"], "nickname"), "spec.yaml", "out")
    assert package is not None
    return _calls_and_imports(package)


_IMPORT_AND_LIST = """
import json, sys
import pets, pets.api.pets, pets.models
print(json.dumps([member.value for member in pets.models.Kind]))
"""


def test_hostile_text_never_becomes_code(
    tmp_path_factory: pytest.TempPathFactory, mypy_cache: Path, plain_calls: set[str]
) -> None:
    batch = MypyBatch(tmp_path_factory.mktemp("mypy-hostile"), "text", mypy_cache)

    @_EXAMPLES
    @given(
        text=st.lists(_TEXT, min_size=20, max_size=20),
        enum=st.lists(_TEXT, min_size=1, max_size=4, unique=True),
        property_name=_TEXT.map(lambda text: f"p{text}"),
        spec_name=_NAME,
        out=_NAME,
    )
    def build_and_check(
        text: list[str], enum: list[str], property_name: str, spec_name: str, out: str
    ) -> None:
        assume(out != spec_name)
        folder = tmp_path_factory.mktemp("hostile") / "spec"
        document = _spec(iter(text), enum, property_name)
        package = _build(folder, document, spec_name, out)
        if package is None:
            return  # refused with located errors (exit 2): nothing was generated
        _check_code(package, plain_calls)
        imported = run_python(_IMPORT_AND_LIST, cwd=package.parent, timeout=60)
        assert imported.returncode == 0, imported.stderr
        read = load_spec(folder / spec_name).data["components"]["schemas"]["Kind"]["enum"]
        assert json.loads(imported.stdout) == read
        assert not any(folder.rglob("PWNED"))
        names = {"property_name": property_name, "spec_name": spec_name, "out": out}
        batch.add(package, {"text": text, "enum": enum, **names})

    build_and_check()
    failures = batch.failures()
    assert not failures, failures


# ------------------------------------------------ every construct of the corpus, hostile

_FREE_TEXT = {"description", "summary", "title"}


def _hostile(document: dict[str, Any], text: Iterator[str]) -> dict[str, Any]:
    """A copy of a corpus spec with ``text`` in its free text and the names of its query,
    header and cookie parameters, and its property names and string enum values renamed
    by ``text`` the same way wherever they appear (``required``, defaults, ...)."""
    renamed: dict[str, str] = {}

    def collect(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                collect(item)
        elif isinstance(node, dict):
            names = (
                list(node.get("properties") or {})
                if isinstance(node.get("properties"), dict)
                else []
            )
            if node.get("type") == "string" and isinstance(node.get("enum"), list):
                names += [value for value in node["enum"] if isinstance(value, str)]
            for name in names:
                renamed.setdefault(name, "p" + next(text))
            for value in node.values():
                collect(value)

    def rewrite(node: Any, key: str = "") -> Any:
        if isinstance(node, str):
            return renamed.get(node, node) if key in ("required", "enum", "default") else node
        if isinstance(node, list):
            return [rewrite(item, key) for item in node]
        if not isinstance(node, dict):
            return node
        copied = {
            (renamed.get(k, k) if key == "properties" else k): rewrite(v, k)
            for k, v in node.items()
        }
        for field in _FREE_TEXT & set(copied):
            if isinstance(copied[field], str) and key not in ("properties", "schemas"):
                copied[field] = next(text)
        if copied.get("in") in ("query", "header", "cookie") and isinstance(
            copied.get("name"), str
        ):
            copied["name"] = "p" + next(text)
        return copied

    collect(document)
    result: dict[str, Any] = rewrite(document)
    return result


def _corpus_build(folder: Path, document: dict[str, Any]) -> Path | None:
    folder = folder / "spec"
    folder.mkdir()
    (folder / "spec.yaml").write_text(yaml.safe_dump(document, allow_unicode=True))
    out = folder / "out"
    code = main(["generate", f"--spec={folder / 'spec.yaml'}", f"--out={out}", "--package=api"])
    assert code in (0, 2)
    return out / "api" if code == 0 else None


@pytest.fixture(scope="module")
def corpus_plain_calls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Each construct's calls and imports, built with plain text where the hostile test
    puts its own (distinct names, so the same fields need aliases)."""
    found = {}
    for construct in CONSTRUCTS:
        document = yaml.safe_load((CORPUS / construct / "spec.yaml").read_text())
        plain = (f"plain-text-{number}" for number in itertools.count())
        package = _corpus_build(tmp_path_factory.mktemp(construct), _hostile(document, plain))
        assert package is not None, construct
        found[construct] = _calls_and_imports(package)
    return found


def test_hostile_names_and_text_in_any_construct_never_become_code(
    tmp_path_factory: pytest.TempPathFactory,
    mypy_cache: Path,
    corpus_plain_calls: dict[str, set[str]],
) -> None:
    batch = MypyBatch(tmp_path_factory.mktemp("mypy-hostile-corpus"), "construct", mypy_cache)

    @_EXAMPLES
    @given(construct=st.sampled_from(CONSTRUCTS), text=st.lists(_TEXT, min_size=400, max_size=400))
    def build_and_check(construct: str, text: list[str]) -> None:
        document = yaml.safe_load((CORPUS / construct / "spec.yaml").read_text())
        folder = tmp_path_factory.mktemp("hostile-corpus")
        package = _corpus_build(folder, _hostile(document, itertools.cycle(text)))
        if package is None:
            return  # refused with located errors (exit 2): nothing was generated
        _check_code(package, corpus_plain_calls[construct])
        imported = run_python("import api.api, api.models", cwd=package.parent, timeout=60)
        assert imported.returncode == 0, imported.stderr
        assert not any(folder.rglob("PWNED"))
        batch.add(package, {"construct": construct, "text": text})

    build_and_check()
    failures = batch.failures()
    assert not failures, failures


# What datamodel-code-generator would take as instructions in a schema: import a module
# (x-python-type, customTypePath), derive from a class (customBasePath), rename members.
_DIRECTIVES = {
    "x-python-type": "antigravity.Fly",
    "customTypePath": "os.system",
    "customBasePath": "antigravity.Base",
    "x-python-import": {"from": "os", "import": "system"},
    "x-is-base-class": True,
    "x-is-classvar": True,
    "x-enum-varnames": ["SYSTEM"],
}


def _with_directives(node: Any, key: str = "") -> Any:
    """``node`` with ``_DIRECTIVES`` in every schema it holds (every mapping with a
    ``type``, ``properties``, ``$ref``, ``enum`` or ``items``)."""
    if isinstance(node, list):
        return [_with_directives(item, key) for item in node]
    if not isinstance(node, dict) or key in ("example", "examples", "default"):
        return node
    copied = {k: _with_directives(v, k) for k, v in node.items()}
    if key != "properties" and {"type", "properties", "$ref", "enum", "items"} & set(node):
        copied.update(_DIRECTIVES)
    return copied


@pytest.mark.parametrize("construct", ["json-body-ref", "schema-names", "body-union"])
def test_library_directives_in_a_spec_change_nothing_in_the_models(
    construct: str, tmp_path: Path
) -> None:
    document = yaml.safe_load((CORPUS / construct / "spec.yaml").read_text())
    (tmp_path / "plain").mkdir()
    (tmp_path / "planted").mkdir()
    plain = _corpus_build(tmp_path / "plain", document)
    planted = _corpus_build(tmp_path / "planted", _with_directives(document))
    assert plain is not None and planted is not None

    def models(package: Path) -> str:  # without the header, which names the spec
        return (package / "models.py").read_text().split("\n\n", 1)[1]

    assert models(planted) == models(plain)
    assert _calls_and_imports(planted) == _calls_and_imports(plain)

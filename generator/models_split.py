"""Stage 4c: a large API's models as a package of modules, one per schema, loaded lazily.

Importing thousands of pydantic classes takes seconds (Stripe's: about 2.4 s), and a
program that calls a few operations needs a few of them.  So above ``SPLIT_ABOVE``
definitions the models become ``models/``: one module per schema of the spec (its own
class and those of the schemas inline in it; the inline schemas of an operation go to a
module of their own), and ``models/__init__.py`` imports a module when one of its names
is first used (``_lazy.attributes``).  ``from pkg.models import X`` reads the same either
way, and type checkers read the package's ``TYPE_CHECKING`` imports.

A name a definition evaluates when it is made (a base class, an alias's value, a
default) must exist by then: definitions joined by such names share a module, in the
order the library wrote them.  Every other name is only an annotation (or a quoted
forward reference), read when the model is first built: a module imports those at its
bottom, after its own definitions, so modules may import each other in any order without
ever meeting one that is half made.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .document import pointer as jsonpointer
from .document.openapi import COMPONENT_SCHEMAS, in_component_schema
from .ir.names import numbered, snake_case

__all__ = ["SPLIT_ABOVE", "ModelModule", "ModelsPackage", "split_models"]

SPLIT_ABOVE = 300
"""Up to this many top-level definitions the models stay one ``models.py``."""


@dataclass(frozen=True)
class ModelModule:
    """One module of ``models/``: the places of the schemas it is made of, its import
    lines, its definitions' source, and the names it takes from its siblings (imported
    at its bottom), by module."""

    name: str
    places: tuple[str, ...]
    imports: str
    body: str
    siblings: Mapping[str, tuple[str, ...]]
    defines: tuple[str, ...]


@dataclass(frozen=True)
class ModelsPackage:
    modules: tuple[ModelModule, ...]


_Definable = ast.ClassDef | ast.Assign | ast.AnnAssign  # what the models' module defines


@dataclass
class _Definition:
    name: str
    text: str
    runtime: set[str]  # the names of models it evaluates when it is made
    lazy: set[str]  # the names of models it only annotates with (or quotes)
    used: set[str]  # every name it reads (to pick its imports)


def split_models(
    source: str,
    classes: Mapping[str, str],
    hoisted: Mapping[str, str],
    *,
    above: int = SPLIT_ABOVE,
) -> ModelsPackage | None:
    """The modules of ``source`` (the models' module, laid out), or None when it has
    ``above`` definitions or fewer.  ``classes`` maps each schema's pointer (in the
    models' input) to its class, ``hoisted`` each inline schema's place in the spec to
    the pointer it was moved to (``build.ModelsInput``)."""
    tree = ast.parse(source)
    head = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    nodes = [node for node in tree.body if isinstance(node, _Definable)]
    notes = [n for before, n in itertools.pairwise(tree.body) if _notes(n, before)]
    if len(nodes) <= above or len(head) + len(nodes) + len(notes) < len(tree.body):
        return None  # few models, or something else at the top level: kept in one module
    definitions = _definitions(source, tree, nodes)
    places = _places(classes, hoisted)
    owner = _owners(definitions, places)
    module_of = _module_names(owner, places, definitions)
    grouped: dict[str, list[_Definition]] = {}
    for definition in definitions:
        grouped.setdefault(module_of[definition.name], []).append(definition)
    return ModelsPackage(
        tuple(
            _module(name, members, module_of, head, owner)
            for name, members in sorted(grouped.items())
        )
    )


def _definitions(source: str, tree: ast.Module, nodes: Sequence[_Definable]) -> list[_Definition]:
    """Each top-level class or alias with its text (from its first line, comments above
    it included, to the next statement but the string that documents it) and the names
    it refers to."""
    lines = source.splitlines(keepends=True)  # laid out: no odd line break in a literal
    bounds = [
        node for node in tree.body if isinstance(node, _Definable | ast.Import | ast.ImportFrom)
    ]
    starts = [_first_line(node, lines) for node in bounds] + [len(lines)]
    following = dict(zip(map(id, bounds), starts[1:], strict=True))
    names = {_defined(node) for node in nodes}
    found = []
    for node in nodes:
        text = "".join(lines[_first_line(node, lines) : following[id(node)]]).strip()
        runtime, lazy, used = _references(node, names)
        found.append(_Definition(_defined(node), text, runtime, lazy - runtime, used))
    return found


def _notes(node: ast.stmt, before: ast.stmt) -> bool:
    """Whether ``node`` is the string the library writes under an alias to document it."""
    if not isinstance(node, ast.Expr) or not isinstance(before, _Definable):
        return False
    return isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _first_line(node: ast.stmt, lines: list[str]) -> int:
    decorated = node.decorator_list if isinstance(node, ast.ClassDef) else []
    first = min([node.lineno, *(d.lineno for d in decorated)]) - 1
    while first > 0 and lines[first - 1].startswith("#"):
        first -= 1
    return first


def _defined(node: _Definable) -> str:
    if isinstance(node, ast.ClassDef):
        return node.name
    target = node.targets[0] if isinstance(node, ast.Assign) else node.target
    assert isinstance(target, ast.Name)  # the library assigns to names only
    return target.id


def _references(node: _Definable, models: set[str]) -> tuple[set[str], set[str], set[str]]:
    """The models ``node`` evaluates when it is made, those it only annotates with or
    quotes (a forward reference), and every name it reads."""
    annotations: list[ast.expr] = []
    evaluated: list[ast.AST] = []
    if isinstance(node, ast.ClassDef):
        evaluated += [*node.bases, *node.keywords, *node.decorator_list]
    for statement in node.body if isinstance(node, ast.ClassDef) else [node]:
        if isinstance(statement, ast.AnnAssign):
            annotations.append(statement.annotation)
            evaluated += [statement.value] if statement.value is not None else []
        else:
            evaluated.append(statement)
    runtime, runtime_quoted = _names(evaluated)
    annotated, annotated_quoted = _names(annotations)
    own = {_defined(node)}
    return (
        (runtime & models) - own,
        ((annotated | runtime_quoted | annotated_quoted) & models) - own,
        runtime | annotated,
    )


def _names(parts: Iterable[ast.AST]) -> tuple[set[str], set[str]]:
    """The names ``parts`` read, and the strings in them (each maybe a quoted name)."""
    names, strings = set(), set()
    for part in parts:
        for sub in ast.walk(part):
            if isinstance(sub, ast.Name):
                names.add(sub.id)
            elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                strings.add(sub.value)
    return names, strings


def _places(classes: Mapping[str, str], hoisted: Mapping[str, str]) -> dict[str, str]:
    """Each class's place in the spec (the first, when the library shares one class
    between places): an inline schema's where it stood, not where it was moved."""
    origins = {moved: place for place, moved in hoisted.items()}
    places: dict[str, str] = {}
    for pointer, name in sorted(classes.items()):
        found = in_component_schema(pointer)
        place = pointer
        if found is not None:
            component = jsonpointer.join(COMPONENT_SCHEMAS, found[0])
            place = origins.get(component, component) + pointer.removeprefix(component)
        places.setdefault(name, place)
    return places


def _owner_of(place: str) -> str:
    """The spec object a schema at ``place`` belongs to: its component
    (``/components/schemas/charge``), or its operation (``/paths/~1charges/post``)."""
    tokens = jsonpointer.tokens(place)
    depth = 3 if tokens[:1] in (["components"], ["paths"], ["webhooks"]) else 2
    return jsonpointer.join("", *tokens[:depth])


def _owners(definitions: list[_Definition], places: Mapping[str, str]) -> dict[str, str]:
    """The owner of each definition: its place's (``_owner_of``); a definition the
    library made without listing it (a member of a union it split) belongs with the
    first definition that refers to it.  Definitions joined by runtime names share the
    owner sorted first among them."""
    owner = {d.name: _owner_of(places[d.name]) for d in definitions if d.name in places}
    order = [d.name for d in definitions]
    referrers: dict[str, str] = {}
    for definition in definitions:
        for name in sorted(definition.runtime | definition.lazy):
            referrers.setdefault(name, definition.name)
    for name in reversed(order):  # a user comes after what it uses, nearly always
        if name not in owner and referrers.get(name) in owner:
            owner[name] = owner[referrers[name]]
    for index, name in enumerate(order):  # what is left: the owner of the one before it
        owner.setdefault(name, owner.get(order[index - 1], "/") if index else "/")
    return _joined(definitions, owner)


def _joined(definitions: list[_Definition], owner: dict[str, str]) -> dict[str, str]:
    """``owner`` with the definitions that evaluate each other's names given one owner."""
    parent = {d.name: d.name for d in definitions}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for definition in definitions:
        for name in definition.runtime:
            first, second = root(definition.name), root(name)
            if first != second:
                parent[max(first, second)] = min(first, second)
    chosen: dict[str, str] = {}
    for name in parent:
        group = root(name)
        chosen[group] = min(chosen.get(group, owner[name]), owner[name])
    return {name: chosen[root(name)] for name in parent}


def _module_names(
    owner: Mapping[str, str], places: Mapping[str, str], definitions: list[_Definition]
) -> dict[str, str]:
    """Each definition's module: named after the class of its owner's schema (or, for
    an operation, the one whose place is shortest), snake_case; a name taken gets a
    number, the owners in sorted order."""
    classes_of: dict[str, list[str]] = {}
    for definition in definitions:
        classes_of.setdefault(owner[definition.name], []).append(definition.name)
    names: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(classes_of):
        first = min(classes_of[key], key=lambda name: (*_nearness(places.get(name), key), name))
        names[key] = numbered(snake_case(first), taken)
    return {name: names[key] for name, key in owner.items()}


def _nearness(place: str | None, owner: str) -> tuple[int, str]:
    """How well a class at ``place`` names its owner's module: the owner's own schema
    best, then the shortest place; a class without a place last."""
    if place is None:
        return (2, "")
    return (0, "") if place == owner else (1, f"{len(place):06}{place}")


def _module(
    name: str,
    members: list[_Definition],
    module_of: Mapping[str, str],
    head: list[ast.Import | ast.ImportFrom],
    owner: Mapping[str, str],
) -> ModelModule:
    defines = {member.name for member in members}
    used = set().union(*(member.used for member in members))
    siblings: dict[str, set[str]] = {}
    for member in members:
        for other in member.lazy - defines:
            siblings.setdefault(module_of[other], set()).add(other)
    return ModelModule(
        name=name,
        places=tuple(sorted({owner[member.name] for member in members})),
        imports="\n".join(_imports(head, used)),
        body="\n\n\n".join(member.text for member in members),
        siblings={module: tuple(sorted(found)) for module, found in sorted(siblings.items())},
        defines=tuple(member.name for member in members),
    )


def _imports(head: list[ast.Import | ast.ImportFrom], used: set[str]) -> Iterable[str]:
    """The lines of ``head`` (the models' imports) a module reading ``used`` needs, the
    package's own modules one level further up."""
    for node in head:
        if isinstance(node, ast.Import):
            kept = [a for a in node.names if (a.asname or a.name).partition(".")[0] in used]
            if kept:
                yield "import " + ", ".join(ast.unparse(alias) for alias in kept)
            continue
        future = node.module == "__future__"
        kept = [a for a in node.names if future or (a.asname or a.name) in used]
        if kept:
            dots = "." * (node.level + 1 if node.level else 0)
            names = ", ".join(ast.unparse(alias) for alias in kept)
            yield f"from {dots}{node.module or ''} import {names}"

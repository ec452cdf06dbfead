"""Stage 1: read a spec file (YAML or JSON) into plain data, keeping where each value stood.

YAML is read with a safe loader that keeps JSON's data model: timestamps stay strings,
mapping keys become strings, and a duplicated key is an error instead of a silent loss.
The composed node tree is kept so that any JSON pointer can be turned into a line and
column when (and only when) a message needs one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .errors import Location, SpecError

__all__ = ["Spec", "escape_pointer_token", "load_spec", "resolve_pointer"]

try:
    from yaml import CSafeLoader as _SafeLoader  # libyaml: several times faster
except ImportError:  # a PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _JsonLikeLoader(_SafeLoader):
    """A safe loader whose implicit types are JSON's: no timestamps."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - the attribute PyYAML reads
        first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
        for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass(frozen=True)
class Spec:
    """A loaded spec: its data, its source and the means to locate any pointer in it."""

    path: Path
    display_name: str
    text: str
    data: dict[str, Any]
    root: yaml.Node

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def locate(self, pointer: str) -> Location:
        """Where ``pointer`` is in the file (see ``_Locator``)."""
        return self._locator.locate(pointer)

    @cached_property
    def _locator(self) -> _Locator:
        return _Locator(self)


def load_spec(path: Path, *, display_name: str | None = None) -> Spec:
    """Read and parse ``path``; a syntax error becomes a located ``SpecError``."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError([(Location(name, 1, 1, ""), f"cannot read the spec: {exc}")]) from exc
    loader = _JsonLikeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise SpecError([(Location(name, 1, 1, ""), "the spec is empty")])
        data = _construct(loader, root, "", name, frozenset())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        raise SpecError([(Location(name, line, column, ""), f"syntax error: {problem}")]) from exc
    except yaml.YAMLError as exc:
        raise SpecError([(Location(name, 1, 1, ""), f"syntax error: {exc}")]) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise SpecError([(Location(name, 1, 1, ""), "the spec must be a mapping at the top level")])
    return Spec(path=path, display_name=name, text=text, data=data, root=root)


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value at ``pointer`` in ``document``, or None when nothing is there."""
    node = document
    for token in _pointer_tokens(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _pointer_tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("#").split("/")[1:]]


def _construct(
    loader: _JsonLikeLoader, node: yaml.Node, pointer: str, name: str, ancestors: frozenset[int]
) -> Any:
    if id(node) in ancestors:
        raise _located(name, node, pointer, "a YAML alias refers to its own ancestor")
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        ancestors |= {id(node)}
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = (
                loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            )
            if key is None or isinstance(key, bool) or not isinstance(key, (str, int, float)):
                raise _located(name, key_node, pointer, "mapping keys must be strings or numbers")
            key = str(key)
            child_pointer = f"{pointer}/{escape_pointer_token(key)}"
            if key in result:
                raise _located(name, key_node, child_pointer, f"duplicate key {key!r}")
            result[key] = _construct(loader, value_node, child_pointer, name, ancestors)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(loader, item, f"{pointer}/{index}", name, ancestors)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node)


def _located(name: str, node: yaml.Node, pointer: str, message: str) -> SpecError:
    mark = node.start_mark
    return SpecError([(Location(name, mark.line + 1, mark.column + 1, pointer), message)])


class _Locator:
    """JSON pointer -> line and column, with each mapping node's keys indexed once.

    A pointer to a mapping or sequence (an operation, a schema) is placed at its key, a
    pointer to a scalar at the value; a pointer that goes further than the document at
    the deepest node that exists.
    """

    def __init__(self, spec: Spec) -> None:
        self.root = spec.root
        self.name = spec.display_name
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def _children(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        children = self._keys.get(id(node))
        if children is None:
            children = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    children.setdefault(key.value, (key, value))
            self._keys[id(node)] = children
        return children

    def locate(self, pointer: str) -> Location:
        node: yaml.Node = self.root
        key: yaml.Node | None = None
        tokens = pointer.split("/")[1:] if pointer else []
        for raw in tokens:
            token = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, yaml.MappingNode):
                entry = self._children(node).get(token)
                if entry is None:
                    break
                key, node = entry
            elif (
                isinstance(node, yaml.SequenceNode)
                and token.isdigit()
                and int(token) < len(node.value)
            ):
                key, node = None, node.value[int(token)]
            else:
                break
        mark = node.start_mark
        if key is not None and (
            isinstance(node, yaml.MappingNode | yaml.SequenceNode)
            or (isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style)
        ):
            mark = key.start_mark
        return Location(self.name, mark.line + 1, mark.column + 1, pointer)

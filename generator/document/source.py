"""Read a spec file (YAML or JSON) into plain data, keeping where each value stood.

YAML is read with a safe loader that keeps JSON's data model: timestamps stay strings,
mapping keys become strings, and a duplicated key is an error instead of a silent loss.
The composed node tree is kept so that any JSON pointer can be turned into a line and
column when (and only when) a message needs one.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, GeneratorError, Location, SpecError
from . import pointer as jsonpointer

__all__ = [
    "ALIAS_FLOOR",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "SYNTAX_RULE",
    "ReadLimits",
    "Spec",
    "SpecReadError",
    "load_spec",
    "parse_spec",
    "read_spec_text",
]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""The largest spec read by default: 15 times Stripe's 4.2 MB."""
DEFAULT_MAX_DEPTH = 64
"""How deeply mappings and lists may nest; Stripe's spec nests 26 levels deep."""
ALIAS_FLOOR = 100_000
"""YAML aliases may always add this many values (more when the file itself is larger)."""
SYNTAX_RULE = "syntax"
"""The rule of every diagnostic the loader raises: the file can't be read as a spec."""


class SpecReadError(GeneratorError):
    """The spec file can't be read at all: missing, not a regular file, too large, not UTF-8."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"cannot read the spec {name}: {reason}")
        self.reason = reason


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


@dataclass(frozen=True)
class ReadLimits:
    """How much of a spec the loader accepts (see "Safety and limits" in the README).

    ``max_bytes``: the file's size; ``max_depth``: how deeply mappings and lists nest;
    YAML aliases may add at most ``ALIAS_FLOOR`` values, or as many as the file itself
    writes out when that is more (a "billion laughs" file is refused at once).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH


def read_spec_text(path: Path, *, display_name: str, limits: ReadLimits) -> str:
    """The text of ``path``: a regular file of at most ``limits.max_bytes``, in UTF-8.

    Raises ``SpecReadError`` for anything else (a missing file, a folder, a FIFO or
    device, a file too large, bytes that are not UTF-8) without blocking or reading
    more than the limit.
    """
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise SpecReadError(display_name, _reason(exc)) from exc
    kind = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(kind):
        os.close(descriptor)
        what = "a folder" if stat.S_ISDIR(kind) else "not a regular file"
        raise SpecReadError(display_name, f"it is {what}")
    with os.fdopen(descriptor, "rb") as stream:
        try:
            data = stream.read(limits.max_bytes + 1)
        except OSError as exc:
            raise SpecReadError(display_name, _reason(exc)) from exc
    if len(data) > limits.max_bytes:
        raise SpecReadError(
            display_name,
            f"it is larger than the limit of "
            f"{limits.max_bytes:,} bytes (max-spec-bytes in [tool.clientgen])",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecReadError(display_name, f"it is not UTF-8 ({exc})") from exc


def load_spec(
    path: Path, *, display_name: str | None = None, limits: ReadLimits | None = None
) -> Spec:
    """Read and parse ``path``: ``SpecReadError`` when it can't be read at all, a located
    ``SpecError`` when it doesn't parse."""
    name = display_name or str(path)
    text = read_spec_text(path, display_name=name, limits=limits or ReadLimits())
    return parse_spec(text, path=path, display_name=name, limits=limits or ReadLimits())


def parse_spec(text: str, *, path: Path, display_name: str, limits: ReadLimits) -> Spec:
    """Parse a spec's text; a syntax error or a refused construct is a located ``SpecError``."""
    name = display_name
    loader = _JsonLikeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise _syntax_error(Location(name, 1, 1, ""), "the spec is empty")
        data = _Constructor(loader, root, name, limits).value()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        raise _syntax_error(Location(name, line, column, ""), f"syntax error: {problem}") from exc
    except yaml.YAMLError as exc:
        raise _syntax_error(Location(name, 1, 1, ""), f"syntax error: {exc}") from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise _syntax_error(Location(name, 1, 1, ""), "the spec must be a mapping at the top level")
    return Spec(path=path, display_name=name, text=text, data=data, root=root)


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


class _Constructor:
    """Builds plain data from the composed node tree, within ``ReadLimits``.

    Every occurrence of an alias is built afresh (the data is a tree, as JSON's is), so
    the values aliases add are counted against the budget, and building stops at the
    first value past it.
    """

    def __init__(
        self, loader: _JsonLikeLoader, root: yaml.Node, name: str, limits: ReadLimits
    ) -> None:
        self.loader = loader
        self.root = root
        self.name = name
        self.max_depth = limits.max_depth
        self.seen: set[int] = set()
        self.alias_values = 0
        self.alias_budget: int | None = None  # set at the first alias met

    def value(self) -> Any:
        return self._build(self.root, "", frozenset())

    def _build(self, node: yaml.Node, pointer: str, ancestors: frozenset[int]) -> Any:
        if id(node) in ancestors:
            raise self._refuse(node, pointer, "a YAML alias refers to its own ancestor")
        if len(ancestors) >= self.max_depth:
            raise self._refuse(
                node, pointer, f"the spec nests deeper than the limit of {self.max_depth} levels"
            )
        self._count(node, pointer)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, pointer, ancestors | {id(node)})
        if isinstance(node, yaml.SequenceNode):
            inner = ancestors | {id(node)}
            return [
                self._build(item, f"{pointer}/{index}", inner)
                for index, item in enumerate(node.value)
            ]
        return self._scalar(node, pointer)

    def _mapping(
        self, node: yaml.MappingNode, pointer: str, ancestors: frozenset[int]
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        self.loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = (
                self.loader.construct_object(key_node)
                if isinstance(key_node, yaml.ScalarNode)
                else None
            )
            if key is None or isinstance(key, bool) or not isinstance(key, str | int | float):
                raise self._refuse(key_node, pointer, "mapping keys must be strings or numbers")
            key = str(key)
            child_pointer = f"{pointer}/{jsonpointer.escape(key)}"
            if key in result:
                raise self._refuse(key_node, child_pointer, f"duplicate key {key!r}")
            result[key] = self._build(value_node, child_pointer, ancestors)
        return result

    def _scalar(self, node: yaml.Node, pointer: str) -> Any:
        try:
            value = self.loader.construct_object(node)
        except ValueError as exc:  # an integer of more digits than Python converts
            raise self._refuse(
                node,
                pointer,
                f"a number of more than {sys.get_int_max_str_digits():,} digits can't be "
                "read; write it as a string",
            ) from exc
        if value is not None and not isinstance(value, str | int | float | bool):
            raise self._refuse(
                node,
                pointer,
                f"a value of YAML type {node.tag!r} is not JSON data; write it as a string",
            )
        return value

    def _count(self, node: yaml.Node, pointer: str) -> None:
        if id(node) not in self.seen:
            self.seen.add(id(node))
            return
        if self.alias_budget is None:
            self.alias_budget = max(ALIAS_FLOOR, _node_count(self.root))
        self.alias_values += 1
        if self.alias_values > self.alias_budget:
            raise self._refuse(
                node,
                pointer,
                f"YAML aliases expand to more than {self.alias_budget:,} values here; "
                "write the repeated parts out or use $ref",
            )

    def _refuse(self, node: yaml.Node, pointer: str, message: str) -> SpecError:
        mark = node.start_mark
        return _syntax_error(Location(self.name, mark.line + 1, mark.column + 1, pointer), message)


def _syntax_error(where: Location, message: str) -> SpecError:
    return SpecError([Diagnostic(SYNTAX_RULE, "error", message, where)])


def _node_count(root: yaml.Node) -> int:
    """How many distinct nodes the composed document holds (each alias counted once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return len(seen)


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
            token = jsonpointer.unescape(raw)
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

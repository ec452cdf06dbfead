"""Read a spec file (YAML or JSON) into plain data, keeping where each value stood.

YAML is read with a safe loader that keeps JSON's data model: timestamps stay strings,
mapping keys become strings, and a duplicated key is an error instead of a silent loss.
The composed node tree is kept so that any JSON pointer can be turned into a line and
column when (and only when) a message needs one.  A spec split across files is one
``Spec`` too (``bundle`` makes it): ``origins`` says which parts came from which of its
``files``, so a pointer into them is placed in the file it came from.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..diagnostics import Diagnostic, GeneratorError, Location, SpecError
from . import pointer as jsonpointer

__all__ = [
    "ALIAS_FLOOR",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_FILES",
    "SYNTAX_RULE",
    "AliasBudget",
    "Locator",
    "Parsed",
    "ReadLimits",
    "Spec",
    "SpecFile",
    "SpecReadError",
    "decode_text",
    "parse_text",
    "read_bytes",
    "read_spec_text",
    "spec_digest",
    "syntax_error",
]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""The largest spec read by default: 15 times Stripe's 4.2 MB."""
DEFAULT_MAX_DEPTH = 64
"""How deeply mappings and lists may nest; Stripe's spec nests 26 levels deep."""
DEFAULT_MAX_FILES = 1_000
"""How many files a spec split across files may have, its own included."""
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
class SpecFile:
    """One more file of a spec split across files: its name as messages show it, its path
    inside the spec's folder (``schemas/pet.yaml``), its text and its node tree."""

    name: str
    key: str
    text: str
    root: yaml.Node


@dataclass(frozen=True)
class Spec:
    """A loaded spec: its data, its source and the means to locate any pointer in it.

    ``files``: the other files a split spec's ``$ref``\\ s read, by ``key``; ``origins``:
    where the parts bundled from them are (a pointer into the data) -> the index of the
    file and the pointer in it; ``unresolved``: the pointer of each ``$ref`` (or
    discriminator mapping) that names another file and could not be followed -> why.
    """

    path: Path
    display_name: str
    text: str
    data: dict[str, Any]
    root: yaml.Node
    files: tuple[SpecFile, ...] = ()
    origins: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    unresolved: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def sha256(self) -> str:
        """The sha256 of the spec's text, or of every file it read when it has several."""
        return spec_digest(self.text, ((file.key, file.text) for file in self.files))

    @property
    def file_keys(self) -> tuple[str, ...]:
        """The other files read, as paths inside the spec's folder."""
        return tuple(file.key for file in self.files)

    def locate(self, pointer: str) -> Location:
        """Where ``pointer`` is, in the file its value came from (see ``Locator``); the
        location keeps ``pointer``, the place in the (bundled) document."""
        if self.origins:
            parts = pointer.split("/")
            for length in range(len(parts), 1, -1):
                origin = self.origins.get("/".join(parts[:length]))
                if origin is not None:
                    index, inner = origin
                    rest = pointer[len("/".join(parts[:length])) :]
                    found = self._locators[index + 1].locate(inner + rest)
                    return Location(found.file, found.line, found.column, pointer)
        return self._locators[0].locate(pointer)

    @cached_property
    def _locators(self) -> list[Locator]:
        sources = [(self.root, self.display_name)]
        sources += [(file.root, file.name) for file in self.files]
        return [Locator(root, name) for root, name in sources]


def spec_digest(text: str, files: Iterable[tuple[str, str]] = ()) -> str:
    """The sha256 of a spec: of its text alone, or, when it read other ``files`` (path
    inside its folder, text), of the text and every file by its path, in path order."""
    others = sorted(files)
    if not others:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    digest = hashlib.sha256(b"clientgen split spec\0")
    digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    for key, other in others:
        digest.update(f"{key}\0".encode())
        digest.update(hashlib.sha256(other.encode("utf-8")).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class ReadLimits:
    """How much of a spec the loader accepts (see "Safety and limits" in the README).

    ``max_bytes``: the file's size (a split spec's files together); ``max_depth``: how
    deeply mappings and lists nest (in the bundled document too); ``max_files``: how many
    files a split spec may have.  YAML aliases may add at most ``ALIAS_FLOOR`` values, or
    as many as the files themselves write out when that is more (a "billion laughs" file
    is refused at once).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_files: int = DEFAULT_MAX_FILES


@dataclass
class AliasBudget:
    """The values YAML aliases added so far, shared by every file of one spec."""

    used: int = 0
    written: int = 0  # the values written out in the files that use aliases

    @property
    def limit(self) -> int:
        return max(ALIAS_FLOOR, self.written)


class Parsed(NamedTuple):
    """One file read as plain data: the data, its node tree, how many values it holds."""

    data: Any
    root: yaml.Node
    values: int


def read_spec_text(path: Path, *, display_name: str, limits: ReadLimits) -> str:
    """The text of ``path``: a regular file of at most ``limits.max_bytes``, in UTF-8.

    Raises ``SpecReadError`` for anything else (a missing file, a folder, a FIFO or
    device, a file too large, bytes that are not UTF-8) without blocking or reading
    more than the limit.
    """
    data = read_bytes(path, name=display_name, limit=limits.max_bytes)
    if len(data) > limits.max_bytes:
        raise SpecReadError(
            display_name,
            f"it is larger than the limit of "
            f"{limits.max_bytes:,} bytes (max-spec-bytes in [tool.clientgen])",
        )
    return decode_text(data, display_name)


def read_bytes(path: Path, *, name: str, limit: int, follow: bool = True) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (more than ``limit`` says
    it is too large); ``follow=False`` refuses a symlink as the last part of the path.
    Raises ``SpecReadError`` for a file that can't be opened or is not a regular file,
    without blocking on a FIFO."""
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise SpecReadError(name, _reason(exc)) from exc
    kind = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(kind):
        os.close(descriptor)
        what = "a folder" if stat.S_ISDIR(kind) else "not a regular file"
        raise SpecReadError(name, f"it is {what}")
    with os.fdopen(descriptor, "rb") as stream:
        try:
            return stream.read(limit + 1)
        except OSError as exc:
            raise SpecReadError(name, _reason(exc)) from exc


def decode_text(data: bytes, name: str) -> str:
    """``data`` as UTF-8 text; ``SpecReadError`` when it is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecReadError(name, f"it is not UTF-8 ({exc})") from exc


def parse_text(
    text: str, *, name: str, limits: ReadLimits, aliases: AliasBudget | None = None
) -> Parsed:
    """Parse one file's text (shown as ``name``) into plain data; a syntax error or a
    refused construct is a located ``SpecError``.  ``aliases``: the budget the files of
    one spec share."""
    loader = _JsonLikeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise syntax_error(Location(name, 1, 1, ""), "the file is empty")
        constructor = _Constructor(loader, root, name, limits, aliases or AliasBudget())
        data = constructor.value()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        raise syntax_error(Location(name, line, column, ""), f"syntax error: {problem}") from exc
    except yaml.YAMLError as exc:
        raise syntax_error(Location(name, 1, 1, ""), f"syntax error: {exc}") from exc
    finally:
        loader.dispose()
    return Parsed(data, root, constructor.built)


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


class _Constructor:
    """Builds plain data from the composed node tree, within ``ReadLimits``.

    Every occurrence of an alias is built afresh (the data is a tree, as JSON's is), so
    the values aliases add are counted against the budget, and building stops at the
    first value past it.
    """

    def __init__(
        self,
        loader: _JsonLikeLoader,
        root: yaml.Node,
        name: str,
        limits: ReadLimits,
        aliases: AliasBudget,
    ) -> None:
        self.loader = loader
        self.root = root
        self.name = name
        self.max_depth = limits.max_depth
        self.seen: set[int] = set()
        self.aliases = aliases
        self.counted = False  # whether this file's values count in the alias budget
        self.built = 0

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
        self.built += 1
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
        if not self.counted:
            self.counted = True
            self.aliases.written += _node_count(self.root)
        self.aliases.used += 1
        if self.aliases.used > self.aliases.limit:
            raise self._refuse(
                node,
                pointer,
                f"YAML aliases expand to more than {self.aliases.limit:,} values here; "
                "write the repeated parts out or use $ref",
            )

    def _refuse(self, node: yaml.Node, pointer: str, message: str) -> SpecError:
        mark = node.start_mark
        return syntax_error(Location(self.name, mark.line + 1, mark.column + 1, pointer), message)


def syntax_error(where: Location, message: str) -> SpecError:
    """The loader's error: ``message`` at ``where``, under the ``syntax`` rule."""
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


class Locator:
    """JSON pointer -> line and column, with each mapping node's keys indexed once.

    A pointer to a mapping or sequence (an operation, a schema) is placed at its key, a
    pointer to a scalar at the value; a pointer that goes further than the document at
    the deepest node that exists.
    """

    def __init__(self, root: yaml.Node, name: str) -> None:
        self.root = root
        self.name = name
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

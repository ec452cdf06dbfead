"""A spec split across files, made one document: every file a reference names is read
(``files``) and what it names is copied in, so that every later stage sees local
references only.

- What a reference names is copied into the main document's ``components``, in the
  section of the kind of object the reference stands for (``places``), under a name made
  from the file and the pointer: the pointer's last token (``Error`` for
  ``common.yaml#/components/schemas/Error``), or the file's stem for a whole file
  (``pet`` for ``schemas/pet.yaml``).  A name that several targets, or a component of the
  main document, would share (case aside) is made longer for every one of them: the
  file's stem then the pointer's last token (or the folder then the stem), then the
  whole path and pointer joined by ``_``, then that numbered, in path order.  Bundled
  components follow the main document's own, in name order.
- A path item (OpenAPI 3.0's components can't hold one) is copied in place of the first
  reference to it, in document order; the fields written beside that ``$ref`` win.  Later
  references to it point there.
- References inside copied parts are followed from the file they came from, each target
  copied once, so chains and cycles across files end in local references.
- A reference that can't be followed (a URL, a path out of the folder, a missing file, a
  pointer to nothing) is left pointing nowhere and why is recorded (``Spec.unresolved``):
  lint reports it as ``unresolved-ref`` where it is written.  A file past a limit, or
  one that doesn't parse, stops the load (``SpecError``).
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, deque
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..diagnostics import Location, SpecError
from . import pointer as jsonpointer
from .files import FileSource, Refused, SpecFolder, split_ref
from .places import COMPONENT_KINDS, DOCUMENT, PATH_ITEM, Place, places
from .refs import Resolver
from .source import (
    ALIAS_FLOOR,
    AliasBudget,
    Locator,
    Parsed,
    ReadLimits,
    Spec,
    SpecFile,
    syntax_error,
)

__all__ = ["bundle"]

_UNRESOLVED = "x-clientgen-unresolved"
_NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_FILE_NAMES = (".yaml", ".yml", ".json")
_COMPONENT_DEPTH = 3  # /components/<kind>/<name>


@dataclass(frozen=True, order=True)
class _Target:
    """What a reference names: a value in another file, and the section it goes to."""

    key: str
    pointer: str
    kind: str


@dataclass(eq=False)
class _Ref:
    """A reference the walk met, and what it was found to name."""

    place: Place
    container: _Target | None  # the copied part it is in; None for the main document
    text: str
    target: _Target | None = None
    local: str | None = None  # a pointer into the main document
    reason: str | None = None


def bundle(
    path: Path,
    *,
    name: str,
    text: str,
    parsed: Parsed,
    limits: ReadLimits,
    aliases: AliasBudget,
    files: FileSource | None = None,
) -> Spec:
    """The spec at ``path`` (shown as ``name``; its ``text`` parsed into a mapping) with
    every file its references name bundled in, read from ``files`` (the working tree
    unless told); ``aliases``: the budget its files share."""
    return _Bundler(path, name, text, parsed, limits, aliases, files).run()


class _Bundler:
    def __init__(
        self,
        path: Path,
        name: str,
        text: str,
        parsed: Parsed,
        limits: ReadLimits,
        aliases: AliasBudget,
        files: FileSource | None,
    ) -> None:
        self.source = files
        self.main = Spec(
            path=path, display_name=name, text=text, data=parsed.data, root=parsed.root
        )
        self.data: dict[str, Any] = parsed.data
        self.limits = limits
        self.aliases = aliases
        self.written = parsed.values
        self.copied = 0
        self.files: dict[str, tuple[str, Parsed]] = {}
        self.failed: dict[str, Refused] = {}
        self.refs: list[_Ref] = []
        self.parts: dict[_Target, Any] = {}  # component targets: their copies
        self.sites: dict[_Target, _Ref] = {}  # path item targets: the reference replaced
        self.kept: dict[_Target, list[str]] = {}  # path item targets: the keys copied in
        self.depths: dict[_Target, int] = {}
        self.bases: dict[_Target, str] = {}  # component targets: where they are bundled
        self.queue: deque[_Target] = deque()

    @cached_property
    def folder(self) -> SpecFolder:
        """The spec's folder, opened at the first reference to another file."""
        return SpecFolder(
            self.main.path,
            main_name=self.main.display_name,
            main_size=len(self.main.text.encode()),
            limits=self.limits,
            aliases=self.aliases,
            files=self.source,
        )

    def run(self) -> Spec:
        self.walk(self.data, DOCUMENT, None)
        if not self.refs:
            return self.main
        while self.queue:
            target = self.queue.popleft()
            value = jsonpointer.resolve(self.files[target.key][1].data, target.pointer)
            if target.kind == PATH_ITEM:
                self.inline(target, value)
            else:
                self.parts[target] = self.copy(value, target, _COMPONENT_DEPTH)
                self.walk(self.parts[target], target.kind, target)
        return self.finish()

    # ------------------------------------------------------------ following

    def walk(self, value: Any, kind: str, container: _Target | None) -> None:
        for place in places(value, kind):
            self.meet(place, container)

    def meet(self, place: Place, container: _Target | None) -> None:
        text = place.holder[place.key]
        if container is None and text.startswith("#"):
            return  # a reference within the main document
        if place.key != "$ref" and not text.startswith("#") and not _file_like(text):
            return  # a discriminator mapping that names a schema
        ref = _Ref(place, container, text)
        self.refs.append(ref)
        try:
            self.follow(ref)
        except Refused as exc:
            ref.reason = exc.reason

    def follow(self, ref: _Ref) -> None:
        path, fragment = split_ref(ref.text)
        here = ref.container.key if ref.container is not None else self.folder.main_key
        key = self.folder.key_of(path, relative_to=here) if path else here
        if self.folder.is_main(key):
            found = Resolver(self.data).target(f"#{fragment}")
            if found is None:
                raise Refused(f"it points to nothing in {self.main.display_name}")
            ref.local = found[1]
            return
        found = Resolver(self.load(key, ref).data).target(f"#{fragment}")
        if found is None:
            raise Refused(f"it points to nothing in {self.folder.shown(key)}")
        target = _Target(key, found[1], ref.place.kind)
        if target.kind == PATH_ITEM:
            if not isinstance(found[0], dict):
                raise Refused(f"what it names in {self.folder.shown(key)} is not a path item")
            if target not in self.sites:
                self.sites[target] = ref
                self.queue.append(target)
        elif target not in self.parts:
            self.parts[target] = None
            self.queue.append(target)
        ref.target = target

    def load(self, key: str, ref: _Ref) -> Parsed:
        if key in self.failed:
            raise self.failed[key]
        if key not in self.files:
            try:
                self.files[key] = self.folder.load(key, at=self.source_of(ref))
            except Refused as exc:
                self.failed[key] = exc
                raise
            self.written += self.files[key][1].values
        return self.files[key][1]

    def source_of(self, ref: _Ref) -> Location:
        """Where the reference is written: in its own file, by the pointer there."""
        if ref.container is None:
            return self.main.locate(ref.place.at)
        return self.locator(ref.container.key).locate(ref.container.pointer + ref.place.at)

    def locator(self, key: str) -> Locator:
        return Locator(self.files[key][1].root, self.folder.shown(key))

    # -------------------------------------------------------------- copying

    def inline(self, target: _Target, value: dict[str, Any]) -> None:
        """The path item ``target`` copied in place of its first reference."""
        site = self.sites[target]
        depth = self.depth_of(site.container) + len(jsonpointer.tokens(site.place.pointer))
        self.depths[target] = depth
        part = self.copy(value, target, depth)
        holder = site.place.holder
        siblings = {key: value for key, value in holder.items() if key != "$ref"}
        self.kept[target] = [key for key in part if key not in siblings]
        holder.clear()
        holder.update(part)
        holder.update(siblings)
        for place in places(holder, PATH_ITEM):
            first = jsonpointer.tokens(place.pointer)[:1]
            if not first or first[0] in self.kept[target]:
                self.meet(place, target)

    def depth_of(self, container: _Target | None) -> int:
        if container is None:
            return 0
        return self.depths.get(container, _COMPONENT_DEPTH)

    def copy(self, value: Any, target: _Target, depth: int) -> Any:
        """A copy of ``value`` to be bundled ``depth`` levels deep, within the limits."""
        room = self.limits.max_depth - depth
        budget = max(ALIAS_FLOOR, self.written)
        trail: list[str] = []

        def copied(node: Any) -> Any:
            self.copied += 1
            if self.copied > budget:
                raise self.past(
                    target,
                    trail,
                    f"the references to other files copy more than {budget:,} values; "
                    "refer to whole definitions rather than to parts of them",
                )
            if len(trail) >= room:
                raise self.past(
                    target,
                    trail,
                    "bundled into the spec, this nests deeper than the limit of "
                    f"{self.limits.max_depth} levels",
                )
            if isinstance(node, dict):
                mapping: dict[str, Any] = {}
                for key, item in node.items():
                    trail.append(key)
                    mapping[key] = copied(item)
                    trail.pop()
                return mapping
            if isinstance(node, list):
                items: list[Any] = []
                for index, item in enumerate(node):
                    trail.append(str(index))
                    items.append(copied(item))
                    trail.pop()
                return items
            return node

        return copied(value)

    def past(self, target: _Target, trail: list[str], message: str) -> SpecError:
        where = self.locator(target.key).locate(jsonpointer.join(target.pointer, *trail))
        return syntax_error(where, message)

    # ------------------------------------------------------------ finishing

    def finish(self) -> Spec:
        unusable = self.name_parts()
        inert = _inert(self.data)
        unresolved: dict[str, str] = {}
        for ref in self.refs:
            holder, key = ref.place.holder, ref.place.key
            if ref.target is not None and ref.target.kind in unusable:
                ref.reason = unusable[ref.target.kind]
            if ref.reason is not None:
                holder[key] = inert
                what = "reference" if key == "$ref" else "discriminator mapping"
                at = self.pointer_of(ref.container) + ref.place.at
                unresolved[at] = f"{what} {ref.text!r}: {ref.reason}"
            elif ref.local is not None:
                holder[key] = f"#{ref.local}"
            elif ref.target is not None and self.sites.get(ref.target) is not ref:
                holder[key] = f"#{self.pointer_of_target(ref.target)}"
        keys = sorted(self.files)
        files = tuple(
            SpecFile(self.folder.shown(key), key, self.files[key][0], self.files[key][1].root)
            for key in keys
        )
        return Spec(
            path=self.main.path,
            display_name=self.main.display_name,
            text=self.main.text,
            data=self.data,
            root=self.main.root,
            files=files,
            origins=self.origins({key: index for index, key in enumerate(keys)}),
            unresolved=unresolved,
        )

    def name_parts(self) -> dict[str, str]:
        """Name and add every copied part to its section; the sections that can't take
        them (the spec's own is not a mapping), with why."""
        unusable: dict[str, str] = {}
        components = self.data.get("components", {}) if self.parts else {}
        if not isinstance(components, dict):
            unusable = dict.fromkeys(COMPONENT_KINDS, "the spec's components is not a mapping")
            return unusable
        for kind in COMPONENT_KINDS:
            targets = [target for target in self.parts if target.kind == kind]
            section = components.get(kind, {}) if targets else None
            if section is None:
                continue
            if not isinstance(section, dict):
                unusable[kind] = f"the spec's components/{kind} is not a mapping"
                continue
            names = _names(targets, {str(name).casefold() for name in section})
            for target, name in sorted(names.items(), key=lambda item: item[1]):
                section[name] = self.parts[target]
                self.bases[target] = jsonpointer.join("/components", kind, name)
            components[kind] = section
            self.data["components"] = components
        return unusable

    def pointer_of(self, container: _Target | None) -> str:
        """Where the part ``container`` (None: the main document) is in the bundle."""
        return "" if container is None else self.pointer_of_target(container)

    def pointer_of_target(self, target: _Target) -> str:
        if target.kind != PATH_ITEM:
            return self.bases[target]
        site = self.sites[target]
        return self.pointer_of(site.container) + site.place.pointer

    def origins(self, indexes: dict[str, int]) -> dict[str, tuple[int, str]]:
        found = {base: (indexes[target.key], target.pointer) for target, base in self.bases.items()}
        for target, keys in self.kept.items():
            base = self.pointer_of_target(target)
            for key in keys:
                found[jsonpointer.join(base, key)] = (
                    indexes[target.key],
                    jsonpointer.join(target.pointer, key),
                )
        return found


def _file_like(text: str) -> bool:
    """Whether a discriminator mapping's value names a file rather than a schema."""
    return "#" in text or "/" in text or text.endswith(_FILE_NAMES)


def _inert(data: dict[str, Any]) -> str:
    """A local reference to nothing in ``data``: what an unresolved reference becomes, so
    that no later stage follows it anywhere."""
    token = _UNRESOLVED
    while token in data:
        token += "-"
    return f"#/{token}"


def _candidates(target: _Target) -> tuple[str, str, str]:
    """The names ``target`` may have, shortest first."""
    parts = posixpath.splitext(target.key)[0].split("/")
    tokens = jsonpointer.tokens(target.pointer)
    if tokens:
        short, longer = tokens[-1], f"{parts[-1]}_{tokens[-1]}"
    else:
        short, longer = parts[-1], "_".join(parts[-2:])
    return _clean(short), _clean(longer), _clean("_".join(parts + tokens))


def _clean(name: str) -> str:
    """``name`` as a component key may spell it (``^[a-zA-Z0-9.\\-_]+$``)."""
    return _NAME_CHARS.sub("_", name) or "_"


def _names(targets: list[_Target], taken: set[str]) -> dict[_Target, str]:
    """Each target's name in one section, none of them in ``taken`` (casefolded)."""
    names: dict[_Target, str] = {}
    pending = sorted(targets)
    for level in range(3):
        wanted = {target: _candidates(target)[level] for target in pending}
        counts = Counter(name.casefold() for name in wanted.values())
        rest = []
        for target in pending:
            name = wanted[target]
            if counts[name.casefold()] == 1 and name.casefold() not in taken:
                names[target] = name
            else:
                rest.append(target)
        taken |= {names[target].casefold() for target in pending if target in names}
        pending = rest
    for target in pending:
        base, number = _candidates(target)[2], 2
        while f"{base}_{number}".casefold() in taken:
            number += 1
        names[target] = f"{base}_{number}"
        taken.add(names[target].casefold())
    return names

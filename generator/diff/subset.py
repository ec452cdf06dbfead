"""Which schemas a diff makes models of: what can differ between the two versions.

Making the models is most of a side's cost (Stripe's: about 30 s of datamodel-code-
generator), and most schemas are the same in both versions.  A schema the same in both,
that refers to nothing that differs, is emitted the same in both: no change can be in its
model, so neither side makes it.  The models are made, on both sides alike, of

- the schemas that differ (or that one version lacks), and those that the operations,
  parameters, responses ... that differ refer to (their types are named in the report);
- every schema that refers to one of those, through any chain of ``$ref`` (its fields'
  types may be spelled after what they refer to);
- and whatever all of these refer to, so that the library resolves every ``$ref``.

The schemas are compared as the models are made of them (``ModelsInput.data``: inline
schemas already moved under ``components``), the references followed in either version.
When that is most of the spec, nothing is saved and every model is made, as ``generate``
makes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..build import ModelsInput
from ..document.openapi import component_schemas, in_component_schema
from ..document.refs import ref_of, target_pointer

__all__ = ["modelled_schemas"]

# Beyond this share of the schemas, the models are made whole: the library's time grows
# faster than the number of schemas, but not so much that a near-whole set pays.
_WORTH_IT = 0.7

Graph = dict[str, set[str]]


def modelled_schemas(old: ModelsInput, new: ModelsInput) -> frozenset[str] | None:
    """The keys (under ``components/schemas``) of the schemas both sides make models
    of, or None for all of them."""
    before, after = component_schemas(old.data), component_schemas(new.data)
    keys = before.keys() | after.keys()
    seeds = {key for key in keys if before.get(key) != after.get(key)}
    old_parts, new_parts = _parts(old.data), _parts(new.data)
    for part in old_parts.keys() | new_parts.keys():
        was, now = old_parts.get(part), new_parts.get(part)
        if was != now:
            seeds |= _referred([was, now])
    refers = _graph(before, after)
    referred_by: Graph = {}
    for key, targets in refers.items():
        for target in targets:
            referred_by.setdefault(target, set()).add(key)
    needed = _reached(_reached(seeds, referred_by), refers) & keys
    return None if len(needed) > _WORTH_IT * len(keys) else frozenset(needed)


def _parts(data: dict[str, Any]) -> dict[tuple[str, ...], Any]:
    """Everything but the schemas, in parts as small as an edit is likely to be: each
    path, webhook and component by its name, each other top-level key whole."""
    found: dict[tuple[str, ...], Any] = {}
    for key, value in data.items():
        if key == "components" and isinstance(value, dict):
            for kind, group in value.items():
                if kind != "schemas" and isinstance(group, dict):
                    found.update({(key, kind, str(name)): item for name, item in group.items()})
                elif kind != "schemas":
                    found[(key, kind)] = group
        elif key in ("paths", "webhooks") and isinstance(value, dict):
            found.update({(key, str(name)): item for name, item in value.items()})
        else:
            found[(key,)] = value
    return found


def _graph(*versions: dict[str, Any]) -> Graph:
    """Each schema's key to the keys of the schemas it refers to, in any version."""
    graph: Graph = {}
    for schemas in versions:
        for key, schema in schemas.items():
            graph.setdefault(key, set()).update(_referred([schema]))
    return graph


def _referred(nodes: Iterable[Any]) -> set[str]:
    """The keys of the component schemas a ``$ref`` below ``nodes`` names."""
    return {target for node in nodes for target in _refs(node)}


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = ref_of(item)
            # as the resolver reads it: the pointer as written, else unescaped of %
            for pointer in {ref[1:], target_pointer(ref)} if ref and ref[0] == "#" else ():
                found = in_component_schema(pointer or "")
                if found is not None:
                    yield found[0]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _reached(start: set[str], graph: Graph) -> set[str]:
    seen, stack = set(start), list(start)
    while stack:
        for target in graph.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen

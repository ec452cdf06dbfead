"""The two cycle rules: ``ref-cycle`` and ``unsatisfiable-recursion``.

- ``ref_cycles``: a chain of ``$ref``\\ s that comes back on itself before it reaches an
  object without ``$ref`` (A -> B -> A, for any kind of object) defines nothing, and
  every tool that follows it loops.  Each such cycle is one finding.
- ``Recursion``: which schemas admit a finite instance, as a least fixpoint over the
  component schemas.  A schema whose every value must hold another value of itself
  (A requires b: B, B requires a: A) admits none; one finding names each such cycle.
  The analysis reads only what forces a value to contain another (``$ref``, ``allOf``,
  ``anyOf``/``oneOf``, required properties, ``minItems``, ``contains``) and takes every
  other keyword as satisfiable, so it reports nothing but recursion without a way out.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import unquote

from .document.pointer import escape as escape_pointer_token
from .document.pointer import resolve as resolve_pointer
from .lint_registry import Hit

__all__ = ["Recursion", "ref_cycles"]

_SCHEMAS = "/components/schemas/"


def _target_pointer(ref: str) -> str:
    """The JSON pointer a local ``$ref`` names (the walker's spelling of it)."""
    return unquote(ref[1:]) if "%" in ref else ref[1:]


def ref_cycles(
    document: Any, refs: Sequence[tuple[str, str]], resolve: Callable[[str], Any]
) -> tuple[list[Hit], set[int]]:
    """One ``ref-cycle`` hit per cycle among the chains that start at ``refs``
    ((pointer of the object holding ``$ref``, its value), in walk order), and the ids of
    every ``$ref`` object in or leading into a cycle."""
    order = {pointer: index for index, (pointer, _) in enumerate(refs)}
    loops: set[int] = set()
    ends: set[int] = set()
    hits: list[Hit] = []
    for pointer, _ in refs:
        holder = resolve_pointer(document, pointer)
        chain: list[tuple[int, str]] = []  # (id of a $ref object, its pointer)
        position: dict[int, int] = {}
        node, where = holder, pointer
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            key = id(node)
            if key in ends or key in loops:
                break
            if key in position:
                cycle = chain[position[key] :]
                hits.append(_ref_cycle_hit(cycle, order))
                loops.update(k for k, _ in cycle)
                break
            position[key] = len(chain)
            chain.append((key, where))
            ref = node["$ref"]
            if not ref.startswith("#"):
                break
            node, where = resolve(ref), _target_pointer(ref)
        leads_into_a_loop = isinstance(node, dict) and id(node) in loops
        (loops if leads_into_a_loop else ends).update(k for k, _ in chain)
    return hits, loops


def _ref_cycle_hit(cycle: list[tuple[int, str]], order: dict[str, int]) -> Hit:
    # Reported at the member the walk met first, and named from there.
    start = min(range(len(cycle)), key=lambda i: order.get(cycle[i][1], len(order)))
    members = [where for _, where in cycle[start:] + cycle[:start]]
    if len(members) == 1:
        how = f"#{members[0]} refers to itself"
    else:
        how = " -> ".join(f"#{where}" for where in [*members, members[0]])
    return Hit(
        "ref-cycle",
        f"{members[0]}/$ref",
        f"$ref cycle: {how}; it never reaches a definition, and whatever follows it loops",
    )


class Recursion:
    """Which schemas admit a finite instance: the least fixpoint, and its cycles.

    A schema's variables are the ``$ref`` targets it reaches; a schema is marked finite
    once its constraints can be met with the schemas already marked, and a schema whose
    mark comes in lets each schema that waited on it try again (a worklist, so each is
    rechecked only when something it needs has changed).  What is never marked admits no
    finite value; those of them on a cycle of what they waited on are reported, once per
    strongly connected group.
    """

    def __init__(
        self,
        dialect: str,
        resolve: Callable[[str], Any],
        looping: set[int],
    ) -> None:
        self.v30 = dialect == "3.0"
        self.resolve = resolve
        self.looping = looping  # $ref objects of a ref-cycle: reported by that rule
        self.nodes: dict[int, Any] = {}  # var id -> schema, in the order they were met
        self.pointers: dict[int, str] = {}
        self.finite: set[int] = set()
        self.needs: dict[int, list[tuple[int, str]]] = {}  # var -> (var, path) it waits on
        self._queue: deque[int] = deque()
        self._blockers: list[tuple[int, str]] = []

    # ------------------------------------------------------------------ fixpoint

    def hits(self, roots: Iterable[tuple[str, Any]]) -> list[Hit]:
        """``unsatisfiable-recursion`` hits for the schemas reachable from ``roots``
        ((pointer, schema), e.g. the component schemas)."""
        for pointer, schema in roots:
            if isinstance(schema, dict):
                self._var(schema, pointer)
        waiting: dict[int, set[int]] = {}
        while self._queue:
            key = self._queue.popleft()
            if key in self.finite:
                continue
            self._blockers = []
            if self._admits(self.nodes[key], ""):
                self.finite.add(key)
                self._queue.extend(waiting.pop(key, ()))
            else:
                self.needs[key] = self._blockers
                for needed, _ in self._blockers:
                    waiting.setdefault(needed, set()).add(key)
        return [self._hit(group) for group in self._cycles()]

    def _var(self, schema: dict[str, Any], pointer: str) -> int:
        key = id(schema)
        if key not in self.nodes:
            self.nodes[key] = schema
            self.pointers[key] = pointer
            self._queue.append(key)
        return key

    # ------------------------------------------------ one schema, with the marks so far

    def _admits(self, schema: Any, path: str) -> bool:
        """Whether ``schema`` can have a finite value, given the vars marked finite.
        Waiting on an unmarked var is recorded in ``_blockers`` with its path."""
        if not isinstance(schema, dict) or "enum" in schema or "const" in schema:
            return True  # a literal is finite; a boolean schema is no recursion
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if not self._ref_admits(schema, ref, path):
                return False
            if self.v30:
                return True  # nothing beside $ref counts in 3.0
        if self.v30 and schema.get("nullable") is True:
            return True  # null will do: what tools make of it, with or without a type
        members = schema.get("allOf")
        if isinstance(members, list):
            for index, member in enumerate(members):
                if not self._admits(member, f"{path}/allOf/{index}"):
                    return False
        for keyword in ("anyOf", "oneOf"):
            members = schema.get(keyword)
            if (
                isinstance(members, list)
                and members
                and not any(
                    self._admits(member, f"{path}/{keyword}/{index}")
                    for index, member in enumerate(members)
                )
            ):
                return False
        return self._type_admits(schema, path)

    def _ref_admits(self, schema: dict[str, Any], ref: str, path: str) -> bool:
        if id(schema) in self.looping or not ref.startswith("#"):
            return True
        target = self.resolve(ref)
        if not isinstance(target, dict):
            return True  # broken (unresolved-ref) or a boolean schema
        key = self._var(target, _target_pointer(ref))
        if key in self.finite:
            return True
        self._blockers.append((key, path))
        return False

    def _type_admits(self, schema: dict[str, Any], path: str) -> bool:
        kind = schema.get("type")
        if isinstance(kind, str):
            types = {kind}
        elif isinstance(kind, list) and kind and all(isinstance(t, str) for t in kind):
            types = set(kind)
        elif "properties" in schema:
            types = {"object"}  # what the generator makes of it: a model
        else:
            return True
        if types - {"object", "array"}:
            return True  # a null, string, number or boolean value will do
        return ("object" in types and self._object_admits(schema, path)) or (
            "array" in types and self._array_admits(schema, path)
        )

    def _object_admits(self, schema: dict[str, Any], path: str) -> bool:
        required = schema.get("required")
        if not isinstance(required, list):
            return True
        properties = schema.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        patterns = schema.get("patternProperties")
        extra = schema.get("additionalProperties")
        for name in dict.fromkeys(r for r in required if isinstance(r, str)):
            applying: list[tuple[Any, str]] | None
            if name in properties:
                applying = [(properties[name], f"/properties/{escape_pointer_token(name)}")]
            else:
                applying = self._pattern_schemas(patterns, name)
                if applying is None:
                    continue  # a pattern Python can't read: take it as a way out
                if not applying and isinstance(extra, dict):
                    applying = [(extra, "/additionalProperties")]
            for sub, where in applying:
                if not self._admits(sub, f"{path}{where}"):
                    return False
        return True

    def _pattern_schemas(self, patterns: Any, name: str) -> list[tuple[Any, str]] | None:
        """The patternProperties schemas that apply to property ``name``, with their
        paths; None when a pattern doesn't compile."""
        if not isinstance(patterns, dict):
            return []
        applying = []
        for pattern, sub in patterns.items():
            try:
                matches = re.search(str(pattern), name) is not None
            except re.error:
                return None
            if matches:
                applying.append((sub, f"/patternProperties/{escape_pointer_token(pattern)}"))
        return applying

    def _array_admits(self, schema: dict[str, Any], path: str) -> bool:
        # contains needs one item matching it, unless minContains is 0 (3.1 only).
        if (
            not self.v30
            and "contains" in schema
            and schema.get("minContains") != 0
            and not self._admits(schema["contains"], f"{path}/contains")
        ):
            return False
        least = schema.get("minItems")
        if not isinstance(least, int) or isinstance(least, bool) or least <= 0:
            return True
        # Which schema each of the first ``least`` items must satisfy.
        items = schema.get("items")
        if self.v30 and isinstance(items, list):
            prefix, prefix_key = items, "items"
            rest, rest_key = schema.get("additionalItems"), "additionalItems"
        else:
            prefix_items = None if self.v30 else schema.get("prefixItems")
            prefix = prefix_items if isinstance(prefix_items, list) else []
            prefix_key, rest, rest_key = "prefixItems", items, "items"
        for index, item in enumerate(prefix[:least]):
            if not self._admits(item, f"{path}/{prefix_key}/{index}"):
                return False
        if least > len(prefix) and isinstance(rest, dict):
            return self._admits(rest, f"{path}/{rest_key}")
        return True

    # ------------------------------------------------------------------ cycles

    def _cycles(self) -> list[list[int]]:
        """The strongly connected groups of unmarked vars (by what each waits on) that
        hold a cycle, each in the order the vars were met (Tarjan, without recursion)."""
        unmarked = [key for key in self.nodes if key not in self.finite]
        index: dict[int, int] = {}
        low: dict[int, int] = {}
        on_stack: set[int] = set()
        stack: list[int] = []
        groups: list[list[int]] = []
        for root in unmarked:
            if root in index:
                continue
            work = [(root, 0)]
            while work:
                key, child = work.pop()
                if child == 0:
                    index[key] = low[key] = len(index)
                    stack.append(key)
                    on_stack.add(key)
                edges = [needed for needed, _ in self.needs.get(key, ())]
                if child < len(edges):
                    work.append((key, child + 1))
                    needed = edges[child]
                    if needed not in index:
                        work.append((needed, 0))
                    elif needed in on_stack:
                        low[key] = min(low[key], index[needed])
                    continue
                if low[key] == index[key]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == key:
                            break
                    if len(group) > 1 or key in edges:
                        groups.append(group)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[key])
        met = {key: order for order, key in enumerate(self.nodes)}
        return sorted(
            (sorted(group, key=met.__getitem__) for group in groups), key=lambda g: met[g[0]]
        )

    def _hit(self, group: list[int]) -> Hit:
        start = group[0]
        members = set(group)
        # The shortest way round from the group's first schema back to it.
        came_from: dict[int, tuple[int, str]] = {}
        frontier = deque([start])
        while frontier:
            key = frontier.popleft()
            for needed, where in self.needs.get(key, ()):
                if needed not in members or needed in came_from:
                    continue
                came_from[needed] = (key, where)
                frontier.append(needed)
            if start in came_from:
                break
        steps: list[tuple[int, str]] = []
        key = start
        while True:
            previous, where = came_from[key]
            steps.append((previous, where))
            key = previous
            if key == start:
                break
        steps.reverse()
        shown = [f"{self._name(key)}{where}" for key, where in steps]
        if len(shown) > 8:
            shown[4:-2] = [f"... ({len(shown) - 6} more) ..."]
        return Hit(
            "unsatisfiable-recursion",
            self.pointers[start],
            f"no finite value satisfies this schema: the recursion {' -> '.join(shown)} -> "
            f"{self._name(start)} has no way out; make a step of it optional, nullable or "
            "allowed to be empty",
        )

    def _name(self, key: int) -> str:
        pointer = self.pointers[key]
        name = pointer.removeprefix(_SCHEMAS)
        if name != pointer and "/" not in name:
            return name.replace("~1", "/").replace("~0", "~")
        return f"#{pointer}"

"""The two cycle rules: ``ref-cycle`` and ``unsatisfiable-recursion``.

- ``ref-cycle``: a chain of ``$ref``\\ s that comes back on itself before it reaches an
  object without ``$ref`` (A -> B -> A, for any kind of object) defines nothing, and
  every tool that follows it loops.  Each such cycle is one finding.
- ``unsatisfiable-recursion``: which schemas admit a finite instance, as a least
  fixpoint over the component schemas (``_Recursion``).  A schema whose every value must
  hold another value of itself (A requires b: B, B requires a: A) admits none; one
  finding names each such cycle.  The analysis reads only what forces a value to contain
  another (``$ref``, ``allOf``, ``anyOf``/``oneOf``, required properties, ``minItems``,
  ``contains``) and takes every other keyword as satisfiable, so it reports nothing but
  recursion without a way out.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from typing import Any

from ...document import pointer as jsonpointer
from ...document.refs import ref_of
from ..index import Index
from ..registry import DOCUMENT, Report, rule

__all__ = ["ref_cycle", "unsatisfiable_recursion"]

_SCHEMAS = "/components/schemas/"


@rule(
    "ref-cycle",
    "error",
    "correctness",
    "A $ref that leads only to other $refs and back to itself never reaches a "
    "definition: whatever follows it loops.",
    on=DOCUMENT,
    number=4,
)
def ref_cycle(report: Report, index: Index) -> None:
    cycles, _ = _ref_chains(index)
    order = {pointer: position for position, (pointer, _) in enumerate(index.refs)}
    for cycle in cycles:
        # Reported at the member the walk met first, and named from there.
        start = min(range(len(cycle)), key=lambda i: order.get(cycle[i], len(order)))
        members = cycle[start:] + cycle[:start]
        if len(members) == 1:
            how = f"#{members[0]} refers to itself"
        else:
            how = " -> ".join(f"#{where}" for where in [*members, members[0]])
        report(
            f"{members[0]}/$ref",
            f"$ref cycle: {how}; it never reaches a definition, and whatever follows it loops",
        )


@rule(
    "unsatisfiable-recursion",
    "error",
    "correctness",
    "A schema whose every value must hold another value of itself (through required "
    "properties, minItems or allOf, with no optional, nullable or empty way out) admits "
    "no finite value, so every value fails it.",
    on=DOCUMENT,
    number=5,
)
def unsatisfiable_recursion(report: Report, index: Index) -> None:
    _, looping = _ref_chains(index)
    recursion = _Recursion(index, looping)
    schemas = index.components.get("schemas")
    if isinstance(schemas, dict):
        for name, schema in schemas.items():
            if isinstance(schema, dict):
                recursion.var(schema, jsonpointer.join("/components/schemas", name))
    recursion.solve()
    for group in recursion.cycles():
        report(*recursion.described(group))


def _ref_chains(index: Index) -> tuple[list[list[str]], set[int]]:
    """The cycles among the chains that start at the walk's ``$ref``\\ s (each the
    pointers of its members), and the ids of every ``$ref`` object in or leading into
    one."""
    loops: set[int] = set()
    ends: set[int] = set()
    cycles: list[list[str]] = []
    for pointer, _ in index.refs:
        chain: list[tuple[int, str]] = []  # (id of a $ref object, its pointer)
        position: dict[int, int] = {}
        node, where = jsonpointer.resolve(index.data, pointer), pointer
        while (ref := ref_of(node)) is not None:
            key = id(node)
            if key in ends or key in loops:
                break
            if key in position:
                cycle = chain[position[key] :]
                cycles.append([member for _, member in cycle])
                loops.update(k for k, _ in cycle)
                break
            position[key] = len(chain)
            chain.append((key, where))
            found = index.resolver.target(ref)
            node, where = found if found is not None else (None, where)
        leads_into_a_loop = isinstance(node, dict) and id(node) in loops
        (loops if leads_into_a_loop else ends).update(k for k, _ in chain)
    return cycles, loops


class _Recursion:
    """Which schemas admit a finite instance: the least fixpoint, and its cycles.

    A schema's variables are the ``$ref`` targets it reaches; a schema is marked finite
    once its constraints can be met with the schemas already marked, and a schema whose
    mark comes in lets each schema that waited on it try again (a worklist, so each is
    rechecked only when something it needs has changed).  What is never marked admits no
    finite value; those of them on a cycle of what they waited on are reported, once per
    strongly connected group.
    """

    def __init__(self, index: Index, looping: set[int]) -> None:
        self.v30 = index.v30
        self.index = index
        self.looping = looping  # $ref objects of a ref-cycle: reported by that rule
        self.nodes: dict[int, Any] = {}  # var id -> schema, in the order they were met
        self.pointers: dict[int, str] = {}
        self.finite: set[int] = set()
        self.needs: dict[int, list[tuple[int, str]]] = {}  # var -> (var, path) it waits on
        self._queue: deque[int] = deque()
        self._blockers: list[tuple[int, str]] = []

    # ------------------------------------------------------------------ fixpoint

    def var(self, schema: dict[str, Any], pointer: str) -> int:
        key = id(schema)
        if key not in self.nodes:
            self.nodes[key] = schema
            self.pointers[key] = pointer
            self._queue.append(key)
        return key

    def solve(self) -> None:
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
        return self._members_admit(schema, path) and self._type_admits(schema, path)

    def _members_admit(self, schema: dict[str, Any], path: str) -> bool:
        """Every allOf member, and some member of each non-empty anyOf and oneOf."""
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
        return True

    def _ref_admits(self, schema: dict[str, Any], ref: str, path: str) -> bool:
        if id(schema) in self.looping:
            return True
        found = self.index.resolver.target(ref)
        if found is None or not isinstance(found[0], dict):
            return True  # broken (unresolved-ref), external, or a boolean schema
        key = self.var(*found)
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
        for name in dict.fromkeys(r for r in required if isinstance(r, str)):
            applying = self._applying(schema, name)
            if applying is None:
                continue  # a pattern Python can't read: take it as a way out
            for sub, where in applying:
                if not self._admits(sub, f"{path}{where}"):
                    return False
        return True

    def _applying(self, schema: dict[str, Any], name: str) -> list[tuple[Any, str]] | None:
        """The schemas that apply to property ``name``, with their paths; None when a
        pattern of patternProperties doesn't compile."""
        properties = schema.get("properties")
        if isinstance(properties, dict) and name in properties:
            return [(properties[name], jsonpointer.join("/properties", name))]
        patterns = schema.get("patternProperties")
        applying = []
        for pattern, sub in patterns.items() if isinstance(patterns, dict) else ():
            try:
                matches = re.search(str(pattern), name) is not None
            except re.error:
                return None
            if matches:
                applying.append((sub, jsonpointer.join("/patternProperties", pattern)))
        extra = schema.get("additionalProperties")
        if not applying and isinstance(extra, dict):
            applying = [(extra, "/additionalProperties")]
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

    def cycles(self) -> list[list[int]]:
        """The strongly connected groups of unmarked vars (by what each waits on) that
        hold a cycle, each in the order the vars were met."""
        unmarked = [key for key in self.nodes if key not in self.finite]
        groups = _strongly_connected(
            unmarked, lambda key: [needed for needed, _ in self.needs.get(key, ())]
        )
        met = {key: order for order, key in enumerate(self.nodes)}
        return sorted(
            (sorted(group, key=met.__getitem__) for group in groups), key=lambda g: met[g[0]]
        )

    def described(self, group: list[int]) -> tuple[str, str]:
        """Where to report a group, and the message: the shortest way round from the
        group's first schema back to it."""
        start = group[0]
        members = set(group)
        came_from: dict[int, tuple[int, str]] = {}
        frontier = deque([start])
        while frontier and start not in came_from:
            key = frontier.popleft()
            for needed, where in self.needs.get(key, ()):
                if needed in members and needed not in came_from:
                    came_from[needed] = (key, where)
                    frontier.append(needed)
        steps: list[tuple[int, str]] = []
        key = start
        while not steps or key != start:
            key, where = came_from[key]
            steps.append((key, where))
        steps.reverse()
        shown = [f"{self._name(key)}{where}" for key, where in steps]
        if len(shown) > 8:
            shown[4:-2] = [f"... ({len(shown) - 6} more) ..."]
        message = (
            f"no finite value satisfies this schema: the recursion {' -> '.join(shown)} -> "
            f"{self._name(start)} has no way out; make a step of it optional, nullable or "
            "allowed to be empty"
        )
        return self.pointers[start], message

    def _name(self, key: int) -> str:
        pointer = self.pointers[key]
        name = pointer.removeprefix(_SCHEMAS)
        if name != pointer and "/" not in name:
            return jsonpointer.unescape(name)
        return f"#{pointer}"


def _strongly_connected(nodes: list[int], edges_of: Callable[[int], list[int]]) -> list[list[int]]:
    """The strongly connected groups among ``nodes`` that hold a cycle."""
    tarjan = _Tarjan(edges_of)
    for root in nodes:
        if root not in tarjan.index:
            tarjan.search(root)
    return tarjan.groups


class _Tarjan:
    """Tarjan's algorithm, without recursion: a stack of (node, next edge to follow)."""

    def __init__(self, edges_of: Callable[[int], list[int]]) -> None:
        self.edges_of = edges_of
        self.index: dict[int, int] = {}
        self.low: dict[int, int] = {}
        self.stack: list[int] = []
        self.on_stack: set[int] = set()
        self.groups: list[list[int]] = []

    def search(self, root: int) -> None:
        index, low = self.index, self.low
        work = [(root, 0)]
        while work:
            key, child = work.pop()
            if child == 0:
                index[key] = low[key] = len(index)
                self.stack.append(key)
                self.on_stack.add(key)
            edges = self.edges_of(key)
            if child < len(edges):
                work.append((key, child + 1))
                needed = edges[child]
                if needed not in index:
                    work.append((needed, 0))
                elif needed in self.on_stack:
                    low[key] = min(low[key], index[needed])
                continue
            if low[key] == index[key]:
                self.close(key, edges)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[key])

    def close(self, key: int, edges: list[int]) -> None:
        """Take the group rooted at ``key`` off the stack; keep it if it holds a cycle."""
        group = []
        while True:
            member = self.stack.pop()
            self.on_stack.discard(member)
            group.append(member)
            if member == key:
                break
        if len(group) > 1 or key in edges:
            self.groups.append(group)

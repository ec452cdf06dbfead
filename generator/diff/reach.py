"""What each node of a graph reaches, for every node at once.

A spec's schemas refer to each other in cycles (736 of Stripe's 819 schemas reach one
another), so walking the graph again from each operation costs the operations times the
graph.  ``closures`` walks it once: it finds the strongly connected components (Tarjan's
algorithm, iteratively, so a deep graph can't exhaust the stack), which come out with
every component they reach before them, and gives each the union of what its own nodes
hold and what the components after it reach.  The sets are integers used as bit sets.
"""

from __future__ import annotations

__all__ = ["closures"]


def closures(edges: list[list[int]], own: list[int]) -> list[int]:
    """For each node (an index into ``edges``, which lists each node's successors), the
    union (bitwise or) of ``own`` over every node it reaches, itself included."""
    count = len(edges)
    order = [-1] * count  # the order of first visit
    low = [0] * count
    component = [-1] * count
    reached: list[int] = []  # by component
    stack: list[int] = []
    on_stack = [False] * count
    visited = 0
    for start in range(count):
        if order[start] != -1:
            continue
        work = [(start, 0)]
        while work:
            node, next_edge = work[-1]
            if next_edge == 0:
                order[node] = low[node] = visited
                visited += 1
                stack.append(node)
                on_stack[node] = True
            if next_edge < len(edges[node]):
                work[-1] = (node, next_edge + 1)
                successor = edges[node][next_edge]
                if order[successor] == -1:
                    work.append((successor, 0))
                elif on_stack[successor]:
                    low[node] = min(low[node], order[successor])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == order[node]:
                reached.append(_close(node, edges, own, stack, on_stack, component, reached))
    return [reached[component[node]] for node in range(count)]


def _close(
    root: int,
    edges: list[list[int]],
    own: list[int],
    stack: list[int],
    on_stack: list[bool],
    component: list[int],
    reached: list[int],
) -> int:
    """Take the component of ``root`` off the stack; what it reaches.  Every successor
    outside it is in a component closed before."""
    number = len(reached)
    members = []
    while True:
        member = stack.pop()
        on_stack[member] = False
        component[member] = number
        members.append(member)
        if member == root:
            break
    mask = 0
    for member in members:
        mask |= own[member]
        for successor in edges[member]:
            if component[successor] != number:
                mask |= reached[component[successor]]
    return mask

"""generator/diff/reach.py: what every node of a graph reaches, against a walk from each."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.diff.reach import closures


def _walked(edges: list[list[int]], own: list[int]) -> list[int]:
    """The same, by walking the graph from each node in turn."""
    found = []
    for start in range(len(edges)):
        seen, stack, mask = {start}, [start], 0
        while stack:
            node = stack.pop()
            mask |= own[node]
            for successor in edges[node]:
                if successor not in seen:
                    seen.add(successor)
                    stack.append(successor)
        found.append(mask)
    return found


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[list[int]], list[int]]:
    count = draw(st.integers(1, 40))
    node = st.integers(0, count - 1)
    edges = draw(st.lists(st.lists(node, max_size=4), min_size=count, max_size=count))
    own = draw(st.lists(st.sampled_from([0, 1, 2, 4, 8, 16]), min_size=count, max_size=count))
    return edges, own


@given(graphs())
def test_each_node_reaches_what_a_walk_from_it_finds(
    graph: tuple[list[list[int]], list[int]],
) -> None:
    edges, own = graph
    assert closures(edges, own) == _walked(edges, own)


def test_a_long_chain_and_a_cycle_through_it_need_no_deep_stack() -> None:
    count = 50_000
    edges = [[node + 1] for node in range(count - 1)] + [[0]]
    own = [0] * count
    own[-1] = 1
    assert set(closures(edges, own)) == {1}

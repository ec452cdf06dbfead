"""The two-process build: the bytes don't depend on how the work was shared."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from generator.config import load_settings
from generator.formatting import FormatCache, black_block, blocks_of
from generator.pipeline import _black_together, _Helper, build

from .conftest import ROOT, run_python


def test_one_process_gives_what_two_give() -> None:
    settings = load_settings(cwd=ROOT)
    assert threading.active_count() == 1, "the suite runs threads: build() would not fork"
    forked = build(settings, regenerate_command="make")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)  # build() does not fork beside a thread
    thread.start()
    try:
        alone = build(settings, regenerate_command="make")
    finally:
        stop.set()
        thread.join()
    assert forked.files == alone.files
    assert forked.formatted_blocks == alone.formatted_blocks


class _ScriptedHelper(_Helper):
    """A helper whose map results come in the batches given, one batch per collection."""

    def __init__(self, batches: list[int]) -> None:
        super().__init__(None)
        self.batches = batches

    def start_map(
        self, function: Callable[[Any], Any], items: list[Any]
    ) -> Callable[[], list[Any]]:
        results = iter([function(item) for item in items])
        sizes = iter(self.batches)
        return lambda: [next(results) for _ in range(next(sizes, 0))]


SOURCE = "".join(f"def f{i}(a,b):\n  return {{'a':a,'b':b}}\n\n" for i in range(6))


@pytest.mark.parametrize(
    ("batches", "formatted_here"),
    [
        ([], 6),
        ([0, 0, 6], 2),  # all six arrive before the third block
        ([1], 5),
        ([0, 2, 1], 3),  # they meet in the middle
        ([3, 3], 1),  # the helper overtakes: the first block is formatted twice
        ([0, 0, 0, 0, 0, 0, 1], 6),  # the helper's block comes too late to be used
    ],
    ids=["alone", "all-at-once", "one", "meet-midway", "overtaken", "too-late"],
)
def test_blocks_shared_with_the_helper_are_each_formatted(
    batches: list[int], formatted_here: int
) -> None:
    blocks = blocks_of(SOURCE)
    assert len(blocks) == 6
    cache = FormatCache()
    seen_here: list[str] = []
    format_block = cache.format_block

    def counting(block: str) -> str:
        seen_here.append(block)
        return format_block(block)

    cache.format_block = counting  # type: ignore[method-assign]
    _black_together(blocks, cache, _ScriptedHelper(batches))
    assert seen_here == blocks[:formatted_here]
    assert [cache.used.get(cache.key(block)) for block in blocks] == [
        black_block(block) for block in blocks
    ]


def test_a_second_process_that_dies_is_an_error_not_a_hang() -> None:
    """Say a crash in a C extension kills the process making the models."""
    script = (
        "import os\n"
        "from pathlib import Path\n"
        "import generator.pipeline as pipeline\n"
        "from generator.config import load_settings\n"
        "def dying(document, scalars):\n"
        "    os._exit(3)\n"
        "pipeline._models = dying\n"
        "try:\n"
        "    pipeline.build(load_settings(cwd=Path.cwd()), regenerate_command='make')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    result = run_python(script, cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "BrokenProcessPool", result.stderr

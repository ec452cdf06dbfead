"""The formatting stage at scale: black block by block through the cache (with and without
ruff format first, as ``generate`` does for the models), against black on the whole
file, on the models of a large spec.

    python benchmarks/bench_format.py [--spec ../shared/specs/openai.yaml]

The whole generator refuses the large public specs (lint finds what it can't express),
so this measures the stages that dominate on them: datamodel-code-generator, then black.
Prints figures; asserts only that block-wise output is what black itself leaves alone.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import black
from black.mode import TargetVersion

from generator import TEMPLATES
from generator.build import scalar_aliases
from generator.document import ReadLimits, load_spec
from generator.document.views import Document
from generator.formatting import blocks_of, format_blocks, format_python
from generator.models_stage import generate_models
from generator.speed import FormatCache

ROOT = Path(__file__).resolve().parent.parent


def timed(label: str, seconds: float) -> None:
    print(f"{label:48} {seconds:8.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", default=str(ROOT.parent / "shared" / "specs" / "openai.yaml"))
    args = parser.parse_args()
    spec = load_spec(Path(args.spec), limits=ReadLimits())

    start = time.perf_counter()
    scalars = scalar_aliases(Document.of(spec))
    with tempfile.TemporaryDirectory() as scratch:
        models = generate_models(
            spec.data, templates=TEMPLATES, scratch=Path(scratch), scalars=scalars
        )
    source = models.source
    timed(
        f"datamodel-code-generator ({len(source.splitlines())} lines)", time.perf_counter() - start
    )

    mode = black.Mode(target_versions={TargetVersion.PY310})
    start = time.perf_counter()
    black.format_str(source, mode=mode)
    timed("black on the whole file", time.perf_counter() - start)

    start = time.perf_counter()
    format_python(source, FormatCache())
    timed("block by block, cold, black alone", time.perf_counter() - start)

    cold = FormatCache()
    start = time.perf_counter()
    formatted = format_blocks(blocks_of(source, ruff_first=True), cold)
    timed(f"ruff, then block by block, cold ({len(cold.used)} blocks)", time.perf_counter() - start)

    edited = source.replace('description="', 'description="Edited. ', 1)
    warm = FormatCache(cold.used)
    start = time.perf_counter()
    format_blocks(blocks_of(edited, ruff_first=True), warm)
    changed = len(set(warm.used) - set(cold.used))
    timed(f"the same after one change ({changed} block formatted)", time.perf_counter() - start)

    assert black.format_str(formatted, mode=mode) == formatted, "block-wise output is not stable"
    print("block-wise output is black-stable: black leaves it unchanged")


if __name__ == "__main__":
    main()

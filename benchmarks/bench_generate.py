"""Wall times of the everyday commands next to datamodel-codegen's, in one run on one spec.

    python benchmarks/bench_generate.py [--spec spec/openapi.yaml] [--runs 5]

Prints the median of each: `check` on an up-to-date tree, `check --full`, a cold
`generate` (no output, no cache), `generate` after a one-field change (warm cache), and
the `datamodel-codegen` CLI on the same spec as the reference.  Figures, not asserts.

The generator's modules are byte-compiled first, as pip does when it installs a package
(datamodel-codegen's were when it was installed): with PYTHONDONTWRITEBYTECODE set, a
checkout would otherwise compile them again on every run.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REFERENCE = "datamodel-codegen (reference)"


def timed(command: list[str], cwd: Path, before: Callable[[], None] | None = None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", default="spec/openapi.yaml")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "generator", quiet=1)

    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
        (project / "spec").mkdir()
        spec = project / "spec" / "openapi.yaml"
        shutil.copy(ROOT / args.spec, spec)
        generator = [sys.executable, "-m", "generator"]
        out = project / "generated"
        subprocess.run([*generator, "generate"], cwd=project, check=True, capture_output=True)

        original = spec.read_text()
        edits = iter(range(1_000_000))

        def one_field_change() -> None:
            edited = original.replace(
                "description: Campaign name.", f"description: Campaign name {next(edits)}.", 1
            )
            spec.write_text(edited)

        def cold() -> None:
            spec.write_text(original)
            shutil.rmtree(out, ignore_errors=True)

        reference_command = [
            str(BIN / "datamodel-codegen"),
            "--input",
            str(spec),
            "--input-file-type",
            "openapi",
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--output",
            str(project / "reference_models.py"),
        ]
        # Round-robin: every round runs each command once, in an order where each one
        # finds the state it needs, so drift in the machine's speed hits all alike.
        rounds: list[dict[str, float]] = []
        for _ in range(args.runs):
            rounds.append(
                {
                    "generate, cold": timed([*generator, "generate"], project, cold),
                    "check (up to date)": timed([*generator, "check"], project),
                    "check --full": timed([*generator, "check", "--full"], project),
                    REFERENCE: timed(reference_command, project),
                    "generate, one-field change": timed(
                        [*generator, "generate"], project, one_field_change
                    ),
                }
            )
    figures = {name: statistics.median(r[name] for r in rounds) for name in rounds[0]}
    reference = figures.pop(REFERENCE)

    print(f"spec: {args.spec}, median of {args.runs} rounds, wall time")
    print(f"{'command':32} {'seconds':>8} {'x reference':>12}")
    for name, seconds in figures.items():
        print(f"{name:32} {seconds:8.3f} {seconds / reference:12.2f}")
    print(f"{REFERENCE:32} {reference:8.3f} {1.0:12.2f}")


if __name__ == "__main__":
    main()

"""Benchmark: ``lint`` against openapi-spec-validator on the same files.

    python benchmarks/bench_lint.py [--runs 3] [--reference-loader csafe|safe]

For spec/openapi.yaml and the two large public specs in ../shared/specs (skipped with a
note when absent) it prints the median wall time of ``runs`` runs, each in a fresh
subprocess (interpreter start, imports, YAML loading and checking all counted), of

- ours: ``generator.lint.lint_path`` with every rule on (loader: compose + construct);
- the reference: openapi-spec-validator's ``iter_errors`` (all findings, the work its
  ``validate`` does on a valid file) after loading the YAML with ``yaml.load`` and
  CSafeLoader, as its CLI does (``--reference-loader safe``: ``yaml.safe_load``, the
  pure-Python loader, much slower);

and the number of findings each reports.  Then, for every spec the library finds
problems in, each of its findings next to the lint finding that reports the same
mistake, with its line.  It prints figures only: no timing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPECS = ["spec/openapi.yaml", "../shared/specs/stripe-2023.yaml", "../shared/specs/openai.yaml"]

OURS = """
import json, sys
from pathlib import Path
from generator.lint import LintConfig, lint_path
findings = lint_path(Path(sys.argv[1]), LintConfig())
print(json.dumps([
    {"rule": f.rule, "severity": f.severity, "message": f.message, "line": f.location.line,
     "column": f.location.column, "pointer": f.location.pointer}
    for f in findings
]))
"""

REFERENCE = """
import json, sys, yaml
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
with open(sys.argv[1], encoding="utf-8") as handle:
    if sys.argv[2] == "safe":
        data = yaml.safe_load(handle)
    else:
        data = yaml.load(handle, Loader=yaml.CSafeLoader)
version = str(data.get("openapi", ""))
validator = OpenAPIV30SpecValidator if version.startswith("3.0") else OpenAPIV31SpecValidator
errors = list(validator(data).iter_errors())
print(json.dumps([
    {"kind": type(e).__name__, "message": e.message, "path": [str(p) for p in e.absolute_path]}
    for e in errors
]))
"""

# The library's semantic checks and the lint rule that reports the same mistake.
SEMANTIC = {
    "DuplicateOperationIDError": "operation-id-duplicate",
    "UnresolvableParameterError": "path-params",
    "ParameterDuplicateError": "duplicate-parameter",
    "ExtraParametersError": "required-properties",
}


def timed(code: str, *args: str) -> tuple[float, Any]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{done.stderr}")
    return elapsed, json.loads(done.stdout)


def measure(code: str, args: list[str], runs: int) -> tuple[float, Any]:
    times, output = [], None
    for _ in range(runs):
        elapsed, output = timed(code, *args)
        times.append(elapsed)
    return statistics.median(times), output


def match(
    reference: list[dict[str, Any]], ours: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Pair each library finding with a lint finding reporting the same mistake."""
    used: set[int] = set()
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    for error in reference:
        suffix = "".join(f"/{p.replace('~', '~0').replace('/', '~1')}" for p in error["path"])
        candidates = []
        for index, finding in enumerate(ours):
            if error["kind"] in SEMANTIC:
                same = finding["rule"] == SEMANTIC[error["kind"]]
            else:
                same = finding["rule"] in ("structure", "invalid-default") and same_message(
                    error["message"], finding["message"]
                )
            if same:
                score = (index in used, not finding["pointer"].endswith(suffix))
                candidates.append((score, index))
        if candidates:
            _, best = min(candidates)
            used.add(best)
            pairs.append((error, ours[best]))
        else:
            pairs.append((error, None))
    return pairs


def same_message(reference: str, ours: str) -> bool:
    """Whether a lint message carries the library's message (whose long repr of the
    offending value lint cuts to "...")."""
    if reference in ours:
        return True
    ours = ours.removeprefix("default is not valid against its schema: ").split("; closest")[0]
    head, dots, tail = ours.partition("...")
    return bool(dots) and reference.startswith(head) and reference.endswith(tail)


def short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reference-loader", choices=("csafe", "safe"), default="csafe")
    args = parser.parse_args()
    print(
        f"median wall time of {args.runs} fresh-subprocess runs; reference = "
        f"openapi-spec-validator after {'yaml.safe_load' if args.reference_loader == 'safe' else 'yaml.load(CSafeLoader)'}"
    )
    header = f"{'spec':<36} {'lint':>8} {'reference':>10} {'ratio':>6} {'lint findings':>32} {'ref findings':>13}"
    print(header)
    print("-" * len(header))
    details = []
    for relative in SPECS:
        path = ROOT / relative
        if not path.is_file():
            print(f"{relative:<36} skipped: {path} is absent")
            continue
        ours_time, ours = measure(OURS, [relative], args.runs)
        ref_time, reference = measure(REFERENCE, [relative, args.reference_loader], args.runs)
        severities = Counter(f["severity"] for f in ours)
        counted = (
            f"{len(ours)} ({severities['error']} err, {severities['warn']} warn, "
            f"{severities['info']} info)"
        )
        print(
            f"{relative:<36} {ours_time:>7.2f}s {ref_time:>9.2f}s {ours_time / ref_time:>5.2f}x "
            f"{counted:>32} {len(reference):>13}"
        )
        details.append((relative, ours, reference))
    for relative, ours, reference in details:
        by_rule = Counter(f["rule"] for f in ours)
        print(f"\n{relative}: lint findings by rule")
        for rule, count in by_rule.most_common():
            print(f"  {count:>5}  {rule}")
        if not reference:
            continue
        pairs = match(reference, ours)
        found = sum(1 for _, finding in pairs if finding is not None)
        print(
            f"\n{relative}: the {len(reference)} findings of openapi-spec-validator, "
            f"and the lint finding for each ({found}/{len(reference)} matched; the library "
            "gives its default errors no location, so those pair by message)"
        )
        for number, (error, finding) in enumerate(pairs, 1):
            where = (
                f"{finding['rule']} at {relative}:{finding['line']}:{finding['column']}"
                if finding
                else "NOT FOUND"
            )
            print(f"  {number:>3}. {short(error['message'], 60):<60} -> {where}")
        print(f"\n{relative}: lint's structure, invalid-default and required-properties findings")
        for finding in ours:
            if finding["rule"] in ("structure", "invalid-default", "required-properties"):
                print(
                    f"  {relative}:{finding['line']}:{finding['column']}: {finding['rule']}: "
                    f"{short(finding['message'])}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`diff` on Stripe's spec (tests/scale/stripe-2023.yaml) against a copy with ten edits,
next to a cold `generate` of the same spec (issue 13: a diff should take well under one
generate).

    .venv/bin/python benchmarks/bench_diff.py [--runs 1]

A few minutes a run (most of it the cold `generate`). The ten edits (EDITS below) are
small functions on the loaded YAML, deterministic and spread over the spec: remove a
request property, make one required, remove an enum value, change a description, add an
optional property, remove a response property, rename an operationId, add a required
query parameter, tighten a maxLength, remove an operation. The edited copy is written
(by PyYAML, so its layout differs from the original's) to a temporary project whose
pyproject.toml names the original as its spec, as bench_scale.py sets one up.

Each row is the median of --runs rounds, each command in a fresh subprocess:

* clientgen `diff <original> <edited> --format json`: wall time (this process's clock
  around the subprocess), the changes it reported and how many of them are breaking;
* clientgen `generate`, cold (no output folder, so no format cache): wall time and peak
  RSS, taken by bench_scale.measure's wrapper process.

Then the ratio diff / generate, and the changes the diff reported. Figures, not asserts.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import ROOT, SCALE, _md, measure  # stdlib imports only

SPEC = SCALE / "stripe-2023.yaml"
PACKAGE = "stripe_client"
FORM = "application/x-www-form-urlencoded"
Document = dict[str, Any]


def _operation(document: Document, path: str, method: str) -> dict[str, Any]:
    try:
        return document["paths"][path][method]
    except KeyError:
        raise SystemExit(f"{SPEC.name}: no operation {method.upper()} {path}") from None


def _form(document: Document, path: str, method: str) -> dict[str, Any]:
    """The form body's schema of one operation (Stripe's are all inline)."""
    return _operation(document, path, method)["requestBody"]["content"][FORM]["schema"]


def _schema(document: Document, name: str) -> dict[str, Any]:
    return document["components"]["schemas"][name]


def _pop(mapping: dict[str, Any], key: str) -> Any:
    if key not in mapping:
        raise SystemExit(f"{SPEC.name}: the edit's target {key!r} is gone")
    return mapping.pop(key)


def remove_request_property(document: Document) -> None:
    _pop(_form(document, "/v1/customers", "post")["properties"], "coupon")


def make_property_required(document: Document) -> None:
    body = _form(document, "/v1/invoices", "post")
    if "description" not in body["properties"]:
        raise SystemExit(f"{SPEC.name}: the edit's target 'description' is gone")
    body["required"] = [*body.get("required", []), "description"]


def remove_enum_value(document: Document) -> None:
    _schema(document, "charge")["properties"]["status"]["enum"].remove("pending")


def change_description(document: Document) -> None:
    email = _schema(document, "customer")["properties"]["email"]
    email["description"] = email["description"][:-1] + " (edited)."


def add_optional_property(document: Document) -> None:
    properties = _form(document, "/v1/subscriptions", "post")["properties"]
    properties["benchmark_note"] = {"description": "Added by bench_diff.", "type": "string"}


def remove_response_property(document: Document) -> None:
    invoice = _schema(document, "invoice")
    _pop(invoice["properties"], "account_name")
    invoice["required"] = [name for name in invoice.get("required", []) if name != "account_name"]


def rename_operation_id(document: Document) -> None:
    operation = _operation(document, "/v1/webhook_endpoints", "get")
    operation["operationId"] = "ListWebhookEndpoints"


def add_required_query_parameter(document: Document) -> None:
    operation = _operation(document, "/v1/payment_intents", "get")
    parameter = {"in": "query", "name": "benchmark_filter", "required": True}
    operation["parameters"].append({**parameter, "schema": {"type": "string"}})


def tighten_max_length(document: Document) -> None:
    token = _form(document, "/v1/accounts", "post")["properties"]["account_token"]
    token["maxLength"] = 64


def remove_operation(document: Document) -> None:
    _pop(document["paths"]["/v1/coupons/{coupon}"], "delete")


EDITS: tuple[Callable[[Document], None], ...] = (
    remove_request_property,
    make_property_required,
    remove_enum_value,
    change_description,
    add_optional_property,
    remove_response_property,
    rename_operation_id,
    add_required_query_parameter,
    tighten_max_length,
    remove_operation,
)


def edited_copy(target: Path) -> None:
    import yaml  # this venv has it; slow to import, so only here

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    document = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=loader)
    for edit in EDITS:
        edit(document)
    text = yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=88)
    target.write_text(text, encoding="utf-8")


def run_diff(command: list[str], cwd: Path) -> tuple[float, dict[str, Any] | str]:
    """Wall seconds and the JSON report, or what went wrong (exit 1 means breaking)."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        return seconds, f"exit {result.returncode}: {(lines or [''])[-1][:120]}"
    return seconds, json.loads(result.stdout)


Figures = tuple[list[float], list[float], float, "dict[str, Any] | str", str]


def bench(runs: int, work: Path) -> Figures:
    spec, edited = work / SPEC.name, work / f"edited-{SPEC.name}"
    shutil.copy(SPEC, spec)
    edited_copy(edited)
    (work / "pyproject.toml").write_text(
        f'[tool.clientgen]\nspec = "{spec}"\npackage = "{PACKAGE}"\nout = "out"\n'
    )
    generator = [sys.executable, "-m", "generator"]
    diff_command = [*generator, "diff", str(spec), str(edited), "--format", "json"]
    diffs, generates, rss, report, failed = [], [], 0.0, {}, ""
    for _ in range(runs):
        seconds, report = run_diff(diff_command, work)
        diffs.append(seconds)
        shutil.rmtree(work / "out", ignore_errors=True)
        seconds, peak, failed = measure([*generator, "generate"], work)
        generates.append(seconds)
        rss = max(rss, peak)
    return diffs, generates, rss, report, failed


def table(runs: int, figures: Figures) -> str:
    diffs, generates, rss, report, failed = figures
    diff, generate = statistics.median(diffs), statistics.median(generates)
    where = f"load average {os.getloadavg()[0]:.1f} at the end"
    if isinstance(report, str):
        changes = breaking = _md(f"failed ({report})")
    else:
        changes = str(len(report["changes"]))
        breaking = str(report["summary"].get("breaking", 0))
    wall = _md(f"failed ({failed})") if failed else f"{generate:.1f}"
    lines = [
        f"Stripe (`{SPEC.name}`, {len(EDITS)} edits), median of {runs} run(s), {where}:",
        "",
        "| command | wall (s) | peak RSS (MB) | changes | breaking |",
        "|---|---|---|---|---|",
        f"| clientgen `diff --format json` | {diff:.1f} | | {changes} | {breaking} |",
        f"| clientgen `generate`, cold | {wall} | {rss:.0f} | | |",
    ]
    if not failed:
        lines.append(f"| diff / cold `generate` | {diff / generate:.2f}x | | | |")
    if not isinstance(report, str):
        lines.append("\nChanges reported:\n")
        for change in report["changes"]:
            lines.append(f"- {change['verdict']} {change['rule']}: {change['message'][:110]}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1, help="rounds (default 1)")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "generator", quiet=1)
    print(f"{dt.date.today()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
    with tempfile.TemporaryDirectory(prefix="bench-diff-") as folder:
        print(table(args.runs, bench(args.runs, Path(folder))), flush=True)


if __name__ == "__main__":
    main()

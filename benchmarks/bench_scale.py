"""clientgen on Stripe's and OpenAI's specs (tests/scale/), next to two peers, in one run.

    .venv/bin/python benchmarks/bench_scale.py [--spec stripe --spec openai] [--runs 1]
                                               [--skip-peers]

Several minutes a run. For each spec, one table, each row the median of --runs rounds:

* clientgen `generate`, cold: no output folder, so no format cache (the generator keeps
  it in <out>/.clientgen-cache, which goes with the folder);
* clientgen `generate` after a one-field change: one property's description edited in
  the temporary copy of the spec, generated into the same output, warm cache;
* clientgen `check` on the up-to-date tree (before the change);
* datamodel-codegen, the models only, as a package (`--output <dir>`): Stripe's dotted
  schema names make it write modules by itself; OpenAI's spec has none, so it gets
  `--module-split-mode single` (one module per model), without which it writes one file;
* openapi-python-client `generate --meta none --config` a file with `literal_enums: true`
  (without it, Stripe fails: "Duplicate key GMT0 in enum"), its venv's bin first on PATH
  so its default post-hooks (ruff) run.

Columns: wall time and peak RSS, both taken by a small wrapper process around the
command (RUSAGE_CHILDREN's ru_maxrss: the biggest single process of the command's tree,
not a sum; clientgen forks a helper, whose pages are shared copy-on-write);
operations generated, out of the spec's (method, path) pairs: for clientgen those whose
request a public function builds (found in api/**.py by compare_peers.clientgen_found),
for openapi-python-client its endpoint modules (api/**.py defining `sync_detailed`);
import time: a fresh interpreter imports every module of the package (every .py file,
byte-compiled first, as an install would), timed inside it, median of 3; clientgen's and
datamodel-codegen's on this venv's Python, openapi-python-client's on .venv/peers'
(attrs, httpx, python-dateutil). OpenAI's spec is generated with the lint rules the
README's "Large specs" lowers to warn, as tests/test_scale.py does. Figures, not asserts.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALE = ROOT / "tests" / "scale"
BIN = Path(sys.executable).parent
PEERS_BIN = ROOT / ".venv" / "peers" / "bin"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
COLD = "clientgen `generate`, cold"
CHANGE = "clientgen `generate`, one-field change"
CHECK = "clientgen `check`, up to date"
DMC, OPC = "datamodel-codegen (models only)", "openapi-python-client"
IMPORT_ALL = (  # run in a fresh interpreter: every module named, timed inside it
    "import importlib, sys, time\n"
    "failed, start = [], time.perf_counter()\n"
    "for name in sys.argv[1:]:\n"
    "    try: importlib.import_module(name)\n"
    "    except BaseException as e: failed.append(f'{name}: {type(e).__name__}: {e}')\n"
    "print(time.perf_counter() - start, len(failed), *failed[:1])\n"
)
WRAPPER = (  # a small process between this one (big, with the specs loaded) and the tool
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=sys.stderr, check=False).returncode\n"
    "seconds = time.perf_counter() - start\n"
    "print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
)


@dataclass(frozen=True)
class Large:
    file: str
    package: str
    edit: tuple[str, str]  # the first occurrence of [0] becomes [1]: one property's text
    lowered: tuple[str, ...] = ()
    dmc_flags: tuple[str, ...] = ()


NAME = "description: The customer's full name or business name."
OBJECT_ID = "description: The object identifier, which can be referenced in the API endpoints."
SPECS = {
    "stripe": Large("stripe-2023.yaml", "stripe_client", (NAME, NAME[:-1] + " (edited).")),
    "openai": Large(
        "openai.yaml",
        "openai_client",
        (OBJECT_ID, OBJECT_ID[:-1] + " (edited)."),
        ("schema-structure", "invalid-default", "required-properties"),
        ("--module-split-mode", "single"),
    ),
}


@dataclass
class Row:
    seconds: list[float] = field(default_factory=list)
    rss: float = 0.0
    operations: str = ""
    imports: str = ""
    failed: str = ""

    def add(self, figures: tuple[float, float, str]) -> None:
        seconds, rss, failed = figures
        self.seconds.append(seconds)
        self.rss = max(self.rss, rss)
        self.failed = self.failed or failed

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")


def measure(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the process tree, and "" or what went wrong.

    Measured by WRAPPER: a child's ru_maxrss starts from its parent's, so this process's
    own (hundreds of MB once a spec is loaded) would show through."""
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds, peak, code = result.stdout.split()
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    failed = "" if code == "0" else f"exit {code}: {(lines or [''])[-1][:120]}"
    return float(seconds), int(peak) / 1024, failed


def import_time(python: Path, package: Path) -> str:
    """Median of 3 fresh imports of the package alone, then of every module of it, or
    why there is none."""
    if not package.is_dir():
        return "n/a (no package)"
    subprocess.run(
        [str(python), "-m", "compileall", "-q", str(package)], capture_output=True, check=False
    )
    modules = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    alone, failed, first = _median_import(python, package, [package.name])
    if failed != "0":
        return _md(f"failed: {first[:140]}")
    every, failed, first = _median_import(python, package, modules)
    text = f"{alone:.2f}; every module {every:.2f} ({len(modules)} modules"
    if failed != "0":
        text += f"; {failed} fail, first {first.strip()[:140]}"
    return _md(text + ")")


def _median_import(python: Path, package: Path, modules: list[str]) -> tuple[float, str, str]:
    """Seconds (median of 3 fresh interpreters) to import ``modules``, how many failed,
    and the first failure."""
    times, failed, first = [], "0", ""
    for _ in range(3):
        command = [str(python), "-c", IMPORT_ALL, *modules]
        result = subprocess.run(
            command, cwd=package.parent, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            return 0.0, "1", (result.stderr.strip().splitlines() or [""])[-1]
        seconds, failed, *rest = result.stdout.strip().split(" ", 2)
        first = rest[0] if rest else ""
        times.append(float(seconds))
    return statistics.median(times), failed, first


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def spec_operations(spec: Path) -> list[tuple[str, str]]:
    import yaml  # this venv has it; slow to import, so only here

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document = yaml.load(spec.read_text(encoding="utf-8"), Loader=loader)
    paths = document.get("paths") or {}
    return sorted((m, p) for p, item in paths.items() for m in item if m in METHODS)


def clientgen_operations(package: Path, operations: list[tuple[str, str]]) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from compare_peers import clientgen_found

    if not (package / "api").is_dir():
        return "n/a"
    return f"{len(clientgen_found(package, operations))}/{len(operations)}"


def opc_operations(package: Path, total: int) -> str:
    modules = [p for p in package.glob("api/**/*.py") if "def sync_detailed(" in p.read_text()]
    return f"{len(modules)}/{total}" if package.is_dir() else "n/a"


def bench(name: str, large: Large, runs: int, peers: bool, work: Path) -> dict[str, Row]:
    folder = work / name
    folder.mkdir()
    spec = folder / large.file
    original = (SCALE / large.file).read_text(encoding="utf-8")
    if large.edit[0] not in original:
        raise SystemExit(f"{large.file}: the text to edit is gone: {large.edit[0]!r}")
    edited = original.replace(*large.edit, 1)
    lowered = "".join(f'{rule} = "warn"\n' for rule in large.lowered)
    (folder / "pyproject.toml").write_text(
        f'[tool.clientgen]\nspec = "{spec}"\npackage = "{large.package}"\nout = "out"\n\n'
        f"[tool.clientgen.lint.severities]\n{lowered}"
    )
    (folder / "opc.yaml").write_text("literal_enums: true\n")
    out, dmc, opc = folder / "out", folder / "dmc" / f"{name}_models", folder / "opc" / name
    generator = [sys.executable, "-m", "generator"]
    dmc_command = [
        *(str(BIN / "datamodel-codegen"), "--input", str(spec), "--input-file-type", "openapi"),
        *("--output-model-type", "pydantic_v2.BaseModel", "--output", str(dmc)),
        *large.dmc_flags,
    ]
    opc_command = [
        *(str(PEERS_BIN / "openapi-python-client"), "generate", "--path", str(spec)),
        *("--output-path", str(opc), "--meta", "none", "--config", str(folder / "opc.yaml")),
    ]
    opc_env = {**os.environ, "PATH": f"{PEERS_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    rows = {key: Row() for key in (COLD, CHANGE, CHECK, DMC, OPC)}
    for _ in range(runs):
        spec.write_text(original, encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)
        rows[COLD].add(measure([*generator, "generate"], folder))
        rows[CHECK].add(measure([*generator, "check"], folder))
        spec.write_text(edited, encoding="utf-8")
        rows[CHANGE].add(measure([*generator, "generate"], folder))
        if peers:
            spec.write_text(original, encoding="utf-8")
            for path in (dmc.parent, opc.parent):
                shutil.rmtree(path, ignore_errors=True)
                path.mkdir()
            rows[DMC].add(measure(dmc_command, folder))
            rows[OPC].add(measure(opc_command, folder, opc_env))
    operations = spec_operations(spec)
    rows[COLD].operations = clientgen_operations(out / large.package, operations)
    rows[COLD].imports = import_time(Path(sys.executable), out / large.package)
    if peers:
        rows[DMC].operations = "models only"
        rows[DMC].imports = import_time(Path(sys.executable), dmc)
        rows[OPC].operations = opc_operations(opc, len(operations))
        rows[OPC].imports = import_time(PEERS_BIN / "python", opc)
    else:
        del rows[DMC], rows[OPC]
    return rows


def table(name: str, large: Large, rows: dict[str, Row], runs: int) -> str:
    load = os.getloadavg()[0]
    lines = [
        f"{name} (`{large.file}`), median of {runs} run(s), load average {load:.1f} at the end:",
        "",
        "| command | wall (s) | peak RSS (MB) | operations | import (s): package; every module |",
        "|---|---|---|---|---|",
    ]
    for label, row in rows.items():
        wall = _md(f"failed ({row.failed})") if row.failed else f"{row.median:.1f}"
        cells = (wall, f"{row.rss:.0f}", row.operations, row.imports)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for label, top, bottom in (
        ("cold `generate` / datamodel-codegen", COLD, DMC),
        ("cold `generate` / openapi-python-client", COLD, OPC),
        ("one-field change / cold `generate`", CHANGE, COLD),
    ):
        if top in rows and bottom in rows and not (rows[top].failed or rows[bottom].failed):
            ratio = rows[top].median / rows[bottom].median
            rss = rows[top].rss / rows[bottom].rss
            lines.append(f"| {label} | {ratio:.2f}x | {rss:.2f}x | | |")
    return "\n".join(lines) + "\n"


def versions() -> str:
    code = "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))"
    found = []
    for python, dist in (
        (Path(sys.executable), "datamodel-code-generator"),
        (PEERS_BIN / "python", "openapi-python-client"),
    ):
        result = subprocess.run(
            [str(python), "-c", code, dist], capture_output=True, text=True, check=False
        )
        found.append(f"{dist} {result.stdout.strip() or '(not installed)'}")
    return ", ".join(found)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--spec", action="append", choices=sorted(SPECS), help="repeatable")
    parser.add_argument("--runs", type=int, default=1, help="rounds per spec (default 1)")
    parser.add_argument("--skip-peers", action="store_true", help="clientgen's rows only")
    args = parser.parse_args()
    peers = not args.skip_peers and (PEERS_BIN / "openapi-python-client").exists()
    if not args.skip_peers and not peers:
        print("no .venv/peers (make peers): skipping the peers", file=sys.stderr)
    compileall.compile_dir(ROOT / "generator", quiet=1)
    print(f"{dt.date.today()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}", end="")
    print(f", {versions()}\n" if peers else "\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        for name in args.spec or ["stripe", "openai"]:
            rows = bench(name, SPECS[name], args.runs, peers, Path(folder))
            print(table(name, SPECS[name], rows, args.runs), flush=True)


if __name__ == "__main__":
    main()

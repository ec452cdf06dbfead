"""Hostile or broken input fails fast with a located message (exit 2, or a lint finding),
never an internal error, a hang or a machine brought to its knees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

# Every run below has a deadline: a hang fails the test instead of blocking the suite.
_DEADLINE = 60
_SPEC_HEAD = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"


def run(cwd: Path, *args: str, memory_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in ``cwd``, optionally with its address space capped."""

    def cap() -> None:
        import resource

        if memory_limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=_DEADLINE,
        preexec_fn=cap,
    )


def assert_exit_2(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr


# ------------------------------------------------------------------ reading the spec


@pytest.mark.parametrize("command", ["lint", "generate", "check"])
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    args = [command, str(fifo)] if command == "lint" else [command, "--spec", str(fifo)]
    assert_exit_2(run(tmp_path, *args), "not a regular file")


@pytest.mark.parametrize("command", ["lint", "generate"])
def test_an_endless_device_is_refused_without_reading_it(tmp_path: Path, command: str) -> None:
    args = [command, "/dev/zero"] if command == "lint" else [command, "--spec", "/dev/zero"]
    assert_exit_2(run(tmp_path, *args, memory_limit=2 << 30), "not a regular file")


def test_a_spec_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(_SPEC_HEAD + "x-padding: '" + "a" * 5000 + "'\n")
    assert run(tmp_path, "lint", str(spec)).returncode == 0
    assert_exit_2(
        run(tmp_path, "lint", "--max-spec-bytes", "4096", str(spec)), "larger than the limit"
    )
    (tmp_path / "pyproject.toml").write_text("[tool.clientgen]\nmax-spec-bytes = 4096\n")
    assert_exit_2(run(tmp_path, "generate", "--spec", "spec.yaml"), "larger than the limit")


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """Nine levels of nine aliases: 387 million strings from 1 KB."""
    lines = ['x-0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"x-{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    spec = tmp_path / "bomb.yaml"
    spec.write_text(_SPEC_HEAD + "\n".join(lines) + "\n")
    result = run(tmp_path, "lint", "--format", "json", str(spec), memory_limit=2 << 30)
    assert result.returncode == 1, result.stderr
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "syntax"
    assert "YAML aliases expand to more than 100,000 values" in finding["message"]
    assert finding["line"] == 4  # the anchored list the aliases repeat


def test_aliases_within_the_budget_are_read(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(_SPEC_HEAD + "x-a: &a {k: [1, 2, 3]}\nx-b: [*a, *a, *a]\n")
    assert run(tmp_path, "lint", str(spec)).returncode == 0


def test_nesting_past_the_limit_is_a_located_finding(tmp_path: Path) -> None:
    spec = tmp_path / "deep.yaml"
    spec.write_text(_SPEC_HEAD + "x-deep:\n" + "".join(f"{'  ' * d}  a:\n" for d in range(80)))
    result = run(tmp_path, "lint", "--format", "json", str(spec))
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "syntax"
    assert "nests deeper than the limit of 64 levels" in finding["message"]
    assert finding["line"] == 4 + 64


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9" * 5000, "more than 4,300 digits"),
        ("!!binary aGVsbG8=", "is not JSON data"),
        ("!!timestamp 2001-12-14", "is not JSON data"),
    ],
)
def test_values_python_or_json_cannot_hold_are_located(
    tmp_path: Path, value: str, message: str
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(_SPEC_HEAD + f"x-value: {value}\n")
    result = run(tmp_path, "lint", "--format", "json", str(spec))
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["line"], finding["column"]) == ("syntax", 4, 10)
    assert message in finding["message"]
    assert_exit_2(run(tmp_path, "generate", "--spec", "spec.yaml"), "spec.yaml:4:10", message)


def _minified_spec(path: Path, count: int) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "x", "responses": {"204": {"description": "-"}}}}},
        "components": {"schemas": {f"S{i}": schema for i in range(count)}},
    }
    path.write_text(json.dumps(document, separators=(",", ":")))


def test_the_text_report_shows_a_window_of_a_long_line(tmp_path: Path) -> None:
    spec = tmp_path / "minified.json"
    _minified_spec(spec, 1000)
    result = run(tmp_path, "lint", str(spec))
    assert result.returncode == 0  # warnings alone pass
    lines = result.stdout.splitlines()
    assert lines[-1] == "0 errors, 1000 warnings, 0 infos in 1 file"
    excerpts = [line for line in lines if line.startswith("    1 | ")]
    assert len(excerpts) == 1000
    assert max(len(line) for line in excerpts) <= len("    1 | ") + 126
    # The caret still points at the column the finding names.
    first = lines.index(excerpts[0])
    column = int(lines[first - 1].split(":")[2])
    caret = lines[first + 1].index("^") - len("      | ")
    source = excerpts[0][len("    1 | ") :]
    assert source[caret:].startswith(spec.read_text()[column - 1 : column + 20])


def test_lint_of_a_huge_spec_runs_in_bounded_memory(tmp_path: Path) -> None:
    """50,000 schemas in the slow suite (about 300 MB at peak), 5,000 by default."""
    count = int(os.environ.get("CLIENTGEN_HUGE_SCHEMAS", "5000"))
    spec = tmp_path / "huge.json"
    _minified_spec(spec, count)
    probe = (
        "import resource, sys\n"
        "from generator.cli import main\n"
        "code = main(['lint', sys.argv[1]])\n"
        "print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(spec)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    code, peak_kib = result.stderr.split()[-2:]
    assert code == "0"
    assert int(peak_kib) < 1024 * 1024, f"lint peaked at {int(peak_kib) // 1024} MB"
    assert len(result.stdout) < 400 * (count + 2)  # one bounded finding per schema


# --------------------------------------------------------- configuration and paths


@pytest.mark.parametrize(
    ("pyproject", "needle"),
    [
        ('[tool]\nclientgen = "abc"\n', "[tool.clientgen] must be a table"),
        ("[tool.clientgen]\nspec = 3\n", "spec must be a string"),
        ('[tool.clientgen]\nspec = "spec/a\\u0000b.yaml"\n', "contains a NUL character"),
        ("[tool.clientgen]\nmax-spec-bytes = -1\n", "max-spec-bytes must be a positive integer"),
        ("[tool.clientgen]\nlint = 1\n", "[tool.clientgen.lint] must be a table"),
        ('[tool.clientgen]\nunknown = "x"\n', "unknown option(s) in [tool.clientgen]: unknown"),
    ],
)
def test_a_bad_configuration_is_exit_2(tmp_path: Path, pyproject: str, needle: str) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject)
    assert_exit_2(run(tmp_path, "generate"), needle)
    assert_exit_2(run(tmp_path, "check"), needle)


def test_a_pyproject_that_is_not_utf8_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.clientgen]\npackage = "caf\xe9"\n')
    assert_exit_2(run(tmp_path, "generate"), "pyproject.toml")


@pytest.mark.parametrize(
    ("package", "needle"),
    [
        ("", "the package name is empty"),
        ("pydantic", "would shadow"),
        ("httpx", "would shadow"),
        ("typing", "would shadow"),
        ("os", "would shadow"),
        ("Not-A-Module", "not a valid snake_case module name"),
    ],
)
def test_a_package_name_that_cannot_work_is_refused(
    project: Path, package: str, needle: str
) -> None:
    assert_exit_2(run(project, "generate", "--package", package, "--out", "elsewhere"), needle)
    assert not (project / "elsewhere").exists()


def test_components_without_schemas_gives_a_package(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(_SPEC_HEAD + "components: {}\n")
    result = run(tmp_path, "generate", "--spec", "spec.yaml", "--package", "empty")
    assert result.returncode == 0, result.stderr
    probe = "import empty, empty.models, empty.api; print(empty.models.__doc__ is not None)"
    imported = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path / "generated",
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.stdout.strip() == "True", imported.stderr


def test_the_project_spec_still_reads_within_the_default_limits() -> None:
    result = run(ROOT, "lint")
    assert result.returncode == 0, result.stdout

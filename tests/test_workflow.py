"""The everyday workflow as a user meets it: check in CI, safe regeneration, vendoring.

The whole tool through its commands (the writer's swap alone: tests/writer/test_swap.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, run_python
from .treediff import files_in

CLIENTGEN = Path(sys.executable).parent / "clientgen"


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_passes_on_an_up_to_date_tree_without_heavy_imports(project: Path) -> None:
    probe = (
        "import sys\n"
        "from generator.cli import main\n"
        "code = main(['check'])\n"
        "print(code, sorted(m for m in ('black', 'datamodel_code_generator', 'jinja2') if m in sys.modules))\n"
    )
    result = run_python(probe, cwd=project)
    assert result.stdout.strip() == "0 []", result.stderr
    assert "up to date" in result.stderr


def test_check_reports_an_edited_spec_with_a_diff(project: Path) -> None:
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(
        spec.read_text().replace("description: Campaign name.", "description: The name.", 1)
    )
    result = cli(project, "check")
    assert result.returncode == 1
    assert "would update generated/carecycle/models.py" in result.stderr
    assert "would update generated/carecycle/.clientgen-manifest.json" in result.stderr
    removed = [line for line in result.stdout.splitlines() if line.startswith("-")]
    added = [line for line in result.stdout.splitlines() if line.startswith("+")]
    assert any('description="Campaign name."' in line for line in removed)
    assert any('description="The name."' in line for line in added)
    assert "Run `python -m generator generate`" in result.stderr
    assert cli(project, "generate").returncode == 0
    assert cli(project, "check").returncode == 0


def test_check_catches_a_hand_edit(project: Path) -> None:
    models = project / "generated" / "carecycle" / "models.py"
    models.write_text(models.read_text().replace("max_length=255", "max_length=999"))
    result = cli(project, "check")
    assert result.returncode == 1
    assert "would update generated/carecycle/models.py" in result.stderr
    assert (
        '+        str | MISSING, Field(description="Campaign name.", max_length=255)'
        in result.stdout
    )


def test_check_full_catches_a_hand_edit_hidden_from_the_manifest(project: Path) -> None:
    package = project / "generated" / "carecycle"
    errors = package / "errors.py"
    errors.write_text(errors.read_text() + "\n# a sneaky edit\n")
    manifest_path = package / ".clientgen-manifest.json"
    manifest = json.loads(manifest_path.read_text())
    import hashlib

    manifest["files"]["errors.py"] = hashlib.sha256(errors.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    assert cli(project, "check").returncode == 0  # the manifest vouches for the edit
    result = cli(project, "check", "--full")
    assert result.returncode == 1
    assert "would update generated/carecycle/errors.py" in result.stderr
    assert "-# a sneaky edit" in result.stdout


def test_check_on_a_broken_spec_exits_2(project: Path) -> None:
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("paths:", "paths: [", 1))
    result = cli(project, "check")
    assert result.returncode == 2
    assert "spec/openapi.yaml:" in result.stderr


def test_two_runs_at_once_do_not_interleave(project: Path) -> None:
    shutil.rmtree(project / "generated")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "generator", "generate"],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr
    assert files_in(project / "generated" / "carecycle") == files_in(
        ROOT / "generated" / "carecycle"
    )


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [
        # the schemas' shape changes: the models are made again, other blocks kept
        ("maxLength: 255", "maxLength: 200", "max_length=200"),
        # a description only: the models kept are used, the new text put in
        (
            "description: Campaign name.",
            "description: 'The \"name\" \\ here.'",
            'The "name" \\\\ here.',
        ),
    ],
)
def test_warm_cache_gives_the_bytes_of_a_cold_run(
    project: Path, before: str, after: str, shown: str
) -> None:
    assert cli(project, "generate").returncode == 0  # fills the caches
    assert (project / "generated" / ".clientgen-cache" / "format.json").is_file()
    assert (project / "generated" / ".clientgen-cache" / "models.json").is_file()
    assert (project / "generated" / ".clientgen-cache" / "layouts.json").is_file()
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace(before, after, 1))
    assert cli(project, "generate").returncode == 0
    warm = files_in(project / "generated" / "carecycle")
    shutil.rmtree(project / "generated")
    assert cli(project, "generate", "--no-cache").returncode == 0
    assert files_in(project / "generated" / "carecycle") == warm
    assert shown in warm["models.py"]


def test_vendored_under_another_name_imports_with_only_pydantic_and_httpx(project: Path) -> None:
    other_repo = project / "other"
    result = cli(project, "generate", "--out", "other/src/acme", "--package", "acme_care")
    assert result.returncode == 0, result.stderr
    package = other_repo / "src" / "acme" / "acme_care"
    header = (package / "models.py").read_text().splitlines()[:2]
    assert "from openapi.yaml" in header[0]
    assert "--out other/src/acme --package acme_care" in header[1]
    script = (
        "import sys\n"
        "from acme_care import Client, MISSING\n"
        "from acme_care.api.campaigns import update_campaign\n"
        "from acme_care.models import UpdateCampaignRequest\n"
        "print(UpdateCampaignRequest(name='x').model_dump(mode='json'))\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'carecycle', 'generator', 'yaml', 'black'}))\n"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, 'src/acme')\n{script}"],
        cwd=other_repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["{'name': 'x'}", "[]"]


def test_console_script_and_pre_commit_hooks(project: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {hook["id"] for hook in hooks} == {"clientgen-check", "clientgen-lint"}
    for hook in hooks:
        command, subcommand = hook["entry"].split()
        assert command == "clientgen"
        result = subprocess.run(
            [str(CLIENTGEN), subcommand, "--help"],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [str(CLIENTGEN), "check"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_a_spec_without_security_gives_a_client_that_needs_no_key(tmp_path: Path) -> None:
    spec = yaml.safe_load((ROOT / "tests" / "golden" / "features" / "spec.yaml").read_text())
    del spec["components"]["securitySchemes"]
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(spec))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            "spec.yaml",
            "--out",
            "out",
            "--package",
            "open_api",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # httpx's own transport for tests, not a patch: it answers, and shows what was sent.
    script = (
        "import httpx\n"
        "from open_api import Client\n"
        "from open_api.api.pets import list_pets\n"
        "sent = []\n"
        "def answer(request):\n"
        "    sent.append(request)\n"
        "    return httpx.Response(200, json={'items': []})\n"
        "http = httpx.Client(transport=httpx.MockTransport(answer))\n"
        "list_pets(Client(base_url='http://127.0.0.1:9', http_client=http), kind='dog')\n"
        "print(sorted(sent[0].headers))\n"
    )
    run = run_python(script, cwd=tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['accept', 'accept-encoding', 'connection', 'host', 'user-agent']"


def test_an_unwritable_output_folder_is_a_clear_error(project: Path) -> None:
    blocker = project / "blocked"
    blocker.write_text("a file where the output folder should be")
    result = cli(project, "generate", "--out", "blocked/deeper")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ") and "blocked" in result.stderr
    assert blocker.read_text() == "a file where the output folder should be"


def test_check_reports_a_generated_file_that_is_not_utf8(project: Path) -> None:
    (project / "generated" / "carecycle" / "errors.py").write_bytes(b"\xff\xfe broken")
    result = cli(project, "check")
    assert result.returncode == 1, result.stderr
    assert "would update generated/carecycle/errors.py" in result.stderr


def test_an_installed_generator_finds_its_templates(project: Path, tmp_path: Path) -> None:
    """A wheel (what pip and pre-commit install) carries the templates and makes the same
    bytes as the checkout."""
    wheel_dir, site, source = tmp_path / "wheel", tmp_path / "site", tmp_path / "source"
    for part in ("generator", "templates"):  # a copy, so no build/ folder lands in the repo
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(wheel_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("clientgen-*.whl")
    shutil.unpack_archive(wheel, site, format="zip")
    shutil.rmtree(project / "generated")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys, generator; from generator.cli import main;"
                "print(generator.TEMPLATES); sys.exit(main(['generate']))"
            ),
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(site)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(site / "generator" / "templates")
    assert files_in(project / "generated" / "carecycle") == files_in(
        ROOT / "generated" / "carecycle"
    )

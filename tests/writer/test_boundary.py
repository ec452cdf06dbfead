"""The output folder is a boundary: whatever the manifest, a journal, the cache or a
symlink says, nothing outside it is written, renamed or deleted.  Each attack is made
the way someone would plant it in a pull request: real files, real symlinks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT
from ..treediff import files_in

PACKAGE = Path("generated") / "carecycle"


def generate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def everything(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: a file's text, a folder, or where a symlink points."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if "__pycache__" in path.parts:
            continue
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            found[name] = "(folder)"
        else:
            found[name] = path.read_text(errors="replace")
    return found


def list_in_manifest(project: Path, *entries: str) -> None:
    manifest = project / PACKAGE / ".clientgen-manifest.json"
    data = json.loads(manifest.read_text())
    data["files"].update(dict.fromkeys(entries, "0" * 64))
    manifest.write_text(json.dumps(data))


def expect_refusal(project: Path, *needles: str) -> None:
    """``generate`` exits 2 naming the problem, and leaves every file as it was."""
    before = everything(project)
    result = generate(project)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr
    for needle in needles:
        assert needle in result.stderr
    assert everything(project) == before


@pytest.mark.parametrize("entry", [".", "api", "", "/etc/passwd", "../README.md", "a//b"])
def test_a_manifest_entry_that_is_no_file_of_the_package_is_refused(
    project: Path, entry: str
) -> None:
    (project / PACKAGE / "NOTES.md").write_text("the user's own file\n")
    (project / "README.md").write_text("the project's readme\n")
    list_in_manifest(project, entry)
    expect_refusal(project, ".clientgen-manifest.json")


def test_a_symlinked_folder_inside_the_package_is_not_written_through(
    project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "campaigns.py").write_text("someone else's file\n")
    api = project / PACKAGE / "api"
    for path in api.iterdir():
        path.unlink()
    api.rmdir()
    api.symlink_to(elsewhere)
    expect_refusal(project, "is a symlink")
    assert everything(elsewhere) == {"campaigns.py": "someone else's file\n"}


def test_a_manifest_entry_under_a_symlinked_folder_deletes_nothing(project: Path) -> None:
    (project / "README.md").write_text("the project's readme\n")
    (project / PACKAGE / "docs").symlink_to(project)
    list_in_manifest(project, "docs/README.md")
    expect_refusal(project, "is a symlink")
    assert (project / "README.md").read_text() == "the project's readme\n"


def test_a_generated_file_replaced_by_a_symlink_is_replaced_not_followed(
    project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.py"
    secret.write_text("not the generator's\n")
    models = project / PACKAGE / "models.py"
    models.unlink()
    models.symlink_to(secret)
    result = generate(project)
    assert result.returncode == 0, result.stderr
    assert not models.is_symlink()
    assert secret.read_text() == "not the generator's\n"
    assert files_in(project / PACKAGE) == files_in(ROOT / PACKAGE)


@pytest.mark.parametrize("link", ["package", "out"])
def test_an_output_folder_that_is_a_symlink_is_refused(
    project: Path, tmp_path: Path, link: str
) -> None:
    target = tmp_path / "target"
    folder = project / (PACKAGE if link == "package" else PACKAGE.parent)
    folder.rename(target)
    folder.symlink_to(target)
    expect_refusal(project, "is a symlink")


def test_a_planted_journal_cannot_delete_outside(project: Path) -> None:
    victim = project / "x"
    victim.write_text("precious\n")
    staging = project / "generated" / ".carecycle.staging-planted"
    staging.mkdir()
    (staging / "swap.json").write_text(
        json.dumps(
            {"changed": ["../../x"], "stale": ["../../x"], "new_folders": [], "new_package": False}
        )
    )
    expect_refusal(project, "can't be trusted", "delete", str(staging))
    assert victim.read_text() == "precious\n"


@pytest.mark.parametrize("journal", ["", "{", "[]", '{"changed": "x"}'])
def test_an_unreadable_journal_is_a_clear_error(project: Path, journal: str) -> None:
    staging = project / "generated" / ".carecycle.staging-planted"
    staging.mkdir()
    (staging / "swap.json").write_text(journal)
    expect_refusal(project, "can't be trusted", f"delete {staging}")


def test_a_planted_staging_symlink_is_not_followed(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep\n")
    (project / "generated" / ".carecycle.staging-planted").symlink_to(elsewhere)
    expect_refusal(project, "is not a staging folder")
    assert everything(elsewhere) == {"keep.txt": "keep\n"}


def test_a_cache_folder_symlinked_to_the_project_is_replaced(project: Path) -> None:
    gitignore = project / ".gitignore"
    gitignore.write_text("the project's own ignores\n")
    (project / "generated" / ".clientgen-cache").symlink_to(project)
    result = generate(project)
    assert result.returncode == 0, result.stderr
    assert gitignore.read_text() == "the project's own ignores\n"
    cache = project / "generated" / ".clientgen-cache"
    assert cache.is_dir() and not cache.is_symlink()
    assert (cache / "format.json").is_file()


def test_a_poisoned_format_cache_cannot_add_code(project: Path) -> None:
    assert generate(project).returncode == 0  # fills the cache
    cache_file = project / "generated" / ".clientgen-cache" / "format.json"
    kept = json.loads(cache_file.read_text())
    payload = "\nimport os\nos.system('touch pwned')\n"
    poisoned = {key: text + payload for key, text in kept["data"].items()}
    cache_file.write_text(json.dumps({**kept, "data": poisoned}))
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("maxLength: 255", "maxLength: 200", 1))
    result = generate(project)
    assert result.returncode == 0, result.stderr
    warm = files_in(project / PACKAGE)
    assert not any("touch pwned" in text for text in warm.values())
    assert "max_length=200" in warm["models.py"]
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--full"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout


def _edit_in_place(cache_file: Path, edit: Callable[[Any], Any]) -> None:
    """The kept data edited, in the file itself (its inode and its modification time
    kept, as only the generator itself would)."""
    kept = json.loads(cache_file.read_text())
    with cache_file.open("r+") as stream:
        stream.write(json.dumps({**kept, "data": edit(kept["data"])}))
        stream.truncate()
    os.utime(cache_file, ns=(kept["file"][2], kept["file"][2]))


def _append_to_models(cache_file: Path, code: str) -> None:
    """``code`` added to the kept models' source, in the file itself."""
    _edit_in_place(cache_file, lambda models: {**models, "source": models["source"] + code})


def _appended_to_layouts(code: str) -> Callable[[Any], Any]:
    """An edit adding ``code`` to the last block of every layout kept."""
    return lambda layouts: {
        key: [*blocks[:-1], blocks[-1] + code] for key, blocks in layouts.items()
    }


def test_a_poisoned_models_cache_cannot_add_code(project: Path) -> None:
    assert generate(project).returncode == 0  # fills the cache
    cache_file = project / "generated" / ".clientgen-cache" / "models.json"
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("Campaign name.", "The campaign's name.", 1))
    # Code, even inside what looks like the models, in the very file the run wrote: the
    # entry is not used.
    _append_to_models(cache_file, "\nimport os\nos.system('touch pwned')\n")
    assert generate(project).returncode == 0
    models = (project / PACKAGE / "models.py").read_text()
    assert "pwned" not in models and "The campaign's name." in models


def test_a_models_cache_is_used_only_from_the_file_this_machine_wrote(project: Path) -> None:
    assert generate(project).returncode == 0  # fills the cache
    cache_file = project / "generated" / ".clientgen-cache" / "models.json"
    spec = project / "spec" / "openapi.yaml"
    # Declarations only, but not what the spec says, in the file as written: used.
    # (Nothing but a run of the generator writes this file in place: it is the test's
    # way to see that the cache is used at all.)
    _append_to_models(cache_file, "\nMARK = 1\n")
    spec.write_text(spec.read_text().replace("Campaign name.", "Its name.", 1))
    assert generate(project).returncode == 0
    assert "MARK = 1" in (project / PACKAGE / "models.py").read_text()
    # The same file planted (a checkout, a copy: another inode): never used.
    planted = cache_file.read_text()
    cache_file.unlink()
    cache_file.write_text(planted.replace('"source": "', '"source": "PLANTED = 1\\n', 1))
    spec.write_text(spec.read_text().replace("Its name.", "The name.", 1))
    assert generate(project).returncode == 0
    models_py = (project / PACKAGE / "models.py").read_text()
    assert "PLANTED" not in models_py and "MARK" not in models_py and "The name." in models_py


def test_a_layouts_cache_is_used_only_from_the_file_this_machine_wrote(project: Path) -> None:
    assert generate(project).returncode == 0  # fills the cache
    cache_file = project / "generated" / ".clientgen-cache" / "layouts.json"
    spec = project / "spec" / "openapi.yaml"
    # In the file as written: used for the operations' module, whose text is the same.
    # (Nothing but a run of the generator writes this file in place: it is the test's
    # way to see that the cache is used at all.)
    _edit_in_place(cache_file, _appended_to_layouts("\nMARK = 1\n"))
    spec.write_text(spec.read_text().replace("Campaign name.", "Its name.", 1))
    assert generate(project).returncode == 0
    assert "MARK = 1" in (project / PACKAGE / "api" / "campaigns.py").read_text()
    # Rewritten (a checkout, a copy, an editor: another inode or time): never used.
    kept = json.loads(cache_file.read_text())
    planted = _appended_to_layouts("\nimport os\nos.system('touch pwned')\n")(kept["data"])
    cache_file.write_text(json.dumps({**kept, "data": planted}))
    spec.write_text(spec.read_text().replace("Its name.", "The name.", 1))
    assert generate(project).returncode == 0
    written = files_in(project / PACKAGE)
    assert not any("pwned" in text or "MARK" in text for text in written.values())
    assert "The name." in written["models.py"]

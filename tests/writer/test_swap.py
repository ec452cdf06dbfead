"""The writer's staged, journaled swap (generator/writer.py): a failure or a kill at any
of its renames leaves every file as it was, or as the next run puts it back."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import GeneratorError
from generator.writer import write_package

from ..conftest import copy_generated, run_python
from ..treediff import files_in


def test_a_failure_while_writing_leaves_the_output_untouched(project: Path) -> None:
    package = project / "generated" / "carecycle"
    before = files_in(project)
    with pytest.raises(GeneratorError, match="outside"):
        write_package(package, {"models.py": "# new\n", "../escaped.py": "# evil\n"})
    assert files_in(project) == before


def _swap_case(project: Path) -> tuple[Path, dict[str, str]]:
    """The committed package with a foreign file, and a next output that changes two files,
    adds one in a new folder and drops one."""
    package = project / "generated" / "carecycle"
    (package / "NOTES.md").write_text("mine, not the generator's\n")
    files = files_in(package)
    del files["NOTES.md"], files["scalars.py"]
    files["models.py"] += "# changed\n"
    files[".clientgen-manifest.json"] = files[".clientgen-manifest.json"].replace("{", "{ ", 1)
    files["extra/added.py"] = "# added\n"
    return package, files


def _tree(folder: Path) -> dict[str, str | None]:
    """Every file (with its text) and every folder (None) under ``folder``."""
    return {
        path.relative_to(folder).as_posix(): path.read_text() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
        if "__pycache__" not in path.parts
    }


def _renames_in_a_swap(tmp_path: Path) -> int:
    project = tmp_path / "count"
    copy_generated(project)
    package, files = _swap_case(project)
    calls = []
    real_replace = os.replace

    def counting(*args: Any) -> None:
        calls.append(args)
        real_replace(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", counting)
        write_package(package, files)
    return len(calls)


def test_a_failure_at_any_point_of_the_swap_puts_every_file_back(tmp_path: Path) -> None:
    renames = _renames_in_a_swap(tmp_path)
    assert renames == 7  # the journal; models, manifest and scalars aside; three into place
    real_replace = os.replace
    for failing in range(1, renames + 1):
        project = tmp_path / str(failing)
        copy_generated(project)
        package, files = _swap_case(project)
        before = _tree(project)
        calls = 0

        def replace(*args: Any, fail_at: int = failing) -> None:
            nonlocal calls
            calls += 1
            if calls == fail_at:
                raise OSError("disk full")
            real_replace(*args)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(os, "replace", replace)
            with pytest.raises(OSError, match="disk full"):
                write_package(package, files)
        assert _tree(project) == before, f"rename {failing} of {renames} failed"


def test_a_run_killed_during_the_swap_is_undone_by_the_next(tmp_path: Path) -> None:
    renames = _renames_in_a_swap(tmp_path)
    for dying in range(1, renames + 1):  # at 1, before the journal is committed
        project = tmp_path / str(dying)
        copy_generated(project)
        package, files = _swap_case(project)
        before = _tree(project)
        previous = files_in(package)
        del previous["NOTES.md"]
        script = (
            "import json, os, sys\n"
            "from pathlib import Path\n"
            "from generator.writer import write_package\n"
            "real, calls = os.replace, []\n"
            "def replace(*args):\n"
            "    calls.append(args)\n"
            f"    if len(calls) == {dying}:\n"
            "        os._exit(9)\n"
            "    real(*args)\n"
            "os.replace = replace\n"
            "write_package(Path(sys.argv[1]), json.loads(sys.stdin.read()))\n"
        )
        killed = run_python(script, str(package), cwd=project, stdin=json.dumps(files))
        assert killed.returncode == 9, killed.stderr
        assert _tree(project) != before  # the staging folder is left, the swap halfway
        assert write_package(package, previous) == []  # undoes it, then finds nothing to do
        assert _tree(project) == before, f"killed at rename {dying} of {renames}"

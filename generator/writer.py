"""Stage 6, the only one that touches the disk: put the rendered files in place safely.

Every changed file is first written in full to a staging folder beside the package.
Then a journal is written there (the commit point), and the swap begins: each old file
is moved aside into the staging folder and its new version renamed into place.  Should
anything fail during the swap, every file is put back as it was; should the process die
midway, the next run finds the journal and puts everything back before it starts.
Either way the package holds the previous output or the new one, never a mix, once the
lock is free.  Files named in the previous manifest but no longer produced are removed
(moved aside with the rest); files the generator never wrote are left alone, and a
non-empty folder without a manifest is refused unless ``force`` is given.  An exclusive
lock on the output folder keeps two runs from interleaving.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import GeneratorError
from .manifest import MANIFEST, read_manifest

__all__ = ["read_format_cache", "write_format_cache", "write_package"]

_CACHE_DIR = ".clientgen-cache"
_FORMAT_CACHE = "format.json"
_DERIVED = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
_JOURNAL = "swap.json"


def write_package(package_dir: Path, files: dict[str, str], *, force: bool = False) -> list[str]:
    """Make ``package_dir`` hold exactly ``files`` (plus foreign files); return what changed."""
    package_dir.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(package_dir.parent):
        _undo_interrupted_swaps(package_dir)
        previous = _owned_files(package_dir, force=force)
        changed = sorted(
            path for path, text in files.items() if _read_or_none(package_dir / path) != text
        )
        stale = sorted(previous - set(files))
        for path in changed + stale:
            _inside(package_dir, path)
        if not changed and not stale:
            return []
        staging = Path(
            tempfile.mkdtemp(prefix=_staging_prefix(package_dir), dir=package_dir.parent)
        )
        try:
            for path in changed:
                _write(staging / "new" / path, files[path].encode("utf-8"))
            # Folders the swap will create ("." is the package folder), parents first.
            new_folders = sorted(
                {parent.as_posix() for path in changed for parent in Path(path).parents}
                - set(_folders_under(package_dir)),
                key=len,
            )
            journal = {"changed": changed, "stale": stale, "new_folders": new_folders}
            _write(staging / f"{_JOURNAL}.tmp", json.dumps(journal).encode())
            os.replace(staging / f"{_JOURNAL}.tmp", staging / _JOURNAL)  # the commit point
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)  # nothing was touched yet
            raise
        try:
            _swap(package_dir, staging, changed, stale)
        except BaseException:
            _undo_swap(package_dir, staging)
            raise
        (staging / _JOURNAL).unlink()  # done: nothing for a later run to undo
        shutil.rmtree(staging, ignore_errors=True)
        return sorted(changed + stale)


def _swap(package_dir: Path, staging: Path, changed: list[str], stale: list[str]) -> None:
    """Move each old file aside into ``staging``, and each new one into its place."""
    new = set(changed)
    for path in sorted(changed + stale):
        target = package_dir / path
        if os.path.lexists(target):
            aside = staging / "old" / path
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, aside)
        if path in new:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / "new" / path, target)


def _undo_swap(package_dir: Path, staging: Path) -> None:
    """Put the package back as it was before the swap ``staging`` journals, whatever point
    the swap reached; the staging folder goes only once that is done."""
    journal = json.loads((staging / _JOURNAL).read_text(encoding="utf-8"))
    for path in journal["changed"]:
        if not (staging / "new" / path).exists():  # it had been moved into place
            (package_dir / path).unlink(missing_ok=True)
    for path in journal["changed"] + journal["stale"]:
        aside = staging / "old" / path
        if os.path.lexists(aside):
            os.replace(aside, package_dir / path)
    for folder in reversed(journal["new_folders"]):  # the deepest first
        with contextlib.suppress(OSError):  # gone already, or holds someone else's files
            (package_dir / folder).rmdir()
    shutil.rmtree(staging, ignore_errors=True)


def _undo_interrupted_swaps(package_dir: Path) -> None:
    """Put back what a run that died midway through its swap had moved; drop staging
    folders of runs that died before theirs began."""
    for staging in sorted(package_dir.parent.glob(f"{_staging_prefix(package_dir)}*")):
        if (staging / _JOURNAL).is_file():
            _undo_swap(package_dir, staging)
        else:
            shutil.rmtree(staging, ignore_errors=True)


def _staging_prefix(package_dir: Path) -> str:
    return f".{package_dir.name}.staging-"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def read_format_cache(out: Path) -> dict[str, str]:
    """Formatted blocks kept by earlier runs in ``out``; empty when there are none."""
    try:
        entries = json.loads((out / _CACHE_DIR / _FORMAT_CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def write_format_cache(out: Path, entries: dict[str, str]) -> None:
    """Keep ``entries`` (the blocks this run used) for the next run; best effort."""
    folder = out / _CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("# Made by clientgen; safe to delete.\n*\n")
        staging = folder / f"{_FORMAT_CACHE}.{os.getpid()}"
        staging.write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")
        os.replace(staging, folder / _FORMAT_CACHE)
    except OSError:
        pass  # a cache that cannot be written only costs time on the next run


def _owned_files(package_dir: Path, *, force: bool) -> set[str]:
    """The files the previous run wrote; refuse a folder that is someone else's."""
    if not package_dir.exists():
        return set()
    manifest = read_manifest(package_dir)
    if manifest is None:
        if any(_files_under(package_dir)) and not force:
            raise GeneratorError(
                f"{package_dir} is not empty and holds no {MANIFEST}: it is not this "
                "generator's output. Pass --force to write into it anyway."
            )
        return set()
    listed = manifest.get("files")
    return {str(path) for path in listed} | {MANIFEST} if isinstance(listed, dict) else {MANIFEST}


def _folders_under(folder: Path) -> Iterator[str]:
    if folder.is_dir():
        yield "."
        for path in folder.rglob("*"):
            if path.is_dir():
                yield path.relative_to(folder).as_posix()


def _files_under(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not _DERIVED.intersection(relative.parts):
            yield relative.as_posix()


def _inside(package_dir: Path, path: str) -> str:
    """Refuse any path that would land outside the package folder."""
    if Path(path).is_absolute() or ".." in Path(path).parts:
        raise GeneratorError(f"refusing to write {path!r} outside {package_dir}")
    return path


def _read_or_none(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@contextlib.contextmanager
def _exclusive_lock(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; runs are not expected to overlap there
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)

"""Stage 6, the only one that touches the disk: put the rendered files in place safely.

Every file is first written in full to a staging folder beside the package, then renamed
over its target, so a failure while writing leaves the previous output as it was.  Files
named in the previous manifest but no longer produced are removed; files the generator
never wrote are left alone, and a non-empty folder without a manifest is refused unless
``force`` is given.  An exclusive lock on the output folder keeps two runs from
interleaving.
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


def write_package(package_dir: Path, files: dict[str, str], *, force: bool = False) -> list[str]:
    """Make ``package_dir`` hold exactly ``files`` (plus foreign files); return what changed."""
    package_dir.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(package_dir.parent):
        previous = _owned_files(package_dir, force=force)
        changed = sorted(
            path for path, text in files.items() if _read_or_none(package_dir / path) != text
        )
        stale = sorted(previous - set(files))
        staging = Path(
            tempfile.mkdtemp(prefix=f".{package_dir.name}.staging-", dir=package_dir.parent)
        )
        try:
            for path in changed:
                _inside(package_dir, path)
                target = staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(files[path].encode("utf-8"))
            for path in changed:
                destination = package_dir / path
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / path, destination)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        for path in stale:
            (package_dir / _inside(package_dir, path)).unlink(missing_ok=True)
        return sorted(changed + stale)


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

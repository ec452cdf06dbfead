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
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from .boundary import (
    UnsafePathError,
    checked_relative,
    is_real_folder,
    read_no_follow,
    read_with_identity,
    refuse_symlinked_folder,
    safe_target,
    write_new_file,
)
from .diagnostics import GeneratorError
from .manifest import MANIFEST, read_manifest
from .speed import Caches

__all__ = ["read_caches", "read_kept_models", "write_caches", "write_package"]

_CACHE_DIR = ".clientgen-cache"
_FORMAT_CACHE = "format.json"
_MODELS_CACHE = "models.json"
_LAYOUT_CACHE = "layouts.json"
_DERIVED = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
_JOURNAL = "swap.json"
_JOURNAL_LISTS = ("changed", "stale", "new_folders")


def write_package(package_dir: Path, files: dict[str, str], *, force: bool = False) -> list[str]:
    """Make ``package_dir`` hold exactly ``files`` (plus foreign files); return what changed."""
    out = package_dir.parent
    refuse_symlinked_folder(out, shown=str(out))
    out.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(out):
        _undo_interrupted_swaps(package_dir)
        refuse_symlinked_folder(package_dir, shown=str(package_dir))
        previous = _owned_files(package_dir, force=force)
        targets = {path: safe_target(package_dir, path, what="a generated file") for path in files}
        changed = sorted(
            path for path, text in files.items() if read_no_follow(targets[path]) != text.encode()
        )
        stale = sorted(
            path
            for path in previous - set(files)
            if os.path.lexists(safe_target(package_dir, path, what=f"{MANIFEST} lists"))
        )
        if not changed and not stale:
            return []
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(package_dir), dir=out))
        try:
            for path in changed:
                _write(staging / "new" / path, files[path].encode("utf-8"))
            journal = {
                "changed": changed,
                "stale": stale,
                "new_folders": _new_folders(package_dir, changed),
                "new_package": not package_dir.exists(),
            }
            write_new_file(staging / f"{_JOURNAL}.tmp", json.dumps(journal).encode())
            os.replace(staging / f"{_JOURNAL}.tmp", staging / _JOURNAL)  # the commit point
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)  # nothing was touched yet
            raise
        try:
            _swap(package_dir, staging, changed, stale)
        except BaseException:
            _undo_swap(package_dir, staging, journal)
            raise
        (staging / _JOURNAL).unlink()  # done: nothing for a later run to undo
        shutil.rmtree(staging, ignore_errors=True)
        _remove_emptied_folders(package_dir, stale)
        return sorted(changed + stale)


def _remove_emptied_folders(package_dir: Path, stale: list[str]) -> None:
    """The folders inside the package that the stale files left empty (the models'
    modules when they become one module again), the deepest first; a folder that holds
    anything else stays."""
    folders = {parent for path in stale for parent in PurePosixPath(path).parents}
    for folder in sorted(folders - {PurePosixPath(".")}, key=lambda f: (-len(f.parts), f)):
        with contextlib.suppress(OSError):  # holds someone else's files
            safe_target(package_dir, str(folder), what="an emptied folder", folder=True).rmdir()


def _new_folders(package_dir: Path, changed: list[str]) -> list[str]:
    """The folders inside the package that the swap will create, parents first."""
    parents = {parent for path in changed for parent in PurePosixPath(path).parents}
    return sorted(
        (
            folder.as_posix()
            for folder in parents
            if folder.parts and not is_real_folder(package_dir / folder)
        ),
        key=len,
    )


def _swap(package_dir: Path, staging: Path, changed: list[str], stale: list[str]) -> None:
    """Move each old file aside into ``staging``, and each new one into its place."""
    new = set(changed)
    for path in sorted(changed + stale):
        target = safe_target(package_dir, path, what="the swap")
        if os.path.lexists(target):  # a symlink is moved aside as a link, never followed
            aside = staging / "old" / path
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, aside)
        if path in new:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / "new" / path, target)


def _undo_swap(package_dir: Path, staging: Path, journal: dict[str, object]) -> None:
    """Put the package back as it was before the swap ``journal`` describes, whatever point
    the swap reached; the staging folder goes only once that is done."""
    changed, stale = journal["changed"], journal["stale"]
    assert isinstance(changed, list) and isinstance(stale, list)  # checked by _read_journal
    for path in changed:
        if not os.path.lexists(safe_target(staging / "new", path, what="the journal")):
            safe_target(package_dir, path, what="the journal").unlink(missing_ok=True)
    for path in changed + stale:
        aside = safe_target(staging / "old", path, what="the journal")
        if os.path.lexists(aside):
            os.replace(aside, safe_target(package_dir, path, what="the journal"))
    folders = journal["new_folders"]
    assert isinstance(folders, list)
    for folder in reversed(folders):  # the deepest first
        with contextlib.suppress(OSError):  # gone already, or holds someone else's files
            safe_target(package_dir, folder, what="the journal", folder=True).rmdir()
    if journal["new_package"]:
        with contextlib.suppress(OSError):
            package_dir.rmdir()
    shutil.rmtree(staging, ignore_errors=True)


def _undo_interrupted_swaps(package_dir: Path) -> None:
    """Put back what a run that died midway through its swap had moved; drop staging
    folders of runs that died before theirs began."""
    for staging in sorted(package_dir.parent.glob(f"{_staging_prefix(package_dir)}*")):
        if not is_real_folder(staging):
            raise UnsafePathError(
                f"{staging} is not a staging folder this generator made (it is a symlink or "
                "a file); remove it and run again"
            )
        if os.path.lexists(staging / _JOURNAL):
            _undo_swap(package_dir, staging, _read_journal(staging))
        else:
            shutil.rmtree(staging, ignore_errors=True)


def _read_journal(staging: Path) -> dict[str, object]:
    """The journal of an interrupted swap, every entry checked; a journal that can't be
    trusted stops the run (exit 2) with what to do."""
    data = read_no_follow(staging / _JOURNAL)
    problem: str | None
    try:
        journal = json.loads(data.decode("utf-8")) if data is not None else None
    except ValueError as exc:
        journal, problem = None, f"not JSON: {exc}"
    else:
        problem = _journal_problem(journal)
    if problem is None:
        assert isinstance(journal, dict)
        return journal
    raise GeneratorError(
        f"{staging / _JOURNAL} records a swap that was interrupted, but it can't be trusted "
        f"({problem}). Compare {staging.parent} with your last commit, then delete {staging} "
        "and run again."
    )


def _journal_problem(journal: object) -> str | None:
    """What makes ``journal`` not one this generator writes, or None."""
    if not isinstance(journal, dict) or set(journal) != {*_JOURNAL_LISTS, "new_package"}:
        return "not a journal this generator writes"
    if not isinstance(journal["new_package"], bool):
        return "'new_package' is not true or false"
    for key in _JOURNAL_LISTS:
        entries = journal[key]
        if not isinstance(entries, list):
            return f"{key!r} is not a list"
        for entry in entries:
            try:
                checked_relative(entry, what=f"an entry of {key!r}")
            except UnsafePathError as exc:
                return str(exc)
    return None


def _staging_prefix(package_dir: Path) -> str:
    return f".{package_dir.name}.staging-"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_new_file(path, data)


def read_caches(out: Path) -> Caches:
    """What earlier runs kept in ``out``; empty when nothing was.

    Only a real folder's regular files are read (a symlink is never followed).  Each file
    holds its own identity (``boundary.write_new_file``: device, inode, nanosecond
    modification time), which a file written by anything else (a checkout, a copy, an
    archive) does not have.  The models and the layouts are read only from such a file of
    this machine's; formatted blocks from any file are still used once checked
    (``speed.FormatCache``).
    """
    folder = out / _CACHE_DIR
    if not is_real_folder(folder):
        return Caches()
    blocks, blocks_own = _stamped(folder / _FORMAT_CACHE)
    if not isinstance(blocks, dict):
        blocks = {}
    layouts, layouts_own = _stamped(folder / _LAYOUT_CACHE)
    if not layouts_own or not isinstance(layouts, dict):
        layouts = {}
    return Caches(
        {k: v for k, v in blocks.items() if isinstance(k, str) and isinstance(v, str)},
        read_kept_models(out),
        blocks_own=blocks_own,
        layouts={k: v for k, v in layouts.items() if isinstance(k, str) and _all_text(v)},
    )


def _all_text(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def read_kept_models(out: Path) -> Any:
    """The models an earlier run kept in ``out`` (``Caches.models``), read as
    ``read_caches`` reads them; None when there are none of this machine's."""
    folder = out / _CACHE_DIR
    if not is_real_folder(folder):
        return None
    models, own = _stamped(folder / _MODELS_CACHE)
    return models if own else None


def _stamped(path: Path) -> tuple[Any, bool]:
    """What the file ``path`` keeps, and whether it is the very file a run wrote."""
    found = read_with_identity(path)
    try:
        data = json.loads(found[0].decode("utf-8")) if found is not None else None
    except ValueError:
        return None, False
    if not isinstance(data, dict) or found is None:
        return None, False
    return data.get("data"), data.get("file") == found[1]


def write_caches(out: Path, caches: Caches) -> None:
    """Keep ``caches`` (what this run used) for the next run; best effort.

    A cache folder that is a symlink (or a file) is replaced by a real folder; each file
    is written beside its place and renamed over it, so a planted link is replaced, never
    written through.
    """
    folder = out / _CACHE_DIR
    try:
        if os.path.lexists(folder) and not is_real_folder(folder):
            folder.unlink()
        folder.mkdir(exist_ok=True)
        files: list[tuple[str, bytes | Callable[[list[int]], bytes]]] = [
            (".gitignore", b"# Made by clientgen; safe to delete.\n*\n"),
            (_FORMAT_CACHE, partial(_stamp, caches.blocks)),
            (_MODELS_CACHE, partial(_stamp, caches.models)),
            (_LAYOUT_CACHE, partial(_stamp, caches.layouts)),
        ]
        for name, data in files:
            staging = folder / f".{name}.{os.getpid()}.tmp"
            staging.unlink(missing_ok=True)
            write_new_file(staging, data)
            os.replace(staging, folder / name)
    except OSError:
        pass  # a cache that cannot be written only costs time on the next run


def _stamp(data: Any, identity: list[int]) -> bytes:
    return json.dumps({"file": identity, "data": data}).encode()


def _owned_files(package_dir: Path, *, force: bool) -> set[str]:
    """The files the previous run wrote; refuse a folder that is someone else's, and a
    manifest that lists anything but plain file paths inside the package."""
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
    paths = list(listed) if isinstance(listed, dict) else []
    for path in paths:
        try:
            checked_relative(path, what=f"{package_dir / MANIFEST} lists")
        except UnsafePathError as exc:
            raise UnsafePathError(
                f"{exc}. Restore the manifest from your last commit, or delete it and pass --force."
            ) from exc
    return {*paths, MANIFEST}


def _files_under(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not _DERIVED.intersection(relative.parts):
            yield relative.as_posix()


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

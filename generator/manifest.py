"""The manifest written with the output: how it was made and the sha256 of every file.

``check`` reads it to answer "is generated/ current?" without importing the heavy stages:
the output is current when the spec, the options and the generator (its code, templates
and formatter versions) are what the manifest records, and every file hashes to what it
lists.  Anything else sends ``check`` to a full regeneration.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from . import TEMPLATES, __version__
from .boundary import UnsafePathError, read_no_follow, safe_target
from .config import Settings
from .document import SpecReadError, spec_sha256

__all__ = [
    "MANIFEST",
    "generator_fingerprint",
    "installed_version",
    "read_manifest",
    "render_manifest",
    "stale_reasons",
]

MANIFEST = ".clientgen-manifest.json"
_GENERATOR_ROOT = Path(__file__).resolve().parent
# What shapes the output bytes: these libraries' versions, every template, and every module
# of the generator but those that only check the spec, write the files or share the work
# between processes (by their path inside generator/).
_SHAPING_LIBRARIES = ("black", "datamodel-code-generator", "isort", "jinja2", "ruff")
_NOT_SHAPING = ("lint", "diff", "report.py", "writer.py", "boundary.py", "speed.py", "config.py")


@cache
def generator_fingerprint() -> str:
    """A hash of the generator's code, templates and the versions of what shapes output."""
    digest = hashlib.sha256()
    for name in _SHAPING_LIBRARIES:
        digest.update(f"{name}=={installed_version(name)}\n".encode())
    # Named relative to their own folder, so a checkout and an installed wheel agree.
    sources = [
        (f"generator/{path.relative_to(_GENERATOR_ROOT).as_posix()}", path)
        for path in sorted(_GENERATOR_ROOT.rglob("*.py"))
        if not path.relative_to(_GENERATOR_ROOT).as_posix().startswith(_NOT_SHAPING)
    ]
    sources += [
        (f"templates/{path.relative_to(TEMPLATES).as_posix()}", path)
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    for name, path in sources:
        text = path.read_bytes().replace(b"\r\n", b"\n")
        digest.update(f"{name}\n".encode())
        digest.update(hashlib.sha256(text).digest())
    return digest.hexdigest()


def installed_version(name: str) -> str:
    """The installed version of distribution ``name``, or "missing"."""
    return _installed_distributions().get(name.replace("-", "_").lower(), "missing")


@cache
def _installed_distributions() -> dict[str, str]:
    """Every distribution on ``sys.path`` by normalized name, read once from the
    ``.dist-info`` folder names (the first one found wins, as for imports).

    This is what importlib.metadata finds too, without the ~30 ms of importing it, which is
    a third of an up-to-date ``check``.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in listing:
            if folder.endswith(".dist-info") and "-" in folder:
                project, _, installed = folder.removesuffix(".dist-info").partition("-")
                found.setdefault(project.replace("-", "_").lower(), installed)
    return found


def render_manifest(
    files: dict[str, str], *, settings: Settings, spec_sha256: str, spec_files: Sequence[str] = ()
) -> str:
    """``spec_files``: the other files a split spec read (``Spec.file_keys``), which its
    sha256 covers too."""
    manifest: dict[str, object] = {
        "generator": f"clientgen {__version__}",
        "generator_fingerprint": generator_fingerprint(),
        "options": {"package": settings.package},
        "spec": settings.spec.name,
        "spec_sha256": spec_sha256,
        "files": {path: _sha256(text.encode("utf-8")) for path, text in sorted(files.items())},
    }
    if spec_files:
        manifest["spec_files"] = list(spec_files)
    return json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def read_manifest(package_dir: Path) -> dict[str, object] | None:
    """The manifest of an earlier run, or None when there is none (or it is unreadable)."""
    data = read_no_follow(package_dir / MANIFEST)
    try:
        manifest = json.loads(data.decode("utf-8")) if data is not None else None
    except ValueError:
        return None
    return manifest if isinstance(manifest, dict) else None


def stale_reasons(settings: Settings) -> list[str]:
    """Why the output may not be what the spec produces now; empty when it surely is."""
    manifest = read_manifest(settings.package_dir)
    if manifest is None:
        return [f"no readable {MANIFEST}"]
    reasons = []
    spec_files = manifest.get("spec_files", [])
    if not isinstance(spec_files, list) or not all(isinstance(key, str) for key in spec_files):
        return [f"{MANIFEST} lists the spec's files wrong"]
    try:
        sha256 = spec_sha256(
            settings.spec,
            display_name=settings.shown(settings.spec),
            limits=settings.read_limits,
            files=spec_files,
        )
    except SpecReadError as exc:
        return [str(exc)]
    if manifest.get("spec_sha256") != sha256:
        reasons.append("the spec changed")
    if manifest.get("options") != {"package": settings.package}:
        reasons.append("the options changed")
    if manifest.get("generator_fingerprint") != generator_fingerprint():
        reasons.append("the generator changed")
    listed = manifest.get("files")
    for path, expected in listed.items() if isinstance(listed, dict) else []:
        try:
            target = safe_target(settings.package_dir, path, what=f"{MANIFEST} lists")
        except UnsafePathError as exc:
            reasons.append(str(exc))
            continue
        data = read_no_follow(target)
        actual = _sha256(data) if data is not None else None
        if actual != expected:
            reasons.append(f"{path} was {'edited' if actual else 'removed'}")
    return reasons


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

"""The construct corpus (tests/corpus/) and the clients committed for it.

Each construct's ``expected/<package>/`` holds the files its spec shapes; the runtime
modules, the same in every package but for their header comment, and the manifest are
left out (tests/test_corpus_golden.py checks both against the generator). ``assemble``
puts the runtime back, so the packages import anywhere, Python 3.10 included, without
the generator.
"""

from __future__ import annotations

import base64
import functools
import importlib
import keyword
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from tests.openapi_server import OpenAPIServer, Reply, Spec

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
CONSTRUCTS = sorted(path.parent.name for path in CORPUS.glob("*/spec.yaml"))
RUNTIME = ROOT / "generator" / "runtime"
RUNTIME_FILES = frozenset(path.name for path in RUNTIME.glob("*.py"))


def load_calls(construct: str) -> dict[str, Any]:
    """The construct's ``calls.yaml`` (its format: tests/corpus/README.md)."""
    text = (CORPUS / construct / "calls.yaml").read_text(encoding="utf-8")
    calls: dict[str, Any] = yaml.safe_load(text)
    return calls


def expected_folder(construct: str) -> Path:
    return CORPUS / construct / "expected"


def assemble(folder: Path) -> Path:
    """Every construct's committed client, made whole, as ``folder/<package>/``."""
    for construct in CONSTRUCTS:
        package = load_calls(construct)["package"]
        target = folder / package
        shutil.copytree(
            expected_folder(construct) / package,
            target,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        for name in RUNTIME_FILES:
            shutil.copyfile(RUNTIME / name, target / name)
    return folder


def snake(name: str) -> str:
    """snake_case as the calls files spell it (ASCII names only in the corpus's ids), a
    trailing ``_`` after a Python keyword."""
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = name.strip("_").lower()
    return f"{name}_" if keyword.iskeyword(name) else name


def reply_of(response: dict[str, Any]) -> Reply:
    """A call's scripted ``response`` as the validating server's ``Reply``."""
    headers = {str(k): str(v) for k, v in (response.get("headers") or {}).items()}
    if "json" in response:
        return Reply.make(response["status"], json=response["json"], headers=headers)
    if "text" in response:
        return Reply.make(response["status"], text=response["text"], headers=headers)
    data = base64.b64decode(response["base64"]) if "base64" in response else b""
    return Reply.make(response["status"], body=data, headers=headers)


@functools.cache
def _spec_of(package: str) -> Spec:
    construct = next(c for c in CONSTRUCTS if load_calls(c)["package"] == package)
    return Spec.load(CORPUS / construct / "spec.yaml")


@contextmanager
def served(
    package: str, *replies: Reply, strict: bool = False
) -> Iterator[tuple[Any, OpenAPIServer]]:
    """The committed client of ``package`` (imported from ``assemble``'s folder, on
    ``sys.path``) and the validating server of its construct's spec on 127.0.0.1, which
    answers ``replies`` in turn, then an empty JSON list."""
    with OpenAPIServer(_spec_of(package), default=Reply.make(200, json=[])) as server:
        for reply in replies:
            server.queue(reply)
        client = importlib.import_module(package).Client
        with client(base_url=server.url, max_retries=0, strict_responses=strict) as api:
            yield api, server

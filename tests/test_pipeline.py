"""The two-process build: the bytes don't depend on how the work was shared, and nothing
that happens to the second process can make a build hang or fail.

At the top of tests/, as generator/pipeline.py (with speed.py's second process) is at the
top of generator/."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from generator.config import load_settings
from generator.pipeline import build

from .conftest import ROOT, run_python
from .treediff import files_in


def test_one_process_gives_what_two_give() -> None:
    settings = load_settings(cwd=ROOT)
    assert threading.active_count() == 1, "the suite runs threads: build() would not fork"
    forked = build(settings, regenerate_command="make")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)  # build() does not fork beside a thread
    thread.start()
    try:
        alone = build(settings, regenerate_command="make")
    finally:
        stop.set()
        thread.join()
    assert forked.files == alone.files
    assert forked.kept == alone.kept
    assert forked.notes == alone.notes == ()


# Each case patches what the second process (and only it: its pid differs) runs.
_BUILD = """
import json, os, sys, time
from pathlib import Path
import generator.formatting, generator.models_stage, generator.pipeline, generator.speed
from generator.config import load_settings
FIRST = os.getpid()
def in_second_process():
    return os.getpid() != FIRST
{patch}
result = generator.pipeline.build(
    load_settings(cwd=Path.cwd()), regenerate_command="python -m generator generate"
)
print(json.dumps({{"files": result.files, "notes": result.notes}}))
"""
_MODELS = "real_models = generator.models_stage.generate_models\n"
_BLACK = "real_black = generator.formatting.black_block\n"
_CASES = {
    "dies making the models": _MODELS + "def models(*args, **kwargs):\n"
    "    if in_second_process(): os._exit(3)\n"
    "    return real_models(*args, **kwargs)\n"
    "generator.models_stage.generate_models = models\n",
    "hangs making the models": _MODELS + "generator.speed.MODELS_DEADLINE = 1.0\n"
    "def models(*args, **kwargs):\n"
    "    if in_second_process(): time.sleep(600)\n"
    "    return real_models(*args, **kwargs)\n"
    "generator.models_stage.generate_models = models\n",
    "fails making the models": _MODELS + "def models(*args, **kwargs):\n"
    "    if in_second_process(): raise MemoryError\n"
    "    return real_models(*args, **kwargs)\n"
    "generator.models_stage.generate_models = models\n",
    "dies formatting": _BLACK + "def black_block(block):\n"
    "    if in_second_process(): os._exit(4)\n"
    "    return real_black(block)\n"
    "generator.formatting.black_block = black_block\n",
    "hangs formatting": _BLACK + "def black_block(block):\n"
    "    if in_second_process(): time.sleep(600)\n"
    "    return real_black(block)\n"
    "generator.formatting.black_block = black_block\n",
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_whatever_happens_to_the_second_process_the_build_completes(case: str) -> None:
    result = run_python(_BUILD.format(patch=_CASES[case]), cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    built = json.loads(result.stdout)
    assert built["files"] == files_in(ROOT / "generated" / "carecycle")
    if "models" in case:
        assert built["notes"] == [
            "the second process did not deliver the models; this process did its work instead"
        ]


_AHEAD = """
real_models = generator.models_stage.generate_models
def models(*args, **kwargs):
    if in_second_process():
        time.sleep(2)  # this process has time to format every block ahead
    return real_models(*args, **kwargs)
generator.models_stage.generate_models = models
ahead = []
real_ahead = generator.speed.FormatCache.format_ahead
def format_ahead(cache, block):
    ahead.append(cache.key(block))
    real_ahead(cache, block)
generator.speed.FormatCache.format_ahead = format_ahead
real_likely_class = generator.pipeline._likely_class
generator.pipeline._likely_class = lambda schema: not real_likely_class(schema)  # wrong
"""
_AHEAD_REPORT = """
kept = {"blocks": sorted(result.kept.blocks), "layouts": sorted(result.kept.layouts)}
print(json.dumps({"ahead": ahead, **kept}))
"""


def test_blocks_formatted_while_the_models_are_made_change_nothing() -> None:
    """While the second process makes the models, this one formats the operations'
    blocks with the class names it expects; a block guessed wrong (here: every schema
    guessed the wrong kind, class or type alias) is formatted again, and what was
    formatted or laid out in vain is not kept for the next run."""
    result = run_python(_BUILD.format(patch=_AHEAD) + _AHEAD_REPORT, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    built, report = (json.loads(line) for line in result.stdout.splitlines())
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)  # build() does not fork beside a thread
    thread.start()
    try:
        alone = build(load_settings(cwd=ROOT), regenerate_command="python -m generator generate")
    finally:
        stop.set()
        thread.join()
    assert built["files"] == alone.files == files_in(ROOT / "generated" / "carecycle")
    assert report["blocks"] == sorted(alone.kept.blocks)
    assert report["layouts"] == sorted(alone.kept.layouts) != []
    used = set(report["ahead"]) & set(report["blocks"])
    assert used, "no block formatted ahead was used"
    assert set(report["ahead"]) - used, "every guess was right: the test tests nothing"


def test_the_second_process_dies_with_its_parent(tmp_path: Path) -> None:
    pid_file = tmp_path / "second.pid"
    patch = (
        _MODELS + "def models(*args, **kwargs):\n"
        "    if in_second_process():\n"
        f"        Path({str(pid_file)!r}).write_text(str(os.getpid()))\n"
        "        time.sleep(600)\n"
        "    return real_models(*args, **kwargs)\n"
        "generator.models_stage.generate_models = models\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", _BUILD.format(patch=patch)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        second = int(pid_file.read_text())
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while _running(second) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(second), "the second process outlived its parent"


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


def test_cold_builds_of_a_large_described_schema_never_hang(tmp_path: Path) -> None:
    """The old helper hung in about a third of these runs (its queue's feeder thread,
    blocked on a full pipe, kept shutdown() waiting forever)."""
    properties = {
        f"field{i}": {"type": "string", "description": f"Field {i}: " + "what it holds. " * 12}
        for i in range(1500)
    }
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Big", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "tags": [{"name": "big", "description": "The big one."}],
        "paths": {
            "/big": {
                "get": {
                    "operationId": "getBig",
                    "tags": ["big"],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Big"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Big": {"type": "object", "properties": properties}}},
    }
    (tmp_path / "big.yaml").write_text(yaml.safe_dump(spec))
    for run in range(int(os.environ.get("CLIENTGEN_STRESS_RUNS", "6"))):
        result = subprocess.run(
            [sys.executable, "-m", "generator", "generate", "--no-cache", "--spec", "big.yaml"]
            + ["--out", f"out{run}", "--package", "big"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "note:" not in result.stderr

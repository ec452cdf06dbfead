"""The command line: ``python -m generator {generate,check,lint,diff}`` (also ``clientgen``).

Exit status, as black's: 0 done (or nothing to change), 1 ``check`` found differences,
2 a usage, configuration or spec error, 123 an internal error.

The heavy stages (datamodel-code-generator, black) are imported only when a command needs
them: ``check`` on an up-to-date tree answers from the manifest alone.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import os
import shlex
import sys
from pathlib import Path
from typing import NoReturn

from .config import Settings, load_settings
from .diagnostics import GeneratorError
from .manifest import stale_reasons
from .writer import read_caches, write_caches, write_package

__all__ = ["main", "run"]

EXIT_DIFFERENT = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 123


def run() -> NoReturn:
    """The command's entry point (``python -m generator`` and ``clientgen``): ``main``,
    then an immediate exit.

    Tearing down the interpreter's ~570 modules (pydantic among them) takes about 0.15 s,
    longer than a whole ``check``.  By the time ``main`` returns every file is written and
    closed, the helper process is joined and the staging folder removed, so only the
    standard streams are left to flush.

    The collector runs less often than Python's default (every 700 objects made): a run
    makes millions of objects that live until it ends (the spec's, the syntax trees the
    models stage and black build), and collecting them so often took a fifth of a cold
    ``generate`` of Stripe's spec, for no less memory.
    """
    gc.set_threshold(50_000, 20, 100)
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing more can be said anyway
        code = code or EXIT_ERROR
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(
            cwd=Path.cwd(),
            spec=args.spec,
            out=args.out,
            package=args.package,
            max_spec_bytes=args.max_spec_bytes,
        )
        command = _regenerate_command(args)
        if args.command == "generate":
            return _generate(settings, command, force=args.force, use_cache=not args.no_cache)
        if args.command == "lint":
            return _lint(settings, args)
        if args.command == "diff":
            return _diff(settings, args)
        return _check(settings, command, full=args.full)
    except (GeneratorError, OSError) as exc:  # OSError: a folder that can't be written, ...
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the last line of defence, reported as such
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL


def _generate(settings: Settings, command: str, *, force: bool, use_cache: bool) -> int:
    from .pipeline import build

    cached = read_caches(settings.out) if use_cache else None
    result = build(settings, regenerate_command=command, cached=cached)
    _print_notes(result.notes)
    files = result.files
    changed = write_package(settings.package_dir, files, force=force)
    if use_cache:
        write_caches(settings.out, result.kept)
    where = settings.shown(settings.package_dir)
    removed = {path for path in changed if path not in files}  # no longer generated
    for path in changed:
        print(f"{'removed' if path in removed else 'wrote'} {where}/{path}", file=sys.stderr)
    written = len(changed) - len(removed)
    gone = f", {_count(len(removed))} removed" if removed else ""
    print(
        f"{where}: {_count(written)} changed, {_count(len(files) - written)} unchanged{gone}.",
        file=sys.stderr,
    )
    return 0


def _check(settings: Settings, command: str, *, full: bool) -> int:
    where = settings.shown(settings.package_dir)
    reasons = stale_reasons(settings)
    if not reasons and not full:
        print(f"{where}: up to date with {settings.shown(settings.spec)}.", file=sys.stderr)
        return 0
    from .pipeline import build

    result = build(settings, regenerate_command=command)
    _print_notes(result.notes)
    files = result.files
    different = 0
    for path, expected in sorted(files.items()):
        target = settings.package_dir / path
        actual = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else None
        if actual == expected:
            continue
        different += 1
        verb = "would update" if actual is not None else "would create"
        print(f"{verb} {where}/{path}", file=sys.stderr)
        sys.stdout.writelines(
            difflib.unified_diff(
                (actual or "").splitlines(keepends=True),
                expected.splitlines(keepends=True),
                f"{where}/{path} (on disk)",
                f"{where}/{path} (from the spec)",
            )
        )
    if different:
        print(
            f"Oh no! {_count(different)} would change, {_count(len(files) - different)} "
            f"would be left unchanged. Run `{command}` and commit the result.",
            file=sys.stderr,
        )
        return EXIT_DIFFERENT
    print(f"{where}: up to date with {settings.shown(settings.spec)}.", file=sys.stderr)
    return 0


def _lint(settings: Settings, args: argparse.Namespace) -> int:
    from .lint import LintConfig, run_lint

    return run_lint(
        args.specs or [settings.spec],
        config=LintConfig.from_dict(settings.lint),
        output_format=args.output_format,
        fail_severity=args.fail_severity,
        generate_ignore=args.generate_ignore,
        limits=settings.read_limits,
    )


def _diff(settings: Settings, args: argparse.Namespace) -> int:
    from .diff import run_diff

    return run_diff(
        args.old,
        args.new,
        settings=settings,
        output_format=args.output_format,
        fail_on=args.fail_on,
    )


def _print_notes(notes: tuple[str, ...]) -> None:
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


def _count(files: int) -> str:
    return f"{files} file{'' if files == 1 else 's'}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate a typed Python client from an OpenAPI 3.1 spec.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    generate = commands.add_parser("generate", help="write the client package from the spec")
    check = commands.add_parser(
        "check", help="exit 1 with a diff when the committed client differs from the spec"
    )
    lint = commands.add_parser(
        "lint", help="report every problem in the spec, each with a rule id and a place"
    )
    lint.set_defaults(spec=None, out=None, package=None)  # only the configuration is read
    lint.add_argument(
        "specs", nargs="*", type=Path, metavar="SPEC", help="default: the configured spec"
    )
    lint.add_argument(
        "--format",
        dest="output_format",
        default="text",
        help="text (default), json, github (workflow annotations) or sarif",
    )
    lint.add_argument(
        "--fail-severity",
        default="error",
        help="error (default), warn or info: exit 1 when a finding is at least this severe",
    )
    lint.add_argument(
        "--generate-ignore",
        action="store_true",
        help="print the [tool.clientgen.lint] ignore list that silences the current findings",
    )
    diff = commands.add_parser(
        "diff", help="what changes for users of the generated client between two spec versions"
    )
    diff.set_defaults(out=None, package=None)  # only the configuration and the spec are read
    diff.add_argument("old", metavar="OLD", help="a spec file, or a git revision of the spec")
    diff.add_argument(
        "new", nargs="?", metavar="NEW", help="the same (default: the spec in the working tree)"
    )
    diff.add_argument(
        "--format",
        dest="output_format",
        default="text",
        help="text (default), json, markdown (a pull request comment), github or sarif",
    )
    diff.add_argument(
        "--fail-on",
        default="breaking",
        help="breaking (default), warning or safe: exit 1 when a change is at least this",
    )
    for command in (generate, check, lint, diff):
        command.add_argument(
            "--max-spec-bytes",
            type=int,
            metavar="N",
            help="refuse a spec file larger than N bytes (default: 64 MiB, or max-spec-bytes "
            "in [tool.clientgen])",
        )
    for command in (generate, check, diff):
        command.add_argument("--spec", help="the OpenAPI file (default: from pyproject.toml)")
    for command in (generate, check):
        command.add_argument("--out", help="the folder that holds the package")
        command.add_argument("--package", help="the package name (a Python module name)")
    generate.add_argument(
        "--force", action="store_true", help="write into a folder that has no manifest"
    )
    generate.add_argument(
        "--no-cache", action="store_true", help="format everything afresh; keep no cache"
    )
    check.add_argument(
        "--full",
        action="store_true",
        help="regenerate and compare bytes even when the manifest says the tree is current",
    )
    return parser


def _regenerate_command(args: argparse.Namespace) -> str:
    """The command that reproduces this output, for file headers and messages, each value
    quoted for a POSIX shell."""
    parts = ["python -m generator generate"]
    for option in ("spec", "out", "package"):
        value = getattr(args, option)
        if value is not None:
            parts.append(f"--{option} {shlex.quote(value)}")
    return " ".join(parts)

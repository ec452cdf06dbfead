"""The command line: ``python -m generator {generate,check}`` (also installed as ``clientgen``).

Exit status, as black's: 0 done (or nothing to change), 1 ``check`` found differences,
2 a usage, configuration or spec error, 123 an internal error.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from .config import Settings, load_settings
from .errors import GeneratorError
from .pipeline import build
from .writer import write_package

__all__ = ["main"]

EXIT_DIFFERENT = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 123


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(cwd=Path.cwd(), spec=args.spec, out=args.out, package=args.package)
        command = _regenerate_command(args)
        if args.command == "generate":
            return _generate(settings, command, force=args.force)
        return _check(settings, command)
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the last line of defence, reported as such
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL


def _generate(settings: Settings, command: str, *, force: bool) -> int:
    files = build(settings, regenerate_command=command)
    changed = write_package(settings.package_dir, files, force=force)
    where = _shown(settings.package_dir, settings)
    if changed:
        for path in changed:
            print(f"wrote {where}/{path}", file=sys.stderr)
    print(
        f"{where}: {len(changed)} file(s) changed, {len(files) - len(changed)} unchanged",
        file=sys.stderr,
    )
    return 0


def _check(settings: Settings, command: str) -> int:
    files = build(settings, regenerate_command=command)
    where = _shown(settings.package_dir, settings)
    different = 0
    for path, expected in sorted(files.items()):
        target = settings.package_dir / path
        actual = target.read_text(encoding="utf-8") if target.is_file() else None
        if actual == expected:
            continue
        different += 1
        print(
            f"would {'rewrite' if actual is not None else 'create'} {where}/{path}", file=sys.stderr
        )
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
            f"{different} file(s) would change; run `{command}` and commit the result.",
            file=sys.stderr,
        )
        return EXIT_DIFFERENT
    print(f"{where}: up to date with {_shown(settings.spec, settings)}", file=sys.stderr)
    return 0


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
    for command in (generate, check):
        command.add_argument("--spec", help="the OpenAPI file (default: from pyproject.toml)")
        command.add_argument("--out", help="the folder that holds the package")
        command.add_argument("--package", help="the package name (a Python module name)")
    generate.add_argument(
        "--force", action="store_true", help="write into a folder that has no manifest"
    )
    return parser


def _regenerate_command(args: argparse.Namespace) -> str:
    """The command that reproduces this output, for file headers and messages."""
    parts = ["python -m generator generate"]
    for option in ("spec", "out", "package"):
        value = getattr(args, option)
        if value is not None:
            parts.append(f"--{option} {value}")
    return " ".join(parts)


def _shown(path: Path, settings: Settings) -> str:
    try:
        return str(path.relative_to(settings.root))
    except ValueError:
        return str(path)

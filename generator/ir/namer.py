"""The one place that allocates the Python names a generated package defines from its
spec: modules, functions, arguments, constants, the environment variable, and where two
would collide.

Each name comes from ``names`` (so nothing from the spec can reach the code through a
name); a collision the caller would meet (two functions of one name, an argument the
function already has) is a ``NameProblem`` with its rule, place and message; a collision
of private names (two checking constants) is resolved here, deterministically.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field

from .names import PythonIdentifier, constant_name, numbered, snake_case

__all__ = ["FUNCTION_VARIANTS", "RESERVED_ARGUMENTS", "NameProblem", "Namer", "OperationNames"]

FUNCTION_VARIANTS = ("", "_async", "_with_response", "_async_with_response")
"""The public functions of an operation: its name plus each of these."""
STREAM_VARIANTS = ("_streamed", "_async_streamed")
"""The functions an operation with a binary response has besides: they stream its body."""
RESERVED_ARGUMENTS = frozenset(
    {
        "client",
        "body",
        "content_type",
        "max_retries",
        "timeout",
        "extra_headers",
        "extra_query",
        "extra_body",
    }
)
"""Arguments a generated function has besides the parameters (``body`` and
``content_type`` only when the request has a body, in several media types for the
latter, but reserved everywhere: a spec that adds a body renames no argument)."""
UNTAGGED_MODULE = "default"


@dataclass(frozen=True)
class NameProblem:
    """A name the spec gives that the package can't have: the rule, where, and why."""

    rule: str
    pointer: str
    message: str


@dataclass(frozen=True)
class OperationNames:
    """The functions of one operation."""

    function: PythonIdentifier
    request: PythonIdentifier  # the private function that builds its request
    outcomes: PythonIdentifier  # the constant that says how its answers are read
    streams: bool = False

    @property
    def stem(self) -> PythonIdentifier:
        """What the variants and constants are named after: the function's name without
        the ``_`` that keeps a keyword from being one (``import_``, ``import_async``)."""
        return stem_of(self.function)

    def variant(self, suffix: str) -> PythonIdentifier:
        """The function of ``suffix`` (one of the variants): ``import_async``."""
        return PythonIdentifier(f"{self.stem}{suffix}") if suffix else self.function

    @property
    def public(self) -> tuple[PythonIdentifier, ...]:
        variants = FUNCTION_VARIANTS + (STREAM_VARIANTS if self.streams else ())
        return tuple(self.variant(v) for v in variants)


def stem_of(function: PythonIdentifier) -> PythonIdentifier:
    """``function`` without the ``_`` a keyword got (``import_`` is ``import``)."""
    bare = function.removesuffix("_")
    return PythonIdentifier(bare) if keyword.iskeyword(bare) else function


@dataclass
class Namer:
    """Allocates names across one package, collecting the problems it meets."""

    problems: list[NameProblem] = field(default_factory=list)
    _module_tags: dict[str, str] = field(default_factory=dict)  # module -> the tag it is for
    _functions: dict[str, str] = field(default_factory=dict)  # function -> operationId
    _module_names: dict[str, dict[str, str]] = field(default_factory=dict)
    _constants: dict[str, set[str]] = field(default_factory=dict)  # module -> constants

    def module(self, tag: str | None, pointer: str) -> PythonIdentifier:
        """The module under ``api/`` of an operation's first tag (at ``pointer``)."""
        if tag is None:
            return PythonIdentifier(UNTAGGED_MODULE)
        module = snake_case(tag)
        if module == "_":
            self.report("tag-name", pointer, f"tag {tag!r} gives no usable module name")
        elif self._module_tags.setdefault(module, tag) != tag:
            self.report(
                "tag-name",
                pointer,
                f"tag {tag!r} and tag {self._module_tags[module]!r} both become the module "
                f"api.{module}",
            )
        return module

    def operation(
        self, operation_id: str, module: str, pointer: str, *, streams: bool = False
    ) -> OperationNames | None:
        """The functions of the operation ``operation_id`` (at ``pointer``) in ``module``;
        None when they can't be named."""
        function = snake_case(operation_id)
        if function == "_":
            self.report(
                "operation-id-name",
                pointer,
                f"operationId {operation_id!r} gives no usable function name",
            )
            return None
        if function in self._functions:
            if self._functions[function] != operation_id:
                self.report(
                    "operation-id-name",
                    pointer,
                    f"operationId {operation_id!r} gives the function name {function!r}, "
                    f"already used by {self._functions[function]!r}",
                )
            return None
        names = OperationNames(
            function,
            PythonIdentifier(f"_{stem_of(function)}_request"),
            self.constant(module, stem_of(function), "outcomes"),
            streams,
        )
        taken = self._module_names.setdefault(module, {})
        clash = next((taken[name] for name in names.public if name in taken), None)
        if clash is not None:
            self.report(
                "operation-id-name",
                pointer,
                f"operationId {operation_id!r} gives functions ({', '.join(names.public)}) that "
                f"clash with those of {clash!r} in api.{module}",
            )
        self._functions[function] = operation_id
        for name in names.public:
            taken.setdefault(name, operation_id)
        return names

    def arguments(self) -> ArgumentNames:
        """A fresh scope for the arguments of one function."""
        return ArgumentNames(self)

    def constant(self, module: str, *words: str) -> PythonIdentifier:
        """A private module-level constant of ``module`` named after ``words``, unique in
        the module (a clash gets the next free number)."""
        base = "_" + "_".join(constant_name(word) for word in words)
        return PythonIdentifier(numbered(base, self._constants.setdefault(module, set())))

    @staticmethod
    def environment_variable(package: str, *words: str) -> PythonIdentifier:
        """``CARECYCLE_API_KEY``: the package's name then ``words``, in upper snake case."""
        return PythonIdentifier("_".join(constant_name(word) for word in (package, *words)))

    def report(self, rule: str, pointer: str, message: str) -> None:
        self.problems.append(NameProblem(rule, pointer, message))


@dataclass
class ArgumentNames:
    """The argument names of one function: the reserved ones, then one per parameter."""

    namer: Namer
    _taken: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (wire name, in)

    def parameter(self, wire_name: str, location: str, pointer: str) -> PythonIdentifier:
        """The argument of the parameter ``wire_name`` in ``location``.  A name the function
        already has (an argument every function has, or another parameter's) gets the
        location, then a number, after it; the problem is noted (info) at ``pointer``."""
        base = snake_case(wire_name)
        key = (wire_name, location)
        if self._taken.get(base) == key:
            return base  # the path item's parameter, declared again by the operation
        name, number = base, 1
        candidates = (base, PythonIdentifier(f"{base}_{snake_case(location)}"))
        while name in RESERVED_ARGUMENTS or name in self._taken:
            number += 1
            name = candidates[1] if number == 2 else PythonIdentifier(f"{candidates[1]}_{number}")
        if name != base:
            other = self._taken.get(base)
            owner = f"{other[1]} parameter {other[0]!r}'s" if other else "every function's"
            self.namer.report(
                "parameter-name",
                pointer,
                f"parameter {wire_name!r} is the argument {name!r}: {base!r} is {owner}",
            )
        self._taken[name] = key
        return name

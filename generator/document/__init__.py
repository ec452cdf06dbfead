"""The spec as every later stage reads it: loaded with locations (a spec split across
files bundled into one document), JSON pointers, the one ``$ref`` resolver, and typed
read access to its parts (``views``)."""

from .files import FileSource, Refused
from .loader import load_spec, parse_spec, spec_sha256
from .source import (
    ALIAS_FLOOR,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_FILES,
    ReadLimits,
    Spec,
    SpecReadError,
    read_spec_text,
)

__all__ = [
    "ALIAS_FLOOR",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_FILES",
    "FileSource",
    "ReadLimits",
    "Refused",
    "Spec",
    "SpecReadError",
    "load_spec",
    "parse_spec",
    "read_spec_text",
    "spec_sha256",
]

"""The spec as every later stage reads it: loaded with locations, JSON pointers, the one
``$ref`` resolver, and typed read access to its parts (``views``)."""

from .source import (
    ALIAS_FLOOR,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    ReadLimits,
    Spec,
    SpecReadError,
    load_spec,
    parse_spec,
    read_spec_text,
)

__all__ = [
    "ALIAS_FLOOR",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "ReadLimits",
    "Spec",
    "SpecReadError",
    "load_spec",
    "parse_spec",
    "read_spec_text",
]

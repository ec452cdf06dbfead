"""Tests of generator/document/: loading a spec, split specs bundled, locations, refs."""

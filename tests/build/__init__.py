"""Tests of generator/build/: the document made an IR, names, the generator's limits."""

"""Tests of the writing side: generator/writer.py, boundary.py and manifest.py."""

"""Tests of generator/render/ and what it renders: the generated code's quality."""

"""Tests of the models stage: generator/library_input.py, models_repair.py, models_stage.py."""

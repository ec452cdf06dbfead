"""clientgen: turns a hand-written OpenAPI 3.1 document into a typed Python client.

The pipeline runs one way, one module a stage::

    loader -> validator -> operations -> models_stage + render -> formatting -> writer

``pipeline.build`` ties the pure stages together; only ``writer`` touches the disk.
"""

__version__ = "0.1.0"

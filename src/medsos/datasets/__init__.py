"""The synthetic sample datasets: schema, generator, validation, planted patterns.

Public entry points: :func:`regenerate` writes every table (and the data dictionary) into
a folder; :func:`load_all` / :func:`load_table` read and validate them.
"""

from medsos.datasets.io import DatasetError, load_all, load_table
from medsos.datasets.schema import TABLES
from medsos.datasets.writer import regenerate, summary

__all__ = ["TABLES", "DatasetError", "load_all", "load_table", "regenerate", "summary"]

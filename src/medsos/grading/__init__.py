"""Instructor grading: ``medsos grade <assignment>``.

Collects from the exchange, grades every new submission with nbgrader's own autograde in
parallel worker processes, gives each submission a status (graded, needs manual grading,
late, could not be graded) with a reason in Bahasa Indonesia, restores from the source what a
trainee changed by accident, bounds output, writes feedback that opens with a summary,
exports grades (CSV and Excel) and refreshes the cohort report (:mod:`medsos.report`).

Modules: ``config`` (the nbgrader config of a run, and the one place where execution,
including the sandbox, is configured), ``preprocessors`` (restore and bound), ``worker``
(one submission), ``status``, ``feedback``, ``export``, ``run`` (the whole command),
``simulate`` (simulated cohorts for the benchmark).

The names below are loaded on first use, so that importing one module of the package (the
self-check, :mod:`medsos.periksa`, needs ``config``, ``worker`` and ``feedback``) does not
load ``run``, the class grader, and what it needs of a POSIX system.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "GradeRun": "medsos.grading.run",
    "GradingError": "medsos.grading.run",
    "grade": "medsos.grading.run",
    "Status": "medsos.grading.status",
    "SubmissionResult": "medsos.grading.status",
}

__all__ = ["GradeRun", "GradingError", "Status", "SubmissionResult", "grade"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

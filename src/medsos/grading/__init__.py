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
"""

from medsos.grading.run import GradeRun, GradingError, grade
from medsos.grading.status import Status, SubmissionResult

__all__ = ["GradeRun", "GradingError", "Status", "SubmissionResult", "grade"]

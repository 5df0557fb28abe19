"""Grades of an assignment as CSV and Excel: one row per trainee, a column per graded cell.

Scores are read from the gradebook at export time, so manual grades given later in the
formgrader appear on the next export. A submission that could not be graded, or was never
submitted, has empty scores and its status and reason: never a silent 0.

:class:`MedsosExportPlugin` offers the same through nbgrader's own export command::

    nbgrader export --ExportApp.plugin_class=medsos.grading.export.MedsosExportPlugin
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin

from medsos.grading.status import Status, SubmissionResult, load_statuses, output_dir

STUDENT = "peserta"
TOTAL = "total"
MAXIMUM = "maks"
STATUS = "status"
REASON = "keterangan"


@dataclass
class GradeTable:
    """The export of one assignment: column names and one dict per trainee."""

    assignment: str
    columns: list[str]
    rows: list[dict]


def _cell_columns(gb: Gradebook, assignment: str) -> list[tuple[str, str, float]]:
    """(notebook, grade_id, max score) of every graded cell worth points, in notebook order.

    Graded cells worth 0 points (visible self-checks) are not questions and are left out.
    """
    out = []
    for notebook in gb.find_assignment(assignment).notebooks:
        order = {cell.name: i for i, cell in enumerate(notebook.source_cells)}
        for cell in sorted(notebook.grade_cells, key=lambda c: order.get(c.name, 0)):
            if float(cell.max_score) > 0:
                out.append((notebook.name, cell.name, float(cell.max_score)))
    return out


def grade_table(
    db_url: str,
    course_id: str,
    assignment: str,
    statuses: dict[str, SubmissionResult] | None = None,
) -> GradeTable:
    """Build the table from the gradebook and the statuses of ``medsos grade``."""
    statuses = statuses or {}
    with Gradebook(db_url, course_id) as gb:
        cells = _cell_columns(gb, assignment)
        multi = len({nb for nb, _, _ in cells}) > 1
        names = [f"{nb}:{gid}" if multi else gid for nb, gid, _ in cells]
        maximum = sum(points for _, _, points in cells)
        students = sorted({s.id for s in gb.students} | set(statuses))
        rows = []
        for student in students:
            row: dict = {STUDENT: student, MAXIMUM: maximum}
            known = statuses.get(student)
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                submission = None
            if known is not None:
                status, reason = known.status, known.reason
            elif submission is not None:
                status = (
                    Status.LATE
                    if submission.total_seconds_late
                    else Status.MANUAL
                    if submission.needs_manual_grade
                    else Status.GRADED
                )
                reason = ""
            else:
                status, reason = Status.ABSENT, "Belum ada kiriman untuk tugas ini."
            row[STATUS] = status.value
            row[REASON] = reason
            if status.has_score and submission is not None:
                scores = {}
                for nb in submission.notebooks:
                    for grade in nb.grades:
                        pending = grade.needs_manual_grade and grade.manual_score is None
                        scores[(nb.name, grade.name)] = None if pending else float(grade.score)
                for name, (nb, gid, _) in zip(names, cells, strict=True):
                    row[name] = scores.get((nb, gid))
                row[TOTAL] = float(submission.score)
            else:
                for name in names:
                    row[name] = None
                row[TOTAL] = None
            rows.append(row)
    columns = [STUDENT, *names, TOTAL, MAXIMUM, STATUS, REASON]
    return GradeTable(assignment, columns, rows)


def write_csv(table: GradeTable, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=table.columns)
        writer.writeheader()
        for row in table.rows:
            writer.writerow({k: ("" if v is None else _plain(v)) for k, v in row.items()})
    return path


def _plain(value):
    return f"{value:g}" if isinstance(value, float) else value


def write_xlsx(table: GradeTable, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.title = table.assignment[:31]
    ws.append(table.columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    failed = PatternFill("solid", fgColor="FDE2E1")
    for row in table.rows:
        ws.append([row.get(col) for col in table.columns])
        if row[STATUS] in (Status.FAILED.value, Status.ABSENT.value):
            for cell in ws[ws.max_row]:
                cell.fill = failed
    for i, col in enumerate(table.columns, start=1):
        width = max(len(str(col)), *(len(str(r.get(col) or "")) for r in table.rows), 6)
        ws.column_dimensions[get_column_letter(i)].width = min(width + 2, 60)
    ws.freeze_panes = "B2"
    wb.save(path)
    return path


def export_assignment(
    course_dir: Path, db_url: str, course_id: str, assignment: str
) -> tuple[Path, Path]:
    """Write ``laporan/<assignment>/nilai.csv`` and ``nilai.xlsx``; return both paths."""
    table = grade_table(db_url, course_id, assignment, load_statuses(course_dir, assignment))
    folder = output_dir(course_dir, assignment)
    return write_csv(table, folder / "nilai.csv"), write_xlsx(table, folder / "nilai.xlsx")


class MedsosExportPlugin(ExportPlugin):
    """nbgrader export plugin writing the ``medsos grade`` tables of every assignment."""

    def export(self, gradebook: Gradebook) -> None:
        coursedir = self.parent.coursedir
        assignments = self.assignment or [a.name for a in gradebook.assignments]
        for assignment in assignments:
            export_assignment(
                Path(coursedir.root), coursedir.db_url, coursedir.course_id, assignment
            )

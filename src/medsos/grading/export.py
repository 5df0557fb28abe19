"""Grades as files: per assignment CSV and Excel, and a CSV for Moodle's grade import.

Per assignment (``laporan/<assignment>/nilai.csv`` and ``nilai.xlsx``): one row per trainee,
the roster's NIP, name, agency and email beside the login, a column per graded cell named as
the notebook names it ("Soal 1.2 — nilai (1 poin)"). Scores are read from the gradebook at
export time, so manual grades given later in the formgrader appear on the next export. A
submission that could not be graded, or was never submitted, has empty scores and its status
and reason: never a silent 0.

For the whole course (:func:`moodle_table`, ``medsos moodle``): the CSV Moodle's grade import
(Grades > Import > CSV file) reads: one identifier column the instructor chooses (NIP as
Moodle's "ID number", email, or login as "username") and one column per assignment. Moodle
leaves a blank cell ungraded, and stops the whole import at a row whose user it cannot find,
so a trainee without a grade to give has a blank cell and a trainee without the identifier
is left out (and reported).

The roster is the class's list of trainees (:mod:`medsos.roster`), found as ``peserta.csv``
or ``peserta.xlsx`` in the course folder (where the classroom server publishes it) unless
``MEDSOS_ROSTER`` names another file. Every output stays in the git-ignored ``laporan/``.

:class:`MedsosExportPlugin` offers the same through nbgrader's own export command::

    nbgrader export --ExportApp.plugin_class=medsos.grading.export.MedsosExportPlugin
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin

from medsos.grading.questions import assignment_questions, lookup
from medsos.grading.status import Status, SubmissionResult, load_statuses, output_dir
from medsos.roster import Peserta, RosterError, read_roster

ROSTER_ENV = "MEDSOS_ROSTER"
ROSTER_FILES = ("peserta.csv", "peserta.xlsx")
MOODLE_FILE = "nilai-moodle.csv"
# Identifier choices: (column header, Peserta attribute, Moodle's "Map to" field).
MOODLE_KEYS = {
    "nip": ("NIP", "nip", "ID number (useridnumber)"),
    "email": ("Email", "email", "Email address (useremail)"),
    "login": ("Username", "login", "Username (username)"),
}
MOODLE_SCALES = ("persen", "poin")

STUDENT = "peserta"
ROSTER_COLUMNS = (("nip", "NIP"), ("nama", "nama"), ("instansi", "instansi"), ("email", "email"))
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


def find_roster(course_dir: Path) -> Path | None:
    """The roster file of the course: ``MEDSOS_ROSTER``, else ``peserta.csv``/``.xlsx``."""
    named = os.environ.get(ROSTER_ENV)
    if named:
        return Path(named)
    for name in ROSTER_FILES:
        if (Path(course_dir) / name).is_file():
            return Path(course_dir) / name
    return None


def load_roster(course_dir: Path) -> list[Peserta]:
    """The course's trainees, ``[]`` without a roster; :class:`RosterError` for a bad file."""
    path = find_roster(course_dir)
    return read_roster(path) if path is not None else []


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
    *,
    roster: Iterable[Peserta] = (),
    source_dir: Path | None = None,
) -> GradeTable:
    """Build the table from the gradebook, the statuses of ``medsos grade`` and the roster.

    Columns of graded cells are named by their question (from ``source_dir``, the
    assignment's source folder), or by their place when it is missing.
    """
    statuses = statuses or {}
    people = {p.login: p for p in roster}
    questions = assignment_questions(source_dir) if source_dir else {}
    with Gradebook(db_url, course_id) as gb:
        cells = _cell_columns(gb, assignment)
        multi = len({nb for nb, _, _ in cells}) > 1
        labels = [q.label for q in lookup(questions, cells)]
        names = [
            f"{nb}: {label}" if multi else label
            for (nb, _, _), label in zip(cells, labels, strict=True)
        ]
        maximum = sum(points for _, _, points in cells)
        students = sorted({s.id for s in gb.students} | set(statuses) | set(people))
        rows = []
        for student in students:
            row: dict = {STUDENT: student, MAXIMUM: maximum}
            person = people.get(student)
            for attr, column in ROSTER_COLUMNS:
                row[column] = getattr(person, attr) if person else None
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
    columns = [STUDENT, *(c for _, c in ROSTER_COLUMNS), *names, TOTAL, MAXIMUM, STATUS, REASON]
    return GradeTable(assignment, columns, rows)


def write_csv(table: GradeTable | MoodleTable, path: Path) -> Path:
    """UTF-8, comma-separated, decimal point (also what Moodle's grade import expects)."""
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
    ws.freeze_panes = "C2"  # login and NIP stay in view
    wb.save(path)
    return path


def export_assignment(
    course_dir: Path,
    db_url: str,
    course_id: str,
    assignment: str,
    roster: Iterable[Peserta] | None = None,
) -> tuple[Path, Path]:
    """Write ``laporan/<assignment>/nilai.csv`` and ``nilai.xlsx``; return both paths.

    ``roster`` defaults to the course's (:func:`load_roster`); an unreadable roster file
    leaves the roster columns empty rather than losing the grades (``medsos moodle`` and
    the cohort report say what is wrong with it).
    """
    if roster is None:
        try:
            roster = load_roster(course_dir)
        except RosterError:
            roster = []
    table = grade_table(
        db_url,
        course_id,
        assignment,
        load_statuses(course_dir, assignment),
        roster=roster,
        source_dir=Path(course_dir) / "source" / assignment,
    )
    folder = output_dir(course_dir, assignment)
    return write_csv(table, folder / "nilai.csv"), write_xlsx(table, folder / "nilai.xlsx")


@dataclass
class MoodleTable:
    """Moodle's grade-import CSV: identifier column, one column per assignment."""

    key: str
    columns: list[str]
    rows: list[dict]
    # Trainees left out, with why (no identifier in the roster, not in the roster).
    left_out: list[tuple[str, str]] = field(default_factory=list)
    # Per assignment: trainees whose cell is blank, with why (not graded yet, not submitted).
    blank: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _final_score(submission, known: SubmissionResult | None) -> tuple[float | None, str]:
    """The score to give Moodle (nbgrader's, less the late penalty), or None and why not."""
    if known is not None and not known.status.has_score:
        return None, known.status.value
    if submission.needs_manual_grade:
        return None, "jawaban tertulis belum selesai dinilai"
    return float(submission.score) - float(submission.late_submission_penalty or 0.0), ""


def moodle_table(
    course_dir: Path,
    db_url: str,
    course_id: str,
    roster: Iterable[Peserta],
    key: str = "nip",
    scale: str = "persen",
) -> MoodleTable:
    """Every assignment's grade for every trainee of the roster, for Moodle's import.

    ``key``: ``nip`` (Moodle's ID number), ``email`` or ``login`` (Moodle's username).
    ``scale``: ``persen`` (0-100, what a new Moodle grade item expects) or ``poin``.
    """
    if key not in MOODLE_KEYS:
        raise ValueError(f"Kunci Moodle tidak dikenal: {key!r} (pilih nip, email, atau login).")
    if scale not in MOODLE_SCALES:
        raise ValueError(f"Skala tidak dikenal: {scale!r} (pilih persen atau poin).")
    header, attr, _ = MOODLE_KEYS[key]
    people = list(roster)
    table = MoodleTable(key, [header], [])
    with Gradebook(db_url, course_id) as gb:
        assignments = sorted(a.name for a in gb.assignments)
        table.columns += assignments
        known_ids = {s.id for s in gb.students}
        grades: dict[str, dict[str, float | None]] = {}
        for name in assignments:
            statuses = load_statuses(course_dir, name)
            maximum = sum(p for _, _, p in _cell_columns(gb, name))
            table.blank[name] = []
            for person in people:
                try:
                    submission = gb.find_submission(name, person.login)
                except MissingEntry:
                    submission = None
                known = statuses.get(person.login)
                if submission is None:
                    why = known.status.value if known else Status.ABSENT.value
                    score = None
                else:
                    score, why = _final_score(submission, known)
                if score is not None and scale == "persen":
                    score = round(100 * score / maximum, 2) if maximum else None
                if score is None:
                    table.blank[name].append((person.login, why))
                grades.setdefault(person.login, {})[name] = score
    for person in people:
        ident = getattr(person, attr)
        if not ident:
            table.left_out.append((person.login, f"tidak punya {header} di daftar peserta"))
            continue
        row = {header: ident}
        row.update(grades.get(person.login, {}))
        table.rows.append(row)
    in_roster = {p.login for p in people}
    for student in sorted(known_ids - in_roster):
        table.left_out.append((student, "tidak ada di daftar peserta"))
    return table


def write_moodle_csv(table: MoodleTable, path: Path) -> Path:
    """Moodle's import defaults: UTF-8, comma, decimal point, blank for no grade."""
    return write_csv(table, path)


def export_moodle(
    course_dir: Path,
    db_url: str,
    course_id: str,
    key: str = "nip",
    scale: str = "persen",
    path: Path | None = None,
    roster: Iterable[Peserta] | None = None,
) -> tuple[Path, MoodleTable]:
    """Write ``laporan/nilai-moodle.csv`` (or ``path``) from the course's roster.

    Raises :class:`RosterError` when there is no roster or it cannot be read.
    """
    if roster is None:
        if find_roster(course_dir) is None:
            raise RosterError(
                "Daftar peserta tidak ditemukan: taruh peserta.csv atau peserta.xlsx (kolom "
                f"NIP, nama, instansi, email) di {course_dir}, atau isi {ROSTER_ENV} dengan "
                "letak filenya."
            )
        roster = load_roster(course_dir)
    table = moodle_table(course_dir, db_url, course_id, roster, key, scale)
    target = Path(path) if path else output_dir(course_dir) / MOODLE_FILE
    return write_moodle_csv(table, target), table


def moodle_main(
    key: str = "nip",
    scale: str = "persen",
    output: Path | None = None,
    db_url: str | None = None,
    course_dir: Path | None = None,
) -> int:
    """``medsos moodle``: write the Moodle CSV, say where, and who was left out and why."""
    from medsos import course_root
    from medsos.grading.config import grading_config

    course_dir = Path(course_dir) if course_dir else course_root()
    config = grading_config(course_dir, db_url)
    try:
        path, table = export_moodle(
            course_dir,
            config.CourseDirectory.db_url,
            config.CourseDirectory.course_id,
            key,
            scale,
            output,
        )
    except RosterError as err:
        print(f"GAGAL: {err}")
        return 1
    header, _, moodle_field = MOODLE_KEYS[key]
    unit = "persen (0-100)" if scale == "persen" else "poin"
    print(f"Nilai untuk Moodle ({len(table.rows)} peserta, {unit}): {path}")
    print(f"Di Moodle: Import > CSV file; 'Map from' = {header}, 'Map to' = {moodle_field}.")
    for name, blanks in table.blank.items():
        if blanks:
            print(f"  {name}: {len(blanks)} sel kosong (tidak dinilai di Moodle):")
            for student, why in blanks:
                print(f"    - {student}: {why}")
    if table.left_out:
        print("Tidak ikut di file (Moodle menghentikan impor bila ada baris tanpa pengguna):")
        for student, why in table.left_out:
            print(f"  - {student}: {why}")
    return 0


class MedsosExportPlugin(ExportPlugin):
    """nbgrader export plugin writing the ``medsos grade`` tables of every assignment."""

    def export(self, gradebook: Gradebook) -> None:
        coursedir = self.parent.coursedir
        assignments = self.assignment or [a.name for a in gradebook.assignments]
        for assignment in assignments:
            export_assignment(
                Path(coursedir.root), coursedir.db_url, coursedir.course_id, assignment
            )

"""Grade one submission: check it, run nbgrader's autograde, classify, write feedback.

Runs in a worker process; the only shared state it writes is the gradebook (through nbgrader,
with a SQLite busy timeout) and the submission's own folders.
"""

from __future__ import annotations

import hashlib
import logging
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.utils import is_grade
from sqlalchemy.exc import SAWarning
from traitlets.config import Config

from medsos.grading.feedback import add_summary
from medsos.grading.preprocessors import note_text
from medsos.grading.status import (
    KERNEL_DIED,
    KERNEL_UNRESPONSIVE,
    OUTPUT_TIMEOUT,
    Status,
    SubmissionResult,
    corrupted_reason,
    explain_error,
    missing_reason,
    timeout_reason,
    unknown_failure_reason,
)
from medsos.sandbox.safecopy import links_reason, unsafe_entries, unsafe_id_reason

FEEDBACK_FAILED = (
    "Umpan balik untuk kiriman ini tidak dapat dibuat (isi notebook ditolak oleh nbgrader, "
    "misalnya karena memuat teks penanda tes tersembunyi). Nilainya tetap tercatat; periksa "
    "notebook peserta di Formgrader."
)


@dataclass(frozen=True)
class Job:
    """One submission to grade, with everything a fresh worker process needs."""

    assignment: str
    student: str
    config: Config
    feedback: bool = True


def grade_submission(job: Job) -> SubmissionResult:
    """Grade ``job``'s submission and return its status (never raises for a bad submission)."""
    start = time.monotonic()
    warnings.filterwarnings("ignore", category=SAWarning)
    config = job.config
    course_dir = Path(config.CourseDirectory.root)
    submitted = course_dir / "submitted" / job.student / job.assignment
    timestamp = _timestamp(submitted)
    result = _precheck(config, job.assignment, job.student, submitted)
    if result is None:
        api = NbGraderAPI(config=config)
        api.log.setLevel(logging.WARNING)
        outcome = api.autograde(job.assignment, job.student, force=True, create=True)
        result = _classify(config, job.assignment, job.student, outcome)
        if job.feedback and result.status is not Status.FAILED:
            result.feedback = _feedback(api, config, job.assignment, job.student, result)
    result.timestamp = timestamp
    result.seconds = round(time.monotonic() - start, 2)
    return result


def _timestamp(submitted: Path) -> str | None:
    path = submitted / "timestamp.txt"
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def expected_notebooks(config: Config, assignment: str) -> list[str]:
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        return [nb.name for nb in gb.find_assignment(assignment).notebooks]


def _precheck(
    config: Config, assignment: str, student: str, submitted: Path
) -> SubmissionResult | None:
    """A could-not-be-graded result for an unsafe id, a folder holding links, or a missing,
    renamed or corrupted notebook; else None."""
    reason = unsafe_id_reason(student)
    if reason:
        return SubmissionResult(student, Status.FAILED, reason)
    problems = unsafe_entries(submitted)
    if problems:
        # Not collected by the safe collect (copied by hand?): never graded, never followed.
        return SubmissionResult(student, Status.FAILED, links_reason(problems))
    expected = expected_notebooks(config, assignment)
    present = sorted(
        p.name for p in submitted.glob("*.ipynb") if p.stem not in expected and p.is_file()
    )
    for name in expected:
        path = submitted / f"{name}.ipynb"
        if not path.exists():
            return SubmissionResult(student, Status.FAILED, missing_reason(path.name, present))
        try:
            nbformat.read(path, as_version=4)
        except Exception as exc:  # any read error means nbgrader cannot grade it either
            return SubmissionResult(student, Status.FAILED, corrupted_reason(path.name, exc))
    return None


def _classify(config: Config, assignment: str, student: str, outcome: dict) -> SubmissionResult:
    """Status from nbgrader's own result: its log and error, the autograded notebook, the db."""
    text = (outcome.get("log") or "") + "\n" + (outcome.get("error") or "")
    if not outcome.get("success"):
        if "DeadKernelError" in text or "Kernel died" in text:
            return SubmissionResult(student, Status.FAILED, KERNEL_DIED)
        if "became unresponsive" in text or "UnresponsiveKernelError" in text:
            return SubmissionResult(student, Status.FAILED, KERNEL_UNRESPONSIVE)
        if "CellTimeoutError" in text or "Cell execution timed out" in text:
            # An interrupt the trainee's code ignored ends in an IOPub timeout too: the time
            # limit is the cause.
            return SubmissionResult(student, Status.FAILED, KERNEL_UNRESPONSIVE)
        if "Timeout waiting for IOPub" in text:
            return SubmissionResult(student, Status.FAILED, OUTPUT_TIMEOUT)
        return SubmissionResult(student, Status.FAILED, unknown_failure_reason(text))
    course_dir = Path(config.CourseDirectory.root)
    notes, failures, timeout = graded_findings(course_dir / "autograded" / student / assignment)
    if timeout is not None:
        seconds = config.Execute.timeout if "timeout" in config.Execute else None
        return SubmissionResult(
            student, Status.FAILED, timeout_reason(timeout, seconds), notes=notes
        )
    result = gradebook_status(config, assignment, student)
    result.notes, result.failures = notes, failures
    return result


def graded_findings(graded: Path) -> tuple[list[str], dict[str, str], str | None]:
    """What the autograded notebooks in ``graded`` say, for the summary and the status.

    Returns the notes of :class:`~medsos.grading.preprocessors.RestoreFromSource`, the failed
    checks (grade id -> message in Bahasa Indonesia) and the first cell stopped by the time
    limit (``None`` when none was).
    """
    notes: list[str] = []
    failures: dict[str, str] = {}
    timeout: str | None = None
    for path in sorted(graded.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            note = note_text(cell)
            if note:
                notes.append(note)
            if cell.cell_type != "code":
                continue
            errors = [out for out in cell.outputs if out.output_type == "error"]
            if any(out.ename == "CellTimeoutError" for out in errors) and timeout is None:
                timeout = cell.metadata.get("nbgrader", {}).get("grade_id") or f"ke-{index + 1}"
            if is_grade(cell) and errors:
                failures[cell.metadata.nbgrader["grade_id"]] = explain_error(
                    errors[0].ename, errors[0].evalue
                )
    return notes, failures, timeout


def gradebook_status(config: Config, assignment: str, student: str) -> SubmissionResult:
    """The status of a graded submission from nbgrader's gradebook: late, manual, graded."""
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return SubmissionResult(student, Status.FAILED, "Nilai tidak tercatat di buku nilai.")
        late = float(submission.total_seconds_late or 0)
        manual = bool(submission.needs_manual_grade)
    if late > 0:
        status, reason = Status.LATE, f"Terlambat {_duration(late)} dari batas waktu."
        if manual:
            reason += " Juga ada jawaban yang perlu dinilai manual."
    elif manual:
        status, reason = Status.MANUAL, "Ada jawaban tertulis yang perlu dinilai instruktur."
    else:
        status, reason = Status.GRADED, ""
    return SubmissionResult(student, status, reason, seconds_late=late, manual_pending=manual)


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} menit"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} jam"
    return f"{seconds / 86400:.1f} hari"


def instructor_marks(config: Config, assignment: str, student: str) -> str | None:
    """A fingerprint of what the instructor can change in the formgrader for a submission:
    every manual score, extra credit and comment (None when it is not in the gradebook)."""
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return None
        marks = sorted(
            [
                (nb.name, "nilai", g.name, g.manual_score, g.extra_credit)
                for nb in submission.notebooks
                for g in nb.grades
            ]
            + [
                (nb.name, "komentar", c.name, c.manual_comment, None)
                for nb in submission.notebooks
                for c in nb.comments
            ],
            key=repr,
        )
    return hashlib.sha256(repr(marks).encode()).hexdigest()


def refresh_after_manual_grading(config: Config, assignment: str, result: SubmissionResult) -> bool:
    """Once the instructor has graded every written answer, update status and feedback.

    For a submission graded earlier with written answers pending (``result.manual_pending``):
    when nbgrader's gradebook no longer needs manual grading, the status becomes final and the
    feedback page is generated and released again, now with the instructor's scores and
    comments. The same when the instructor changed a score or comment of a submission whose
    feedback was final already (e.g. a blank written answer, scored 0 automatically). Returns
    whether anything changed (nothing runs the trainee's code).
    """
    if not result.status.has_score:
        return False
    marks = instructor_marks(config, assignment, result.student)
    changed = result.graded_as is not None and marks != result.graded_as
    if not (result.manual_pending or changed):
        return False
    current = gradebook_status(config, assignment, result.student)
    if current.manual_pending or not current.status.has_score:
        return False
    result.status, result.reason, result.manual_pending = current.status, current.reason, False
    api = NbGraderAPI(config=config)
    api.log.setLevel(logging.WARNING)
    result.feedback = _feedback(api, config, assignment, result.student, result)
    return True


def _feedback(
    api: NbGraderAPI, config: Config, assignment: str, student: str, result: SubmissionResult
) -> str | None:
    """Generate feedback, open it with the Indonesian summary, release it to the trainee."""
    result.graded_as = instructor_marks(config, assignment, student)
    outcome = api.generate_feedback(assignment, student, force=True)
    if not outcome.get("success"):
        result.notes.append(FEEDBACK_FAILED)
        return None
    folder = Path(config.CourseDirectory.root) / "feedback" / student / assignment
    pages = sorted(folder.glob("*.html"))
    for page in pages:
        add_summary(page, config, assignment, student, result)
    submitted = Path(config.CourseDirectory.root) / "submitted" / student / assignment
    if (submitted / "submission_secret.txt").exists():  # submitted through the exchange
        released = api.release_feedback(assignment, student)
        if not released.get("success"):
            result.notes.append("Umpan balik gagal dikirim ke exchange.")
    return str(pages[0]) if pages else None

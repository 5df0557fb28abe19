"""``medsos grade``: collect, grade new submissions in parallel, feedback, export, report.

Parallel grading: each submission is graded by nbgrader's own ``autograde`` (through
``NbGraderAPI``, one submission per call) in a pool of worker processes. Workers write the
gradebook concurrently: nbgrader commits each grade in a short transaction, and SQLite's busy
timeout (see :func:`medsos.grading.config.with_busy_timeout`) makes a writer wait for the
other instead of failing. Everything else shared (statuses, exports, the report) is written by
this process only.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from traitlets.config import Config

from medsos.course import CourseError, make_api, run_step
from medsos.grading.config import (
    ExecutionPolicy,
    SandboxRefused,
    execution_config,
    grading_config,
    with_busy_timeout,
)
from medsos.grading.export import export_assignment
from medsos.grading.status import (
    Status,
    SubmissionResult,
    load_statuses,
    output_dir,
    save_statuses,
)
from medsos.grading.worker import Job, grade_submission, refresh_after_manual_grading


class GradingError(RuntimeError):
    """Grading cannot start; the message is for the instructor (Bahasa Indonesia)."""


@dataclass
class GradeRun:
    """What one ``medsos grade`` run did."""

    assignment: str
    graded: list[SubmissionResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # Skipped submissions whose written answers were graded since: final status, new feedback.
    refreshed: list[str] = field(default_factory=list)
    statuses: dict[str, SubmissionResult] = field(default_factory=dict)
    exports: tuple[Path, ...] = ()
    report: Path | None = None
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)


def submitted_students(course_dir: Path, assignment: str) -> list[str]:
    folder = Path(course_dir) / "submitted"
    if not folder.is_dir():
        return []
    return sorted(p.parent.name for p in folder.glob(f"*/{assignment}") if p.is_dir())


def _timestamp(course_dir: Path, student: str, assignment: str) -> str | None:
    path = Path(course_dir) / "submitted" / student / assignment / "timestamp.txt"
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def ensure_in_gradebook(config: Config, assignment: str) -> None:
    """Register the assignment in the gradebook from ``source/`` if it is not there yet.

    ``generate_assignment`` writes its release into a scratch folder, so the committed
    ``release/`` is left untouched.
    """
    db_url, course_id = config.CourseDirectory.db_url, config.CourseDirectory.course_id
    with Gradebook(db_url, course_id) as gb:
        try:
            if gb.find_assignment(assignment).notebooks:
                return
        except MissingEntry:
            pass
    root = Path(config.CourseDirectory.root)
    if not (root / "source" / assignment).is_dir():
        raise GradingError(
            f"Tugas '{assignment}' tidak ada di buku nilai maupun di folder source/. "
            "Periksa nama tugasnya."
        )
    scratch = Config(config)
    scratch_release = output_dir(root) / ".rilis-sementara"  # inside the git-ignored folder
    scratch.CourseDirectory.release_directory = str(scratch_release)
    api = make_api(scratch)
    try:
        run_step(api.generate_assignment(assignment), "generate_assignment")
    except CourseError as exc:
        raise GradingError(str(exc)) from exc
    finally:
        import shutil

        shutil.rmtree(scratch_release, ignore_errors=True)


def collect(config: Config, assignment: str) -> bool:
    """nbgrader ``collect`` from the exchange (newer submissions replace older ones).

    Returns False (nothing to collect) when the course has no inbound folder in the exchange
    yet, i.e. nobody has submitted through it.
    """
    inbound = Path(config.Exchange.root) / config.CourseDirectory.course_id / "inbound"
    if not inbound.is_dir():
        return False
    result = make_api(config).collect(assignment, update=True)
    if not result.get("success", False):
        detail = (result.get("error") or result.get("log") or "").strip()
        raise GradingError(f"Gagal mengambil kiriman dari exchange.\n{detail}")
    return True


def select(
    course_dir: Path,
    assignment: str,
    previous: dict[str, SubmissionResult],
    *,
    regrade: bool = False,
    students: Iterable[str] = (),
) -> tuple[list[str], list[str]]:
    """(to grade, skipped): new or changed submissions, or all / the named ones on request."""
    available = submitted_students(course_dir, assignment)
    wanted = list(students)
    if wanted:
        missing = [s for s in wanted if s not in available]
        if missing:
            raise GradingError(
                f"Tidak ada kiriman tugas '{assignment}' dari peserta: {', '.join(missing)}."
            )
        return wanted, [s for s in available if s not in wanted]
    todo, skipped = [], []
    for student in available:
        old = previous.get(student)
        current = _timestamp(course_dir, student, assignment)
        if regrade or old is None or old.timestamp != current:
            todo.append(student)
        else:
            skipped.append(student)
    return todo, skipped


# A worker waits on its kernel (start-up, replies, shutdown) more than half of the time
# (measured: 2.3 s of CPU in 6.1 s per small submission), so two workers per core keep
# every core busy.
WORKERS_PER_CORE = 2


def default_workers() -> int:
    """Two workers per available core (see ``WORKERS_PER_CORE``)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, WORKERS_PER_CORE * (cores or 1))


def largest_first(course_dir: Path, assignment: str, students: list[str]) -> list[str]:
    """``students`` ordered by the size of their submitted notebooks, largest first.

    A notebook's size grows with what it holds, answers and saved outputs (plots), and so,
    roughly, does the time it takes to run. Starting the long ones first keeps every worker
    busy to the end of the run instead of leaving one long submission running alone.
    """

    def size(student: str) -> int:
        folder = Path(course_dir) / "submitted" / student / assignment
        return sum(p.stat().st_size for p in folder.glob("*.ipynb") if p.is_file())

    return sorted(students, key=size, reverse=True)


def grade_jobs(
    jobs: list[Job], workers: int, on_done: Callable[[SubmissionResult], None] | None = None
) -> list[SubmissionResult]:
    """Grade ``jobs`` with ``workers`` processes (in this process when 1); results in order."""
    results: dict[str, SubmissionResult] = {}
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            results[job.student] = grade_submission(job)
            if on_done:
                on_done(results[job.student])
    else:
        # A fork server that has imported the worker once forks each worker cheaply, and
        # never carries this process's open database connections into a worker.
        ctx = get_context("forkserver")
        ctx.set_forkserver_preload(["medsos.grading.worker"])
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = {pool.submit(grade_submission, job): job for job in jobs}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a crashed worker must not stop the others
                    result = SubmissionResult(
                        job.student,
                        Status.FAILED,
                        f"Proses penilai berhenti dengan galat: {type(exc).__name__}: {exc}",
                    )
                results[job.student] = result
                if on_done:
                    on_done(result)
    return [results[job.student] for job in jobs]


def grade(
    assignment: str,
    course_dir: Path,
    *,
    workers: int | None = None,
    regrade: bool = False,
    students: Iterable[str] = (),
    db_url: str | None = None,
    sandbox: bool = True,
    collect_first: bool = True,
    feedback: bool = True,
    report: bool = True,
    progress: Callable[[int, int, SubmissionResult | None], None] | None = None,
) -> GradeRun:
    """The whole ``medsos grade`` run for one assignment (see the module docstring)."""
    start = time.monotonic()
    course_dir = Path(course_dir).resolve()
    config = grading_config(course_dir, db_url)
    config.CourseDirectory.db_url = with_busy_timeout(config.CourseDirectory.db_url)
    # The course's summary hook is for nbgrader's own feedback; here the summary is added by
    # the worker, with this run's gradebook and statuses.
    config.GenerateFeedback.post_convert_hook = None
    ensure_in_gradebook(config, assignment)
    if collect_first:
        collect(config, assignment)
    phases = {"persiapan": time.monotonic() - start}
    statuses = load_statuses(course_dir, assignment)
    todo, skipped = select(course_dir, assignment, statuses, regrade=regrade, students=students)
    run = GradeRun(assignment, skipped=skipped)
    if todo:
        try:
            with execution_config(course_dir, ExecutionPolicy(sandbox=sandbox)) as extra:
                job_config = Config(config)
                job_config.merge(extra)
                # Largest submissions first, so that the slow ones do not run last while
                # the other workers sit idle (see largest_first).
                order = largest_first(course_dir, assignment, todo)
                jobs = [Job(assignment, s, job_config, feedback) for s in order]
                done = 0
                if progress:
                    progress(0, len(jobs), None)

                def _done(result: SubmissionResult) -> None:
                    nonlocal done
                    done += 1
                    statuses[result.student] = result
                    save_statuses(course_dir, assignment, statuses)
                    if progress:
                        progress(done, len(jobs), result)

                run.graded = grade_jobs(jobs, workers or default_workers(), _done)
        except SandboxRefused as exc:  # raised before any submission runs
            raise GradingError(str(exc)) from exc
    if feedback:
        for student in skipped:
            previous = statuses.get(student)
            if previous and refresh_after_manual_grading(config, assignment, previous):
                run.refreshed.append(student)
        if run.refreshed:
            save_statuses(course_dir, assignment, statuses)
    phases["penilaian"] = time.monotonic() - start - sum(phases.values())
    run.statuses = statuses
    run.exports = export_assignment(
        course_dir, config.CourseDirectory.db_url, config.CourseDirectory.course_id, assignment
    )
    if report:
        from medsos.report import write_report

        run.report = write_report(
            course_dir, config.CourseDirectory.db_url, config.CourseDirectory.course_id
        )
    run.seconds = time.monotonic() - start
    phases["ekspor dan laporan"] = run.seconds - sum(phases.values())
    run.phases = phases
    return run


# --------------------------------------------------------------------------- terminal


class ProgressBar:
    """A one-line progress bar on stderr (a line per submission when not a terminal)."""

    def __init__(self, stream=None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, done: int, total: int, result: SubmissionResult | None) -> None:
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        last = f"  {result.student}: {result.status.value}" if result else ""
        line = f"Menilai [{bar}] {done}/{total}{last}"
        if self.tty:
            self.stream.write("\r" + line[:110].ljust(110))
            if done == total:
                self.stream.write("\n")
        elif result is not None or total == 0:
            self.stream.write(line + "\n")
        self.stream.flush()


def summary_table(run: GradeRun, course_dir: Path, db_url: str | None = None) -> str:
    """The final summary of a run, in Bahasa Indonesia."""
    from medsos.grading.export import TOTAL, grade_table

    config = grading_config(course_dir, db_url)
    table = grade_table(
        config.CourseDirectory.db_url,
        config.CourseDirectory.course_id,
        run.assignment,
        run.statuses,
    )
    shown = [
        r for r in table.rows if r["status"] != Status.ABSENT.value or r["peserta"] in run.statuses
    ]
    lines = [
        f"Ringkasan penilaian tugas '{run.assignment}'",
        f"{'Peserta':<20} {'Nilai':>12}  {'Status':<22} Keterangan",
        "-" * 90,
    ]
    for row in shown:
        score = "" if row[TOTAL] is None else f"{row[TOTAL]:g} / {row['maks']:g}"
        reason = (row["keterangan"] or "")[:70]
        lines.append(f"{row['peserta']:<20} {score:>12}  {row['status']:<22} {reason}")
    counts: dict[str, int] = {}
    for row in shown:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    lines.append("-" * 90)
    lines.append(
        f"Dinilai kali ini: {len(run.graded)} kiriman; dilewati (tidak berubah): "
        f"{len(run.skipped)}; waktu: {run.seconds:.1f} detik."
    )
    if run.refreshed:
        lines.append(
            "Penilaian manual selesai, umpan balik diperbarui dan dibagikan: "
            + ", ".join(run.refreshed)
        )
    lines.append("Jumlah per status: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    for path in run.exports:
        lines.append(f"Nilai diekspor ke: {path}")
    if run.report:
        lines.append(f"Laporan kohort: {run.report}")
    lines.append(f"Umpan balik: {Path(course_dir) / 'feedback'}/<peserta>/{run.assignment}/")
    return "\n".join(lines)


def main(
    assignment: str,
    *,
    workers: int | None,
    regrade: bool,
    students: list[str],
    db_url: str | None,
    sandbox: bool,
    collect_first: bool,
    course_dir: Path | None = None,
) -> int:
    """Entry point of ``medsos grade``: run, print the summary; 0 on success."""
    from medsos import course_root

    try:
        course_dir = Path(course_dir) if course_dir else course_root()
        if not sandbox:
            print(
                "PERINGATAN: menilai TANPA sandbox. Kode peserta berjalan dengan hak akses "
                "Anda (dapat membaca soal tersembunyi dan buku nilai).",
                file=sys.stderr,
            )
        run = grade(
            assignment,
            course_dir,
            workers=workers,
            regrade=regrade,
            students=students,
            db_url=db_url,
            sandbox=sandbox,
            collect_first=collect_first,
            progress=ProgressBar(),
        )
    except (GradingError, FileNotFoundError) as exc:
        print(f"Penilaian dihentikan: {exc}", file=sys.stderr)
        return 2
    print(summary_table(run, course_dir, db_url))
    return 0

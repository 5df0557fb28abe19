"""``medsos grade``: collect, grade new submissions in parallel, feedback, export, report.

Parallel grading: each submission is graded by nbgrader's own ``autograde`` (through
``NbGraderAPI``, one submission per call) in a pool of worker processes. Workers write the
gradebook concurrently: nbgrader commits each grade in a short transaction, and SQLite's busy
timeout (see :func:`medsos.grading.config.with_busy_timeout`) makes a writer wait for the
other instead of failing. Everything else shared (statuses, exports, the report) is written by
this process only.

Workers are started by a fork server where the system has one (Linux, macOS), else by
``spawn``. The course lock needs ``fcntl`` (POSIX): where it is missing (Windows),
:func:`grade` stops with :func:`medsos.posix.grader_unavailable`'s message.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import DBAPIError
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
    PENDING_REASON,
    Status,
    SubmissionResult,
    load_refusals,
    load_statuses,
    output_dir,
    save_statuses,
)
from medsos.grading.worker import Job, grade_submission, refresh_after_manual_grading
from medsos.sandbox.safecopy import shown_id, unsafe_id_reason
from medsos.sandbox.supervise import (
    die_with_parent,
    guard_children,
    kill_tree,
    unguard_children,
)

LOCK_FILE = ".medsos-grade.lock"


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
    """Every folder name under ``submitted/`` holding ``assignment``, safe ids or not."""
    folder = Path(course_dir) / "submitted"
    if not folder.is_dir():
        return []
    return sorted(
        p.name
        for p in folder.iterdir()
        if not p.is_symlink() and (p / assignment).is_dir() and not (p / assignment).is_symlink()
    )


@contextlib.contextmanager
def course_lock(course_dir: Path) -> Iterator[None]:
    """One ``medsos grade`` at a time per course (released by the kernel even on kill -9).

    Raises :class:`GradingError` on a system without ``fcntl`` (Windows).
    """
    try:
        import fcntl
    except ImportError:
        from medsos.posix import grader_unavailable

        raise GradingError(grader_unavailable()) from None
    path = output_dir(course_dir) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise GradingError(
                "Penilaian lain sedang berjalan di kursus ini"
                + (f" (proses {holder})" if holder.isdigit() else "")
                + ". Hanya satu penilaian yang boleh berjalan sekaligus, agar tidak ada "
                "kiriman yang tercatat setengah jadi. Tunggu sampai penilaian itu selesai, "
                "lalu jalankan perintah ini lagi."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def course_is_being_graded(course_dir: Path) -> bool:
    """Whether a ``medsos grade`` holds the course's lock right now (never, without
    ``fcntl``: there ``medsos grade`` does not run)."""
    try:
        import fcntl
    except ImportError:
        return False
    path = output_dir(course_dir) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


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
    available = [
        s for s in submitted_students(course_dir, assignment) if unsafe_id_reason(s) is None
    ]
    wanted = list(students)
    for student in wanted:
        reason = unsafe_id_reason(student)
        if reason:
            raise GradingError(reason)
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


def _worker_started() -> None:
    """Initializer of every worker: it dies with the fork server, which dies with this
    process (``medsos.sandbox.supervise``), and leaves Ctrl-C to this process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()


def grade_jobs(
    jobs: list[Job], workers: int, on_done: Callable[[SubmissionResult], None] | None = None
) -> list[SubmissionResult]:
    """Grade ``jobs`` with ``workers`` processes (in this process when 1); results in order.

    When this process is killed, even with SIGKILL, the fork server, the workers and their
    kernels die with it; on Ctrl-C the workers are stopped before the interrupt goes on.
    """
    results: dict[str, SubmissionResult] = {}
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            results[job.student] = grade_submission(job)
            if on_done:
                on_done(results[job.student])
    else:
        ctx = pool_context()
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_started)
        try:
            try:  # the first submit starts the fork server, with the mark it dies by
                futures = {pool.submit(grade_submission, job): job for job in jobs}
            finally:
                unguard_children()
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
        except BaseException:
            _stop_workers(pool)
            raise
        pool.shutdown(wait=True)
    return [results[job.student] for job in jobs]


def pool_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: a fork server where the system has one, else ``spawn``.

    A fork server that has imported the worker once forks each worker cheaply, and never
    carries this process's open database connections into a worker. ``spawn`` (Windows)
    starts each worker as a fresh interpreter, which carries nothing either.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    guard_children()
    ctx.set_forkserver_preload(["medsos.sandbox.supervise", "medsos.grading.worker"])
    return ctx


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the workers now, and the kernels below them, and drop the queued jobs.

    The kernels would die with their worker anyway (bwrap's ``--die-with-parent``); they are
    killed here too so that nothing of this run outlives it, even for a moment, whatever a
    kernel does with the signal meant for its parent.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    kill_tree([p.pid for p in processes if p.pid])
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)


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
    """The whole ``medsos grade`` run for one assignment (see the module docstring).

    Holds the course's lock (:func:`course_lock`) for the whole run.
    """
    course_dir = Path(course_dir).resolve()
    with course_lock(course_dir):
        return _grade(
            assignment,
            course_dir,
            workers=workers,
            regrade=regrade,
            students=students,
            db_url=db_url,
            sandbox=sandbox,
            collect_first=collect_first,
            feedback=feedback,
            report=report,
            progress=progress,
        )


def refused_statuses(course_dir: Path, assignment: str) -> dict[str, SubmissionResult]:
    """Statuses of what is never graded: submissions the safe collect refused, and folders
    in ``submitted/`` whose name is not a safe id (never passed to nbgrader)."""
    refused = {}
    for key, entry in load_refusals(course_dir, assignment).items():
        refused[key] = SubmissionResult(
            key, Status.FAILED, entry["alasan"], timestamp=f"ditolak {entry.get('waktu')}"
        )
    for name in submitted_students(course_dir, assignment):
        reason = unsafe_id_reason(name)
        if reason:
            refused[shown_id(name)] = SubmissionResult(shown_id(name), Status.FAILED, reason)
    return refused


def _grade(
    assignment: str,
    course_dir: Path,
    *,
    workers: int | None,
    regrade: bool,
    students: Iterable[str],
    db_url: str | None,
    sandbox: bool,
    collect_first: bool,
    feedback: bool,
    report: bool,
    progress: Callable[[int, int, SubmissionResult | None], None] | None,
) -> GradeRun:
    start = time.monotonic()
    reason = unsafe_id_reason(assignment)
    if reason:
        raise GradingError(f"Nama tugas '{shown_id(assignment)}' tidak sah.")
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
    refused = refused_statuses(course_dir, assignment)
    statuses.update(refused)
    todo, skipped = select(course_dir, assignment, statuses, regrade=regrade, students=students)
    todo = [s for s in todo if s not in refused]
    skipped = [s for s in skipped if s not in refused]
    run = GradeRun(assignment, skipped=skipped)
    if refused:
        save_statuses(course_dir, assignment, statuses)
    if todo:
        try:
            with execution_config(course_dir, ExecutionPolicy(sandbox=sandbox)) as extra:
                job_config = Config(config)
                job_config.merge(extra)
                # Largest submissions first, so that the slow ones do not run last while
                # the other workers sit idle (see largest_first).
                order = largest_first(course_dir, assignment, todo)
                jobs = [Job(assignment, s, job_config, feedback) for s in order]
                # Until its worker is done, a submission is "not yet graded": an interrupted
                # run never leaves an old score standing for a new submission.
                for student in order:
                    statuses[student] = SubmissionResult(student, Status.PENDING, PENDING_REASON)
                save_statuses(course_dir, assignment, statuses)
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
    except DBAPIError as exc:  # the gradebook's server is down or the address is wrong
        reason = type(exc.orig or exc).__name__
        print(
            f"Penilaian dihentikan: buku nilai tidak dapat dihubungi ({reason}). Periksa bahwa "
            "PostgreSQL berjalan dan alamat buku nilai (MEDSOS_DB_URL atau --db) benar, lalu "
            "jalankan lagi; kiriman yang sudah selesai dinilai tetap tercatat.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print(
            "\nPenilaian dihentikan (Ctrl-C). Kiriman yang sudah selesai tetap tercatat; "
            "yang belum selesai berstatus 'belum selesai dinilai' dan dinilai pada "
            "penjalanan berikutnya.",
            file=sys.stderr,
        )
        return 130
    print(summary_table(run, course_dir, db_url))
    return 0

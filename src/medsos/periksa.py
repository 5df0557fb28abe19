"""``medsos periksa``: a trainee studying alone checks a notebook against the real tests.

The notebook is graded exactly as the instructor's ``medsos grade`` grades a submission:
in a throw-away copy of the course (:class:`~medsos.course.ScratchCourse`: the assignment's
``source/`` with its data, nbgrader's ``generate_assignment``, a gradebook of its own), by
the grading worker (nbgrader's autograde, the course's restoration and output bounds, the
kernel in the bubblewrap sandbox through :func:`medsos.grading.config.execution_config`),
followed by the same Indonesian feedback page. The trainee's notebook is only read (copied
byte for byte into the scratch course), never written. Nothing of the hidden tests reaches
the result: the page is made with ``ClearHiddenTests`` and the messages are the checks' own
last lines, as on the instructor's pages.

Where the course's ``source/`` is absent (a trainee in a class holds only released
notebooks), the result says that grading is done by the instructor.

Python API (used by the JupyterLab button)::

    from medsos.periksa import check_notebook

    result = check_notebook("release/01-tujuan-publikasi/01-tujuan-publikasi.ipynb")
    result.status        # CheckStatus.GRADED, .BY_INSTRUCTOR, .NOT_GRADABLE, .NOT_FOUND
    result.message       # one paragraph in Bahasa Indonesia, for the trainee
    result.score, result.max_score
    result.questions     # [QuestionResult(title, score, max_score, state, message), ...]
    result.feedback      # path of the HTML feedback page (under <course>/periksa/), or None
    result.to_json()     # the same as a JSON-ready dict
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
import tempfile
import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from traitlets.config import Config

from medsos.course import CONFIG_FILE, ScratchCourse, read_grades, stderr_to

STUDENT = "mandiri"
OUTPUT_DIR = "periksa"  # under the course folder, git-ignored


class CheckStatus(StrEnum):
    GRADED = "dinilai"
    BY_INSTRUCTOR = "dinilai instruktur"
    NOT_GRADABLE = "tidak dapat dinilai"
    NOT_FOUND = "notebook tidak ditemukan"


@dataclass(frozen=True)
class QuestionResult:
    """One graded part of a question: its name in the notebook, score and what to do."""

    title: str  # "Soal 1.2 — nilai"
    score: float | None
    max_score: float
    state: str  # "benar", "sebagian benar (1 dari 2 poin)", "belum tepat (0 dari 1 poin)", ...
    message: str = ""  # the check's message (empty when the part is right)
    written: bool = False  # a written answer, graded by the instructor

    @property
    def to_review(self) -> bool:
        return bool(self.message)


@dataclass
class SelfCheck:
    """What ``check_notebook`` found; every text is for the trainee, in Bahasa Indonesia."""

    status: CheckStatus
    message: str
    notebook: str
    assignment: str | None = None
    score: float = 0.0
    max_score: float = 0.0
    questions: list[QuestionResult] = field(default_factory=list)
    feedback: str | None = None
    # What grading had to restore (a locked cell changed by accident, ...), in Indonesian.
    notes: list[str] = field(default_factory=list)
    sandboxed: bool = False
    seconds: float = 0.0

    def to_json(self) -> dict:
        data = asdict(self)
        data["status"] = self.status.value
        for item, question in zip(data["questions"], self.questions, strict=True):
            item["to_review"] = question.to_review
        return data


BY_INSTRUCTOR = (
    "Penilaian tugas ini dilakukan oleh instruktur: kumpulkan notebook Anda lewat menu "
    "Tugas (Assignments) dan tunggu umpan baliknya. Pemeriksaan mandiri hanya tersedia pada "
    "salinan kit lengkap (yang memuat folder source/), untuk belajar sendiri. Sebelum "
    "mengumpulkan, jalankan ulang semua sel dan pastikan setiap cek cepat lolos."
)


def course_of(notebook: Path) -> Path | None:
    """The course folder holding ``notebook`` (or the kit's, when the notebook is elsewhere)."""
    for folder in notebook.parents:
        if (folder / CONFIG_FILE).is_file() and (folder / "datasets").is_dir():
            return folder
    from medsos import course_root

    try:
        return course_root()
    except FileNotFoundError:
        return None


def assignment_of(notebook: Path, course: Path) -> str | None:
    """The assignment whose source holds a notebook of the same name (its folder first)."""
    name = notebook.name
    preferred = course / "source" / notebook.parent.name / name
    if preferred.is_file():
        return notebook.parent.name
    found = sorted((course / "source").glob(f"*/{name}"))
    return found[0].parent.name if found else None


def check_notebook(
    notebook: str | Path,
    *,
    course_dir: str | Path | None = None,
    output_dir: str | Path | None = None,
    sandbox: bool | None = None,
) -> SelfCheck:
    """Grade ``notebook`` with the course's real tests and write its feedback page.

    ``course_dir``: the course folder (default: the one holding the notebook, else the kit's).
    ``output_dir``: where the feedback page goes (default ``<course>/periksa/<assignment>/``).
    ``sandbox``: ``True`` requires the grading sandbox, ``False`` runs without it (as does
    ``MEDSOS_TANPA_SANDBOX=1``), ``None`` (default) uses it when this computer can run it
    (Linux with bubblewrap) and otherwise (Windows, macOS) runs the trainee's own notebook
    directly, saying so in the message. Needs nothing POSIX-only. Never raises for a bad
    notebook; never writes the notebook.
    """
    start = time.monotonic()
    path = Path(notebook).expanduser().resolve()
    if not path.is_file():
        return SelfCheck(
            CheckStatus.NOT_FOUND,
            f"Notebook {path} tidak ditemukan. Periksa nama dan letak filenya.",
            str(path),
        )
    course = Path(course_dir).resolve() if course_dir else course_of(path)
    if course is None or not (course / "source").is_dir():
        return SelfCheck(CheckStatus.BY_INSTRUCTOR, BY_INSTRUCTOR, str(path))
    assignment = assignment_of(path, course)
    if assignment is None:
        return SelfCheck(
            CheckStatus.NOT_GRADABLE,
            f"Notebook {path.name} bukan notebook tugas kursus ini: tidak ada soal dengan nama "
            "file itu di source/. Periksa mandiri notebook aslinya (mis. "
            "release/01-tujuan-publikasi/01-tujuan-publikasi.ipynb), jangan salinan yang "
            "namanya diubah.",
            str(path),
        )
    _scripts_on_path()
    original = path.read_bytes()
    try:
        result = _grade(path, course, assignment, output_dir, sandbox)
    except ImportError as exc:  # grading needs modules this system lacks (e.g. Windows)
        return SelfCheck(
            CheckStatus.NOT_GRADABLE,
            "Pemeriksaan mandiri belum dapat berjalan di komputer ini (bagian penilaian kit "
            f"membutuhkan modul {exc.name or '?'} yang tidak ada di sistem ini). Kerjakan "
            "cek cepat di notebook, lalu kumpulkan untuk dinilai instruktur.",
            str(path),
            assignment,
        )
    if path.read_bytes() != original:  # pragma: no cover - guarded by tests
        raise RuntimeError(f"{path} changed while it was checked")
    result.seconds = round(time.monotonic() - start, 1)
    return result


def _scripts_on_path() -> None:
    """nbgrader runs ``alembic`` from PATH; a trainee may call the kit without activating
    its environment (``.venv\\Scripts\\medsos`` on Windows), so put its scripts first."""
    scripts = sysconfig.get_path("scripts")
    if scripts and scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


def _grade(
    path: Path,
    course: Path,
    assignment: str,
    output_dir: str | Path | None,
    sandbox: bool | None,
) -> SelfCheck:
    from medsos.build import tables_used
    from medsos.grading.config import (
        ExecutionPolicy,
        SandboxRefused,
        execution_config,
        sandbox_status,
    )
    from medsos.grading.safety import opted_out
    from medsos.grading.worker import Job, grade_submission

    if sandbox is None and opted_out():  # MEDSOS_TANPA_SANDBOX=1, as for nbgrader's autograde
        sandbox = False
    use_sandbox = sandbox_status()[0] if sandbox is None else sandbox
    with tempfile.TemporaryDirectory(prefix="medsos-periksa-") as tmp:
        scratch = ScratchCourse(Path(tmp), course)
        scratch.add_source(assignment)
        data = scratch.source_dir(assignment) / "data"
        for table in tables_used(assignment, course):
            data.mkdir(exist_ok=True)
            shutil.copyfile(course / "datasets" / table, data / table)
        with stderr_to(scratch.folder / "nbgrader.log"):
            scratch.generate(assignment)
        submitted = scratch.folder / "submitted" / STUDENT / assignment
        shutil.copytree(scratch.release_dir(assignment), submitted)
        shutil.copyfile(path, submitted / path.name)  # the trainee's bytes, read only
        config = Config(scratch.config)
        # The summary is added by the worker (as in medsos grade), not by nbgrader's hook;
        # the course's gate before nbgrader's own autograde is the worker's job here too
        # (as in grading_config): the sandbox is set up by execution_config below.
        config.GenerateFeedback.post_convert_hook = None
        config.Autograde.pre_convert_hook = None
        try:
            with execution_config(scratch.folder, ExecutionPolicy(sandbox=use_sandbox)) as extra:
                config.merge(extra)
                with stderr_to(scratch.folder / "nbgrader.log"):
                    outcome = grade_submission(Job(assignment, STUDENT, config, feedback=True))
        except SandboxRefused as exc:
            return SelfCheck(CheckStatus.NOT_GRADABLE, str(exc), str(path), assignment)
        if not outcome.status.has_score:
            return SelfCheck(
                CheckStatus.NOT_GRADABLE,
                "Notebook ini tidak dapat dinilai: " + _for_trainee(outcome.reason),
                str(path),
                assignment,
                sandboxed=use_sandbox,
            )
        questions = _questions(config, assignment, outcome.failures)
        notes = _notes(config, assignment, outcome.notes)
        feedback = _keep_feedback(outcome.feedback, course, assignment, path, output_dir)
    score = sum(q.score or 0.0 for q in questions)
    available = sum(q.max_score for q in questions)
    return SelfCheck(
        CheckStatus.GRADED,
        _message(questions, True if use_sandbox else (False if sandbox is False else None)),
        str(path),
        assignment,
        score=score,
        max_score=available,
        questions=questions,
        feedback=feedback,
        notes=notes,
        sandboxed=use_sandbox,
    )


def _for_trainee(reason: str) -> str:
    """A could-not-grade reason, written for instructors, addressed to the trainee."""
    return (
        reason.replace("Minta peserta ", "Silakan ")
        .replace("Periksa kode peserta", "Periksa kode Anda")
        .replace("Periksa notebook peserta, lalu nilai ulang peserta ini.", "Periksa kode Anda.")
        .replace(", lalu nilai ulang peserta ini", "")
        .replace("kode peserta", "kode Anda")
        .replace("diubah peserta", "Anda ubah")
    )


def _notes(config: Config, assignment: str, notes: list[str]) -> list[str]:
    """Grading notes addressed to the trainee, cells named as questions (never grade ids)."""
    from medsos.grading.feedback import name_cells_in_text
    from medsos.grading.questions import questions_for

    by_id = {q.grade_id: q for q in questions_for(config, assignment).values()}
    out = []
    for note in notes:
        if note.startswith("Umpan balik gagal dibuat"):  # nbgrader's log tail, in English
            note = "Halaman umpan balik tidak dapat dibuat; nilai di atas tetap berlaku."
        out.append(name_cells_in_text(_for_trainee(note), by_id))
    return out


def _questions(config: Config, assignment: str, failures: dict[str, str]) -> list[QuestionResult]:
    from medsos.grading.feedback import state_text
    from medsos.grading.questions import fallback, questions_for

    named = questions_for(config, assignment)
    out = []
    grades = [g for g in read_grades(config, assignment, STUDENT) if g.max_score > 0]
    for position, g in enumerate(grades, start=1):
        question = named.get((g.notebook, g.grade_id)) or fallback(
            g.notebook, g.grade_id, g.max_score, position
        )
        waiting = g.needs_manual_grade and g.score is None
        right = waiting or (g.score is not None and g.score >= g.max_score)
        if right:
            message = ""
        elif g.written:
            message = "Jawaban tertulis belum diisi." if g.score == 0 else ""
        else:
            message = failures.get(g.grade_id) or "Periksa kembali jawaban untuk bagian ini."
        if waiting:
            state = "dinilai instruktur (jawaban tertulis)"
        elif g.written and g.score == 0:
            state = "belum diisi (dinilai instruktur)"
        else:
            state = state_text(g.score, g.max_score, False)
        out.append(QuestionResult(question.title, g.score, g.max_score, state, message, g.written))
    return out


def _keep_feedback(
    page: str | None, course: Path, assignment: str, notebook: Path, output_dir
) -> str | None:
    if not page:
        return None
    folder = Path(output_dir) if output_dir else course / OUTPUT_DIR / assignment
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{notebook.stem}.html"
    shutil.copyfile(page, target)
    return str(target)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:g}".replace(".", ",")


def _message(questions: list[QuestionResult], sandbox: bool | None) -> str:
    """The trainee's one-paragraph result; ``sandbox`` None: wanted but not available."""
    written = [q for q in questions if q.written]
    review = [q for q in questions if q.to_review]
    auto = [q for q in questions if not q.written]
    earned = sum(q.score or 0.0 for q in auto)
    text = f"Nilai otomatis Anda: {_fmt(earned)} dari {_fmt(sum(q.max_score for q in auto))} poin."
    if review:
        text += f" {len(review)} bagian perlu ditinjau; pesan pemeriksaannya ada di bawah."
    else:
        text += " Semua pemeriksaan otomatis terpenuhi."
    if written:
        text += (
            f" {len(written)} jawaban tertulis ({_fmt(sum(q.max_score for q in written))} poin) "
            "dinilai oleh instruktur dan tidak diperiksa di sini."
        )
    if sandbox is None:
        text += (
            " Catatan: di komputer ini kode Anda dijalankan tanpa sandbox penilaian (sandbox "
            "hanya ada di Linux dengan bubblewrap). Untuk belajar mandiri di komputer sendiri "
            "hal ini wajar dan aman, karena yang dijalankan adalah kode Anda sendiri; nilainya "
            "sama dengan penilaian di sandbox."
        )
    elif not sandbox:
        from medsos.grading.safety import OPT_OUT_ENV

        text += (
            " Catatan: kode Anda dijalankan tanpa sandbox penilaian, sesuai pilihan "
            f"(--tanpa-sandbox atau {OPT_OUT_ENV}=1)."
        )
    return text


def _grouped(review: list[QuestionResult]) -> list[tuple[str, str]]:
    """Parts of one question with the same message on one line ("Soal 0.3 — nilai,
    pembulatan: ..."), so a trainee reads each explanation once."""
    out: list[tuple[list[str], str]] = []
    for q in review:
        question, _, part = q.title.partition(" — ")
        if out and out[-1][0][0].partition(" — ")[0] == question and out[-1][1] == q.message:
            out[-1][0].append(part or q.title)
        else:
            out.append(([q.title], q.message))
    return [(", ".join(titles), message) for titles, message in out]


def summary_text(result: SelfCheck) -> str:
    """The per-question summary for the terminal."""
    lines = [f"Periksa mandiri: {Path(result.notebook).name}"]
    if result.status is not CheckStatus.GRADED:
        return "\n".join([*lines, result.message])
    width = max([len(q.title) for q in result.questions] + [4])
    lines.append("")
    lines.append(f"{'Soal'.ljust(width)}  {'Nilai':>5}  {'Maks':>4}  Keterangan")
    for q in result.questions:
        lines.append(
            f"{q.title.ljust(width)}  {_fmt(q.score):>5}  {_fmt(q.max_score):>4}  {q.state}"
        )
    review = [q for q in result.questions if q.to_review]
    if review:
        lines += ["", "Yang perlu ditinjau:"]
        lines += [f"- {title}: {message}" for title, message in _grouped(review)]
    if result.notes:
        lines += ["", "Catatan penilaian:"]
        lines += [f"- {note}" for note in result.notes]
    lines += ["", result.message]
    if result.feedback:
        lines.append(f"Umpan balik lengkap: {result.feedback}")
    return "\n".join(lines)


def main(notebook: str, *, sandbox: bool | None = None, output_dir: str | None = None) -> int:
    """Entry point of ``medsos periksa``: 0 when graded (whatever the score), else 1 or 2."""
    print("Memeriksa notebook dengan uji penilaian kursus ... (biasanya kurang dari 1 menit)")
    sys.stdout.flush()
    result = check_notebook(notebook, sandbox=sandbox, output_dir=output_dir)
    print(summary_text(result))
    if result.status is CheckStatus.GRADED:
        return 0
    return 1 if result.status is CheckStatus.BY_INSTRUCTOR else 2

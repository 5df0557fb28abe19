"""The instructor's whole nbgrader cycle on one machine, with simulated trainees.

generate -> release -> each trainee (own home folder) fetches, answers, submits -> collect
-> autograde -> generate and release feedback -> the instructor scores written answers (as in
the formgrader) and feedback is refreshed -> trainees fetch feedback -> export grades (with
the class roster), the cohort report and the CSV for Moodle's grade import.

Every step is nbgrader's own (``NbGraderAPI`` for the instructor, the exchange classes for
trainees), configured by the course's ``nbgrader_config.py`` and run in a separate work
folder, so a real course's gradebook is never touched. ``medsos demo`` prints it.
"""

from __future__ import annotations

import math
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange import ExchangeFactory
from nbgrader.plugins import CsvExportPlugin
from nbgrader.utils import capture_log
from traitlets.config import Config

from medsos import course_root
from medsos.build import place_data, source_notebooks
from medsos.course import (
    AutoScore,
    CellGrade,
    CourseError,
    ScratchCourse,
    answer_cells,
    answer_notebook,
    course_id,
    read_grades,
    run_step,
    setenv,
    stderr_to,
)
from medsos.grading import Status, grade
from medsos.grading.config import sandbox_status
from medsos.grading.export import export_moodle
from medsos.report import write_report
from medsos.roster import Peserta, write_roster

DEMO_ASSIGNMENT = "00-pengenalan"


@dataclass(frozen=True)
class Trainee:
    """A simulated trainee: who, and how they answer.

    ``answers``: "semua" (every answer cell filled with the source's solution), "sebagian"
    (the first half of the code answer cells), "kosong" (nothing). ``overrides`` maps grade
    ids of answer cells to other text (e.g. a wrong answer). ``edit_data``: the trainee
    changes their own copy of the data before submitting (grading must not care).
    """

    student_id: str
    description: str
    answers: str = "semua"
    overrides: Mapping[str, str] = field(default_factory=dict)
    edit_data: bool = False


DEFAULT_TRAINEES: tuple[Trainee, ...] = (
    Trainee("ani", "menjawab semua soal (dan mengubah data di foldernya)", "semua", edit_data=True),
    Trainee("budi", "menjawab separuh soal", "sebagian"),
    Trainee("citra", "mengumpulkan tanpa menjawab", "kosong"),
)
# The simulated class's roster (invented names, NIPs and addresses, like all the kit's data).
DEMO_ROSTER: tuple[Peserta, ...] = (
    Peserta(
        "ani", "198703152010012004", "Ani Rahmawati", "Diskominfo Jatim", "ani@instansi.example"
    ),
    Peserta("budi", "199001202015031002", "Budi Santoso", "BPBD Jatim", "budi@instansi.example"),
    Peserta("citra", "199205052019032011", "Citra Dewi", "Dinas Kesehatan Jatim"),
    Peserta("dedi", "198812122014021003", "Dedi Kurniawan", "Dinas Sosial Jatim"),
    Peserta("eka", "199107072017012009", "Eka Lestari", "BPSDM Jatim"),
)
# The instructor's score and comment on written answers, given as in the formgrader.
DEMO_WRITTEN: Mapping[str, tuple[float, str]] = {
    "ani": (
        1,
        "Pilihan platform beralasan angka dari data. Tambahkan satu hal yang belum bisa "
        "disimpulkan, misalnya jangkauan.",
    ),
}


@dataclass
class TraineeResult(AutoScore):
    trainee: Trainee
    grades: list[CellGrade]
    feedback: list[Path]


@dataclass
class CycleResult:
    folder: Path
    assignment: str
    trainees: list[TraineeResult]
    grades_csv: Path
    questions: dict[str, str]
    seconds: float = 0.0
    exports: tuple[Path, ...] = ()
    report: Path | None = None
    moodle_csv: Path | None = None

    def by_student(self) -> dict[str, TraineeResult]:
        return {r.trainee.student_id: r for r in self.trainees}


# --------------------------------------------------------------------------- the cycle


def run_cycle(
    folder: Path,
    assignment: str = DEMO_ASSIGNMENT,
    trainees: Sequence[Trainee] = DEFAULT_TRAINEES,
    root: Path | None = None,
    log: Callable[[str], None] = print,
    roster: Sequence[Peserta] = DEMO_ROSTER,
    written: Mapping[str, tuple[float, str]] = DEMO_WRITTEN,
) -> CycleResult:
    """Run the whole cycle in ``folder`` (emptied first) and return every trainee's grades.

    ``roster`` is written as the course's ``peserta.csv``; ``written`` maps trainees to the
    score and comment the instructor gives each of their written answers.
    """
    started = time.monotonic()
    root = Path(root) if root else course_root()
    folder = Path(folder).resolve()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    scratch = ScratchCourse(folder, root)
    api, config = scratch.api, scratch.config
    quiet = folder / "nbgrader.log"

    log(f"Folder kerja demo: {folder}")
    if roster:
        write_roster(list(roster), folder / "peserta.csv")
        log(f"0. daftar peserta      : {len(roster)} peserta di {_rel(folder / 'peserta.csv')}")
    place_data(assignment, root)
    scratch.add_source(assignment)
    scratch.generate(assignment)
    log(f"1. generate_assignment : versi peserta dibuat di {_rel(scratch.release_dir(assignment))}")
    run_step(api.release_assignment(assignment), "release_assignment")
    log(f"2. release_assignment  : tugas dibagikan lewat exchange {_rel(folder / 'exchange')}")

    sources = {p.stem: nbformat.read(p, 4) for p in source_notebooks(assignment, root)}
    for trainee in trainees:
        home = folder / "peserta" / trainee.student_id
        _fetch_answer_submit(config, home, assignment, trainee, sources)
        log(f"3. peserta {trainee.student_id:<6}: fetch -> {trainee.description} -> submit")

    run_step(api.collect(assignment), "collect")
    log(f"4. collect             : {len(trainees)} kiriman disalin ke {_rel(folder / 'submitted')}")
    sandbox, why = sandbox_status()
    if not sandbox:
        log(
            "   PERHATIAN: sandbox tidak dapat berjalan di komputer ini, jadi demo menilai "
            f"TANPA sandbox ({why.strip()}). Ini aman hanya karena kiriman demo dibuat oleh "
            "kit sendiri; 'medsos grade' menolak menilai kiriman peserta tanpa sandbox."
        )
    with stderr_to(quiet):
        run = grade(assignment, folder, sandbox=sandbox, collect_first=False, report=False)
    problems = [r for r in run.graded if r.status is Status.FAILED]
    if problems:
        raise CourseError(
            "Penilaian demo gagal: " + "; ".join(f"{r.student}: {r.reason}" for r in problems)
        )
    graded = _rel(folder / "autograded")
    where = "di dalam sandbox" if sandbox else "tanpa sandbox"
    log(
        f"5. medsos grade        : {len(run.graded)} kiriman dinilai paralel {where}, dengan "
        f"data asli instruktur ({graded}); umpan balik dibuat dan dibagikan"
    )
    scored = _score_written(config, assignment, written)
    if scored:
        with stderr_to(quiet):
            run = grade(assignment, folder, sandbox=sandbox, collect_first=False, report=False)
        log(
            f"5b. instruktur         : jawaban tertulis {', '.join(scored)} dinilai (seperti di "
            "Formgrader); umpan baliknya dibuat ulang dan dibagikan lagi"
        )
    results = []
    for trainee in trainees:
        home = folder / "peserta" / trainee.student_id
        feedback = _fetch_feedback(config, home, assignment, trainee)
        grades = read_grades(config, assignment, trainee.student_id)
        results.append(TraineeResult(trainee, grades, feedback))
    log("6. fetch_feedback      : tiap peserta mengambil umpan baliknya")
    grades_csv = export_grades(config, folder / "nilai.csv")
    log(f"7. export              : nilai semua peserta di {_rel(grades_csv)}")
    db_url, cid = config.CourseDirectory.db_url, course_id(config)
    report = write_report(folder, db_url, cid, path=folder / "laporan-kohort.html")
    log(f"8. laporan kohort      : {_rel(report)}")
    moodle = None
    if roster:
        moodle, _ = export_moodle(folder, db_url, cid, path=folder / "nilai-moodle.csv")
        log(f"9. nilai untuk Moodle  : {_rel(moodle)} (pengenal NIP, nilai 0-100)")
    questions = question_labels(next(iter(sources.values())))
    return CycleResult(
        folder,
        assignment,
        results,
        grades_csv,
        questions,
        time.monotonic() - started,
        exports=tuple(run.exports or ()),
        report=report,
        moodle_csv=moodle,
    )


def _score_written(
    config: Config, assignment: str, written: Mapping[str, tuple[float, str]]
) -> list[str]:
    """Give written answers still waiting the instructor's score and comment, as the
    formgrader does (manual score, comment, no longer needing a manual grade)."""
    scored = []
    with Gradebook(config.CourseDirectory.db_url, course_id(config)) as gb:
        for student, (score, comment) in written.items():
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:  # not a trainee of this run
                continue
            for nb in submission.notebooks:
                for g in nb.grades:
                    if g.cell_type == "markdown" and g.needs_manual_grade:
                        g.manual_score = min(score, float(g.max_score))
                        g.needs_manual_grade = False
                        note = gb.find_comment(g.name, nb.name, assignment, student)
                        note.manual_comment = comment
                        scored.append(student)
        gb.db.commit()
    return scored


def _trainee_config(config: Config, home: Path) -> Config:
    """What a trainee's own nbgrader config holds: the course id and the exchange."""
    c = Config()
    c.CourseDirectory.course_id = course_id(config)
    c.CourseDirectory.root = str(home)
    c.Exchange.root = config.Exchange.root
    c.Exchange.assignment_dir = str(home)
    c.Exchange.cache = str(home / ".local" / "share" / "jupyter" / "nbgrader_cache")
    return c


def _exchange_step(config: Config, home: Path, assignment: str, student: str, step: str) -> None:
    c = _trainee_config(config, home)
    coursedir = CourseDirectory(config=c)
    coursedir.assignment_id = assignment
    coursedir.student_id = student  # one OS user plays every trainee
    app = getattr(ExchangeFactory(config=c), step)(
        coursedir=coursedir, authenticator=Authenticator(config=c), config=c
    )
    with setenv({"HOME": str(home)}):
        run_step(capture_log(app), f"{step} ({student})")


def _fetch_answer_submit(
    config: Config,
    home: Path,
    assignment: str,
    trainee: Trainee,
    sources: Mapping[str, nbformat.NotebookNode],
) -> None:
    home.mkdir(parents=True, exist_ok=True)
    _exchange_step(config, home, assignment, trainee.student_id, "FetchAssignment")
    work = home / assignment
    for name, source in sources.items():
        path = work / f"{name}.ipynb"
        released = nbformat.read(path, as_version=4)
        answered = answer_notebook(released, source, _chosen(trainee, released), trainee.overrides)
        nbformat.write(answered, path)
    if trainee.edit_data:
        for table in sorted((work / "data").glob("*.csv")):
            lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
            table.write_text("".join(lines[: max(2, len(lines) // 2)]), encoding="utf-8")
    _exchange_step(config, home, assignment, trainee.student_id, "Submit")


def _chosen(trainee: Trainee, released: nbformat.NotebookNode) -> list[str]:
    if trainee.answers == "semua":
        return answer_cells(released)
    if trainee.answers == "sebagian":
        code_answers = answer_cells(released, "code")
        return code_answers[: math.ceil(len(code_answers) / 2)]
    if trainee.answers == "kosong":
        return []
    raise ValueError(f"unknown answer mode {trainee.answers!r}")


def _fetch_feedback(config: Config, home: Path, assignment: str, trainee: Trainee) -> list[Path]:
    _exchange_step(config, home, assignment, trainee.student_id, "FetchFeedback")
    return sorted((home / assignment / "feedback").rglob("*.html"))


def export_grades(config: Config, path: Path) -> Path:
    """nbgrader's own CSV export of the gradebook (one row per trainee per assignment)."""
    plugin = CsvExportPlugin(config=config)
    plugin.to = str(path)
    with Gradebook(config.CourseDirectory.db_url, course_id(config)) as gb:
        plugin.export(gb)
    return path


def question_labels(source: nbformat.NotebookNode) -> dict[str, str]:
    """Map each grade id to its question number ("0.3"), from the "### Soal 0.3" headings."""
    labels: dict[str, str] = {}
    current = ""
    for cell in source.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("### Soal "):
                    current = line.removeprefix("### Soal ").split()[0]
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and current:
            labels[meta["grade_id"]] = current
    return labels


# --------------------------------------------------------------------------- report


def grade_table(result: CycleResult) -> str:
    """The grade table in Bahasa Indonesia: points per question, autograded total, written."""
    import pandas as pd

    rows = []
    for r in result.trainees:
        row = {"peserta": r.trainee.student_id}
        per_question: dict[str, list[float]] = {}
        written = []
        for g in r.grades:
            label = result.questions.get(g.grade_id, g.grade_id)
            if g.written:
                if g.needs_manual_grade:
                    written.append(f"perlu dinilai (maks {g.max_score:g})")
                elif g.by_instructor:
                    written.append(f"{g.score or 0:g}/{g.max_score:g} dari instruktur")
                else:  # nbgrader scores an unchanged written-answer stub 0 by itself
                    written.append(f"tidak dijawab ({g.score or 0:g}/{g.max_score:g})")
            elif g.max_score > 0:
                got, out_of = per_question.setdefault(label, [0.0, 0.0])
                per_question[label] = [got + (g.score or 0), out_of + g.max_score]
        for label, (got, out_of) in per_question.items():
            row[f"soal {label}"] = f"{got:g}/{out_of:g}"
        row["total otomatis"] = f"{r.score:g}/{r.max_score:g}"
        row["jawaban tertulis"] = ", ".join(written) or "-"
        rows.append(row)
    return pd.DataFrame(rows).to_string(index=False)


def demo(folder: Path | None = None, datasets: bool = True) -> int:
    """``medsos demo``: datasets, build of the demo assignment with its checks, then the whole
    cycle; print the results. (``medsos build`` and ``make test`` cover every assignment.)"""
    from medsos.build import BuildError, build

    started = time.monotonic()
    root = course_root()
    folder = Path(folder) if folder else root / "demo"
    if datasets:
        try:
            from medsos.datasets import cli as datasets_cli
        except ImportError:  # the datasets package is optional for the cycle
            datasets_cli = None
        if datasets_cli is not None:
            print("== Dataset sintetis: dibuat ulang dan divalidasi ==")
            if datasets_cli.run() != 0:
                return 1
            print()
    print(f"== medsos build {DEMO_ASSIGNMENT}: release/ dibuat ulang dan diperiksa ==")
    try:
        build([DEMO_ASSIGNMENT], root=root)
    except BuildError as err:
        print(f"GAGAL: {err}")
        return 1
    print()
    print(f"== Siklus nbgrader untuk tugas {DEMO_ASSIGNMENT} dengan 3 peserta simulasi ==")
    result = run_cycle(folder, root=root)
    print()
    print(f"Nilai tugas {result.assignment}:")
    print(grade_table(result))
    print()
    print("Skenario peserta:")
    for r in result.trainees:
        print(f"  {r.trainee.student_id:<6} {r.trainee.description}")
    print()
    print("Umpan balik (HTML) yang diterima peserta:")
    for r in result.trainees:
        for path in r.feedback:
            print(f"  {r.trainee.student_id:<6} {path}")
    print(f"Salinan umpan balik untuk instruktur: {result.folder / 'feedback'}")
    print(f"Nilai hasil ekspor nbgrader (CSV): {result.grades_csv}")
    for path in result.exports:
        print(f"Nilai dengan NIP, nama, instansi: {path}")
    print(f"Laporan kohort (statistik soal, kemajuan peserta): {result.report}")
    if result.moodle_csv:
        print(f"Nilai untuk impor Moodle (CSV): {result.moodle_csv}")
    print(
        "Rubrik penilai tampil di Formgrader di bawah setiap jawaban tertulis (medsos lab, "
        "menu Nbgrader -> Formgrader); tidak pernah di umpan balik peserta."
    )
    print(f"Selesai dalam {time.monotonic() - started:.0f} detik.")
    return 0


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)

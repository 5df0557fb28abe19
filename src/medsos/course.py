"""The nbgrader course: its configuration, a scratch copy for checks, and simulated answers.

Everything here goes through nbgrader's own API (``NbGraderAPI``, the exchange classes and
the ``Gradebook``) configured by the course's ``nbgrader_config.py``, so the checks and the
demo exercise exactly what an instructor runs by hand.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.utils import is_solution
from traitlets.config import Config, PyFileConfigLoader

from medsos import course_root

CONFIG_FILE = "nbgrader_config.py"
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"


class CourseError(RuntimeError):
    """A step of the nbgrader cycle failed; the message is for instructors (Bahasa Indonesia)."""


def load_config(
    root: Path | None = None,
    *,
    course_dir: Path | None = None,
    exchange: Path | None = None,
    db_url: str | None = None,
) -> Config:
    """Load the course's ``nbgrader_config.py``, optionally pointing it at another folder.

    ``course_dir`` moves the course (source/, release/, submitted/, ... and the gradebook)
    elsewhere, e.g. a scratch folder; ``exchange`` and ``db_url`` override those settings.
    Every other setting (timeouts, header, stubs, feedback preprocessors) stays the course's.
    """
    root = Path(root) if root else course_root()
    env = {"MEDSOS_EXCHANGE": str(exchange)} if exchange else {}
    with setenv(env):
        config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    if course_dir is not None:
        config.CourseDirectory.root = str(course_dir)
        if db_url is None:
            db_url = f"sqlite:///{Path(course_dir) / 'gradebook.db'}"
    if db_url is not None:
        config.CourseDirectory.db_url = db_url
    return config


def course_id(config: Config) -> str:
    return config.CourseDirectory.course_id


def make_api(config: Config) -> NbGraderAPI:
    """An ``NbGraderAPI`` for ``config``, quiet unless something goes wrong."""
    api = NbGraderAPI(config=config)
    api.log.setLevel(logging.WARNING)
    return api


def run_step(result: Mapping, step: str) -> None:
    """Raise ``CourseError`` when an ``NbGraderAPI`` call reports failure."""
    if not result.get("success", False):
        detail = (result.get("error") or result.get("log") or "").strip()
        raise CourseError(f"Langkah nbgrader '{step}' gagal.\n{detail}")


@contextlib.contextmanager
def setenv(values: Mapping[str, str]) -> Iterator[None]:
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def stderr_to(log_path: Path) -> Iterator[None]:
    """Send this process's stderr (and its kernels') to ``log_path`` for the duration.

    Kernels print a transport warning and nbgrader's database layer prints SQLAlchemy
    warnings on every autograde; they say nothing to an instructor. Failures still surface:
    ``run_step`` raises with nbgrader's captured log.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log_path, "a", encoding="utf-8") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


# --------------------------------------------------------------------------- answers


def solution_text(source: str) -> str:
    """The source of a solution cell as a perfect trainee would write it (markers removed)."""
    lines = source.split("\n")
    kept = [line for line in lines if line.strip() not in (BEGIN_SOLUTION, END_SOLUTION)]
    return "\n".join(kept)


def answer_cells(nb: nbformat.NotebookNode, cell_type: str | None = None) -> list[str]:
    """The grade ids of the cells a trainee answers (nbgrader solution cells), in order.

    ``cell_type`` ("code" or "markdown") keeps only the answers of that kind.
    """
    return [
        cell.metadata.nbgrader["grade_id"]
        for cell in nb.cells
        if is_solution(cell) and cell_type in (None, cell.cell_type)
    ]


def answer_notebook(
    released: nbformat.NotebookNode,
    source: nbformat.NotebookNode,
    answer: Iterable[str] | None = None,
    overrides: Mapping[str, str] | None = None,
) -> nbformat.NotebookNode:
    """Fill a released notebook as a trainee would.

    ``answer`` lists the grade ids of the answer cells to fill with the source's solution
    (``None``: all of them); ``overrides`` maps grade ids to any other text (a wrong answer).
    Cells not named stay as released (the stub).
    """
    solutions = {
        cell.metadata.nbgrader["grade_id"]: solution_text(cell.source)
        for cell in source.cells
        if is_solution(cell)
    }
    wanted = set(solutions) if answer is None else set(answer)
    overrides = dict(overrides or {})
    filled = nbformat.from_dict(released)
    for cell in filled.cells:
        if not is_solution(cell):
            continue
        grade_id = cell.metadata.nbgrader["grade_id"]
        if grade_id in overrides:
            cell.source = overrides[grade_id]
        elif grade_id in wanted:
            cell.source = solutions[grade_id]
    return filled


# --------------------------------------------------------------------------- grades


@dataclass(frozen=True)
class CellGrade:
    """The grade of one graded cell of one submitted notebook."""

    notebook: str
    grade_id: str
    score: float | None
    max_score: float
    needs_manual_grade: bool
    cell_type: str
    # The instructor gave this score in the formgrader.
    by_instructor: bool = False

    @property
    def written(self) -> bool:
        """A written answer (Markdown), graded by the instructor rather than by tests."""
        return self.cell_type == "markdown"


def read_grades(config: Config, assignment: str, student: str) -> list[CellGrade]:
    """Every graded cell of a submission, in notebook order, read from the gradebook."""
    db_url = config.CourseDirectory.db_url
    out: list[CellGrade] = []
    with Gradebook(db_url, course_id(config)) as gb:
        submission = gb.find_submission(assignment, student)
        for notebook in submission.notebooks:
            order = {cell.name: i for i, cell in enumerate(notebook.notebook.source_cells)}
            grades = sorted(notebook.grades, key=lambda g: order.get(g.name, len(order)))
            for grade in grades:
                manual = bool(grade.needs_manual_grade)
                # nbgrader's score: the manual score when given, else the autograde score.
                score = None if manual and grade.manual_score is None else grade.score
                out.append(
                    CellGrade(
                        notebook=notebook.name,
                        grade_id=grade.name,
                        score=None if score is None else float(score),
                        max_score=float(grade.max_score),
                        needs_manual_grade=manual,
                        cell_type=grade.cell_type,
                        by_instructor=grade.manual_score is not None,
                    )
                )
    return out


def auto_total(grades: Iterable[CellGrade]) -> tuple[float, float]:
    """Autograded points earned and available (written answers are left out)."""
    graded = [g for g in grades if not g.written]
    return sum(g.score or 0.0 for g in graded), sum(g.max_score for g in graded)


class AutoScore:
    """Mixin for a result holding ``grades``: its autograded points earned and available."""

    grades: list[CellGrade]

    @property
    def score(self) -> float:
        return auto_total(self.grades)[0]

    @property
    def max_score(self) -> float:
        return auto_total(self.grades)[1]


# --------------------------------------------------------------------------- scratch course


@functools.cache
def _empty_gradebook() -> Path:
    """An empty gradebook made once per process and copied into each scratch course.

    nbgrader runs ``alembic heads`` in a subprocess for every new gradebook (seconds on a
    busy machine); copying an empty one skips that.
    """
    folder = Path(tempfile.mkdtemp(prefix="medsos-gradebook-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "gradebook.db"
    Gradebook(f"sqlite:///{path}").close()
    return path


class ScratchCourse:
    """A throw-away copy of the course in ``folder``: its own release, exchange and gradebook.

    Used by the build checks (autograde a perfect and a blank submission) and by the demo.
    """

    def __init__(self, folder: Path, root: Path | None = None) -> None:
        self.root = Path(root) if root else course_root()
        self.folder = Path(folder)
        self.config = load_config(
            self.root, course_dir=self.folder, exchange=self.folder / "exchange"
        )
        (self.folder / "exchange").mkdir(parents=True, exist_ok=True)
        gradebook = self.folder / "gradebook.db"
        if not gradebook.exists():
            shutil.copyfile(_empty_gradebook(), gradebook)
        self._api: NbGraderAPI | None = None

    @property
    def api(self) -> NbGraderAPI:
        if self._api is None:
            self._api = make_api(self.config)
        return self._api

    def source_dir(self, assignment: str) -> Path:
        return self.folder / "source" / assignment

    def release_dir(self, assignment: str) -> Path:
        return self.folder / "release" / assignment

    def add_source(self, assignment: str) -> None:
        """Copy ``source/<assignment>`` (with its placed data) into the scratch course."""
        dest = self.source_dir(assignment)
        from medsos.build import data_lock

        if dest.exists():
            shutil.rmtree(dest)
        with data_lock(self.root, exclusive=False):  # not while its data is being placed
            shutil.copytree(
                self.root / "source" / assignment,
                dest,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
            )

    def generate(self, assignment: str) -> Path:
        """``nbgrader generate_assignment``: the release version and the gradebook entries."""
        if not self.source_dir(assignment).exists():
            self.add_source(assignment)
        run_step(self.api.generate_assignment(assignment), "generate_assignment")
        return self.release_dir(assignment)

    def submit_directly(
        self, assignment: str, student: str, notebooks: Mapping[str, nbformat.NotebookNode]
    ) -> Path:
        """Place notebooks in ``submitted/<student>/<assignment>/`` (as ``collect`` would)."""
        dest = self.folder / "submitted" / student / assignment
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(self.release_dir(assignment), dest)
        for name, nb in notebooks.items():
            nbformat.write(nb, dest / f"{name}.ipynb")
        return dest

    def autograde(self, assignment: str, student: str) -> list[CellGrade]:
        with stderr_to(self.folder / "nbgrader.log"):
            result = self.api.autograde(assignment, student)
        run_step(result, f"autograde {student}")
        return read_grades(self.config, assignment, student)

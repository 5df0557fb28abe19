"""A tiny nbgrader course in a temporary folder, and submissions to autograde in it.

The source notebook has one answer cell and two graded test cells; the second holds a hidden
test whose text contains :data:`HIDDEN_MARKER`, so a test can tell whether hidden-test text
leaked anywhere it must not.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from traitlets.config import Config

ASSIGNMENT = "ps1"
NOTEBOOK = "ps1.ipynb"
HIDDEN_MARKER = "RAHASIA_TES_TERSEMBUNYI_7f3a"
HIDDEN_ASSERT = 'assert jumlah == 6, "jumlah belum tepat"'
DATA_CSV = "akun,nilai\nbpbd,1\ndiskominfo,2\ndinkes,3\n"
HONEST_ANSWER = """\
import pandas as pd
import matplotlib.pyplot as plt

tabel = pd.read_csv("data/angka.csv")
jumlah = int(tabel["nilai"].sum())
fig, ax = plt.subplots()
ax.bar(tabel["akun"], tabel["nilai"])
ax.set_title("Nilai per akun")
print(tabel.describe())
jumlah"""


def _meta(grade_id: str, *, grade: bool, solution: bool = False, points: int = 0) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def source_notebook() -> nbformat.NotebookNode:
    """The instructor's notebook: a question, its answer cell and two graded test cells."""
    answer = f"### BEGIN SOLUTION\n{HONEST_ANSWER}\n### END SOLUTION"
    visible = 'assert isinstance(jumlah, int), "jumlah harus bilangan bulat"'
    hidden = (
        'assert isinstance(jumlah, int), "jumlah harus bilangan bulat"\n'
        "### BEGIN HIDDEN TESTS\n"
        f"# {HIDDEN_MARKER}\n"
        f"{HIDDEN_ASSERT}\n"
        "### END HIDDEN TESTS"
    )
    nb = new_notebook(
        cells=[
            new_markdown_cell("### Soal 1 (2 poin)\nSimpan jumlah nilai di variabel `jumlah`."),
            new_code_cell(answer, metadata=_meta("jawaban", grade=False, solution=True)),
            new_code_cell(visible, metadata=_meta("jumlah_tipe", grade=True, points=1)),
            new_code_cell(hidden, metadata=_meta("jumlah_nilai", grade=True, points=1)),
        ]
    )
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def nbgrader_config(course: Path) -> Config:
    config = Config()
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
    config.Execute.timeout = 20
    return config


def build_course(course: Path) -> None:
    """Create source/ps1 (notebook and data) and generate the release and the gradebook."""
    from nbgrader.apps import NbGraderAPI

    folder = course / "source" / ASSIGNMENT
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "angka.csv").write_text(DATA_CSV, encoding="utf-8")
    nbformat.write(source_notebook(), folder / NOTEBOOK)
    result = NbGraderAPI(config=nbgrader_config(course)).generate_assignment(ASSIGNMENT)
    assert result["success"], result.get("error") or result.get("log")


def submit(course: Path, student: str, answer: str, extra_cells: list[str] = ()) -> Path:
    """Put a submission in submitted/<student>/ps1: the release notebook with ``answer`` in
    the answer cell and ``extra_cells`` (unlocked code cells) inserted after it."""
    release = nbformat.read(course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    nb = copy.deepcopy(release)
    position = next(
        i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("solution")
    )
    nb.cells[position].source = answer
    for offset, source in enumerate(extra_cells, start=1):
        nb.cells.insert(position + offset, new_code_cell(source))
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / NOTEBOOK)
    shutil.copytree(course / "release" / ASSIGNMENT / "data", folder / "data")
    return folder / NOTEBOOK


def autograde(course: Path, student: str, extra: Config | None = None) -> dict:
    """Run nbgrader's autograde (through its API) for one submission."""
    from nbgrader.apps import NbGraderAPI

    config = nbgrader_config(course)
    if extra is not None:
        config.merge(extra)
    return NbGraderAPI(config=config).autograde(ASSIGNMENT, student)


def score(course: Path, student: str) -> tuple[float, dict[str, float]]:
    """Total score and score per graded cell of a student's autograded submission."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, student)
        notebook = submission.notebooks[0]
        return submission.score, {g.name: g.score for g in notebook.grades}


def graded_notebook(course: Path, student: str) -> nbformat.NotebookNode:
    return nbformat.read(course / "autograded" / student / ASSIGNMENT / NOTEBOOK, as_version=4)

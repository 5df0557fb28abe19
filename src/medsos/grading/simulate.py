"""Simulated cohorts and grade comparison, for the grading benchmark and tests.

:func:`make_cohort` fills a course with the submissions of simulated trainees (complete,
partial, blank and broken) for the assignments of ``source/``; :func:`reference_autograde`
grades them with nbgrader's own sequential ``nbgrader autograde``; :func:`compare_scores`
lists every graded cell whose score differs between two gradebooks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from medsos.course import answer_cells, answer_notebook

KINDS = (
    "lengkap",
    "lengkap",
    "sebagian",
    "lengkap",
    "sebagian",
    "kosong",
    "lengkap",
    "salah",
    "rusak",
    "jenis_berubah",
    "lengkap",
    "ganti_nama",
    "sebagian",
    "uji_dihapus",
)
TIMESTAMP = "2026-01-05 10:00:00.000000 UTC"


def copy_course(root: Path, dest: Path, assignments: list[str]) -> Path:
    """A fresh course in ``dest``: the kit's config, header and the assignments' sources."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "nbgrader_config.py", dest / "nbgrader_config.py")
    (dest / "source").mkdir(exist_ok=True)
    shutil.copy(root / "source" / "header.ipynb", dest / "source" / "header.ipynb")
    for assignment in assignments:
        shutil.copytree(
            root / "source" / assignment,
            dest / "source" / assignment,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
    return dest


def _kind(index: int) -> str:
    return KINDS[index % len(KINDS)]


def trainee_notebooks(
    kind: str, index: int, released: nbformat.NotebookNode, source: nbformat.NotebookNode
) -> dict[str, str | nbformat.NotebookNode]:
    """File name -> notebook (or raw text) of one simulated trainee of ``kind``."""
    ids = answer_cells(source)
    if kind in ("lengkap", "rusak", "ganti_nama", "jenis_berubah", "uji_dihapus"):
        nb = answer_notebook(released, source)
    elif kind == "sebagian":
        half = ids[: max(1, (len(ids) * (1 + index % 3)) // 4)]
        nb = answer_notebook(released, source, answer=half)
    elif kind == "salah":
        nb = answer_notebook(released, source, overrides={i: "jawaban = None" for i in ids})
    else:
        nb = nbformat.from_dict(released)
    if kind == "jenis_berubah":
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution") and cell.cell_type == "markdown":
                cell.cell_type = "code"
                cell.outputs, cell.execution_count = [], None
    if kind == "uji_dihapus":
        tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        tests = [c for c in tests if not c.metadata.nbgrader.get("solution")]
        if tests:
            nb.cells.remove(tests[-1])
    if kind == "rusak":
        text = nbformat.writes(nb)
        return {"notebook": text[: len(text) // 2]}
    if kind == "ganti_nama":
        return {"salinan": nb}
    return {"notebook": nb}


def make_cohort(course: Path, assignments: list[str], trainees: int) -> dict[str, str]:
    """Write every trainee's submission into ``submitted/``; return student -> kind."""
    kinds = {}
    for assignment in assignments:
        for nb_path in sorted((course / "source" / assignment).glob("*.ipynb")):
            source = nbformat.read(nb_path, as_version=4)
            released = nbformat.read(course / "release" / assignment / nb_path.name, as_version=4)
            for i in range(trainees):
                student = f"peserta{i + 1:03d}"
                kind = _kind(i)
                kinds[student] = kind
                dest = course / "submitted" / student / assignment
                dest.mkdir(parents=True, exist_ok=True)
                (dest / "timestamp.txt").write_text(TIMESTAMP, encoding="utf-8")
                for name, nb in trainee_notebooks(kind, i, released, source).items():
                    filename = nb_path.name if name == "notebook" else f"{nb_path.stem} (1).ipynb"
                    if isinstance(nb, str):
                        (dest / filename).write_text(nb, encoding="utf-8")
                    else:
                        nbformat.write(nb, dest / filename)
    return kinds


def reference_autograde(course: Path, assignment: str) -> subprocess.CompletedProcess:
    """nbgrader's own sequential ``nbgrader autograde`` of every submission."""
    return _nbgrader(course, "autograde", assignment)


def reference_feedback(course: Path, assignment: str) -> subprocess.CompletedProcess:
    """nbgrader's own sequential ``nbgrader generate_feedback`` of every graded submission."""
    return _nbgrader(course, "generate_feedback", assignment)


def _nbgrader(course: Path, command: str, assignment: str) -> subprocess.CompletedProcess:
    bindir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    return subprocess.run(
        [str(Path(bindir) / "nbgrader"), command, assignment, "--force"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def read_scores(db_url: str, course_id: str, assignment: str) -> dict[str, dict[str, float | None]]:
    """student -> grade id -> nbgrader's score (``None`` while awaiting manual grading)."""
    out: dict[str, dict[str, float | None]] = {}
    with Gradebook(db_url, course_id) as gb:
        try:
            submissions = gb.find_assignment(assignment).submissions
        except MissingEntry:
            return out
        for submission in submissions:
            scores = {}
            for nb in submission.notebooks:
                for grade in nb.grades:
                    scores[f"{nb.name}:{grade.name}"] = (
                        None if grade.auto_score is None else float(grade.score)
                    )
            out[submission.student.id] = scores
    return out


def compare_scores(
    ours: dict[str, dict[str, float | None]],
    reference: dict[str, dict[str, float | None]],
    students: list[str],
) -> list[str]:
    """Every (student, cell) whose score differs, as readable lines; empty when identical."""
    diffs = []
    for student in students:
        a, b = ours.get(student), reference.get(student)
        if a is None or b is None:
            diffs.append(f"{student}: nilai hanya ada di salah satu buku nilai")
            continue
        for cell in sorted(set(a) | set(b)):
            if a.get(cell) != b.get(cell):
                diffs.append(f"{student} {cell}: {a.get(cell)} != {b.get(cell)}")
    return diffs

"""A tiny nbgrader course for the grading tests: one small notebook, fast to autograde.

The course uses a copy of the kit's own ``nbgrader_config.py`` with the exchange and the
gradebook inside the temporary folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from medsos.course import load_config, make_api, run_step

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "t1"
NOTEBOOK = "tugas"
HIDDEN_MESSAGE = "RAHASIA_UJI_TERSEMBUNYI"
VALUE_MESSAGE = "Nilai luas belum tepat: periksa rumusnya."
TYPE_MESSAGE = "Simpan luas sebagai bilangan bulat (int)."
STUB = "# TULIS KODE ANDA DI SINI\nraise NotImplementedError()"
# Autograded points: uji_tipe 1 + uji_nilai 2 = 3; the written answer is worth 2 more.
AUTO_MAX = 3.0
CELL_TIMEOUT = 4


def _meta(grade_id, *, grade=False, solution=False, locked=False, points=None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def source_notebook(written: bool = True) -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell("# Tugas kecil", metadata=_meta("judul", locked=True)),
        new_code_cell("BASIS = 10", metadata=_meta("siapkan", locked=True)),
        new_code_cell(
            "### BEGIN SOLUTION\nluas = BASIS * 2\n### END SOLUTION",
            metadata=_meta("jawab_luas", solution=True),
        ),
        new_code_cell(
            f'"""Tipe luas."""\nassert isinstance(luas, int), "{TYPE_MESSAGE}"',
            metadata=_meta("uji_tipe", grade=True, locked=True, points=1),
        ),
        new_code_cell(
            '"""Nilai luas."""\nprint("cek nilai")\n### BEGIN HIDDEN TESTS\n'
            f'assert luas == 20, "{VALUE_MESSAGE}"  # {HIDDEN_MESSAGE}\n### END HIDDEN TESTS',
            metadata=_meta("uji_nilai", grade=True, locked=True, points=2),
        ),
    ]
    if written:
        cells.append(
            new_markdown_cell(
                "Tulis pendapat Anda.",
                metadata=_meta("jawaban_tertulis", grade=True, solution=True, points=2),
            )
        )
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def make_course(folder: Path, written: bool = True) -> Path:
    """Create the course in ``folder`` and register the assignment in its gradebook."""
    folder.mkdir(parents=True, exist_ok=True)
    config_text = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    # A short cell time limit keeps the time-limit case fast.
    config_text += f"\nc.Execute.timeout = {CELL_TIMEOUT}\n"
    (folder / "nbgrader_config.py").write_text(config_text, encoding="utf-8")
    (folder / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(new_notebook(), folder / "source" / "header.ipynb")
    nbformat.write(source_notebook(written), folder / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    (folder / "exchange").mkdir()
    config = load_config(folder, course_dir=folder, exchange=folder / "exchange")
    run_step(make_api(config).generate_assignment(ASSIGNMENT), "generate_assignment")
    return folder


def released(course: Path) -> nbformat.NotebookNode:
    return nbformat.read(course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)


def answer(nb: nbformat.NotebookNode, grade_id: str, text: str) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = text
            return nb
    raise KeyError(grade_id)


def full_answer(course: Path) -> nbformat.NotebookNode:
    nb = answer(released(course), "jawab_luas", "luas = BASIS * 2")
    return answer(nb, "jawaban_tertulis", "Jawaban tertulis peserta.")


def submit(
    course: Path,
    student: str,
    nb: nbformat.NotebookNode | str | None,
    *,
    name: str = NOTEBOOK,
    timestamp: str = "2026-01-05 10:00:00.000000 UTC",
) -> Path:
    """Put a submission in ``submitted/`` as nbgrader's collect does (``str``: raw file text)."""
    dest = course / "submitted" / student / ASSIGNMENT
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    (dest / "timestamp.txt").write_text(timestamp)
    if isinstance(nb, str):
        (dest / f"{name}.ipynb").write_text(nb)
    elif nb is not None:
        nbformat.write(nb, dest / f"{name}.ipynb")
    return dest

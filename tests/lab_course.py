"""A class for the Tugas panel's tests: an instructor's scratch course that released one
assignment through nbgrader's exchange, and a trainee's home folder configured for it (as a
JupyterHub trainee's global nbgrader config would be)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from medsos.build import place_data, source_notebooks
from medsos.course import ScratchCourse, answer_notebook, course_id, run_step, stderr_to

ASSIGNMENT = "00-pengenalan"


@dataclass
class Class:
    scratch: ScratchCourse
    home: Path

    @property
    def source(self) -> nbformat.NotebookNode:
        return nbformat.read(source_notebooks(ASSIGNMENT)[0], as_version=4)

    def notebook(self) -> Path:
        return self.home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"

    def answer(self, answer: list[str] | None = None) -> None:
        """Fill the fetched notebook with the source's solutions (``answer``: these grade
        ids only), as a trainee typing and saving would."""
        path = self.notebook()
        filled = answer_notebook(nbformat.read(path, as_version=4), self.source, answer)
        nbformat.write(filled, path)

    def grade_and_release_feedback(self) -> None:
        """The instructor's side after a submission: collect, autograde, feedback."""
        api = self.scratch.api
        run_step(api.collect(ASSIGNMENT), "collect")
        with stderr_to(self.scratch.folder / "nbgrader.log"):
            for student in api.get_submitted_students(ASSIGNMENT):
                run_step(api.autograde(ASSIGNMENT, student), "autograde")
                run_step(api.generate_feedback(ASSIGNMENT, student), "generate_feedback")
                run_step(api.release_feedback(ASSIGNMENT, student), "release_feedback")


def make_class(folder: Path) -> Class:
    place_data(ASSIGNMENT)
    scratch = ScratchCourse(folder / "instruktur")
    scratch.generate(ASSIGNMENT)
    run_step(scratch.api.release_assignment(ASSIGNMENT), "release_assignment")
    home = folder / "peserta"
    home.mkdir()
    (home / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {course_id(scratch.config)!r}\n"
        f"c.Exchange.root = {str(folder / 'instruktur' / 'exchange')!r}\n"
        f"c.Exchange.cache = {str(home / '.nbgrader_cache')!r}\n",
        encoding="utf-8",
    )
    return Class(scratch, home)

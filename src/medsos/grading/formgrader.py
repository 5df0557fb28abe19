"""What the formgrader shows the grader: the rubric beside each written answer.

nbgrader's formgrader renders a submission (``/formgrader/submissions/<id>/``) by running
its ``HTMLExporter`` on the autograded notebook, with the course's configuration, and passes
the submission's ids in the exporter's resources (``submission_id``, ``assignment_id``,
``notebook_id``). :class:`ShowRubric`, one of that exporter's preprocessors (the course's
``HTMLExporter.preprocessors``), puts a Markdown cell under each written answer with the
answer cell's text from the source notebook (model answer and "Rubrik penilai").

The rubric is added while the page is rendered, never written into the autograded notebook,
so the feedback made from that notebook cannot carry it. Two more guards: the step does
nothing without the formgrader's ``submission_id`` (a feedback page has none), and
:class:`medsos.grading.feedback.FeedbackExporter` leaves the step out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.coursedir import CourseDirectory
from traitlets import Bool

from medsos.course import solution_text
from medsos.grading.questions import Question, questions_of

NAME = "medsos.grading.formgrader.ShowRubric"
RUBRIC_HEADING = "Rubrik penilai dan contoh jawaban (hanya untuk penilai, dari source/)"
MISSING = (
    "Rubrik tidak ditemukan: notebook sumber `{path}` tidak ada atau tidak memuat sel jawaban ini."
)


def rubric_cell(question: Question | None, path: Path) -> NotebookNode:
    """The grader-only cell shown under a written answer."""
    if question is not None and question.rubric:
        body = solution_text(question.rubric)
        title = f"**{RUBRIC_HEADING}: {question.label}**"
    else:
        body = MISSING.format(path=path)
        title = f"**{RUBRIC_HEADING}**"
    quoted = "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))
    cell = new_markdown_cell(f"{title}\n\n{quoted}")
    cell.metadata["medsos"] = {"rubrik": True}
    return cell


def is_rubric(cell: NotebookNode) -> bool:
    return bool(cell.get("metadata", {}).get("medsos", {}).get("rubrik"))


class ShowRubric(Preprocessor):
    """Formgrader only: the source's rubric under each written answer of a submission."""

    enabled = Bool(True, help="nbconvert runs a preprocessor only when enabled.").tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        if "submission_id" not in resources or "assignment_id" not in resources:
            return nb, resources  # not the formgrader's view of a submission
        coursedir = CourseDirectory(config=self.config)
        folder = coursedir.format_path(coursedir.source_directory, ".", resources["assignment_id"])
        path = Path(folder) / f"{resources['notebook_id']}.ipynb"
        questions = (
            questions_of(nbformat.read(path, as_version=4), path.stem) if path.is_file() else {}
        )
        cells = []
        for cell in nb.cells:
            cells.append(cell)
            meta = cell.metadata.get("nbgrader", {})
            written = cell.cell_type == "markdown" and meta.get("solution") and meta.get("grade")
            if written:
                cells.append(rubric_cell(questions.get(meta.get("grade_id")), path))
        nb.cells = cells
        return nb, resources

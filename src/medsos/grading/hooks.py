"""Hooks that the course's ``nbgrader_config.py`` gives nbgrader's own commands.

:func:`summary_hook` is the course's ``GenerateFeedback.post_convert_hook``: feedback pages
that nbgrader generates by itself (the formgrader's "Generate Feedback" button, ``nbgrader
generate_feedback``) open with the same Bahasa Indonesia summary as the pages of ``medsos
grade``, with the scores the gradebook holds at that moment, manual grades included.
``medsos grade`` turns the hook off and adds the summary itself (it may use another
gradebook, ``--db``). nbgrader logs and ignores a hook that fails, so a summary that cannot
be made never stops feedback from being generated.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.coursedir import CourseDirectory

from medsos.course import CONFIG_FILE
from medsos.grading.config import grading_config
from medsos.grading.feedback import add_summary
from medsos.grading.status import Status
from medsos.grading.worker import gradebook_status, graded_findings


def summary_hook(assignment: str, student: str, notebooks: list[str]) -> None:
    """Add the summary to the feedback pages of the submission of ``notebooks``.

    nbgrader passes ``assignment`` and ``student`` as given on its command line (possibly
    patterns such as ``*``); the submission itself is read from the notebooks' folder,
    ``<course>/autograded/<student>/<assignment>/``.
    """
    for graded in sorted({Path(nb).resolve().parent for nb in notebooks}):
        _summarise(graded)


def _course_of(graded: Path) -> Path:
    for folder in graded.parents:
        if (folder / CONFIG_FILE).is_file():
            return folder
    return graded.parents[2]


def _summarise(graded: Path) -> None:
    assignment, student = graded.name, graded.parent.name
    config = grading_config(_course_of(graded))
    result = gradebook_status(config, assignment, student)
    if result.status is Status.FAILED:
        return
    result.notes, result.failures, _ = graded_findings(graded)
    coursedir = CourseDirectory(config=config)
    folder = Path(coursedir.format_path(coursedir.feedback_directory, student, assignment))
    for page in sorted(folder.glob("*.html")):
        add_summary(page, config, assignment, student, result)

"""Shared harness of the module fairness tests (``tests/test_module_NN.py``).

A module's test file lists, for each answer cell, another correct method and common wrong
answers; this harness answers the released notebook with the source's solutions except
for those cells, autogrades it with nbgrader itself in a scratch copy of the course (the
same path as ``medsos build``), and reports scores per graded cell exactly as an
instructor's gradebook would hold them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbgrader.utils import is_grade, is_solution

from medsos import course_root
from medsos.build import generate_release
from medsos.course import ScratchCourse, answer_notebook

# Objects built to fool a comparison; prepend to a wrong answer's code to use them.
CHEATS = """
import numpy as np
import pandas as pd

class SelaluSama:
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __gt__(self, other):
        return True
    __ge__ = __lt__ = __le__ = __gt__
    __hash__ = object.__hash__

class AngkaCurang(float):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = float.__hash__

class TeksCurang(str):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = str.__hash__

class SeriesCurang(pd.Series):
    def __eq__(self, other):
        return SelaluSama()
    def equals(self, other):
        return True
    def to_numpy(self, *args, **kwargs):
        return SelaluSama()
    def tolist(self):
        return SelaluSama()

class TabelCurang(pd.DataFrame):
    def __eq__(self, other):
        return SelaluSama()
    def equals(self, other):
        return True
    def to_numpy(self, *args, **kwargs):
        return SelaluSama()

class ListCurang(list):
    def __eq__(self, other):
        return True
    __hash__ = None
"""

Wrong = Mapping[str, tuple[str, Sequence[str]]]  # answer cell -> (code, tests that score 0)


@dataclass
class ModuleGrader:
    """One assignment's source notebook, its autograded maxima, and a way to grade answers."""

    source: nbformat.NotebookNode
    maxima: dict[str, float]
    grade: Callable[[str, Mapping[str, str]], dict[str, float]]

    def answer_cells(self, cell_type: str = "code") -> set[str]:
        return {
            c.metadata.nbgrader["grade_id"]
            for c in self.source.cells
            if is_solution(c) and c.cell_type == cell_type
        }

    def heading_points(self) -> dict[str, tuple[int, int]]:
        """'### Soal N.M (P poin)' -> (P, points of the graded cells that follow it)."""
        heading, totals = None, {}
        for cell in self.source.cells:
            found = re.search(r"^### Soal (\d+\.\d+).*?\((\d+) poin", cell.source, re.M)
            if cell.cell_type == "markdown" and found:
                heading = found.group(1)
                totals[heading] = [int(found.group(2)), 0]
            elif is_grade(cell) and heading:
                totals[heading][1] += cell.metadata.nbgrader["points"]
        return {k: (said, counted) for k, (said, counted) in totals.items()}

    def short_of_full(self, student: str, overrides: Mapping[str, str]) -> dict:
        """Graded cells below full marks when ``overrides`` replace the solutions."""
        scores = self.grade(student, overrides)
        return {k: (scores.get(k), m) for k, m in self.maxima.items() if scores.get(k) != m}

    def unfair(self, student: str, wrong: Wrong) -> tuple[dict, dict]:
        """(wrong answers that still earn points, other cells that lost points)."""
        scores = self.grade(student, {cell: code for cell, (code, _) in wrong.items()})
        zero = {test for _, tests in wrong.values() for test in tests}
        leaked = {k: scores.get(k) for k in zero if scores.get(k, 0) > 0}
        broken = {
            k: (scores.get(k), m)
            for k, m in self.maxima.items()
            if k not in zero and scores.get(k) != m
        }
        return leaked, broken


def module_grader(assignment: str, folder: Path) -> ModuleGrader:
    """Generate ``assignment``'s release in a scratch course in ``folder``."""
    notebook = f"{assignment}.ipynb"
    scratch = ScratchCourse(folder, course_root())
    generate_release(assignment, scratch)
    released = nbformat.read(scratch.release_dir(assignment) / notebook, as_version=4)
    source = nbformat.read(scratch.source_dir(assignment) / notebook, as_version=4)
    maxima = {
        c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader["points"])
        for c in source.cells
        if is_grade(c) and c.cell_type == "code"
    }

    def grade(student: str, overrides: Mapping[str, str]) -> dict[str, float]:
        filled = answer_notebook(released, source, overrides=overrides)
        scratch.submit_directly(assignment, student, {assignment: filled})
        return {g.grade_id: g.score or 0.0 for g in scratch.autograde(assignment, student)}

    return ModuleGrader(source, maxima, grade)


class FairnessSuite:
    """The fairness tests every module shares; a module's test file subclasses it as
    ``class TestFairness(FairnessSuite)`` and sets the class attributes below."""

    assignment: str
    alternative: Mapping[str, str]  # answer cell -> another correct method
    wrong_values: Wrong  # common mistakes
    wrong_types: Wrong  # wrong types and objects built to fool a comparison
    questions: int | None = None  # '### Soal' headings, autograded and written
    not_autograded: frozenset[str] = frozenset()  # answer cells no test grades (plots)

    @pytest.fixture(scope="class")
    def grader(self, tmp_path_factory) -> ModuleGrader:
        return module_grader(self.assignment, tmp_path_factory.mktemp("kursus"))

    def test_every_question_has_an_alternative_and_a_wrong_answer(self, grader):
        answers = grader.answer_cells() - self.not_autograded
        assert set(self.alternative) == answers
        assert set(self.wrong_values) == answers
        assert set(self.wrong_types) == answers

    def test_heading_points_match_the_test_cells(self, grader):
        """Every '### Soal N.M (P poin)' heading states the points of its graded cells."""
        totals = grader.heading_points()
        assert totals and all(said == counted for said, counted in totals.values()), totals
        if self.questions is not None:
            assert len(totals) == self.questions, sorted(totals)

    def test_alternative_methods_earn_full_marks(self, grader):
        short = grader.short_of_full("cara_lain", self.alternative)
        assert not short, f"cara lain yang benar tidak dapat nilai penuh: {short}"

    @pytest.mark.parametrize("kind", ["nilai_salah", "tipe_curang"])
    def test_wrong_answers_earn_nothing_on_their_cells_only(self, grader, kind):
        wrong = self.wrong_values if kind == "nilai_salah" else self.wrong_types
        leaked, broken = grader.unfair(kind, wrong)
        assert not leaked, f"jawaban salah tetap dapat nilai: {leaked}"
        assert not broken, f"sel lain ikut kehilangan nilai: {broken}"

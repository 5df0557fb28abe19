"""``CheckCellMetadataOnce``: nbgrader's cell-metadata checks, the schema compiled once."""

from __future__ import annotations

import copy
import logging
from pathlib import Path

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator
from nbgrader.preprocessors import CheckCellMetadata

from medsos.grading.preprocessors import CheckCellMetadataOnce, CompiledMetadataValidator

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(ROOT.glob("source/*/*.ipynb")) + sorted(ROOT.glob("release/*/*.ipynb"))


def _solution_cell(**changes):
    meta = {
        "grade": True,
        "grade_id": "jawab",
        "locked": False,
        "points": 2,
        "schema_version": 3,
        "solution": True,
        "task": False,
    }
    meta.update(changes)
    meta = {k: v for k, v in meta.items() if v is not ...}
    return nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": meta})


# Each breaks nbgrader's metadata in one way (schema, version or the checks of format v3).
BROKEN = {
    "points_is_text": _solution_cell(points="dua"),
    "grade_is_number": _solution_cell(grade=1),
    "unknown_key": _solution_cell(warna="merah"),
    "grade_id_missing": _solution_cell(grade_id=...),
    "grade_id_empty": _solution_cell(grade_id=""),
    "points_missing": _solution_cell(points=...),
    "schema_too_old": _solution_cell(schema_version=2),
    "schema_too_new": _solution_cell(schema_version=4),
    "task_in_code_cell": _solution_cell(task=True, grade=False, solution=False),
}


def _outcome(validator, cell):
    try:
        validator.validate_cell(copy.deepcopy(cell))
    except Exception as exc:  # the type and message are what must match
        return type(exc), str(exc)
    return None


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_rejects_what_nbgrader_rejects_with_the_same_error(case):
    expected = _outcome(MetadataValidator(), BROKEN[case])
    assert expected is not None  # the case really is broken for nbgrader
    assert _outcome(CompiledMetadataValidator(), BROKEN[case]) == expected


def test_accepts_what_nbgrader_accepts():
    cell = _solution_cell()
    assert _outcome(MetadataValidator(), cell) is None
    assert _outcome(CompiledMetadataValidator(), cell) is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_kit_notebook_passes_both(path):
    nb = nbformat.read(path, as_version=4)
    CheckCellMetadata().preprocess(copy.deepcopy(nb), {})
    CheckCellMetadataOnce().preprocess(copy.deepcopy(nb), {})


def test_duplicate_grade_ids_fail_the_notebook(caplog):
    nb = nbformat.v4.new_notebook(cells=[_solution_cell(), _solution_cell()])
    with pytest.raises(Exception, match="failed to validate"):
        CheckCellMetadata().preprocess(copy.deepcopy(nb), {})
    with caplog.at_level(logging.ERROR), pytest.raises(Exception, match="failed to validate"):
        CheckCellMetadataOnce().preprocess(copy.deepcopy(nb), {})
    assert "Duplicate grade id: jawab" in caplog.text

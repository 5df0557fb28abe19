"""``medsos periksa``: the self-check against the course's real tests.

One module (00-pengenalan, the quickest) graded in the real grading path (scratch course,
nbgrader's autograde, the sandbox where bubblewrap runs): the release answered with the
source's solutions earns full marks and its feedback page shows no hidden test. The blank
release, graded without the sandbox as on a laptop, is checked in
``tests/test_periksa_windows.py`` (a Windows-like process), which imports
:func:`hidden_test_lines` from here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest

from medsos import periksa
from medsos.course import answer_notebook
from medsos.grading.config import sandbox_status
from medsos.periksa import CheckStatus, check_notebook

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "00-pengenalan"
RELEASED = ROOT / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
SOURCE = ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def hidden_test_lines() -> list[str]:
    """Code lines of the source's hidden tests that are long enough to be recognisable."""
    nb = nbformat.read(SOURCE, as_version=4)
    lines = []
    for cell in nb.cells:
        hidden = re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, re.S)
        for block in hidden:
            lines += [line.strip() for line in block.splitlines() if len(line.strip()) > 25]
    assert lines, "the source notebook has hidden tests"
    return lines


@pytest.fixture(scope="module")
def answered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("peserta") / ASSIGNMENT
    folder.mkdir()
    released = nbformat.read(RELEASED, as_version=4)
    path = folder / RELEASED.name
    nbformat.write(answer_notebook(released, nbformat.read(SOURCE, as_version=4)), path)
    output = tmp_path_factory.mktemp("umpan_balik")
    return check_notebook(path, course_dir=ROOT, output_dir=output)


def test_solutions_earn_full_marks(answered):
    assert answered.status is CheckStatus.GRADED, answered.message
    auto = [q for q in answered.questions if not q.written]
    assert auto and all(q.score == q.max_score for q in auto)
    assert answered.score == sum(q.max_score for q in auto)
    assert not any(q.to_review for q in answered.questions)
    assert "Semua pemeriksaan otomatis terpenuhi" in answered.message
    written = [q for q in answered.questions if q.written]
    assert written and all("instruktur" in q.state for q in written)
    assert answered.sandboxed == sandbox_status()[0]
    if os.environ.get("CI") == "true":
        assert answered.sandboxed, "CI installs bubblewrap: the self-check must be sandboxed"


def test_no_hidden_test_reaches_the_trainee(answered):
    page = Path(answered.feedback).read_text(encoding="utf-8")
    assert "Ringkasan nilai" in page
    for line in hidden_test_lines():
        for text in (page, repr(answered.to_json())):
            assert line not in text, line


def test_without_the_sandbox_by_choice_is_said():
    questions = [periksa.QuestionResult("Soal 0.1 — nilai", 0.0, 1.0, "belum tepat", "Cek.")]
    chosen = periksa._message(questions, False)
    assert "kode Anda dijalankan tanpa sandbox penilaian, sesuai pilihan" in chosen
    assert "MEDSOS_TANPA_SANDBOX=1" in chosen
    assert "kode Anda sendiri" in periksa._message(questions, None)
    assert "sandbox" not in periksa._message(questions, True)


def test_parts_of_a_question_with_one_message_are_listed_once():
    q = periksa.QuestionResult
    review = [
        q("Soal 0.3 — nilai", 0.0, 1.0, "belum tepat", "Variabel `x` belum ada."),
        q("Soal 0.3 — pembulatan", 0.0, 1.0, "belum tepat", "Variabel `x` belum ada."),
        q("Soal 0.4 — nilai", 0.0, 1.0, "belum tepat", "Variabel `x` belum ada."),
        q("Soal 0.4 — urutan", 0.0, 1.0, "belum tepat", "Urutannya terbalik."),
    ]
    assert periksa._grouped(review) == [
        ("Soal 0.3 — nilai, pembulatan", "Variabel `x` belum ada."),
        ("Soal 0.4 — nilai", "Variabel `x` belum ada."),
        ("Soal 0.4 — urutan", "Urutannya terbalik."),
    ]


def test_json_for_the_lab_button(answered):
    data = answered.to_json()
    assert data["status"] == "dinilai"
    assert data["questions"][0]["title"].startswith("Soal 0.1")
    assert {"score", "max_score", "state", "message", "to_review"} <= set(data["questions"][0])


def test_without_source_grading_is_the_instructors(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    (tmp_path / "datasets").mkdir()
    notebook = tmp_path / ASSIGNMENT / RELEASED.name
    notebook.parent.mkdir()
    notebook.write_bytes(RELEASED.read_bytes())
    result = check_notebook(notebook)
    assert result.status is CheckStatus.BY_INSTRUCTOR
    assert "dilakukan oleh instruktur" in result.message
    assert notebook.read_bytes() == RELEASED.read_bytes()


def test_unknown_or_missing_notebook(tmp_path):
    missing = check_notebook(tmp_path / "tidak-ada.ipynb", course_dir=ROOT)
    assert missing.status is CheckStatus.NOT_FOUND and "tidak ditemukan" in missing.message
    renamed = tmp_path / "tugas-saya.ipynb"
    renamed.write_bytes(RELEASED.read_bytes())
    result = check_notebook(renamed, course_dir=ROOT)
    assert result.status is CheckStatus.NOT_GRADABLE and "bukan notebook tugas" in result.message


def test_grading_notes_speak_to_the_trainee_by_question():
    from medsos.course import load_config

    notes = periksa._notes(
        load_config(ROOT),
        ASSIGNMENT,
        [
            "Sel terkunci 'jumlah_posting_nilai' diubah peserta; untuk penilaian isinya "
            "dikembalikan ke soal aslinya.",
            "Umpan balik gagal dibuat: Traceback (most recent call last):\n  NbGraderException",
        ],
    )
    assert notes[0].startswith("Sel terkunci «Soal 0.1 — nilai» Anda ubah;")
    assert "Traceback" not in notes[1] and "tidak dapat dibuat" in notes[1]

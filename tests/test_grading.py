"""``medsos grade``: statuses and reasons, restoration, bounded output, feedback, export.

One small course (tests/grading_course.py) receives a cohort with every bad-submission case;
it is graded once in parallel (module fixture) and the tests read the results. nbgrader's
own sequential autograde of the same submissions, in a copy of the course, is the reference
for the grades.
"""

from __future__ import annotations

import csv
import html
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import grading_course as gc
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell
from openpyxl import load_workbook

from medsos.grading import Status, grade
from medsos.grading.config import (
    ExecutionPolicy,
    execution_config,
    grading_config,
    sandbox_status,
)
from medsos.grading.feedback import name_cells_in_text
from medsos.grading.preprocessors import NOTE_PREFIX
from medsos.grading.questions import questions_of
from medsos.grading.simulate import compare_scores, read_scores, reference_autograde
from medsos.grading.status import load_statuses
from medsos.sandbox.supervise import GUARD_ENV

pytestmark = pytest.mark.slow

FLOOD_BYTES = 50_000_000
PLUGIN = "medsos.grading.export.MedsosExportPlugin"
BIG_FILE = 2_000_000


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _cases(course: Path) -> dict[str, object]:
    """Student id -> submitted notebook (or raw text, or None for nothing)."""
    full = gc.full_answer(course)
    cases: dict[str, object] = {
        "lengkap": full,
        "kosong": gc.released(course),
        "salah": gc.answer(gc.full_answer(course), "jawab_luas", "luas = 21"),
        "rusak": nbformat.writes(full)[:200],
        "hilang": None,
        "kernel_mati": gc.answer(gc.full_answer(course), "jawab_luas", "import os\nos._exit(1)"),
        "waktu_habis": gc.answer(
            gc.full_answer(course), "jawab_luas", "import time\ntime.sleep(60)\nluas = 20"
        ),
        "banjir": gc.answer(
            gc.full_answer(course),
            "jawab_luas",
            f"luas = BASIS * 2\nprint('x' * {FLOOD_BYTES})\nfor i in range(20000):\n    print(i)",
        ),
    }
    nb = gc.full_answer(course)
    cell = _cell(nb, "jawaban_tertulis")
    cell.cell_type, cell.outputs, cell.execution_count = "code", [], None
    cell.source = "Jawaban tertulis peserta, tapi di sel kode."
    cases["jenis_berubah"] = nb

    nb = gc.full_answer(course)
    cell = _cell(nb, "jawaban_tertulis")
    cell.metadata = {}
    cell.source = "Teks yang kehilangan penanda."
    cases["penanda_hilang"] = nb

    nb = gc.full_answer(course)
    _cell(nb, "jawab_luas").metadata.nbgrader["grade_id"] = "jawaban_saya"
    nb.cells.remove(_cell(nb, "siapkan"))
    cases["id_berubah"] = nb

    nb = gc.answer(gc.full_answer(course), "jawab_luas", "luas = 21")
    nb.cells.remove(_cell(nb, "uji_nilai"))
    cases["uji_dihapus"] = nb

    nb = gc.full_answer(course)
    _cell(nb, "uji_tipe").source = "# saya ubah sel uji ini\nluas_saya = 1"
    cases["uji_diubah"] = nb

    nb = gc.full_answer(course)
    nb.cells.insert(3, new_code_cell("catatan_saya = 'coba-coba'"))
    nb.cells.append(new_markdown_cell("Catatan tambahan peserta."))
    cases["sel_tambahan"] = nb
    return cases


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """The course after one parallel ``medsos grade`` run, and a pristine copy before it."""
    base = tmp_path_factory.mktemp("grading")
    course = gc.make_course(base / "kursus")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medsos-asn-jatim") as gb:
        gb.update_or_create_assignment(gc.ASSIGNMENT, duedate="2026-01-06 00:00:00 UTC")
    for student, nb in _cases(course).items():
        gc.submit(course, student, nb)
    gc.submit(course, "terlambat", gc.full_answer(course), timestamp="2026-01-07 09:00:00 UTC")
    gc.submit(course, "ganti_nama", gc.full_answer(course), name="tugas (1)")
    pristine = base / "salinan"
    shutil.copytree(course, pristine)
    run = grade(gc.ASSIGNMENT, course, workers=2, sandbox=False)
    # The fork server's "die with me" mark is not left for later programs of this process.
    assert GUARD_ENV not in os.environ
    return course, pristine, run


def _status(cohort, student):
    return cohort[2].statuses[student]


def _scores(course):
    return read_scores(f"sqlite:///{course / 'gradebook.db'}", "medsos-asn-jatim", gc.ASSIGNMENT)


EXPECTED = {
    "lengkap": (Status.MANUAL, "jawaban tertulis"),
    "kosong": (Status.GRADED, ""),
    "salah": (Status.MANUAL, ""),
    "rusak": (Status.FAILED, "rusak"),
    "hilang": (Status.FAILED, "tidak ada di kiriman"),
    "ganti_nama": (Status.FAILED, "'tugas (1).ipynb'"),
    "kernel_mati": (Status.FAILED, "berhenti mendadak"),
    "waktu_habis": (Status.FAILED, "Batas waktu terlampaui: sel 'jawab_luas'"),
    "terlambat": (Status.LATE, "Terlambat"),
    "jenis_berubah": (Status.MANUAL, ""),
    "penanda_hilang": (Status.MANUAL, ""),
    "id_berubah": (Status.MANUAL, ""),
    "uji_dihapus": (Status.MANUAL, ""),
    "uji_diubah": (Status.MANUAL, ""),
    "sel_tambahan": (Status.MANUAL, ""),
    "banjir": (Status.MANUAL, ""),
}


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_status_and_reason(cohort, student):
    status, reason = EXPECTED[student]
    result = _status(cohort, student)
    assert result.status is status, result
    assert reason in result.reason


# Autograded points (uji_tipe, uji_nilai) after restoration, where they differ from "lengkap".
EXPECTED_POINTS = {
    "lengkap": (1.0, 2.0),
    "kosong": (0.0, 0.0),
    "salah": (1.0, 0.0),
    "jenis_berubah": (1.0, 2.0),
    "penanda_hilang": (1.0, 2.0),
    "id_berubah": (1.0, 2.0),  # its deleted locked set-up cell is put back too
    "uji_dihapus": (1.0, 0.0),  # the deleted test is put back and fails: not free points
    "uji_diubah": (1.0, 2.0),
    "sel_tambahan": (1.0, 2.0),
    "banjir": (1.0, 2.0),
}


@pytest.mark.parametrize("student", sorted(EXPECTED_POINTS))
def test_points_after_restoration(cohort, student):
    scores = _scores(cohort[0])[student]
    got = (scores[f"{gc.NOTEBOOK}:uji_tipe"], scores[f"{gc.NOTEBOOK}:uji_nilai"])
    assert got == EXPECTED_POINTS[student]


@pytest.mark.parametrize(
    ("student", "note", "kept"),
    [
        ("jenis_berubah", "Jenis sel 'jawaban_tertulis' diubah", "tapi di sel kode"),
        ("penanda_hilang", "'jawaban_tertulis' (penandanya hilang", "kehilangan penanda"),
        ("id_berubah", "diubah menjadi 'jawaban_saya'", "luas = BASIS * 2"),
        ("uji_dihapus", "Sel uji 'uji_nilai' dihapus", "luas = 21"),
        ("id_berubah", "Sel kode terkunci 'siapkan' dihapus", "BASIS = 10"),
        ("uji_diubah", "Sel terkunci 'uji_tipe' diubah", "# saya ubah sel uji ini"),
    ],
)
def test_restoration_is_noted_and_trainee_text_kept(cohort, student, note, kept):
    course = cohort[0]
    assert any(note in n for n in _status(cohort, student).notes)
    graded = course / "autograded" / student / gc.ASSIGNMENT / f"{gc.NOTEBOOK}.ipynb"
    nb = nbformat.read(graded, as_version=4)
    notes = [c.source for c in nb.cells if c.source.startswith(NOTE_PREFIX)]
    assert any(note in n for n in notes), "the instructor sees the note in the notebook"
    assert kept in "\n".join(c.source for c in nb.cells), "the trainee's text is kept"
    feedback = (course / "feedback" / student / gc.ASSIGNMENT / f"{gc.NOTEBOOK}.html").read_text()
    # The trainee's page names graded cells as questions ("«Bagian 3 — jawaban tertulis»").
    shown = name_cells_in_text(note, questions_of(gc.source_notebook()))
    assert html.escape(shown) in feedback


def test_written_answer_in_code_cell_is_graded_as_written(cohort):
    graded = cohort[0] / "autograded" / "jenis_berubah" / gc.ASSIGNMENT / f"{gc.NOTEBOOK}.ipynb"
    cell = _cell(nbformat.read(graded, as_version=4), "jawaban_tertulis")
    assert cell.cell_type == "markdown"
    assert "tapi di sel kode" in cell.source


def test_no_notes_for_untouched_submissions(cohort):
    for student in ("lengkap", "kosong", "salah", "terlambat", "sel_tambahan"):
        assert _status(cohort, student).notes == [], student


def test_parallel_grades_equal_nbgrader_sequential_autograde(cohort):
    course, pristine, _ = cohort
    same = ["lengkap", "salah", "terlambat", "jenis_berubah"]
    for folder in (pristine / "submitted").iterdir():
        if folder.name not in same:
            shutil.rmtree(folder)
    result = reference_autograde(pristine, gc.ASSIGNMENT)
    assert result.returncode == 0, result.stderr[-2000:]
    ours, reference = _scores(course), _scores(pristine)
    assert compare_scores(ours, reference, same) == []
    assert ours["lengkap"][f"{gc.NOTEBOOK}:uji_nilai"] == 2.0


def test_output_is_bounded(cohort):
    course = cohort[0]
    for folder in ("autograded", "feedback"):
        for path in (course / folder / "banjir" / gc.ASSIGNMENT).glob("tugas.*"):
            assert path.stat().st_size < BIG_FILE, path
    feedback = (course / "feedback" / "banjir" / gc.ASSIGNMENT / "tugas.html").read_text()
    assert "dipotong" in feedback


def test_feedback_opens_with_summary_without_hidden_tests(cohort):
    course = cohort[0]
    page = (course / "feedback" / "salah" / gc.ASSIGNMENT / "tugas.html").read_text()
    summary = page.index('id="medsos-ringkasan"')
    assert summary < page.index("BASIS = 10") if "BASIS = 10" in page else True
    assert summary < page.index("Tugas kecil")
    head = page[summary : page.index("</section>", summary)]
    assert "Ringkasan nilai" in head and "Yang perlu ditinjau" in head
    assert gc.VALUE_MESSAGE in head
    # The page under the summary is nbgrader's, rendered by the course's FeedbackExporter.
    assert "Sel penilaian" in page and "Score:" not in page
    for student in ("salah", "lengkap", "uji_dihapus"):
        text = (course / "feedback" / student / gc.ASSIGNMENT / "tugas.html").read_text()
        assert gc.HIDDEN_MESSAGE not in text
        assert "assert luas == 20" not in text


# Export columns: graded cells named by place (the test course has no "Soal" headings).
TIPE, NILAI = "Bagian 1 — nilai (1 poin)", "Bagian 2 — nilai (2 poin)"
TERTULIS = "Bagian 3 — jawaban tertulis (2 poin)"


def test_export_never_shows_a_silent_zero(cohort):
    course = cohort[0]
    folder = course / "laporan" / gc.ASSIGNMENT
    rows = {r["peserta"]: r for r in csv.DictReader((folder / "nilai.csv").open())}
    failed = [s for s, (status, _) in EXPECTED.items() if status is Status.FAILED]
    for student in failed:
        row = rows[student]
        assert row["status"] == "tidak dapat dinilai"
        assert row["keterangan"]
        assert row["total"] == "" and row[TIPE] == "" and row[NILAI] == ""
    assert rows["kosong"]["total"] == "0" and rows["kosong"]["status"] == "dinilai"
    assert rows["lengkap"][NILAI] == "2" and rows["lengkap"][TERTULIS] == ""
    sheet = load_workbook(folder / "nilai.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header[0] == "peserta" and {"total", "status", "keterangan"} <= set(header)
    xrows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    for student in failed:
        assert xrows[student]["total"] is None and xrows[student][NILAI] is None
    assert xrows["kosong"]["total"] == 0
    assert len(xrows) == len(rows) == len(EXPECTED)


def test_rerun_grades_only_what_is_new(cohort):
    course = cohort[0]
    again = grade(gc.ASSIGNMENT, course, workers=1, sandbox=False, report=False)
    assert again.graded == []
    assert len(again.skipped) == len(EXPECTED)
    gc.submit(course, "kosong", gc.full_answer(course), timestamp="2026-01-05 11:00:00 UTC")
    one = grade(gc.ASSIGNMENT, course, workers=1, sandbox=False, report=False, feedback=False)
    assert [r.student for r in one.graded] == ["kosong"]
    assert one.statuses["kosong"].status is Status.MANUAL
    alone = grade(gc.ASSIGNMENT, course, students=["salah"], sandbox=False, report=False)
    assert [r.student for r in alone.graded] == ["salah"]
    assert load_statuses(course, gc.ASSIGNMENT)["kosong"].status is Status.MANUAL


def test_cohort_report_is_written(cohort):
    report = cohort[2].report
    text = report.read_text()
    assert text.count("data:image/png;base64,") >= 2
    # The report names the check as the notebook does (this notebook has no "Soal" headings:
    # "Bagian 2", the second graded cell), never by its grade id.
    assert "rusak" in text and "Bagian 2 — nilai" in text and "uji_nilai" not in text


def test_execution_config_bounds_output_and_restores(cohort):
    course = cohort[0]
    with execution_config(course, ExecutionPolicy(sandbox=False)) as config:
        steps = [s.__name__ for s in config.Autograde.autograde_preprocessors]
        sanitize = [s.__name__ for s in config.Autograde.sanitize_preprocessors]
    assert "BoundedExecute" in steps and "Execute" not in steps
    assert steps.index("LimitOutputSize") == steps.index("LimitOutput") + 1
    assert sanitize.index("RestoreFromSource") < sanitize.index("OverwriteCells")
    assert grading_config(course).CourseDirectory.root == str(course.resolve())


def test_config_of_a_folder_without_its_own_config(tmp_path, monkeypatch):
    """E.g. the scratch course of ``medsos demo``: the kit's config, everything inside."""
    monkeypatch.delenv("MEDSOS_EXCHANGE", raising=False)
    monkeypatch.delenv("MEDSOS_DB_URL", raising=False)
    config = grading_config(tmp_path)
    assert config.CourseDirectory.root == str(tmp_path.resolve())
    assert config.CourseDirectory.db_url == f"sqlite:///{tmp_path.resolve() / 'gradebook.db'}"
    assert config.Exchange.root == str(tmp_path.resolve() / "exchange")
    assert config.Execute.timeout == 60  # the kit's own settings


def test_collect_from_exchange_and_release_feedback(tmp_path):
    course = gc.make_course(tmp_path / "k")
    inbound = course / "exchange" / "medsos-asn-jatim" / "inbound"
    folder = inbound / f"budi+{gc.ASSIGNMENT}+2026-01-05 10:00:00.000000 UTC+abc123"
    folder.mkdir(parents=True)
    nbformat.write(gc.full_answer(course), folder / f"{gc.NOTEBOOK}.ipynb")
    (folder / "timestamp.txt").write_text("2026-01-05 10:00:00.000000 UTC")
    (folder / "submission_secret.txt").write_text("rahasia-kiriman")
    run = grade(gc.ASSIGNMENT, course, workers=1, sandbox=False, report=False)
    assert [r.student for r in run.graded] == ["budi"]
    assert run.statuses["budi"].status is Status.MANUAL
    released = list((course / "exchange" / "medsos-asn-jatim" / "feedback").glob("*.html"))
    assert len(released) == 1
    assert 'id="medsos-ringkasan"' in released[0].read_text()


def test_refuses_to_grade_unsandboxed_without_opt_out(cohort, monkeypatch):
    from medsos.grading import config as grading_config_module
    from medsos.grading.run import GradingError

    message = "Sandbox penilaian tidak dapat dijalankan di mesin ini (uji). ... --tanpa-sandbox"
    monkeypatch.setattr(grading_config_module, "sandbox_status", lambda: (False, message))
    with pytest.raises(GradingError, match="--tanpa-sandbox"):
        grade(gc.ASSIGNMENT, cohort[0], students=["salah"], report=False)


@pytest.mark.skipif(not sandbox_status()[0], reason="bubblewrap sandbox not available here")
def test_sandboxed_grades_equal_unsandboxed(cohort):
    course = cohort[0]
    before = _scores(course)["salah"]
    run = grade(gc.ASSIGNMENT, course, students=["salah"], report=False, feedback=False)
    assert run.statuses["salah"].status is Status.MANUAL
    assert _scores(course)["salah"] == before


def test_cli_prints_progress_and_indonesian_summary(cohort, capsys):
    from medsos.cli import main

    course = cohort[0]
    args = ["grade", gc.ASSIGNMENT, "--kursus", str(course), "--tanpa-sandbox"]
    assert main([*args, "--peserta", "kosong", "--workers", "1"]) == 0
    out, err = capsys.readouterr()
    assert "Menilai [" in err and "1/1" in err
    assert "TANPA sandbox" in err
    assert "Ringkasan penilaian tugas 't1'" in out
    assert "Dinilai kali ini: 1 kiriman" in out
    assert "tidak dapat dinilai" in out and "nilai.xlsx" in out and "laporan-kohort.html" in out
    assert main(["grade", "tidak-ada", "--kursus", str(course), "--tanpa-sandbox"]) == 2
    assert "Penilaian dihentikan" in capsys.readouterr().err


def test_nbgrader_export_with_the_medsos_plugin(cohort):
    course = cohort[0]
    table = course / "laporan" / gc.ASSIGNMENT / "nilai.csv"
    table.unlink()
    bindir = Path(sys.executable).parent
    result = subprocess.run(
        [bindir / "nbgrader", "export", f"--ExportApp.plugin_class={PLUGIN}"],
        cwd=course,
        env={**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = {r["peserta"]: r for r in csv.DictReader(table.open())}
    assert rows["rusak"]["total"] == "" and rows["rusak"]["status"] == "tidak dapat dinilai"


def test_assignment_missing_from_gradebook_is_registered_without_touching_release(tmp_path):
    from nbgrader.api import Gradebook

    from medsos.grading.run import ensure_in_gradebook

    course = gc.make_course(tmp_path / "k")
    (course / "gradebook.db").unlink()
    before = sorted(p.name for p in (course / "release" / gc.ASSIGNMENT).iterdir())
    config = grading_config(course)
    ensure_in_gradebook(config, gc.ASSIGNMENT)
    with Gradebook(config.CourseDirectory.db_url, "medsos-asn-jatim") as gb:
        assert [nb.name for nb in gb.find_assignment(gc.ASSIGNMENT).notebooks] == [gc.NOTEBOOK]
    assert sorted(p.name for p in (course / "release" / gc.ASSIGNMENT).iterdir()) == before
    assert not (course / "laporan" / ".rilis-sementara").exists()


def test_corrupted_reason_is_plain_and_does_not_quote_the_file(cohort):
    reason = _status(cohort, "rusak").reason
    assert "bukan JSON yang utuh" in reason
    assert "cells" not in reason and "{" not in reason


def _grade_written_answer(course, student, score, comment):
    """What the formgrader does when the instructor scores a written answer."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medsos-asn-jatim") as gb:
        grade = gb.find_grade("jawaban_tertulis", gc.NOTEBOOK, gc.ASSIGNMENT, student)
        grade.manual_score = score
        grade.needs_manual_grade = False
        note = gb.find_comment("jawaban_tertulis", gc.NOTEBOOK, gc.ASSIGNMENT, student)
        note.manual_comment = comment
        gb.db.commit()


def test_feedback_is_refreshed_once_written_answers_are_graded(cohort):
    """Defined last: it changes the cohort's gradebook (instructor's scores for two trainees)."""
    course = cohort[0]
    page = course / "feedback" / "lengkap" / gc.ASSIGNMENT / "tugas.html"
    assert "menunggu penilaian instruktur" in page.read_text()
    # Still pending for everybody: a re-run changes nothing.
    quiet = grade(gc.ASSIGNMENT, course, workers=1, sandbox=False, report=False)
    assert quiet.refreshed == [] and quiet.graded == []

    _grade_written_answer(course, "lengkap", 1.5, "Alasannya tepat, tambahkan angkanya.")
    _grade_written_answer(course, "terlambat", 2, "Lengkap.")
    run = grade(gc.ASSIGNMENT, course, workers=1, sandbox=False, report=False)
    assert run.graded == [] and sorted(run.refreshed) == ["lengkap", "terlambat"]
    assert run.statuses["lengkap"].status is Status.GRADED
    assert run.statuses["lengkap"].reason == ""
    late = run.statuses["terlambat"]
    assert late.status is Status.LATE and "manual" not in late.reason
    text = page.read_text()
    summary = text[text.index('id="medsos-ringkasan"') : text.index("</section>")]
    assert "menunggu penilaian instruktur" not in summary and "sementara" not in summary
    assert "<td>Bagian 3 — jawaban tertulis</td><td>1,5</td><td>2</td>" in summary
    assert "Dinilai instruktur" in summary
    assert "Alasannya tepat, tambahkan angkanya." in text
    assert load_statuses(course, gc.ASSIGNMENT)["lengkap"].status is Status.GRADED
    # Done once: the next run has nothing to refresh.
    assert grade(gc.ASSIGNMENT, course, workers=1, sandbox=False, report=False).refreshed == []
    # The instructor changes a score of a final result: the page follows, once.
    _grade_written_answer(course, "lengkap", 2, "Setelah ditinjau ulang: lengkap.")
    again = grade(gc.ASSIGNMENT, course, workers=1, sandbox=False, report=False)
    assert again.graded == [] and again.refreshed == ["lengkap"]
    text = page.read_text()
    summary = text[text.index('id="medsos-ringkasan"') : text.index("</section>")]
    assert "<td>Bagian 3 — jawaban tertulis</td><td>2</td><td>2</td>" in summary
    assert "Setelah ditinjau ulang: lengkap." in text
    assert grade(gc.ASSIGNMENT, course, workers=1, sandbox=False, report=False).refreshed == []


def test_status_files_from_before_manual_pending_still_refresh():
    from medsos.grading.status import SubmissionResult

    old = {"student": "a", "status": Status.MANUAL.value, "reason": "Ada jawaban tertulis."}
    assert SubmissionResult.from_json(old).manual_pending
    graded = {"student": "b", "status": Status.GRADED.value}
    assert not SubmissionResult.from_json(graded).manual_pending
    new = SubmissionResult("c", Status.LATE, manual_pending=True).to_json()
    assert SubmissionResult.from_json(new).manual_pending


def test_nbgraders_own_feedback_gets_the_summary_too(cohort):
    """The formgrader's Generate Feedback button runs nbgrader's generate_feedback."""
    from nbgrader.apps import NbGraderAPI

    course = cohort[0]
    page = course / "feedback" / "salah" / gc.ASSIGNMENT / "tugas.html"
    page.unlink()
    api = NbGraderAPI(config=grading_config(course))
    assert api.generate_feedback(gc.ASSIGNMENT, "salah", force=True)["success"]
    text = page.read_text()
    summary = text[text.index('id="medsos-ringkasan"') : text.index("</section>")]
    assert "Ringkasan nilai" in summary and gc.VALUE_MESSAGE in summary
    assert "perlu dinilai instruktur" in summary  # its written answer is still pending
    assert text.count('id="medsos-ringkasan"') == 1 and "Sel penilaian: Bagian 2" in text


def test_a_challenge_question_is_named_optional_everywhere():
    """A '### Soal N.M — Tantangan (opsional, P poin)' heading makes every graded cell of that
    question say it is optional (feedback, exports and the report use the label); the
    questions around it keep their plain names."""

    def graded(grade_id, points, source):
        cell = new_code_cell(source)
        cell.metadata.nbgrader = {"grade": True, "grade_id": grade_id, "points": points}
        return cell

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        new_markdown_cell("### Soal 3.7 (1 poin)"),
        graded("realisasi_nilai", 1, '"""Soal 3.7: nilai.""";'),
        new_markdown_cell("### Soal 3.8 — Tantangan (opsional, 2 poin)\n\nSusun kalender."),
        graded("kalender_struktur", 1, '"""Soal 3.8: struktur.""";'),
        graded("kalender_bulan", 1, '"""Soal 3.8: bulan.""";'),
        new_markdown_cell("### Soal 3.9 (1 poin)"),
        graded("rencana_nilai", 1, '"""Soal 3.9: nilai.""";'),
    ]
    labels = {gid: q.label for gid, q in questions_of(nb).items()}
    assert labels == {
        "realisasi_nilai": "Soal 3.7 — nilai (1 poin)",
        "kalender_struktur": "Soal 3.8 (tantangan, opsional) — struktur (1 poin)",
        "kalender_bulan": "Soal 3.8 (tantangan, opsional) — bulan (1 poin)",
        "rencana_nilai": "Soal 3.9 — nilai (1 poin)",
    }


def test_gradebook_server_down_is_one_clear_message(tmp_path):
    """PostgreSQL stopped (or a wrong address): no traceback, nothing graded, exit code 2."""
    course = gc.make_course(tmp_path / "kursus")
    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = subprocess.run(
        [str(Path(sys.executable).parent / "medsos"), "grade", gc.ASSIGNMENT, "--kursus"]
        + [str(course), "--db", f"postgresql+psycopg://medsos@127.0.0.1:{port}/medsos"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert "buku nilai tidak dapat dihubungi (OperationalError)" in result.stderr
    assert "Traceback" not in result.stderr

"""Server side of the Tugas panel (medsos.lab.server) on a real nbgrader exchange.

The tests share one class (module scope) and follow a trainee in file order: list, fetch,
check, submit, feedback. Every nbgrader step is real (exchange, Validator, autograde).
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

import nbformat
import pytest
from lab_course import ASSIGNMENT, make_class
from tornado import web

from medsos.lab import server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def klas(tmp_path_factory):
    return make_class(tmp_path_factory.mktemp("kelas"))


@pytest.fixture(scope="module")
def tugas(klas):
    return server.Tugas(str(klas.home))


def _entry(tugas):
    listing = tugas.daftar()
    assert listing["ok"], listing
    (entry,) = [t for t in listing["tugas"] if t["assignment_id"] == ASSIGNMENT]
    return entry


def test_wib_times_in_indonesian():
    moment = datetime(2026, 12, 2, 0, 30, tzinfo=UTC)
    assert server.format_wib(moment) == "2 Desember 2026 pukul 07.30 WIB"
    assert server.format_wib("2026-08-17 02:05:00.000000 UTC") == (
        "17 Agustus 2026 pukul 09.05 WIB"
    )


def test_released_assignment_is_listed_and_cannot_be_submitted_yet(tugas):
    entry = _entry(tugas)
    assert entry["status"] == "released"
    assert entry["keterangan"] == "Belum diambil"
    assert entry["folder"] is None
    with pytest.raises(server._Refused, match="belum diambil"):
        tugas.cek_kumpul(ASSIGNMENT)


def test_fetch_makes_the_work_folder(tugas, klas):
    result = tugas.ambil(ASSIGNMENT)
    assert result["ok"], result
    assert f"folder {ASSIGNMENT}/" in result["pesan"]
    assert klas.notebook().is_file()
    entry = _entry(tugas)
    assert entry["status"] == "fetched" and entry["folder"] == ASSIGNMENT
    (nb,) = entry["notebooks"]
    assert nb["path"] == f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    assert nb["disimpan"].endswith("WIB")
    again = tugas.ambil(ASSIGNMENT)
    assert again["ok"] and "sudah diambil" in again["pesan"]


def test_blank_notebook_is_refused(tugas, klas):
    check = tugas.cek_kumpul(ASSIGNMENT)
    assert check["boleh"] is False
    assert "belum ada jawaban" in check["alasan_tolak"]
    (nb,) = check["notebooks"]
    assert nb["sama_dengan_rilis"] is True
    refused = tugas.kumpulkan(ASSIGNMENT)
    assert refused["ok"] is False
    assert not (klas.home / ".nbgrader_cache").exists()  # nothing was sent


def test_check_blank_notebook_points_at_failing_cells(tugas, klas):
    result = tugas.periksa(f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    assert result["ok"] and result["lolos"] is False
    cells = nbformat.read(klas.notebook(), as_version=4).cells
    assert result["masalah"], result
    for problem in result["masalah"]:
        cell = cells[problem["sel"]]
        assert cell.metadata["nbgrader"]["grade"] is True  # a graded test cell
        assert problem["judul"].startswith("Soal")
        assert "You did not" not in problem["pesan"] and problem["pesan"]
        assert "NameError" not in problem["pesan"]
    released = [c for c in cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(result["belum_dijawab"]) == len(released)


def test_partly_answered_notebook_warns_with_the_questions(tugas, klas):
    first = klas.source.cells
    answers = [
        c.metadata.nbgrader["grade_id"]
        for c in first
        if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
    ]
    klas.answer(answers[:1])
    check = tugas.cek_kumpul(ASSIGNMENT)
    assert check["boleh"] is True
    warning = next(w for w in check["peringatan"] if "jawaban belum diisi" in w)
    assert "Soal" in warning
    # Each question is named once, with its number of blank parts when it has several.
    headings = [c["judul"] for c in check["notebooks"][0]["belum_dijawab"]]
    assert len(set(headings)) < len(headings), "the module has a question with two answers"
    for heading in set(headings):
        assert len(re.findall(re.escape(heading) + r"(?![\d.])", warning)) == 1, warning
        if headings.count(heading) > 1:
            assert f"{heading} ({headings.count(heading)} bagian)" in warning


def test_newer_copy_elsewhere_is_named(tugas, klas):
    other = klas.home / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    other.parent.mkdir(parents=True)
    other.write_bytes(klas.notebook().read_bytes())
    later = klas.notebook().stat().st_mtime + 60
    os.utime(other, (later, later))
    check = tugas.cek_kumpul(ASSIGNMENT)
    assert any(f"release/{ASSIGNMENT}/{ASSIGNMENT}.ipynb" in w for w in check["peringatan"])
    other.unlink()


def test_answered_notebook_passes_the_check(tugas, klas):
    klas.answer()
    result = tugas.periksa(f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    assert result["lolos"] is True, result["masalah"]
    assert result["ringkasan"] == "Semua pemeriksaan lolos."
    # the written answer is not checked by a test but is reported when left blank
    assert result["belum_dijawab"] == []


def test_submit_records_the_time_in_wib(tugas):
    check = tugas.cek_kumpul(ASSIGNMENT)
    assert check["boleh"] and check["peringatan"] == []
    result = tugas.kumpulkan(ASSIGNMENT)
    assert result["ok"], result
    assert result["pesan"].startswith(f"Tugas {ASSIGNMENT} terkumpul pada ")
    assert result["pesan"].endswith("WIB.")
    entry = _entry(tugas)
    assert entry["status"] == "submitted" and len(entry["kiriman"]) == 1


def test_feedback_only_once_released(tugas, klas):
    early = tugas.umpan_balik(ASSIGNMENT)
    assert early["ok"] is False and "belum dibagikan" in early["pesan"]
    klas.grade_and_release_feedback()
    assert _entry(tugas)["status"] == "feedback"
    result = tugas.umpan_balik(ASSIGNMENT)
    assert result["ok"], result
    (page,) = result["umpan_balik"]
    html = (klas.home / page["path"]).read_text(encoding="utf-8")
    assert page["path"].startswith(f"{ASSIGNMENT}/feedback/") and "<html" in html
    assert _entry(tugas)["status"] == "feedback_fetched"


def test_paths_outside_the_work_folder_are_refused(tugas):
    with pytest.raises(web.HTTPError) as refused:
        tugas.periksa("../instruktur/source/00-pengenalan/00-pengenalan.ipynb")
    assert refused.value.status_code == 403


def test_self_check_runs_medsos_periksa(tugas):
    result = tugas.periksa_mandiri(f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    assert result["ok"] and result["path"] == f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    # graded with the kit's own tests here (its source/ is at hand), or left to the instructor
    assert result["status"] in {"dinilai", "dinilai instruktur"}, result["message"]
    if result["status"] == "dinilai":
        assert result["score"] > 0 and result["questions"]
    assert result["feedback"] is None or not result["feedback"].startswith("/")

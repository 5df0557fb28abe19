"""The cohort report: self-contained HTML with its plots, item analysis and follow-up list."""

from __future__ import annotations

import base64
import re

from nbgrader.api import Gradebook

from medsos.grading.status import Status, SubmissionResult, save_statuses
from medsos.report import collect_stats, write_report

COURSE = "medsos-asn-jatim"
MESSAGE = "Nilai luas belum tepat: periksa rumusnya."
# student -> (uji_tipe, uji_nilai); max 1 + 2
SCORES = {"ani": (1, 2), "budi": (1, 0), "cici": (0, 0), "dodi": (1, 2)}


def _gradebook(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(db_url, COURSE) as gb:
        gb.add_assignment("t1")
        gb.add_notebook("tugas", "t1")
        gb.add_solution_cell("jawab_luas", "tugas", "t1")
        gb.add_grade_cell("uji_tipe", "tugas", "t1", max_score=1, cell_type="code")
        gb.add_grade_cell("uji_nilai", "tugas", "t1", max_score=2, cell_type="code")
        gb.add_grade_cell("tertulis", "tugas", "t1", max_score=2, cell_type="markdown")
        gb.add_grade_cell("cek_sendiri", "tugas", "t1", max_score=0, cell_type="code")
        for student, (tipe, nilai) in SCORES.items():
            gb.add_student(student)
            gb.add_submission("t1", student)
            gb.find_grade("uji_tipe", "tugas", "t1", student).auto_score = tipe
            gb.find_grade("uji_nilai", "tugas", "t1", student).auto_score = nilai
        gb.add_student("eka")  # submitted a broken notebook
        gb.add_student("fajar")  # never submitted
        gb.db.commit()
    statuses = {s: SubmissionResult(s, Status.GRADED) for s in SCORES}
    statuses["budi"].failures = {"uji_nilai": MESSAGE}
    statuses["cici"].failures = {"uji_nilai": MESSAGE, "uji_tipe": "Simpan luas sebagai int."}
    statuses["eka"] = SubmissionResult("eka", Status.FAILED, "Berkas notebook rusak.")
    save_statuses(tmp_path, "t1", statuses)
    return db_url


def test_stats_item_analysis_and_follow_up(tmp_path):
    db_url = _gradebook(tmp_path)
    (stats,) = collect_stats(tmp_path, db_url, COURSE)
    assert stats.max_auto == 3
    assert stats.scores == {"ani": 3, "budi": 1, "cici": 0, "dodi": 3}
    rates = {item.grade_id: item.pass_rate for item in stats.items}
    assert rates == {"uji_tipe": 0.75, "uji_nilai": 0.5}
    follow = dict(stats.follow_up)
    assert set(follow) == {"budi", "cici", "eka", "fajar"}
    assert "rusak" in follow["eka"]
    assert follow["fajar"] == Status.ABSENT.value


def test_report_is_self_contained_html_with_plots(tmp_path):
    db_url = _gradebook(tmp_path)
    path = write_report(tmp_path, db_url, COURSE)
    text = path.read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', text)
    assert len(images) == 2  # score distribution and item analysis
    for data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG")
    assert not re.search(r"(src|href)=\"https?://", text), "opens offline"
    assert "Cek yang paling sering gagal" in text
    failed_row = text[text.index("Cek yang paling sering gagal") :]
    assert "uji_nilai" in failed_row and MESSAGE in failed_row and "2 dari 4" in failed_row
    follow = text[text.index("Peserta yang perlu ditindaklanjuti") :]
    for student in ("budi", "cici", "eka", "fajar"):
        assert student in follow
    assert "ani" not in follow and "dodi" not in follow


def test_report_without_submissions_says_so(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    path = write_report(tmp_path, db_url, COURSE)
    assert "Belum ada kiriman yang dinilai" in path.read_text(encoding="utf-8")

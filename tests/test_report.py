"""The cohort report: item statistics checked against a cohort computed by hand.

Five trainees, four questions (max points): Soal 1.1 (3, two test cells), Soal 1.2 (2),
Soal 1.3 (written, 2, scored by the instructor), Soal 1.4 (1, nobody gets it).

=========  =======  =======  =======  =======  =====  ====
trainee    1.1      1.2      1.3      1.4      total  auto
=========  =======  =======  =======  =======  =====  ====
ani        3 (1+2)  2        1        0        6      5
budi       2 (1+1)  0        1        0        3      2
cici       0        0        0        0        0      0
dodi       3        2        2        0        7      5
eka        1 (1+0)  1        0        0        2      2
=========  =======  =======  =======  =======  =====  ====

fajar's notebook could not be graded (not counted as 0), gita never submitted.
"""

from __future__ import annotations

import base64
import math
import re
from datetime import datetime

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader.api import Gradebook

from medsos.grading.questions import Question
from medsos.grading.status import Status, SubmissionResult, save_statuses
from medsos.report import (
    QuestionStats,
    collect_stats,
    describe,
    distribution_plot,
    progress_plot,
    question_histograms,
    timing_plot,
    write_report,
)
from medsos.roster import Peserta, read_roster, write_roster

COURSE = "medsos-asn-jatim"
MESSAGE = "Nilai luas belum tepat: periksa rumusnya."
# trainee -> (bentuk, nilai, urut, tertulis, sulit)
SCORES = {
    "ani": (1, 2, 2, 1, 0),
    "budi": (1, 1, 0, 1, 0),
    "cici": (0, 0, 0, 0, 0),
    "dodi": (1, 2, 2, 2, 0),
    "eka": (1, 0, 1, 0, 0),
}
CELLS = ("luas_bentuk", "luas_nilai", "luas_urut", "alasan_tertulis", "luas_sulit")
POINTS = (1, 2, 2, 2, 1)
DUE = datetime(2026, 1, 10, 0, 0)  # UTC
SUBMITTED = {  # hours before the due date: 24, 12, 2, -3 (late), 48
    "ani": datetime(2026, 1, 9, 0, 0),
    "budi": datetime(2026, 1, 9, 12, 0),
    "cici": datetime(2026, 1, 9, 22, 0),
    "dodi": datetime(2026, 1, 10, 3, 0),
    "eka": datetime(2026, 1, 8, 0, 0),
}
ROSTER = [
    Peserta("ani", "198501012010012001", "Ani Rahayu", "Diskominfo"),
    Peserta("budi", "198602022011011002", "Budi Santoso", "BPBD", "budi@contoh.go.id"),
    Peserta("cici", "198703032012012003", "Cici Lestari", "Dinas Kesehatan"),
    Peserta("dodi", "198804042013011004", "Dodi Prasetyo", "Dinas Sosial"),
    Peserta("eka", "198905052014012005", "Eka Putri", "DLH"),
    Peserta("fajar", "199006062015011006", "Fajar Hidayat", "Dispora"),
    Peserta("gita", "199107072016012007", "Gita Maharani", "BPSDM"),
    Peserta("rina", "199208082017012008", "Rina Wulandari", "Dinas Pendidikan"),
]


def _meta(grade_id, **flags):
    meta = {"grade": False, "solution": False, "locked": True, "task": False}
    meta.update(flags, grade_id=grade_id, schema_version=3)
    return {"nbgrader": meta}


def _source(tmp_path):
    def test(grade_id, points, soal):
        return new_code_cell(
            f'"""Soal {soal}: cek."""\nassert True',
            metadata=_meta(grade_id, grade=True, points=points),
        )

    cells = [
        new_markdown_cell("### Soal 1.1 (3 poin)", metadata=_meta("s11")),
        test("luas_bentuk", 1, "1.1"),
        test("luas_nilai", 2, "1.1"),
        new_markdown_cell("### Soal 1.2 (2 poin)", metadata=_meta("s12")),
        test("luas_urut", 2, "1.2"),
        new_markdown_cell("### Soal 1.3 — Jawaban tertulis (2 poin)", metadata=_meta("s13")),
        new_markdown_cell(
            "Rubrik.", metadata=_meta("alasan_tertulis", grade=True, solution=True, points=2)
        ),
        new_markdown_cell("### Soal 1.4 (1 poin)", metadata=_meta("s14")),
        test("luas_sulit", 1, "1.4"),
    ]
    folder = tmp_path / "source" / "t1"
    folder.mkdir(parents=True)
    nbformat.write(new_notebook(cells=cells), folder / "tugas.ipynb")


def _gradebook(tmp_path):
    _source(tmp_path)
    db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(db_url, COURSE) as gb:
        gb.add_assignment("t1", duedate=DUE)
        gb.add_notebook("tugas", "t1")
        for name, points in zip(CELLS, POINTS, strict=True):
            kind = "markdown" if name.endswith("tertulis") else "code"
            gb.add_grade_cell(name, "tugas", "t1", max_score=points, cell_type=kind)
        gb.add_grade_cell("luas_cek", "tugas", "t1", max_score=0, cell_type="code")
        for student, scores in SCORES.items():
            gb.add_student(student)
            gb.add_submission("t1", student, timestamp=SUBMITTED[student])
            check = gb.find_grade("luas_cek", "tugas", "t1", student)
            check.auto_score, check.needs_manual_grade = 0, False  # as autograde leaves it
            for name, score in zip(CELLS, scores, strict=True):
                grade = gb.find_grade(name, "tugas", "t1", student)
                if name.endswith("tertulis"):
                    grade.manual_score = score
                    grade.needs_manual_grade = False
                else:
                    grade.auto_score = score
                    grade.needs_manual_grade = False
        gb.add_student("fajar")  # submitted a broken notebook: nbgrader scored it 0
        gb.add_submission("t1", "fajar", timestamp=SUBMITTED["ani"])
        for name in (*CELLS, "luas_cek"):
            grade = gb.find_grade(name, "tugas", "t1", "fajar")
            grade.auto_score, grade.needs_manual_grade = 0, False
        gb.add_student("gita")  # never submitted
        gb.db.commit()
    statuses = {s: SubmissionResult(s, Status.GRADED) for s in SCORES}
    statuses["budi"].failures = {"luas_nilai": MESSAGE}
    statuses["cici"].failures = {"luas_nilai": MESSAGE, "luas_bentuk": "Simpan luas sebagai int."}
    statuses["fajar"] = SubmissionResult("fajar", Status.FAILED, "Berkas notebook rusak.")
    save_statuses(tmp_path, "t1", statuses)
    return db_url


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kohort")
    return folder, _gradebook(folder)


@pytest.fixture
def stats(course):
    (stats,) = collect_stats(course[0], course[1], COURSE)
    return stats


def _question(stats, number):
    return next(q for q in stats.questions if q.question.number == number)


def test_assessment_scores_by_hand(stats):
    assert stats.max_auto == 6 and stats.max_total == 8
    assert stats.scores == {"ani": 5, "budi": 2, "cici": 0, "dodi": 5, "eka": 2}
    assert stats.totals == {"ani": 6, "budi": 3, "cici": 0, "dodi": 7, "eka": 2}
    auto = describe(stats.scores.values())
    # mean 14/5; median 2; deviations 2.2, -0.8, -2.8, 2.2, -0.8 -> squares sum 18.8
    assert (auto.n, auto.mean, auto.median) == (5, pytest.approx(2.8), 2)
    assert auto.sd == pytest.approx(math.sqrt(18.8 / 4))
    assert (auto.minimum, auto.maximum) == (0, 5)


def test_question_statistics_by_hand(stats):
    assert [q.title for q in stats.questions] == ["Soal 1.1", "Soal 1.2", "Soal 1.3", "Soal 1.4"]
    q11, q12, q13, q14 = (_question(stats, n) for n in ("1.1", "1.2", "1.3", "1.4"))
    assert q11.max_score == 3 and q13.written and not q11.written

    # Soal 1.1: 3, 2, 0, 3, 1; rest of the score 3, 1, 0, 4, 1.
    s = q11.summary
    assert (s.mean, s.median) == (pytest.approx(1.8), 2)
    assert s.sd == pytest.approx(math.sqrt(6.8 / 4))
    assert q11.discrimination == pytest.approx(7.8 / math.sqrt(6.8 * 10.8))
    assert (q11.perfect, q11.nonzero) == (pytest.approx(0.4), pytest.approx(0.8))

    # Soal 1.2: 2, 0, 0, 2, 1; rest 4, 3, 0, 5, 1.
    s = q12.summary
    assert (s.mean, s.median, s.sd) == (pytest.approx(1.0), 1, pytest.approx(1.0))
    assert q12.discrimination == pytest.approx(6.0 / math.sqrt(4 * 17.2))
    assert (q12.perfect, q12.nonzero) == (pytest.approx(0.4), pytest.approx(0.6))

    # Soal 1.3 (written, instructor's scores): 1, 1, 0, 2, 0; rest 5, 2, 0, 5, 2.
    s = q13.summary
    assert (s.mean, s.median) == (pytest.approx(0.8), 1)
    assert s.sd == pytest.approx(math.sqrt(2.8 / 4))
    assert q13.discrimination == pytest.approx(5.8 / math.sqrt(2.8 * 18.8))
    assert (q13.perfect, q13.nonzero) == (pytest.approx(0.2), pytest.approx(0.6))

    # Soal 1.4: nobody scores; no correlation with a constant.
    assert q14.discrimination is None and q14.perfect == 0 and q14.nonzero == 0
    assert q14.flags == ["hampir tidak ada yang benar penuh"]
    assert q11.flags == q12.flags == q13.flags == []


def test_low_discrimination_is_flagged(stats):
    q = _question(stats, "1.2")
    q.discrimination = 0.19
    assert q.flags == ["daya beda rendah"]
    q.discrimination = 0.2
    assert q.flags == []


def test_timing_and_follow_up(stats):
    hours = stats.hours_to_due
    assert hours == {"ani": 24, "budi": 12, "cici": 2, "dodi": -3, "eka": 48}
    summary = describe(hours.values())
    assert (summary.mean, summary.median) == (pytest.approx(83 / 5), 12)
    follow = dict(stats.follow_up)
    assert set(follow) == {"budi", "cici", "eka", "fajar", "gita"}  # auto < 3.6 of 6
    assert "rusak" in follow["fajar"] and follow["gita"] == Status.ABSENT.value
    assert "fajar" not in stats.scores  # not graded is not a 0
    failing = {i.grade_id: (i.passed, i.attempts) for i in stats.items}
    assert failing["luas_nilai"] == (2, 5) and failing["luas_sulit"] == (0, 5)


def _count_ticks_are_integers(fig):
    for ax in fig.axes:
        if not ax.get_visible() or not ax.has_data():
            continue
        ticks = ax.get_yticks()
        assert all(float(t).is_integer() for t in ticks), ticks


def test_count_axes_have_integer_ticks(stats):
    import matplotlib.pyplot as plt

    for fig, _ in (distribution_plot(stats), question_histograms(stats), timing_plot(stats)):
        fig.canvas.draw()
        _count_ticks_are_integers(fig)
        plt.close(fig)


def test_report_is_one_offline_file_with_stats_plots_and_roster(course):
    folder, db_url = course
    roster_file = folder / "peserta.csv"
    write_roster(ROSTER, roster_file)
    path = write_report(folder, db_url, COURSE, read_roster(roster_file))
    text = path.read_text(encoding="utf-8")
    assert path.parent.name == "laporan"  # the git-ignored folder
    images = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,([^"]+)"', text)
    # score distribution, submission times, question means, question histograms, progress
    assert len(images) == 5
    for alt, data in images:
        assert alt and base64.b64decode(data).startswith(b"\x89PNG")
    assert not re.search(r"(src|href)=\"https?://", text), "opens offline"
    assert "<html lang='id'>" in text
    page = BeautifulSoup(text, "html.parser")
    shown = page.get_text(" ")
    for grade_id in (*CELLS, "luas_cek"):
        assert grade_id not in shown, grade_id
    for formula in ("Σx / n", "(n − 1)", "korelasi Pearson", "sisa nilai", "r < 0,2", "10%"):
        assert formula in shown, formula
    rows = {
        tr.find("td").get_text(): [td.get_text() for td in tr.find_all("td")]
        for tr in page.find_all("tr")
        if tr.find("td")
    }
    expected = ["3", "5", "1,80 (60%)", "2,00 (67%)", "1,30", "0,91", "40%", "80%"]
    assert rows["Soal 1.1"][1:9] == expected
    assert rows["Soal 1.3 (jawaban tertulis)"][6] == "0,80"
    assert rows["Soal 1.4"][-1] == "hampir tidak ada yang benar penuh"
    assert rows["Nilai otomatis"][1:4] == ["5", "2,80 (47%)", "2,00 (33%)"]
    failed = shown[shown.index("Cek yang paling sering gagal") :]
    assert "Soal 1.1 — nilai (2 poin)" in failed and MESSAGE in failed and "3 dari 5" in failed
    follow = shown[shown.index("Peserta yang perlu ditindaklanjuti") :]
    assert "Rina Wulandari" in follow  # on the roster, never in the gradebook: not submitted
    for person in ROSTER[1:3] + ROSTER[4:]:
        assert person.nama in follow and person.nip in follow and person.instansi in follow
    assert "1 kiriman terlambat" in shown
    progress = shown[shown.index("Kemajuan tiap peserta") :]
    assert "Ani Rahayu" in progress and "83%" in progress and "tidak dapat dinilai" in progress


def test_progress_plot_marks_missing_scores(stats):
    fig, alt = progress_plot([stats], ["ani", "fajar"], str.upper)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["83", "–"] and "Kemajuan" in alt


def test_report_without_submissions_says_so(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    path = write_report(tmp_path, db_url, COURSE)
    assert "Belum ada kiriman yang dinilai" in path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- grade files


def test_grade_files_carry_the_roster_and_question_names(course, monkeypatch):
    import csv

    from openpyxl import load_workbook

    from medsos.grading.export import export_assignment

    folder, db_url = course
    monkeypatch.delenv("MEDSOS_ROSTER", raising=False)
    write_roster(ROSTER, folder / "peserta.csv")  # where the classroom server puts it
    csv_path, xlsx_path = export_assignment(folder, db_url, COURSE, "t1")
    assert csv_path.parent.parent.name == "laporan"
    with csv_path.open(encoding="utf-8") as fh:
        rows = {r["peserta"]: r for r in csv.DictReader(fh)}
    header = list(next(iter(rows.values())))
    assert header[:5] == ["peserta", "NIP", "nama", "instansi", "email"]
    assert "Soal 1.1 — nilai (2 poin)" in header and "luas_nilai" not in header
    assert rows["budi"]["NIP"] == "198602022011011002" and rows["budi"]["nama"] == "Budi Santoso"
    assert rows["budi"]["email"] == "budi@contoh.go.id" and rows["budi"]["instansi"] == "BPBD"
    assert rows["gita"]["status"] == Status.ABSENT.value and rows["gita"]["total"] == ""
    sheet = load_workbook(xlsx_path).active
    xheader = [c.value for c in sheet[1]]
    xrows = {r[0]: dict(zip(xheader, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert xrows["ani"]["NIP"] == "198501012010012001"  # text: all 18 digits kept
    assert xrows["ani"]["nama"] == "Ani Rahayu"


def _read_moodle(path):
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_moodle_csv_reads_back_with_the_roster(course, tmp_path):
    from medsos.grading.export import export_moodle

    folder, db_url = course
    roster_file = tmp_path / "daftar.xlsx.csv"
    write_roster(ROSTER, roster_file)
    roster = read_roster(roster_file)
    path, table = export_moodle(folder, db_url, COURSE, key="nip", roster=roster)
    assert path == folder / "laporan" / "nilai-moodle.csv"
    rows = _read_moodle(path)
    assert list(rows[0]) == ["NIP", "t1"]  # identifier, then one column per assignment
    by_nip = {p.nip: p for p in roster}
    got = {by_nip[r["NIP"]].nama: r["t1"] for r in rows}
    # total of every question / 8 points x 100; not graded or not submitted: blank
    assert got == {
        "Ani Rahayu": "75",
        "Budi Santoso": "37.5",
        "Cici Lestari": "0",
        "Dodi Prasetyo": "87.5",
        "Eka Putri": "25",
        "Fajar Hidayat": "",
        "Gita Maharani": "",
        "Rina Wulandari": "",
    }
    assert dict(table.blank["t1"]) == {
        "fajar": Status.FAILED.value,
        "gita": Status.ABSENT.value,
        "rina": Status.ABSENT.value,
    }
    points, _ = export_moodle(
        folder, db_url, COURSE, scale="poin", roster=roster, path=tmp_path / "poin.csv"
    )
    assert {r["NIP"]: r["t1"] for r in _read_moodle(points)}[ROSTER[3].nip] == "7"


def test_moodle_csv_by_email_leaves_out_who_cannot_be_matched(course, tmp_path):
    from medsos.grading.export import export_moodle

    folder, db_url = course
    roster = ROSTER[:6]  # gita is in the gradebook but not on this roster
    path, table = export_moodle(
        folder, db_url, COURSE, key="email", roster=roster, path=tmp_path / "email.csv"
    )
    assert _read_moodle(path) == [{"Email": "budi@contoh.go.id", "t1": "37.5"}]
    left = dict(table.left_out)
    assert set(left) == {"ani", "cici", "dodi", "eka", "fajar", "gita"}
    assert "tidak punya Email" in left["ani"] and "tidak ada di daftar" in left["gita"]


def test_moodle_command_without_a_roster_says_what_to_do(course, monkeypatch, capsys):
    from medsos.cli import main

    folder, db_url = course
    (folder / "peserta.csv").unlink(missing_ok=True)
    monkeypatch.delenv("MEDSOS_ROSTER", raising=False)
    assert main(["moodle", "--kursus", str(folder), "--db", db_url]) == 1
    out = capsys.readouterr().out
    assert "Daftar peserta tidak ditemukan" in out and "peserta.csv" in out
    write_roster(ROSTER, folder / "peserta.csv")
    assert main(["moodle", "--kursus", str(folder), "--db", db_url, "--kunci", "login"]) == 0
    out = capsys.readouterr().out
    assert "nilai-moodle.csv" in out and "Map to' = Username" in out
    assert "fajar: tidak dapat dinilai" in out
    assert _read_moodle(folder / "laporan" / "nilai-moodle.csv")[0]["Username"] == "ani"


def test_a_challenge_question_says_it_is_optional_in_the_report():
    """The cohort report names a Tantangan as optional, so its low share of perfect scores
    reads as a choice the module offers, not as a failing question."""
    plain = Question("m", "a_nilai", "3.7", "nilai", 1.0)
    challenge = Question("m", "b_struktur", "3.8", "struktur", 1.0, optional=True)
    assert QuestionStats(plain, 1.0, False).title == "Soal 3.7"
    assert QuestionStats(challenge, 1.0, False).title == "Soal 3.8 (tantangan, opsional)"

"""The whole nbgrader cycle (``medsos demo``) with simulated trainees, checked per graded cell.

One cycle runs for the module (about half a minute): release -> fetch -> answer -> submit ->
collect -> autograde -> feedback -> export. Besides the demo's three trainees, two more
prove the hidden tests can fail: right types with wrong values, and objects that claim to
equal anything.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import nbformat
import pytest

from medsos import cycle
from medsos.build import assignments as cycle_assignments
from medsos.cli import build_parser
from medsos.cycle import Trainee

pytestmark = [
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    # nbgrader 0.9.6 misspells a keyword when it releases feedback (authentictor).
    pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning"),
]

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "00-pengenalan"

WRONG_VALUES = {
    "jumlah_posting_jawaban": "jumlah_posting = len(akun)",
    "platform_terbanyak_jawaban": (
        'platform_terbanyak = posting["platform"].value_counts().index[-1]'
    ),
    "rata_suka_instagram_jawaban": "rata_suka_instagram = round(posting['suka'].mean(), 1)",
    "jumlah_per_platform_jawaban": (
        'jumlah_per_platform = posting["platform"].value_counts().sort_values()\n'
        "jumlah_per_platform.iloc[0] += 1"
    ),
}
ALWAYS_EQUAL = """
class SamaDenganApaSaja(float):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __hash__(self):
        return 0
"""
CLAIMS_EQUAL = {
    "jumlah_posting_jawaban": ALWAYS_EQUAL + "jumlah_posting = SamaDenganApaSaja(1)",
    "platform_terbanyak_jawaban": ALWAYS_EQUAL + "platform_terbanyak = SamaDenganApaSaja(1)",
    "rata_suka_instagram_jawaban": ALWAYS_EQUAL.replace("(float)", "(object)")
    + "rata_suka_instagram = SamaDenganApaSaja()",
    "jumlah_per_platform_jawaban": ALWAYS_EQUAL + "jumlah_per_platform = SamaDenganApaSaja(1)",
}
TRAINEES = (
    *cycle.DEFAULT_TRAINEES,
    Trainee("dedi", "jenis benar, nilai salah", "kosong", overrides=WRONG_VALUES),
    Trainee("eka", "objek yang mengaku sama dengan apa saja", "kosong", overrides=CLAIMS_EQUAL),
)

# Expected autograded score of every graded cell with points, per trainee.
GRADED_CELLS = [
    "jumlah_posting_nilai",
    "platform_terbanyak_nilai",
    "rata_suka_instagram_nilai",
    "rata_suka_instagram_bulat",
    "jumlah_per_platform_nilai",
    "jumlah_per_platform_urut",
]
EXPECTED = {
    "ani": [1, 1, 1, 1, 1, 1],
    # "sebagian": the first half (3 of 5) of the code answer cells: questions 0.1 to 0.3.
    "budi": [1, 1, 1, 1, 0, 0],
    "citra": [0, 0, 0, 0, 0, 0],
    "dedi": [0, 0, 0, 0, 0, 0],
    "eka": [0, 0, 0, 0, 0, 0],
}


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> cycle.CycleResult:
    folder = tmp_path_factory.mktemp("siklus") / "demo"
    return cycle.run_cycle(folder, ASSIGNMENT, TRAINEES, root=ROOT, log=lambda _: None)


def test_every_trainee_is_graded(result):
    assert sorted(result.by_student()) == sorted(EXPECTED)


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_score_per_graded_cell(result, student):
    grades = {g.grade_id: g for g in result.by_student()[student].grades}
    got = [grades[grade_id].score for grade_id in GRADED_CELLS]
    assert got == EXPECTED[student]
    assert all(grades[gid].max_score == 1 for gid in GRADED_CELLS)


@pytest.mark.parametrize(
    ("student", "total"), [("ani", 6), ("budi", 4), ("citra", 0), ("dedi", 0), ("eka", 0)]
)
def test_total_autograded_score(result, student, total):
    trainee = result.by_student()[student]
    assert (trainee.score, trainee.max_score) == (total, 6)


def test_written_answers_scored_by_the_instructor(result):
    written = {r.trainee.student_id: [g for g in r.grades if g.written] for r in result.trainees}
    # The demo's instructor gives Ani 1 of 2 points with a comment (as in the formgrader).
    assert [(g.by_instructor, g.score) for g in written["ani"]] == [(True, 1.0)]
    # An unchanged stub is scored 0 by nbgrader itself and needs no manual grade.
    assert [(g.needs_manual_grade, g.score) for g in written["citra"]] == [(False, 0.0)]
    text = _visible_text(result.by_student()["ani"].feedback[0])
    assert "sebagian benar (1 dari 2 poin)" in text
    assert cycle.DEMO_WRITTEN["ani"][1] in text


ENGLISH_LABELS = ("No response.", "Comments:", "Student's answer", "Test cell", "(Top)")


def _no_grade_ids_or_english(result, text):
    ids = {g.grade_id for r in result.trainees for g in r.grades}
    assert len(ids) > 5
    assert [gid for gid in ids if gid in text] == []
    assert [label for label in ENGLISH_LABELS if label in text] == []


def test_trainee_pages_name_questions_not_grade_ids(result):
    for trainee in result.trainees:
        text = _visible_text(trainee.feedback[0])
        _no_grade_ids_or_english(result, text)
        assert "Soal 0.4 — urutan (1 poin)" in text and "Soal 0.3 — pembulatan" in text
        assert 'lang="id"' in trainee.feedback[0].read_text(encoding="utf-8")


def test_demo_writes_report_and_moodle_csv_with_the_roster(result):
    from medsos.roster import read_roster

    assert result.report == result.folder / "laporan-kohort.html"
    report = result.report.read_text(encoding="utf-8")
    assert report.count("data:image/png;base64,") == 5
    assert "Statistik tiap soal" in report and "Daya beda" in report
    assert "Ani Rahmawati" in report and "Diskominfo Jatim" in report
    roster = {p.nip: p for p in read_roster(result.folder / "peserta.csv")}
    with result.moodle_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["NIP", ASSIGNMENT]
    got = {roster[r["NIP"]].login: r[ASSIGNMENT] for r in rows}
    # (autograded + written) / 8 x 100: ani 6 + 1 of the instructor's, budi 4 + 0.
    assert got == {"ani": "87.5", "budi": "50", "citra": "0", "dedi": "0", "eka": "0"}
    exported = next(p for p in result.exports if p.suffix == ".csv")
    with exported.open(encoding="utf-8") as fh:
        table = {r["peserta"]: r for r in csv.DictReader(fh)}
    assert table["budi"]["nama"] == "Budi Santoso"
    assert roster[table["budi"]["NIP"]].login == "budi"


def test_grading_uses_the_instructors_data(result):
    """Ani cut her copy of the data in half before submitting; she still earns full marks."""
    submitted = result.folder / "submitted" / "ani" / ASSIGNMENT / "data" / "posting.csv"
    graded = result.folder / "autograded" / "ani" / ASSIGNMENT / "data" / "posting.csv"
    original = ROOT / "datasets" / "posting.csv"
    assert submitted.stat().st_size < original.stat().st_size / 1.5
    assert graded.read_bytes() == original.read_bytes()
    assert result.by_student()["ani"].score == 6


def _visible_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(style|script)\b.*?</\1>", "", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _hidden_test_lines(assignment: str = ASSIGNMENT) -> list[str]:
    """Lines found only inside hidden-test regions of the source (not elsewhere in it)."""
    nb = nbformat.read(ROOT / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    hidden, visible = set(), set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            else:
                (hidden if inside else visible).add(line.strip())
    # A hidden line that also stands inside a visible line (e.g. a list of column names
    # that a visible check spells out too) gives nothing away.
    secret = {h for h in hidden - visible if not any(h in v for v in visible)}
    return sorted(line for line in secret if len(line) > 12)


def test_feedback_reaches_every_trainee_without_hidden_tests(result):
    hidden = _hidden_test_lines()
    assert len(hidden) > 10
    for trainee in result.trainees:
        assert len(trainee.feedback) == 1, trainee.trainee.student_id
        text = _visible_text(trainee.feedback[0])
        assert "HIDDEN TESTS" not in text
        leaked = [line for line in hidden if line in text]
        assert leaked == [], f"{trainee.trainee.student_id}: {leaked[:3]}"


def test_feedback_explains_a_failed_check_in_indonesian(result):
    text = _visible_text(result.by_student()["dedi"].feedback[0])
    assert "jumlah_posting belum sama dengan jumlah baris tabel posting" in text
    assert "Soal 0.1: jumlah_posting sama dengan jumlah baris" in text  # the docstring


def test_grades_exported_by_nbgrader(result):
    with result.grades_csv.open(encoding="utf-8") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    assert sorted(rows) == sorted(EXPECTED)
    assert float(rows["ani"]["raw_score"]) == 7  # 6 autograded + 1 from the instructor
    assert float(rows["budi"]["raw_score"]) == 4
    assert float(rows["ani"]["max_score"]) == 8  # 6 autograded + 2 for the written answer


def test_grade_table_is_in_indonesian(result):
    table = cycle.grade_table(result)
    assert "peserta" in table and "total otomatis" in table and "soal 0.4" in table
    assert "1/2 dari instruktur" in table


def test_cycle_keeps_trainees_apart(result):
    for student in EXPECTED:
        home = result.folder / "peserta" / student
        assert (home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
        assert any((home / ".local" / "share" / "jupyter" / "nbgrader_cache").iterdir())


def test_demo_and_lab_commands_exist():
    parser = build_parser()
    args = parser.parse_args(["demo", "--folder", "x", "--no-datasets"])
    assert (args.folder, args.no_datasets) == ("x", True)
    args = parser.parse_args(["build", "00-pengenalan", "--no-check"])
    assert (args.tugas, args.no_check) == (["00-pengenalan"], True)


LATER_MODULES = [a for a in cycle_assignments() if a != ASSIGNMENT]


@pytest.mark.parametrize("assignment", LATER_MODULES)
def test_every_module_goes_through_the_whole_cycle(tmp_path, assignment):
    """Release -> fetch -> submit -> collect -> autograde -> feedback for every module: a
    complete trainee earns every autograded point, a blank one none, and neither trainee's
    feedback shows hidden-test code."""
    trainees = (
        Trainee("lengkap", "menjawab semua soal", "semua"),
        Trainee("kosong", "mengumpulkan tanpa menjawab", "kosong"),
    )
    result = cycle.run_cycle(tmp_path / "demo", assignment, trainees, root=ROOT, log=print)
    by = result.by_student()
    assert by["lengkap"].max_score > 0
    assert by["lengkap"].score == by["lengkap"].max_score
    assert by["kosong"].score == 0
    hidden = _hidden_test_lines(assignment)
    assert len(hidden) > 10
    for trainee in result.trainees:
        assert len(trainee.feedback) == 1
        text = _visible_text(trainee.feedback[0])
        assert [line for line in hidden if line in text] == []
        _no_grade_ids_or_english(result, text)

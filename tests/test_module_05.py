"""Module 05 (the trainee's own account) grades fairly, and grades from the data the
trainee loaded: another correct method earns full marks, common wrong answers and
cheating objects earn nothing on the cells they touch, and a trainee who puts another
account's exports in ``data/ekspor_saya/`` is graded on those exports (the sample's
numbers, copied by hand, then lose their points).

Every submission is autograded by nbgrader itself in a scratch copy of the course (the
same path as ``medsos build``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from module_fairness import CHEATS, FairnessSuite
from nbgrader.utils import is_grade

from medsos import course_root
from medsos.build import generate_release
from medsos.course import ScratchCourse, answer_notebook

pytestmark = pytest.mark.filterwarnings("ignore:Object of type")

ASSIGNMENT = "05-akun-sendiri"
ROOT = Path(__file__).resolve().parents[1]
ER_COLUMN = (
    'dengan_er["er"] = (dengan_er["interaksi"] / dengan_er["penyebut"] * 100).astype(float)\n'
)

ALTERNATIVE = {
    "jumlah_unggahan_jawaban": 'jumlah_unggahan = posting["platform"].value_counts()\n',
    "pertumbuhan_bersih_jawaban": """
hasil = {}
for platform, data in harian.groupby("platform"):
    data = data[data["bertambah"].notna()]
    if len(data):
        hasil[platform] = int((data["bertambah"] - data["berkurang"].fillna(0)).sum())
pertumbuhan_bersih = pd.Series(hasil)
""",
    "er_median_jawaban": """
dengan_er["er"] = dengan_er["interaksi"] * 100 / dengan_er["penyebut"]
er_median = dengan_er.pivot_table(index="platform", values="er", aggfunc="median")["er"]
""",
    "er_per_format_jawaban": """
er_per_format = (
    dengan_er.pivot_table(index="format", values="er", aggfunc="median")["er"]
    .sort_values(ascending=False)
    .round(2)
)
""",
    "er_per_jam_jawaban": """
nilai = {}
for jam, data in dengan_er[dengan_er["jam_tersedia"]].groupby(dengan_er["waktu_unggah"].dt.hour):
    if len(data) >= 3:
        nilai[int(jam)] = data["er"].median()
er_per_jam = pd.Series(nilai)
jam_terbaik = max(nilai, key=nilai.get) if nilai else -1
""",
    "porsi_lapisan_jawaban": """
berlabel = posting["lapisan"].notna().sum()
porsi_lapisan = (posting.groupby("lapisan").size() / berlabel * 100).round(1)
""",
    "berhenti_harian_jawaban": """
berhenti_harian = harian.groupby("tanggal")["berkurang"].sum()
hari_lonjakan = [t for t, v in berhenti_harian.items() if v > 2 * berhenti_harian.median()]
""",
}

WRONG_VALUES = {
    "jumlah_unggahan_jawaban": (
        'jumlah_unggahan = posting.groupby("platform")["jangkauan"].count()\n',
        ["jumlah_unggahan_nilai"],
    ),
    "pertumbuhan_bersih_jawaban": (
        'pertumbuhan_bersih = harian.groupby("platform")["bertambah"].sum()\n'
        "pertumbuhan_bersih = pertumbuhan_bersih[pertumbuhan_bersih > 0]\n",
        ["pertumbuhan_bersih_nilai"],
    ),
    "er_median_jawaban": (
        ER_COLUMN + 'er_median = dengan_er.groupby("platform")["er"].mean()\n',
        ["er_median_nilai"],
    ),
    "er_per_format_jawaban": (
        'er_per_format = dengan_er.groupby("format")["er"].median()\n',
        ["er_per_format_urut"],
    ),
    "er_per_jam_jawaban": (
        'er_per_jam = dengan_er.groupby(dengan_er["waktu_unggah"].dt.hour)["er"].mean()\n'
        "jam_terbaik = int(er_per_jam.idxmin())\n",
        ["er_per_jam_nilai", "jam_terbaik_nilai"],
    ),
    "porsi_lapisan_jawaban": (
        'porsi_lapisan = posting["lapisan"].value_counts(normalize=True)\n',
        ["porsi_lapisan_indeks", "porsi_lapisan_nilai"],
    ),
    "berhenti_harian_jawaban": (
        'berhenti_harian = harian["berkurang"].fillna(0).groupby(harian["tanggal"]).sum()\n'
        "hari_lonjakan = list(berhenti_harian.nlargest(3).index)\n",
        ["hari_lonjakan_nilai"],
    ),
}

WRONG_TYPES = {
    "jumlah_unggahan_jawaban": (
        CHEATS + 'jumlah_unggahan = SeriesCurang(posting["platform"].value_counts() * 0)\n',
        ["jumlah_unggahan_nilai"],
    ),
    "pertumbuhan_bersih_jawaban": (
        'pertumbuhan_bersih = {"facebook": 1}\n',
        ["pertumbuhan_bersih_indeks", "pertumbuhan_bersih_nilai"],
    ),
    "er_median_jawaban": (
        CHEATS
        + ER_COLUMN
        + 'er_median = SeriesCurang(dengan_er.groupby("platform")["er"].max())\n',
        ["er_median_indeks", "er_median_nilai"],
    ),
    "er_per_format_jawaban": (
        'er_per_format = list(dengan_er.groupby("format")["er"].median())\n',
        ["er_per_format_nilai", "er_per_format_urut"],
    ),
    "er_per_jam_jawaban": (
        CHEATS
        + 'ringkas = dengan_er[dengan_er["jam_tersedia"]]\n'
        + 'r = ringkas.groupby(ringkas["waktu_unggah"].dt.hour)["er"].agg(["median", "size"])\n'
        + 'er_per_jam = r.loc[r["size"] >= 3, "median"]\n'
        + "jam_terbaik = AngkaCurang(1.0)\n",
        ["jam_terbaik_nilai"],
    ),
    "porsi_lapisan_jawaban": (
        'porsi_lapisan = {"inti": 42.0, "pendukung": 47.1, "pelengkap": 10.9}\n',
        ["porsi_lapisan_indeks", "porsi_lapisan_nilai"],
    ),
    "berhenti_harian_jawaban": (
        CHEATS
        + 'berhenti_harian = harian["berkurang"].fillna(0).groupby(harian["tanggal"]).sum()\n'
        + "hari_lonjakan = ListCurang()\n",
        ["hari_lonjakan_nilai"],
    ),
}


class TestFairness(FairnessSuite):
    assignment = ASSIGNMENT
    alternative = ALTERNATIVE
    wrong_values = WRONG_VALUES
    wrong_types = WRONG_TYPES
    questions = 9  # 7 autograded, 2 written
    not_autograded = frozenset({"grafik_format_jawaban", "grafik_berhenti_jawaban"})


# The sample's own answer to Soal 1.1, typed in by hand: right for the sample, wrong for
# any other account.
HARD_CODED = (
    'jumlah_unggahan = pd.Series({"facebook": 60, "instagram": 36, "tiktok": 24, "x": 45, '
    '"youtube": 9})\n'
)


def test_own_exports_are_graded_from_their_own_data(tmp_path):
    """With another account's exports in data/ekspor_saya/, the solutions earn full marks
    and the sample's numbers copied by hand earn nothing."""
    scratch = ScratchCourse(tmp_path / "kursus", course_root())
    generate_release(ASSIGNMENT, scratch)
    notebook = f"{ASSIGNMENT}.ipynb"
    released = nbformat.read(scratch.release_dir(ASSIGNMENT) / notebook, as_version=4)
    source = nbformat.read(scratch.source_dir(ASSIGNMENT) / notebook, as_version=4)
    maxima = {
        c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader["points"])
        for c in source.cells
        if is_grade(c) and c.cell_type == "code"
    }
    results = {}
    cases = (
        ("sendiri", {}, True),
        ("salin_contoh", {"jumlah_unggahan_jawaban": HARD_CODED}, True),
        ("salin_contoh_tanpa_ekspor", {"jumlah_unggahan_jawaban": HARD_CODED}, False),
    )
    for student, overrides, own_exports in cases:
        filled = answer_notebook(released, source, overrides=overrides)
        folder = scratch.submit_directly(ASSIGNMENT, student, {ASSIGNMENT: filled})
        if own_exports:
            shutil.copytree(ROOT / "datasets" / "ekspor_lain", folder / "data" / "ekspor_saya")
        grades = scratch.autograde(ASSIGNMENT, student)
        results[student] = {g.grade_id: g.score or 0.0 for g in grades}
    own = results["sendiri"]
    assert {k: own.get(k) for k in maxima if own.get(k) != maxima[k]} == {}
    copied = results["salin_contoh"]
    assert copied["jumlah_unggahan_nilai"] == 0
    assert all(copied[k] == m for k, m in maxima.items() if k != "jumlah_unggahan_nilai")
    # The same hand-typed numbers are right for the sample, so the zero above comes from
    # grading against the trainee's own exports.
    assert results["salin_contoh_tanpa_ekspor"]["jumlah_unggahan_nilai"] == 1

"""Module 03 (content layers) grades fairly.

Two harnesses, both scoring cells with nbgrader's own rules:

* the whole nbgrader cycle (``medsos.cycle.run_cycle``: release, fetch, submit, collect,
  autograde, feedback) with a trainee who answers every question by another correct
  method and earns full marks; the feedback shows no hidden tests;
* one kernel that runs the source notebook once and then re-runs single answer cells with
  other contents, followed by that question's graded cells, scored with
  ``nbgrader.utils.determine_grade`` (what autograde records); the solution is run again
  afterwards, so each variant is judged on its own. It shows that common wrong answers and
  cheating objects score 0 on exactly the cells they touch, and that for the July calendar
  (Soal 3.8) several different valid calendars earn all 5 points while a calendar that
  breaks one constraint loses exactly that constraint's point.
"""

from __future__ import annotations

import copy
import re
import shutil

import nbformat
import pytest
from module_fairness import CHEATS as SHARED_CHEATS
from module_fairness import ModuleGrader
from nbclient import NotebookClient
from nbgrader.utils import determine_grade, is_grade

from medsos import course_root, cycle
from medsos.build import tables_used
from medsos.course import solution_text
from medsos.cycle import Trainee

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

ASSIGNMENT = "03-lapisan-konten"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
CALENDAR_TESTS = [
    "kalender_juli_struktur",
    "kalender_juli_dalam_bulan",
    "kalender_juli_per_pekan",
    "kalender_juli_porsi_lapisan",
    "kalender_juli_tanpa_jeda",
]

# --------------------------------------------------------------------------- calendars

# The source's solution calendar (23 weekdays), rebuilt here so violations can edit it.
SOLUTION_CALENDAR = """
import numpy as np
tanggal = pd.date_range("2025-07-01", "2025-07-31", freq="B")
topik = ["ucapan_hari_besar", "layanan", "edukasi", "kebijakan", "layanan", "capaian_program",
         "di_balik_layar", "kebijakan", "layanan", "edukasi", "capaian_program", "layanan",
         "seremonial", "kebijakan", "layanan", "repost_instansi", "kuis", "capaian_program",
         "layanan", "edukasi", "kebijakan", "capaian_program", "layanan"]
kalender_juli = pd.DataFrame({"tanggal": tanggal, "topik": topik})
kalender_juli["lapisan"] = kalender_juli["topik"].map(topik_ke_lapisan)
kalender_juli["judul"] = [f"Unggahan {i + 1}" for i in range(len(kalender_juli))]
"""


def _days(days: list[int], layers: list[str], extra: str = "") -> str:
    """A calendar posting on the given July days with the given layers (one row each)."""
    return f"""
pertama = {{"inti": "layanan", "pendukung": "edukasi", "pelengkap": "kuis"}}
hari = {days!r}
lapisan = {layers!r}
kalender_juli = pd.DataFrame({{
    "tanggal": pd.to_datetime([f"2025-07-{{h:02d}}" for h in hari]),
    "lapisan": lapisan,
    "topik": [pertama[x] for x in lapisan],
    "judul": [f"Ide {{i}}" for i in range(len(hari))],
}})
{extra}
"""


VALID_CALENDARS = {
    "solusi": SOLUTION_CALENDAR,
    # Every day, rows shuffled: 18 core, 9 supporting, 4 complementary.
    "setiap_hari": _days(list(range(1, 32)), ["inti"] * 18 + ["pendukung"] * 9 + ["pelengkap"] * 4)
    + "kalender_juli = kalender_juli.sample(frac=1, random_state=3).reset_index(drop=True)\n",
    # Times of day, nanosecond unit, two posts on some days, an extra column, object text.
    "jam_dan_dua_sehari": """
hari = [1, 3, 3, 5, 7, 8, 10, 10, 12, 14, 15, 17, 19, 21, 22, 24, 26, 28, 29, 31]
lapisan = ["inti"] * 12 + ["pendukung"] * 6 + ["pelengkap"] * 2
topik = {"inti": "kebijakan", "pendukung": "di_balik_layar", "pelengkap": "hiburan_tren"}
kalender_juli = pd.DataFrame({
    "tanggal": pd.DatetimeIndex([pd.Timestamp(2025, 7, h, 19, 30) for h in hari]).as_unit("ns"),
    "lapisan": pd.Series(lapisan, dtype=object),
    "topik": pd.Series([topik[x] for x in lapisan], dtype=object),
    "judul": ["Unggahan malam"] * len(hari),
    "platform": "instagram",
})[["judul", "platform", "topik", "tanggal", "lapisan"]]
""",
    # Every limit at its edge: 7 and 4 posts a week, 50/30/20, gaps of exactly 2 days.
    "tepat_di_batas": _days(
        [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 17, 18, 19, 20, 22, 24, 26, 28, 31],
        ["inti", "pendukung", "pelengkap", "inti"] * 4 + ["inti", "pendukung", "inti", "pendukung"],
    ),
    # Built from a list of dicts with time-zone-aware times.
    "daftar_dan_zona_waktu": """
rencana = []
lapisan = ["inti"] * 13 + ["pendukung"] * 8 + ["pelengkap"] * 2
topik = {"inti": "capaian_program", "pendukung": "repost_instansi",
         "pelengkap": "ucapan_hari_besar"}
waktu = pd.date_range("2025-07-01 08:00", "2025-07-31 08:00", freq="B", tz="Asia/Jakarta")
for w, lap in zip(waktu, lapisan):
    rencana.append({"tanggal": w, "lapisan": lap, "topik": topik[lap], "judul": "Rencana " + lap})
kalender_juli = pd.DataFrame(rencana)
""",
}

_EXTRA_ROW = """
tambahan = pd.DataFrame({{"tanggal": pd.to_datetime({dates!r}), "lapisan": {layers!r},
                          "topik": {topics!r}, "judul": "Tambahan"}})
kalender_juli = pd.concat([kalender_juli, tambahan], ignore_index=True)
"""


def _with(*edits: str) -> str:
    return SOLUTION_CALENDAR + "".join(edits)


# Each breaks one constraint (its test cell must score 0) and keeps the other four.
BROKEN_CALENDARS = {
    "sesudah_bulan": (
        _with(_EXTRA_ROW.format(dates=["2025-08-01"], layers=["pendukung"], topics=["edukasi"])),
        "kalender_juli_dalam_bulan",
    ),
    "sebelum_bulan": (
        _with(_EXTRA_ROW.format(dates=["2025-06-30"], layers=["inti"], topics=["layanan"])),
        "kalender_juli_dalam_bulan",
    ),
    "pekan_terlalu_padat": (  # 8 posts on 1-7 July
        _with(
            _EXTRA_ROW.format(
                dates=["2025-07-01", "2025-07-02", "2025-07-03"],
                layers=["inti", "pendukung", "inti"],
                topics=["layanan", "edukasi", "kebijakan"],
            )
        ),
        "kalender_juli_per_pekan",
    ),
    "pekan_terlalu_sepi": (  # 3 posts on 8-14 July, gaps still at most 2 days
        _with(
            'kalender_juli = kalender_juli[~kalender_juli["tanggal"].isin('
            'pd.to_datetime(["2025-07-09", "2025-07-10"]))]\n'
        ),
        "kalender_juli_per_pekan",
    ),
    "semua_inti": (
        _with('kalender_juli["topik"] = "layanan"\nkalender_juli["lapisan"] = "inti"\n'),
        "kalender_juli_porsi_lapisan",
    ),
    "pelengkap_kurang": (  # 1 of 23 = 4.3% complementary
        _with(
            'kalender_juli.loc[kalender_juli["topik"] == "kuis", ["topik", "lapisan"]] = '
            '["layanan", "inti"]\n'
        ),
        "kalender_juli_porsi_lapisan",
    ),
    "jeda_tengah_bulan": (  # 9-13 July empty
        _with(
            'pindah = kalender_juli["tanggal"].isin(pd.to_datetime(["2025-07-09", "2025-07-10", '
            '"2025-07-11"]))\nkalender_juli.loc[pindah, "tanggal"] = pd.Timestamp("2025-07-14")\n'
        ),
        "kalender_juli_tanpa_jeda",
    ),
    "jeda_awal_bulan": (  # 1-3 July empty
        _with(
            'pindah = kalender_juli["tanggal"] < pd.Timestamp("2025-07-04")\n'
            'kalender_juli.loc[pindah, "tanggal"] = pd.Timestamp("2025-07-04")\n'
        ),
        "kalender_juli_tanpa_jeda",
    ),
    "jeda_akhir_bulan": (  # 29-31 July empty
        _with('kalender_juli = kalender_juli[kalender_juli["tanggal"] < "2025-07-29"]\n'),
        "kalender_juli_tanpa_jeda",
    ),
    "tanggal_berupa_teks": (
        _with('kalender_juli["tanggal"] = kalender_juli["tanggal"].dt.strftime("%Y-%m-%d")\n'),
        "kalender_juli_struktur",
    ),
    "topik_tidak_cocok": (
        _with('kalender_juli.loc[1, "topik"] = "kuis"\n'),
        "kalender_juli_struktur",
    ),
    "judul_kosong": (
        _with('kalender_juli.loc[2, "judul"] = "   "\n'),
        "kalender_juli_struktur",
    ),
    "lapisan_huruf_besar": (
        _with('kalender_juli["lapisan"] = kalender_juli["lapisan"].str.capitalize()\n'),
        "kalender_juli_struktur",
    ),
    "tanpa_kolom_judul": (
        _with('kalender_juli = kalender_juli.drop(columns="judul")\n'),
        "kalender_juli_struktur",
    ),
}

# Wrong in every respect, or not a table at all: every constraint scores 0.
HOPELESS_CALENDARS = {
    "daftar_dict": _with('kalender_juli = kalender_juli.to_dict("records")\n'),
    "tabel_kosong": "kalender_juli = pd.DataFrame(columns=['tanggal', 'lapisan', 'topik', 'judul'])"
    "\n",
    "belum_dijawab": "raise NotImplementedError()\n",
}

# --------------------------------------------------------------------------- other answers

# Another correct method for every answer cell (pivot_table, loops, the other merge
# direction, rounding as the text allows, other column or row order).
ALTERNATIVE = {
    "bauran_akun_jawaban": """
hitung = posting.pivot_table(
    index="akun_id", columns="lapisan", values="posting_id", aggfunc="count"
)
bauran_akun = hitung.div(hitung.sum(axis=1), axis=0).mul(100).round(1)
bauran_akun = bauran_akun[["pelengkap", "inti", "pendukung"]]
""",
    "selisih_target_jawaban": """
baris = {}
for akun_id, b in bauran_akun.iterrows():
    baris[akun_id] = abs(b["inti"] - 60) + abs(b["pendukung"] - 30) + abs(b["pelengkap"] - 10)
selisih_target = pd.Series(baris).round(1).sort_values()
akun_terdekat = selisih_target.index[0]
jumlah_akun_jauh = len(selisih_target[selisih_target > 25])
""",
    "err_lapisan_jawaban": """
interaksi = posting[["suka", "komentar", "bagikan", "simpan"]].sum(axis=1)
tabel = posting.assign(err=interaksi / posting["jangkauan"] * 100)
err_lapisan = tabel.pivot_table(index="lapisan", values="err", aggfunc="median")["err"].round(2)
lapisan_err_terendah = err_lapisan.sort_values().index[0]
""",
    "positif_lapisan_jawaban": """
gabung = posting[["posting_id", "lapisan"]].merge(
    komentar[["posting_id", "sentimen"]], on="posting_id"
)
porsi = pd.crosstab(gabung["lapisan"], gabung["sentimen"], normalize="index")
positif_lapisan = (porsi["positif"] * 100).round(1)
""",
    "minggu_kosong_jawaban": """
hasil = {}
for akun_id, bagian in kalender_konten.groupby("akun_id"):
    per_minggu = bagian.groupby("minggu")["realisasi"].sum()
    hasil[akun_id] = int((per_minggu == 0).sum())
minggu_kosong = pd.Series(hasil)
""",
    "tingkat_realisasi_jawaban": """
t = kalender_konten.pivot_table(index="lapisan", values=["rencana", "realisasi"], aggfunc="sum")
tingkat_realisasi = (100 * t["realisasi"] / t["rencana"]).round(1)
lapisan_paling_kering = tingkat_realisasi.sort_values().index[0]
""",
    "kalender_juli_jawaban": VALID_CALENDARS["setiap_hari"],
}

# Common mistakes: answer cell -> (wrong code, graded cells that must score 0).
WRONG_VALUES = {
    "bauran_akun_jawaban": (  # fraction 0-1, not percent
        'bauran_akun = pd.crosstab(posting["akun_id"], posting["lapisan"], normalize="index")\n',
        ["bauran_akun_nilai"],
    ),
    "selisih_target_jawaban": (  # no absolute value; farthest, not closest; >= 20
        """
b = pd.crosstab(posting["akun_id"], posting["lapisan"], normalize="index") * 100
selisih_target = (b - target_bauran).sum(axis=1)
akun_terdekat = (b - target_bauran).abs().sum(axis=1).idxmax()
jumlah_akun_jauh = int(((b - target_bauran).abs().sum(axis=1) >= 20).sum())
""",
        ["selisih_target_nilai", "akun_terdekat_nilai", "jumlah_akun_jauh_nilai"],
    ),
    "err_lapisan_jawaban": (  # mean instead of median; highest instead of lowest
        """
interaksi = posting["suka"] + posting["komentar"] + posting["bagikan"] + posting["simpan"]
e = interaksi / posting["jangkauan"] * 100
err_lapisan = e.groupby(posting["lapisan"]).mean()
lapisan_err_terendah = err_lapisan.idxmax()
""",
        ["err_lapisan_nilai", "lapisan_err_terendah_nilai"],
    ),
    "positif_lapisan_jawaban": (  # divided by all comments, not the layer's comments
        """
positif_lapisan = (komentar_lapisan["sentimen"] == "positif").groupby(
    komentar_lapisan["lapisan"]).sum() / len(komentar_lapisan) * 100
""",
        ["positif_lapisan_nilai"],
    ),
    "minggu_kosong_jawaban": (  # empty weeks filtered first: AK09 (never empty) is lost
        """
m = kalender_konten.groupby(["akun_id", "minggu"])["realisasi"].sum().reset_index()
minggu_kosong = m[m["realisasi"] == 0].groupby("akun_id").size()
""",
        ["minggu_kosong_bentuk"],
    ),
    "tingkat_realisasi_jawaban": (  # mean of row percentages; highest instead of lowest
        """
r = kalender_konten.assign(t=kalender_konten["realisasi"] / kalender_konten["rencana"] * 100)
tingkat_realisasi = r.groupby("lapisan")["t"].mean()
lapisan_paling_kering = tingkat_realisasi.idxmax()
""",
        ["tingkat_realisasi_nilai", "lapisan_paling_kering_nilai"],
    ),
    "kalender_juli_jawaban": (
        BROKEN_CALENDARS["pelengkap_kurang"][0],
        ["kalender_juli_porsi_lapisan"],
    ),
}

# Wrong types, objects built to fool a comparison, and more value mistakes.
# The shared cheating objects, an integer that claims to equal anything, and the accounts.
CHEATS = (
    SHARED_CHEATS
    + """
akun_urut = sorted(posting["akun_id"].unique())

class BilanganCurang(int):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = int.__hash__
"""
)
WRONG_TYPES = {
    "bauran_akun_jawaban": (
        CHEATS + "bauran_akun = TabelCurang(np.full((25, 3), 100 / 3), index=akun_urut, "
        "columns=['inti', 'pendukung', 'pelengkap'])\n",
        ["bauran_akun_nilai"],
    ),
    "selisih_target_jawaban": (
        CHEATS + "selisih_target = SeriesCurang([0.0] * 25, index=akun_urut)\n"
        "akun_terdekat = TeksCurang('AK01')\njumlah_akun_jauh = BilanganCurang(0)\n",
        ["selisih_target_nilai", "akun_terdekat_nilai", "jumlah_akun_jauh_nilai"],
    ),
    "err_lapisan_jawaban": (
        CHEATS + "err_lapisan = SeriesCurang([1.0, 1.0, 1.0], index=['inti', 'pendukung', "
        "'pelengkap'])\nlapisan_err_terendah = TeksCurang('inti')\n",
        ["err_lapisan_nilai", "lapisan_err_terendah_nilai"],
    ),
    "positif_lapisan_jawaban": (  # the right numbers in a dict, not a Series
        "positif_lapisan = {'inti': 44.4, 'pendukung': 42.1, 'pelengkap': 43.6}\n",
        ["positif_lapisan_bentuk", "positif_lapisan_nilai"],
    ),
    "minggu_kosong_jawaban": (
        CHEATS + "minggu_kosong = SelaluSama()\n",
        ["minggu_kosong_bentuk", "minggu_kosong_nilai"],
    ),
    "tingkat_realisasi_jawaban": (  # the right numbers written as text
        """
t = kalender_konten.groupby("lapisan")[["rencana", "realisasi"]].sum()
tingkat_realisasi = (t["realisasi"] / t["rencana"] * 100).round(1).astype(str)
lapisan_paling_kering = "Pelengkap lah"
""",
        ["tingkat_realisasi_nilai", "lapisan_paling_kering_nilai"],
    ),
    "kalender_juli_jawaban": (HOPELESS_CALENDARS["daftar_dict"], CALENDAR_TESTS),
}

# More mistakes, checked in the single kernel: answer cell -> (code, {graded cell: score}).
MORE_MISTAKES = {
    "akun_id_sebagai_kolom": (
        "bauran_akun_jawaban",
        "(pd.crosstab(posting['akun_id'], posting['lapisan'], normalize='index') * 100)"
        ".reset_index()",
        {"bauran_akun_bentuk": 0, "bauran_akun_nilai": 0},
    ),
    "jumlah_pecahan": (
        "selisih_target_jawaban",
        None,  # the solution, with jumlah_akun_jauh as a float
        {"selisih_target_nilai": 1, "akun_terdekat_nilai": 1, "jumlah_akun_jauh_nilai": 0},
    ),
    "positif_pecahan": (
        "positif_lapisan_jawaban",
        '(komentar_lapisan["sentimen"] == "positif").groupby(komentar_lapisan["lapisan"]).mean()',
        {"positif_lapisan_bentuk": 1, "positif_lapisan_nilai": 0},
    ),
    "baris_lapisan_kosong": (  # layer rows with 0, not weeks with 0 over all layers
        "minggu_kosong_jawaban",
        '(kalender_konten["realisasi"] == 0).groupby(kalender_konten["akun_id"]).sum()',
        {"minggu_kosong_bentuk": 1, "minggu_kosong_nilai": 0},
    ),
}


# --------------------------------------------------------------------------- fixtures


def _grade_cells(nb: nbformat.NotebookNode) -> dict[str, float]:
    return {
        c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader["points"])
        for c in nb.cells
        if is_grade(c) and c.cell_type == "code" and c.metadata.nbgrader["points"] > 0
    }


@pytest.fixture(scope="module")
def source() -> nbformat.NotebookNode:
    return nbformat.read(course_root() / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def cycle_result(tmp_path_factory) -> cycle.CycleResult:
    """The whole nbgrader cycle with one trainee who answers every question another way.

    (The blank submission earning 0 is checked by ``medsos build`` for every assignment.)
    """
    trainees = [
        Trainee("ani", "menjawab semua soal dengan cara lain", "semua", overrides=ALTERNATIVE)
    ]
    folder = tmp_path_factory.mktemp("siklus") / "kursus"
    return cycle.run_cycle(folder, ASSIGNMENT, trainees, root=course_root(), log=lambda _: None)


class KernelSession:
    """The source notebook run once in one kernel; answer cells can then be re-run."""

    def __init__(self, nb: nbformat.NotebookNode, client: NotebookClient) -> None:
        self.nb, self.client = nb, client
        self.cells = {
            c.metadata.nbgrader["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata
        }
        self.index = {gid: i for i, gid in enumerate(self.cells)}
        self.solutions = {
            gid: solution_text(c.source)
            for gid, c in self.cells.items()
            if c.metadata.nbgrader.get("solution") and c.cell_type == "code"
        }

    def run(self, grade_id: str, code: str):
        cell = copy.deepcopy(self.cells[grade_id])
        cell.source = code
        return self.client.execute_cell(cell, self.index[grade_id])

    def tests_of(self, answer_id: str) -> list[str]:
        """The graded cells (with points) between this answer cell and the next one."""
        ids = list(self.cells)
        out = []
        for gid in ids[ids.index(answer_id) + 1 :]:
            meta = self.cells[gid].metadata.nbgrader
            if meta.get("solution"):
                break
            if meta.get("grade") and meta.get("points", 0) > 0:
                out.append(gid)
        return out

    def grade(self, answer_id: str, code: str, tests: list[str] | None = None) -> dict[str, float]:
        """Run ``code`` in place of the answer cell, then its graded cells; their scores.

        The answer's variables are removed first (so nothing from an earlier run counts),
        and the solution is run again afterwards (so later answers see the right values).
        """
        names = re.findall(r"^(\w+) =", self.solutions[answer_id], re.MULTILINE)
        forget = "".join(f"globals().pop({n!r}, None)\n" for n in names)
        self.run(answer_id, forget + code)
        scores = {}
        for test in tests or self.tests_of(answer_id):
            cell = self.run(test, self.cells[test].source)
            scores[test] = determine_grade(cell)[0]
        self.run(answer_id, forget + self.solutions[answer_id])
        return scores

    def points(self, grade_id: str) -> float:
        return float(self.cells[grade_id].metadata.nbgrader["points"])


@pytest.fixture(scope="module")
def kernel(tmp_path_factory, source):
    folder = tmp_path_factory.mktemp("kernel")
    (folder / "data").mkdir()
    for name in tables_used(ASSIGNMENT):
        shutil.copy(course_root() / "datasets" / name, folder / "data" / name)
    nb = copy.deepcopy(source)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    )  # fmt: skip
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            # Plots are left out (the build runs them); every other code cell runs.
            if cell.cell_type == "code" and not cell.metadata.nbgrader["grade_id"].startswith(
                "grafik"
            ):
                client.execute_cell(cell, index)
        yield KernelSession(nb, client)


# --------------------------------------------------------------------------- tests


def test_every_answer_has_an_alternative_and_wrong_answers(source):
    answers = {
        c.metadata.nbgrader["grade_id"]
        for c in source.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")
    }
    assert set(ALTERNATIVE) == set(WRONG_VALUES) == set(WRONG_TYPES) == answers


def test_heading_points_match_the_test_cells(source):
    """'### Soal N.M (P poin)' equals the points of the graded cells that follow it."""
    totals = ModuleGrader(source, {}, None).heading_points()
    assert len(totals) == 9 and all(said == counted for said, counted in totals.values()), totals


def test_source_runs_clean_and_earns_full_marks(kernel, source):
    errors = [
        c.metadata.nbgrader["grade_id"]
        for c in kernel.nb.cells
        if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)
    ]
    assert not errors, errors
    short = {
        gid: determine_grade(kernel.cells[gid])
        for gid, points in _grade_cells(source).items()
        if determine_grade(kernel.cells[gid])[0] != points
    }
    assert not short, short


def test_alternative_methods_earn_full_marks_in_the_cycle(cycle_result, source):
    grades = {g.grade_id: g.score for g in cycle_result.by_student()["ani"].grades}
    short = {k: (grades.get(k), m) for k, m in _grade_cells(source).items() if grades.get(k) != m}
    assert not short, f"cara lain yang benar tidak dapat nilai penuh: {short}"


def test_feedback_shows_no_hidden_tests(cycle_result):
    (feedback,) = cycle_result.by_student()["ani"].feedback
    text = feedback.read_text(encoding="utf-8")
    assert "kalender_juli_porsi_lapisan" in text
    for secret in ("HIDDEN TESTS", "_benar = ", "_peta = "):
        assert secret not in text, secret


def test_release_holds_no_solutions_rubrics_or_hidden_tests(source):
    released = course_root() / "release" / ASSIGNMENT / NOTEBOOK
    text = released.read_text(encoding="utf-8")
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "Rubrik penilaian", "Contoh jawaban"):
        assert secret not in text, secret
    nb = nbformat.read(released, as_version=4)
    assert _grade_cells(nb) == _grade_cells(source)


@pytest.mark.parametrize("kind", ["nilai_salah", "tipe_curang"])
@pytest.mark.parametrize("answer_id", sorted(ALTERNATIVE))
def test_wrong_answers_earn_nothing_on_their_cells_only(kernel, kind, answer_id):
    code, zero = (WRONG_VALUES if kind == "nilai_salah" else WRONG_TYPES)[answer_id]
    scores = kernel.grade(answer_id, code)
    assert set(zero) <= set(scores), (zero, scores)
    expected = {test: 0.0 if test in zero else kernel.points(test) for test in scores}
    assert scores == expected, scores


# Every calendar with the constraints it breaks: valid ones none, broken ones exactly one,
# hopeless ones (not a table, empty, unanswered) all five.
CALENDAR_CASES = {
    **{f"sah_{name}": (code, []) for name, code in VALID_CALENDARS.items()},
    **{f"rusak_{name}": (code, [test]) for name, (code, test) in BROKEN_CALENDARS.items()},
    **{f"nol_{name}": (code, CALENDAR_TESTS) for name, code in HOPELESS_CALENDARS.items()},
}


@pytest.mark.parametrize("name", sorted(CALENDAR_CASES))
def test_calendar_loses_exactly_the_points_of_the_constraints_it_breaks(kernel, name):
    code, broken = CALENDAR_CASES[name]
    scores = kernel.grade("kalender_juli_jawaban", code, CALENDAR_TESTS)
    assert scores == {test: 0.0 if test in broken else 1.0 for test in CALENDAR_TESTS}, scores


@pytest.mark.parametrize("name", sorted(MORE_MISTAKES))
def test_more_mistakes_lose_the_right_points(kernel, name):
    answer_id, expression, expected = MORE_MISTAKES[name]
    solution = kernel.solutions[answer_id]
    if expression is None:
        code = solution + "\njumlah_akun_jauh = float(jumlah_akun_jauh)\n"
    else:
        variable = re.findall(r"^(\w+) =", solution, re.MULTILINE)[-1]
        code = f"{variable} = {expression}\n"
    scores = kernel.grade(answer_id, code, list(expected))
    assert scores == {k: float(v) for k, v in expected.items()}, scores


def test_the_calendar_helper_agrees_with_the_graded_cells(kernel):
    """periksa_kalender (shown to trainees) marks the same constraints as the graded cells."""
    for code, broken in [(VALID_CALENDARS["solusi"], None), *BROKEN_CALENDARS.values()]:
        kernel.run("kalender_juli_jawaban", code)
        output = kernel.run("kalender_juli_jawaban", "periksa_kalender(kalender_juli)").outputs
        text = "".join(o.get("text", "") for o in output)
        failed = [line.split(" ", 1)[0] for line in text.splitlines() if "✘" in line]
        expected = [] if broken is None else [str(CALENDAR_TESTS.index(broken) + 1)]
        assert failed == expected, (broken, text)

"""Module 01 (the four publication goals) grades fairly: other correct methods earn full
marks, and common wrong answers or cheating objects earn nothing on the cells they touch.

Each simulated trainee is the released notebook answered with the source's solutions,
except for the answer cells replaced below; it is autograded by nbgrader itself in a
scratch copy of the course (the same path as ``medsos build``), so scores are exactly
what an instructor's gradebook would hold.
"""

from __future__ import annotations

import pytest
from module_fairness import CHEATS, FairnessSuite

# nbgrader's gradebook emits SQLAlchemy session warnings on every autograde.
pytestmark = pytest.mark.filterwarnings("ignore:Object of type")

ASSIGNMENT = "01-tujuan-publikasi"

# Another correct method for every autograded question (differences of month-end
# followers, loops, pivot_table, crosstab, ISO weeks, whole days, periods, rounding as the
# text allows). Each is self-contained where a later question reuses an earlier answer.
ALTERNATIVE = {
    "bersih_bulanan_jawaban": """
seri = pengikut_harian[pengikut_harian["akun_id"] == "AK22"].set_index("tanggal")["pengikut"]
akhir_bulan = seri.loc["2023-12-31":"2024-12-31"].resample("ME").last()
bersih_bulanan = akhir_bulan.diff().dropna().astype(int)
""",
    "laju_pertumbuhan_jawaban": """
hasil = {}
for kode, data in pengikut_harian.groupby("akun_id"):
    seri = data.set_index("tanggal")["pengikut"]
    awal = seri[pd.Timestamp("2023-12-31")]
    hasil[kode] = round((seri[pd.Timestamp("2024-12-31")] - awal) / awal * 100, 2)
laju_pertumbuhan = pd.Series(hasil)
""",
    "laju_per_platform_jawaban": """
tabel = laju_pertumbuhan.rename("laju").to_frame().join(akun.set_index("akun_id")["platform"])
laju_per_platform = (
    tabel.pivot_table(index="platform", values="laju", aggfunc="median")["laju"]
    .sort_values(ascending=False)
    .round(2)
)
""",
    "er_akun_jawaban": """
d = posting_2024.copy()
d["interaksi"] = d[["suka", "komentar", "bagikan", "simpan"]].sum(axis=1)
d["er_jangkauan"] = d["interaksi"] / d["jangkauan"] * 100
d["er_pengikut"] = d["interaksi"] / d["pengikut_saat_unggah"] * 100
d["er_tayangan"] = d["interaksi"] / d["tayangan"] * 100
er_akun = d.pivot_table(
    index="akun_id", values=["er_tayangan", "er_jangkauan", "er_pengikut"], aggfunc="median"
).round(2)
""",
    "peringkat_jawaban": """
d = posting_2024.assign(i=posting_2024[["suka", "komentar", "bagikan", "simpan"]].sum(axis=1))
med_j, med_p = {}, {}
for kode, g in d.groupby("akun_id"):
    med_j[kode] = (g["i"] / g["jangkauan"]).median()
    med_p[kode] = (g["i"] / g["pengikut_saat_unggah"]).median()
urut_j = sorted(med_j, key=med_j.get, reverse=True)
urut_p = sorted(med_p, key=med_p.get, reverse=True)
teratas_jangkauan, teratas_pengikut = urut_j[0], urut_p[0]
jumlah_berubah_peringkat = sum(urut_j.index(k) != urut_p.index(k) for k in med_j)
""",
    "er_per_topik_jawaban": """
d = posting_2024.assign(
    err=(posting_2024["suka"] + posting_2024["komentar"] + posting_2024["bagikan"]
         + posting_2024["simpan"]) / posting_2024["jangkauan"] * 100
)
hasil = {topik: g["err"].median() for topik, g in d.groupby("topik")}
er_per_topik = pd.Series(hasil).sort_values(ascending=False).round(2)
""",
    "sentimen_akun_jawaban": """
t = pd.crosstab(komentar_2024["akun_id"], komentar_2024["sentimen"], normalize="index") * 100
skor = komentar_2024["sentimen"].map({"positif": 1, "netral": 0, "negatif": -1})
sentimen_akun = pd.DataFrame(
    {"sentimen_bersih": skor.groupby(komentar_2024["akun_id"]).mean() * 100,
     "porsi_positif": t["positif"]}
).round(2)
""",
    "konsistensi_jawaban": """
w = posting["waktu_unggah"]
d = posting[(w >= "2024-01-01") & (w <= "2024-12-29 23:59")]
minggu = d["waktu_unggah"].dt.isocalendar().week
porsi = minggu.groupby(d["akun_id"]).nunique() / 52 * 100
jeda = {}
for kode, g in posting_2024.groupby("akun_id"):
    jeda[kode] = g["waktu_unggah"].sort_values().diff().dt.days.max()
konsistensi = pd.DataFrame(
    {"porsi_minggu_aktif": porsi.round(2), "jeda_terpanjang": pd.Series(jeda)}
)
""",
    "rapor_jawaban": """
rapor = pd.concat(
    [laju_pertumbuhan.rename("laju_pertumbuhan"), er_akun["er_jangkauan"],
     sentimen_akun["porsi_positif"], konsistensi["porsi_minggu_aktif"]],
    axis=1,
).round(2)
""",
}

# Correct 2024 figures for wrong answers that must not lean on another wrong answer:
# follower growth, and engagement (``posting_2024`` exists from Section 3 on).
LAJU_BENAR_2024 = """
_ph = pengikut_harian.set_index(["tanggal", "akun_id"])["pengikut"]
_awal = _ph.xs(pd.Timestamp("2023-12-31"))
_akhir = _ph.xs(pd.Timestamp("2024-12-31"))
_laju = (_akhir - _awal) / _awal * 100
"""
ER_BENAR_2024 = """
_i = posting_2024[["suka", "komentar", "bagikan", "simpan"]].sum(axis=1)
_err = pd.DataFrame({
    "j": _i / posting_2024["jangkauan"] * 100,
    "p": _i / posting_2024["pengikut_saat_unggah"] * 100,
}).groupby(posting_2024["akun_id"]).median()
"""

# Common mistakes; each maps an answer cell to (wrong code, test cells that must score 0).
WRONG_VALUES = {
    "bersih_bulanan_jawaban": (  # gains only, losses forgotten
        """
ph = pengikut_harian
f = ph[(ph["akun_id"] == "AK22") & (ph["tanggal"].dt.year == 2024)]
bersih_bulanan = f.resample("ME", on="tanggal")["bertambah"].sum()
""",
        ["bersih_bulanan_total", "bersih_bulanan_nilai"],
    ),
    "laju_pertumbuhan_jawaban": (  # a fraction: forgot x 100
        LAJU_BENAR_2024 + "laju_pertumbuhan = _laju / 100\n",
        ["laju_pertumbuhan_nilai"],
    ),
    "laju_per_platform_jawaban": (  # mean instead of median
        LAJU_BENAR_2024
        + "laju_per_platform = _laju.groupby(akun.set_index('akun_id')['platform']).mean()"
        ".sort_values(ascending=False)\n",
        ["laju_per_platform_nilai", "laju_per_platform_urut"],
    ),
    "er_akun_jawaban": (  # mean instead of median
        """
i = posting_2024[["suka", "komentar", "bagikan", "simpan"]].sum(axis=1)
er_akun = pd.DataFrame({
    "er_jangkauan": i / posting_2024["jangkauan"] * 100,
    "er_pengikut": i / posting_2024["pengikut_saat_unggah"] * 100,
    "er_tayangan": i / posting_2024["tayangan"] * 100,
}).groupby(posting_2024["akun_id"]).mean()
""",
        ["er_akun_jangkauan", "er_akun_pengikut_tayangan"],
    ),
    "peringkat_jawaban": (  # lowest instead of highest; counted the unchanged ranks
        ER_BENAR_2024
        + """
teratas_jangkauan, teratas_pengikut = _err["j"].idxmin(), _err["p"].idxmin()
jumlah_berubah_peringkat = int((_err["j"].rank() == _err["p"].rank()).sum())
""",
        ["peringkat_teratas", "peringkat_berubah"],
    ),
    "er_per_topik_jawaban": (  # every year instead of 2024
        """
i = posting[["suka", "komentar", "bagikan", "simpan"]].sum(axis=1)
er_per_topik = (i / posting["jangkauan"] * 100).groupby(posting["topik"]).median()
er_per_topik = er_per_topik.sort_values(ascending=False)
""",
        ["er_per_topik_nilai", "er_per_topik_urut"],
    ),
    "sentimen_akun_jawaban": (  # neutral comments left out of the denominator
        """
t = pd.crosstab(komentar_2024["akun_id"], komentar_2024["sentimen"])
sentimen_akun = pd.DataFrame({
    "porsi_positif": t["positif"] / (t["positif"] + t["negatif"]) * 100,
    "sentimen_bersih": (t["positif"] - t["negatif"]) / (t["positif"] + t["negatif"]) * 100,
})
""",
        ["sentimen_akun_porsi_positif", "sentimen_akun_sentimen_bersih"],
    ),
    "konsistensi_jawaban": (  # weeks without posts dropped; gaps across all accounts at once
        """
d = posting[(posting["waktu_unggah"] >= "2024-01-01") & (posting["waktu_unggah"] < "2024-12-30")]
per_minggu = d.groupby(["akun_id", pd.Grouper(key="waktu_unggah", freq="W-SUN")]).size()
jeda = posting_2024["waktu_unggah"].sort_values().diff() / pd.Timedelta(days=1)
aktif = (per_minggu >= 1).groupby(level="akun_id").mean() * 100
konsistensi = pd.DataFrame({"porsi_minggu_aktif": aktif})
konsistensi["jeda_terpanjang"] = jeda.groupby(posting_2024["akun_id"]).max()
""",
        ["konsistensi_porsi", "konsistensi_jeda"],
    ),
    "rapor_jawaban": (  # columns in another order
        """
rapor = pd.DataFrame({
    "er_jangkauan": er_akun["er_jangkauan"], "laju_pertumbuhan": laju_pertumbuhan,
    "porsi_positif": sentimen_akun["porsi_positif"],
    "porsi_minggu_aktif": konsistensi["porsi_minggu_aktif"],
})
""",
        ["rapor_bentuk", "rapor_nilai"],
    ),
}

# Wrong types and objects built to fool a comparison (classes from module_fairness.CHEATS).
AKUN = """
AKUN = sorted(akun["akun_id"])
"""
WRONG_TYPES = {
    "bersih_bulanan_jawaban": (  # a plain list of the right numbers
        CHEATS
        + AKUN
        + """
ph = pengikut_harian
f = ph[(ph["akun_id"] == "AK22") & (ph["tanggal"].dt.year == 2024)]
bersih_bulanan = list((f["bertambah"] - f["berkurang"]).groupby(f["tanggal"].dt.month).sum())
""",
        ["bersih_bulanan_total", "bersih_bulanan_nilai"],
    ),
    "laju_pertumbuhan_jawaban": (
        "laju_pertumbuhan = SeriesCurang([1.0] * 25, index=AKUN)\n",
        ["laju_pertumbuhan_bentuk", "laju_pertumbuhan_nilai"],
    ),
    "laju_per_platform_jawaban": (  # a dict, not a Series
        "laju_per_platform = {'instagram': 28.66, 'tiktok': 25.06, 'youtube': 6.13, "
        "'facebook': 4.13, 'x': -10.09}\n",
        ["laju_per_platform_nilai", "laju_per_platform_urut"],
    ),
    "er_akun_jawaban": (
        "er_akun = TabelCurang(1.0, index=AKUN, columns=['er_jangkauan', 'er_pengikut', "
        "'er_tayangan'])\n",
        ["er_akun_bentuk", "er_akun_jangkauan", "er_akun_pengikut_tayangan"],
    ),
    "peringkat_jawaban": (
        "teratas_jangkauan = TeksCurang('AK01')\nteratas_pengikut = SelaluSama()\n"
        "jumlah_berubah_peringkat = AngkaCurang(1.0)\n",
        ["peringkat_teratas", "peringkat_berubah"],
    ),
    "er_per_topik_jawaban": (  # a one-column table, not a Series
        """
d = posting_2024.assign(err=posting_2024[["suka", "komentar", "bagikan", "simpan"]].sum(axis=1)
                        / posting_2024["jangkauan"] * 100)
er_per_topik = d.pivot_table(index="topik", values="err", aggfunc="median").sort_values(
    "err", ascending=False)
""",
        ["er_per_topik_nilai", "er_per_topik_urut"],
    ),
    "sentimen_akun_jawaban": (
        "sentimen_akun = TabelCurang(1.0, index=AKUN, columns=['porsi_positif', "
        "'sentimen_bersih'])\n",
        ["sentimen_akun_bentuk", "sentimen_akun_porsi_positif", "sentimen_akun_sentimen_bersih"],
    ),
    "konsistensi_jawaban": (
        "konsistensi = TabelCurang(1.0, index=AKUN, columns=['porsi_minggu_aktif', "
        "'jeda_terpanjang'])\n",
        ["konsistensi_bentuk", "konsistensi_porsi", "konsistensi_jeda"],
    ),
    "rapor_jawaban": (
        "rapor = TabelCurang(1.0, index=AKUN, columns=['laju_pertumbuhan', 'er_jangkauan', "
        "'porsi_positif', 'porsi_minggu_aktif'])\n",
        ["rapor_bentuk", "rapor_nilai"],
    ),
}


class TestFairness(FairnessSuite):
    assignment = ASSIGNMENT
    alternative = ALTERNATIVE
    wrong_values = WRONG_VALUES
    wrong_types = WRONG_TYPES
    questions = 11


# The figures the prose quotes are checked for every module by test_module_prose.py.

"""Module 02 (trend shifts) grades fairly: other correct methods earn full marks, and
common wrong answers or cheating objects earn nothing on the cells they touch.

Each simulated trainee is the released notebook answered with the source's solutions,
except for the answer cells replaced below; it is autograded by nbgrader itself in a
scratch copy of the course (the same path as ``medsos build``), so scores are exactly
what an instructor's gradebook would hold.
"""

from __future__ import annotations

import pytest
from module_fairness import CHEATS, FairnessSuite

# nbgrader's gradebook emits SQLAlchemy session warnings on every autograde.
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:Object of type")]

ASSIGNMENT = "02-pergeseran-tren"

# Another correct method for every autograded question (loops, pivot_table, resample,
# mean of booleans, periods instead of dates, rounding as the text allows).
ALTERNATIVE = {
    "fb_bulanan_jawaban": """
fb = posting[(posting["platform"] == "facebook") & (posting["waktu_unggah"] < "2020-01-01")]
fb_bulanan = fb.groupby(fb["waktu_unggah"].dt.to_period("M"))["jangkauan_per_pengikut"].median()
""",
    "penurunan_fb_jawaban": """
import numpy as np
fb = posting.query("platform == 'facebook'")
tahun, bulan = fb["waktu_unggah"].dt.year, fb["waktu_unggah"].dt.month
rasio = fb["jangkauan"] / fb["pengikut_saat_unggah"]
sebelum = float(np.median(rasio[tahun == 2017]))
sesudah = float(np.median(rasio[(tahun == 2018) & (bulan >= 2)]))
penurunan_fb = round(100 * (sebelum - sesudah) / sebelum, 2)
median_fb_sebelum, median_fb_sesudah = round(sebelum, 3), round(sesudah, 3)
""",
    "rasio_video_foto_jawaban": """
ig = posting[posting["platform"] == "instagram"]
hasil = {}
for tahun in range(2021, 2025):
    d = ig[ig["waktu_unggah"].dt.year == tahun]
    video = d.loc[d["format"] == "video_pendek", "jangkauan"].median()
    hasil[tahun] = video / d.loc[d["format"] == "foto", "jangkauan"].median()
rasio_video_foto = pd.Series(hasil).round(3)
""",
    "rasio_karusel_foto_jawaban": """
ig = posting[posting["platform"] == "instagram"].copy()
ig["tahun"] = ig["waktu_unggah"].dt.year
ig["keterlibatan"] = (ig["suka"] + ig["komentar"] + ig["bagikan"] + ig["simpan"]) / ig["jangkauan"]
tabel = ig.groupby(["tahun", "format"])["keterlibatan"].median().unstack()
rasio_karusel_foto = tabel.loc[2017:2024, "karusel"] / tabel.loc[2017:2024, "foto"]
""",
    "platform_per_usia_jawaban": """
platform_per_usia = (
    survei.groupby("kelompok_usia")["platform_utama"].value_counts(normalize=True).unstack() * 100
).round(2)
""",
    "platform_teratas_jawaban": """
teratas = {}
for usia, kelompok in survei.groupby("kelompok_usia"):
    teratas[usia] = kelompok["platform_utama"].value_counts().idxmax()
platform_teratas = pd.Series(teratas)
""",
    "pertumbuhan_x_jawaban": """
gabung = pengikut.merge(akun[["akun_id", "platform"]], on="akun_id")
harian_x = gabung[gabung["platform"] == "x"].groupby("tanggal")["pengikut"].sum()
akhir = harian_x.resample("YE").last()
akhir.index = akhir.index.year
pertumbuhan_x = ((akhir - akhir.shift(1)) / akhir.shift(1) * 100).loc[2018:2024].round(2)
""",
    "perubahan_err_x_jawaban": """
x = posting[posting["platform"] == "x"]
sebelum = x.loc[x["waktu_unggah"].between("2021-01-01", "2022-10-31 23:59:59"), "err"].median()
sesudah = x.loc[x["waktu_unggah"].dt.year >= 2023, "err"].median()
perubahan_err_x = round(float((sesudah - sebelum) / sebelum * 100), 2)
""",
    "kebutuhan_audiens_jawaban": """
kebutuhan_audiens = (survei.groupby("kebutuhan_utama").size() / len(survei) * 100).round(2)
""",
    "tujuan_instansi_jawaban": """
w = posting["waktu_unggah"]
d = posting[(w >= "2024-01-01") & (w <= "2024-12-31 23:59")]
tujuan_instansi = pd.Series(
    {k: (d["tujuan"] == k).mean() * 100 for k in ["lainnya", "informasi", "hiburan"]}
).round(2)
selisih_poin = tujuan_instansi - kebutuhan_audiens.round(2)
""",
    "err_per_jam_jawaban": """
tabel = posting.assign(jam=posting["waktu_unggah"].dt.hour).pivot_table(
    index="jam", values="err", aggfunc="median"
)
err_per_jam = tabel["err"].round(2)
""",
    "blok_terbaik_jawaban": """
posting["blok"] = [BLOK_JAM[j] for j in posting["waktu_unggah"].dt.hour]
err_per_blok = posting.pivot_table(index="blok", values="err", aggfunc="median")["err"]
blok_terbaik = err_per_blok.sort_values().index[-1]
""",
    "perubahan_semu_jawaban": "perubahan_semu = round((139 / 191 - 1) * 100, 2)\n",
}

# Common mistakes; each maps an answer cell to (wrong code, test cells that must score 0).
WRONG_VALUES = {
    "fb_bulanan_jawaban": (
        """
fb = posting[posting["platform"] == "facebook"]
fb_bulanan = fb.set_index("waktu_unggah")["jangkauan_per_pengikut"].resample("ME").mean()
fb_bulanan = fb_bulanan.loc["2017-01":"2019-12"]
""",
        ["fb_bulanan_nilai"],
    ),
    "penurunan_fb_jawaban": (  # January 2018 kept in the "after" period
        """
fb = posting[posting["platform"] == "facebook"]
w = fb["waktu_unggah"]
median_fb_sebelum = fb.loc[w.dt.year == 2017, "jangkauan_per_pengikut"].median()
median_fb_sesudah = fb.loc[w.dt.year == 2018, "jangkauan_per_pengikut"].median()
penurunan_fb = (1 - median_fb_sesudah / median_fb_sebelum) * 100
""",
        ["median_fb_nilai", "penurunan_fb_nilai"],
    ),
    "rasio_video_foto_jawaban": (  # mean instead of median
        """
t = ig.pivot_table(index=ig["waktu_unggah"].dt.year, columns="format", values="jangkauan")
rasio_video_foto = (t["video_pendek"] / t["foto"]).loc[2021:2024]
""",
        ["rasio_video_foto_nilai"],
    ),
    "rasio_karusel_foto_jawaban": (  # reach instead of engagement rate
        """
rasio_karusel_foto = (jangkauan_format["karusel"] / jangkauan_format["foto"]).loc[2017:2024]
""",
        ["rasio_karusel_foto_nilai"],
    ),
    "platform_per_usia_jawaban": (  # normalised per column
        """
platform_per_usia = (
    pd.crosstab(survei["kelompok_usia"], survei["platform_utama"], normalize="columns") * 100
)
""",
        ["platform_per_usia_baris", "platform_per_usia_nilai"],
    ),
    "platform_teratas_jawaban": (  # wrong axis
        "platform_teratas = pd.crosstab(survei['kelompok_usia'], survei['platform_utama'])"
        ".idxmax()\n",
        ["platform_teratas_nilai"],
    ),
    "pertumbuhan_x_jawaban": (  # forgot x 100
        """
akun_x = akun.loc[akun["platform"] == "x", "akun_id"]
total_x = pengikut[pengikut["akun_id"].isin(akun_x)].groupby("tanggal")["pengikut"].sum()
akhir = total_x[(total_x.index.month == 12) & (total_x.index.day == 31)]
akhir.index = akhir.index.year
pertumbuhan_x = akhir.pct_change().loc[2018:2024]
""",
        ["pertumbuhan_x_nilai"],
    ),
    "perubahan_err_x_jawaban": (  # mean instead of median
        """
x = posting[posting["platform"] == "x"]
a = x.loc[(x["waktu_unggah"] >= "2021-01-01") & (x["waktu_unggah"] < "2022-11-01"), "err"].mean()
b = x.loc[x["waktu_unggah"] >= "2023-01-01", "err"].mean()
perubahan_err_x = (b / a - 1) * 100
""",
        ["perubahan_err_x_nilai"],
    ),
    "kebutuhan_audiens_jawaban": (  # fraction, not percent
        "kebutuhan_audiens = survei['kebutuhan_utama'].value_counts(normalize=True)\n",
        ["kebutuhan_audiens_nilai"],
    ),
    "tujuan_instansi_jawaban": (  # every year instead of 2024; sign of the gap reversed
        """
tujuan_instansi = posting["tujuan"].value_counts(normalize=True) * 100
selisih_poin = survei["kebutuhan_utama"].value_counts(normalize=True) * 100 - tujuan_instansi
""",
        ["tujuan_instansi_nilai", "selisih_poin_nilai"],
    ),
    "err_per_jam_jawaban": (  # mean instead of median
        "err_per_jam = posting.groupby(posting['waktu_unggah'].dt.hour)['err'].mean()\n",
        ["err_per_jam_nilai"],
    ),
    "blok_terbaik_jawaban": (  # median of hourly medians; the best block is still right
        """
per_jam = posting.groupby(posting["waktu_unggah"].dt.hour)["err"].median()
err_per_blok = per_jam.groupby(per_jam.index.map(BLOK_JAM)).median()
blok_terbaik = err_per_blok.idxmax()
""",
        ["err_per_blok_nilai"],
    ),
    "perubahan_semu_jawaban": (  # divided by the new figure
        "perubahan_semu = (139 - 191) / 139 * 100\n",
        ["perubahan_semu_nilai"],
    ),
}

# Wrong types and objects built to fool a comparison (classes from module_fairness.CHEATS).
WRONG_TYPES = {
    "fb_bulanan_jawaban": (
        CHEATS + "fb_bulanan = SeriesCurang([0.5] * 36, "
        "index=pd.date_range('2017-01-31', periods=36, freq='ME'))\n",
        ["fb_bulanan_nilai"],
    ),
    "penurunan_fb_jawaban": (
        "median_fb_sebelum = AngkaCurang(0.5)\nmedian_fb_sesudah = SelaluSama()\n"
        "penurunan_fb = '43'\n",
        ["median_fb_nilai", "penurunan_fb_nilai"],
    ),
    "rasio_video_foto_jawaban": (  # index of year-end dates, not years
        """
r = ig.set_index("waktu_unggah").groupby("format")["jangkauan"].resample("YE").median().unstack(0)
rasio_video_foto = (r["video_pendek"] / r["foto"]).loc["2021":"2024"]
""",
        ["rasio_video_foto_nilai"],
    ),
    "rasio_karusel_foto_jawaban": (  # right numbers written as text
        """
tahun = ig["waktu_unggah"].dt.year
t = ig.pivot_table(index=tahun, columns="format", values="err", aggfunc="median")
rasio_karusel_foto = (t["karusel"] / t["foto"]).loc[2017:2024].astype(str)
""",
        ["rasio_karusel_foto_nilai"],
    ),
    "platform_per_usia_jawaban": (
        "platform_per_usia = TabelCurang(np.full((5, 6), 1.0), "
        "index=sorted(survei['kelompok_usia'].unique()), "
        "columns=sorted(survei['platform_utama'].unique()))\n",
        ["platform_per_usia_baris", "platform_per_usia_nilai"],
    ),
    "platform_teratas_jawaban": (
        "platform_teratas = pd.Series([SelaluSama()] * 5, "
        "index=sorted(survei['kelompok_usia'].unique()))\n",
        ["platform_teratas_nilai"],
    ),
    "pertumbuhan_x_jawaban": (
        "pertumbuhan_x = SeriesCurang([0.0] * 7, index=range(2018, 2025))\n",
        ["pertumbuhan_x_nilai"],
    ),
    "perubahan_err_x_jawaban": ("perubahan_err_x = AngkaCurang(-1.0)\n", ["perubahan_err_x_nilai"]),
    "kebutuhan_audiens_jawaban": (
        "kebutuhan_audiens = {'hiburan': 49.0, 'informasi': 43.0, 'lainnya': 8.0}\n",
        ["kebutuhan_audiens_nilai"],
    ),
    "tujuan_instansi_jawaban": (
        "tujuan_instansi = SelaluSama()\nselisih_poin = SeriesCurang([0.0] * 3, "
        "index=['hiburan', 'informasi', 'lainnya'])\n",
        ["tujuan_instansi_nilai", "selisih_poin_nilai"],
    ),
    "err_per_jam_jawaban": (  # a one-column table, not a Series
        "err_per_jam = posting.assign(jam=posting['waktu_unggah'].dt.hour)"
        ".pivot_table(index='jam', values='err', aggfunc='median')\n",
        ["err_per_jam_nilai"],
    ),
    "blok_terbaik_jawaban": (
        "err_per_blok = SeriesCurang(1.0, index=sorted(set(BLOK_JAM.values()) - {'01-03'}))\n"
        "blok_terbaik = TeksCurang('07-09')\n",
        ["err_per_blok_nilai", "blok_terbaik_nilai"],
    ),
    "perubahan_semu_jawaban": ("perubahan_semu = np.array([-27.23])\n", ["perubahan_semu_nilai"]),
}


class TestFairness(FairnessSuite):
    assignment = ASSIGNMENT
    alternative = ALTERNATIVE
    wrong_values = WRONG_VALUES
    wrong_types = WRONG_TYPES
    questions = 15

"""Module 04 (crisis communication) grades fairly: other correct methods earn full marks, and
common wrong answers or cheating objects earn nothing on the cells they touch.

Each simulated trainee is the released notebook answered with the source's solutions,
except for the answer cells replaced below; it is autograded by nbgrader itself in a
scratch copy of the course (the same path as ``medsos build``), so scores are exactly
what an instructor's gradebook would hold. Every replacement is self-contained (it reads
only ``komentar``, ``akun`` and the notebook's helpers), so one wrong answer cannot leak
into another question's score.
"""

from __future__ import annotations

from module_fairness import CHEATS, FairnessSuite

ASSIGNMENT = "04-krisis-komunikasi"

# A different lexicon and a different negation rule (a window of two words, weights, a
# phrase table): any scorer that meets the stated behaviour and accuracy earns full marks.
OTHER_SCORER = """
BOBOT = {
    "membantu": 2, "bagus": 1, "cepat": 1, "jelas": 1, "terima": 1, "mudah": 1, "salut": 2,
    "sigap": 1, "nuwun": 2, "suwun": 2, "apik": 2, "sakalangkong": 2, "normal": 1,
    "diperbaiki": 1, "berlanjut": 1, "mengecewakan": -1, "beres": 1, "bisa": 1, "iso": 1,
    "lambat": -2, "kecewa": -2, "bingung": -1, "parah": -2, "error": -2, "buruk": -1,
    "mbulet": -2, "elek": -2, "diabaikan": -2, "terlambat": -1, "down": -2, "kacau": -2,
    "gagal": -2, "panik": -1, "korupsi": -2, "dipotong": -1, "berlubang": -2,
}
FRASA = {"belum ada tindak lanjut": -2, "tidak peduli": -1, "baru dilayani": -2}
PENYANGKAL = {"tidak", "tak", "bukan", "belum", "kurang", "jangan", "ora", "durung", "ta'"}


def skor_sentimen(teks: str) -> str:
    kecil = teks.lower()
    nilai = sum(v for frasa, v in FRASA.items() if frasa in kecil)
    kata = re.findall(r"[a-z']+", kecil)
    for i, k in enumerate(kata):
        bobot = BOBOT.get(k, 0)
        if any(w in PENYANGKAL for w in kata[max(0, i - 2):i]):
            bobot = -bobot
        nilai += bobot
    return "positif" if nilai > 0 else ("negatif" if nilai < 0 else "netral")
"""

ALTERNATIVE = {
    "komentar_harian_jawaban": """
tgl = komentar["waktu_komentar"].dt.date
silang = pd.crosstab(tgl, komentar["sentimen"])
komentar_harian = pd.DataFrame({"jumlah": silang.sum(axis=1), "negatif": silang["negatif"]})
porsi = komentar_harian["negatif"] / komentar_harian["jumlah"] * 100
komentar_harian["porsi_negatif"] = porsi.round(4)
""",
    "z_negatif_jawaban": """
neg = (komentar["sentimen"] == "negatif").groupby(komentar["tanggal"]).sum().astype(float)
rata = neg.rolling(14, closed="left").mean()
sd = neg.rolling(14, closed="left").std()
z_negatif = (neg - rata) / sd
hari_waspada = []
for tanggal, z in z_negatif.items():
    if z > 3:
        hari_waspada.append(tanggal.strftime("%Y-%m-%d"))
""",
    "hari_krisis_jawaban": """
neg = komentar.assign(neg=komentar["sentimen"] == "negatif").groupby("tanggal")["neg"]
h = neg.agg(banyak="sum", porsi="mean")
hari_krisis = [t for t in h.query("porsi > 0.6 and banyak >= 20").index]
""",
    "negatif_per_instansi_jawaban": """
nama = dict(zip(akun["akun_id"], akun["instansi"]))
w = komentar["waktu_komentar"]
d = komentar[(w >= "2024-07-08") & (w < "2024-07-11") & (komentar["sentimen"] == "negatif")]
negatif_per_instansi = d["akun_id"].map(nama).to_frame("instansi").groupby("instansi").size()
negatif_per_instansi = negatif_per_instansi.sort_values(ascending=False)
""",
    "balasan_keluhan_jawaban": """
import numpy as np
dibalas, dalam_batas, menit = 0, 0, []
semua = komentar.query("kategori == 'keluhan'")
for d, m in zip(semua["dibalas"], semua["menit_balasan"]):
    if d:
        dibalas += 1
        menit.append(m)
        if m <= 2880:
            dalam_batas += 1
porsi_keluhan_dibalas = round(100 * dibalas / len(semua), 2)
median_menit_keluhan = float(np.median(menit))
porsi_keluhan_2x24jam = round(100 * dalam_batas / len(semua), 2)
""",
    "porsi_besok_jawaban": """
hari = sorted(komentar["tanggal"].unique())
porsi, median = {}, {}
for t in hari:
    d = komentar[komentar["tanggal"] == t]
    porsi[t] = (d["sentimen"] == "negatif").sum() / len(d) * 100
    median[t] = d["menit_balasan"].median()
cepat, lambat = [], []
for t, besok in zip(hari[:-1], hari[1:]):
    if pd.Timestamp("2024-07-07") <= t <= pd.Timestamp("2024-07-12"):
        continue
    if median[t] <= 120:
        cepat.append(porsi[besok])
    elif median[t] > 480:
        lambat.append(porsi[besok])
porsi_besok_cepat = round(sum(cepat) / len(cepat), 1)
porsi_besok_lambat = round(sum(lambat) / len(lambat), 1)
""",
    "skor_sentimen_jawaban": OTHER_SCORER,
    "akurasi_jawaban": """
komentar["prediksi"] = [skor_sentimen(t) for t in komentar["teks"]]
akurasi = round(100 * sum(komentar["prediksi"] == komentar["sentimen"]) / len(komentar), 2)
matriks_kebingungan = komentar.groupby(["sentimen", "prediksi"]).size().unstack(fill_value=0)
matriks_kebingungan = matriks_kebingungan[sorted(matriks_kebingungan.columns, reverse=True)]
""",
}

# Common mistakes; each maps an answer cell to (wrong code, test cells that must score 0).
WRONG_VALUES = {
    "komentar_harian_jawaban": (  # share as a fraction 0-1
        """
komentar_harian = komentar.groupby("tanggal").agg(
    jumlah=("sentimen", "size"), negatif=("sentimen", lambda s: (s == "negatif").sum())
)
komentar_harian["porsi_negatif"] = komentar_harian["negatif"] / komentar_harian["jumlah"]
""",
        ["komentar_harian_porsi"],
    ),
    "z_negatif_jawaban": (  # baseline includes today (no shift), alarm at z >= 3
        """
neg = (komentar["sentimen"] == "negatif").groupby(komentar["tanggal"]).sum()
z_negatif = (neg - neg.rolling(14).mean()) / neg.rolling(14).std()
hari_waspada = list(z_negatif[z_negatif >= 3].index)
""",
        ["z_negatif_bentuk", "z_negatif_nilai", "hari_waspada_nilai"],
    ),
    "hari_krisis_jawaban": (  # share condition alone (small days slip in)
        """
porsi = (komentar["sentimen"] == "negatif").groupby(komentar["tanggal"]).mean() * 100
hari_krisis = list(porsi[porsi > 60].index)
""",
        ["hari_krisis_nilai"],
    ),
    "negatif_per_instansi_jawaban": (  # 10 July cut at midnight
        """
d = komentar.merge(akun, on="akun_id")
d = d[d["waktu_komentar"].between("2024-07-08", "2024-07-10") & (d["sentimen"] == "negatif")]
negatif_per_instansi = d["instansi"].value_counts()
""",
        ["negatif_per_instansi_nilai", "negatif_per_instansi_urut"],
    ),
    "balasan_keluhan_jawaban": (  # fraction; mean not median; answered-only denominator
        """
k = komentar[komentar["kategori"] == "keluhan"]
porsi_keluhan_dibalas = k["dibalas"].mean()
median_menit_keluhan = k["menit_balasan"].mean()
porsi_keluhan_2x24jam = (k["menit_balasan"].dropna() <= 2880).mean() * 100
""",
        [
            "porsi_keluhan_dibalas_nilai",
            "median_menit_keluhan_nilai",
            "porsi_keluhan_2x24jam_nilai",
        ],
    ),
    "porsi_besok_jawaban": (  # same-day share instead of next day's
        """
h = komentar.groupby("tanggal").agg(
    m=("menit_balasan", "median"), p=("sentimen", lambda s: (s == "negatif").mean() * 100)
)
h = h[(h.index < "2024-07-07") | (h.index > "2024-07-12")]
porsi_besok_cepat = h.loc[h["m"] <= 120, "p"].mean()
porsi_besok_lambat = h.loc[h["m"] > 480, "p"].mean()
""",
        ["porsi_besok_cepat_nilai", "porsi_besok_lambat_nilai"],
    ),
    "skor_sentimen_jawaban": (  # stop words dropped: negations vanish; starter lexicon only
        """
STOP = {"tidak", "tak", "bukan", "belum", "kurang", "jangan", "yang", "di", "ya", "min"}


def skor_sentimen(teks):
    skor = sum(LEKSIKON_AWAL.get(k, 0) for k in pecah_kata(teks) if k not in STOP)
    return "positif" if skor > 0 else ("negatif" if skor < 0 else "netral")
""",
        ["skor_sentimen_leksikon", "skor_sentimen_negasi", "skor_sentimen_akurasi"],
    ),
    "akurasi_jawaban": (  # fraction; gold and prediction swapped; totals row
        """
komentar["prediksi"] = komentar["teks"].apply(skor_sentimen)
akurasi = (komentar["prediksi"] == komentar["sentimen"]).mean()
matriks_kebingungan = pd.crosstab(komentar["prediksi"], komentar["sentimen"], margins=True)
""",
        ["akurasi_nilai", "matriks_kebingungan_nilai"],
    ),
}

TANGGAL = 'pd.date_range("2024-01-01", "2025-06-29", freq="D")'
WRONG_TYPES = {
    "komentar_harian_jawaban": (
        CHEATS + f"komentar_harian = TabelCurang({{'jumlah': 1.0, 'negatif': 1.0, "
        f"'porsi_negatif': 50.0}}, index={TANGGAL})\n",
        ["komentar_harian_hitungan", "komentar_harian_porsi"],
    ),
    "z_negatif_jawaban": (
        CHEATS + f"z_negatif = SeriesCurang(0.0, index={TANGGAL})\n"
        "hari_waspada = ListCurang([pd.Timestamp('2024-07-08')])\n",
        ["z_negatif_bentuk", "z_negatif_nilai", "hari_waspada_nilai"],
    ),
    "hari_krisis_jawaban": (  # the right days, but as one text
        "hari_krisis = '2024-07-08, 2024-07-09, 2024-07-10'\n",
        ["hari_krisis_nilai"],
    ),
    "negatif_per_instansi_jawaban": (  # a dict, not a Series
        "negatif_per_instansi = {'Dinas Pendidikan Jatim': 245}\n",
        ["negatif_per_instansi_nilai", "negatif_per_instansi_urut"],
    ),
    "balasan_keluhan_jawaban": (
        "porsi_keluhan_dibalas = AngkaCurang(50.0)\nmedian_menit_keluhan = SelaluSama()\n"
        "porsi_keluhan_2x24jam = pd.Series([72.1])\n",
        [
            "porsi_keluhan_dibalas_nilai",
            "median_menit_keluhan_nilai",
            "porsi_keluhan_2x24jam_nilai",
        ],
    ),
    "porsi_besok_jawaban": (
        "porsi_besok_cepat = '14.6'\nporsi_besok_lambat = AngkaCurang(35.0)\n",
        ["porsi_besok_cepat_nilai", "porsi_besok_lambat_nilai"],
    ),
    "skor_sentimen_jawaban": (  # returns a string that claims to equal every label
        "def skor_sentimen(teks):\n    return TeksCurang('netral')\n",
        ["skor_sentimen_leksikon", "skor_sentimen_negasi", "skor_sentimen_akurasi"],
    ),
    "akurasi_jawaban": (
        "komentar['prediksi'] = 'netral'\nakurasi = AngkaCurang(100.0)\n"
        "matriks_kebingungan = TabelCurang([[1.0]], index=['negatif'], columns=['negatif'])\n",
        ["akurasi_nilai", "matriks_kebingungan_nilai"],
    ),
}


# Not a lexicon: the human labels looked up by text (normalised like pecah_kata does), with
# the starter lexicon and negation as a fallback, so the table of the question still passes.
LOOKUP_SCORER = """
LABEL_MANUSIA = {" ".join(pecah_kata(t)): s for t, s in zip(komentar["teks"], komentar["sentimen"])}
negasi = KATA_NEGASI | {"ora", "durung", "ta'"}
leksikon = dict(LEKSIKON_AWAL, nuwun=1)


def skor_sentimen(teks):
    kata = pecah_kata(teks)
    if " ".join(kata) in LABEL_MANUSIA:
        return LABEL_MANUSIA[" ".join(kata)]
    skor = 0
    for i, k in enumerate(kata):
        nilai = leksikon.get(k, 0)
        skor += -nilai if i > 0 and kata[i - 1] in negasi else nilai
    return "positif" if skor > 0 else ("negatif" if skor < 0 else "netral")
"""


class TestFairness(FairnessSuite):
    assignment = ASSIGNMENT
    alternative = ALTERNATIVE
    wrong_values = WRONG_VALUES
    wrong_types = WRONG_TYPES
    not_autograded = frozenset({"grafik_z_jawaban"})  # a plot the trainee draws

    def test_looking_up_the_human_labels_is_not_a_lexicon(self, grader):
        """A scorer that looks the gold labels up reaches 100% but loses the accuracy point."""
        wrong = {"skor_sentimen_jawaban": (LOOKUP_SCORER, ["skor_sentimen_akurasi"])}
        leaked, broken = grader.unfair("contek_label", wrong)
        assert not leaked, f"mencontek label tetap dapat nilai: {leaked}"
        assert not broken, f"sel lain ikut kehilangan nilai: {broken}"

    def test_skipping_the_challenge_costs_only_its_own_points(self, grader):
        """The fallback Soal 5.1 offers to a trainee who skips the challenge (the example
        scorer) keeps every later question at full marks and loses only challenge points
        the example scorer does not earn."""
        skipped = {"skor_sentimen_jawaban": "skor_sentimen = skor_sederhana"}
        short = grader.short_of_full("lewati_tantangan", skipped)
        assert short and all(cell.startswith("skor_sentimen_") for cell in short), short
        assert "skor_sentimen_keluaran" not in short, short

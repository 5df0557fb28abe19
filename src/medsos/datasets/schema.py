"""The single source of truth for the sample datasets.

Every table is a pandera ``DataFrameSchema``. Each column carries a Bahasa Indonesia
``description`` and ``metadata={"satuan": ...}``; the data dictionary
(``datasets/README.md``) is generated from these schemas, and the tests validate every
CSV file against them.
"""

from __future__ import annotations

import pandera.pandas as pa

PLATFORM = ["instagram", "facebook", "tiktok", "x", "youtube"]
FORMAT = ["foto", "karusel", "video_pendek", "video_panjang", "teks", "tautan"]
LAPISAN = ["inti", "pendukung", "pelengkap"]
TUJUAN = ["hiburan", "informasi", "lainnya"]
# Topic (content pillar) -> content layer. The mapping is the course's own proposal
# (domain.md section 4): core = services, policies, achievements; supporting =
# explainers, leaders' activities, behind the scenes, reposts; complementary = greetings,
# quizzes, light and trending posts.
TOPIK_LAPISAN = {
    "layanan": "inti",
    "kebijakan": "inti",
    "capaian_program": "inti",
    "edukasi": "pendukung",
    "seremonial": "pendukung",
    "di_balik_layar": "pendukung",
    "repost_instansi": "pendukung",
    "ucapan_hari_besar": "pelengkap",
    "kuis": "pelengkap",
    "hiburan_tren": "pelengkap",
}
TOPIK = list(TOPIK_LAPISAN)
SENTIMEN = ["positif", "netral", "negatif"]
KATEGORI_KOMENTAR = ["pertanyaan", "keluhan", "apresiasi", "spam", "hoaks"]
KELOMPOK_USIA = ["15-24", "25-34", "35-44", "45-54", "55+"]
PLATFORM_SURVEI = ["instagram", "facebook", "tiktok", "x", "youtube", "whatsapp"]
FORMAT_SURVEI = ["foto", "karusel", "video_pendek", "video_panjang", "teks"]
# The 38 regencies and cities of East Java.
KABUPATEN_KOTA = [
    "Kab. Bangkalan", "Kab. Banyuwangi", "Kab. Blitar", "Kab. Bojonegoro", "Kab. Bondowoso",
    "Kab. Gresik", "Kab. Jember", "Kab. Jombang", "Kab. Kediri", "Kab. Lamongan",
    "Kab. Lumajang", "Kab. Madiun", "Kab. Magetan", "Kab. Malang", "Kab. Mojokerto",
    "Kab. Nganjuk", "Kab. Ngawi", "Kab. Pacitan", "Kab. Pamekasan", "Kab. Pasuruan",
    "Kab. Ponorogo", "Kab. Probolinggo", "Kab. Sampang", "Kab. Sidoarjo", "Kab. Situbondo",
    "Kab. Sumenep", "Kab. Trenggalek", "Kab. Tuban", "Kab. Tulungagung", "Kota Batu",
    "Kota Blitar", "Kota Kediri", "Kota Madiun", "Kota Malang", "Kota Mojokerto",
    "Kota Pasuruan", "Kota Probolinggo", "Kota Surabaya",
]  # fmt: skip

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def _col(dtype, description: str, satuan: str = "-", *checks, nullable=False, unique=False):
    return pa.Column(
        dtype,
        checks=list(checks),
        nullable=nullable,
        unique=unique,
        coerce=True,
        description=description,
        metadata={"satuan": satuan},
    )


def _count(description: str, satuan: str, nullable: bool = False) -> pa.Column:
    return _col(
        "Int64" if nullable else "int64",
        description,
        satuan,
        pa.Check.ge(0),
        nullable=nullable,
    )


AKUN = pa.DataFrameSchema(
    {
        "akun_id": _col(
            "str",
            "Kode akun, kunci untuk menggabungkan tabel.",
            "-",
            pa.Check.str_matches(r"^AK\d{2}$"),
            unique=True,
        ),
        "instansi": _col(
            "str", "Nama perangkat daerah Pemprov Jatim pemilik akun (nama asli, akunnya rekaan)."
        ),
        "platform": _col("str", "Platform media sosial.", "-", pa.Check.isin(PLATFORM)),
        "nama_akun": _col(
            "str", "Nama akun rekaan (bukan akun resmi).", "-", pa.Check.str_matches(r"^@contoh_")
        ),
        "tanggal_dibuat": _col("datetime64[us]", "Tanggal akun dibuka.", "tanggal"),
    },
    unique=["platform", "nama_akun"],
    strict=True,
    ordered=True,
    name="akun",
    description="Daftar akun resmi instansi (rekaan), satu baris per akun per platform.",
)

POSTING = pa.DataFrameSchema(
    {
        "posting_id": _col(
            "str", "Kode unggahan.", "-", pa.Check.str_matches(r"^P\d{6}$"), unique=True
        ),
        "akun_id": _col(
            "str", "Kode akun pengunggah (lihat akun.csv).", "-", pa.Check.str_matches(r"^AK\d{2}$")
        ),
        "platform": _col("str", "Platform tempat unggahan dimuat.", "-", pa.Check.isin(PLATFORM)),
        "waktu_unggah": _col(
            "datetime64[us]",
            "Waktu unggah dalam WIB (UTC+7), tanpa zona waktu.",
            "tanggal dan jam WIB",
        ),
        "format": _col("str", "Format konten.", "-", pa.Check.isin(FORMAT)),
        "lapisan": _col(
            "str", "Lapisan konten: inti, pendukung, atau pelengkap.", "-", pa.Check.isin(LAPISAN)
        ),
        "tujuan": _col(
            "str",
            "Tujuan konten dari sisi audiens: hiburan, informasi, atau lainnya.",
            "-",
            pa.Check.isin(TUJUAN),
        ),
        "topik": _col("str", "Pilar atau topik konten.", "-", pa.Check.isin(TOPIK)),
        "jangkauan": _count("Jumlah akun unik yang melihat unggahan (reach).", "akun"),
        "tayangan": _count("Berapa kali unggahan ditampilkan (impressions), >= jangkauan.", "kali"),
        "suka": _count("Jumlah suka (likes/reaksi).", "kali"),
        "komentar": _count("Jumlah komentar.", "kali"),
        "bagikan": _count("Jumlah dibagikan (shares/retweet).", "kali"),
        "simpan": _count("Jumlah disimpan (saves/bookmark).", "kali"),
        "tonton": _count(
            "Jumlah putaran video (views); kosong untuk unggahan bukan video.",
            "kali",
            nullable=True,
        ),
        "pengikut_saat_unggah": _count("Jumlah pengikut akun pada hari unggahan.", "akun"),
    },
    checks=[pa.Check(lambda df: df["tayangan"] >= df["jangkauan"], name="tayangan >= jangkauan")],
    strict=True,
    ordered=True,
    name="posting",
    description=(
        "Unggahan akun, Januari 2017 - Juni 2025, dengan metrik kinerjanya. Frekuensi unggah "
        "meniru tolok ukur sektor pemerintah (Hootsuite: sekitar 0,63 unggahan/hari di "
        "Facebook dan 1,01 di Instagram) tetapi diperkecil kira-kira separuhnya agar file "
        "tetap kecil."
    ),
)

PENGIKUT_HARIAN = pa.DataFrameSchema(
    {
        "akun_id": _col("str", "Kode akun.", "-", pa.Check.str_matches(r"^AK\d{2}$")),
        "tanggal": _col("datetime64[us]", "Tanggal (akhir hari, WIB).", "tanggal"),
        "pengikut": _count("Jumlah pengikut pada akhir hari.", "akun"),
        "bertambah": _count("Pengikut baru pada hari itu.", "akun"),
        "berkurang": _count("Pengikut yang berhenti mengikuti pada hari itu.", "akun"),
    },
    unique=["akun_id", "tanggal"],
    strict=True,
    ordered=True,
    name="pengikut_harian",
    description=(
        "Jumlah pengikut harian per akun. pengikut hari ini = pengikut kemarin + bertambah - "
        "berkurang."
    ),
)

KOMENTAR = pa.DataFrameSchema(
    {
        "komentar_id": _col(
            "str", "Kode komentar.", "-", pa.Check.str_matches(r"^K\d{6}$"), unique=True
        ),
        "posting_id": _col(
            "str",
            "Kode unggahan yang dikomentari (lihat posting.csv).",
            "-",
            pa.Check.str_matches(r"^P\d{6}$"),
        ),
        "akun_id": _col(
            "str", "Kode akun pemilik unggahan.", "-", pa.Check.str_matches(r"^AK\d{2}$")
        ),
        "waktu_komentar": _col(
            "datetime64[us]", "Waktu komentar dalam WIB.", "tanggal dan jam WIB"
        ),
        "teks": _col(
            "str", "Isi komentar (rekaan; ada kata bahasa Jawa dan Madura, negasi, dan sindiran)."
        ),
        "sentimen": _col(
            "str",
            "Label sentimen acuan (gold label) yang diberi manusia.",
            "-",
            pa.Check.isin(SENTIMEN),
        ),
        "kategori": _col("str", "Jenis komentar.", "-", pa.Check.isin(KATEGORI_KOMENTAR)),
        "dibalas": _col("bool", "Apakah admin akun membalas komentar ini."),
        "menit_balasan": _count(
            "Menit dari komentar sampai balasan admin; kosong bila tidak dibalas.",
            "menit",
            nullable=True,
        ),
    },
    checks=[
        pa.Check(
            lambda df: df["menit_balasan"].isna() == ~df["dibalas"],
            name="menit_balasan kosong tepat bila tidak dibalas",
        ),
    ],
    strict=True,
    ordered=True,
    name="komentar",
    description="Komentar warganet pada unggahan, Januari 2024 - Juni 2025, dengan label "
    "sentimen acuan dan data balasan admin.",
)

SURVEI_AUDIENS = pa.DataFrameSchema(
    {
        "responden_id": _col(
            "str", "Kode responden.", "-", pa.Check.str_matches(r"^R\d{4}$"), unique=True
        ),
        "kelompok_usia": _col(
            "str", "Kelompok usia responden.", "tahun", pa.Check.isin(KELOMPOK_USIA)
        ),
        "kabupaten_kota": _col(
            "str", "Kabupaten/kota domisili di Jawa Timur.", "-", pa.Check.isin(KABUPATEN_KOTA)
        ),
        "platform_utama": _col(
            "str",
            "Platform media sosial yang paling sering dipakai.",
            "-",
            pa.Check.isin(PLATFORM_SURVEI),
        ),
        "kebutuhan_utama": _col(
            "str", "Yang paling dicari di media sosial.", "-", pa.Check.isin(TUJUAN)
        ),
        "format_favorit": _col(
            "str", "Format konten yang paling disukai.", "-", pa.Check.isin(FORMAT_SURVEI)
        ),
    },
    strict=True,
    ordered=True,
    name="survei_audiens",
    description="Survei audiens rekaan (2024), satu baris per responden.",
)

KALENDER_KONTEN = pa.DataFrameSchema(
    {
        "akun_id": _col("str", "Kode akun.", "-", pa.Check.str_matches(r"^AK\d{2}$")),
        "minggu": _col("datetime64[us]", "Hari Senin awal minggu.", "tanggal"),
        "lapisan": _col("str", "Lapisan konten.", "-", pa.Check.isin(LAPISAN)),
        "rencana": _count("Jumlah unggahan yang direncanakan minggu itu.", "unggahan"),
        "realisasi": _count(
            "Jumlah unggahan yang benar-benar terbit minggu itu "
            "(sama dengan hitungan di posting.csv).",
            "unggahan",
        ),
    },
    unique=["akun_id", "minggu", "lapisan"],
    checks=[pa.Check(lambda df: df["minggu"].dt.day_of_week == 0, name="minggu jatuh pada Senin")],
    strict=True,
    ordered=True,
    name="kalender_konten",
    description="Kalender konten: rencana dan realisasi unggahan per akun per minggu per lapisan, "
    "Januari 2024 - Juni 2025.",
)

# File name (without .csv) -> schema, in the order the data dictionary lists them.
TABLES: dict[str, pa.DataFrameSchema] = {
    "akun": AKUN,
    "posting": POSTING,
    "pengikut_harian": PENGIKUT_HARIAN,
    "komentar": KOMENTAR,
    "survei_audiens": SURVEI_AUDIENS,
    "kalender_konten": KALENDER_KONTEN,
}

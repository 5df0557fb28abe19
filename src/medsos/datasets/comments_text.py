"""Comment texts for the synthetic comments table, written for the course.

Templates mix Indonesian with common Javanese (ora, durung, apik, suwun, matur nuwun,
mbulet, elek) and Madurese (sakalangkong, ta', bagus onggu) words, and include negation
("tidak membantu", "tidak buruk") and sarcasm ("Mantap, error lagi"), so that a simple
lexicon scorer makes the instructive mistakes module 04 analyses. The gold label is the
sentiment the template was written for. Neutral templates (questions, spam) and topic names
avoid words a lexicon scores (no "cepat" in spam, no "rusak" in a topic), so that the errors
left are the ones the lesson explains (negation, sarcasm, regional words), not labels no
word list could reach.
"""

from __future__ import annotations

import numpy as np

REPLY_PROBABILITY = {
    "keluhan": 0.72,
    "pertanyaan": 0.80,
    "apresiasi": 0.35,
    "spam": 0.0,
    "hoaks": 0.60,
}

TOPICS = [
    "perbaikan jalan", "bansos", "beasiswa", "PPDB", "honor guru", "layanan puskesmas",
    "banjir", "BPJS", "izin usaha", "sampah",
]  # fmt: skip
PLACES = [
    "Sidoarjo", "Gresik", "Jember", "Malang", "Madiun", "Sumenep", "Pamekasan", "Kediri",
    "Tuban", "Lamongan", "Bojonegoro", "Banyuwangi", "Ponorogo", "Surabaya",
]  # fmt: skip

# (category, template) per gold sentiment.
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "negatif": [
        ("keluhan", "Laporan soal {topik} di {tempat} sudah seminggu tidak ditanggapi."),
        ("keluhan", "Pelayanan {topik} lambat sekali, kecewa."),
        ("keluhan", "Info {topik} tidak jelas, warga jadi bingung."),
        ("keluhan", "Sudah lapor {topik} tapi belum ada tindak lanjut sama sekali."),
        ("keluhan", "Urusan {topik} kok mbulet banget, ora jelas alurnya."),
        ("keluhan", "Jawaban admin tidak membantu, masalah {topik} tetap sama."),
        ("keluhan", "{topik} di {tempat} durung beres, elek tenan."),
        ("keluhan", "Ta' jelas informasinya min, {topik} di {tempat} makin parah."),
        ("keluhan", "Mantap, sudah tiga kali lapor {topik} tetap diabaikan. Hebat."),
        ("keluhan", "Terima kasih lho jalannya berlubang, jadi olahraga tiap hari."),
        ("keluhan", "Wah keren, antre dari pagi urus {topik} baru dilayani sore."),
        ("keluhan", "Kenapa {topik} di {tempat} selalu terlambat? Parah."),
        ("hoaks", "Katanya dana {topik} dipotong, pemerintah tidak peduli warga."),
        ("hoaks", "Pejabatnya korupsi dana {topik}, jangan percaya."),
    ],
    "positif": [
        ("apresiasi", "Terima kasih infonya, sangat membantu."),
        ("apresiasi", "Matur nuwun min, pelayanan {topik} cepat."),
        ("apresiasi", "Sakalangkong, informasina bagus onggu."),
        ("apresiasi", "Mantap, {topik} di {tempat} sudah beres. Terima kasih."),
        ("apresiasi", "Apik tenan kontennya, jelas dan mudah dipahami."),
        ("apresiasi", "Pelayanannya tidak mengecewakan, cepat ditangani."),
        ("apresiasi", "Tidak buruk, sekarang urus {topik} lebih mudah."),
        ("apresiasi", "Suwun admin, respon cepat sekali."),
        ("apresiasi", "Salut untuk petugas {topik} di {tempat}, sigap."),
        ("apresiasi", "Bagus, semoga program {topik} terus berlanjut."),
        ("pertanyaan", "Terima kasih infonya min, kalau daftar {topik} di mana ya?"),
    ],
    "netral": [
        ("pertanyaan", "Min, pendaftaran {topik} sampai kapan?"),
        ("pertanyaan", "Syarat {topik} apa saja ya?"),
        ("pertanyaan", "Untuk warga {tempat} daftar {topik} di mana?"),
        ("pertanyaan", "Kapan jadwal {topik} dibuka lagi?"),
        ("pertanyaan", "Nomor pengaduan {topik} berapa min?"),
        ("pertanyaan", "Apakah {topik} bisa diurus online?"),
        ("pertanyaan", "Min, tanya soal {topik}, kantornya buka jam berapa?"),
        ("spam", "Promo pinjaman langsung cair tanpa jaminan, cek bio."),
        ("spam", "Follow balik ya kak, jual pulsa murah."),
        ("spam", "Cek akun saya untuk info lowongan kerja."),
        ("hoaks", "Katanya {topik} di {tempat} dihentikan bulan depan, benar?"),
        ("hoaks", "Beredar pesan berantai soal {topik}, itu resmi atau bukan?"),
    ],
}

# Comments during the planted crisis: the PPDB website outage.
CRISIS_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "negatif": [
        ("keluhan", "Website PPDB error dari pagi, tidak bisa daftar!"),
        ("keluhan", "Situs PPDB down terus, anak saya belum bisa daftar."),
        ("keluhan", "PPDB kacau, server tidak kuat. Kami harus bagaimana?"),
        ("keluhan", "Mantap, PPDB error lagi. Hebat sekali sistemnya."),
        ("keluhan", "Sudah begadang buka situs PPDB tetap gagal, ora iso mlebu."),
        ("keluhan", "Tidak ada penjelasan soal gangguan PPDB, orang tua panik."),
        ("keluhan", "Ta' bisa daftar PPDB, tolong diperpanjang jadwalnya."),
        ("hoaks", "Katanya kuota PPDB sudah dijual ke orang dalam."),
    ],
    "positif": [
        ("apresiasi", "Terima kasih sudah diperpanjang, PPDB sudah normal."),
        ("apresiasi", "Matur nuwun, akhirnya bisa daftar PPDB."),
    ],
    "netral": [
        ("pertanyaan", "Min, PPDB diperpanjang sampai kapan?"),
        ("pertanyaan", "Apakah pendaftaran PPDB bisa lewat sekolah langsung?"),
        ("hoaks", "Benar PPDB diulang dari awal?"),
    ],
}


def make(rng: np.random.Generator, sentiment: str, crisis: bool) -> tuple[str, str]:
    """Return ``(category, text)`` for a comment with the given gold sentiment."""
    templates = (CRISIS_TEMPLATES if crisis else TEMPLATES)[sentiment]
    category, template = templates[int(rng.integers(0, len(templates)))]
    topic = TOPICS[int(rng.integers(0, len(TOPICS)))]
    place = PLACES[int(rng.integers(0, len(PLACES)))]
    text = template.format(topik=topic, tempat=place)
    return category, text[0].upper() + text[1:]

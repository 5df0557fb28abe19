"""Generate the data dictionary from the schemas: ``datasets/README.md`` for the whole kit,
and ``data/KAMUS-DATA.md`` beside each assignment's tables (only the tables it uses, and
nothing that points outside the trainee's folder)."""

from __future__ import annotations

from collections.abc import Iterable

import pandera.pandas as pa

from medsos.datasets.schema import TABLES

HEADER = """\
# Dataset sintetis kursus

> **DATA SINTETIS — bukan data akun resmi.** Nama perangkat daerah Pemprov Jatim dipakai
> agar contoh terasa nyata, tetapi semua nama akun, unggahan, komentar, responden, dan
> angka di sini **rekaan**, dibuat oleh generator berbenih tetap di
> `src/medsos/datasets/generate.py` (`medsos datasets`). Menjalankannya ulang menghasilkan
> file yang sama persis, byte demi byte.

Semua file adalah CSV UTF-8 biasa (pemisah koma, baris pertama nama kolom) yang bisa
dibuka dengan `pd.read_csv` atau aplikasi lembar kerja. Tanggal ditulis `YYYY-MM-DD`;
waktu ditulis `YYYY-MM-DD HH:MM` dalam WIB (UTC+7). Sel kosong berarti nilai tidak ada.

Pola yang sengaja ditanam agar setiap latihan punya jawaban yang jelas (misalnya jangkauan
Facebook per pengikut turun setelah Januari 2018, atau krisis situs PPDB pada Juli 2024)
diukur ulang oleh `medsos datasets --check` dan diuji di `tests/test_datasets.py`.

Lisensi: dataset dan materi pelajaran CC BY 4.0 (lihat `LICENSE-CONTENT.md`); kode MIT
(lihat `LICENSE`).

*Halaman ini dibuat otomatis dari skema di `src/medsos/datasets/schema.py`; jangan
disunting dengan tangan. Jalankan `medsos datasets` untuk memperbaruinya.*
"""

FOLDER_FILE = "KAMUS-DATA.md"

FOLDER_HEADER = """\
# Kamus data tabel di folder ini

> **DATA SINTETIS — bukan data akun resmi.** Nama perangkat daerah Pemprov Jatim dipakai
> agar contoh terasa nyata, tetapi semua nama akun, unggahan, komentar, responden, dan
> angka di sini **rekaan**, dibuat untuk latihan kursus.

Semua file adalah CSV UTF-8 biasa (pemisah koma, baris pertama nama kolom) yang bisa
dibuka dengan `pd.read_csv` atau aplikasi lembar kerja. Tanggal ditulis `YYYY-MM-DD`;
waktu ditulis `YYYY-MM-DD HH:MM` dalam WIB (UTC+7). Sel kosong berarti nilai tidak ada.

Lisensi: CC BY 4.0.
"""

TYPE_NAMES = {
    "string[python]": "teks",
    "int64": "bilangan bulat",
    "Int64": "bilangan bulat (boleh kosong)",
    "bool": "benar/salah (True/False)",
    "datetime64[ns]": "tanggal/waktu",
}


def _allowed(column: pa.Column) -> str:
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            return ", ".join(f"`{v}`" for v in stats["allowed_values"])
        if check.name == "greater_than_or_equal_to":
            return f">= {stats['min_value']}"
        if check.name == "str_matches":
            return f"pola `{stats['pattern']}`"
    return ""


def render(tables: Iterable[str] | None = None, header: str = HEADER) -> str:
    """Return the Markdown text of the data dictionary of ``tables`` (names such as
    ``"posting"``; all tables when omitted), in schema order, under ``header``."""
    wanted = set(TABLES) if tables is None else set(tables)
    unknown = wanted - set(TABLES)
    if unknown:
        raise KeyError(f"no schema for {sorted(unknown)}")
    parts = [header]
    for name, schema in TABLES.items():
        if name not in wanted:
            continue
        parts.append(f"\n## `{name}.csv`\n\n{schema.description}\n")
        parts.append("| kolom | tipe | satuan | arti | nilai yang boleh |")
        parts.append("| --- | --- | --- | --- | --- |")
        for col_name, column in schema.columns.items():
            dtype = TYPE_NAMES.get(str(column.dtype), str(column.dtype))
            satuan = (column.metadata or {}).get("satuan", "-")
            allowed = _allowed(column)
            if column.unique:
                allowed = (allowed + "; " if allowed else "") + "unik"
            cells = [f"`{col_name}`", dtype, satuan, column.description, allowed]
            parts.append("| " + " | ".join(cells) + " |")
        if schema.unique:
            keys = ", ".join(f"`{k}`" for k in schema.unique)
            parts.append(f"\nSetiap kombinasi {keys} muncul sekali.")
    return "\n".join(parts) + "\n"


def render_folder(tables: Iterable[str]) -> str:
    """The data dictionary placed beside an assignment's tables."""
    return render(tables, FOLDER_HEADER)

"""Shared machinery of the export readers: decoding, CSV structure, numbers, dates, errors.

Every problem is an :class:`ImportProblem` whose message is Bahasa Indonesia for an agency
admin and names the file. Readers never return a partial table: they raise on the first
problem in a file, and :func:`medsos.impor.read_exports` collects the problems of every
file before it raises one :class:`ImportError_` listing them all.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import pandas as pd

# The two tables every reader fills, in the kit's names and units.
POST_COLUMNS = [
    "platform",
    "akun",
    "posting_id",
    "waktu_unggah",
    "jam_tersedia",
    "format",
    "judul",
    "tautan",
    "topik",
    "lapisan",
    "jangkauan",
    "tayangan",
    "tonton",
    "suka",
    "komentar",
    "bagikan",
    "simpan",
    "pengikut_baru",
    "masukan_negatif",
    "berkas",
]
DAILY_COLUMNS = [
    "platform",
    "akun",
    "tanggal",
    "pengikut",
    "bertambah",
    "berkurang",
    "jangkauan",
    "tayangan",
    "tonton",
    "kunjungan_profil",
    "interaksi",
]
POST_COUNTS = POST_COLUMNS[POST_COLUMNS.index("jangkauan") : POST_COLUMNS.index("berkas")]
DAILY_COUNTS = DAILY_COLUMNS[DAILY_COLUMNS.index("pengikut") :]

REEXPORT_HINT = (
    "Unduh ulang file aslinya dari platform dan pakai file itu apa adanya: jangan dibuka "
    "lalu disimpan dengan Excel (Excel mengubah pemisah kolom, angka, tanggal, dan encoding)."
)


class ImportProblem(Exception):
    """One file cannot be imported; ``str()`` is the message for the admin."""

    def __init__(self, file: str, message: str):
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


@dataclass
class Source:
    """One CSV-like table found in the inputs: where it came from and its decoded text."""

    name: str  # what the admin sees: "Content_x.zip/Content.csv" or "Aug-01-....csv"
    filename: str  # the file name of the member or file, without folders
    container: str  # the name of the downloaded file (the ZIP, or the CSV itself)
    text: str | None = None
    rows: list[list[str]] | None = None  # already split (XLSX)
    encoding: str = "utf-8"
    folder: str = ""  # the name of the folder holding the downloaded file
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- decoding


def decode(name: str, data: bytes) -> tuple[str, str]:
    """Decode a downloaded text file: UTF-8 (with or without BOM) or UTF-16 with BOM.

    Returns ``(text, encoding)``; raises :class:`ImportProblem` for empty files and for
    text in another encoding (Excel's "CSV" saves Windows-1252 on most laptops).
    """
    if not data.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise ImportProblem(name, "file kosong (0 baris data). Unduh ulang dari platformnya.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportProblem(
                name, "file UTF-16 ini rusak atau terpotong (jumlah byte ganjil). " + REEXPORT_HINT
            ) from None
    if b"\x00" in data[:200]:
        raise ImportProblem(
            name,
            "encoding file berubah: file tampak UTF-16 tetapi tanpa penanda (BOM). "
            + REEXPORT_HINT,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ImportProblem(
            name,
            f"encoding file berubah: byte ke-{err.start + 1} bukan UTF-8 (file ekspor asli "
            "selalu UTF-8 atau UTF-16; file ini kemungkinan disimpan ulang oleh Excel sebagai "
            "Windows-1252/ANSI). " + REEXPORT_HINT,
        ) from None
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    return text, encoding


def split_rows(source: Source) -> list[list[str]]:
    """Rows of a CSV source (strict quoting); detects truncation and Excel's semicolons."""
    if source.rows is not None:
        return source.rows
    text = source.text or ""
    first = text.split("\n", 1)[0]
    if first.count(";") > first.count(",") and first.count(";") >= 1:
        raise ImportProblem(
            source.name,
            "pemisah kolomnya titik koma (;), bukan koma: tanda file dibuka lalu disimpan "
            "ulang dengan Excel berbahasa Indonesia. " + REEXPORT_HINT,
        )
    if text.count('"') % 2:
        raise ImportProblem(
            source.name,
            "file terpotong: ada tanda kutip yang tidak ditutup (unduhan tidak selesai atau "
            "file dipotong). Unduh ulang file ini.",
        )
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as err:
        message = f"struktur CSV rusak ({err}). Unduh ulang file ini."
        raise ImportProblem(source.name, message) from None
    return [row for row in rows if any(cell.strip() for cell in row)]


def table(source: Source, header_row: int = 0) -> pd.DataFrame:
    """A source as a DataFrame of strings, header from ``header_row``; checks every row."""
    rows = split_rows(source)
    if len(rows) <= header_row:
        raise ImportProblem(source.name, "file kosong (tidak ada judul kolom).")
    header = [h.strip().lstrip("\ufeff") for h in rows[header_row]]
    body = rows[header_row + 1 :]
    if not body:
        raise ImportProblem(
            source.name,
            "file hanya berisi judul kolom, tanpa baris data. Periksa rentang tanggal yang "
            "dipilih saat mengunduh (mungkin tidak ada unggahan pada periode itu).",
        )
    for number, row in enumerate(body, start=header_row + 2):
        if len(row) != len(header):
            last = number == len(rows)
            what = (
                "file terpotong: baris terakhir tidak lengkap"
                if last and len(row) < len(header)
                else "jumlah kolom tidak sama dengan judul kolom"
            )
            raise ImportProblem(
                source.name,
                f"{what} (baris {number}: {len(row)} kolom, judul: {len(header)} kolom). "
                "Unduh ulang file ini.",
            )
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise ImportProblem(source.name, f"judul kolom ganda: {', '.join(duplicated)}.")
    return pd.DataFrame(body, columns=header, dtype="str")


def require(source: Source, df: pd.DataFrame, columns: list[str], what: str) -> None:
    """Raise unless every named column is present (names matter, never positions)."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ImportProblem(
            source.name,
            f"kolom wajib untuk {what} tidak ada: {', '.join(missing)}. Kolom yang ada: "
            f"{', '.join(df.columns[:12])}{' ...' if len(df.columns) > 12 else ''}.",
        )


# --------------------------------------------------------------------------- numbers

_MISSING = {"", "-", "--", "undefined", "null", "n/a", "na"}
_INT_PLAIN = re.compile(r"^-?\d+$")
_INT_THOUSANDS = {
    ",": re.compile(r"^-?\d{1,3}(,\d{3})+$"),
    ".": re.compile(r"^-?\d{1,3}(\.\d{3})+$"),
}
_DECIMAL = {".": re.compile(r"^-?\d+\.\d+$"), ",": re.compile(r"^-?\d+,\d+$")}


def counts(source: Source, values: pd.Series, column: str, decimal: str = ".") -> pd.Series:
    """Whole-number counts as nullable ``Int64``; ``undefined``/empty become missing.

    ``decimal`` is the export's decimal mark: thousands separators of the other kind are
    accepted (``12,400`` in English exports), a fraction in a count column is Excel damage.
    """
    thousands = "," if decimal == "." else "."
    out = []
    for number, raw in enumerate(values, start=2):
        text = str(raw).strip()
        if text.lower() in _MISSING:
            out.append(pd.NA)
        elif _INT_PLAIN.match(text):
            out.append(int(text))
        elif _INT_THOUSANDS[thousands].match(text):
            out.append(int(text.replace(thousands, "")))
        elif _DECIMAL[decimal].match(text) and float(text) == int(float(text)):
            out.append(int(float(text)))
        elif _DECIMAL[thousands].match(text):
            raise ImportProblem(
                source.name,
                f"kolom '{column}' berisi angka berkoma '{text}' (baris data ke-{number - 1}): "
                "jumlah harus bilangan bulat; angka desimal berkoma adalah tanda file diubah "
                "Excel. " + REEXPORT_HINT,
            )
        else:
            raise ImportProblem(
                source.name,
                f"kolom '{column}' berisi '{text}' (baris data ke-{number - 1}), bukan angka.",
            )
    return pd.array(out, dtype="Int64")


def decimals(source: Source, values: pd.Series, column: str, decimal: str = ".") -> pd.Series:
    """Decimal numbers (hours, percentages) as float; the wrong decimal mark is refused."""
    other = "," if decimal == "." else "."
    out = []
    for number, raw in enumerate(values, start=1):
        text = str(raw).strip()
        if text.lower() in _MISSING:
            out.append(float("nan"))
        elif _INT_PLAIN.match(text) or _DECIMAL[decimal].match(text):
            out.append(float(text.replace(decimal, ".")))
        elif _DECIMAL[other].match(text):
            raise ImportProblem(
                source.name,
                f"kolom '{column}' memakai tanda desimal '{other}' ('{text}', baris data ke-"
                f"{number}), padahal ekspor ini memakai '{decimal}': tanda file diubah Excel. "
                + REEXPORT_HINT,
            )
        else:
            raise ImportProblem(
                source.name,
                f"kolom '{column}' berisi '{text}' (baris data ke-{number}), bukan angka.",
            )
    return pd.Series(out, dtype="float64", index=values.index)


# --------------------------------------------------------------------------- dates


def dates(
    source: Source,
    values: pd.Series,
    column: str,
    fmt: str,
    example: str,
    pattern: str | None = None,
) -> pd.Series:
    """Parse every value with one exact format; a mismatch means the file was re-saved.

    ``pattern`` (a regular expression) also pins zero padding, which ``strptime`` forgives.
    """
    stripped = values.str.strip()
    parsed = pd.to_datetime(stripped, format=fmt, errors="coerce")
    wrong = parsed.isna()
    if pattern is not None:
        wrong |= ~stripped.str.match(pattern)
    bad = values[wrong]
    if len(bad):
        raise ImportProblem(
            source.name,
            f"tanggal di kolom '{column}' tidak berbentuk seperti ekspor asli (contoh asli: "
            f"'{example}', di file ini: '{bad.iloc[0]}'): tanggal diubah, biasanya oleh Excel. "
            + REEXPORT_HINT,
        )
    return parsed.astype("datetime64[us]")


INDONESIAN_MONTHS = {
    "januari": 1,
    "februari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "sep": 9,
    "okt": 10,
    "nov": 11,
    "des": 12,
}
ENGLISH_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# Month words that exist only in Indonesian: their presence marks an Indonesian interface.
ONLY_INDONESIAN_MONTHS = set(INDONESIAN_MONTHS) - set(ENGLISH_MONTHS)


def looks_indonesian(words: list[str], markers: set[str]) -> list[str]:
    """The header words (lower case) that are Indonesian interface words."""
    return [w for w in words if w.strip().lower() in markers]


def one_line(text: str, limit: int = 80) -> str:
    """The first line of an agency's own caption, shortened, with @mentions masked."""
    first = str(text or "").strip().split("\n", 1)[0].strip()
    first = re.sub(r"@\w+", "@…", first)
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


POST_TYPES = {
    **dict.fromkeys(POST_COUNTS, "Int64"),
    **dict.fromkeys(["platform", "akun", "posting_id", "format", "judul", "tautan"], "str"),
    **dict.fromkeys(["topik", "lapisan", "berkas"], "str"),
    "waktu_unggah": "datetime64[us]",
    "jam_tersedia": "bool",
}
DAILY_TYPES = {
    **dict.fromkeys(DAILY_COUNTS, "Int64"),
    "platform": "str",
    "akun": "str",
    "tanggal": "datetime64[us]",
}


def _filled(rows: dict[str, object], n: int, types: dict[str, str]) -> pd.DataFrame:
    """A table with every column of ``types`` (missing ones empty), values from ``rows``."""
    df = pd.DataFrame(index=range(n))
    for column, dtype in types.items():
        if column in rows:
            value = rows[column]
            df[column] = value.to_numpy() if isinstance(value, pd.Series) else value
        else:
            df[column] = pd.Series([pd.NA] * n, dtype="Int64" if dtype == "Int64" else "str")
    return df


def _typed(df: pd.DataFrame, columns: list[str], types: dict[str, str]) -> pd.DataFrame:
    df = df[columns].copy()
    for column in columns:
        df[column] = df[column].astype(types[column])
    return df


def posts_frame(rows: dict[str, object], n: int) -> pd.DataFrame:
    """A posts table with every kit column (missing ones empty) in the kit's order."""
    return normalise_posts(_filled(rows, n, POST_TYPES))


def normalise_posts(df: pd.DataFrame) -> pd.DataFrame:
    return _typed(df, POST_COLUMNS, POST_TYPES)


def daily_frame(rows: dict[str, object], n: int) -> pd.DataFrame:
    """A daily table with every kit column (missing ones empty) in the kit's order."""
    return normalise_daily(_filled(rows, n, DAILY_TYPES))


def normalise_daily(df: pd.DataFrame) -> pd.DataFrame:
    return _typed(df, DAILY_COLUMNS, DAILY_TYPES)

"""The class roster: the list of trainees a training centre already keeps (NIP, nama, instansi).

One reader for the classroom server (accounts), the grade exports and the cohort report, so
every part of the kit names a trainee the same way. The file is the CSV or XLSX an instructor
already has, typed by hand or exported from a spreadsheet:

- columns matched by name, case and spaces ignored, with the usual Indonesian variants
  (``NIP``; ``Nama``/``Nama lengkap``; ``Instansi``/``Unit kerja``/``OPD``/``Perangkat
  daerah``; ``Email``/``E-mail``/``Surel`` optional; ``Login``/``Username`` optional);
- CSV in UTF-8 (with or without BOM) or the Windows code page Excel writes, comma- or
  semicolon-separated (Excel in an Indonesian locale writes semicolons);
- XLSX: a NIP typed as a number has already lost its last digits inside Excel (18 digits do
  not fit a spreadsheet number), so such a cell is refused with the fix to make.

Every problem in the file is reported at once, in Bahasa Indonesia, with its line number
(:class:`RosterError`); nothing is half-read.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

# A login name that is safe everywhere it is used: a Unix account, a JupyterHub user, an
# nbgrader student id (never a glob pattern), a folder name.
SAFE_LOGIN = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# Prefix of the login made from a NIP (a login must not start with a digit).
LOGIN_PREFIX = "asn"
NIP_DIGITS = 18

COLUMNS = ("login", "nip", "nama", "instansi", "email")
_ALIASES = {
    "nip": {"nip", "nomorindukpegawai", "nip18digit", "nipbaru"},
    "nama": {"nama", "namalengkap", "name", "namapeserta"},
    "instansi": {"instansi", "unitkerja", "opd", "perangkatdaerah", "satuankerja", "dinas"},
    "email": {"email", "e-mail", "surel", "alamatemail", "alamatsurel"},
    "login": {"login", "username", "namapengguna", "akun"},
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RosterError(ValueError):
    """The roster file cannot be used as it is (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Peserta:
    """One trainee of the class."""

    login: str
    nip: str
    nama: str
    instansi: str
    email: str | None = None


def login_for(nip: str) -> str:
    """The login name made from an 18-digit NIP (``asn`` followed by the digits)."""
    return LOGIN_PREFIX + nip


def read_roster(path: str | Path) -> list[Peserta]:
    """Read a roster file (CSV or XLSX) into trainees, in file order.

    Raises :class:`RosterError` listing every problem found, each with its line number.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"File daftar peserta {path} tidak ditemukan.")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        rows, problems = _read_xlsx(path)
    elif suffix in {".csv", ".txt"}:
        rows, problems = _read_csv(path)
    elif suffix == ".xls":
        raise RosterError(
            f"File {path.name} berformat Excel lama (.xls). Buka di Excel lalu simpan sebagai "
            "'Excel Workbook (*.xlsx)' atau 'CSV UTF-8', kemudian ulangi."
        )
    else:
        raise RosterError(
            f"File {path.name} bukan CSV atau XLSX. Simpan daftar peserta sebagai .csv atau .xlsx."
        )
    if not problems:
        trainees, problems = _to_trainees(rows)
    if problems:
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... dan {len(problems) - 20} masalah lain." if len(problems) > 20 else ""
        raise RosterError(
            f"Daftar peserta {path.name} belum dapat dipakai ({len(problems)} masalah):\n"
            f"{shown}{more}\nPerbaiki filenya lalu jalankan perintahnya lagi."
        )
    return trainees


def roster_frame(path: str | Path) -> pd.DataFrame:
    """The roster as a table with columns ``login, nip, nama, instansi, email`` (text)."""
    trainees = read_roster(path)
    frame = pd.DataFrame([asdict(t) for t in trainees], columns=list(COLUMNS))
    return frame.astype({c: "str" for c in COLUMNS if c != "email"})


def write_roster(trainees: list[Peserta], path: str | Path) -> None:
    """Write trainees as a UTF-8 CSV roster that :func:`read_roster` reads back."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIP", "Nama", "Instansi", "Email", "Login"])
        for t in trainees:
            writer.writerow([t.nip, t.nama, t.instansi, t.email or "", t.login])


# A row as read: {field: text}, plus the line number in the file (header is line 1).
_Row = tuple[int, dict[str, str]]


def _header_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Map the kit's field names to column positions, from the header's names."""
    found: dict[str, int] = {}
    problems = []
    for position, name in enumerate(header):
        key = re.sub(r"[\s_.]+", "", str(name or "").strip().lower())
        for field, aliases in _ALIASES.items():
            if key in aliases:
                if field in found:
                    problems.append(f"baris 1: kolom '{field}' muncul dua kali.")
                found[field] = position
    missing = [f for f in ("nama", "instansi") if f not in found]
    if "nip" not in found and "login" not in found:
        missing.insert(0, "nip")
    if missing:
        shown = ", ".join(str(h) for h in header if str(h or "").strip()) or "(kosong)"
        problems.append(
            f"baris 1: kolom {', '.join(missing)} tidak ada. Baris pertama harus berisi judul "
            f"kolom NIP, Nama, Instansi (Email boleh ada); yang tertulis: {shown}."
        )
    return found, problems


def _rows(records: list[list[str]], start_line: int = 1) -> tuple[list[_Row], list[str]]:
    """Turn a header and records into rows keyed by field, skipping empty records."""
    if not records:
        return [], ["file kosong: tidak ada judul kolom maupun peserta."]
    columns, problems = _header_map(records[0])
    if problems:
        return [], problems
    rows = []
    for offset, record in enumerate(records[1:], start=1):
        if not any(str(v).strip() for v in record):
            continue
        values = {
            field: (str(record[pos]).strip() if pos < len(record) else "")
            for field, pos in columns.items()
        }
        rows.append((start_line + offset, values))
    if not rows:
        problems.append("file hanya berisi judul kolom, belum ada peserta.")
    return rows, problems


def _read_csv(path: Path) -> tuple[list[_Row], list[str]]:
    text = _decode(path.read_bytes())
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if first.count("\t") > max(first.count(";"), first.count(",")):
        delimiter = "\t"
    records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return _rows(records)


def _decode(raw: bytes) -> str:
    """Text of a CSV file in the encodings spreadsheets write (UTF-16, UTF-8, Windows)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV (Comma delimited)" on Windows: the ANSI code page; latin-1 never fails.
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def _read_xlsx(path: Path) -> tuple[list[_Row], list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged file
        return [], [f"file {path.name} tidak dapat dibuka sebagai XLSX (rusak atau bukan XLSX)."]
    sheet = workbook.worksheets[0]
    records: list[list[str]] = []
    problems: list[str] = []
    nip_column: int | None = None
    for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = ["" if v is None else v for v in cells]
        if line == 1:
            header, _ = _header_map([str(v) for v in values])
            nip_column = header.get("nip")
        elif nip_column is not None and nip_column < len(values):
            nip = values[nip_column]
            if isinstance(nip, int | float) and not isinstance(nip, bool):
                problems.append(
                    f"baris {line}: NIP tersimpan sebagai angka di Excel ({nip:.0f}), sehingga "
                    "digit terakhirnya bisa sudah berubah. Format kolom NIP sebagai Teks, "
                    "ketik ulang NIP-nya, lalu simpan lagi."
                )
        records.append([_cell_text(v) for v in values])
    workbook.close()
    rows, more = _rows(records)
    return rows, problems + more


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _to_trainees(rows: list[_Row]) -> tuple[list[Peserta], list[str]]:
    trainees: list[Peserta] = []
    problems: list[str] = []
    seen_nip: dict[str, int] = {}
    seen_login: dict[str, int] = {}
    for line, values in rows:
        nip = re.sub(r"[\s.\-']", "", values.get("nip", ""))
        nama = " ".join(values.get("nama", "").split())
        instansi = " ".join(values.get("instansi", "").split())
        email = values.get("email", "").strip() or None
        login = values.get("login", "").strip().lower()
        row_problems = []
        if nip and not (nip.isdigit() and len(nip) == NIP_DIGITS):
            row_problems.append(
                f"baris {line}: NIP '{values.get('nip')}' harus {NIP_DIGITS} angka "
                f"(tertulis {sum(ch.isdigit() for ch in nip)} angka)."
            )
        if not nip and not login:
            row_problems.append(f"baris {line}: NIP kosong (atau isi kolom Login).")
        if not nama:
            row_problems.append(f"baris {line}: nama kosong.")
        if not instansi:
            row_problems.append(f"baris {line}: instansi kosong.")
        if email and not _EMAIL.match(email):
            row_problems.append(f"baris {line}: alamat email '{email}' tidak lengkap.")
        if not login and not row_problems:
            login = login_for(nip)
        if login and not SAFE_LOGIN.match(login):
            row_problems.append(
                f"baris {line}: login '{login}' tidak dapat dipakai. Login harus diawali huruf "
                "kecil dan hanya berisi huruf kecil, angka atau garis bawah (paling panjang 32)."
            )
        if nip and nip in seen_nip:
            row_problems.append(f"baris {line}: NIP {nip} sudah ada di baris {seen_nip[nip]}.")
        if login and login in seen_login:
            row_problems.append(
                f"baris {line}: login {login} sudah dipakai di baris {seen_login[login]}."
            )
        if row_problems:
            problems.extend(row_problems)
            continue
        if nip:
            seen_nip[nip] = line
        seen_login[login] = line
        trainees.append(Peserta(login=login, nip=nip, nama=nama, instansi=instansi, email=email))
    return trainees, problems

"""Writing, reading and validating the dataset files, with errors in Bahasa Indonesia."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from medsos.datasets.schema import DATE_FORMAT, DATETIME_FORMAT, TABLES

# Columns written as dates without a time part; other datetime columns keep HH:MM.
DATE_ONLY = {"tanggal_dibuat", "tanggal", "minggu"}


class DatasetError(ValueError):
    """A dataset file is missing or does not match its schema (message in Bahasa Indonesia)."""


def write_table(df: pd.DataFrame, path: Path) -> None:
    """Write one table as plain UTF-8 CSV with fixed formats (byte-identical on rerun)."""
    out = df.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            fmt = DATE_FORMAT if column in DATE_ONLY else DATETIME_FORMAT
            out[column] = out[column].dt.strftime(fmt)
        elif pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: "True", False: "False"})
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate a table against its schema; return it with the schema's dtypes.

    Raises :class:`DatasetError` listing up to ten failing checks in Bahasa Indonesia.
    """
    schema = TABLES[name]
    try:
        return schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        lines = []
        for row in cases.head(10).itertuples(index=False):
            where = f"kolom '{row.column}'" if row.column else "tabel"
            index = "" if pd.isna(row.index) else f", baris {int(row.index) + 2} file CSV"
            lines.append(f"  - {where}{index}: gagal cek '{row.check}' (nilai: {row.failure_case})")
        more = "" if len(cases) <= 10 else f"\n  ... dan {len(cases) - 10} kesalahan lain."
        raise DatasetError(
            f"Tabel '{name}' tidak sesuai skema ({len(cases)} kesalahan):\n"
            + "\n".join(lines)
            + more
        ) from None


def load_table(name: str, folder: Path) -> pd.DataFrame:
    """Read ``folder/<name>.csv`` and validate it; errors in Bahasa Indonesia."""
    if name not in TABLES:
        raise DatasetError(f"Tabel '{name}' tidak dikenal. Tabel yang ada: {', '.join(TABLES)}.")
    path = Path(folder) / f"{name}.csv"
    if not path.is_file():
        raise DatasetError(
            f"File {path} tidak ditemukan. Jalankan 'medsos datasets' untuk membuatnya."
        )
    try:
        df = pd.read_csv(path, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise DatasetError(f"File {path} tidak bisa dibaca sebagai CSV UTF-8: {err}") from None
    return validate(name, df)


def load_all(folder: Path) -> dict[str, pd.DataFrame]:
    """Read and validate every table in ``folder``."""
    return {name: load_table(name, folder) for name in TABLES}

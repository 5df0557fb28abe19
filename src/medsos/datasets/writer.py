"""Write the datasets and the data dictionary; summarise what is there."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from medsos.datasets.dictionary import render
from medsos.datasets.generate import SEED, generate_all
from medsos.datasets.io import load_all, validate, write_table
from medsos.datasets.patterns import PATTERNS

DICTIONARY_FILE = "README.md"
SIZE_LIMIT_BYTES = 10_000_000


def regenerate(folder: Path, seed: int = SEED) -> list[Path]:
    """Generate, validate and write every table plus the data dictionary into ``folder``."""
    folder = Path(folder)
    written = []
    for name, df in generate_all(seed).items():
        validate(name, df)
        path = folder / f"{name}.csv"
        write_table(df, path)
        written.append(path)
    dictionary = folder / DICTIONARY_FILE
    dictionary.write_text(render(), encoding="utf-8")
    written.append(dictionary)
    return written


def _period(df: pd.DataFrame) -> str:
    for column in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[column]):
            return f"{df[column].min():%d-%m-%Y} s.d. {df[column].max():%d-%m-%Y}"
    return "-"


def summary(folder: Path) -> tuple[str, bool]:
    """Validate the files in ``folder``; return a Bahasa Indonesia summary and whether every
    planted pattern was found."""
    folder = Path(folder)
    tables = load_all(folder)
    total = sum((folder / f"{name}.csv").stat().st_size for name in tables)
    lines = ["Dataset sintetis (DATA SINTETIS - bukan data akun resmi)", ""]
    lines.append(f"{'tabel':<18}{'baris':>9}  periode")
    for name, df in tables.items():
        lines.append(f"{name:<18}{len(df):>9,}  {_period(df)}".replace(",", "."))
    lines.append(f"Ukuran total: {total / 1e6:.1f} MB (batas {SIZE_LIMIT_BYTES / 1e6:.1f} MB)")
    lines += ["", "Pola yang ditanam:"]
    all_ok = total <= SIZE_LIMIT_BYTES
    for pattern in PATTERNS:
        value, ok = pattern.check(tables)
        all_ok &= ok
        mark = "ada" if ok else "TIDAK DITEMUKAN"
        lines.append(
            f"  [{mark}] {pattern.label}: {value:.2f}{pattern.unit} "
            f"(rentang {pattern.low:g}-{pattern.high:g})"
        )
    return "\n".join(lines), all_ok

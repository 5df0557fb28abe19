"""``medsos datasets``: regenerate, validate and summarise the sample datasets."""

from __future__ import annotations

import sys
from pathlib import Path

from medsos.datasets.io import DatasetError
from medsos.datasets.writer import regenerate, summary


def default_folder() -> Path:
    from medsos import course_root

    return course_root() / "datasets"


def run(check_only: bool = False, output: str | None = None) -> int:
    folder = Path(output) if output else default_folder()
    if not check_only:
        files = regenerate(folder)
        print(f"Menulis {len(files)} file ke {folder}")
    try:
        text, ok = summary(folder)
    except DatasetError as err:
        print(f"GAGAL: {err}", file=sys.stderr)
        return 1
    print(text)
    if not ok:
        print("GAGAL: ada pola yang tidak ditemukan atau ukuran melebihi batas.", file=sys.stderr)
        return 1
    return 0

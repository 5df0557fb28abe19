"""Notebooks quote JupyterLab's menus and buttons exactly as the trainee's screen shows them.

A bold menu path (``**Kernel → Mulai Ulang Kernel dan Jalankan Semua Sel…**``) must name
labels of the kit's language pack or of the Tugas extension, and no bold quote may be an
English JupyterLab or nbgrader label that the screen no longer shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from medsos.lab import bahasa

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "src/jupyterlab_language_pack_id_ID/locale/id_ID/LC_MESSAGES/jupyterlab.po"
EXTENSION = ROOT / "labextension/src/index.js"
# Labels of the Tugas extension (each must appear in its source).
KIT_LABELS = {
    "Tugas",
    "Ambil",
    "Buka",
    "Periksa",
    "Kumpulkan",
    "Umpan balik",
    "Muat ulang daftar",
    "Buka Panel Tugas",
    "Periksa Notebook Ini",
}
# nbgrader's trainee labels (its lab extension has no translations; the kit disables it).
NBGRADER_ENGLISH = {"Validate", "Assignments", "Assignment List", "Submit", "Fetch"}
PREFIXES = ("tombol ", "menu ", "panel ")
NOTEBOOKS = sorted(
    [ROOT / "source/header.ipynb", *ROOT.glob("source/*/*.ipynb"), *ROOT.glob("release/*/*.ipynb")]
)


def _labels():
    on_screen, english, menus = set(KIT_LABELS), set(NBGRADER_ENGLISH), {"Tugas"}
    for message in bahasa.read_catalog(PACK):
        if not message.id or isinstance(message.id, tuple):
            continue
        on_screen.add(message.string)
        if message.string != message.id:
            english.add(message.id)
        if message.context == "menu":
            menus.add(message.string)
            english.add(message.id)
    return on_screen, english - on_screen, menus


ON_SCREEN, ENGLISH, MENU_BAR = _labels()


def _quotes(path: Path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for match in re.finditer(r"\*\*(.+?)\*\*", cell.source, flags=re.S):
                yield " ".join(match.group(1).split())


def _label(text: str) -> str:
    lowered = text.lower()
    for prefix in PREFIXES:
        if lowered.startswith(prefix):
            return text[len(prefix) :]
    return text


def test_kit_labels_are_the_extensions():
    source = EXTENSION.read_text(encoding="utf-8")
    missing = [label for label in KIT_LABELS if f"'{label}'" not in source]
    assert not missing


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_quotes_menus_as_on_screen(path):
    wrong = []
    for quote in _quotes(path):
        parts = [_label(part.strip()) for part in quote.split("→")]
        if len(parts) > 1 and (parts[0] in MENU_BAR or parts[0] in ENGLISH):
            wrong += [f"{quote!r}: {part!r}" for part in parts if part not in ON_SCREEN]
        elif len(parts) == 1 and parts[0] in ENGLISH:
            wrong.append(f"{quote!r} (Inggris, tidak ada di layar)")
    assert not wrong, wrong


def test_the_check_catches_old_quotes():
    old = ["Kernel → Restart Kernel and Run All Cells", "Validate", "Assignments"]
    assert all(_label(q) in ENGLISH or q.split(" → ")[1] not in ON_SCREEN for q in old)
    assert "Mulai Ulang Kernel dan Jalankan Semua Sel…" in ON_SCREEN and "Kernel" in MENU_BAR

"""``medsos lab``: JupyterLab on the course, with the interface in Bahasa Indonesia.

The language is a settings *override* (the default that a user's own choice in
Settings -> Language still beats), written into JupyterLab's application settings folder of
this environment, ``<app dir>/settings/overrides.d/``, which jupyterlab_server merges with
``overrides.json``; the kit never touches a user's own ``overrides.json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from medsos import course_root

LOCALE = "id_ID"
OVERRIDE_FILE = "medsos-bahasa-indonesia.json"
LOCALE_OVERRIDE = {"@jupyterlab/translation-extension:plugin": {"locale": LOCALE}}


def settings_dir() -> Path:
    """JupyterLab's application settings folder for this Python environment."""
    from jupyterlab.commands import get_app_dir

    return Path(get_app_dir()) / "settings"


def write_locale_override(folder: Path | None = None) -> Path:
    """Write the Bahasa Indonesia override into ``folder/overrides.d/`` and return its path."""
    target = (Path(folder) if folder else settings_dir()) / "overrides.d" / OVERRIDE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(LOCALE_OVERRIDE, indent=2) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def lab_command(root: Path, start_in: str = "release", extra: list[str] | None = None) -> list[str]:
    """The ``jupyter lab`` command line: course root as server root, browser opened on
    ``start_in``; ``--allow-root`` only when running as root."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{start_in}" if start_in else "--LabApp.default_url=/lab",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command + list(extra or [])


def run(start_in: str = "release", extra: list[str] | None = None) -> int:
    """Start JupyterLab from the course folder (so nbgrader finds nbgrader_config.py)."""
    root = course_root()
    if start_in and not (root / start_in).is_dir():
        print(f"GAGAL: folder {start_in}/ tidak ada di {root}")
        return 1
    override = write_locale_override()
    print(f"Tampilan JupyterLab berbahasa Indonesia (pengaturan bawaan di {override}).")
    opened = root / start_in if start_in else root
    print(f"Membuka JupyterLab pada {opened} ... (Ctrl+C untuk berhenti)")
    command = lab_command(root, start_in, extra)
    os.chdir(root)
    if os.name == "posix":  # become JupyterLab, so Ctrl+C and kill reach it directly
        os.execv(command[0], command)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0

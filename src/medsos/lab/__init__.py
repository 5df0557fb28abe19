"""The trainee's JupyterLab: ``medsos lab``, the kit's Jupyter files and their installation.

What a plain ``pip install`` of the kit puts into the environment (wheel data files, listed in
``pyproject.toml``; :data:`JUPYTER_FILES` maps each to its source in the repository):

- the language pack ``jupyterlab_language_pack_id_ID`` (a package of the kit, see
  :mod:`medsos.lab.bahasa`) and the settings *override* that selects it and turns off the news
  feed and update check (the defaults that a user's own choice in Settings still beats):
  ``<app dir>/settings/overrides.d/``, merged by jupyterlab_server with ``overrides.json``,
  so the kit never touches a user's own ``overrides.json``;
- the server extension :mod:`medsos.lab.server` (the Tugas panel's handlers) and LabApp
  settings (no news URL, no update check): ``etc/jupyter/jupyter_server_config.d/``;
- page config ``etc/jupyter/labconfig/page_config.d/``: disables nbgrader's untranslated
  trainee screens (assignment list, course list, Validate button, Nbgrader menu), which the
  Tugas panel replaces, the extension manager (it queries PyPI) and the news plugin;
- the prebuilt Tugas extension ``share/jupyter/labextensions/@medsos/tugas``.

An editable install (``make``) gets no wheel data files, so :func:`install_jupyter_files`
copies the same files into the environment (the Makefile's install step and ``medsos lab``
call it).
"""

from __future__ import annotations

import contextlib
import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from medsos import course_root

LOCALE = "id_ID"
OVERRIDE_FILE = "medsos-bahasa-indonesia.json"
LOCALE_OVERRIDE = {
    "@jupyterlab/translation-extension:plugin": {"locale": LOCALE},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
EXTENSION_NAME = "@medsos/tugas"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
BUNDLE_DIR = PACKAGE_DIR / "labextension"
# Source in the repository (relative to its root) -> folder under sys.prefix; the same
# pairs as [tool.setuptools.data-files] in pyproject.toml (a test compares them).
JUPYTER_FILES = {
    "jupyter-config/server/medsos-asn-jatim.json": "etc/jupyter/jupyter_server_config.d",
    "jupyter-config/labconfig/medsos-asn-jatim.json": "etc/jupyter/labconfig/page_config.d",
    "jupyter-config/settings/medsos-bahasa-indonesia.json": (
        "share/jupyter/lab/settings/overrides.d"
    ),
    "src/medsos/labextension/package.json": "share/jupyter/labextensions/@medsos/tugas",
    "src/medsos/labextension/static/*": "share/jupyter/labextensions/@medsos/tugas/static",
}


def _source_tree() -> Path | None:
    """The repository root when the kit runs from its source tree (editable install)."""
    root = PACKAGE_DIR.parents[1]
    in_tree = (root / "pyproject.toml").is_file() and (root / "jupyter-config").is_dir()
    return root if in_tree else None


def bundle_lock(root: Path, exclusive: bool) -> contextlib.AbstractContextManager[bool]:
    """Hold ``labextension/.bundle.lock`` in ``root``: exclusively while the bundle in
    ``src/medsos/labextension/`` is rebuilt (removed, then written again), shared while it is
    copied. Without it a copy made mid-rebuild (``medsos lab``, ``medsos hub siapkan``, the
    test suite's workers) sees an empty bundle and prunes the installed one."""
    from medsos.posix import file_lock

    return file_lock(root / "labextension" / ".bundle.lock", exclusive)


def install_jupyter_files(prefix: Path | None = None) -> list[Path]:
    """Copy the kit's Jupyter files into ``prefix`` (default: this environment) when running
    from a source tree; a wheel install already has them. Stale bundle files are removed.
    Returns the files written."""
    root = _source_tree()
    if root is None:
        return []
    with bundle_lock(root, exclusive=False):
        return _copy_jupyter_files(root, Path(prefix or sys.prefix))


def _copy_jupyter_files(root: Path, prefix: Path) -> list[Path]:
    written = []
    static = prefix / JUPYTER_FILES["src/medsos/labextension/static/*"]
    wanted = {p.name for p in (root / "src/medsos/labextension/static").glob("*")}
    if static.is_dir():
        for old in static.iterdir():
            if old.name not in wanted:
                old.unlink()
    for pattern, target in JUPYTER_FILES.items():
        for source in sorted(root.glob(pattern)):
            destination = prefix / target / source.name
            if destination.is_file() and filecmp.cmp(source, destination, shallow=False):
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            written.append(destination)
    return written


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
    install_jupyter_files()
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

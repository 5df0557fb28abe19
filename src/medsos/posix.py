"""What of the kit needs a POSIX system, and what it says where that is missing (Windows).

Self-study (``medsos lab``, ``mandiri.py``, ``medsos periksa``) runs anywhere Python runs. The
class grader (``medsos grade``: a course lock with ``fcntl``, worker processes, the
bubblewrap sandbox of Linux) and the classroom server (``medsos hub``: Unix accounts,
JupyterHub) do not run on Windows; asked for there, they stop with one of the messages below
instead of an ``ImportError``. Modules import ``fcntl``, ``resource``, ``pwd`` and ``grp``
only inside the functions that use them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

# POSIX-only standard modules the class grader and the server need.
POSIX_MODULES = ("fcntl", "resource", "pwd", "grp")
_SYSTEMS = {"win32": "Windows", "cygwin": "Windows", "darwin": "macOS"}


def missing_modules() -> list[str]:
    """The POSIX-only standard modules this Python lacks (all of them on Windows)."""
    missing = []
    for name in POSIX_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # a module set to None in sys.modules
            found = False
        if not found:
            missing.append(name)
    return missing


def system_name() -> str:
    """This computer's system as a trainee names it (``Windows``, ``macOS``, ``Linux``)."""
    if sys.platform.startswith("linux"):
        missing = missing_modules()
        return "Linux" if not missing else f"Python tanpa modul {', '.join(missing)}"
    return _SYSTEMS.get(sys.platform, sys.platform)


def grader_unavailable() -> str:
    """Why ``medsos grade`` cannot run here (Bahasa Indonesia)."""
    return (
        f"Penilaian kelas (medsos grade) tidak dapat berjalan di komputer ini "
        f"({system_name()}): penilaian paralel dan sandbox penilaian hanya ada di Linux "
        "(server kelas). Nilai kiriman peserta di server kelas. Untuk memeriksa notebook "
        "Anda sendiri di komputer ini, pakai: medsos periksa <notebook>"
    )


def server_unavailable(exc: ImportError) -> str:
    """Why ``medsos hub`` cannot run here: not a Linux server, or its packages are missing."""
    if missing_modules() or not sys.platform.startswith("linux"):
        return (
            f"Server kelas (medsos hub) hanya berjalan di server Linux (akun pengguna Linux, "
            f"JupyterHub); komputer ini {system_name()}. Untuk belajar mandiri di komputer ini "
            "cukup buka JupyterLab (py mandiri.py di Windows, python3 mandiri.py di macOS atau "
            "Linux) dan periksa jawaban dengan medsos periksa <notebook>."
        )
    return (
        f"Paket server kelas belum terpasang (modul {exc.name or '?'} tidak ada). Di server "
        "Linux, pasang kit dengan paket server: pip install -c constraints.txt -e '.[hub]'"
    )


@contextlib.contextmanager
def file_lock(path: Path, exclusive: bool = True) -> Iterator[bool]:
    """Hold an advisory ``flock`` on ``path`` (created if need be) between processes:
    exclusive for a writer, shared for readers. Yields whether a lock is held: not on
    Windows (no ``fcntl``) nor where this user cannot create the file, where the kit has no
    concurrent writers to guard against."""
    try:
        import fcntl
    except ImportError:
        yield False
        return
    try:
        handle = open(path, "a+b")  # noqa: SIM115
    except OSError:
        yield False
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

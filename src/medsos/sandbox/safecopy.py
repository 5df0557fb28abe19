"""Trainee ids and submission folders, checked and copied without ever following a link.

A trainee can write into their own folder of the exchange inbound after submitting. Whatever
they plant there (a symbolic link to the gradebook, to ``/etc/shadow``, to ``source/``; a
named pipe; a hard link) must never make the grading side read a file on their behalf.
:func:`copy_submission` walks the folder through directory file descriptors (``openat`` with
``O_NOFOLLOW``), so a link swapped in during the copy is refused too, and writes into a
temporary sibling that replaces the destination in one step: a submission is either fully
collected or not at all.

:func:`unsafe_id_reason` refuses ids that nbgrader would treat as glob patterns (``*``,
``[hj]ujur``) or as paths; ids that pass contain no glob character, so nbgrader matches
them only with themselves.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import re
import shutil
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Letters, digits and . _ @ -, starting with a letter or digit (JupyterHub user names, NIP).
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MAX_FILES = 2000
CHUNK = 1 << 20
# POSIX flags (absent on Windows, where only unsafe_entries walks, by path).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW
_FILE_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NOFOLLOW


def _walks_by_descriptor() -> bool:
    """Whether this system opens files relative to a directory descriptor (not Windows)."""
    return (
        hasattr(os, "O_DIRECTORY")
        and {os.open, os.stat} <= os.supports_dir_fd
        and os.scandir in os.supports_fd
    )


class UnsafeSubmission(Exception):
    """A submission that is not copied or graded; ``str()`` is the reason in Indonesian."""


def shown_id(student_id: str) -> str:
    """``student_id`` fit to print: invisible and control characters shown as ``\\u....``."""
    out = []
    for char in student_id[:80]:
        if unicodedata.category(char)[0] in "CZ" and char != " ":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out) + ("..." if len(student_id) > 80 else "")


def unsafe_id_reason(student_id: str) -> str | None:
    """``None`` for a plain safe id, else why it is refused (Bahasa Indonesia)."""
    if SAFE_ID.fullmatch(student_id):
        return None
    return (
        f"ID peserta '{shown_id(student_id)}' ditolak: ID hanya boleh berisi huruf, angka, "
        "titik, garis bawah, @ dan tanda hubung (diawali huruf atau angka, paling panjang "
        "64 karakter). Kiriman ini tidak diambil dan tidak dinilai; periksa akun peserta "
        "tersebut."
    )


def links_reason(paths: Iterable[str]) -> str:
    """The reason given for a submission holding links or special files."""
    shown = ", ".join(f"'{shown_id(p)}'" for p in sorted(paths)[:5])
    return (
        f"Kiriman berisi tautan simbolik atau berkas khusus ({shown}). Tautan tidak pernah "
        "diikuti: kiriman ini tidak diambil dan tidak dinilai. Minta peserta mengumpulkan "
        "ulang dari tab Assignments tanpa mengubah folder kiriman."
    )


@dataclass
class CopyRules:
    """What is left out of a copy: nbgrader's ``CourseDirectory`` ignore/include/sizes."""

    ignore: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=lambda: ["*"])
    max_file_kb: int | None = None
    max_dir_kb: int | None = None
    file_mode: int = 0o640
    dir_mode: int = 0o750

    def skips(self, name: str, is_dir: bool) -> bool:
        if any(fnmatch.fnmatch(name, pattern) for pattern in self.ignore):
            return True
        return not is_dir and not any(fnmatch.fnmatch(name, p) for p in self.include)


def _problem(rel: str, info: os.stat_result) -> str | None:
    """Why an entry is refused (None for a plain directory or a single-linked file)."""
    if stat.S_ISLNK(info.st_mode):
        return rel
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return rel  # fifo, socket, device: opening a pipe would block the collect
    if info.st_nlink > 1:
        return rel  # a hard link shares another file's content
    return None


@dataclass
class _Walk:
    rules: CopyRules
    problems: list[str] = field(default_factory=list)
    files: int = 0
    size: int = 0

    def run(self, dir_fd: int | str, rel: str, dest: str | None) -> None:
        """Walk the folder ``dir_fd``: a descriptor, or (no ``openat``: Windows, and then
        ``dest`` is None) a path."""
        with os.scandir(dir_fd) as entries:
            names = sorted(entry.name for entry in entries)
        for name in names:
            path = f"{rel}/{name}" if rel else name
            try:
                if isinstance(dir_fd, str):
                    info = os.lstat(os.path.join(dir_fd, name))
                else:
                    info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            except FileNotFoundError:
                continue  # removed meanwhile
            problem = _problem(path, info)
            if problem is not None:
                self.problems.append(problem)
                continue
            is_dir = stat.S_ISDIR(info.st_mode)
            if self.rules.skips(name, is_dir):
                continue
            if is_dir and isinstance(dir_fd, str):
                self.run(os.path.join(dir_fd, name), path, None)
            elif is_dir:
                try:
                    child = os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
                except OSError:
                    self.problems.append(path)  # swapped for a link meanwhile
                    continue
                try:
                    target = None
                    if dest is not None and not self.problems:
                        target = os.path.join(dest, name)
                        os.mkdir(target, self.rules.dir_mode)
                    self.run(child, path, target)
                finally:
                    os.close(child)
            else:
                self._file(dir_fd, name, path, info, dest)

    def _file(self, dir_fd: int, name: str, path: str, info: os.stat_result, dest: str | None):
        limit = self.rules.max_file_kb
        if limit is not None and info.st_size > limit * 1000:
            return  # nbgrader's max_file_size: left out, as nbgrader's own copy does
        self.files += 1
        self.size += info.st_size
        if self.files > MAX_FILES:
            raise UnsafeSubmission(
                f"Kiriman berisi lebih dari {MAX_FILES} berkas; tidak diambil dan tidak dinilai."
            )
        max_dir = self.rules.max_dir_kb
        if max_dir is not None and self.size > max_dir * 1000:
            raise UnsafeSubmission(
                f"Ukuran kiriman melebihi batas {max_dir} KB; tidak diambil dan tidak dinilai. "
                "Minta peserta menghapus berkas besar dari folder tugas lalu mengumpulkan ulang."
            )
        if dest is None or self.problems:
            return
        try:
            src = os.open(name, _FILE_FLAGS, dir_fd=dir_fd)
        except OSError:
            self.problems.append(path)
            return
        try:
            now = os.fstat(src)
            if _problem(path, now) is not None or (now.st_dev, now.st_ino) != (
                info.st_dev,
                info.st_ino,
            ):
                self.problems.append(path)
                return
            out = os.open(
                os.path.join(dest, name),
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW,
                self.rules.file_mode,
            )
            try:
                while chunk := os.read(src, CHUNK):
                    os.write(out, chunk)
            finally:
                os.close(out)
            os.utime(os.path.join(dest, name), ns=(now.st_atime_ns, now.st_mtime_ns))
        finally:
            os.close(src)


def _open_root(src: Path) -> int:
    try:
        return os.open(src, _DIR_FLAGS)
    except OSError as exc:
        raise UnsafeSubmission(links_reason(["."])) from exc


def unsafe_entries(src: Path, rules: CopyRules | None = None) -> list[str]:
    """Relative paths of every link or special file under ``src`` (never followed).

    Without directory descriptors (Windows) the walk goes by path, checking each entry
    without following it; only a process racing the walk could slip a link past it there.
    """
    walk = _Walk(rules or CopyRules(ignore=[]))
    if not _walks_by_descriptor():
        if os.path.islink(src) or not os.path.isdir(src):
            raise UnsafeSubmission(links_reason(["."]))
        walk.run(str(src), "", None)
        return walk.problems
    fd = _open_root(Path(src))
    try:
        walk.run(fd, "", None)
    finally:
        os.close(fd)
    return walk.problems


def copy_submission(src: Path, dest: Path, rules: CopyRules | None = None) -> None:
    """Copy the folder ``src`` to ``dest`` (replaced as a whole), refusing links.

    Raises :class:`UnsafeSubmission` (``dest`` untouched) when ``src`` holds a symbolic
    link, a hard link or a special file, or is too large. Files are created with
    ``rules.file_mode``, folders with ``rules.dir_mode``, whatever the trainee set.
    """
    rules = rules or CopyRules()
    src, dest = Path(src), Path(dest)
    fd = _open_root(src)
    made_parent = not dest.parent.exists()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(f"{dest}.medsos-salin-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    os.mkdir(tmp, rules.dir_mode)
    try:
        walk = _Walk(rules)
        walk.run(fd, "", str(tmp))
        if walk.problems:
            raise UnsafeSubmission(links_reason(walk.problems))
        os.chmod(tmp, rules.dir_mode)
        old = Path(f"{dest}.medsos-lama-{os.getpid()}")
        if dest.exists() or dest.is_symlink():
            os.replace(dest, old)
        os.replace(tmp, dest)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if made_parent:
            with contextlib.suppress(OSError):
                dest.parent.rmdir()
        raise
    finally:
        os.close(fd)


def remove_links(folder: Path) -> list[str]:
    """Delete every symbolic link or special file under ``folder`` (an instructor's copy);
    return their relative paths. Nothing is followed."""
    found = unsafe_entries(folder)
    for rel in found:
        with contextlib.suppress(OSError):
            path = Path(folder) / rel
            if path.is_symlink() or not path.is_dir():
                path.unlink()
    return found

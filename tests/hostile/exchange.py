"""Trainees who submit through nbgrader's real exchange, then tamper with their inbound folder.

A trainee on a shared JupyterHub owns their folder in the exchange inbound and can change it
after ``nbgrader submit``; :func:`plant` does what such a trainee does there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange import ExchangeFactory
from nbgrader.utils import capture_log
from traitlets.config import Config

COURSE_ID = "medsos-asn-jatim"


def submit(exchange: Path, home: Path, assignment: str, student: str, notebooks: dict) -> Path:
    """``nbgrader submit`` of ``home/<assignment>`` holding ``notebooks`` (name -> notebook);
    returns the submission's folder in the inbound."""
    work = home / assignment
    work.mkdir(parents=True, exist_ok=True)
    for name, nb in notebooks.items():
        nbformat.write(nb, work / f"{name}.ipynb")
    c = Config()
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.root = str(home)
    c.Exchange.root = str(exchange)
    c.Exchange.assignment_dir = str(home)
    c.Exchange.cache = str(home / ".cache-nbgrader")
    coursedir = CourseDirectory(config=c)
    coursedir.assignment_id = assignment
    coursedir.student_id = student
    inbound = exchange / COURSE_ID / "inbound"
    before = set(inbound.iterdir()) if inbound.is_dir() else set()
    app = ExchangeFactory(config=c).Submit(
        coursedir=coursedir, authenticator=Authenticator(config=c), config=c
    )
    result = capture_log(app)
    assert result["success"], result.get("error") or result.get("log")
    (folder,) = set(inbound.iterdir()) - before
    return folder


def plant(folder: Path, links: dict[str, str]) -> None:
    """Replace or add entries of a submitted folder with symbolic links (relative path ->
    target); the target may be missing (a dangling link)."""
    for rel, target in links.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        os.symlink(target, path)


def forge(exchange: Path, student: str, assignment: str, like: Path) -> Path:
    """An inbound folder made by hand, named for ``student`` (any text), copying ``like``."""
    name = f"{student}+{assignment}+2026-01-05 10:30:00.000000 UTC+palsu"
    folder = exchange / COURSE_ID / "inbound" / name
    shutil.copytree(like, folder)
    return folder
